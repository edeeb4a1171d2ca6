import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, createTestApp, makeStaff, type TestApp } from '../../test/harness.js'
import { insertCentre, insertRegions } from './calendar.testkit.js'

let t: TestApp
let admin: string
let dezhouAdmin: string // centre_admin over region 3714 (德州市)
let dechengAdmin: string // centre_admin of a centre in 371402 (德城区), a unit grant
let windowStaff: string

const get = async (url: string, cookie?: string) => {
  const r = await t.app.inject({ method: 'GET', url, ...(cookie ? { headers: { cookie } } : {}) })
  return { status: r.statusCode, body: r.json() }
}
const post = async (url: string, payload: unknown, cookie?: string) => {
  const r = await t.app.inject({ method: 'POST', url, payload: payload as object, ...(cookie ? { headers: { cookie } } : {}) })
  return { status: r.statusCode, body: r.json() }
}
const del = async (url: string, cookie?: string) => {
  const r = await t.app.inject({ method: 'DELETE', url, ...(cookie ? { headers: { cookie } } : {}) })
  return { status: r.statusCode, body: r.json() }
}
const due = async (from: string, days: number, region?: string) =>
  (await get(`/api/calendar/due?from=${from}&days=${days}${region ? `&region=${region}` : ''}`)).body.due as string

async function auditOf(action: string, targetId: number | string) {
  return t.deps.db.selectFrom('audit_record').selectAll().where('action', '=', action).where('target_id', '=', String(targetId)).execute()
}

beforeAll(async () => {
  t = await createTestApp()
  await insertRegions(t.deps.db)
  const centre = await insertCentre(t.deps.db, '371402', '德城区政务服务中心')
  admin = await t.login('admin', ADMIN_PASSWORD)
  const a = await makeStaff(t.deps, { role: 'centre_admin', regionCode: '3714' })
  dezhouAdmin = await t.login(a.username, a.password)
  const b = await makeStaff(t.deps, { role: 'centre_admin', unitId: centre })
  dechengAdmin = await t.login(b.username, b.password)
  const w = await makeStaff(t.deps, { role: 'window_staff', unitId: centre })
  windowStaff = await t.login(w.username, w.password)
})
afterAll(() => t.close())

describe('GET /api/calendar/due and /workdays (public, stable shapes)', () => {
  it.each([
    ['2025-09-26', 5, '2025-10-10'],
    ['2025-09-30', 1, '2025-10-09'],
    ['2025-01-24', 20, '2025-02-27'],
    ['2024-04-26', 3, '2024-04-30'],
    ['2026-02-13', 2, '2026-02-24'],
  ])('from %s +%i is due %s', async (from, days, want) => {
    const r = await get(`/api/calendar/due?from=${from}&days=${days}`)
    expect(r).toEqual({ status: 200, body: { due: want } })
  })

  it('counts working days d with from < d ≤ to', async () => {
    expect(await get('/api/calendar/workdays?from=2025-09-26&to=2025-10-10')).toEqual({ status: 200, body: { workdays: 5 } })
    expect(await get('/api/calendar/workdays?from=2025-10-10&to=2025-09-26')).toEqual({ status: 200, body: { workdays: -5 } })
    expect(await get('/api/calendar/workdays?from=2025-10-10&to=2025-10-10')).toEqual({ status: 200, body: { workdays: 0 } })
  })

  it.each([
    ['/api/calendar/due?from=2026-02-30&days=1', 'VALIDATION_ERROR'],
    ['/api/calendar/due?from=2026-3-2&days=1', 'VALIDATION_ERROR'],
    ['/api/calendar/due?from=20260302&days=1', 'VALIDATION_ERROR'],
    ['/api/calendar/due?from=2026-03-02', 'VALIDATION_ERROR'],
    ['/api/calendar/due?from=2026-03-02&days=-1', 'VALIDATION_ERROR'],
    ['/api/calendar/due?from=2026-03-02&days=1.5', 'VALIDATION_ERROR'],
    ['/api/calendar/due?from=2026-03-02&days=abc', 'VALIDATION_ERROR'],
    ['/api/calendar/due?from=2026-03-02&days=3651', 'VALIDATION_ERROR'],
    ['/api/calendar/due?from=2035-01-01&days=1', 'YEAR_OUT_OF_RANGE'],
    ['/api/calendar/due?from=2003-06-02&days=1', 'YEAR_OUT_OF_RANGE'],
    ['/api/calendar/due?from=2026-12-01&days=3650', 'YEAR_OUT_OF_RANGE'],
    ['/api/calendar/due?from=2026-03-02&days=1&region=99', 'UNKNOWN_REGION'],
    ['/api/calendar/due?from=2026-03-02&days=1&region=371', 'UNKNOWN_REGION'],
    ['/api/calendar/due?from=2026-03-02&days=1&region=abc', 'UNKNOWN_REGION'],
    ['/api/calendar/workdays?from=2026-03-02', 'VALIDATION_ERROR'],
    ['/api/calendar/workdays?from=2026-03-02&to=2026-13-01', 'VALIDATION_ERROR'],
    ['/api/calendar/workdays?from=2026-03-02&to=2035-01-01', 'YEAR_OUT_OF_RANGE'],
    ['/api/calendar/month?year=2035&month=1', 'YEAR_OUT_OF_RANGE'],
    ['/api/calendar/month?year=2026&month=13', 'VALIDATION_ERROR'],
    ['/api/calendar/explain?from=2026-02-29&days=1', 'VALIDATION_ERROR'],
  ])('%s → 400 %s', async (url, code) => {
    const r = await get(url)
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe(code)
    expect(Object.keys(r.body)).toEqual(['error'])
    expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/)
  })

  it('names the covered years when a year is out of range', async () => {
    const r = await get('/api/calendar/due?from=2035-01-01&days=1')
    expect(r.body.error.message).toContain('2004—2026')
  })
})

