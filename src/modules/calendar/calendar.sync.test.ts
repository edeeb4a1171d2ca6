/**
 * Two server instances on one database, and imported years: the cached indexes must follow every
 * change made anywhere (calendar_version), and an imported year must win over the package.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, createTestApp, makeStaff, type TestApp } from '../../test/harness.js'
import { getCalendar } from './index.js'
import { insertRegions } from './calendar.testkit.js'

let a: TestApp
let b: TestApp
let adminA: string

beforeAll(async () => {
  a = await createTestApp()
  b = await createTestApp({ testDb: a.testDb, database: await a.testDb.openAnother() })
  await insertRegions(a.deps.db)
  adminA = await a.login('admin', ADMIN_PASSWORD)
})
afterAll(async () => {
  await b.close()
  await a.close()
})

const dueOn = async (t: TestApp, query: string) => {
  const r = await t.app.inject({ method: 'GET', url: `/api/calendar/due?${query}` })
  expect(r.statusCode, r.body).toBe(200)
  return r.json().due as string
}

describe('two server instances on one database', () => {
  it('the other instance sees a new override at once, and its removal', async () => {
    // warm both caches first, so a stale cache would answer wrongly
    expect(await dueOn(b, 'from=2026-03-02&days=5&region=371402')).toBe('2026-03-09')
    expect(await dueOn(a, 'from=2026-03-02&days=5&region=371402')).toBe('2026-03-09')
    const calBefore = await getCalendar(b.deps, '371402')

    const r = await a.app.inject({
      method: 'POST',
      url: '/api/calendar/overrides',
      headers: { cookie: adminA },
      payload: { regionCode: '3714', date: '2026-03-04', kind: 'closure', name: '系统升级闭厅' },
    })
    expect(r.statusCode).toBe(201)
    expect(await dueOn(b, 'from=2026-03-02&days=5&region=371402')).toBe('2026-03-10')
    expect(await dueOn(b, 'from=2026-03-02&days=5&region=3714')).toBe('2026-03-10')
    const calAfter = await getCalendar(b.deps, '371402')
    expect(calAfter.version).toBeGreaterThan(calBefore.version)
    expect(calBefore.addWorkingDays('2026-03-02', 5)).toBe('2026-03-09') // a Calendar object itself never changes

    const id = r.json().override.id
    const d = await a.app.inject({ method: 'DELETE', url: `/api/calendar/overrides/${id}`, headers: { cookie: adminA } })
    expect(d.statusCode).toBe(200)
    expect(await dueOn(b, 'from=2026-03-02&days=5&region=371402')).toBe('2026-03-09')
  })

  it('reuses the cached index while nothing changed', async () => {
    const x = await getCalendar(b.deps, '371402001')
    const y = await getCalendar(b.deps, '371402001')
    expect(y).toBe(x)
    expect(x.regionCode).toBe('371402001')
  })
})

describe('POST /api/calendar/years/import', () => {
  // holiday-cn's file format, with its extra fields
  const y2027 = {
    $schema: 'https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/schema.json',
    year: 2027,
    papers: ['https://www.gov.cn/'],
    days: [
      { name: '元旦', date: '2027-01-01', isOffDay: true },
      { name: '春节', date: '2027-02-06', isOffDay: true },
      { name: '春节', date: '2027-02-07', isOffDay: true },
      { name: '春节', date: '2027-02-08', isOffDay: true },
      { name: '春节', date: '2027-02-09', isOffDay: true },
      { name: '春节', date: '2027-02-10', isOffDay: true },
      { name: '春节', date: '2027-02-11', isOffDay: true },
      { name: '春节', date: '2027-02-12', isOffDay: true },
      { name: '春节', date: '2027-02-13', isOffDay: false },
    ],
  }

  it('is for system administrators only', async () => {
    expect((await a.app.inject({ method: 'POST', url: '/api/calendar/years/import', payload: y2027 })).statusCode).toBe(401)
    const ca = await makeStaff(a.deps, { role: 'centre_admin', regionCode: '3714' })
    const cookie = await a.login(ca.username, ca.password)
    const r = await a.app.inject({ method: 'POST', url: '/api/calendar/years/import', headers: { cookie }, payload: y2027 })
    expect(r.statusCode).toBe(403)
    expect(r.json().error.code).toBe('FORBIDDEN')
    const scoped = await makeStaff(a.deps, { role: 'system_admin', regionCode: '37' })
    const cookie2 = await a.login(scoped.username, scoped.password)
    expect((await a.app.inject({ method: 'POST', url: '/api/calendar/years/import', headers: { cookie: cookie2 }, payload: y2027 })).statusCode).toBe(403)
  })

  it('refuses days outside the year, repeated days and bad dates', async () => {
    const bad = [
      { year: 2027, days: [{ name: '元旦', date: '2026-12-31', isOffDay: true }], code: 'INVALID_IMPORT' },
      { year: 2027, days: [{ name: '元旦', date: '2027-01-01', isOffDay: true }, { name: '元旦', date: '2027-01-01', isOffDay: false }], code: 'INVALID_IMPORT' },
      { year: 2027, days: [{ name: '元旦', date: '2027-02-29', isOffDay: true }], code: 'VALIDATION_ERROR' },
      { year: 2027, days: [], code: 'VALIDATION_ERROR' },
      { year: 2027, days: [{ name: '元旦', date: '2027-01-01' }], code: 'VALIDATION_ERROR' },
    ]
    for (const { code, ...payload } of bad) {
      const r = await a.app.inject({ method: 'POST', url: '/api/calendar/years/import', headers: { cookie: adminA }, payload })
      expect(r.statusCode, JSON.stringify(payload)).toBe(400)
      expect(r.json().error.code).toBe(code)
    }
  })

  it('adds a new year, seen by the other instance', async () => {
    const before = await b.app.inject({ method: 'GET', url: '/api/calendar/due?from=2026-12-31&days=1' })
    expect(before.json().error.code).toBe('YEAR_OUT_OF_RANGE')
    const r = await a.app.inject({ method: 'POST', url: '/api/calendar/years/import', headers: { cookie: adminA }, payload: y2027 })
    expect(r.statusCode).toBe(201)
    expect(r.json()).toEqual({ year: 2027, days: 9 })
    expect(await dueOn(b, 'from=2026-12-31&days=1')).toBe('2027-01-04')
    expect(await dueOn(b, 'from=2027-02-05&days=1')).toBe('2027-02-13') // a make-up Saturday
    const years = (await b.app.inject({ method: 'GET', url: '/api/calendar/years' })).json().years
    expect(years.at(-1)).toEqual({ year: 2027, source: 'imported' })
    const audit = await a.deps.db.selectFrom('audit_record').selectAll().where('action', '=', 'calendar.year.import').where('target_id', '=', '2027').execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]!.summary).toContain('2027')
  })

  it('takes precedence over the package for that year', async () => {
    expect(await dueOn(b, 'from=2025-09-30&days=1')).toBe('2025-10-09')
    // a (fictional) correction of 2025: National Day only 10-01..03, no make-up days
    const days = ['01', '02', '03'].map((d) => ({ name: '国庆节', date: `2025-10-${d}`, isOffDay: true }))
    const r = await a.app.inject({ method: 'POST', url: '/api/calendar/years/import', headers: { cookie: adminA }, payload: { year: 2025, days } })
    expect(r.statusCode).toBe(201)
    expect(await dueOn(b, 'from=2025-09-30&days=1')).toBe('2025-10-06')
    expect(await dueOn(a, 'from=2025-09-26&days=1')).toBe('2025-09-29') // Sun 09-28 is no longer a make-up day
    const years = (await a.app.inject({ method: 'GET', url: '/api/calendar/years' })).json().years
    expect(years.find((y: { year: number }) => y.year === 2025)).toEqual({ year: 2025, source: 'imported' })
    expect(years.find((y: { year: number }) => y.year === 2024)).toEqual({ year: 2024, source: 'package' })
  })
})
