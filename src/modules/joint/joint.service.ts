/**
 * Joint cases: one application for several items, received once, pre-checked by every department,
 * one merged correction notice, accepted and split into sub-cases; the 超时默许 sweep (R16); reads.
 *
 * The departments' answers, meetings, central reply, issuing and delivery: joint.decisions.ts.
 * The shared unit of work: joint.work.ts. SQL: joint.repository.ts. Pure rules: joint.rules.ts.
 * Who may do what: joint.policy.ts. The DTO and the actor's actions: joint.view.ts.
 */
import crypto from 'node:crypto'
import type { Actor, Ctx, Deps } from '../../server/context.js'
import { mutate, type Tx } from '../../server/mutate.js'
import { scopeOf, unitInScope } from '../org/index.js'
import { addOrPending, dueOrPending, getCalendar, toShanghaiDate, type Calendar } from '../calendar/index.js'
import { storeFile } from '../files/index.js'
import { documentPdf, type IssuedDocument } from '../documents/index.js'
import { register } from '../auth/index.js'
import { createSubCase, subCasesOf, type WindowApplicant } from '../cases/index.js'
import { JointErrors } from './joint.errors.js'
import { bundleForApplication, stageForApplication, type PriorResult, type ResolvedItem } from './joint.catalog.js'
import { activeAuthorisation, authorisedPrincipals } from './joint.agents.js'
import { predictCompletion } from './joint.predict.js'
import { greenLimit, taskLight } from './joint.rules.js'
import * as repo from './joint.repository.js'
import type { JointCaseRow, TaskRow, UnitRow } from './joint.repository.js'
import { PRECHECK_DAYS, type JointCaseDto, type JointCaseStatus, type JointMaterialDto, type PredictionDto } from './joint.types.js'
import { buildCaseDto, mayNotifyAgain, safeDaysLeft } from './joint.view.js'
import { audit, baseFields, guideOf, inStatus, issueJoint, must, mutateJoint, mutateTask, notFound, setCase, tellApplicant, tellDepartment, today, unionOf } from './joint.work.js'
import { deemTask } from './joint.decisions.js'
import { AGENT_ROLES, DEPT_ROLES, SEE_ROLES, WINDOW_ROLES, resolveAccess, rolesOf, taskUnitNames, unitsOf, type CaseUnits } from './joint.policy.js'

// the departments' answers, meetings, central reply, issuing and delivery (one import for the routes and the demo)
export { replyTask, scheduleMeeting, recordAttendance, centralReply, issueTask, deliver, type MeetingInput } from './joint.decisions.js'

/** null when the actor may not see it (answer 404). */
export async function jointCaseAccess(deps: Deps, actor: Actor | null, jointCaseId: number): Promise<JointCaseAccess | null> {
  const c = await repo.findCase(deps.db, jointCaseId)
  if (!c) return null
  const as = await resolveAccess(deps.db, actor, c, await unitsOf(deps.db, c, await repo.tasksOf(deps.db, c.id)), today(deps))
  return as ? { jointCaseId: c.id, as } : null
}

export async function jointCaseDetail(deps: Deps, actor: Actor | null, jointCaseId: number): Promise<JointCaseDto> {
  const c = await repo.findCase(deps.db, jointCaseId)
  if (!c) throw notFound()
  const tasks = await repo.tasksOf(deps.db, c.id)
  const units = await unitsOf(deps.db, c, tasks)
  const day = today(deps)
  const as = await resolveAccess(deps.db, actor, c, units, day)
  if (!as) throw notFound()
  const cal = await getCalendar(deps, c.region_code)
  const prediction = c.accepted_at && (c.status === 'accepted' || c.status === 'replied') ? await predictCompletion(deps.db, cal, c.id, day) : null
  return buildCaseDto(deps.db, { c, tasks, unitNames: taskUnitNames(units), leadUnitName: units.lead?.name ?? '', cal, today: day, roles: rolesOf(actor, as, c, units), prediction })
}

export interface JointCaseAccess {
  jointCaseId: number
  /** applicant: the applicant; agent: an authorised agent; staff: staff with the lead unit, a task unit, or the receiving centre/window in scope (or the project manager) */
  as: 'applicant' | 'agent' | 'staff'
}

