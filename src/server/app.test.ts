import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, ADMIN_PASSWORD } from '../test/harness.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

describe('the server', () => {
  it('answers health with the database kind', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/health' })
    expect(r.statusCode).toBe(200)
    expect(r.json()).toEqual({ status: 'ok', db: process.env.DATABASE_URL ? 'postgres' : 'pglite' })
  })

  it('lets admin log in with ADMIN_PASSWORD', async () => {
    const cookie = await t.login('admin', ADMIN_PASSWORD)
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })
    expect(me.statusCode).toBe(200)
    expect(me.json().user.grants[0].role).toBe('system_admin')
  })
})
