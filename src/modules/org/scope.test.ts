import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, makeStaff, ADMIN_PASSWORD, type TestApp } from '../../test/harness.js'
import { systemCtx } from '../../server/context.js'
import type { Role } from '../../shared/roles.js'
import { importRegions } from './region.service.js'
import { caller, unit, type Call } from './org.test-support.js'

/**
 * 德州市: the city centre with a general window, 市场监管局 with its approval office in the hall,
 * and two districts — A 德城区 (371402) and B 陵城区 (371403) — each with its own centre and window.
 */
let t: TestApp
let admin: Call
const u = {} as Record<'city' | 'cityWindow' | 'market' | 'marketOffice' | 'centreA' | 'windowA' | 'townA' | 'centreB' | 'windowB' | 'deptB', number>
const staff = {} as Record<'windowA' | 'adminA' | 'adminCity' | 'supervisor' | 'windowB', { id: number; call: Call }>

async function person(role: Role, grant: { unitId?: number; regionCode?: string }, home: number) {
  const s = await makeStaff(t.deps, { role, ...grant, homeUnitId: home })
  return { id: s.id, call: caller(t, await t.login(s.username, s.password)) }
}

beforeAll(async () => {
  t = await createTestApp()
  await importRegions(t.deps, systemCtx(), { cityCode: '3714', withVillages: false })
  admin = caller(t, await t.login('admin', ADMIN_PASSWORD))
  u.city = await unit(admin, { kind: 'centre', subtype: 'city_centre', name: '德州市政务服务中心', regionCode: '3714' })
  u.cityWindow = await unit(admin, { kind: 'window', subtype: 'general', name: '综合受理窗口', regionCode: '3714', parentId: u.city })
  u.market = await unit(admin, { kind: 'department', name: '德州市市场监督管理局', regionCode: '3714' })
  u.marketOffice = await unit(admin, { kind: 'approval_office', name: '市场监管局审批科', regionCode: '3714', parentId: u.market, centreId: u.city })
  u.centreA = await unit(admin, { kind: 'centre', subtype: 'county_centre', name: '德城区政务服务中心', regionCode: '371402' })
  u.windowA = await unit(admin, { kind: 'window', subtype: 'general', name: '德城区综合窗口', regionCode: '371402', parentId: u.centreA })
  u.townA = await unit(admin, { kind: 'centre', subtype: 'township_centre', name: '新湖街道便民服务中心', regionCode: '371402001', parentId: u.centreA })
  u.centreB = await unit(admin, { kind: 'centre', subtype: 'county_centre', name: '陵城区政务服务中心', regionCode: '371403' })
  u.windowB = await unit(admin, { kind: 'window', subtype: 'general', name: '陵城区综合窗口', regionCode: '371403', parentId: u.centreB })
  u.deptB = await unit(admin, { kind: 'department', name: '陵城区市场监督管理局', regionCode: '371403' })
  staff.windowA = await person('window_staff', { unitId: u.windowA }, u.windowA)
  staff.adminA = await person('centre_admin', { unitId: u.centreA }, u.centreA)
  staff.adminCity = await person('centre_admin', { unitId: u.city }, u.city)
  staff.supervisor = await person('supervisor', { regionCode: '3714' }, u.city)
  staff.windowB = await person('window_staff', { unitId: u.windowB }, u.windowB)
})
afterAll(() => t.close())

const ids = (r: { json(): { items: { id: number }[] } }) => r.json().items.map((x) => x.id).sort((a, b) => a - b)
const sorted = (...xs: number[]) => [...xs].sort((a, b) => a - b)

