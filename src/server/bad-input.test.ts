/**
 * Every route refuses bad input with a 4xx and a code, anonymous or as the system administrator:
 * never a 500, never a stack trace. Routes are taken from the live OpenAPI description, so a route
 * added later is covered without editing this test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, ADMIN_PASSWORD, type TestApp } from '../test/harness.js'

let t: TestApp
let admin: string
beforeAll(async () => {
  t = await createTestApp()
  admin = await t.login('admin', ADMIN_PASSWORD)
})
afterAll(() => t.close())

const BAD_BODIES: unknown[] = [{}, [], 'text', { id: 'x', name: 12345, date: '2026-02-30', code: null, kind: '？？', page: -1 }, { password: 1 }]
const BAD_PARAM_VALUES = ['0', '-1', 'abc', '2026-02-30', '99999999999999999999', "'; DROP TABLE audit_record; --", '%00']

interface Op {
  method: string
  url: string
  params: string[]
}

async function operations(): Promise<Op[]> {
  const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> }
  const ops: Op[] = []
  for (const [p, methods] of Object.entries(spec.paths)) {
    for (const m of Object.keys(methods)) {
      if (p === '/api/auth/logout') continue // logging out is not bad input
      ops.push({ method: m.toUpperCase(), url: p, params: [...p.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!) })
    }
  }
  return ops
}

function fill(url: string, value: string): string {
  return url.replace(/\{\w+\}/g, encodeURIComponent(value))
}

describe('bad input on every route', () => {
  it('is answered with a 4xx and an error code, never a 5xx', async () => {
    const ops = await operations()
    expect(ops.length).toBeGreaterThan(5)
    const failures: string[] = []
    for (const op of ops) {
      for (const cookie of [undefined, admin]) {
        const tries: { url: string; payload?: unknown }[] = []
        if (op.method === 'GET' || op.method === 'DELETE') {
          for (const v of BAD_PARAM_VALUES) {
            const url = fill(op.url, v)
            tries.push({ url: `${url}?from=${encodeURIComponent(v)}&to=${encodeURIComponent(v)}&days=${encodeURIComponent(v)}&page=${encodeURIComponent(v)}&year=${encodeURIComponent(v)}&month=${encodeURIComponent(v)}&region=${encodeURIComponent(v)}&parent=${encodeURIComponent(v)}` })
          }
        } else {
          for (const body of BAD_BODIES) tries.push({ url: fill(op.url, op.params.length ? 'abc' : ''), payload: body })
          for (const v of BAD_PARAM_VALUES) tries.push({ url: fill(op.url, v), payload: BAD_BODIES[3] })
        }
        for (const tr of tries) {
          const r = await t.app.inject({
            method: op.method as 'GET',
            url: tr.url,
            headers: cookie ? { cookie } : {},
            ...(tr.payload !== undefined ? { payload: tr.payload as object } : {}),
          })
          const label = `${op.method} ${tr.url} ${JSON.stringify(tr.payload ?? '')} as ${cookie ? 'admin' : 'anonymous'}`
          if (r.statusCode >= 500) {
            failures.push(`${label} → ${r.statusCode} ${r.body.slice(0, 200)}`)
            continue
          }
          if (r.statusCode >= 400) {
            const body = r.json() as { error?: { code?: string; message?: string } }
            if (!body.error?.code || !/^[A-Z][A-Z0-9_]*$/.test(body.error.code) || !body.error.message) failures.push(`${label} → ${r.statusCode} without {error:{code,message}}: ${r.body.slice(0, 200)}`)
            if (/at \S+\.(ts|js):\d+/.test(r.body)) failures.push(`${label} leaks a stack trace`)
          }
        }
      }
    }
    expect(failures).toEqual([])
  }, 180_000)
})
