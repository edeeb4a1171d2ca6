import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, makeStaff, uniq, ADMIN_PASSWORD, type TestApp } from '../../test/harness.js'
import { systemCtx } from '../../server/context.js'
import { importRegions } from './region.service.js'
import { auditCount, caller, unit, type Call } from './org.test-support.js'

let t: TestApp
let admin: Call
let centre: number
let window1: number
let window2: number
let otherCentre: number
let otherWindow: number
let centreAdmin: { id: number; call: Call }

beforeAll(async () => {
  t = await createTestApp({ config: { loginMaxFailures: 2 } })
  await importRegions(t.deps, systemCtx(), { cityCode: '3714', withVillages: false })
  admin = caller(t, await t.login('admin', ADMIN_PASSWORD))
  centre = await unit(admin, { kind: 'centre', subtype: 'county_centre', name: '德城区政务服务中心', regionCode: '371402' })
  window1 = await unit(admin, { kind: 'window', subtype: 'general', name: '综合受理一号窗口', regionCode: '371402', parentId: centre })
  window2 = await unit(admin, { kind: 'window', subtype: 'general', name: '综合受理二号窗口', regionCode: '371402', parentId: centre })
  otherCentre = await unit(admin, { kind: 'centre', subtype: 'county_centre', name: '陵城区政务服务中心', regionCode: '371403' })
  otherWindow = await unit(admin, { kind: 'window', subtype: 'general', name: '陵城区综合窗口', regionCode: '371403', parentId: otherCentre })
  const s = await makeStaff(t.deps, { role: 'centre_admin', unitId: centre })
  centreAdmin = { id: s.id, call: caller(t, await t.login(s.username, s.password)) }
})
afterAll(() => t.close())

const errorOf = (r: { statusCode: number; json(): { error?: { code: string } } }) => [r.statusCode, r.json().error?.code]
let phoneSeq = 0
const mobile = () => `139534${String(process.pid % 100).padStart(2, '0')}${String(++phoneSeq).padStart(3, '0')}`

function newStaff(over: Record<string, unknown> = {}) {
  return { username: uniq('clerk'), displayName: '王芳', password: 'Window2026', phone: mobile(), title: '窗口受理员', unitId: window1, grants: [{ role: 'window_staff', unitId: window1 }], ...over }
}