// ---------------------------------------------------------------------------------------------
// Applications: draft, window filing, form, materials, submit, withdraw

export type CreateInput = ({ kind: 'bundle'; bundleId: number } | { kind: 'stage'; projectId: number; stageKey: string }) & { principalUserId?: number }

interface Resolved {
  kind: 'bundle' | 'stage'
  name: string
  leadUnitId: number
  regionCode: string
  limitDays: number
  green: boolean
  projectId: number | null
  stageDefId: number | null
  bundleId: number | null
  items: ResolvedItem[]
  priorResults: PriorResult[]
  audiences: ('person' | 'enterprise')[] | null
  projectApplicant: number | null
}

async function resolveApplication(db: Deps['db'], input: CreateInput): Promise<Resolved> {
  if (input.kind === 'bundle') {
    const { bundle, items } = await bundleForApplication(db, input.bundleId)
    return {
      kind: 'bundle', name: bundle.name, leadUnitId: bundle.leadUnitId, regionCode: bundle.regionCode, limitDays: bundle.limitDays, green: false,
      projectId: null, stageDefId: null, bundleId: bundle.id, items, priorResults: [], audiences: bundle.audiences, projectApplicant: null,
    }
  }
  const { project, stage, items, priorResults } = await stageForApplication(db, input.projectId, input.stageKey)
  return {
    kind: 'stage', name: `${project.name}·${stage.name}`, leadUnitId: stage.leadUnitId, regionCode: project.regionCode,
    limitDays: project.greenChannel ? greenLimit(stage.limitDays, project.greenCutPercent) : stage.limitDays, green: project.greenChannel,
    projectId: project.id, stageDefId: stage.id, bundleId: null, items, priorResults, audiences: null, projectApplicant: project.applicantUserId,
  }
}

interface Filing {
  principalUserId: number
  agent: { userId: number; authorisationId: number } | null
  channel: 'online' | 'window'
  window: UnitRow | null
  form: Record<string, unknown>
}

async function insertDraft(tx: Tx, r: Resolved, f: Filing): Promise<number> {
  const user = await repo.userRow(tx.db, f.principalUserId)
  if (!user || user.kind !== 'applicant' || !user.applicant_kind) throw JointErrors.VALIDATION_ERROR('申请人不存在')
  if (r.projectApplicant !== null && r.projectApplicant !== user.id) throw JointErrors.NOT_FOUND('项目不存在')
  if (r.audiences && !r.audiences.includes(user.applicant_kind)) throw JointErrors.AUDIENCE_MISMATCH('该“一件事”的服务对象不含此类申请人')
  if (r.items.length === 0) throw JointErrors.ITEM_NOT_AVAILABLE('该阶段或“一件事”未配置事项')
  const centre = f.window ? await repo.centreAbove(tx.db, f.window) : await repo.centreOfRegion(tx.db, r.regionCode)
  const day = toShanghaiDate(tx.now)
  const serial = await repo.nextSerial(tx.db, `case:${r.regionCode}:${day}`)
  const id = await repo.insertCase(tx.db, {
    number: `LB${r.regionCode.slice(0, 6).padEnd(6, '0')}${day.replace(/-/g, '')}${String(serial).padStart(4, '0')}`,
    kind: r.kind,
    project_id: r.projectId,
    stage_def_id: r.stageDefId,
    bundle_id: r.bundleId,
    name: r.name,
    lead_unit_id: r.leadUnitId,
    region_code: r.regionCode,
    centre_id: centre?.id ?? null,
    window_id: f.window?.id ?? null,
    channel: f.channel,
    status: 'draft',
    applicant_user_id: user.id,
    applicant_kind: user.applicant_kind,
    applicant_name: user.display_name,
    applicant_id_number: user.id_number,
    applicant_credit_code: user.credit_code,
    applicant_phone: user.phone,
    agent_user_id: f.agent?.userId ?? null,
    authorisation_id: f.agent?.authorisationId ?? null,
    form: JSON.stringify(f.form),
    green_channel: r.green,
    limit_days: r.limitDays,
    created_at: tx.now,
    updated_at: tx.now,
  })
  for (const it of r.items) {
    await repo.insertTask(tx.db, {
      joint_case_id: id,
      item_id: it.itemId,
      item_version_id: it.versionId,
      unit_id: it.unitId,
      role: it.unitId === r.leadUnitId ? 'lead' : 'co',
      limit_days: it.guide.promisedLimitDays,
    })
  }
  // R15 art 16: an earlier stage's result is pushed in, never submitted again
  for (const p of r.priorResults) {
    await repo.insertMaterial(tx.db, { joint_case_id: id, material_key: p.materialKey, name: p.name, file_id: p.fileId, source: 'prior_stage', source_case_id: p.caseId, e_certificate_id: p.eCertificateId, uploaded_at: tx.now, uploaded_by: null })
  }
  const c = (await repo.findCase(tx.db, id))!
  const via = f.agent ? `（帮办代办，授权 ${f.agent.authorisationId}）` : f.channel === 'window' ? `（窗口代填：${f.window?.name ?? ''}）` : ''
  await audit({ tx, c }, 'case', 'create', `创建联办件草稿「${r.name}」，含 ${r.items.length} 个事项${via}`, { after: { status: 'draft', items: r.items.map((i) => i.itemId) } })
  return id
}

