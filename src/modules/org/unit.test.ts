import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, ADMIN_PASSWORD, type TestApp } from '../../test/harness.js'
import { systemCtx } from '../../server/context.js'
import { importRegions } from './region.service.js'
import { auditCount, caller, pathOf, unit, type Call } from './org.test-support.js'

let t: TestApp
let admin: Call
let cityCentre: number
let market: number
beforeAll(async () => {
  t = await createTestApp()
  await importRegions(t.deps, systemCtx(), { cityCode: '3714', withVillages: true })
  admin = caller(t, await t.login('admin', ADMIN_PASSWORD))
  cityCentre = await unit(admin, { kind: 'centre', subtype: 'city_centre', name: '德州市政务服务中心', code: 'T-ZX3714', regionCode: '3714', phone: '0534-2689001' })
  market = await unit(admin, { kind: 'department', name: '德州市市场监督管理局', code: 'T-SCJG', regionCode: '3714' })
})
afterAll(() => t.close())

const post = (body: Record<string, unknown>) => admin('POST', '/api/org/units', body)
const errorOf = (r: { statusCode: number; json(): { error: { code: string } } }) => [r.statusCode, r.json().error?.code]

describe('creating units', () => {
  it('creates a department window in a centre, naming its centre and department, with the path under the centre', async () => {
    const r = await post({ kind: 'window', subtype: 'department', name: '市场监管局窗口', regionCode: '3714', parentId: cityCentre, departmentId: market, phone: '0534-2689101' })
    expect(r.statusCode).toBe(201)
    const w = r.json().unit
    expect(w).toMatchObject({
      kind: 'window',
      subtype: 'department',
      regionCode: '3714',
      regionName: '德州市',
      parentId: cityCentre,
      parentName: '德州市政务服务中心',
      departmentId: market,
      departmentName: '德州市市场监督管理局',
      centreId: cityCentre,
      centreName: '德州市政务服务中心',
      status: 'active',
    })
    expect(await pathOf(t, w.id)).toBe(`/${cityCentre}/${w.id}/`)
    const again = await admin('GET', `/api/org/units/${w.id}`)
    expect(again.json().unit).toEqual(w)
  })

  it('creates an approval office under its department, sitting in the centre', async () => {
    const r = await post({ kind: 'approval_office', name: '德州市市场监督管理局行政审批服务科', regionCode: '3714', parentId: market, centreId: cityCentre })
    expect(r.statusCode).toBe(201)
    expect(r.json().unit).toMatchObject({ parentId: market, departmentId: market, departmentName: '德州市市场监督管理局', centreId: cityCentre })
    expect(await pathOf(t, r.json().unit.id)).toBe(`/${market}/${r.json().unit.id}/`)
  })

  it('builds the centre network from county to village', async () => {
    const county = await unit(admin, { kind: 'centre', subtype: 'county_centre', name: '德城区政务服务中心', regionCode: '371402' })
    const town = await unit(admin, { kind: 'centre', subtype: 'township_centre', name: '新湖街道便民服务中心', regionCode: '371402001', parentId: county })
    const village = await unit(admin, { kind: 'centre', subtype: 'village_point', name: '尉署社区便民服务站', regionCode: '371402001001', parentId: town })
    expect(await pathOf(t, village)).toBe(`/${county}/${town}/${village}/`)
  })

  it('treats empty strings and nulls in optional fields as not given', async () => {
    const r = await post({ kind: 'department', name: '德州市民政局', regionCode: '3714', code: '', phone: '', parentId: null, departmentId: null, centreId: null, subtype: null, address: null })
    expect(r.statusCode).toBe(201)
    expect(r.json().unit).toMatchObject({ code: null, phone: null, parentId: null, subtype: null, address: null })
  })

  it.each([
    ['an unknown region code', { kind: 'department', name: '某局', regionCode: '371499' }, 400, 'INVALID_REGION'],
    ['a window under a department', { kind: 'window', subtype: 'general', name: '综合窗口', regionCode: '3714', parentId: 'MARKET' }, 400, 'INVALID_PARENT'],
    ['a window without a parent', { kind: 'window', subtype: 'general', name: '综合窗口', regionCode: '3714' }, 400, 'INVALID_PARENT'],
    ['a parent that does not exist', { kind: 'window', subtype: 'general', name: '综合窗口', regionCode: '3714', parentId: 987654 }, 400, 'INVALID_PARENT'],
    ['a department window without its department', { kind: 'window', subtype: 'department', name: '部门窗口', regionCode: '3714', parentId: 'CENTRE' }, 400, 'INVALID_DEPARTMENT'],
    ['a general window tied to a department', { kind: 'window', subtype: 'general', name: '综合窗口', regionCode: '3714', parentId: 'CENTRE', departmentId: 'MARKET' }, 400, 'INVALID_DEPARTMENT'],
    ['a department window whose "department" is a centre', { kind: 'window', subtype: 'department', name: '部门窗口', regionCode: '3714', parentId: 'CENTRE', departmentId: 'CENTRE' }, 400, 'INVALID_DEPARTMENT'],
    ['an approval office sitting in a department', { kind: 'approval_office', name: '审批科', regionCode: '3714', parentId: 'MARKET', centreId: 'MARKET' }, 400, 'INVALID_CENTRE'],
    ['a centre without a subtype', { kind: 'centre', name: '某中心', regionCode: '3714' }, 400, 'INVALID_UNIT'],
    ['a window of an unknown subtype', { kind: 'window', subtype: 'vip', name: '窗口', regionCode: '3714', parentId: 'CENTRE' }, 400, 'INVALID_UNIT'],
    ['a township centre on a county region', { kind: 'centre', subtype: 'township_centre', name: '便民服务中心', regionCode: '371402' }, 400, 'INVALID_REGION'],
    ['a window outside its centre\'s region', { kind: 'window', subtype: 'general', name: '综合窗口', regionCode: '3715', parentId: 'CENTRE' }, 400, 'INVALID_REGION'],
    ['a malformed phone number', { kind: 'department', name: '德州市水利局', regionCode: '3714', phone: '2689-abc' }, 400, 'INVALID_PHONE'],
    ['a missing name', { kind: 'department', regionCode: '3714' }, 400, 'VALIDATION_ERROR'],
    ['a name of spaces only', { kind: 'department', name: '   ', regionCode: '3714' }, 400, 'INVALID_NAME'],
    ['an unknown kind', { kind: 'bureau', name: '某局', regionCode: '3714' }, 400, 'VALIDATION_ERROR'],
    ['a duplicate unit code', { kind: 'department', name: '另一个局', regionCode: '3714', code: 'T-SCJG' }, 409, 'UNIT_CODE_TAKEN'],
  ])('refuses %s', async (_why, body, status, code) => {
    const resolve = (v: unknown) => (v === 'MARKET' ? market : v === 'CENTRE' ? cityCentre : v)
    const payload = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, resolve(v)]))
    const before = await auditCount(t, 'org.unit.create')
    expect(errorOf(await post(payload))).toEqual([status, code])
    expect(await auditCount(t, 'org.unit.create')).toBe(before)
  })

  it('accepts office landlines, mobiles and service numbers', async () => {
    for (const phone of ['0534-2689001', '05342689001', '0534-2689001-8012', '13953400001', '12345', '400-123-4567']) {
      const r = await post({ kind: 'department', name: `德州市测试局${phone}`, regionCode: '3714', phone })
      expect([phone, r.statusCode]).toEqual([phone, 201])
    }
  })

  it('writes an audit record for the new unit', async () => {
    const id = await unit(admin, { kind: 'department', name: '德州市交通运输局', regionCode: '3714' })
    expect(await auditCount(t, 'org.unit.create', id)).toBe(1)
  })
})

