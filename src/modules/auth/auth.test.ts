import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestApp, cookieOf, makeStaff, uniq, ADMIN_PASSWORD, type TestApp } from '../../test/harness.js'
import { creditCodeCheckChar, idCheckDigit } from '../../shared/identity.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ config: { loginMaxFailures: 3, loginLockMinutes: 10 } })
})
afterAll(() => t.close())

let n = 100
function validId(birth = '19900307'): string {
  const body = `371402${birth}${String(++n).padStart(3, '0')}`
  return body + idCheckDigit(body)
}
function validCreditCode(): string {
  const body = `91371402MA${String(++n).padStart(6, '0')}${'3'}`
  return body + creditCodeCheckChar(body)
}
let phoneSeq = 0
function phone(): string {
  return `139${String(process.pid % 10000).padStart(4, '0')}${String(++phoneSeq).padStart(4, '0')}`
}
const register = (payload: object) => t.app.inject({ method: 'POST', url: '/api/auth/register', payload })
const count = async (table: 'user_account' | 'audit_record') =>
  Number((await sql<{ n: number }>`select count(*)::int8 as n from ${sql.table(table)}`.execute(t.deps.db)).rows[0]!.n)

describe('applicant registration', () => {
  it('registers a natural person whose ID number passes GB 11643, who can then log in by ID number', async () => {
    const idNumber = validId()
    const r = await register({ kind: 'person', name: '王小明', idNumber, phone: phone(), password: 'Secret123' })
    expect(r.statusCode).toBe(201)
    expect(r.json().user).toMatchObject({ kind: 'applicant', applicantKind: 'person', displayName: '王小明', username: idNumber })
    const cookie = await t.login(idNumber, 'Secret123')
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })
    expect(me.json().user.grants).toEqual([{ role: 'applicant', unitId: null, unitName: null, regionCode: null }])
  })

  it('registers an enterprise with a valid credit code, which can log in by credit code or phone', async () => {
    const creditCode = validCreditCode()
    const p = phone()
    const r = await register({ kind: 'enterprise', name: '德州测试科技有限公司', creditCode, legalRepresentative: '李四', phone: p, password: 'Secret123' })
    expect(r.statusCode).toBe(201)
    await t.login(creditCode.toLowerCase(), 'Secret123')
    await t.login(p, 'Secret123')
  })

  it.each([
    ['a wrong check digit', (id: string) => id.slice(0, 17) + (id[17] === '1' ? '2' : '1')],
    ['an impossible birth date', () => { const b = '37140219910230001'; return b + idCheckDigit(b) }],
    ['a wrong length', (id: string) => id.slice(0, 16)],
  ])('refuses an ID number with %s as INVALID_ID_NUMBER and writes nothing', async (_why, make) => {
    const before = [await count('user_account'), await count('audit_record')]
    const r = await register({ kind: 'person', name: '赵六', idNumber: make(validId()), phone: phone(), password: 'Secret123' })
    expect(r.statusCode).toBe(400)
    expect(r.json().error.code).toBe('INVALID_ID_NUMBER')
    expect([await count('user_account'), await count('audit_record')]).toEqual(before)
  })

  it('refuses a credit code with a wrong check character or a forbidden letter as INVALID_CREDIT_CODE', async () => {
    const good = validCreditCode()
    const bad = good.slice(0, 17) + (good[17] === 'A' ? 'B' : 'A')
    for (const creditCode of [bad, good.slice(0, 10) + 'O' + good.slice(11)]) {
      const r = await register({ kind: 'enterprise', name: '某某公司', creditCode, legalRepresentative: '李四', phone: phone(), password: 'Secret123' })
      expect(r.statusCode).toBe(400)
      expect(r.json().error.code).toBe('INVALID_CREDIT_CODE')
    }
  })

  it('allows one account per ID number (409 ALREADY_REGISTERED), also when typed with a lower-case x or spaces', async () => {
    let idNumber = validId()
    while (!idNumber.endsWith('X')) idNumber = validId()
    expect((await register({ kind: 'person', name: '钱七', idNumber, phone: phone(), password: 'Secret123' })).statusCode).toBe(201)
    const again = await register({ kind: 'person', name: '钱七', idNumber: ` ${idNumber.toLowerCase()} `, phone: phone(), password: 'Secret123' })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.code).toBe('ALREADY_REGISTERED')
  })

  it('refuses a bad phone, a weak password and a missing field with clear codes', async () => {
    const bad = [
      [{ kind: 'person', name: '孙八', idNumber: validId(), phone: '12345', password: 'Secret123' }, 'INVALID_PHONE'],
      [{ kind: 'person', name: '孙八', idNumber: validId(), phone: phone(), password: 'short' }, 'WEAK_PASSWORD'],
      [{ kind: 'person', name: '孙八', idNumber: validId(), phone: phone(), password: 'onlyletters' }, 'WEAK_PASSWORD'],
      [{ kind: 'person', name: '孙八', phone: phone(), password: 'Secret123' }, 'VALIDATION_ERROR'],
      [{ kind: 'robot', name: '孙八', phone: phone(), password: 'Secret123' }, 'VALIDATION_ERROR'],
    ] as const
    for (const [payload, code] of bad) {
      const r = await register(payload)
      expect(r.statusCode, JSON.stringify(payload)).toBe(400)
      expect(r.json().error.code).toBe(code)
      expect(typeof r.json().error.message).toBe('string')
    }
  })
})