/** Online, by the applicant or an authorised agent (帮办代办). */
export async function createJointCase(deps: Deps, ctx: Ctx, input: CreateInput): Promise<number> {
  const actor = ctx.actor
  if (!actor) throw JointErrors.FORBIDDEN('请先登录')
  let principalUserId: number
  let agent: Filing['agent'] = null
  if (actor.kind === 'applicant') {
    principalUserId = actor.userId
  } else {
    if (!actor.grants.some((g) => AGENT_ROLES.includes(g.role))) throw JointErrors.FORBIDDEN('仅申请人或帮办代办员可以申请')
    if (!input.principalUserId) throw JointErrors.VALIDATION_ERROR('请指明委托人（principalUserId）')
    principalUserId = input.principalUserId
    const projectId = input.kind === 'stage' ? input.projectId : null
    const auth = await activeAuthorisation(deps.db, { agentUserId: actor.userId, principalUserId, projectId, today: today(deps) })
    if (!auth) throw JointErrors.AUTHORISATION_REQUIRED('没有有效的委托授权，不能代为申请')
    agent = { userId: actor.userId, authorisationId: auth.id }
  }
  const r = await resolveApplication(deps.db, input)
  return mutate(deps, ctx, (tx) => insertDraft(tx, r, { principalUserId, agent, channel: 'online', window: null, form: {} }))
}

async function resolveApplicant(deps: Deps, ctx: Ctx, a: WindowApplicant): Promise<number> {
  if ('userId' in a) return a.userId
  const found = a.kind === 'person' ? await repo.userIdByIdentity(deps.db, { idNumber: a.idNumber.trim().toUpperCase() }) : await repo.userIdByIdentity(deps.db, { creditCode: a.creditCode.trim().toUpperCase() })
  if (found) return found
  // registered on the spot with a random password: the applicant resets it later
  const password = `Ow${crypto.randomBytes(9).toString('base64url')}9a`
  return (await register(deps, ctx, { ...a, password })).id
}

/** At the general window (综合窗口): staff file for an applicant; the window then scans materials and submits. */
export async function fileAtWindow(deps: Deps, ctx: Ctx, input: CreateInput & { windowId: number; applicant: WindowApplicant; form?: Record<string, unknown> }): Promise<number> {
  const actor = ctx.actor
  const win = await repo.unitRow(deps.db, input.windowId)
  if (!actor || actor.kind !== 'staff' || !win || win.kind !== 'window' || !unitInScope(actor, WINDOW_ROLES, win)) throw JointErrors.NOT_FOUND('窗口不存在')
  const r = await resolveApplication(deps.db, input)
  const principalUserId = await resolveApplicant(deps, ctx, input.applicant)
  return mutate(deps, ctx, (tx) => insertDraft(tx, r, { principalUserId, agent: null, channel: 'window', window: win, form: input.form ?? {} }))
}

const EDITABLE: JointCaseStatus[] = ['draft', 'correction_requested']