describe('changing units', () => {
  it('moves a branch with its windows under another branch, rewriting the paths of the whole subtree', async () => {
    const b1 = await unit(admin, { kind: 'centre', subtype: 'branch', name: '不动产登记分中心', regionCode: '3714', parentId: cityCentre })
    const b2 = await unit(admin, { kind: 'centre', subtype: 'branch', name: '公共资源交易中心', regionCode: '3714', parentId: cityCentre })
    const w = await unit(admin, { kind: 'window', subtype: 'general', name: '不动产综合窗口', regionCode: '3714', parentId: b1 })
    const r = await admin('PATCH', `/api/org/units/${b1}`, { parentId: b2 })
    expect(r.statusCode).toBe(200)
    expect(r.json().unit.parentName).toBe('公共资源交易中心')
    expect(await pathOf(t, b1)).toBe(`/${cityCentre}/${b2}/${b1}/`)
    expect(await pathOf(t, w)).toBe(`/${cityCentre}/${b2}/${b1}/${w}/`)
    expect(await auditCount(t, 'org.unit.move', b1)).toBe(1)

    const loop = await admin('PATCH', `/api/org/units/${b2}`, { parentId: b1 })
    expect(errorOf(loop)).toEqual([400, 'INVALID_PARENT'])
    const self = await admin('PATCH', `/api/org/units/${b2}`, { parentId: b2 })
    expect(errorOf(self)).toEqual([400, 'INVALID_PARENT'])
    expect(await pathOf(t, b2)).toBe(`/${cityCentre}/${b2}/`)
  })

  it('moves a window to another centre, which becomes its centre', async () => {
    const other = await unit(admin, { kind: 'centre', subtype: 'branch', name: '出入境服务分中心', regionCode: '3714', parentId: cityCentre })
    const w = await unit(admin, { kind: 'window', subtype: 'department', name: '出入境窗口', regionCode: '3714', parentId: cityCentre, departmentId: market })
    // the form echoes the old centreId back: the window still follows its new parent
    const r = await admin('PATCH', `/api/org/units/${w}`, { parentId: other, centreId: cityCentre, kind: 'window' })
    expect(r.statusCode).toBe(200)
    expect(r.json().unit).toMatchObject({ parentId: other, centreId: other, centreName: '出入境服务分中心' })
    expect(await pathOf(t, w)).toBe(`/${cityCentre}/${other}/${w}/`)
  })

  it('edits fields and records before and after in the audit trail', async () => {
    const id = await unit(admin, { kind: 'department', name: '德州市生态环境局', regionCode: '3714' })
    const r = await admin('PATCH', `/api/org/units/${id}`, { phone: '0534-2689300', address: '德州市德城区东风中路 1166 号', sort: 5 })
    expect(r.statusCode).toBe(200)
    expect(r.json().unit).toMatchObject({ phone: '0534-2689300', address: '德州市德城区东风中路 1166 号', sort: 5 })
    const rec = await t.deps.db.selectFrom('audit_record').select(['before', 'after']).where('action', '=', 'org.unit.update').where('target_id', '=', String(id)).executeTakeFirstOrThrow()
    expect(rec.before).toEqual({ address: null, phone: null, sort: 0 })
    expect(rec.after).toEqual({ address: '德州市德城区东风中路 1166 号', phone: '0534-2689300', sort: 5 })
  })

  it('refuses to change the kind, to reuse another unit\'s code, or a bad phone', async () => {
    const id = await unit(admin, { kind: 'department', name: '德州市水利局', regionCode: '3714', code: 'T-SLJ' })
    expect(errorOf(await admin('PATCH', `/api/org/units/${id}`, { kind: 'centre' }))).toEqual([400, 'INVALID_UNIT'])
    expect(errorOf(await admin('PATCH', `/api/org/units/${id}`, { code: 'T-SCJG' }))).toEqual([409, 'UNIT_CODE_TAKEN'])
    expect(errorOf(await admin('PATCH', `/api/org/units/${id}`, { phone: '12' }))).toEqual([400, 'INVALID_PHONE'])
    expect(errorOf(await admin('PATCH', `/api/org/units/${id}`, { regionCode: '379999' }))).toEqual([400, 'INVALID_REGION'])
    expect((await admin('PATCH', `/api/org/units/${id}`, { code: 'T-SLJ' })).statusCode).toBe(200) // its own code is fine
    expect(errorOf(await admin('PATCH', '/api/org/units/987654', { name: '不存在' }))).toEqual([404, 'NOT_FOUND'])
  })

  it('will not move a unit to a region its sub-units lie outside of', async () => {
    const county = await unit(admin, { kind: 'centre', subtype: 'county_centre', name: '陵城区政务服务中心', regionCode: '371403' })
    await unit(admin, { kind: 'centre', subtype: 'township_centre', name: '安德街道便民服务中心', regionCode: '371403001', parentId: county })
    expect(errorOf(await admin('PATCH', `/api/org/units/${county}`, { regionCode: '371402' }))).toEqual([400, 'INVALID_REGION'])
  })

  it('closes a unit only after the units hanging on it are closed, and reopens it', async () => {
    const branch = await unit(admin, { kind: 'centre', subtype: 'branch', name: '医保服务分中心', regionCode: '3714', parentId: cityCentre })
    const w = await unit(admin, { kind: 'window', subtype: 'general', name: '医保综合窗口', regionCode: '3714', parentId: branch })
    expect(errorOf(await admin('PATCH', `/api/org/units/${branch}`, { status: 'closed' }))).toEqual([409, 'UNIT_HAS_ACTIVE_CHILDREN'])
    expect((await admin('PATCH', `/api/org/units/${w}`, { status: 'closed' })).json().unit.status).toBe('closed')
    expect((await admin('PATCH', `/api/org/units/${branch}`, { status: 'closed' })).json().unit.status).toBe('closed')
    expect(errorOf(await post({ kind: 'window', subtype: 'general', name: '新窗口', regionCode: '3714', parentId: branch }))).toEqual([400, 'INVALID_PARENT'])
    expect(errorOf(await admin('PATCH', `/api/org/units/${w}`, { status: 'active' }))).toEqual([400, 'INVALID_PARENT'])
    expect((await admin('PATCH', `/api/org/units/${branch}`, { status: 'active' })).statusCode).toBe(200)
    expect(await auditCount(t, 'org.unit.close', branch)).toBe(1)
    expect(await auditCount(t, 'org.unit.reopen', branch)).toBe(1)
  })
})

