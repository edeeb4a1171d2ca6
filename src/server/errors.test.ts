import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Writable } from 'node:stream'
import { sql } from 'kysely'
import { buildApp } from './app.js'
import { createTestDb, testConfig, type TestDb } from '../test/harness.js'
import type { FastifyInstance } from 'fastify'

let testDb: TestDb
let app: FastifyInstance
const logLines: string[] = []

beforeAll(async () => {
  testDb = await createTestDb()
  const stream = new Writable({
    write(chunk, _enc, cb) {
      logLines.push(String(chunk))
      cb()
    },
  })
  app = await buildApp({ config: testConfig({ logLevel: 'info' }), database: testDb.database, webRoot: null, logStream: stream })
  // routes that exist only in this test, to drive the error handler
  app.get('/api/test/boom', async () => {
    throw new Error('secret internals: password=hunter2 at /srv/app.ts:42')
  })
  app.get('/api/test/duplicate', async () => {
    await sql`INSERT INTO region (code, name, level) VALUES ('98', '重复', 1)`.execute(app.deps.db)
    await sql`INSERT INTO region (code, name, level) VALUES ('98', '重复', 1)`.execute(app.deps.db)
    return {}
  })
  app.get('/api/test/fk', async () => {
    await sql`INSERT INTO region (code, name, level, parent_code) VALUES ('9801', '孤儿', 2, '97')`.execute(app.deps.db)
    return {}
  })
  await app.ready()
})
afterAll(async () => {
  await app.close()
  await testDb.drop()
})

describe('the error handler', () => {
  it('hides the details of an unexpected error behind a 500 with the request id, and logs them', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/test/boom', headers: { 'x-request-id': 'boom-1' } })
    expect(r.statusCode).toBe(500)
    expect(r.json()).toEqual({ error: { code: 'INTERNAL_ERROR', message: expect.stringContaining('boom-1') } })
    expect(r.body).not.toMatch(/secret|hunter2|app\.ts/)
    const logged = logLines.find((l) => l.includes('boom-1') && l.includes('secret internals'))
    expect(logged).toBeDefined()
  })

  it('maps a unique violation to 409 CONFLICT and a missing reference to 409', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/test/duplicate' })
    expect(r.statusCode).toBe(409)
    expect(r.json().error.code).toBe('CONFLICT')
    const fk = await app.inject({ method: 'GET', url: '/api/test/fk' })
    expect(fk.statusCode).toBe(409)
    expect(fk.json().error.code).toBe('REFERENCE_CONFLICT')
  })

  it('answers an unknown API path with 404 NOT_FOUND in the standard shape', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/no/such/thing' })
    expect(r.statusCode).toBe(404)
    expect(r.json().error.code).toBe('NOT_FOUND')
  })

  it('answers malformed JSON with 400 INVALID_JSON and an unsupported body type with 415', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' })
    expect(r.statusCode).toBe(400)
    expect(r.json().error.code).toBe('INVALID_JSON')
    const x = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/xml' }, payload: '<a/>' })
    expect(x.statusCode).toBe(415)
    expect(x.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE')
  })

  it('names the missing field of an invalid body in Chinese', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin' } })
    expect(r.statusCode).toBe(400)
    expect(r.json().error).toEqual({ code: 'VALIDATION_ERROR', message: expect.stringContaining('password') })
    expect(r.json().error.message).toContain('缺少')
  })
})

describe('HTTP hygiene', () => {
  it('sends security headers and echoes a request id', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/health' })
    expect(r.headers['x-content-type-options']).toBe('nosniff')
    expect(r.headers['content-security-policy']).toContain("default-src 'self'")
    expect(r.headers['x-frame-options']).toBeDefined()
    expect(r.headers['x-request-id']).toBeTruthy()
  })

  it('sends the whole security header set on a public route, on its 400 and on an unknown path', async () => {
    const expected = {
      'content-security-policy':
        "default-src 'self';base-uri 'self';font-src 'self' data:;form-action 'self';frame-ancestors 'self';img-src 'self' data: blob:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';connect-src 'self'",
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'origin-agent-cluster': '?1',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-frame-options': 'SAMEORIGIN',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
    }
    for (const url of ['/api/progress?number=NO-SUCH&phone=13900000000', '/api/progress', '/api/no/such/thing']) {
      const r = await app.inject({ method: 'GET', url })
      expect(r.statusCode).toBeGreaterThanOrEqual(400)
      expect(r.headers).toMatchObject(expected)
      // no HSTS (TLS ends at the proxy), no COEP (the web app loads its own assets), no X-Powered-By
      for (const absent of ['strict-transport-security', 'cross-origin-embedder-policy', 'x-powered-by']) expect(r.headers[absent]).toBeUndefined()
    }
  })

  it('keeps ID numbers, phone numbers and passwords out of the logs', async () => {
    logLines.length = 0
    await app.inject({ method: 'GET', url: '/api/no-such?idNumber=11010519491231002X&phone=13912345678' })
    await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: '11010519491231002X', password: 'Hunter2password' } })
    app.log.info({ idNumber: '11010519491231002X', note: '申请人 13912345678 身份证 11010519491231002X', password: 'Hunter2password' }, 'applicant 11010519491231002X')
    const text = logLines.join('')
    expect(text).toContain('110105********002X')
    const access = logLines.map((l) => JSON.parse(l)).filter((l) => l.req?.url?.startsWith('/api/no-such'))
    expect(access).toHaveLength(1) // one access-log line per request
    expect(access[0].msg).toBe('request completed')
    expect(access[0].res).toEqual({ statusCode: 404 })
    expect(access[0].req).toEqual({ method: 'GET', url: '/api/no-such?idNumber=110105********002X&phone=139****5678', ip: '127.0.0.1' })
    expect(text).not.toContain('11010519491231002X')
    expect(text).not.toContain('13912345678')
    expect(text).not.toContain('Hunter2password')
  })

  it('masks secrets carried by a logged error and by headers, at any depth', async () => {
    logLines.length = 0
    const err = Object.assign(new Error('login failed'), { password: 'Hunter2password', username: 'li' })
    app.log.error({ err, request: { headers: { cookie: 'ow_sid=abcdef0123456789', authorization: 'Basic c2VjcmV0' } }, form: { account: { newPassword: 'Hunter3password' } } }, 'failed')
    const line = JSON.parse(logLines.join(''))
    expect(line.err).toMatchObject({ type: 'Error', message: 'login failed', password: '[REDACTED]', username: 'li' })
    expect(line.err.stack).toContain('login failed')
    expect(line.request.headers).toEqual({ cookie: '[REDACTED]', authorization: '[REDACTED]' })
    expect(line.form.account.newPassword).toBe('[REDACTED]')
    expect(err.password).toBe('Hunter2password') // the error itself is left as it was
  })
})

describe('the API description', () => {
  it('covers every route at /api/openapi.json', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/openapi.json' })
    expect(r.statusCode).toBe(200)
    const spec = r.json() as { openapi: string; paths: Record<string, Record<string, unknown>> }
    expect(spec.openapi).toMatch(/^3\./)
    const missing = app.routeList
      .filter((rt) => rt.url.startsWith('/api/') && !rt.url.startsWith('/api/test/') && !rt.hidden)
      .filter((rt) => {
        const p = rt.url.replace(/:(\w+)/g, '{$1}')
        return !spec.paths[p]?.[rt.method.toLowerCase()]
      })
      .map((rt) => `${rt.method} ${rt.url}`)
    expect(missing).toEqual([])
    expect(Object.keys(spec.paths).length).toBeGreaterThan(5)
  })
})