export async function saveForm(deps: Deps, ctx: Ctx, id: number, form: Record<string, unknown>): Promise<void> {
  await mutateJoint(deps, ctx, id, async (w) => {
    must(w.roles.filer)
    inStatus(w.c, EDITABLE, '修改申请表')
    await setCase(w, { form: JSON.stringify(form) })
    await audit(w, 'case', 'form', '保存申请表')
  })
}

export async function uploadMaterial(deps: Deps, ctx: Ctx, id: number, materialKey: string, file: { data: Buffer; originalName: string }): Promise<JointMaterialDto> {
  const materialId = await mutateJoint(deps, ctx, id, async (w) => {
    must(w.roles.filer)
    inStatus(w.c, EDITABLE, '添加材料')
    const spec = (await unionOf(w.tx.db, w.tasks)).find((m) => m.key === materialKey)
    if (!spec) throw JointErrors.UNKNOWN_MATERIAL(`本联办件没有此材料：${materialKey}`)
    const stored = await storeFile(w.tx, file)
    const mid = await repo.insertMaterial(w.tx.db, { joint_case_id: w.c.id, material_key: spec.key, name: spec.name, file_id: stored.id, source: 'upload', uploaded_at: w.tx.now, uploaded_by: w.tx.ctx.actor?.userId || null })
    await setCase(w, { last_material_at: w.tx.now })
    await audit(w, 'case', 'material_add', `上传材料「${spec.name}」（供 ${spec.usedBy.length} 个事项共用）`, { after: { materialId: mid, materialKey, fileId: stored.id } })
    return mid
  })
  const dto = (await jointCaseDetail(deps, ctx.actor, id)).materials.find((m) => m.id === materialId)
  return dto!
}

export async function deleteMaterial(deps: Deps, ctx: Ctx, id: number, materialId: number): Promise<void> {
  await mutateJoint(deps, ctx, id, async (w) => {
    must(w.roles.filer)
    inStatus(w.c, EDITABLE, '删除材料')
    const m = await repo.deleteMaterial(w.tx.db, w.c.id, materialId)
    if (!m) throw JointErrors.NOT_FOUND('材料不存在')
    await audit(w, 'case', 'material_delete', `删除材料「${m.name}」`, { before: { materialId: m.id, fileId: m.file_id } })
  })
}

/** 统一收件: the moment of receipt is the server's; every department starts its pre-check. */
export async function submit(deps: Deps, ctx: Ctx, id: number): Promise<IssuedDocument> {
  return mutateJoint(deps, ctx, id, async (w) => {
    must(w.roles.filer)
    inStatus(w.c, ['draft'], '提交')
    const precheckDue = addOrPending(w.cal, w.today, PRECHECK_DAYS)
    await setCase(w, { status: 'received', received_at: w.tx.now, precheck_due: precheckDue })
    await repo.updateTasksOfCase(w.tx.db, w.c.id, ['prechecking'], { precheck_done_at: null })
    const dueText = precheckDue ?? `${PRECHECK_DAYS} 个工作日内`
    const doc = await issueJoint(w, 'joint_receipt', '并联审批收件回执', {
      paragraphs: [`您申请的「${w.c.name}」已统一收件，各相关部门将于 ${dueText} 前完成材料预审；需要补正的，将一次性告知。`],
      fields: [...baseFields(w), ['收件时间', w.tx.now.toISOString()], ['预审期限', dueText]],
      list: { title: '涉及的审批事项', items: await taskLines(w.tx.db, w.tasks, w.units) },
    })
    await audit(w, 'case', 'submit', `统一收件，部门预审期限 ${dueText}`, { after: { status: 'received', receivedAt: w.tx.now.toISOString(), precheckDue } })
    await tellApplicant(w, 'joint.received', { days: PRECHECK_DAYS, nextStep: '各部门预审后统一受理' })
    return doc
  })
}

async function taskLines(db: Deps['db'], tasks: TaskRow[], units: CaseUnits): Promise<string[]> {
  return Promise.all(tasks.filter((t) => t.status !== 'withdrawn').map(async (t) => `${(await guideOf(db, t)).name}（${units.tasks.get(t.id)?.name ?? ''}）`))
}