describe('staff login and sessions', () => {
  it('keeps sessions in the database, so another server instance accepts the same cookie', async () => {
    const cookie = await t.login('admin', ADMIN_PASSWORD)
    const other = await createTestApp({ testDb: t.testDb, database: await t.testDb.openAnother() })
    try {
      const me = await other.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })
      expect(me.statusCode).toBe(200)
      expect(me.json().user.username).toBe('admin')
    } finally {
      await other.close()
    }
  })

  it('ends the session on logout', async () => {
    const cookie = await t.login('admin', ADMIN_PASSWORD)
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode).toBe(200)
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })
    expect(me.statusCode).toBe(401)
    expect(me.json().error.code).toBe('UNAUTHENTICATED')
  })

  it('expires an idle session after SESSION_TTL_HOURS', async () => {
    const cookie = await t.login('admin', ADMIN_PASSWORD)
    const start = t.clock.now()
    t.clock.advance(13 * 3600_000)
    try {
      expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401)
    } finally {
      t.clock.set(start)
    }
  })

  it('locks an account after repeated wrong passwords, even for the right one, until the lock expires', async () => {
    const s = await makeStaff(t.deps, { role: 'window_staff' })
    const attempt = (password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: s.username, password } })
    expect((await attempt('wrong1')).json().error.code).toBe('INVALID_CREDENTIALS')
    expect((await attempt('wrong2')).json().error.code).toBe('INVALID_CREDENTIALS')
    const third = await attempt('wrong3')
    expect(third.statusCode).toBe(423)
    expect(third.json().error.code).toBe('ACCOUNT_LOCKED')
    expect((await attempt(s.password)).statusCode).toBe(423)
    const start = t.clock.now()
    t.clock.advance(11 * 60_000)
    try {
      expect((await attempt(s.password)).statusCode).toBe(200)
    } finally {
      t.clock.set(start)
    }
    const trail = await t.deps.db.selectFrom('audit_record').select('action').where('target_id', '=', String(s.id)).orderBy('id').execute()
    expect(trail.map((r) => r.action)).toEqual(['test.staff.create', 'auth.login.failed', 'auth.login.failed', 'auth.account.locked', 'auth.login'])
  })

  it('lets an admin reset a locked account to a temporary password that must be changed', async () => {
    const s = await makeStaff(t.deps, { role: 'reviewer' })
    for (const p of ['x1', 'x2', 'x3']) await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: s.username, password: p } })
    const admin = await t.login('admin', ADMIN_PASSWORD)
    const reset = await t.app.inject({ method: 'POST', url: `/api/auth/accounts/${s.id}/reset-password`, headers: { cookie: admin }, payload: {} })
    expect(reset.statusCode).toBe(200)
    const temp = reset.json().temporaryPassword as string
    const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: s.username, password: temp } })
    expect(r.statusCode).toBe(200)
    expect(r.json().user.mustChangePassword).toBe(true)
    const cookie = cookieOf(r)
    const change = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie }, payload: { currentPassword: temp, newPassword: 'NewPass2026' } })
    expect(change.statusCode).toBe(200)
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })
    expect(me.json().user.mustChangePassword).toBe(false)
    await t.login(s.username, 'NewPass2026')
  })

  it('refuses a reset by someone who is not an administrator, and answers 404 for an unknown account', async () => {
    const s = await makeStaff(t.deps, { role: 'window_staff' })
    const cookie = await t.login(s.username, s.password)
    const r = await t.app.inject({ method: 'POST', url: `/api/auth/accounts/${s.id}/reset-password`, headers: { cookie }, payload: {} })
    expect(r.statusCode).toBe(403)
    const admin = await t.login('admin', ADMIN_PASSWORD)
    const missing = await t.app.inject({ method: 'POST', url: `/api/auth/accounts/999999/reset-password`, headers: { cookie: admin }, payload: {} })
    expect(missing.statusCode).toBe(404)
  })

  it('changes a password only with the right current one, and signs out other devices', async () => {
    const s = await makeStaff(t.deps, { role: 'supervisor' })
    const c1 = await t.login(s.username, s.password)
    const c2 = await t.login(s.username, s.password)
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie: c1 }, payload: { currentPassword: 'nope', newPassword: 'Another123' } })
    expect(wrong.json().error.code).toBe('WRONG_PASSWORD')
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie: c1 }, payload: { currentPassword: s.password, newPassword: 'Another123' } })
    expect(ok.statusCode).toBe(200)
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: c1 } })).statusCode).toBe(200)
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: c2 } })).statusCode).toBe(401)
  })

  it('refuses a mutation whose Origin is another site', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: 'https://evil.example', host: 'localhost' }, payload: { username: 'admin', password: ADMIN_PASSWORD } })
    expect(r.statusCode).toBe(403)
    expect(r.json().error.code).toBe('CROSS_SITE_REQUEST')
  })
})

describe('login rate limiting', () => {
  it('answers 429 in the standard error shape after too many login attempts from one address', async () => {
    const limited = await createTestApp({ config: { loginRateLimitPerMinute: 3 } })
    try {
      const codes: number[] = []
      let last
      for (let i = 0; i < 4; i++) {
        last = await limited.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: uniq(), password: 'whatever1' } })
        codes.push(last.statusCode)
      }
      expect(codes).toEqual([401, 401, 401, 429])
      expect(last!.json().error.code).toBe('TOO_MANY_REQUESTS')
    } finally {
      await limited.close()
    }
  })
})
