/**
 * Projects (一号制) through the real server: the project code, who may create and see a project,
 * green channel (propagated to open joint cases and sub-cases), project manager, stage order and
 * earlier stages' results pushed into later stages, the stages timeline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../../test/harness.js'
import { stageForApplication } from './joint.catalog.js'
import { count, createProject, createScheme, insertCase, insertCertificate, insertJointCase, projectBody, setupFx, type Fx } from './joint.admin.testkit.js'

let fx: Fx
let scheme: { id: number; stages: { id: number; key: string }[] }
let items: { fgj: number; zrj: number; spj: number; zjj: number }
beforeAll(async () => {
  fx = await setupFx()
  const s = await createScheme(fx, 'DC-PROJ')
  scheme = s.scheme
  items = s.items
})
afterAll(() => fx.t.close())

const CODE = /^2026-371402-(\d{2})-02-(\d{6})$/

async function grantAll(agentCookieless: number, principal = fx.ent) {
  return fx.ok(await fx.call('POST', '/api/joint/authorisations', principal.cookie, { agentUserId: agentCookieless, scope: 'all', validUntil: '2026-12-31' }), 201).authorisation
}

describe('creating projects', () => {
  it('gives an enterprise’s own project a code YYYY-region-industry-02-serial and the scheme’s target', async () => {
    const before = await count(fx, 'audit_record')
    const p = await createProject(fx)
    expect(p.code).toMatch(CODE)
    expect(p.code.split('-')[2]).toBe('47')
    expect(p).toMatchObject({ schemeId: scheme.id, applicantUserId: fx.ent.id, applicantName: fx.ent.name, targetDays: 25, investmentYuan: '125000000.50', greenChannel: false, status: 'active' })
    expect(p.stages.map((s: { state: string }) => s.state)).toEqual(['not_started', 'not_started', 'not_started', 'not_started'])
    expect(p.predictedTotalDays).toBe(5 + 8 + 6 + 6)
    expect(p.onTarget).toBe(true)
    expect(await count(fx, 'audit_record')).toBe(before + 1)
    const again = await createProject(fx, fx.ent.cookie, { industryCode: '48' })
    expect(Number(CODE.exec(again.code)![2])).toBe(Number(CODE.exec(p.code)![2]) + 1)
    expect(fx.ok(await fx.call('GET', `/api/joint/projects/by-code/${p.code}`, fx.ent.cookie)).project.id).toBe(p.id)
  })

  it.each([
    ['a natural person', () => fx.person.cookie, {}, 400, 'PROJECT_INVALID'],
    ['an unknown region', () => fx.ent.cookie, { regionCode: '379999' }, 400, 'PROJECT_INVALID'],
    ['a region without a scheme', () => fx.ent.cookie, { regionCode: '371481' }, 400, 'PROJECT_INVALID'],
    ['a bad investment', () => fx.ent.cookie, { investmentYuan: '12.345' }, 400, 'VALIDATION_ERROR'],
    ['a bad industry code', () => fx.ent.cookie, { industryCode: 'E4' }, 400, 'VALIDATION_ERROR'],
    ['an applicant filing for another', () => fx.ent.cookie, { applicantUserId: -1 }, 403, 'FORBIDDEN'],
    ['the window without an applicant', () => fx.c.win, {}, 400, 'PROJECT_INVALID'],
    ['an agent without an authorisation', () => fx.c.agent2, { applicantUserId: -1 }, 403, 'AUTHORISATION_REQUIRED'],
    ['another county’s admin without an authorisation', () => fx.c.kadmin, { applicantUserId: -1 }, 403, 'AUTHORISATION_REQUIRED'],
  ])('refuses %s and writes nothing', async (_why, cookie, over, status, code) => {
    const o: Record<string, unknown> = { ...over }
    if (o.applicantUserId === -1) o.applicantUserId = fx.ent2.id
    const before = [await count(fx, 'joint_project'), await count(fx, 'audit_record')]
    const r = await fx.call('POST', '/api/joint/projects', cookie(), projectBody(o))
    expect(r.statusCode, r.body).toBe(status)
    expect(r.json().error.code).toBe(code)
    expect([await count(fx, 'joint_project'), await count(fx, 'audit_record')]).toEqual(before)
  })

  it('lets the window file for an enterprise of its region, and an agent under an authorisation for all matters', async () => {
    const w = await createProject(fx, fx.c.win, { applicantUserId: fx.ent2.id, name: '长河物流园' })
    expect(w.applicantUserId).toBe(fx.ent2.id)
    await grantAll(fx.staffId.agent2!, fx.ent2)
    const a = await createProject(fx, fx.c.agent2, { applicantUserId: fx.ent2.id, name: '长河二期' })
    expect(a.applicantName).toBe(fx.ent2.name)
    // the agent now sees the principal's projects; the window of the region too
    const seen = fx.ok(await fx.call('GET', '/api/joint/projects', fx.c.agent2)).items.map((x: { id: number }) => x.id)
    expect(seen).toEqual(expect.arrayContaining([w.id, a.id]))
  })

  it('numbers projects uniquely when two server instances create them at the same moment', async () => {
    const b = await createTestApp({ testDb: fx.t.testDb, database: await fx.t.testDb.openAnother(), clock: fx.t.clock })
    try {
      const make = (app: typeof b.app, i: number) =>
        app.inject({ method: 'POST', url: '/api/joint/projects', headers: { cookie: fx.ent.cookie }, payload: projectBody({ name: `并发项目${i}` }) })
      const rs = await Promise.all(Array.from({ length: 12 }, (_, i) => make(i % 2 ? b.app : fx.t.app, i)))
      for (const r of rs) expect(r.statusCode, r.body).toBe(201)
      const serials = rs.map((r) => Number(CODE.exec(r.json().project.code)![2])).sort((x, y) => x - y)
      expect(new Set(serials).size).toBe(12)
      expect(serials[11]! - serials[0]!).toBe(11)
    } finally {
      await b.close()
    }
  })
})

describe('seeing projects', () => {
  it('shows a project to its applicant, the region’s staff and its manager; others get 404', async () => {
    const p = await createProject(fx, fx.ent.cookie, { name: '可见性项目' })
    expect((await fx.call('GET', `/api/joint/projects/${p.id}`, fx.ent.cookie)).statusCode).toBe(200)
    expect((await fx.call('GET', `/api/joint/projects/${p.id}`, fx.c.sup)).statusCode).toBe(200)
    expect((await fx.call('GET', `/api/joint/projects/${p.id}`, fx.c.admin)).statusCode).toBe(200)
    for (const c of [fx.ent2.cookie, fx.c.kadmin, fx.c.rev, fx.c.agent]) expect((await fx.call('GET', `/api/joint/projects/${p.id}`, c)).statusCode).toBe(404)
    expect((await fx.call('GET', `/api/joint/projects/by-code/${p.code}`, fx.ent2.cookie)).statusCode).toBe(404)
    expect((await fx.call('GET', `/api/joint/projects/${p.id}`)).statusCode).toBe(401)
    expect(fx.ok(await fx.call('GET', '/api/joint/projects', fx.ent2.cookie)).items.some((x: { id: number }) => x.id === p.id)).toBe(false)
    expect(fx.ok(await fx.call('GET', '/api/joint/projects', fx.c.kadmin)).items).toEqual([])
    // the manager
    const bad = await fx.call('PUT', `/api/joint/projects/${p.id}/manager`, fx.c.admin, { userId: fx.ent2.id })
    expect(bad.statusCode).toBe(400)
    expect((await fx.call('PUT', `/api/joint/projects/${p.id}/manager`, fx.c.kadmin, { userId: fx.staffId.rev })).statusCode).toBe(404)
    expect((await fx.call('PUT', `/api/joint/projects/${p.id}/manager`, fx.c.win, { userId: fx.staffId.rev })).statusCode).toBe(403)
    const m = fx.ok(await fx.call('PUT', `/api/joint/projects/${p.id}/manager`, fx.c.admin, { userId: fx.staffId.rev })).project
    expect(m.managerUserId).toBe(fx.staffId.rev)
    expect(m.managerName).toBeTruthy()
    expect((await fx.call('GET', `/api/joint/projects/${p.id}`, fx.c.rev)).statusCode).toBe(200)
    const managed = fx.ok(await fx.call('GET', '/api/joint/projects', fx.c.rev)).items
    expect(managed.map((x: { id: number }) => x.id)).toEqual([p.id])
  })
})

describe('green channel', () => {
  it('flags the project and its open joint cases and sub-cases in one transaction; lists order green first', async () => {
    const p = await createProject(fx, fx.ent.cookie, { name: '重点项目' })
    const done = await insertJointCase(fx, { projectId: p.id, stageDefId: scheme.stages[0]!.id, leadUnitId: fx.U.get('fgj')!, applicantUserId: fx.ent.id, status: 'completed', acceptedAt: '2026-03-02T09:00:00+08:00', completedAt: '2026-03-03T09:00:00+08:00' })
    const doneSub = await insertCase(fx, { itemId: items.fgj, unitId: fx.U.get('fgj')!, applicantUserId: fx.ent.id, jointCaseId: done, status: 'completed' })
    const open = await insertJointCase(fx, { projectId: p.id, stageDefId: scheme.stages[1]!.id, leadUnitId: fx.U.get('zrj')!, applicantUserId: fx.ent.id, status: 'accepted', acceptedAt: '2026-03-02T10:00:00+08:00' })
    const openSub = await insertCase(fx, { itemId: items.zrj, unitId: fx.U.get('zrj')!, applicantUserId: fx.ent.id, jointCaseId: open })
    const flags = async () => ({
      joint: Object.fromEntries((await fx.t.deps.db.selectFrom('joint_case').select(['id', 'green_channel']).where('id', 'in', [done, open]).execute()).map((r) => [Number(r.id), r.green_channel])),
      sub: Object.fromEntries((await fx.t.deps.db.selectFrom('case').select(['id', 'green_channel']).where('id', 'in', [doneSub, openSub]).execute()).map((r) => [Number(r.id), r.green_channel])),
    })

    const noReason = await fx.call('PUT', `/api/joint/projects/${p.id}/green-channel`, fx.c.admin, { on: true })
    expect(noReason.statusCode).toBe(400)
    expect(noReason.json().error.code).toBe('PROJECT_INVALID')
    expect((await fx.call('PUT', `/api/joint/projects/${p.id}/green-channel`, fx.c.kadmin, { on: true, reason: '省重点' })).statusCode).toBe(404)
    expect((await fx.call('PUT', `/api/joint/projects/${p.id}/green-channel`, fx.c.win, { on: true, reason: '省重点' })).statusCode).toBe(403)
    expect(await flags()).toEqual({ joint: { [done]: false, [open]: false }, sub: { [doneSub]: false, [openSub]: false } })

    const on = fx.ok(await fx.call('PUT', `/api/joint/projects/${p.id}/green-channel`, fx.c.admin, { on: true, reason: '省重点项目' })).project
    expect(on).toMatchObject({ greenChannel: true, greenReason: '省重点项目' })
    expect(await flags()).toEqual({ joint: { [done]: false, [open]: true }, sub: { [doneSub]: false, [openSub]: true } })
    const list = fx.ok(await fx.call('GET', '/api/joint/projects', fx.c.admin)).items
    expect(list[0].id).toBe(p.id)
    expect(list[0].greenChannel).toBe(true)
    expect(list.slice(1).every((x: { greenChannel: boolean }) => !x.greenChannel)).toBe(true)
    expect(fx.ok(await fx.call('GET', '/api/joint/projects?green=true', fx.c.admin)).items.map((x: { id: number }) => x.id)).toEqual([p.id])
    const audits = await fx.t.deps.db.selectFrom('audit_record').select('action').where('target_type', '=', 'joint_project').where('target_id', '=', String(p.id)).execute()
    expect(audits.map((a) => a.action)).toContain('joint.project.green_on')

    fx.ok(await fx.call('PUT', `/api/joint/projects/${p.id}/green-channel`, fx.c.admin, { on: false, reason: null }))
    expect(await flags()).toEqual({ joint: { [done]: false, [open]: false }, sub: { [doneSub]: false, [openSub]: false } })
  })
})

describe('stages', () => {
  it('keeps the stage order, refuses a second open case of a stage, and pushes earlier results as materials', async () => {
    const p = await createProject(fx, fx.ent.cookie, { name: '阶段顺序项目' })
    const [s1, s2] = scheme.stages
    await expect(stageForApplication(fx.t.deps.db, p.id, s2!.key)).rejects.toMatchObject({ code: 'STAGE_ORDER' })
    const first = await stageForApplication(fx.t.deps.db, p.id, s1!.key)
    expect(first).toMatchObject({ project: { id: p.id, greenCutPercent: 30, code: p.code }, stage: { key: s1!.key, limitDays: 5 }, priorResults: [] })
    expect(first.items.map((i) => i.itemId)).toEqual([items.fgj])
    await expect(stageForApplication(fx.t.deps.db, p.id, 'no_such_stage')).rejects.toMatchObject({ code: 'NOT_FOUND' })

    const jc = await insertJointCase(fx, { projectId: p.id, stageDefId: s1!.id, leadUnitId: fx.U.get('fgj')!, applicantUserId: fx.ent.id, status: 'accepted', acceptedAt: '2026-03-02T09:00:00+08:00' })
    await expect(stageForApplication(fx.t.deps.db, p.id, s1!.key)).rejects.toMatchObject({ code: 'STAGE_OPEN' })
    await expect(stageForApplication(fx.t.deps.db, p.id, s2!.key)).rejects.toMatchObject({ code: 'STAGE_ORDER' })

    const sub = await insertCase(fx, { itemId: items.fgj, unitId: fx.U.get('fgj')!, applicantUserId: fx.ent.id, jointCaseId: jc, status: 'completed' })
    const cert = await insertCertificate(fx, { caseId: sub, type: '项目备案证明', holderUserId: fx.ent.id })
    await insertCertificate(fx, { caseId: sub, type: '无关证照', holderUserId: fx.ent.id })
    await fx.t.deps.db.updateTable('joint_case').set({ status: 'completed', completed_at: '2026-03-04T09:00:00+08:00' }).where('id', '=', jc).execute()

    const second = await stageForApplication(fx.t.deps.db, p.id, s2!.key)
    expect(second.priorResults).toEqual([{ materialKey: 'filing', name: '项目备案证明', fileId: cert.fileId, caseId: sub, eCertificateId: cert.id }])
    await expect(stageForApplication(fx.t.deps.db, p.id, scheme.stages[2]!.key)).rejects.toMatchObject({ code: 'STAGE_ORDER' })
    // another project's certificates are never pushed
    const other = await createProject(fx, fx.ent.cookie, { name: '另一个项目' })
    const ojc = await insertJointCase(fx, { projectId: other.id, stageDefId: s1!.id, leadUnitId: fx.U.get('fgj')!, applicantUserId: fx.ent.id, status: 'delivered', acceptedAt: '2026-03-02T09:00:00+08:00', completedAt: '2026-03-03T09:00:00+08:00' })
    expect(ojc).toBeGreaterThan(0)
    expect((await stageForApplication(fx.t.deps.db, other.id, s2!.key)).priorResults).toEqual([])
  })

  it('shows the timeline: working days used per stage, prediction from limits, on target', async () => {
    const p = await createProject(fx, fx.ent.cookie, { name: '时间轴项目' })
    const [s1, s2] = scheme.stages
    // stage 1: accepted Mon 2 March, completed Thu 5 March → 3 working days
    await insertJointCase(fx, { projectId: p.id, stageDefId: s1!.id, leadUnitId: fx.U.get('fgj')!, applicantUserId: fx.ent.id, status: 'completed', acceptedAt: '2026-03-02T09:00:00+08:00', completedAt: '2026-03-05T16:00:00+08:00' })
    // stage 2: accepted Fri 6 March, open; today Tue 10 March → 2 working days
    await insertJointCase(fx, { projectId: p.id, stageDefId: s2!.id, leadUnitId: fx.U.get('zrj')!, applicantUserId: fx.ent.id, status: 'accepted', acceptedAt: '2026-03-06T09:00:00+08:00', limitDays: 8 })
    fx.t.clock.set('2026-03-10T10:00:00+08:00')
    try {
      const cookie = await fx.ent.relogin()
      const d = fx.ok(await fx.call('GET', `/api/joint/projects/${p.id}`, cookie)).project
      expect(d.stages.map((s: { state: string }) => s.state)).toEqual(['completed', 'open', 'not_started', 'not_started'])
      expect(d.stages.map((s: { workdaysUsed: number }) => s.workdaysUsed)).toEqual([3, 2, 0, 0])
      expect(d.stages[0].predictedCompletion).toBe('2026-03-05')
      expect(d.stages[1]).toMatchObject({ status: 'accepted', acceptedAt: '2026-03-06T01:00:00.000Z' })
      expect(d.workdaysUsed).toBe(5)
      // used 5 + stage 2's remaining limit 6 + stages 3 and 4: 6 + 6
      expect(d.predictedTotalDays).toBe(23)
      expect(d.onTarget).toBe(true)
      expect(d.predictedCompletion).toBe('2026-04-03') // 18 working days after Tue 10 March (清明 4–6 April not reached)
      const summary = fx.ok(await fx.call('GET', `/api/joint/projects?q=${encodeURIComponent('时间轴')}`, cookie)).items
      expect(summary).toEqual([expect.objectContaining({ id: p.id, currentStage: '工程建设许可', workdaysUsed: 5, targetDays: 25 })])
    } finally {
      fx.t.clock.set('2026-03-02T09:00:00+08:00')
    }
  })
})