export async function withdraw(deps: Deps, ctx: Ctx, id: number, reason: string | null): Promise<void> {
  await mutateJoint(deps, ctx, id, async (w) => {
    must(w.roles.filer)
    inStatus(w.c, ['draft', 'received', 'correction_requested'], '撤回')
    await setCase(w, { status: 'withdrawn', withdrawn_at: w.tx.now })
    await repo.updateTasksOfCase(w.tx.db, w.c.id, ['prechecking'], { status: 'withdrawn' })
    await audit(w, 'case', 'withdraw', `撤回申请${reason ? `：${reason}` : ''}`, { after: { status: 'withdrawn' }, before: { status: w.c.status } })
    if (w.c.status !== 'draft') await tellApplicant(w, 'case.withdrawn', { reason: reason ?? '申请人撤回', nextStep: '联办件已终止' })
  })
}

// ---------------------------------------------------------------------------------------------
// Pre-check, the merged one-time correction notice, supply

export async function precheck(deps: Deps, ctx: Ctx, taskId: number, input: { ok?: boolean; items?: { materialKey: string | null; problem: string }[] }): Promise<number> {
  return mutateTask(deps, ctx, taskId, async (w, t) => {
    inStatus(w.c, ['received'], '预审')
    if (t.status !== 'prechecking' || t.precheck_done_at) throw JointErrors.INVALID_TRANSITION('该部门已完成预审')
    const items = (input.items ?? []).map((i) => ({ materialKey: i.materialKey ?? null, problem: i.problem.trim() })).filter((i) => i.problem)
    if (input.ok !== true && items.length === 0) throw JointErrors.CORRECTION_ITEMS_REQUIRED('预审不通过须一次性列明全部问题')
    if (input.ok === true && items.length > 0) throw JointErrors.VALIDATION_ERROR('预审通过时不应列出补正问题')
    const keys = new Set((await unionOf(w.tx.db, w.tasks)).map((m) => m.key))
    for (const i of items) if (i.materialKey !== null && !keys.has(i.materialKey)) throw JointErrors.UNKNOWN_MATERIAL(`本联办件没有此材料：${i.materialKey}`)
    await repo.updateTask(w.tx.db, t.id, { precheck_done_at: w.tx.now })
    if (items.length > 0) await repo.insertCorrection(w.tx.db, { joint_case_id: w.c.id, task_id: t.id, items, requested_at: w.tx.now, requested_by: w.tx.ctx.actor?.userId || null })
    const unit = w.units.tasks.get(t.id)?.name ?? ''
    await audit(w, 'task', 'precheck', items.length ? `${unit}预审：需补正 ${items.length} 项` : `${unit}预审通过`, { targetId: t.id, after: { items } })
    return w.c.id
  })
}

export async function sendCorrectionNotice(deps: Deps, ctx: Ctx, id: number): Promise<IssuedDocument> {
  return mutateJoint(deps, ctx, id, async (w) => {
    must(w.roles.lead || w.roles.window)
    inStatus(w.c, ['received'], '发出补正告知')
    const open = (await repo.correctionsOf(w.tx.db, w.c.id)).filter((x) => !x.notified_at && !x.supplied_at)
    if (open.length === 0) throw JointErrors.NO_OPEN_CORRECTIONS('各部门没有待补正的问题')
    if (!mayNotifyAgain(w.c)) throw JointErrors.CORRECTION_ALREADY_SENT('一次性告知已发出，申请人此后未提交新材料，不能再次告知')
    const union = await unionOf(w.tx.db, w.tasks)
    const lines = open.flatMap((x) => {
      const unit = w.units.tasks.get(x.task_id)?.name ?? ''
      return x.items.map((i) => `【${unit}】${i.materialKey === null ? '其他' : (union.find((m) => m.key === i.materialKey)?.name ?? i.materialKey)}：${i.problem}`)
    })
    const doc = await issueJoint(w, 'joint_correction_notice', '并联审批一次性补正告知书', {
      paragraphs: [`您申请的「${w.c.name}」经各相关部门预审，需补充或更正下列材料。现将各部门意见合并，一次性告知如下，请补齐后一并提交：`],
      fields: baseFields(w),
      list: { title: '需补正的材料（各部门合并）', items: lines },
    })
    await repo.markCorrectionsNotified(w.tx.db, open.map((x) => x.id), doc.id, w.tx.now)
    await setCase(w, { status: 'correction_requested', correction_count: w.c.correction_count + 1, last_correction_at: w.tx.now })
    await audit(w, 'case', 'correction_notice', `合并各部门预审意见，一次性告知补正 ${lines.length} 项`, { after: { status: 'correction_requested', documentId: doc.id, items: lines.length } })
    await tellApplicant(w, 'joint.correction_requested', { count: lines.length, nextStep: '请按一次性补正告知书补齐材料后提交' })
    return doc
  })
}