describe('listing units', () => {
  it('filters by kind, parent, region and name, and pages', async () => {
    const windows = await admin('GET', `/api/org/units?kind=window&parentId=${cityCentre}`)
    expect(windows.statusCode).toBe(200)
    const items = windows.json().items as { kind: string; parentId: number }[]
    expect(items.length).toBeGreaterThan(0)
    expect(items.every((u) => u.kind === 'window' && u.parentId === cityCentre)).toBe(true)

    const top = await admin('GET', '/api/org/units?parentId=0&kind=centre')
    expect(top.json().items.map((u: { name: string }) => u.name)).toEqual(['德州市政务服务中心', '德城区政务服务中心', '陵城区政务服务中心'])

    const inDecheng = await admin('GET', '/api/org/units?regionCode=371402')
    expect(inDecheng.json().items.every((u: { regionCode: string }) => u.regionCode.startsWith('371402'))).toBe(true)
    expect(inDecheng.json().total).toBe(3)

    const byName = await admin('GET', `/api/org/units?q=${encodeURIComponent('市场监督')}`)
    expect(byName.json().items.map((u: { name: string }) => u.name)).toEqual(['德州市市场监督管理局', '德州市市场监督管理局行政审批服务科'])

    const page = await admin('GET', '/api/org/units?pageSize=2&page=2')
    expect(page.json()).toMatchObject({ page: 2, pageSize: 2 })
    expect(page.json().items).toHaveLength(2)
    expect(page.json().total).toBeGreaterThan(4)
  })

  it('lists the unit types and their subtypes', async () => {
    const r = await admin('GET', '/api/org/unit-types')
    const centre = r.json().items.find((k: { kind: string }) => k.kind === 'centre')
    expect(centre.subtypes.map((s: { subtype: string }) => s.subtype)).toEqual(['city_centre', 'branch', 'county_centre', 'township_centre', 'village_point'])
  })
})