describe('staff accounts', () => {
  it('are created by an administrator and can log in with the grants given', async () => {
    const body = newStaff()
    const r = await admin('POST', '/api/org/staff', body)
    expect(r.statusCode).toBe(201)
    const s = r.json().staff
    expect(s).toMatchObject({
      username: body.username,
      displayName: '王芳',
      phone: body.phone,
      title: '窗口受理员',
      unitId: window1,
      unitName: '综合受理一号窗口',
      status: 'active',
      locked: false,
      grants: [{ role: 'window_staff', unitId: window1, unitName: '综合受理一号窗口', regionCode: null, regionName: null }],
    })
    const cookie = await t.login(body.username, 'Window2026')
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })
    expect(me.json().user).toMatchObject({ kind: 'staff', unitId: window1, grants: [{ role: 'window_staff', unitId: window1 }] })
    expect(await auditCount(t, 'org.staff.create', s.id)).toBe(1)
    // the login is recorded (at the test clock's 2026-03-02 09:00 Beijing time)
    expect((await admin('GET', `/api/org/staff/${s.id}`)).json().staff).toEqual({ ...s, lastLoginAt: '2026-03-02T01:00:00.000Z' })
  })

  it('once disabled cannot log in, and lose the sessions they had; enabled again they can', async () => {
    const body = newStaff()
    const id = (await admin('POST', '/api/org/staff', body)).json().staff.id
    const cookie = await t.login(body.username, body.password)
    const off = await admin('PATCH', `/api/org/staff/${id}`, { status: 'disabled' })
    expect(off.json().staff.status).toBe('disabled')
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401)
    expect(await t.deps.db.selectFrom('session').select('id').where('user_id', '=', id).execute()).toEqual([])
    const refused = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: body.username, password: body.password } })
    expect(errorOf(refused)).toEqual([403, 'ACCOUNT_DISABLED'])
    expect(await auditCount(t, 'org.staff.disable', id)).toBe(1)
    expect((await admin('PATCH', `/api/org/staff/${id}`, { status: 'active' })).statusCode).toBe(200)
    await t.login(body.username, body.password)
    expect(await auditCount(t, 'org.staff.enable', id)).toBe(1)
  })

  it('show as locked after too many wrong passwords', async () => {
    const body = newStaff()
    const id = (await admin('POST', '/api/org/staff', body)).json().staff.id
    for (let i = 0; i < 2; i++) await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: body.username, password: 'Wrong1234' } })
    expect((await admin('GET', `/api/org/staff/${id}`)).json().staff.locked).toBe(true)
  })

  it.each([
    ['a malformed mobile number', { phone: '0534-2689' }, 400, 'INVALID_PHONE'],
    ['a username with capitals and spaces', { username: 'Wang Fang' }, 400, 'INVALID_USERNAME'],
    ['a weak password', { password: 'password' }, 400, 'WEAK_PASSWORD'],
    ['a home unit that does not exist', { unitId: 987654321 }, 400, 'INVALID_UNIT'],
    ['the applicant role', { grants: [{ role: 'applicant' }] }, 400, 'INVALID_GRANT'],
    ['a grant on both a unit and a region', { grants: [{ role: 'reviewer', unitId: 1, regionCode: '3714' }] }, 400, 'INVALID_GRANT'],
    ['a grant on an unknown region', { grants: [{ role: 'supervisor', regionCode: '371499' }] }, 400, 'INVALID_GRANT'],
    ['an unknown role', { grants: [{ role: 'mayor' }] }, 400, 'VALIDATION_ERROR'],
  ])('are refused with %s', async (_why, over, status, code) => {
    const before = await auditCount(t, 'org.staff.create')
    expect(errorOf(await admin('POST', '/api/org/staff', newStaff(over)))).toEqual([status, code])
    expect(await auditCount(t, 'org.staff.create')).toBe(before)
  })

  it('cannot take a username already in use', async () => {
    const body = newStaff()
    expect((await admin('POST', '/api/org/staff', body)).statusCode).toBe(201)
    expect(errorOf(await admin('POST', '/api/org/staff', { ...body, phone: mobile() }))).toEqual([409, 'USERNAME_TAKEN'])
  })

  it('can be found by role, name, unit and status', async () => {
    const body = newStaff({ displayName: '赵审核', unitId: window2, grants: [{ role: 'reviewer', unitId: window2 }] })
    const id = (await admin('POST', '/api/org/staff', body)).json().staff.id
    const byRole = (await admin('GET', '/api/org/staff?role=reviewer&pageSize=100')).json()
    expect(byRole.items.map((s: { id: number }) => s.id)).toContain(id)
    expect(byRole.items.every((s: { grants: { role: string }[] }) => s.grants.some((g) => g.role === 'reviewer'))).toBe(true)
    expect((await admin('GET', `/api/org/staff?q=${encodeURIComponent('赵审核')}`)).json().items.map((s: { id: number }) => s.id)).toEqual([id])
    const underCentre = (await admin('GET', `/api/org/staff?unitId=${centre}&pageSize=100`)).json().items.map((s: { id: number }) => s.id)
    expect(underCentre).toEqual(expect.arrayContaining([id, centreAdmin.id]))
    expect((await admin('GET', `/api/org/staff?unitId=${otherCentre}`)).json().total).toBe(0)
    expect((await admin('GET', '/api/org/staff?status=disabled&pageSize=100')).json().items.every((s: { status: string }) => s.status === 'disabled')).toBe(true)
  })
})

