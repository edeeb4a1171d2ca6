import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from '../test/harness.js'
import { DEMO_PASSWORD, DEMO_PERSON_ID } from './accounts.js'
import { loadDemoCity } from './demo.js'
import { loadDemoCatalogue } from './catalog.js'
import { loadDemoCases } from './cases.js'
import { DEMO_BUNDLE_CODES, DEMO_SCHEME_CODES, demoJointCounts, loadDemoJoint, type DemoJointResult } from './joint.js'

let t: TestApp
let first: DemoJointResult
let ms = 0
beforeAll(async () => {
  t = await createTestApp()
  await loadDemoCity(t.deps, t.app.log)
  await loadDemoCatalogue(t.deps, t.app.log)
  await loadDemoCases(t.deps, t.app.log)
  const started = Date.now()
  first = await loadDemoJoint(t.deps, t.app.log)
  ms = Date.now() - started
  console.log(`demo (with joint) loaded on ${t.testDb.kind} in ${(ms / 1000).toFixed(1)} s:`, JSON.stringify(first))
}, 300_000)
afterAll(() => t.close())

const get = async (cookie: string, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } })

describe('the demo parallel approval (并联审批)', () => {
  it('loads every scenario through the joint services', async () => {
    expect(first.failed).toEqual([])
    expect(first.loaded).toBe(true)
    expect(first.schemes).toBe(3)
    expect(first.bundles).toBe(6)
    expect(first.projects).toBe(5)
    expect(first.authorisations).toBe(2)
    expect(first.jointCases).toBeGreaterThanOrEqual(14)
  })

  it('has 德州 一路通 (national four stages, 25 working days, green cut 30 %) as the default, and the 永川 and 大足 variants', async () => {
    const rows = await t.deps.db.selectFrom('joint_scheme').selectAll().orderBy('id').execute()
    const byCode = new Map(rows.map((r) => [r.code, r]))
    expect(byCode.get(DEMO_SCHEME_CODES.dezhou)).toMatchObject({ target_days: 25, green_cut_percent: 30, is_default: true, region_code: '3714' })
    expect(byCode.get(DEMO_SCHEME_CODES.yongchuan)!.is_default).toBe(false)
    expect(byCode.get(DEMO_SCHEME_CODES.dazu)!.is_default).toBe(false)
    const stages = async (code: string) =>
      (await t.deps.db.selectFrom('joint_stage_def').select(['name', 'limit_days']).where('scheme_id', '=', byCode.get(code)!.id).orderBy('seq').execute()).map((s) => s.name)
    expect(await stages(DEMO_SCHEME_CODES.dezhou)).toEqual(['立项用地规划许可', '工程建设许可', '施工许可', '竣工验收'])
    expect(await stages(DEMO_SCHEME_CODES.yongchuan)).toEqual(['立项', '规划', '土地供应', '初步设计', '竣工验收'])
    expect(await stages(DEMO_SCHEME_CODES.dazu)).toEqual(['立项选址', '规划条件', '方案审查', '施工许可', '验收办证'])
    const limits = await t.deps.db.selectFrom('joint_stage_def').select((eb) => eb.fn.sum<number>('limit_days').as('n')).where('scheme_id', '=', byCode.get(DEMO_SCHEME_CODES.dezhou)!.id).executeTakeFirstOrThrow()
    expect(Number(limits.n)).toBe(25)
  })

  it('publishes the bundles: 企业开办 五联动, 1+1+X, 新生儿出生', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/joint/bundles' })
    expect(r.statusCode).toBe(200)
    const items = r.json().items as { code: string; name: string; status: string; items: { name: string }[] }[]
    expect(items.map((b) => b.code).sort()).toEqual(Object.values(DEMO_BUNDLE_CODES).sort())
    expect(items.every((b) => b.status === 'published')).toBe(true)
    const opening = items.find((b) => b.code === DEMO_BUNDLE_CODES.enterprise)!
    expect(opening.items.map((i) => i.name)).toEqual(expect.arrayContaining(['企业设立登记（有限责任公司）', '公章刻制备案', '发票领用', '单位参保登记', '企业银行开户预约（企业开办专区）']))
    expect(items.find((b) => b.code === DEMO_BUNDLE_CODES.restaurant)!.items.map((i) => i.name)).toEqual(expect.arrayContaining(['企业设立登记（有限责任公司）', '食品经营许可（新办）']))
  })

  it('has projects in several stages, one on the green channel with a manager', async () => {
    const projects = await t.deps.db.selectFrom('joint_project').selectAll().orderBy('id').execute()
    expect(projects.length).toBe(5)
    const stageOf = new Map<number, Set<string>>()
    const open = await sql<{ project_id: number; key: string; status: string }>`
      select c.project_id, s.key, c.status from joint_case c join joint_stage_def s on s.id = c.stage_def_id where c.kind = 'stage'`.execute(t.deps.db)
    for (const r of open.rows) {
      if (['completed', 'delivered', 'refused', 'withdrawn'].includes(r.status)) continue
      stageOf.set(Number(r.project_id), (stageOf.get(Number(r.project_id)) ?? new Set()).add(r.key))
    }
    const current = new Set([...stageOf.values()].flatMap((s) => [...s]))
    expect(current.size).toBeGreaterThanOrEqual(2)
    expect(current).toContain('construction_permit_planning')
    const green = projects.filter((p) => p.green_channel)
    expect(green.length).toBe(1)
    expect(green[0]!.manager_user_id).not.toBeNull()
    // its joint case and sub-cases are on the green channel, with the 30 % cut limits
    const gc = await t.deps.db.selectFrom('joint_case').select(['id', 'green_channel', 'limit_days']).where('project_id', '=', green[0]!.id).executeTakeFirstOrThrow()
    expect(gc).toMatchObject({ green_channel: true, limit_days: 5 })
    // 一号制: every stage of a project carries the same project code
    for (const p of projects) expect(p.code).toMatch(/^\d{4}-\d{6}-\d{2}-02-\d{6}$/)
  })

  it('shows a deemed approval by timeout with its follow-up document, a late reply on record, and an absence deemed at a meeting', async () => {
    const deemed = await t.deps.db.selectFrom('joint_task').selectAll().where('status', '=', 'deemed').execute()
    const timeout = deemed.find((x) => x.deemed_kind === 'timeout')
    expect(timeout).toBeDefined()
    expect(timeout!.followup_due).not.toBeNull()
    expect(timeout!.late_reply).not.toBeNull()
    const sub = await t.deps.db.selectFrom('case').select(['status', 'completed_at']).where('id', '=', timeout!.case_id!).executeTakeFirstOrThrow()
    expect(['completed', 'delivered']).toContain(sub.status)
    expect(deemed.some((x) => x.deemed_kind === 'absence')).toBe(true)
    expect(first.deemed).toBeGreaterThanOrEqual(2)
    const audit = await sql<{ n: number }>`select count(*)::int8 as n from audit_record where action = 'joint.task.deem'`.execute(t.deps.db)
    expect(Number(audit.rows[0]!.n)).toBeGreaterThanOrEqual(2)
  })

  it('has a project stage just received with ONE merged correction notice, filed by an authorised agent', async () => {
    const rows = await t.deps.db.selectFrom('joint_case').selectAll().where('status', '=', 'correction_requested').execute()
    expect(rows.length).toBeGreaterThanOrEqual(1)
    const c = rows.find((r) => r.kind === 'stage')!
    expect(c.agent_user_id).not.toBeNull()
    expect(c.authorisation_id).not.toBeNull()
    expect(c.correction_count).toBe(1)
    const corrections = await t.deps.db.selectFrom('joint_correction').selectAll().where('joint_case_id', '=', c.id).execute()
    expect(corrections.length).toBe(2)
    expect(new Set(corrections.map((x) => x.notice_document_id)).size).toBe(1)
  })

  it('has bundle joint cases received, accepted with replies, and delivered with every result', async () => {
    const bundles = await t.deps.db.selectFrom('joint_case').selectAll().where('kind', '=', 'bundle').execute()
    const statuses = bundles.map((b) => b.status)
    for (const s of ['received', 'accepted', 'delivered']) expect(statuses, s).toContain(s)
    const accepted = bundles.find((b) => b.status === 'accepted')!
    const tasks = await t.deps.db.selectFrom('joint_task').select(['status']).where('joint_case_id', '=', accepted.id).execute()
    expect(tasks.some((x) => x.status === 'replied')).toBe(true)
    expect(tasks.some((x) => x.status === 'pending')).toBe(true)
    for (const b of bundles.filter((x) => x.status === 'delivered')) {
      const subs = await t.deps.db.selectFrom('case').select(['id', 'status']).where('joint_case_id', '=', b.id).execute()
      const items = await t.deps.db.selectFrom('joint_task').select('id').where('joint_case_id', '=', b.id).execute()
      expect(subs.length).toBe(items.length)
      expect(subs.every((s) => s.status === 'delivered')).toBe(true)
      // every department's result document was issued
      const docs = await t.deps.db.selectFrom('document').select(['case_id', 'kind']).where('case_id', 'in', subs.map((s) => s.id)).execute()
      for (const s of subs) expect(docs.some((x) => Number(x.case_id) === Number(s.id))).toBe(true)
      expect(b.delivered_at).not.toBeNull()
    }
  })

  it('loads once: a second run changes nothing', async () => {
    const before = await demoJointCounts(t.deps)
    const again = await loadDemoJoint(t.deps, t.app.log)
    expect(again.loaded).toBe(false)
    expect(await demoJointCounts(t.deps)).toEqual(before)
  })

  it('lets the demo accounts see it: the agent their principals\' cases, a department its tasks, the applicant their bundles', async () => {
    const agent = await t.login('agent01', DEMO_PASSWORD)
    const auths = (await get(agent, '/api/joint/authorisations')).json().items as { active: boolean }[]
    expect(auths.some((a) => a.active)).toBe(true)
    const zrzy = await t.login('zrzy01', DEMO_PASSWORD)
    const inbox = await get(zrzy, '/api/joint/tasks?pageSize=50')
    expect(inbox.statusCode).toBe(200)
    expect(inbox.json().total).toBeGreaterThan(0)
    const me = await t.login(DEMO_PERSON_ID, DEMO_PASSWORD)
    const mine = (await get(me, '/api/joint/cases?pageSize=50')).json()
    expect(mine.total).toBeGreaterThanOrEqual(4)
    const window = await t.login('window03', DEMO_PASSWORD)
    const projects = (await get(window, '/api/joint/projects?pageSize=50')).json()
    expect(projects.total).toBe(5)
    const p1 = (projects.items as { id: number; currentStage: string | null }[]).map((p) => p.currentStage)
    expect(p1.filter(Boolean).length).toBeGreaterThanOrEqual(2)
  })
})