export async function supply(deps: Deps, ctx: Ctx, id: number, note: string | null): Promise<void> {
  await mutateJoint(deps, ctx, id, async (w) => {
    must(w.roles.filer)
    inStatus(w.c, ['correction_requested'], '提交补正')
    await repo.markCorrectionsSupplied(w.tx.db, w.c.id, w.tx.now)
    // every department takes a fresh look at the supplied set
    await repo.updateTasksOfCase(w.tx.db, w.c.id, ['prechecking'], { precheck_done_at: null })
    await setCase(w, { status: 'received' })
    await audit(w, 'case', 'supply', `补正材料已提交${note ? `：${note}` : ''}`, { after: { status: 'received' } })
  })
}

// ---------------------------------------------------------------------------------------------
// 统一受理 / 不予受理

async function greenCut(db: Deps['db'], c: JointCaseRow): Promise<number> {
  return (await repo.projectRef(db, c.project_id))?.greenCutPercent ?? 0
}

export async function accept(deps: Deps, ctx: Ctx, id: number): Promise<IssuedDocument> {
  return mutateJoint(deps, ctx, id, async (w) => {
    must(w.roles.window, '仅综合窗口可以统一受理')
    inStatus(w.c, ['received'], '受理')
    const corrections = await repo.correctionsOf(w.tx.db, w.c.id)
    if (corrections.some((x) => !x.supplied_at)) throw JointErrors.PRECHECK_PENDING('尚有部门预审提出的补正问题未处理，请先一次性告知申请人补正')
    const mats = await repo.materialsOf(w.tx.db, w.c.id)
    const have = new Set(mats.map((m) => m.material_key))
    const missing = (await unionOf(w.tx.db, w.tasks)).filter((m) => m.requirement === 'required' && !have.has(m.key))
    if (missing.length > 0) throw JointErrors.MATERIALS_MISSING(`缺少必需材料：${missing.map((m) => m.name).join('、')}`, { missing: missing.map((m) => ({ key: m.key, name: m.name })) })
    const cut = w.c.green_channel ? await greenCut(w.tx.db, w.c) : 0
    const lines: string[] = []
    for (const t of w.tasks.filter((x) => x.status === 'prechecking')) {
      const guide = await guideOf(w.tx.db, t)
      const own = w.c.green_channel ? greenLimit(guide.promisedLimitDays, cut) : guide.promisedLimitDays
      const limit = Math.min(own, w.c.limit_days)
      const sub = await createSubCase(w.tx, {
        jointCaseId: w.c.id,
        itemVersionId: t.item_version_id,
        channel: w.c.channel,
        windowId: w.c.window_id,
        applicant: { userId: w.c.applicant_user_id, kind: w.c.applicant_kind, name: w.c.applicant_name, idNumber: w.c.applicant_id_number, creditCode: w.c.applicant_credit_code, phone: w.c.applicant_phone },
        form: w.c.form ?? {},
        receivedAt: w.c.received_at ? new Date(w.c.received_at) : w.tx.now,
        materials: mats
          .filter((m) => guide.materials.some((g) => g.key === m.material_key))
          .map((m) => ({ materialKey: m.material_key, name: m.name, fileId: m.file_id, source: m.source === 'upload' ? 'upload' : m.source === 'e_certificate' ? 'e_certificate' : 'reuse', eCertificateId: m.e_certificate_id })),
        greenChannel: w.c.green_channel,
        limitDays: limit,
      })
      const due = sub.promisedDue ?? dueOrPending(w.cal, { start: w.tx.now, days: limit })
      await repo.updateTask(w.tx.db, t.id, { status: 'pending', case_id: sub.caseId, limit_days: limit, due })
      await tellDepartment(w, t.unit_id, 'joint.task_assigned', { due: due ?? '期限待定', nextStep: '请在「协办任务」中答复：同意、不同意（须说明理由）或同意但需转报；逾期未答复的视为同意' })
      lines.push(`${guide.name}（${w.units.tasks.get(t.id)?.name ?? ''}）：${limit} 个工作日，${due ?? '待节假日安排公布后确定'} 前答复；子件编号 ${sub.number}`)
    }
    const due = dueOrPending(w.cal, { start: w.tx.now, days: w.c.limit_days })
    await setCase(w, { status: 'accepted', accepted_at: w.tx.now, due })
    const predicted = (await predictCompletion(w.tx.db, w.cal, w.c.id, w.today)).predictedCompletion
    await setCase(w, { predicted_completion: predicted })
    const doc = await issueJoint(w, 'joint_acceptance_notice', '并联审批受理通知书', {
      paragraphs: [`您申请的「${w.c.name}」材料齐全、符合法定形式，现予统一受理，由各相关部门并行审批，限 ${w.c.limit_days} 个工作日内集中回复。`],
      fields: [...baseFields(w), ['受理时间', w.tx.now.toISOString()], ['办理时限', `${w.c.limit_days} 个工作日`], ['承诺办结日期', due ?? '待节假日安排公布后确定'], ['预计办结日期', predicted ?? '—'], ...(w.c.green_channel ? ([['绿色通道', '是（时限压缩）']] as [string, string][]) : [])],
      list: { title: '各部门并行审批', items: lines },
    })
    await audit(w, 'case', 'accept', `统一受理，拆分为 ${lines.length} 个部门子件，${due ?? '期限待定'} 前集中回复`, { after: { status: 'accepted', due, predictedCompletion: predicted } })
    await tellApplicant(w, 'joint.accepted', { due: due ?? '期限待定', count: lines.length, nextStep: '各部门并行审批，完成后集中回复' })
    return doc
  })
}