describe('GET /api/calendar/month, /explain, /years', () => {
  it('lists a month with each day’s kind and name', async () => {
    const r = await get('/api/calendar/month?year=2025&month=10')
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ year: 2025, month: 10, regionCode: null })
    expect(r.body.days).toHaveLength(31)
    expect(r.body.days[0]).toEqual({ date: '2025-10-01', weekday: 3, workday: false, kind: 'holiday', name: '国庆节', overrideId: null, overrideRegionCode: null })
    expect(r.body.days[10]).toEqual({ date: '2025-10-11', weekday: 6, workday: true, kind: 'makeup_workday', name: '国庆节', overrideId: null, overrideRegionCode: null })
    expect(r.body.days[11]).toMatchObject({ date: '2025-10-12', weekday: 0, workday: false, kind: 'weekend', name: null })
  })

  it('explains a due date day by day', async () => {
    const r = await get('/api/calendar/explain?from=2025-09-26&days=5')
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ from: '2025-09-26', days: 5, due: '2025-10-10' })
    expect(r.body.entries).toHaveLength(14)
    expect(r.body.entries[1]).toEqual({ date: '2025-09-28', kind: 'makeup_workday', counted: true, ordinal: 1, name: '国庆节' })
    expect(r.body.entries[13]).toEqual({ date: '2025-10-10', kind: 'workday', counted: true, ordinal: 5, name: null })
  })

  it('lists the years with data and their source', async () => {
    const r = await get('/api/calendar/years')
    expect(r.status).toBe(200)
    expect(r.body.years[0]).toEqual({ year: 2004, source: 'package' })
    expect(r.body.years.map((y: { year: number }) => y.year)).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i))
  })

  it('describes every calendar route in the OpenAPI document under the calendar tag', async () => {
    const r = await get('/api/openapi.json')
    const paths = r.body.paths as Record<string, Record<string, { tags: string[]; summary: string }>>
    for (const p of ['/api/calendar/due', '/api/calendar/workdays', '/api/calendar/month', '/api/calendar/explain', '/api/calendar/years', '/api/calendar/overrides', '/api/calendar/overrides/{id}', '/api/calendar/years/import']) {
      const ops = Object.values(paths[p] ?? {})
      expect(ops.length, p).toBeGreaterThan(0)
      for (const op of ops) {
        expect(op.tags).toEqual(['calendar'])
        expect(op.summary).toMatch(/[\u4e00-\u9fff]/)
      }
    }
  })
})

