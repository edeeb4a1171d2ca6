/**
 * Joint cases through the real server: 统一收件, departments' pre-check, the merged one-time
 * correction notice, 统一受理 into sub-cases, replies, 集中回复, issuing, one delivery; access,
 * bad input, lists with the green channel first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { acceptedCase, auditCount, makeStaff, deptCookie, draftCase, getCase, itemGuide, insertBundle, MONDAY, pdfText, publishItem, REQUIRED_KEYS, setupFx, taskOf, upload, type Fx } from './joint.core-fixture.js'
import type { JointCaseDto } from './joint.types.js'

let fx: Fx
beforeAll(async () => {
  fx = await setupFx()
})
afterAll(() => fx.t.close())

const post = (url: string, cookie: string, body?: unknown) => fx.call('POST', `/api${url}`, cookie, body)

describe('a joint case from application to delivery', () => {
  it('is received once, pre-checked, accepted into sub-cases, answered, replied centrally, issued and delivered together', async () => {
    await fx.setClock(MONDAY)
    const draft = await draftCase(fx)
    expect(draft.status).toBe('draft')
    expect(draft.tasks).toHaveLength(3)
    // one set of materials: 申请书 serves all three items, 项目选址图 two
    const application = draft.requiredMaterials.find((m) => m.key === 'application')!
    expect(application.usedBy.sort()).toEqual([fx.items.a, fx.items.b, fx.items.c].sort())
    expect(draft.requiredMaterials.find((m) => m.key === 'site_plan')!.usedBy.sort()).toEqual([fx.items.a, fx.items.b].sort())

    const submitted = fx.ok(await post(`/joint/cases/${draft.id}/submit`, fx.ent.cookie))
    expect(submitted.case.status).toBe('received')
    expect(submitted.case.receivedAt).toBe('2026-03-02T01:00:00.000Z')
    expect(submitted.case.precheckDue).toBe('2026-03-04') // Mon + 2 working days
    expect(submitted.document.kind).toBe('joint_receipt')
    expect(submitted.case.tasks.every((t: { status: string }) => t.status === 'prechecking')).toBe(true)

    let c: JointCaseDto = submitted.case
    for (const k of ['a', 'b', 'c'] as const) {
      const mine = await getCase(fx, c.id, deptCookie(fx, k))
      expect(mine.taskActions[taskOf(fx, mine, k).id]).toContain('precheck')
      c = fx.ok(await post(`/joint/tasks/${taskOf(fx, c, k).id}/precheck`, deptCookie(fx, k), { ok: true })).case
    }
    await fx.setClock('2026-03-03T10:00:00+08:00')
    const accepted = fx.ok(await post(`/joint/cases/${c.id}/accept`, fx.c.win!))
    c = accepted.case
    expect(accepted.document.kind).toBe('joint_acceptance_notice')
    expect(c.status).toBe('accepted')
    expect(c.due).toBe('2026-03-24') // 15 working days from Tue 3 March
    expect(c.predictedCompletion).not.toBeNull()
    for (const t of c.tasks) {
      expect(t.status).toBe('pending')
      expect(t.caseNumber).toMatch(/^\d+$/)
      expect(t.light).toBe('green')
    }
    expect(taskOf(fx, c, 'b').limitDays).toBe(8)
    expect(taskOf(fx, c, 'b').due).toBe('2026-03-13')
    // each sub-case received the materials its own guide asks for, from the one set
    const subMats = await fx.t.deps.db
      .selectFrom('case_material')
      .select(['case_id', 'material_key'])
      .where('case_id', 'in', c.tasks.map((t) => t.caseId!))
      .execute()
    const keysOf = (caseId: number) => subMats.filter((m) => Number(m.case_id) === caseId).map((m) => m.material_key).sort()
    expect(keysOf(taskOf(fx, c, 'a').caseId!)).toEqual(['application', 'site_plan'])
    expect(keysOf(taskOf(fx, c, 'c').caseId!)).toEqual(['application', 'fire_design'])

    c = fx.ok(await post(`/joint/tasks/${taskOf(fx, c, 'a').id}/reply`, deptCookie(fx, 'a'), { reply: '同意' })).case
    c = fx.ok(await post(`/joint/tasks/${taskOf(fx, c, 'b').id}/reply`, deptCookie(fx, 'b'), { reply: '同意但需转报', forwardTo: '德州市自然资源和规划局' })).case
    c = fx.ok(await post(`/joint/tasks/${taskOf(fx, c, 'c').id}/reply`, deptCookie(fx, 'c'), { reply: '不同意', reasons: '消防设计不符合规范' })).case
    expect(c.tasks.map((t) => [t.reply, t.status, t.caseStatus])).toEqual(
      expect.arrayContaining([
        ['agree', 'replied', 'decided'],
        ['agree_forward', 'replied', 'decided'],
        ['disagree', 'replied', 'decided'],
      ]),
    )
    const replied = fx.ok(await post(`/joint/cases/${c.id}/reply`, fx.c.leadRev!))
    expect(replied.case.status).toBe('replied')
    const text = await pdfText(fx, c.id, replied.document.id)
    for (const s of ['集中回复', '同意但需转报', '德州市自然资源和规划局', '不同意', '消防设计不符合规范']) expect(text).toContain(s)

    for (const k of ['a', 'b'] as const) c = fx.ok(await post(`/joint/tasks/${taskOf(fx, c, k).id}/issue`, deptCookie(fx, k))).case
    expect(c.status).toBe('replied')
    const early = await post(`/joint/cases/${c.id}/deliver`, fx.c.win!, { method: 'download' })
    expect(early.statusCode).toBe(409)
    expect(early.json().error.code).toBe('RESULTS_OUTSTANDING')
    c = fx.ok(await post(`/joint/tasks/${taskOf(fx, c, 'c').id}/issue`, deptCookie(fx, 'c'))).case
    expect(c.status).toBe('completed')
    expect(taskOf(fx, c, 'a').documentIssuedAt).not.toBeNull()
    // the applicant may only choose download
    const pickup = await post(`/joint/cases/${c.id}/deliver`, fx.ent.cookie, { method: 'pickup' })
    expect(pickup.statusCode).toBe(400)
    c = fx.ok(await post(`/joint/cases/${c.id}/deliver`, fx.c.win!, { method: 'pickup', centreId: fx.U.get('centre') })).case
    expect(c.status).toBe('delivered')
    expect(c.tasks.every((t) => t.caseStatus === 'delivered')).toBe(true)
    expect(c.documents.some((d) => d.kind === 'result' && d.caseId === taskOf(fx, c, 'a').caseId)).toBe(true)
    for (const verb of ['create', 'submit', 'accept', 'central_reply', 'complete', 'deliver']) expect(await auditCount(fx, `joint.case.${verb}`, c.id)).toBe(1)
  })

  it('lets the window file for an applicant and scan the materials', async () => {
    const r = fx.ok(await post('/joint/window-cases', fx.c.win!, { kind: 'bundle', bundleId: fx.bundleId, windowId: fx.U.get('win'), applicant: { userId: fx.ent.id } }), 201)
    expect(r.case.channel).toBe('window')
    for (const k of REQUIRED_KEYS) fx.ok(await upload(fx, r.case.id, fx.c.win!, k), 201)
    const s = fx.ok(await post(`/joint/cases/${r.case.id}/submit`, fx.c.win!))
    expect(s.case.status).toBe('received')
    // the applicant sees it as theirs
    expect((await getCase(fx, r.case.id, fx.ent.cookie)).applicant.userId).toBe(fx.ent.id)
  })

  it('withdraws a received case and its tasks', async () => {
    const d = await draftCase(fx)
    fx.ok(await post(`/joint/cases/${d.id}/submit`, fx.ent.cookie))
    const w = fx.ok(await post(`/joint/cases/${d.id}/withdraw`, fx.ent.cookie, { reason: '项目调整' })).case
    expect(w.status).toBe('withdrawn')
    expect(w.tasks.every((t: { status: string }) => t.status === 'withdrawn')).toBe(true)
  })
})

describe('the merged one-time correction notice', () => {
  async function received() {
    const d = await draftCase(fx)
    return fx.ok(await post(`/joint/cases/${d.id}/submit`, fx.ent.cookie)).case as JointCaseDto
  }

  it('lists every department’s items in one document', async () => {
    const c = await received()
    fx.ok(await post(`/joint/tasks/${taskOf(fx, c, 'a').id}/precheck`, deptCookie(fx, 'a'), { items: [{ materialKey: 'site_plan', problem: '选址图未标注红线坐标' }] }))
    fx.ok(await post(`/joint/tasks/${taskOf(fx, c, 'b').id}/precheck`, deptCookie(fx, 'b'), { items: [{ materialKey: 'land_cert', problem: '土地权属证明已过期' }] }))
    fx.ok(await post(`/joint/tasks/${taskOf(fx, c, 'c').id}/precheck`, deptCookie(fx, 'c'), { ok: true }))
    const blocked = await post(`/joint/cases/${c.id}/accept`, fx.c.win!)
    expect(blocked.json().error.code).toBe('PRECHECK_PENDING')
    const r = fx.ok(await post(`/joint/cases/${c.id}/correction-notice`, fx.c.leadRev!))
    expect(r.case.status).toBe('correction_requested')
    expect(r.case.correctionCount).toBe(1)
    expect(r.case.documents.filter((d: { kind: string }) => d.kind === 'joint_correction_notice')).toHaveLength(1)
    const text = await pdfText(fx, c.id, r.document.id, fx.ent.cookie)
    const units = await fx.t.deps.db.selectFrom('org_unit').select(['id', 'name']).where('id', 'in', [fx.U.get('a')!, fx.U.get('b')!]).execute()
    for (const u of units) expect(text).toContain(u.name)
    for (const s of ['选址图未标注红线坐标', '土地权属证明已过期', '项目选址图', '土地权属证明']) expect(text).toContain(s)
  })

  it('is sent only once unless new material arrived since', async () => {
    const c = await received()
    const tA = taskOf(fx, c, 'a').id
    fx.ok(await post(`/joint/tasks/${tA}/precheck`, deptCookie(fx, 'a'), { items: [{ materialKey: 'application', problem: '未盖公章' }] }))
    fx.ok(await post(`/joint/cases/${c.id}/correction-notice`, fx.c.win!))
    // supplied without any new material: the department objects again, but no second notice
    fx.ok(await post(`/joint/cases/${c.id}/supply`, fx.ent.cookie, {}))
    fx.ok(await post(`/joint/tasks/${tA}/precheck`, deptCookie(fx, 'a'), { items: [{ materialKey: 'application', problem: '仍未盖公章' }] }))
    const again = await post(`/joint/cases/${c.id}/correction-notice`, fx.c.win!)
    expect(again.statusCode).toBe(409)
    expect(again.json().error.code).toBe('CORRECTION_ALREADY_SENT')
    expect((await getCase(fx, c.id)).actions).not.toContain('send_correction')

    const c2 = await received()
    const tA2 = taskOf(fx, c2, 'a').id
    fx.ok(await post(`/joint/tasks/${tA2}/precheck`, deptCookie(fx, 'a'), { items: [{ materialKey: 'application', problem: '未盖公章' }] }))
    fx.ok(await post(`/joint/cases/${c2.id}/correction-notice`, fx.c.win!))
    await fx.setClock(new Date(fx.t.clock.now().getTime() + 60_000).toISOString())
    fx.ok(await upload(fx, c2.id, fx.ent.cookie, 'application'), 201)
    fx.ok(await post(`/joint/cases/${c2.id}/supply`, fx.ent.cookie, { note: '已重新盖章' }))
    fx.ok(await post(`/joint/tasks/${tA2}/precheck`, deptCookie(fx, 'a'), { items: [{ materialKey: 'application', problem: '公章不清晰' }] }))
    const second = fx.ok(await post(`/joint/cases/${c2.id}/correction-notice`, fx.c.win!))
    expect(second.case.correctionCount).toBe(2)
  })

  it('refuses a notice when no department raised anything', async () => {
    const c = await received()
    const r = await post(`/joint/cases/${c.id}/correction-notice`, fx.c.win!)
    expect(r.statusCode).toBe(409)
    expect(r.json().error.code).toBe('NO_OPEN_CORRECTIONS')
  })
})

describe('acceptance checks and bad input', () => {
  it('refuses to accept with a required material missing, writing nothing', async () => {
    const d = await draftCase(fx, ['application', 'site_plan', 'land_cert'])
    fx.ok(await post(`/joint/cases/${d.id}/submit`, fx.ent.cookie))
    const r = await post(`/joint/cases/${d.id}/accept`, fx.c.win!)
    expect(r.statusCode).toBe(400)
    expect(r.json().error).toMatchObject({ code: 'MATERIALS_MISSING' })
    expect(r.json().error.message).toContain('消防设计文件')
    const c = await getCase(fx, d.id)
    expect(c.status).toBe('received')
    expect(c.tasks.every((t) => t.caseId === null && t.status === 'prechecking')).toBe(true)
    expect(await auditCount(fx, 'joint.case.accept', d.id)).toBe(0)
  })

  it('answers 4xx with {error:{code,message}} and leaves the task untouched', async () => {
    const c = await acceptedCase(fx)
    const tB = taskOf(fx, c, 'b').id
    const cases = [
      [{ reply: '同意但需转报' }, 400, 'FORWARD_TO_REQUIRED'],
      [{}, 400, null],
      [{ reply: '' }, 400, null],
    ] as const
    for (const [body, status, code] of cases) {
      const r = await post(`/joint/tasks/${tB}/reply`, deptCookie(fx, 'b'), body)
      expect(r.statusCode).toBe(status)
      expect(typeof r.json().error.message).toBe('string')
      if (code) expect(r.json().error.code).toBe(code)
    }
    expect(taskOf(fx, await getCase(fx, c.id), 'b').status).toBe('pending')
    expect(await auditCount(fx, 'joint.task.reply', tB)).toBe(0)
    const meeting = await post(`/joint/cases/${c.id}/meetings`, fx.c.leadRev!, { kind: 'meeting', title: '联席会议', scheduledAt: 'not a date', location: '三楼' })
    expect(meeting.statusCode).toBe(400)
    expect(meeting.json().error.code).toBe('MEETING_INVALID')
    const central = await post(`/joint/cases/${c.id}/reply`, fx.c.leadRev!)
    expect(central.json().error.code).toBe('REPLIES_OUTSTANDING')
  })

  it('passes FEES_UNPAID through when a department issues before the fees are paid', async () => {
    const feeItem = await publishItem(fx.t, itemGuide(fx.U.get('c')!, '城市建筑垃圾处置核准', [{ key: 'application', name: '申请书', requirement: 'required', condition: null, form: 'original', copies: 1, blankFormFileId: null, sampleFileId: null, eCertificateType: null, secondary: false, note: null }], { fees: [{ key: 'fee', name: '处置费', basis: '鲁价费〔2020〕1号', kind: 'flat', amountCents: 5000 } as never] }))
    const bundle = await insertBundle(fx.t, fx.U.get('a')!, [fx.items.a, feeItem])
    const d = fx.ok(await post('/joint/cases', fx.ent.cookie, { kind: 'bundle', bundleId: bundle }), 201).case as JointCaseDto
    for (const k of ['application', 'site_plan']) fx.ok(await upload(fx, d.id, fx.ent.cookie, k), 201)
    fx.ok(await post(`/joint/cases/${d.id}/submit`, fx.ent.cookie))
    const c = fx.ok(await post(`/joint/cases/${d.id}/accept`, fx.c.win!)).case as JointCaseDto
    const t = taskOf(fx, c, 'c')
    fx.ok(await post(`/joint/tasks/${t.id}/reply`, deptCookie(fx, 'c'), { reply: 'agree' }))
    const r = await post(`/joint/tasks/${t.id}/issue`, deptCookie(fx, 'c'))
    expect(r.statusCode).toBe(409)
    expect(r.json().error.code).toBe('FEES_UNPAID')
    expect(taskOf(fx, await getCase(fx, c.id), 'c').documentIssuedAt).toBeNull()
  })
})

describe('access', () => {
  it('answers 404 to anyone who is not the applicant, a department of the case or the window', async () => {
    const c = await acceptedCase(fx)
    for (const cookie of [fx.other.cookie, fx.c.stranger!]) {
      const r = await fx.call('GET', `/api/joint/cases/${c.id}`, cookie)
      expect(r.statusCode).toBe(404)
      expect(r.json().error.code).toBe('NOT_FOUND')
      expect((await post(`/joint/tasks/${c.tasks[0]!.id}/reply`, cookie, { reply: '同意' })).statusCode).toBe(404)
    }
    const doc = c.documents[0]!
    expect((await fx.call('GET', `/api/joint/cases/${c.id}/documents/${doc.id}`, fx.other.cookie)).statusCode).toBe(404)
    // a department of the case may not answer for another department
    const r = await post(`/joint/tasks/${taskOf(fx, c, 'b').id}/reply`, deptCookie(fx, 'c'), { reply: '同意' })
    expect(r.statusCode).toBe(403)
    // the applicant sees it, without department actions
    const mine = await getCase(fx, c.id, fx.ent.cookie)
    expect(Object.keys(mine.taskActions)).toHaveLength(0)
    const list = fx.ok(await fx.call('GET', '/api/joint/cases', fx.other.cookie))
    expect(list.items.some((x: { id: number }) => x.id === c.id)).toBe(false)
  })
})

describe('a department sub-case', () => {
  it('is answered, issued, withdrawn and delivered only through its joint case (JOINT_SUB_CASE)', async () => {
    const c = await acceptedCase(fx)
    const t = taskOf(fx, c, 'b')
    const approver = await makeStaff(fx.t.deps, { role: 'approver', unitId: fx.U.get('b')! })
    const cookie = await fx.t.login(approver.username, approver.password)
    const sub = fx.ok(await fx.call('GET', `/api/cases/${t.caseId}`, cookie)).case
    expect(sub).toMatchObject({ jointCaseId: c.id, greenChannel: false })
    for (const a of ['decide', 'complete', 'deliver', 'withdraw']) expect(sub.allowedActions).not.toContain(a)
    const decide = await fx.call('POST', `/api/cases/${t.caseId}/decision`, cookie, { outcome: 'grant' })
    expect(decide.statusCode).toBe(409)
    expect(decide.json().error.code).toBe('JOINT_SUB_CASE')
    const withdraw = await fx.call('POST', `/api/cases/${t.caseId}/withdraw`, fx.c.win!, {})
    expect(withdraw.json().error.code).toBe('JOINT_SUB_CASE')
    // answered through the task, the sub-case is decided; completing it from the case page is refused too
    fx.ok(await fx.call('POST', `/api/joint/tasks/${t.id}/reply`, deptCookie(fx, 'b'), { reply: '同意' }))
    const complete = await fx.call('POST', `/api/cases/${t.caseId}/complete`, cookie)
    expect(complete.statusCode).toBe(409)
    expect(complete.json().error.code).toBe('JOINT_SUB_CASE')
    expect(await auditCount(fx, 'cases.case.decide', t.caseId!)).toBe(1)
  })
})

describe('a project stage on the green channel', () => {
  it('cuts every department’s limit and the stage limit by the scheme’s percentage', async () => {
    await fx.setClock(MONDAY)
    const now = fx.t.clock.now()
    const db = fx.t.deps.db
    const scheme = await db
      .insertInto('joint_scheme')
      .values({ code: `S${Date.now()}`, name: '德州市工程建设项目审批', region_code: '371402', target_days: 25, green_cut_percent: 30, is_default: false, description: '', created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db
      .insertInto('joint_stage_def')
      .values({ scheme_id: Number(scheme.id), seq: 1, key: 'land_planning', name: '立项用地规划许可', lead_unit_id: fx.U.get('a')!, limit_days: 20, item_ids: JSON.stringify([fx.items.a, fx.items.b, fx.items.c]), meeting_kinds: JSON.stringify(['inspection']) })
      .execute()
    const project = await db
      .insertInto('joint_project')
      .values({ code: `2026-371402-48-02-${String(Date.now()).slice(-6)}`, name: '宏图产业园', scheme_id: Number(scheme.id), region_code: '371402', applicant_user_id: fx.ent.id, applicant_name: '德州市宏图建设有限公司', applicant_credit_code: null, location: '德城区', investment_cents: 100_000_000_00, industry_code: '48', green_channel: true, green_reason: '省重点项目', manager_user_id: null, target_days: 25, status: 'active', created_at: now, created_by: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    const body = { kind: 'stage', projectId: Number(project.id), stageKey: 'land_planning' }
    const d = fx.ok(await post('/joint/cases', fx.ent.cookie, body), 201).case as JointCaseDto
    expect(d).toMatchObject({ kind: 'stage', greenChannel: true, limitDays: 14, project: { stageKey: 'land_planning' } })
    const twice = await post('/joint/cases', fx.ent.cookie, body)
    expect(twice.json().error.code).toBe('STAGE_OPEN')
    for (const k of REQUIRED_KEYS) fx.ok(await upload(fx, d.id, fx.ent.cookie, k), 201)
    fx.ok(await post(`/joint/cases/${d.id}/submit`, fx.ent.cookie))
    const c = fx.ok(await post(`/joint/cases/${d.id}/accept`, fx.c.win!)).case as JointCaseDto
    // promised 10 / 8 / 5 working days, 30 % off, rounded up
    expect([taskOf(fx, c, 'a').limitDays, taskOf(fx, c, 'b').limitDays, taskOf(fx, c, 'c').limitDays]).toEqual([7, 6, 4])
    expect(taskOf(fx, c, 'c').due).toBe('2026-03-06') // Tue, Wed, Thu, Fri after Monday's acceptance
    expect(c.due).toBe('2026-03-20') // 14 working days
    const subs = await db.selectFrom('case').select(['green_channel']).where('joint_case_id', '=', c.id).execute()
    expect(subs.every((x) => x.green_channel)).toBe(true)
    const inbox = fx.ok(await fx.call('GET', '/api/joint/tasks?status=pending&pageSize=100', deptCookie(fx, 'a'))).items as { jointCaseId: number; greenChannel: boolean }[]
    expect(inbox[0]).toMatchObject({ jointCaseId: c.id, greenChannel: true })
  })
})

describe('agents (帮办代办)', () => {
  it('file and follow a case only under an active authorisation', async () => {
    const agent = await makeStaff(fx.t.deps, { role: 'agent', unitId: fx.U.get('centre')! })
    const cookie = await fx.t.login(agent.username, agent.password)
    const body = { kind: 'bundle', bundleId: fx.bundleId, principalUserId: fx.ent.id }
    const refused = await post('/joint/cases', cookie, body)
    expect(refused.statusCode).toBe(403)
    expect(refused.json().error.code).toBe('AUTHORISATION_REQUIRED')
    const now = fx.t.clock.now()
    const auth = await fx.t.deps.db
      .insertInto('agent_authorisation')
      .values({ agent_user_id: agent.id, principal_user_id: fx.ent.id, principal_name: '德州市宏图建设有限公司', scope: 'all', project_id: null, valid_from: '2026-01-01', valid_until: '2026-12-31', letter_file_id: null, note: null, created_at: now, created_by: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    const c = fx.ok(await post('/joint/cases', cookie, body), 201).case as JointCaseDto
    expect(c.agent).toMatchObject({ userId: agent.id, authorisationId: Number(auth.id) })
    expect(c.applicant.userId).toBe(fx.ent.id)
    for (const k of REQUIRED_KEYS) fx.ok(await upload(fx, c.id, cookie, k), 201)
    expect(fx.ok(await post(`/joint/cases/${c.id}/submit`, cookie)).case.status).toBe('received')
    expect((await getCase(fx, c.id, fx.ent.cookie)).agent?.userId).toBe(agent.id)
    const listed = fx.ok(await fx.call('GET', '/api/joint/cases?pageSize=100', cookie)).items as { id: number }[]
    expect(listed.map((x) => x.id)).toContain(c.id)
    await fx.t.deps.db.updateTable('agent_authorisation').set({ revoked_at: now, revoke_reason: '委托结束' }).where('id', '=', Number(auth.id)).execute()
    expect((await fx.call('GET', `/api/joint/cases/${c.id}`, cookie)).statusCode).toBe(404)
  })
})

describe('lists', () => {
  it('put the green channel first, then newest cases and earliest due tasks', async () => {
    const plain = await acceptedCase(fx)
    const green = await acceptedCase(fx)
    const newest = await acceptedCase(fx)
    await sql`UPDATE joint_case SET green_channel = true WHERE id = ${green.id}`.execute(fx.t.deps.db)
    /** every green row comes before every other row */
    const greenFirst = (rows: { greenChannel: boolean }[]) => {
      const firstPlain = rows.findIndex((x) => !x.greenChannel)
      return firstPlain === -1 || rows.slice(firstPlain).every((x) => !x.greenChannel)
    }
    const cases = fx.ok(await fx.call('GET', '/api/joint/cases?pageSize=100', fx.c.win)).items as { id: number; greenChannel: boolean }[]
    expect(greenFirst(cases)).toBe(true)
    const ids = cases.map((x) => x.id)
    expect(cases.find((x) => x.id === green.id)?.greenChannel).toBe(true)
    expect(ids.indexOf(green.id)).toBeLessThan(ids.indexOf(newest.id))
    expect(ids.indexOf(newest.id)).toBeLessThan(ids.indexOf(plain.id))
    const tasks = fx.ok(await fx.call('GET', '/api/joint/tasks?status=pending&pageSize=100', deptCookie(fx, 'b'))).items as { jointCaseId: number; due: string; greenChannel: boolean; itemName: string }[]
    expect(greenFirst(tasks)).toBe(true)
    expect(tasks.every((x) => x.itemName === '建设用地规划许可')).toBe(true)
    const taskCases = tasks.map((x) => x.jointCaseId)
    expect(taskCases.indexOf(green.id)).toBeLessThan(taskCases.indexOf(plain.id))
    const dues = tasks.filter((x) => !x.greenChannel).map((x) => x.due)
    expect([...dues].sort()).toEqual(dues)
    const none = await fx.call('GET', '/api/joint/tasks', fx.ent.cookie)
    expect(none.statusCode).toBe(403)
  })
})