describe('data scope', () => {
  it('answers a window clerk of district A with 404 for district B\'s units and staff, exactly as for records that do not exist', async () => {
    const call = staff.windowA.call
    const missing = await call('GET', '/api/org/units/987654321')
    for (const url of [`/api/org/units/${u.windowB}`, `/api/org/units/${u.centreB}`, `/api/org/units/${u.city}`]) {
      const r = await call('GET', url)
      expect([url, r.statusCode, r.json()]).toEqual([url, 404, missing.json()])
    }
    const r = await call('GET', `/api/org/staff/${staff.windowB.id}`)
    const noStaff = await call('GET', '/api/org/staff/987654321')
    expect([r.statusCode, r.json()]).toEqual([404, noStaff.json()])
    expect((await call('GET', `/api/org/units/${u.windowA}`)).statusCode).toBe(200)
  })

  it('lists for a window clerk only their window (and the departments of their government), and only staff of it', async () => {
    const call = staff.windowA.call
    expect(ids(await call('GET', '/api/org/units?pageSize=100'))).toEqual(sorted(u.windowA, u.market))
    expect(ids(await call('GET', '/api/org/staff?pageSize=100'))).toEqual([staff.windowA.id])
  })

  it('lets district A\'s centre admin see and manage district A only', async () => {
    const call = staff.adminA.call
    const list = await call('GET', '/api/org/units?pageSize=100')
    expect(ids(list)).toEqual(sorted(u.centreA, u.windowA, u.townA, u.market))
    expect((await call('GET', `/api/org/units/${u.deptB}`)).statusCode).toBe(404)
    expect((await call('PATCH', `/api/org/units/${u.windowB}`, { name: '改名' })).statusCode).toBe(404)
    expect((await call('PATCH', `/api/org/staff/${staff.windowB.id}`, { title: '改职务' })).statusCode).toBe(404)
    // a parent in district B reads as one that does not exist
    const inB = await call('POST', '/api/org/units', { kind: 'window', subtype: 'general', name: '越权窗口', regionCode: '371403', parentId: u.centreB })
    const nowhere = await call('POST', '/api/org/units', { kind: 'window', subtype: 'general', name: '越权窗口', regionCode: '371403', parentId: 987654321 })
    expect([inB.statusCode, inB.json()]).toEqual([400, nowhere.json()])
    // inside district A it works
    const ok = await call('POST', '/api/org/units', { kind: 'window', subtype: 'general', name: '德城区出件窗口', regionCode: '371402', parentId: u.centreA })
    expect(ok.statusCode).toBe(201)
    expect((await call('PATCH', `/api/org/units/${u.windowA}`, { phone: '0534-2261001' })).statusCode).toBe(200)
  })

  it('does not let a centre admin create units outside their subtree, nor move one out of it', async () => {
    const call = staff.adminA.call
    const top = await call('POST', '/api/org/units', { kind: 'department', name: '德城区民政局', regionCode: '371402' })
    expect([top.statusCode, top.json().error.code]).toEqual([403, 'OUT_OF_SCOPE'])
    const out = await call('PATCH', `/api/org/units/${u.townA}`, { parentId: null })
    expect([out.statusCode, out.json().error.code]).toEqual([403, 'OUT_OF_SCOPE'])
    // and a department is visible to pick, but not theirs to change
    const dept = await call('PATCH', `/api/org/units/${u.market}`, { phone: '0534-2689999' })
    expect([dept.statusCode, dept.json().error.code]).toEqual([403, 'OUT_OF_SCOPE'])
  })

  it('lets the admin of a township centre edit it, though its parent county centre is beyond them', async () => {
    const townAdmin = await person('centre_admin', { unitId: u.townA }, u.townA)
    const r = await townAdmin.call('PATCH', `/api/org/units/${u.townA}`, { phone: '0534-7310001', parentId: u.centreA })
    expect(r.statusCode).toBe(200)
    expect((await townAdmin.call('GET', `/api/org/units/${u.centreA}`)).statusCode).toBe(404)
  })

  it('lets the city centre admin see the centre\'s windows and open a department window for 市场监管局, but not the district centres', async () => {
    const call = staff.adminCity.call
    expect(ids(await call('GET', '/api/org/units?pageSize=100'))).toEqual(sorted(u.city, u.cityWindow, u.market))
    expect((await call('GET', `/api/org/units/${u.windowA}`)).statusCode).toBe(404)
    const w = await call('POST', '/api/org/units', { kind: 'window', subtype: 'department', name: '市场监管局窗口', regionCode: '3714', parentId: u.city, departmentId: u.market })
    expect(w.statusCode).toBe(201)
    // a department of another government is not there for them
    const other = await call('POST', '/api/org/units', { kind: 'window', subtype: 'department', name: '陵城区市场监管局窗口', regionCode: '3714', parentId: u.city, departmentId: u.deptB })
    expect([other.statusCode, other.json().error.code]).toEqual([400, 'INVALID_DEPARTMENT'])
  })

  it('lets a supervisor granted on region 3714 see every unit and every staff member in the city', async () => {
    const call = staff.supervisor.call
    const all = await admin('GET', '/api/org/units?pageSize=500&regionCode=3714')
    const seen = await call('GET', '/api/org/units?pageSize=500')
    expect(ids(seen)).toEqual(ids(all))
    expect(ids(seen)).toEqual(expect.arrayContaining([u.windowA, u.windowB, u.marketOffice, u.townA, u.deptB]))
    const staffSeen = ids(await call('GET', '/api/org/staff?pageSize=500'))
    expect(staffSeen).toEqual(expect.arrayContaining(Object.values(staff).map((s) => s.id)))
    expect((await call('GET', `/api/org/staff/${staff.windowB.id}`)).statusCode).toBe(200)
    // seeing is not managing
    expect((await call('PATCH', `/api/org/units/${u.windowB}`, { name: 'x' })).statusCode).toBe(403)
  })

  it('counts the summary within scope', async () => {
    const a = (await staff.adminA.call('GET', '/api/org/summary')).json()
    expect(a.city).toEqual({ code: '3714', name: '德州市' })
    // staff of district A: its window clerk, its centre admin and the township centre's admin
    expect(a.counts).toMatchObject({ centres: 2, departments: 1, approvalOffices: 0, staff: 3 })
    const s = (await staff.supervisor.call('GET', '/api/org/summary')).json()
    expect(s.counts).toMatchObject({ centres: 4, departments: 2, approvalOffices: 1, staff: 6 })
    // 德州市 with its 12 counties and 135 townships and streets
    expect(s.counts.regions).toBe(1 + 12 + 135)
    expect((await t.app.inject({ method: 'GET', url: '/api/org/summary' })).statusCode).toBe(401)
  })
})