describe('local overrides', () => {
  it('need a centre or system administrator', async () => {
    const body = { regionCode: '371402', date: '2026-03-04', kind: 'closure', name: '闭厅' }
    expect((await post('/api/calendar/overrides', body)).status).toBe(401)
    expect((await post('/api/calendar/overrides', body, windowStaff)).body.error.code).toBe('FORBIDDEN')
    expect((await get('/api/calendar/overrides?region=371402', windowStaff)).status).toBe(403)
    expect((await get('/api/calendar/overrides?region=371402')).status).toBe(401)
  })

  it('a closure day moves a due date by exactly one working day, in the region and the regions under it', async () => {
    expect(await due('2026-03-02', 5, '371402')).toBe('2026-03-09')
    const r = await post('/api/calendar/overrides', { regionCode: '371402', date: '2026-03-04', kind: 'closure', name: '中心搬迁闭厅', reason: '搬迁新址' }, dezhouAdmin)
    expect(r.status).toBe(201)
    expect(r.body.override).toMatchObject({ regionCode: '371402', regionName: '德城区', date: '2026-03-04', kind: 'closure', name: '中心搬迁闭厅', reason: '搬迁新址' })
    expect(typeof r.body.override.id).toBe('number')
    expect(new Date(r.body.override.createdAt).toString()).not.toBe('Invalid Date')

    expect(await due('2026-03-02', 5, '371402')).toBe('2026-03-10')
    expect(await due('2026-03-02', 5, '371402001')).toBe('2026-03-10')
    expect(await due('2026-03-02', 5, '371402001001')).toBe('2026-03-10')
    expect(await due('2026-03-02', 5, '3714')).toBe('2026-03-09') // the parent is not affected
    expect(await due('2026-03-02', 5, '3701')).toBe('2026-03-09') // nor a sibling
    expect(await due('2026-03-02', 5)).toBe('2026-03-09') // nor the nation
    expect((await get('/api/calendar/workdays?from=2026-03-02&to=2026-03-09&region=371402001')).body).toEqual({ workdays: 4 })

    const audits = await auditOf('calendar.override.create', r.body.override.id)
    expect(audits).toHaveLength(1)
    expect(audits[0]).toMatchObject({ target_type: 'calendar_override', actor_kind: 'staff' })
    expect(audits[0]!.summary).toContain('德城区')

    const month = await get('/api/calendar/month?year=2026&month=3&region=371402001')
    expect(month.body.regionCode).toBe('371402001')
    expect(month.body.days[3]).toEqual({ date: '2026-03-04', weekday: 3, workday: false, kind: 'closure', name: '中心搬迁闭厅', overrideId: r.body.override.id, overrideRegionCode: '371402' })
    const explain = await get('/api/calendar/explain?from=2026-03-02&days=5&region=371402')
    expect(explain.body.entries[1]).toEqual({ date: '2026-03-04', kind: 'closure', counted: false, ordinal: null, name: '中心搬迁闭厅' })
  })

  it('a second override on the same region and date is a conflict', async () => {
    await post('/api/calendar/overrides', { regionCode: '370102', date: '2026-04-08', kind: 'closure', name: '闭厅' }, admin)
    const r = await post('/api/calendar/overrides', { regionCode: '370102', date: '2026-04-08', kind: 'local_holiday', name: '再次设置' }, admin)
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('OVERRIDE_EXISTS')
  })

  it('an ancestor’s override applies below it, and a more specific region’s override wins', async () => {
    const prov = await post('/api/calendar/overrides', { regionCode: '37', date: '2026-05-13', kind: 'local_holiday', name: '全省假日' }, admin)
    expect(prov.status).toBe(201)
    const city = await post('/api/calendar/overrides', { regionCode: '3714', date: '2026-05-13', kind: 'extra_workday', name: '德州照常办公' }, dezhouAdmin)
    expect(city.status).toBe(201)
    expect(await due('2026-05-12', 1, '3701')).toBe('2026-05-14')
    expect(await due('2026-05-12', 1, '370102')).toBe('2026-05-14')
    expect(await due('2026-05-12', 1, '371402001')).toBe('2026-05-13')
    expect(await due('2026-05-12', 1)).toBe('2026-05-13')
  })

  it('an extra workday on a Saturday counts', async () => {
    const r = await post('/api/calendar/overrides', { regionCode: '3714', date: '2026-06-06', kind: 'extra_workday', name: '周六集中受理' }, dezhouAdmin)
    expect(r.status).toBe(201)
    expect(await due('2026-06-05', 1, '371402')).toBe('2026-06-06')
    expect(await due('2026-06-05', 1, '3701')).toBe('2026-06-08')
  })

  it('a centre admin may edit only at or under the region of their grant; outside it is "not found"', async () => {
    // region grant 3714: Jinan is outside
    const out = await post('/api/calendar/overrides', { regionCode: '3701', date: '2026-03-05', kind: 'closure', name: '闭厅' }, dezhouAdmin)
    expect(out.status).toBe(404)
    expect(out.body.error.code).toBe('NOT_FOUND')
    const up = await post('/api/calendar/overrides', { regionCode: '37', date: '2026-03-05', kind: 'closure', name: '闭厅' }, dezhouAdmin)
    expect(up.status).toBe(404)
    // unit grant: the centre's region is 371402
    const own = await post('/api/calendar/overrides', { regionCode: '371402001', date: '2026-03-05', kind: 'closure', name: '街道便民中心闭厅' }, dechengAdmin)
    expect(own.status).toBe(201)
    const above = await post('/api/calendar/overrides', { regionCode: '3714', date: '2026-03-05', kind: 'closure', name: '闭厅' }, dechengAdmin)
    expect(above.status).toBe(404)
  })

  it('an unknown region is refused with UNKNOWN_REGION', async () => {
    const r = await post('/api/calendar/overrides', { regionCode: '3799', date: '2026-03-05', kind: 'closure', name: '闭厅' }, admin)
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('UNKNOWN_REGION')
    expect((await get('/api/calendar/overrides?region=3799', admin)).body.error.code).toBe('UNKNOWN_REGION')
  })

  it('bad override input is refused', async () => {
    const bad = [
      { regionCode: '3714', date: '2026-02-30', kind: 'closure', name: '闭厅' },
      { regionCode: '3714', date: '2026-03-05', kind: 'holiday', name: '闭厅' },
      { regionCode: '3714', date: '2026-03-05', kind: 'closure', name: '' },
      { regionCode: '3714', date: '2026-03-05', kind: 'closure', name: '   ' },
      { regionCode: '3714', date: '2026-03-05', kind: 'closure' },
    ]
    for (const b of bad) {
      const r = await post('/api/calendar/overrides', b, admin)
      expect(r.status, JSON.stringify(b)).toBe(400)
      expect(r.body.error.code).toBe('VALIDATION_ERROR')
    }
  })

  it('lists the overrides that apply to a region and those under it', async () => {
    const r = await get('/api/calendar/overrides?region=3714&year=2026', dezhouAdmin)
    expect(r.status).toBe(200)
    const regions = new Set(r.body.items.map((i: { regionCode: string }) => i.regionCode))
    expect(regions.has('37')).toBe(true)
    expect(regions.has('3714')).toBe(true)
    expect(regions.has('371402')).toBe(true)
    expect(regions.has('371402001')).toBe(true)
    expect(regions.has('370102')).toBe(false)
    const item = r.body.items.find((i: { name: string }) => i.name === '中心搬迁闭厅')
    expect(Object.keys(item).sort()).toEqual(['createdAt', 'date', 'id', 'kind', 'name', 'reason', 'regionCode', 'regionName'])
    expect((await get('/api/calendar/overrides?region=3714&year=2025', dezhouAdmin)).body.items).toEqual([])
  })

  it('deleting restores the national answer, is audited, and is "not found" outside scope', async () => {
    const created = await post('/api/calendar/overrides', { regionCode: '3701', date: '2026-07-08', kind: 'closure', name: '济南闭厅' }, admin)
    const id = created.body.override.id
    expect(await due('2026-07-07', 1, '3701')).toBe('2026-07-09')

    const outside = await del(`/api/calendar/overrides/${id}`, dezhouAdmin)
    expect(outside.status).toBe(404)
    expect(outside.body.error.code).toBe('NOT_FOUND')
    expect((await del(`/api/calendar/overrides/${id}`, windowStaff)).status).toBe(403)

    expect(await del(`/api/calendar/overrides/${id}`, admin)).toEqual({ status: 200, body: { ok: true } })
    expect(await due('2026-07-07', 1, '3701')).toBe('2026-07-08')
    const audits = await auditOf('calendar.override.delete', id)
    expect(audits).toHaveLength(1)
    expect(audits[0]!.before).toMatchObject({ id, regionCode: '3701', name: '济南闭厅' })
    expect((await del(`/api/calendar/overrides/${id}`, admin)).status).toBe(404)
    expect((await del('/api/calendar/overrides/999999', admin)).status).toBe(404)
  })

  it('a centre admin deletes an override in their region', async () => {
    const created = await post('/api/calendar/overrides', { regionCode: '371402001001', date: '2026-07-15', kind: 'local_holiday', name: '社区活动日' }, dechengAdmin)
    expect(created.status).toBe(201)
    expect((await del(`/api/calendar/overrides/${created.body.override.id}`, dezhouAdmin)).status).toBe(200)
  })
})