export async function refuse(deps: Deps, ctx: Ctx, id: number, reasons: string): Promise<IssuedDocument> {
  return mutateJoint(deps, ctx, id, async (w) => {
    must(w.roles.window, '仅综合窗口可以作出不予受理决定')
    inStatus(w.c, ['received', 'correction_requested'], '不予受理')
    const why = reasons.trim()
    if (!why) throw JointErrors.REASONS_REQUIRED('不予受理须说明理由')
    const doc = await issueJoint(w, 'joint_refusal_notice', '并联审批不予受理通知书', {
      paragraphs: [`您申请的「${w.c.name}」经审查，决定不予受理。`, `理由：${why}`],
      fields: baseFields(w),
      footer: ['如不服本决定，可依法申请行政复议或者提起行政诉讼。'],
    })
    await setCase(w, { status: 'refused', refusal_reasons: why })
    await repo.updateTasksOfCase(w.tx.db, w.c.id, ['prechecking'], { status: 'withdrawn' })
    await audit(w, 'case', 'refuse', `不予受理：${why}`, { after: { status: 'refused' } })
    await tellApplicant(w, 'joint.refused', { reason: why, nextStep: '可补齐条件后重新申请' })
    return doc
  })
}

// ---------------------------------------------------------------------------------------------
// R16 超时默许: the sweep (every minute, exactly once across instances)

class ClaimLost extends Error {}

/** R16 超时默许: pending tasks whose due date has passed are deemed to agree. Returns how many. */
export async function sweepTimeouts(deps: Deps, ctx: Ctx, now: Date): Promise<number> {
  const day = toShanghaiDate(now)
  let count = 0
  const failed: { taskId: number; error: unknown }[] = []
  for (const due of await repo.overdueTasks(deps.db, day)) {
    try {
      await mutateJoint(deps, ctx, due.jointCaseId, async (w) => {
        const t = w.tasks.find((x) => x.id === due.taskId)
        // another instance got there first: roll back quietly (no audit, nothing written)
        if (w.c.status !== 'accepted' || !t || !(await deemTask(w, t, 'timeout'))) throw new ClaimLost()
      })
      count++
    } catch (e) {
      // one task that cannot be deemed (its sub-case in a state that cannot be decided) must not hold up the others
      if (!(e instanceof ClaimLost)) failed.push({ taskId: due.taskId, error: e })
    }
  }
  if (failed.length > 0) {
    throw new AggregateError(failed.map((f) => f.error), `joint.deemed.timeout: ${failed.length} task(s) could not be deemed: ${failed.map((f) => f.taskId).join(', ')}`)
  }
  return count
}