describe('a centre administrator', () => {
  it('creates staff in their centre with grants inside it', async () => {
    const r = await centreAdmin.call('POST', '/api/org/staff', newStaff({ unitId: window2, grants: [{ role: 'window_staff', unitId: window2 }, { role: 'reviewer', unitId: centre }] }))
    expect(r.statusCode).toBe(201)
    expect(r.json().staff.grants.map((g: { role: string }) => g.role)).toEqual(['window_staff', 'reviewer'])
  })

  type G = { role: string; unitId?: string | number; regionCode?: string }
  it.each<[string, G[]]>([
    ['system_admin', [{ role: 'system_admin' }]],
    ['system_admin on their own centre', [{ role: 'system_admin', unitId: 'CENTRE' }]],
    ['a role on another district\'s window', [{ role: 'window_staff', unitId: 'OTHER' }]],
    ['a role over a whole region', [{ role: 'supervisor', regionCode: '371402' }]],
    ['a system-wide role', [{ role: 'hotline_operator' }]],
    ['a unit that does not exist', [{ role: 'window_staff', unitId: 987654321 }]],
  ])('cannot grant %s', async (_why, grants) => {
    const resolved = grants.map((g) => ({ ...g, ...(g.unitId === 'CENTRE' ? { unitId: centre } : g.unitId === 'OTHER' ? { unitId: otherWindow } : {}) }))
    const r = await centreAdmin.call('POST', '/api/org/staff', newStaff({ grants: resolved }))
    expect(errorOf(r)).toEqual([403, 'GRANT_NOT_ALLOWED'])
  })

  it('cannot place staff in another district', async () => {
    const r = await centreAdmin.call('POST', '/api/org/staff', newStaff({ unitId: otherWindow, grants: [] }))
    expect(errorOf(r)).toEqual([400, 'INVALID_UNIT'])
  })

  it('replaces grants inside their scope, and the staff member\'s next request sees them', async () => {
    const body = newStaff()
    const id = (await centreAdmin.call('POST', '/api/org/staff', body)).json().staff.id
    const clerk = caller(t, await t.login(body.username, body.password))
    expect((await clerk('GET', `/api/org/units/${window2}`)).statusCode).toBe(404)
    const r = await centreAdmin.call('PUT', `/api/org/staff/${id}/grants`, { grants: [{ role: 'window_staff', unitId: window2 }] })
    expect(r.statusCode).toBe(200)
    expect(r.json().staff.grants).toEqual([{ role: 'window_staff', unitId: window2, unitName: '综合受理二号窗口', regionCode: null, regionName: null }])
    expect((await clerk('GET', `/api/org/units/${window2}`)).statusCode).toBe(200)
    expect((await clerk('GET', `/api/org/units/${window1}`)).statusCode).toBe(404)
    expect(await auditCount(t, 'org.staff.grants', id)).toBe(1)
    expect(errorOf(await centreAdmin.call('PUT', `/api/org/staff/${id}/grants`, { grants: [{ role: 'system_admin' }] }))).toEqual([403, 'GRANT_NOT_ALLOWED'])
  })

  it('cannot change someone who holds more than they do, nor their own account', async () => {
    // a system administrator whose home unit is in the centre
    const big = await makeStaff(t.deps, { role: 'system_admin', homeUnitId: centre })
    expect((await centreAdmin.call('GET', `/api/org/staff/${big.id}`)).statusCode).toBe(200)
    expect(errorOf(await centreAdmin.call('PATCH', `/api/org/staff/${big.id}`, { status: 'disabled' }))).toEqual([403, 'STAFF_OUTSIDE_SCOPE'])
    expect(errorOf(await centreAdmin.call('PUT', `/api/org/staff/${big.id}/grants`, { grants: [] }))).toEqual([403, 'STAFF_OUTSIDE_SCOPE'])
    expect(errorOf(await centreAdmin.call('PATCH', `/api/org/staff/${centreAdmin.id}`, { status: 'disabled' }))).toEqual([403, 'CANNOT_CHANGE_SELF'])
    expect(errorOf(await centreAdmin.call('PUT', `/api/org/staff/${centreAdmin.id}/grants`, { grants: [] }))).toEqual([403, 'CANNOT_CHANGE_SELF'])
    expect((await centreAdmin.call('PATCH', `/api/org/staff/${centreAdmin.id}`, { title: '中心管理办主任' })).json().staff.title).toBe('中心管理办主任')
  })

  it('edits a staff member\'s details and moves them within the centre, with the change audited', async () => {
    const id = (await centreAdmin.call('POST', '/api/org/staff', newStaff())).json().staff.id
    const r = await centreAdmin.call('PATCH', `/api/org/staff/${id}`, { displayName: '王芳芳', phone: null, unitId: window2 })
    expect(r.json().staff).toMatchObject({ displayName: '王芳芳', phone: null, unitId: window2 })
    const rec = await t.deps.db.selectFrom('audit_record').select(['before', 'after']).where('action', '=', 'org.staff.update').where('target_id', '=', String(id)).executeTakeFirstOrThrow()
    expect(rec.after).toEqual({ displayName: '王芳芳', phone: null, unitId: window2 })
    expect(errorOf(await centreAdmin.call('PATCH', `/api/org/staff/${id}`, { unitId: otherWindow }))).toEqual([400, 'INVALID_UNIT'])
  })

  it('resets the password of staff in scope only (the auth route, checked with org\'s scope)', async () => {
    const body = newStaff()
    const id = (await centreAdmin.call('POST', '/api/org/staff', body)).json().staff.id
    expect((await centreAdmin.call('POST', `/api/auth/accounts/${id}/reset-password`, { password: 'Reset2026x' })).statusCode).toBe(200)
    const elsewhere = (await admin('POST', '/api/org/staff', newStaff({ unitId: otherWindow, grants: [] }))).json().staff.id
    expect((await centreAdmin.call('POST', `/api/auth/accounts/${elsewhere}/reset-password`, {})).statusCode).toBe(404)
  })
})

describe('the role list', () => {
  it('names every staff role, assignable by administrators only, and not system_admin by a centre admin', async () => {
    const a = (await admin('GET', '/api/org/roles')).json().items
    expect(a.map((r: { role: string }) => r.role)).toEqual([
      'window_staff', 'reviewer', 'approver', 'centre_admin', 'supervisor', 'hotline_operator', 'handling_unit', 'agent', 'disclosure_officer', 'trading_staff', 'system_admin',
    ])
    expect(a.find((r: { role: string }) => r.role === 'window_staff')).toEqual({ role: 'window_staff', name: '窗口人员', assignable: true })
    const c = (await centreAdmin.call('GET', '/api/org/roles')).json().items
    expect(c.filter((r: { assignable: boolean }) => !r.assignable).map((r: { role: string }) => r.role)).toEqual(['system_admin'])
    const clerk = await makeStaff(t.deps, { role: 'window_staff', unitId: window1 })
    const w = (await caller(t, await t.login(clerk.username, clerk.password))('GET', '/api/org/roles')).json().items
    expect(w.every((r: { assignable: boolean }) => !r.assignable)).toBe(true)
    expect((await t.app.inject({ method: 'GET', url: '/api/org/roles' })).statusCode).toBe(401)
  })
})