// ---------------------------------------------------------------------------------------------
// Reads: actions, lists, prediction, documents


export async function listCases(deps: Deps, actor: Actor, q: Omit<repo.CaseListQuery, 'page' | 'pageSize'> & { page?: number; pageSize?: number }) {
  const page = q.page ?? 1
  const pageSize = q.pageSize ?? 20
  const who: repo.CaseListFilter =
    actor.kind === 'applicant'
      ? { kind: 'applicant', userId: actor.userId }
      : { kind: 'staff', userId: actor.userId, scope: scopeOf(actor, SEE_ROLES), principals: await authorisedPrincipals(deps.db, actor.userId, today(deps)) }
  const { total, rows } = await repo.listCases(deps.db, who, { ...q, page, pageSize })
  const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null)
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      number: r.number,
      kind: r.kind,
      name: r.name,
      status: r.status,
      applicantName: r.applicant_name,
      leadUnitName: r.lead_unit_name ?? '',
      greenChannel: r.green_channel,
      receivedAt: iso(r.received_at),
      due: r.due,
      predictedCompletion: r.predicted_completion,
      projectCode: r.project_code ?? null,
      tasksTotal: Number(r.tasks_total ?? 0),
      tasksAnswered: Number(r.tasks_answered ?? 0),
      tasksDeemed: Number(r.tasks_deemed ?? 0),
    })),
    total,
    page,
    pageSize,
  }
}

export async function listTasks(deps: Deps, actor: Actor, q: { status?: TaskRow['status']; page?: number; pageSize?: number }) {
  if (actor.kind !== 'staff' || !actor.grants.some((g) => DEPT_ROLES.includes(g.role))) throw JointErrors.FORBIDDEN('仅限部门审批人员使用')
  const page = q.page ?? 1
  const pageSize = q.pageSize ?? 20
  const { total, rows } = await repo.listTasks(deps.db, { scope: scopeOf(actor, DEPT_ROLES), status: q.status, page, pageSize })
  const day = today(deps)
  const calendars = new Map<string, Calendar>()
  for (const r of rows) if (!calendars.has(r.region_code)) calendars.set(r.region_code, await getCalendar(deps, r.region_code))
  const items = rows.map((r) => {
    const daysLeft = r.status === 'pending' && r.due && r.sub_status !== 'paused' ? safeDaysLeft(calendars.get(r.region_code)!, day, r.due) : null
    return {
      taskId: Number(r.task_id),
      jointCaseId: Number(r.joint_case_id),
      jointCaseNumber: r.number,
      jointCaseName: r.name,
      itemName: r.item_name ?? '',
      unitName: r.unit_name,
      role: r.role,
      status: r.status,
      greenChannel: r.green_channel,
      applicantName: r.applicant_name,
      due: r.due,
      precheckDue: r.precheck_due,
      daysLeft,
      light: taskLight(daysLeft),
    }
  })
  return { items, total, page, pageSize }
}

export async function prediction(deps: Deps, actor: Actor | null, id: number): Promise<PredictionDto> {
  const access = await jointCaseAccess(deps, actor, id)
  if (!access) throw notFound()
  const c = (await repo.findCase(deps.db, id))!
  return predictCompletion(deps.db, await getCalendar(deps, c.region_code), id, today(deps))
}

/** A joint case's own document, or one of its sub-cases'. */
export async function documentOf(deps: Deps, actor: Actor | null, id: number, docId: number) {
  const access = await jointCaseAccess(deps, actor, id)
  if (!access) throw notFound()
  const pdf = await documentPdf(deps, docId)
  if (!pdf) throw JointErrors.NOT_FOUND('文书不存在')
  const subIds = new Set((await subCasesOf(deps.db, id)).map((s) => s.caseId))
  const belongs = pdf.document.jointCaseId === id || (pdf.document.caseId !== null && subIds.has(pdf.document.caseId))
  if (!belongs) throw JointErrors.NOT_FOUND('文书不存在')
  return pdf
}

