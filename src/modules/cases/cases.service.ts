/**
 * Cases: applications online and at the window, pre-review, the intake decision, handling steps,
 * pauses, extensions, decision, completion, delivery, the clock and the progress query.
 * Other modules are called only through their index.ts.
 */
import crypto from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Actor, Ctx, Deps } from '../../server/context.js'
import { mutate, type Tx } from '../../server/mutate.js'
import type { Role } from '../../shared/roles.js'
import { STAFF_ROLES } from '../../shared/roles.js'
import { unitInScope } from '../org/index.js'
import { addOrPending, dueOrPending, getCalendar, type Calendar } from '../calendar/index.js'

type Db = Kysely<DB>
import { currentItemVersion, getItemVersion, PAUSE_KINDS, type ItemGuide, type ItemVersion, type PauseKind } from '../catalog/index.js'
import { storeFile, fileInfo } from '../files/index.js'
import { issueDocument, documentsOfCase, type DocumentBody, type DocumentKind, type IssuedDocument } from '../documents/index.js'
import { notify, type NoticeEvent } from '../notify/index.js'
import { quoteFees, createFeeOrder, feeOrderOfCase, cancelFeeOrder, formatYuan, type FeeOrder } from '../fees/index.js'
import { register } from '../auth/index.js'
import { trailOf } from '../audit/index.js'
import { CasesErrors } from './cases.errors.js'
import * as repo from './cases.repository.js'
import type { CaseRow, MaterialRow, StepRow, UnitRow } from './cases.repository.js'
import {
  assertTransition,
  canDo,
  CASE_STATUSES,
  computeClock,
  conditionalLapsed,
  decideIntake,
  deemedAccepted,
  maskIdNumber,
  maskName,
  maskPhone,
  REFUSAL_KINDS,
  shanghaiDate,
  toPauses,
  type CaseAction,
  type CaseClock,
  type CaseStatus,
  type IntakeRequest,
  type MaterialState,
} from './cases.rules.js'

/** R5: the longest extension for an item type, in working days (行政许可法 art 42: 10 for 行政许可). */
export const EXTENSION_LIMITS: Partial<Record<string, number>> = { '01': 10 }
export const DEFAULT_EXTENSION_LIMIT = 10

const INTAKE_ROLES: Role[] = ['window_staff', 'centre_admin']
const APPROVER_ROLES: Role[] = ['approver']
const HANDLING_ROLES: Role[] = ['reviewer', 'approver', 'handling_unit', 'window_staff', 'centre_admin']
const SEE_ROLES: Role[] = STAFF_ROLES.filter((r) => r !== 'hotline_operator' && r !== 'disclosure_officer' && r !== 'trading_staff')

// ---------------------------------------------------------------------------------------------
// Access and scope

interface CaseUnits {
  handling: UnitRow | null
  centre: UnitRow | null
  window: UnitRow | null
}

async function unitsOf(db: Db, c: CaseRow): Promise<CaseUnits> {
  return {
    handling: await repo.unitRow(db, c.unit_id),
    centre: await repo.unitRow(db, c.centre_id),
    window: await repo.unitRow(db, c.window_id),
  }
}

/** Staff in scope: the handling unit's subtree, the receiving centre (and its windows), region grants over the case's region. */
export function staffInScope(actor: Actor | null, roles: readonly Role[], c: CaseRow, u: CaseUnits): boolean {
  if (!actor || actor.kind === 'applicant') return false
  if (u.handling && unitInScope(actor, roles, u.handling)) return true
  if (u.centre) {
    const centre = u.centre
    if (unitInScope(actor, roles, centre)) return true
    if (actor.grants.some((g) => roles.includes(g.role) && g.unitPath !== null && g.unitPath.startsWith(centre.path))) return true
  }
  if (u.window && unitInScope(actor, roles, u.window)) return true
  return actor.grants.some((g) => roles.includes(g.role) && g.regionCode !== null && c.region_code.startsWith(g.regionCode))
}

export async function accessTo(deps: Deps, actor: Actor | null, c: CaseRow): Promise<'applicant' | 'staff' | null> {
  if (!actor) return null
  if (actor.kind === 'applicant') return actor.userId === c.applicant_user_id ? 'applicant' : null
  return staffInScope(actor, SEE_ROLES, c, await unitsOf(deps.db, c)) ? 'staff' : null
}

/** The case if the actor may see it, else 404 (as if absent). */
async function loadVisible(deps: Deps, actor: Actor | null, caseId: number): Promise<{ c: CaseRow; as: 'applicant' | 'staff' }> {
  const c = await repo.findCase(deps.db, caseId)
  const as = c ? await accessTo(deps, actor, c) : null
  if (!c || !as) throw CasesErrors.NOT_FOUND('办件不存在')
  return { c, as }
}

/** Inside a transaction: lock the case, check the actor may act on it with one of the roles. */
async function lockForStaff(tx: Tx, caseId: number, roles: readonly Role[]): Promise<CaseRow> {
  const c = await repo.findCase(tx.db, caseId, true)
  const actor = tx.ctx.actor
  if (!c || !actor) throw CasesErrors.NOT_FOUND('办件不存在')
  const units = await unitsOf(tx.db, c)
  if (!staffInScope(actor, SEE_ROLES, c, units)) throw CasesErrors.NOT_FOUND('办件不存在')
  if (!staffInScope(actor, roles, c, units)) throw CasesErrors.FORBIDDEN('您没有对该办件执行此操作的权限')
  return c
}

async function lockForApplicant(tx: Tx, caseId: number): Promise<CaseRow> {
  const c = await repo.findCase(tx.db, caseId, true)
  const actor = tx.ctx.actor
  if (!c || !actor || actor.kind !== 'applicant' || actor.userId !== c.applicant_user_id) throw CasesErrors.NOT_FOUND('办件不存在')
  return c
}

async function lockForEither(tx: Tx, caseId: number, roles: readonly Role[]): Promise<{ c: CaseRow; as: 'applicant' | 'staff' }> {
  const actor = tx.ctx.actor
  if (actor?.kind === 'applicant') return { c: await lockForApplicant(tx, caseId), as: 'applicant' }
  return { c: await lockForStaff(tx, caseId, roles), as: 'staff' }
}

// ---------------------------------------------------------------------------------------------
// Helpers

/**
 * The region's calendar is read before the transaction (getCalendar reads through the app's own
 * connection, which on PGlite is the one the transaction holds) and kept with the transaction.
 */
const CALENDARS = new WeakMap<Tx, Calendar>()
function calOf(tx: Tx): Calendar {
  const cal = CALENDARS.get(tx)
  if (!cal) throw new Error('cases: no calendar for this transaction')
  return cal
}

async function mutateCase<T>(deps: Deps, ctx: Ctx, caseId: number, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const pre = await repo.findCase(deps.db, caseId)
  if (!pre) throw CasesErrors.NOT_FOUND('办件不存在')
  const cal = await getCalendar(deps, pre.region_code)
  return mutate(deps, ctx, (tx) => {
    CALENDARS.set(tx, cal)
    return fn(tx)
  })
}

async function versionOf(db: Db, c: CaseRow): Promise<ItemVersion> {
  const v = await getItemVersion(db, c.item_version_id)
  if (!v) throw new Error(`item version ${c.item_version_id} of case ${c.id} is missing`)
  return v
}

async function unitName(db: Db, id: number | null): Promise<string> {
  return (await repo.unitRow(db, id))?.name ?? ''
}

function materialStates(guide: ItemGuide, mats: readonly MaterialRow[]): MaterialState[] {
  const present = new Set(mats.map((m) => m.material_key))
  return guide.materials.map((m) => ({ key: m.key, name: m.name, requirement: m.requirement, secondary: m.secondary, present: present.has(m.key) }))
}

function pendingOpen(c: CaseRow, mats: readonly MaterialRow[]): string[] {
  const present = new Set(mats.map((m) => m.material_key))
  return (c.conditional_pending ?? []).filter((p) => !present.has(p.materialKey)).map((p) => p.materialKey)
}

async function setCase(tx: Tx, id: number, set: Record<string, unknown>): Promise<void> {
  await tx.db.updateTable('case').set({ ...set, updated_at: tx.now } as never).where('id', '=', id).execute()
}

async function audit(tx: Tx, c: CaseRow, verb: string, summary: string, after?: unknown, before?: unknown): Promise<void> {
  await tx.audit({ action: `cases.case.${verb}`, targetType: 'case', targetId: c.id, unitId: c.unit_id, summary: `${c.number}：${summary}`, after, before })
}

async function tell(tx: Tx, c: CaseRow, event: NoticeEvent, data: Record<string, string | number>): Promise<void> {
  const v = await getItemVersion(tx.db, c.item_version_id)
  await notify(tx, {
    event,
    userId: c.applicant_user_id,
    phone: c.applicant_phone,
    name: c.applicant_name,
    caseId: c.id,
    data: { caseNumber: c.number, itemName: v?.guide.name ?? '', unitName: await unitName(tx.db, c.unit_id), date: shanghaiDate(tx.now), ...data },
  })
}

async function issue(tx: Tx, c: CaseRow, kind: DocumentKind, title: string, body: DocumentBody, unitId?: number | null): Promise<IssuedDocument> {
  const uid = unitId === undefined ? c.unit_id : unitId
  return issueDocument(tx, {
    kind,
    caseId: c.id,
    caseNumber: c.number,
    unitId: uid,
    unitName: await unitName(tx.db, uid),
    applicantName: c.applicant_name,
    title,
    body,
  })
}

function baseFields(c: CaseRow, guide: ItemGuide, now: Date): [string, string][] {
  return [
    ['办件编号', c.number],
    ['申请人', c.applicant_name],
    ['申请事项', guide.name],
    ['日期', shanghaiDate(now)],
  ]
}

function materialName(guide: ItemGuide, key: string | null): string {
  if (key === null) return '其他'
  return guide.materials.find((m) => m.key === key)?.name ?? key
}

// ---------------------------------------------------------------------------------------------
// Applications

export async function createDraft(deps: Deps, ctx: Ctx, itemId: number): Promise<number> {
  const actor = ctx.actor
  if (!actor || actor.kind !== 'applicant') throw CasesErrors.FORBIDDEN('仅申请人可在线申请')
  const v = await currentItemVersion(deps.db, itemId)
  if (!v) throw CasesErrors.NOT_FOUND('事项不存在')
  if (v.status !== 'published') throw CasesErrors.ITEM_NOT_AVAILABLE(v.status === 'suspended' ? '该事项已暂停办理，暂不接受申请' : '该事项已取消，不接受申请')
  const user = await deps.db.selectFrom('user_account').selectAll().where('id', '=', actor.userId).executeTakeFirst()
  if (!user || user.kind !== 'applicant' || !user.applicant_kind) throw CasesErrors.FORBIDDEN('仅申请人可在线申请')
  if (!v.guide.audiences.includes(user.applicant_kind)) {
    throw CasesErrors.AUDIENCE_MISMATCH(user.applicant_kind === 'person' ? '该事项的服务对象不含自然人' : '该事项的服务对象不含法人')
  }
  if (!v.guide.channels.includes('online')) throw CasesErrors.CHANNEL_NOT_OFFERED('该事项不提供网上办理，请到窗口申请')
  return mutate(deps, ctx, async (tx) => {
    const c = await insertCase(tx, v, {
      channel: 'online',
      status: 'draft',
      windowId: null,
      applicant: { userId: Number(user.id), kind: user.applicant_kind!, name: user.display_name, idNumber: user.id_number, creditCode: user.credit_code, phone: user.phone },
      form: {},
    })
    await audit(tx, c, 'create', `创建网上申请草稿（${v.guide.name}）`)
    return c.id
  })
}

interface NewCase {
  channel: 'online' | 'window'
  status: CaseStatus
  windowId: number | null
  applicant: { userId: number; kind: 'person' | 'enterprise'; name: string; idNumber: string | null; creditCode: string | null; phone: string | null }
  form: Record<string, unknown>
  receivedAt?: Date
}

async function insertCase(tx: Tx, v: ItemVersion, n: NewCase): Promise<CaseRow> {
  const implementing = await repo.unitRow(tx.db, v.guide.departmentId)
  if (!implementing) throw CasesErrors.ITEM_NOT_AVAILABLE('事项的实施部门不存在')
  // the department's approval office (审批科室), where it has one, handles the case
  const dept = (await repo.approvalOfficeOf(tx.db, implementing)) ?? implementing
  const win = await repo.unitRow(tx.db, n.windowId)
  const centre = win ? await repo.centreOfUnit(tx.db, win) : await repo.centreOfRegion(tx.db, dept.region_code)
  const number = await repo.nextCaseNumber(tx.db, dept.region_code, shanghaiDate(tx.now))
  const row = await tx.db
    .insertInto('case')
    .values({
      number,
      item_id: v.itemId,
      item_version_id: v.versionId,
      unit_id: dept.id,
      region_code: dept.region_code,
      centre_id: centre?.id ?? null,
      window_id: win?.id ?? null,
      channel: n.channel,
      status: n.status,
      applicant_user_id: n.applicant.userId,
      applicant_kind: n.applicant.kind,
      applicant_name: n.applicant.name,
      applicant_id_number: n.applicant.idNumber,
      applicant_credit_code: n.applicant.creditCode,
      applicant_phone: n.applicant.phone,
      form: JSON.stringify(n.form ?? {}),
      quantities: '{}',
      exemptions: '[]',
      conditional_pending: '[]',
      created_at: tx.now,
      received_at: n.receivedAt ?? null,
      legal_days: v.guide.legalLimitDays,
      promised_days: v.guide.promisedLimitDays,
      updated_at: tx.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  return repo.normaliseCase(row)
}

export async function saveForm(
  deps: Deps,
  ctx: Ctx,
  caseId: number,
  input: { form: Record<string, unknown>; quantities?: Record<string, number>; exemptions?: string[] },
): Promise<void> {
  await mutateCase(deps, ctx, caseId, async (tx) => {
    const { c } = await lockForEither(tx, caseId, INTAKE_ROLES)
    if (!['draft', 'returned', 'received', 'correction_requested'].includes(c.status)) {
      throw CasesErrors.INVALID_TRANSITION(`办件当前状态为「${CASE_STATUSES[c.status]}」，不能修改申请表`)
    }
    // 选地取件: the centre chosen for pick-up must be a service centre; post needs an address
    const choice = deliveryChoiceOf(input.form)
    if (choice?.method === 'pickup') {
      const centre = choice.centreId ? await repo.unitRow(tx.db, choice.centreId) : undefined
      if (!centre || centre.kind !== 'centre') throw CasesErrors.DELIVERY_INVALID('请选择领取结果的服务中心')
    }
    if (choice?.method === 'post' && !choice.address) throw CasesErrors.DELIVERY_INVALID('选择邮寄送达须填写收件地址')
    // quantities and exemptions are checked against the item's fee rules now, not first at intake
    const v = await versionOf(tx.db, c)
    if (v.guide.fees.length > 0) quoteFees(v.guide.fees, { quantities: input.quantities ?? {}, exemptions: input.exemptions ?? [] })
    const set: Record<string, unknown> = { form: JSON.stringify(input.form ?? {}) }
    if (input.quantities) set.quantities = JSON.stringify(input.quantities)
    if (input.exemptions) set.exemptions = JSON.stringify(input.exemptions)
    await setCase(tx, c.id, set)
    await audit(tx, c, 'update_form', '填写申请表')
  })
}

/** The applicant's choice of how to receive the result, as saved with the application form. */
export function deliveryChoiceOf(form: unknown): { method: 'pickup' | 'post' | 'download'; centreId: number | null; address: string | null } | null {
  const d = (form as { delivery?: { method?: unknown; centreId?: unknown; address?: unknown } } | null)?.delivery
  if (!d || (d.method !== 'pickup' && d.method !== 'post' && d.method !== 'download')) return null
  const centreId = Number(d.centreId)
  return {
    method: d.method,
    centreId: Number.isSafeInteger(centreId) && centreId > 0 ? centreId : null,
    address: typeof d.address === 'string' && d.address.trim() ? d.address.trim() : null,
  }
}

/** Statuses in which materials may be added or removed, and by whom. */
function mayChangeMaterials(c: CaseRow, as: 'applicant' | 'staff', key: string, mats: MaterialRow[]): boolean {
  if (as === 'applicant' && ['draft', 'returned', 'correction_requested'].includes(c.status)) return true
  if (as === 'staff' && ['received', 'correction_requested'].includes(c.status)) return true
  // 容缺: the pending materials may be supplied while the case is handled
  return (c.status === 'accepted' || c.status === 'paused') && pendingOpen(c, mats).includes(key)
}

export interface MaterialDto {
  id: number
  materialKey: string
  name: string
  fileId: string
  fileName: string
  mime: string
  size: number
  sha256: string
  source: 'upload' | 'reuse' | 'e_certificate'
  uploadedAt: string
}

async function materialDto(deps: Deps, m: MaterialRow): Promise<MaterialDto> {
  const f = await fileInfo(deps.db, m.file_id)
  return {
    id: m.id,
    materialKey: m.material_key,
    name: m.name,
    fileId: m.file_id,
    fileName: f?.originalName ?? '',
    mime: f?.mime ?? 'application/octet-stream',
    size: f?.size ?? 0,
    sha256: f?.sha256 ?? '',
    source: m.source,
    uploadedAt: new Date(m.uploaded_at).toISOString(),
  }
}

async function addMaterialRow(
  tx: Tx,
  c: CaseRow,
  as: 'applicant' | 'staff',
  guide: ItemGuide,
  materialKey: string,
  fileId: string,
  source: 'upload' | 'reuse' | 'e_certificate',
  extra: { reusedFrom?: number; eCertificateId?: number } = {},
): Promise<MaterialRow> {
  const spec = guide.materials.find((m) => m.key === materialKey)
  if (!spec) throw CasesErrors.UNKNOWN_MATERIAL(`该事项没有此材料：${materialKey}`)
  const mats = await repo.materialsOf(tx.db, c.id)
  if (!mayChangeMaterials(c, as, materialKey, mats)) {
    throw CasesErrors.INVALID_TRANSITION(`办件当前状态为「${CASE_STATUSES[c.status]}」，不能添加材料`)
  }
  const row = await tx.db
    .insertInto('case_material')
    .values({
      case_id: c.id,
      material_key: materialKey,
      name: spec.name,
      file_id: fileId,
      source,
      reused_from: extra.reusedFrom ?? null,
      e_certificate_id: extra.eCertificateId ?? null,
      uploaded_at: tx.now,
      uploaded_by: tx.ctx.actor?.userId || null,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  await setCase(tx, c.id, { last_material_at: tx.now })
  const m = { ...row, id: Number(row.id), case_id: c.id, reused_from: row.reused_from === null ? null : Number(row.reused_from), e_certificate_id: row.e_certificate_id === null ? null : Number(row.e_certificate_id) }
  const how = source === 'upload' ? '上传' : source === 'reuse' ? '复用已提交的' : '以电子证照代替'
  await audit(tx, c, 'material_add', `${how}材料「${spec.name}」`, { materialId: m.id, materialKey, fileId, source })
  return m
}

export async function uploadMaterial(deps: Deps, ctx: Ctx, caseId: number, materialKey: string, file: { data: Buffer; originalName: string }): Promise<MaterialDto> {
  const m = await mutateCase(deps, ctx, caseId, async (tx) => {
    const { c, as } = await lockForEither(tx, caseId, INTAKE_ROLES)
    const v = await versionOf(tx.db, c)
    if (!v.guide.materials.some((x) => x.key === materialKey)) throw CasesErrors.UNKNOWN_MATERIAL(`该事项没有此材料：${materialKey}`)
    const stored = await storeFile(tx, file)
    return addMaterialRow(tx, c, as, v.guide, materialKey, stored.id, 'upload')
  })
  return materialDto(deps, m)
}

/** R49: a material submitted in an earlier case of the applicant, or an e-certificate they hold, is reused. */
export async function reuseMaterial(
  deps: Deps,
  ctx: Ctx,
  caseId: number,
  input: { materialKey: string; fromMaterialId?: number; eCertificateId?: number },
): Promise<MaterialDto> {
  const m = await mutateCase(deps, ctx, caseId, async (tx) => {
    const { c, as } = await lockForEither(tx, caseId, INTAKE_ROLES)
    const v = await versionOf(tx.db, c)
    const spec = v.guide.materials.find((x) => x.key === input.materialKey)
    if (!spec) throw CasesErrors.UNKNOWN_MATERIAL(`该事项没有此材料：${input.materialKey}`)
    if (input.eCertificateId !== undefined) {
      const e = await tx.db.selectFrom('e_certificate').selectAll().where('id', '=', input.eCertificateId).executeTakeFirst()
      if (!e || Number(e.holder_user_id) !== c.applicant_user_id || !e.file_id) throw CasesErrors.REUSE_NOT_FOUND('电子证照不存在')
      if (!spec.eCertificateType || spec.eCertificateType !== e.type) throw CasesErrors.VALIDATION_ERROR(`该电子证照不能代替材料「${spec.name}」`)
      return addMaterialRow(tx, c, as, v.guide, input.materialKey, e.file_id, 'e_certificate', { eCertificateId: Number(e.id) })
    }
    if (input.fromMaterialId === undefined) throw CasesErrors.VALIDATION_ERROR('请指定要复用的材料或电子证照')
    const prev = await tx.db
      .selectFrom('case_material')
      .innerJoin('case', 'case.id', 'case_material.case_id')
      .select(['case_material.id', 'case_material.material_key', 'case_material.name', 'case_material.file_id', 'case.applicant_user_id', 'case.id as case_id'])
      .where('case_material.id', '=', input.fromMaterialId)
      .executeTakeFirst()
    if (!prev || Number(prev.applicant_user_id) !== c.applicant_user_id || Number(prev.case_id) === c.id) throw CasesErrors.REUSE_NOT_FOUND('可复用的材料不存在')
    if (prev.material_key !== spec.key && prev.name !== spec.name) throw CasesErrors.VALIDATION_ERROR(`所选材料不是「${spec.name}」`)
    return addMaterialRow(tx, c, as, v.guide, input.materialKey, prev.file_id, 'reuse', { reusedFrom: Number(prev.id) })
  })
  return materialDto(deps, m)
}

export async function deleteMaterial(deps: Deps, ctx: Ctx, caseId: number, materialId: number): Promise<void> {
  await mutateCase(deps, ctx, caseId, async (tx) => {
    const { c, as } = await lockForEither(tx, caseId, INTAKE_ROLES)
    const mats = await repo.materialsOf(tx.db, c.id)
    const m = mats.find((x) => x.id === materialId)
    if (!m) throw CasesErrors.NOT_FOUND('材料不存在')
    if (!mayChangeMaterials(c, as, m.material_key, []) || c.status === 'accepted' || c.status === 'paused') {
      throw CasesErrors.INVALID_TRANSITION(`办件当前状态为「${CASE_STATUSES[c.status]}」，不能删除材料`)
    }
    await tx.db.deleteFrom('case_material').where('id', '=', m.id).execute()
    await audit(tx, c, 'material_delete', `删除材料「${m.name}」`, undefined, { materialId: m.id, fileId: m.file_id })
  })
}

export async function submit(deps: Deps, ctx: Ctx, caseId: number): Promise<void> {
  await mutateCase(deps, ctx, caseId, async (tx) => {
    const c = await lockForApplicant(tx, caseId)
    assertTransition(c.status, 'submit')
    const v = await versionOf(tx.db, c)
    const missing = materialStates(v.guide, await repo.materialsOf(tx.db, c.id)).filter((m) => m.requirement === 'required' && !m.present)
    if (missing.length > 0) {
      throw CasesErrors.MATERIALS_MISSING(`缺少必需材料：${missing.map((m) => m.name).join('、')}`, { missing: missing.map((m) => ({ key: m.key, name: m.name })) })
    }
    const cal = calOf(tx)
    const due = addOrPending(cal, shanghaiDate(tx.now), 1)
    if (c.status === 'returned') {
      await tx.db.updateTable('case_correction').set({ supplied_at: tx.now }).where('case_id', '=', c.id).where('supplied_at', 'is', null).execute()
    }
    await setCase(tx, c.id, { status: 'submitted', submitted_at: tx.now, prereview_due: due })
    const dueText = due ?? '1 个工作日内'
    await audit(tx, c, 'submit', `网上提交申请，预审期限 ${dueText}`, { status: 'submitted', prereviewDue: due })
    await tell(tx, c, 'case.submitted', { due: dueText, nextStep: due ? `窗口将于 ${due} 前完成预审` : '窗口将于 1 个工作日内完成预审' })
  })
}

export async function withdraw(deps: Deps, ctx: Ctx, caseId: number, reason: string | null): Promise<void> {
  await mutateCase(deps, ctx, caseId, async (tx) => {
    const { c } = await lockForEither(tx, caseId, INTAKE_ROLES)
    assertTransition(c.status, 'withdraw')
    if (c.joint_case_id !== null) throw CasesErrors.JOINT_SUB_CASE('并联审批子件随联办件撤回')
    await setCase(tx, c.id, { status: 'withdrawn', withdrawn_at: tx.now, withdraw_reason: reason })
    await closeSteps(tx, c.id, 'skipped')
    await cancelUnpaidFees(tx, c.id, '申请已撤回')
    await audit(tx, c, 'withdraw', `撤回申请${reason ? `：${reason}` : ''}`, { status: 'withdrawn' }, { status: c.status })
    await tell(tx, c, 'case.withdrawn', { reason: reason ?? '申请人撤回', nextStep: '办件已终止' })
  })
}

/** The applicant has supplied what the one-time notice (or the 容缺 list) asked for. */
export async function supplyCorrection(deps: Deps, ctx: Ctx, caseId: number, note: string | null): Promise<void> {
  await mutateCase(deps, ctx, caseId, async (tx) => {
    const { c } = await lockForEither(tx, caseId, INTAKE_ROLES)
    assertTransition(c.status, 'supply_correction')
    const mats = await repo.materialsOf(tx.db, c.id)
    if (c.status === 'accepted') {
      const open = pendingOpen(c, mats)
      if (c.conditional_due === null) throw CasesErrors.INVALID_TRANSITION('该办件没有待补齐的容缺材料')
      if (open.length > 0) throw CasesErrors.MATERIALS_MISSING(`容缺材料尚未全部补齐：${open.join('、')}`, { missing: open })
      await setCase(tx, c.id, { conditional_due: null })
      await audit(tx, c, 'conditional_supplied', '容缺材料已全部补齐')
      return
    }
    await tx.db.updateTable('case_correction').set({ supplied_at: tx.now, note }).where('case_id', '=', c.id).where('supplied_at', 'is', null).execute()
    await setCase(tx, c.id, { status: 'received' })
    await audit(tx, c, 'supply_correction', `补正材料已提交${note ? `：${note}` : ''}`, { status: 'received' })
  })
}

// ---------------------------------------------------------------------------------------------
// Pre-review and window filing

export async function prereview(
  deps: Deps,
  ctx: Ctx,
  caseId: number,
  input: { outcome: 'pass' | 'return'; items?: { materialKey: string | null; problem: string }[] },
): Promise<IssuedDocument> {
  return mutateCase(deps, ctx, caseId, async (tx) => {
    const c = await lockForStaff(tx, caseId, INTAKE_ROLES)
    assertTransition(c.status, 'prereview')
    const v = await versionOf(tx.db, c)
    if (input.outcome === 'pass') {
      await setCase(tx, c.id, { status: 'received', received_at: tx.now })
      const doc = await issue(tx, c, 'receipt', '收件回执', {
        paragraphs: [`您通过网上提交的「${v.guide.name}」申请材料已收到，经预审符合要求，现予收件，我们将依法作出是否受理的决定。`],
        fields: [...baseFields(c, v.guide, tx.now), ['收件时间', tx.now.toISOString()]],
      }, c.centre_id ?? c.unit_id)
      await audit(tx, c, 'prereview_pass', '网上预审通过，收件', { status: 'received', receivedAt: tx.now.toISOString() })
      await tell(tx, c, 'case.received', { nextStep: '等待受理决定' })
      return doc
    }
    const items = (input.items ?? []).filter((i) => i.problem?.trim())
    if (items.length === 0) throw CasesErrors.CORRECTION_ITEMS_REQUIRED('退回须一次性列明全部问题')
    for (const i of items) if (i.materialKey !== null && !v.guide.materials.some((m) => m.key === i.materialKey)) throw CasesErrors.UNKNOWN_MATERIAL(`该事项没有此材料：${i.materialKey}`)
    const doc = await issue(tx, c, 'correction_notice', '网上预审一次性告知书', {
      paragraphs: [`您网上提交的「${v.guide.name}」申请经预审，需补充或更正下列材料，请一次性补齐后重新提交：`],
      fields: baseFields(c, v.guide, tx.now),
      list: { title: '需补正的材料', items: items.map((i) => `${materialName(v.guide, i.materialKey)}：${i.problem}`) },
    }, c.centre_id ?? c.unit_id)
    await tx.db.insertInto('case_correction').values({ case_id: c.id, items: JSON.stringify(items), stage: 'prereview', requested_at: tx.now, requested_by: tx.ctx.actor?.userId || null, document_id: doc.id }).execute()
    await setCase(tx, c.id, { status: 'returned' })
    await audit(tx, c, 'prereview_return', `网上预审退回，一次性告知 ${items.length} 项`, { status: 'returned', items })
    await tell(tx, c, 'case.prereview_returned', { count: items.length, nextStep: '请按一次性告知书补正后重新提交' })
    return doc
  })
}

export type WindowApplicant =
  | { userId: number }
  | { kind: 'person'; name: string; idNumber: string; phone: string }
  | { kind: 'enterprise'; name: string; creditCode: string; legalRepresentative: string; phone: string }

/** At a window: staff file on behalf of an applicant (looked up, or registered on the spot). */
export async function fileAtWindow(
  deps: Deps,
  ctx: Ctx,
  input: { itemId: number; windowId: number; applicant: WindowApplicant; form?: Record<string, unknown> },
): Promise<number> {
  const actor = ctx.actor
  const win = await repo.unitRow(deps.db, input.windowId)
  if (!actor || !win || win.kind !== 'window' || !unitInScope(actor, INTAKE_ROLES, win)) throw CasesErrors.NOT_FOUND('窗口不存在')
  const v = await currentItemVersion(deps.db, input.itemId)
  if (!v) throw CasesErrors.NOT_FOUND('事项不存在')
  if (v.status !== 'published') throw CasesErrors.ITEM_NOT_AVAILABLE('该事项已暂停或取消，不接受申请')
  const userId = await resolveApplicant(deps, ctx, input.applicant)
  const user = await deps.db.selectFrom('user_account').selectAll().where('id', '=', userId).executeTakeFirst()
  if (!user || user.kind !== 'applicant' || !user.applicant_kind) throw CasesErrors.APPLICANT_NOT_FOUND('申请人不存在')
  if (!v.guide.audiences.includes(user.applicant_kind)) throw CasesErrors.AUDIENCE_MISMATCH('该事项的服务对象不含此类申请人')
  return mutate(deps, ctx, async (tx) => {
    const c = await insertCase(tx, v, {
      channel: 'window',
      status: 'received',
      windowId: win.id,
      applicant: { userId: Number(user.id), kind: user.applicant_kind!, name: user.display_name, idNumber: user.id_number, creditCode: user.credit_code, phone: user.phone },
      form: input.form ?? {},
      receivedAt: tx.now,
    })
    await issue(tx, c, 'receipt', '收件回执', {
      paragraphs: [`您在窗口提交的「${v.guide.name}」申请已收件，我们将依法作出是否受理的决定。`],
      fields: [...baseFields(c, v.guide, tx.now), ['收件窗口', win.name], ['收件时间', tx.now.toISOString()]],
    }, c.centre_id ?? win.id)
    await audit(tx, c, 'receive', `窗口收件（${win.name}）`, { status: 'received', receivedAt: tx.now.toISOString() })
    await tell(tx, c, 'case.received', { nextStep: '等待受理决定' })
    return c.id
  })
}

async function resolveApplicant(deps: Deps, ctx: Ctx, a: WindowApplicant): Promise<number> {
  if ('userId' in a) return a.userId
  const q = deps.db.selectFrom('user_account').select(['id']).where('kind', '=', 'applicant')
  const found =
    a.kind === 'person'
      ? await q.where('id_number', '=', a.idNumber.trim().toUpperCase()).executeTakeFirst()
      : await q.where('credit_code', '=', a.creditCode.trim().toUpperCase()).executeTakeFirst()
  if (found) return Number(found.id)
  // registered on the spot with a random password: the applicant resets it later
  const password = `Ow${crypto.randomBytes(9).toString('base64url')}9a`
  const acc = await register(deps, ctx, a.kind === 'person' ? { ...a, password } : { ...a, password })
  return acc.id
}

// ---------------------------------------------------------------------------------------------
// The intake decision

export async function intake(deps: Deps, ctx: Ctx, caseId: number, req: IntakeRequest): Promise<IssuedDocument> {
  return mutateCase(deps, ctx, caseId, async (tx) => {
    const c = await lockForStaff(tx, caseId, INTAKE_ROLES)
    const v = await versionOf(tx.db, c)
    const mats = await repo.materialsOf(tx.db, c.id)
    const out = decideIntake(
      {
        status: c.status,
        guide: v.guide,
        materials: materialStates(v.guide, mats),
        correctionCount: c.correction_count,
        lastCorrectionAt: c.last_correction_at ? new Date(c.last_correction_at) : null,
        lastMaterialAt: c.last_material_at ? new Date(c.last_material_at) : null,
      },
      req,
      tx.now,
    )
    const g = v.guide
    const fields = baseFields(c, g, tx.now)
    switch (out.kind) {
      case 'accept': {
        await acceptCase(tx, c, v, tx.now, 'accept')
        const doc = await issue(tx, c, 'acceptance_notice', '受理通知书', {
          paragraphs: [`你（单位）提交的「${g.name}」申请，申请材料齐全、符合法定形式，根据《中华人民共和国行政许可法》第三十二条的规定，决定予以受理。`],
          fields: [...fields, ['受理时间', tx.now.toISOString()], ['承诺时限', `${g.promisedLimitDays} 个工作日`]],
        })
        if (out.instant) {
          // 即办件 (S3): decided on the spot, and completed on the spot unless a fee is still to pay —
          // then the window takes the payment and completes (no result leaves unpaid)
          await decideCase(tx, await reload(tx, c.id), 'grant', null)
          const order = await feeOrderOfCase(tx.db, c.id)
          if (!order || order.status !== 'unpaid') await completeCase(tx, await reload(tx, c.id), v)
        }
        return doc
      }
      case 'refuse': {
        await setCase(tx, c.id, { status: 'refused', intake_kind: 'refuse', refusal_kind: out.refusalKind, competent_authority: out.competentAuthority, decision_reasons: out.reasons, decided_at: tx.now })
        const doc = await issue(tx, c, 'refusal_notice', '不予受理通知书', {
          paragraphs: [
            `你（单位）提交的「${g.name}」申请，经审查，${REFUSAL_KINDS[out.refusalKind]}，决定不予受理。`,
            `理由：${out.reasons}`,
            ...(out.competentAuthority ? [`请向 ${out.competentAuthority} 申请。`] : []),
          ],
          fields,
          footer: [`如不服本决定，可在收到本通知书之日起六十日内向 ${g.remedies.review} 申请行政复议，或者在六个月内向 ${g.remedies.litigation} 提起行政诉讼。`],
        })
        await audit(tx, c, 'refuse', `不予受理：${out.reasons}`, { status: 'refused', refusalKind: out.refusalKind, competentAuthority: out.competentAuthority })
        await tell(tx, c, 'case.refused', { reason: out.reasons, nextStep: out.competentAuthority ? `请向 ${out.competentAuthority} 申请` : '办件已终止' })
        return doc
      }
      case 'correction': {
        const doc = await issue(tx, c, 'correction_notice', '补正材料一次性告知书', {
          paragraphs: [`你（单位）提交的「${g.name}」申请材料不齐全或不符合法定形式，请一次性补正下列全部内容后重新提交：`],
          fields,
          list: { title: '需补正的材料', items: out.items.map((i) => `${materialName(g, i.materialKey)}：${i.problem}`) },
          footer: ['补正材料齐全后，本机关将依法作出是否受理的决定。'],
        })
        await tx.db.insertInto('case_correction').values({ case_id: c.id, items: JSON.stringify(out.items), stage: 'intake', requested_at: tx.now, requested_by: tx.ctx.actor?.userId || null, document_id: doc.id }).execute()
        await setCase(tx, c.id, { status: 'correction_requested', correction_count: c.correction_count + 1, last_correction_at: tx.now })
        await audit(tx, c, 'request_correction', `一次性告知补正 ${out.items.length} 项`, { status: 'correction_requested', items: out.items })
        await tell(tx, c, 'case.correction_requested', { count: out.items.length, nextStep: '请按补正告知书一次性补齐材料' })
        return doc
      }
      case 'conditional': {
        await tx.db
          .updateTable('case')
          .set({ conditional_pending: JSON.stringify(out.pending), conditional_due: out.conditionalDue, commitment: out.commitment })
          .where('id', '=', c.id)
          .execute()
        await acceptCase(tx, await reload(tx, c.id), v, tx.now, 'conditional')
        const doc = await issue(tx, c, 'conditional_acceptance_notice', '容缺受理告知书', {
          paragraphs: [
            `你（单位）提交的「${g.name}」申请，基本条件具备、主要申请材料齐全，次要材料有欠缺，根据你（单位）的书面承诺，决定予以容缺受理。`,
            `请于期限内补齐下列材料；逾期未补齐的，视为撤回申请。`,
            `申请人承诺：${out.commitment}`,
          ],
          fields: [...fields, ['受理时间', tx.now.toISOString()]],
          list: { title: '容缺材料及补齐期限', items: out.pending.map((p) => `${materialName(g, p.materialKey)}：${p.dueDate} 前补齐`) },
        })
        await tell(tx, c, 'case.conditionally_accepted', { due: out.conditionalDue, nextStep: `请于 ${out.conditionalDue} 前补齐容缺材料` })
        return doc
      }
      case 'pledge': {
        await tx.db.updateTable('case').set({ pledge: out.pledge }).where('id', '=', c.id).execute()
        await acceptCase(tx, await reload(tx, c.id), v, tx.now, 'pledge')
        const doc = await issue(tx, c, 'pledge_acceptance_notice', '告知承诺受理通知书', {
          paragraphs: [`你（单位）选择以告知承诺方式申请「${g.name}」，并已作出书面承诺，本机关当场作出准予许可的决定。`, `申请人承诺：${out.pledge}`, '本机关将在规定期限内对承诺内容进行核查，承诺不实的，依法撤销许可并记入信用记录。'],
          fields: [...fields, ['受理及决定时间', tx.now.toISOString()]],
        })
        await decideCase(tx, await reload(tx, c.id), 'grant', null)
        return doc
      }
    }
  })
}

async function reload(tx: Tx, id: number): Promise<CaseRow> {
  return (await repo.findCase(tx.db, id))!
}

/** A due date in words: pending when its year's holiday schedule is not yet in the calendar. */
function dueText(d: string | null): string {
  return d ?? '待该年度节假日安排公布后确定'
}

/** Acceptance: steps from the version, the fee order, the due dates (from the acceptance day). */
async function acceptCase(
  tx: Tx,
  c: CaseRow,
  v: ItemVersion,
  acceptedAt: Date,
  kind: 'accept' | 'conditional' | 'pledge' | 'deemed',
  opts: { promisedDays?: number; quiet?: boolean } = {},
): Promise<void> {
  const g = opts.promisedDays === undefined ? v.guide : { ...v.guide, promisedLimitDays: Math.min(opts.promisedDays, v.guide.promisedLimitDays) }
  const cal = calOf(tx)
  const start = shanghaiDate(acceptedAt)
  // null (pending) when the due date falls in a year whose holidays are not yet published
  const legalDue = dueOrPending(cal, { start, days: g.legalLimitDays })
  let promisedDue = dueOrPending(cal, { start, days: g.promisedLimitDays })
  if (promisedDue && legalDue && promisedDue > legalDue) promisedDue = legalDue
  await setCase(tx, c.id, {
    status: 'accepted',
    accepted_at: acceptedAt,
    intake_kind: kind,
    deemed: kind === 'deemed',
    legal_due: legalDue,
    promised_due: promisedDue,
  })
  // steps (S1): the intake step is done by this decision; the next one becomes active
  let seq = 0
  let activated = false
  let next: string | null = null
  for (const s of g.steps) {
    const isIntake = s.key === 'intake' || (seq === 0 && s.role === 'window_staff')
    const unitId = s.role === 'window_staff' || s.role === 'centre_admin' ? (c.centre_id ?? c.unit_id) : c.unit_id
    const active = !isIntake && !activated
    if (active) {
      activated = true
      next = s.name
    }
    await tx.db
      .insertInto('case_step')
      .values({
        case_id: c.id,
        seq: seq++,
        key: s.key,
        name: s.name,
        role: s.role,
        unit_id: unitId,
        limit_days: s.limitDays,
        status: isIntake ? 'done' : active ? 'active' : 'waiting',
        assignee_id: isIntake ? tx.ctx.actor?.userId || null : null,
        assignee_name: isIntake ? (tx.ctx.actor?.displayName ?? null) : null,
        opinion: isIntake ? (kind === 'deemed' ? '逾期未告知补正，视为受理' : '予以受理') : null,
        outcome: isIntake ? 'pass' : null,
        started_at: isIntake || active ? acceptedAt : null,
        completed_at: isIntake ? acceptedAt : null,
        due: active || isIntake ? dueOrPending(cal, { start, days: s.limitDays }) : null,
      })
      .execute()
  }
  // one fee order (一费制)
  if (g.fees.length > 0) {
    const fresh = await reload(tx, c.id)
    const quote = quoteFees(g.fees, { quantities: fresh.quantities ?? {}, exemptions: fresh.exemptions ?? [] })
    await createFeeOrder(tx, { caseId: c.id, caseNumber: c.number, unitId: c.unit_id, payerName: c.applicant_name, quote })
  }
  const label = { accept: '受理', conditional: '容缺受理', pledge: '告知承诺受理', deemed: '视为受理（逾期未一次性告知）' }[kind]
  await audit(tx, c, kind === 'deemed' ? 'deemed_accept' : 'accept', `${label}，法定期限至 ${dueText(legalDue)}，承诺期限至 ${dueText(promisedDue)}`, {
    status: 'accepted',
    acceptedAt: acceptedAt.toISOString(),
    legalDue,
    promisedDue,
  })
  if ((kind === 'accept' || kind === 'deemed') && !opts.quiet) await tell(tx, c, 'case.accepted', { due: dueText(promisedDue), nextStep: next ?? '办结' })
}

// ---------------------------------------------------------------------------------------------
// Handling

/** A withdrawn case owes nothing: its unpaid fee order is cancelled (a paid one stays for refund handling). */
async function cancelUnpaidFees(tx: Tx, caseId: number, reason: string): Promise<void> {
  const order = await feeOrderOfCase(tx.db, caseId)
  if (order && order.status === 'unpaid') await cancelFeeOrder(tx, caseId, reason)
}

async function closeSteps(tx: Tx, caseId: number, status: 'done' | 'skipped'): Promise<void> {
  await tx.db.updateTable('case_step').set({ status, completed_at: tx.now }).where('case_id', '=', caseId).where('status', 'in', ['waiting', 'active']).execute()
}

function actorHoldsStepRole(actor: Actor | null, step: StepRow, unit: UnitRow | null): boolean {
  if (!actor || !unit) return false
  return unitInScope(actor, [step.role as Role], unit)
}

async function activateStep(tx: Tx, c: CaseRow, step: StepRow): Promise<void> {
  const cal = calOf(tx)
  const pauses = await repo.pausesOf(tx.db, c.id)
  const due = dueOrPending(cal, { start: shanghaiDate(tx.now), days: step.limit_days, pauses: toPauses(pauses.map((p) => ({ from: new Date(p.started_at), to: p.ended_at ? new Date(p.ended_at) : null }))) })
  await tx.db.updateTable('case_step').set({ status: 'active', started_at: tx.now, completed_at: null, due, opinion: null, outcome: null, assignee_id: null, assignee_name: null }).where('id', '=', step.id).execute()
}

export async function completeStep(deps: Deps, ctx: Ctx, caseId: number, stepId: number, input: { opinion: string; outcome: 'pass' | 'return' }): Promise<void> {
  await mutateCase(deps, ctx, caseId, async (tx) => {
    const c = await lockForStaff(tx, caseId, HANDLING_ROLES)
    assertTransition(c.status, 'complete_step')
    const steps = await repo.stepsOf(tx.db, c.id)
    const i = steps.findIndex((s) => s.id === stepId)
    const step = steps[i]
    if (!step) throw CasesErrors.NOT_FOUND('环节不存在')
    if (step.status !== 'active') throw CasesErrors.STEP_NOT_ACTIVE(`环节「${step.name}」不是当前环节`)
    if (!actorHoldsStepRole(tx.ctx.actor, step, await repo.unitRow(tx.db, step.unit_id))) throw CasesErrors.FORBIDDEN('您不是该环节的办理人')
    if (step.key === 'approve' && input.outcome === 'pass') throw CasesErrors.INVALID_TRANSITION('批准环节请作出准予或不予许可的决定')
    if (step.key === 'complete' && input.outcome === 'pass') throw CasesErrors.INVALID_TRANSITION('办结环节请先作出决定再办结')
    const opinion = input.opinion.trim()
    if (!opinion) throw CasesErrors.VALIDATION_ERROR('请填写办理意见')
    await tx.db
      .updateTable('case_step')
      .set({ status: input.outcome === 'pass' ? 'done' : 'waiting', opinion, outcome: input.outcome, completed_at: tx.now, assignee_id: tx.ctx.actor!.userId, assignee_name: tx.ctx.actor!.displayName })
      .where('id', '=', step.id)
      .execute()
    if (input.outcome === 'return') {
      const prev = steps[i - 1]
      if (!prev) throw CasesErrors.INVALID_TRANSITION('第一个环节不能退回')
      await activateStep(tx, c, prev)
      await audit(tx, c, 'step_return', `「${step.name}」退回「${prev.name}」：${opinion}`, { stepId: step.id, to: prev.id })
      return
    }
    const next = steps[i + 1]
    if (next) await activateStep(tx, c, next)
    await audit(tx, c, 'step_complete', `完成「${step.name}」：${opinion}`, { stepId: step.id, next: next?.name ?? null })
  })
}

export async function pause(deps: Deps, ctx: Ctx, caseId: number, input: { kind: string; reason: string; expectedDays: number }): Promise<IssuedDocument> {
  return mutateCase(deps, ctx, caseId, async (tx) => {
    const c = await lockForStaff(tx, caseId, HANDLING_ROLES)
    assertTransition(c.status, 'pause')
    const v = await versionOf(tx.db, c)
    if (!(v.guide.pausesAllowed as string[]).includes(input.kind)) {
      throw CasesErrors.PAUSE_KIND_NOT_ALLOWED(`该事项不允许「${PAUSE_KINDS[input.kind as PauseKind] ?? input.kind}」特别程序`)
    }
    const reason = input.reason.trim()
    if (!reason) throw CasesErrors.VALIDATION_ERROR('请说明特别程序的理由')
    const kindName = PAUSE_KINDS[input.kind as PauseKind]
    const doc = await issue(tx, c, 'pause_notice', '特别程序告知书', {
      paragraphs: [
        `你（单位）申请的「${v.guide.name}」，因需进行${kindName}，根据《中华人民共和国行政许可法》第四十五条的规定，${kindName}所需时间不计算在办理期限内。`,
        `理由：${reason}`,
        `预计所需时间：${input.expectedDays} 个工作日。`,
      ],
      fields: baseFields(c, v.guide, tx.now),
    })
    await tx.db.insertInto('case_pause').values({ case_id: c.id, kind: input.kind, reason, expected_days: input.expectedDays, started_at: tx.now, by_user_id: tx.ctx.actor!.userId, document_id: doc.id }).execute()
    await setCase(tx, c.id, { status: 'paused' })
    await refreshDue(tx, c)
    await audit(tx, c, 'pause', `启动特别程序（${kindName}），预计 ${input.expectedDays} 个工作日：${reason}`, { status: 'paused', kind: input.kind })
    await tell(tx, c, 'case.paused', { kind: kindName, days: input.expectedDays, reason, nextStep: `${kindName}结束后继续办理` })
    return doc
  })
}

export async function resume(deps: Deps, ctx: Ctx, caseId: number, pauseId: number): Promise<void> {
  await mutateCase(deps, ctx, caseId, async (tx) => {
    const c = await lockForStaff(tx, caseId, HANDLING_ROLES)
    const p = (await repo.pausesOf(tx.db, c.id)).find((x) => x.id === pauseId)
    if (!p) throw CasesErrors.NOT_FOUND('特别程序不存在')
    assertTransition(c.status, 'resume')
    if (p.ended_at) throw CasesErrors.NOT_PAUSED('该特别程序已结束')
    await tx.db.updateTable('case_pause').set({ ended_at: tx.now }).where('id', '=', p.id).execute()
    await setCase(tx, c.id, { status: 'accepted' })
    const due = await refreshDue(tx, c)
    await audit(tx, c, 'resume', `特别程序结束，恢复计时，承诺期限至 ${dueText(due.promisedDue)}`, { status: 'accepted', ...due })
    await tell(tx, c, 'case.resumed', { due: dueText(due.promisedDue), nextStep: '继续办理' })
  })
}

async function clockOf(cal: Calendar, db: Db, c: CaseRow, now: Date): Promise<CaseClock> {
  const pauses = await repo.pausesOf(db, c.id)
  const ext = await repo.extensionsOf(db, c.id)
  return computeClock(cal, {
    legalDays: c.legal_days,
    promisedDays: c.promised_days,
    acceptedAt: c.accepted_at ? new Date(c.accepted_at) : null,
    stoppedAt: c.decided_at && c.accepted_at ? new Date(c.decided_at) : c.withdrawn_at ? new Date(c.withdrawn_at) : null,
    pauses: pauses.map((p) => ({ from: new Date(p.started_at), to: p.ended_at ? new Date(p.ended_at) : null })),
    extensionDays: ext.reduce((s, e) => s + e.days, 0),
    now,
  })
}

async function refreshDue(tx: Tx, c: CaseRow): Promise<{ legalDue: string | null; promisedDue: string | null }> {
  const fresh = await reload(tx, c.id)
  const clock = await clockOf(calOf(tx), tx.db, fresh, tx.now)
  await tx.db.updateTable('case').set({ legal_due: clock.legalDue, promised_due: clock.promisedDue }).where('id', '=', c.id).execute()
  return { legalDue: clock.legalDue, promisedDue: clock.promisedDue }
}

export async function extend(deps: Deps, ctx: Ctx, caseId: number, input: { days: number; reason: string; approvedBy: string }): Promise<IssuedDocument> {
  return mutateCase(deps, ctx, caseId, async (tx) => {
    const c = await lockForStaff(tx, caseId, APPROVER_ROLES)
    assertTransition(c.status, 'extend')
    const v = await versionOf(tx.db, c)
    if ((await repo.extensionsOf(tx.db, c.id)).length > 0) throw CasesErrors.EXTENSION_ALREADY_GRANTED('该办件已延期一次，不能再次延期')
    const limit = EXTENSION_LIMITS[v.guide.typeCode] ?? DEFAULT_EXTENSION_LIMIT
    if (!Number.isInteger(input.days) || input.days < 1 || input.days > limit) throw CasesErrors.EXTENSION_TOO_LONG(`延长期限应为 1 至 ${limit} 个工作日`)
    const reason = input.reason.trim()
    const approvedBy = input.approvedBy.trim()
    if (!reason || !approvedBy) throw CasesErrors.VALIDATION_ERROR('延期须写明理由和批准人')
    await tx.db.insertInto('case_extension').values({ case_id: c.id, days: input.days, reason, approved_by: approvedBy, at: tx.now, by_user_id: tx.ctx.actor!.userId }).execute()
    const due = await refreshDue(tx, c)
    const doc = await issue(tx, c, 'extension_notice', '延长办理期限告知书', {
      paragraphs: [
        `你（单位）申请的「${v.guide.name}」，因${reason}，不能在法定期限内作出决定，经 ${approvedBy} 批准，根据《中华人民共和国行政许可法》第四十二条的规定，延长 ${input.days} 个工作日。`,
        `延长后的法定办理期限至 ${dueText(due.legalDue)}。`,
      ],
      fields: baseFields(c, v.guide, tx.now),
    })
    await tx.db.updateTable('case_extension').set({ document_id: doc.id }).where('case_id', '=', c.id).execute()
    await audit(tx, c, 'extend', `延期 ${input.days} 个工作日（${approvedBy} 批准）：${reason}`, { days: input.days, approvedBy, ...due })
    await tell(tx, c, 'case.extended', { days: input.days, reason, due: dueText(due.legalDue), nextStep: `将于 ${dueText(due.legalDue)} 前作出决定` })
    return doc
  })
}

export async function decide(deps: Deps, ctx: Ctx, caseId: number, input: { outcome: 'grant' | 'deny'; reasons?: string | null }): Promise<IssuedDocument> {
  return mutateCase(deps, ctx, caseId, async (tx) => {
    const c = await lockForStaff(tx, caseId, APPROVER_ROLES)
    assertTransition(c.status, 'decide')
    if (c.joint_case_id !== null) throw CasesErrors.JOINT_SUB_CASE('并联审批子件由部门在协办任务中答复（同意 / 不同意 / 同意但需转报）')
    const steps = await repo.stepsOf(tx.db, c.id)
    const active = steps.find((s) => s.status === 'active')
    const hasApprove = steps.some((s) => s.key === 'approve')
    if (active && !(active.key === 'approve' || (!hasApprove && active.key === 'complete'))) {
      throw CasesErrors.DECISION_NOT_DUE(`当前环节为「${active.name}」，尚未到批准环节`)
    }
    const reasons = (input.reasons ?? '').trim()
    if (input.outcome === 'deny' && !reasons) throw CasesErrors.REASONS_REQUIRED('不予许可须说明理由')
    if (c.conditional_due !== null && pendingOpen(c, await repo.materialsOf(tx.db, c.id)).length > 0 && input.outcome === 'grant') {
      throw CasesErrors.MATERIALS_MISSING('容缺材料尚未补齐，不能作出准予许可决定')
    }
    return decideCase(tx, c, input.outcome, reasons || null)
  })
}

async function decideCase(tx: Tx, c: CaseRow, outcome: 'grant' | 'deny', reasons: string | null, opinion?: string): Promise<IssuedDocument> {
  const v = await versionOf(tx.db, c)
  const g = v.guide
  const by = tx.ctx.actor?.displayName ?? '系统'
  const steps = await repo.stepsOf(tx.db, c.id)
  const approve = steps.find((s) => s.key === 'approve') ?? steps.find((s) => s.status === 'active' && s.key !== 'complete')
  if (approve && approve.status !== 'done') {
    await tx.db
      .updateTable('case_step')
      .set({ status: 'done', outcome, opinion: opinion ?? reasons ?? (outcome === 'grant' ? '准予许可' : '不予许可'), completed_at: tx.now, started_at: approve.started_at ?? tx.now, assignee_id: tx.ctx.actor?.userId || null, assignee_name: by })
      .where('id', '=', approve.id)
      .execute()
  }
  // steps before the approve step that never ran (pledge, instant) are skipped
  await tx.db.updateTable('case_step').set({ status: 'skipped' }).where('case_id', '=', c.id).where('status', 'in', ['waiting', 'active']).where('key', '!=', 'complete').execute()
  const complete = steps.find((s) => s.key === 'complete')
  if (complete && complete.status !== 'done') await activateStep(tx, c, complete)
  await setCase(tx, c.id, { status: 'decided', decision: outcome, decision_reasons: reasons, decided_at: tx.now, decided_by: by })
  const fields = baseFields(c, g, tx.now)
  const doc =
    outcome === 'grant'
      ? await issue(tx, c, 'grant_decision', '准予行政许可决定书', {
          paragraphs: [`你（单位）申请的「${g.name}」，经审查，符合法定条件、标准，根据${g.legalBasis || '有关法律法规'}的规定，决定准予许可。`, `结果名称：${g.result.name}`],
          fields,
        })
      : await issue(tx, c, 'denial_decision', '不予行政许可决定书', {
          paragraphs: [`你（单位）申请的「${g.name}」，经审查，不符合法定条件，决定不予许可。`, `理由：${reasons}`],
          fields,
          footer: [`如不服本决定，可以自收到本决定书之日起六十日内向 ${g.remedies.review} 申请行政复议，或者自收到之日起六个月内向 ${g.remedies.litigation} 提起行政诉讼。`],
        })
  await audit(tx, c, 'decide', outcome === 'grant' ? '作出准予许可决定' : `作出不予许可决定：${reasons}`, { status: 'decided', decision: outcome, reasons })
  await tell(tx, c, 'case.decided', { outcome: outcome === 'grant' ? '准予许可' : '不予许可', reason: reasons ?? '', nextStep: outcome === 'grant' ? '办结后领取结果' : '办件将办结' })
  return doc
}

export async function complete(deps: Deps, ctx: Ctx, caseId: number): Promise<void> {
  await mutateCase(deps, ctx, caseId, async (tx) => {
    const c = await lockForStaff(tx, caseId, ['window_staff', 'centre_admin', 'approver', 'reviewer', 'handling_unit'])
    assertTransition(c.status, 'complete')
    if (c.joint_case_id !== null) throw CasesErrors.JOINT_SUB_CASE('并联审批子件请在「协办任务」中出具审批文件')
    const order = await feeOrderOfCase(tx.db, c.id)
    if (order && order.status === 'unpaid') throw CasesErrors.FEES_UNPAID(`费用尚未缴清（应缴 ${formatYuan(order.payableCents)}），不能办结`)
    await completeCase(tx, c, await versionOf(tx.db, c))
  })
}

async function completeCase(tx: Tx, c: CaseRow, v: ItemVersion): Promise<void> {
  const g = v.guide
  const fresh = await reload(tx, c.id)
  let resultDoc: IssuedDocument | null = null
  if (fresh.decision === 'grant') {
    resultDoc = await issue(tx, fresh, 'result', g.result.name, {
      paragraphs: [`${fresh.applicant_name}：`, `经审查，准予「${g.name}」。特发此${g.result.name}。`],
      fields: [...baseFields(fresh, g, tx.now), ['证照编号', fresh.number]],
    })
    if (g.result.eCertificateType) {
      await tx.db
        .insertInto('e_certificate')
        .values({
          type: g.result.eCertificateType,
          name: g.result.name,
          number: `${g.result.eCertificateType}-${fresh.number}`,
          holder_user_id: fresh.applicant_user_id,
          holder_name: fresh.applicant_name,
          issued_at: tx.now,
          case_id: fresh.id,
          document_id: resultDoc.id,
          file_id: resultDoc.fileId,
        })
        .execute()
    }
  }
  await tx.db.updateTable('case_step').set({ status: 'done', completed_at: tx.now, outcome: 'pass', opinion: '办结', assignee_id: tx.ctx.actor?.userId || null, assignee_name: tx.ctx.actor?.displayName ?? null }).where('case_id', '=', c.id).where('status', '=', 'active').execute()
  await closeSteps(tx, c.id, 'skipped')
  await setCase(tx, c.id, { status: 'completed', completed_at: tx.now })
  await audit(tx, c, 'complete', fresh.decision === 'grant' ? `办结，出具${g.result.name}` : '办结', { status: 'completed', resultDocumentId: resultDoc?.id ?? null })
  await tell(tx, c, 'case.completed', { outcome: fresh.decision === 'grant' ? '准予许可' : '不予许可', nextStep: fresh.decision === 'grant' ? '请选择领取方式：窗口领取、邮寄或网上下载' : '可查看决定书' })
}

export async function deliver(
  deps: Deps,
  ctx: Ctx,
  caseId: number,
  input: { method: 'pickup' | 'post' | 'download'; pickupCentreId?: number; address?: string; trackingNumber?: string },
): Promise<void> {
  await mutateCase(deps, ctx, caseId, async (tx) => {
    const { c, as } = await lockForEither(tx, caseId, ['window_staff', 'centre_admin'])
    assertTransition(c.status, 'deliver')
    if (c.joint_case_id !== null) throw CasesErrors.JOINT_SUB_CASE('并联审批子件的结果随联办件统一送达')
    if (as === 'applicant' && input.method !== 'download') throw CasesErrors.FORBIDDEN('窗口领取和邮寄由窗口工作人员登记')
    let centreId: number | null = null
    if (input.method === 'pickup') {
      const centre = await repo.unitRow(tx.db, input.pickupCentreId ?? null)
      if (!centre || centre.kind !== 'centre') throw CasesErrors.DELIVERY_INVALID('请选择领取结果的服务中心')
      centreId = centre.id
    }
    if (input.method === 'post' && (!input.address?.trim() || !input.trackingNumber?.trim())) throw CasesErrors.DELIVERY_INVALID('邮寄须填写地址和快递单号')
    await tx.db
      .insertInto('case_delivery')
      .values({ case_id: c.id, method: input.method, pickup_centre_id: centreId, address: input.address?.trim() || null, tracking_number: input.trackingNumber?.trim() || null, delivered_at: tx.now, by_user_id: tx.ctx.actor!.userId })
      .execute()
    await setCase(tx, c.id, { status: 'delivered', delivered_at: tx.now })
    const how = { pickup: '窗口领取', post: `邮寄（${input.trackingNumber ?? ''}）`, download: '网上下载' }[input.method]
    await audit(tx, c, 'deliver', `结果已送达：${how}`, { status: 'delivered', method: input.method })
  })
}

// ---------------------------------------------------------------------------------------------
// Sweeps

/** R10: received cases with no one-time notice within the deemed days count as accepted on the day received. */
export async function sweepDeemed(deps: Deps, ctx: Ctx, now: Date): Promise<number> {
  const rows = await deps.db.selectFrom('case').select(['id', 'region_code']).where('status', '=', 'received').where('correction_count', '=', 0).execute()
  let n = 0
  const today = shanghaiDate(now)
  for (const r of rows) {
    const cal = await getCalendar(deps, r.region_code)
    const c = await repo.findCase(deps.db, Number(r.id))
    if (!c || !deemedAccepted(cal, { status: c.status, receivedAt: c.received_at ? new Date(c.received_at) : null, correctionCount: c.correction_count }, today, deps.config.intakeDeemedDays)) continue
    await mutate(deps, ctx, async (tx) => {
      CALENDARS.set(tx, cal)
      const locked = await repo.findCase(tx.db, c.id, true)
      if (!locked || locked.status !== 'received' || locked.correction_count > 0) {
        await tx.audit({ action: 'cases.case.deemed_skip', targetType: 'case', targetId: c.id, summary: '状态已变化，未视为受理' })
        return
      }
      const v = await versionOf(tx.db, locked)
      const receivedAt = new Date(locked.received_at!)
      await acceptCase(tx, locked, v, receivedAt, 'deemed')
      await issue(tx, locked, 'acceptance_notice', '受理通知书', {
        paragraphs: [`你（单位）提交的「${v.guide.name}」申请，本机关未在收到申请之日起 ${deps.config.intakeDeemedDays} 个工作日内一次性告知补正，根据《中华人民共和国行政许可法》第三十二条的规定，自收到申请材料之日起即为受理。`],
        fields: [...baseFields(locked, v.guide, tx.now), ['受理日期（视为）', shanghaiDate(receivedAt)]],
      })
      n++
    })
  }
  return n
}

/** R11: a 容缺 case whose pending materials were not supplied by the due date is withdrawn. */
export async function sweepConditional(deps: Deps, ctx: Ctx, now: Date): Promise<number> {
  const today = shanghaiDate(now)
  // only cases already past their 容缺 date: the sweep writes (and audits) nothing for the others
  const rows = await deps.db
    .selectFrom('case')
    .select(['id'])
    .where('status', 'in', ['accepted', 'paused'])
    .where('conditional_due', 'is not', null)
    .where('conditional_due', '<', today)
    .execute()
  let n = 0
  for (const r of rows) {
    const c = await repo.findCase(deps.db, Number(r.id))
    if (!c || !conditionalLapsed({ status: c.status, conditionalDue: c.conditional_due, pendingOpen: pendingOpen(c, await repo.materialsOf(deps.db, c.id)).length }, today)) continue
    await mutate(deps, ctx, async (tx) => {
      const locked = await repo.findCase(tx.db, c.id, true)
      const mats = locked ? await repo.materialsOf(tx.db, locked.id) : []
      if (!locked || !conditionalLapsed({ status: locked.status, conditionalDue: locked.conditional_due, pendingOpen: pendingOpen(locked, mats).length }, today)) {
        // changed between the check and the lock (materials supplied meanwhile): record why nothing happened
        return tx.audit({ action: 'cases.case.conditional_check', targetType: 'case', targetId: c.id, unitId: c.unit_id, summary: `${c.number}：容缺材料已补齐，不予撤回` })
      }
      await tx.db.updateTable('case_pause').set({ ended_at: tx.now }).where('case_id', '=', locked.id).where('ended_at', 'is', null).execute()
      await setCase(tx, locked.id, { status: 'withdrawn', withdrawn_at: tx.now, withdraw_reason: `容缺材料未在 ${locked.conditional_due} 前补齐，视为撤回申请` })
      await closeSteps(tx, locked.id, 'skipped')
      await cancelUnpaidFees(tx, locked.id, '容缺材料逾期未补齐，视为撤回申请')
      await audit(tx, locked, 'conditional_withdraw', `容缺材料逾期（${locked.conditional_due}）未补齐，视为撤回`, { status: 'withdrawn' })
      await tell(tx, locked, 'case.withdrawn', { reason: `容缺材料未在 ${locked.conditional_due} 前补齐`, nextStep: '办件已终止，如需办理请重新申请' })
      n++
    })
  }
  return n
}

/**
 * Deadlines left pending because their year's holiday schedule was not yet in the calendar are
 * filled in once it is (an admin imported the year). Only cases that can now be computed are touched.
 */
export async function sweepPendingDeadlines(deps: Deps, ctx: Ctx, now: Date): Promise<number> {
  const rows = await deps.db
    .selectFrom('case')
    .select(['id', 'region_code'])
    .where('accepted_at', 'is not', null)
    .where('status', 'in', ['accepted', 'paused', 'decided'])
    .where((eb) => eb.or([eb('promised_due', 'is', null), eb('legal_due', 'is', null)]))
    .execute()
  let n = 0
  for (const r of rows) {
    const cal = await getCalendar(deps, r.region_code)
    const c = await repo.findCase(deps.db, Number(r.id))
    if (!c) continue
    const clock = await clockOf(cal, deps.db, c, now)
    if (clock.legalDue === null || clock.promisedDue === null) continue // still pending (or paused)
    await mutate(deps, ctx, async (tx) => {
      await tx.db.updateTable('case').set({ legal_due: clock.legalDue, promised_due: clock.promisedDue }).where('id', '=', c.id).execute()
      await audit(tx, c, 'deadlines_filled', `节假日安排已导入，补算期限：法定 ${clock.legalDue}，承诺 ${clock.promisedDue}`, { legalDue: clock.legalDue, promisedDue: clock.promisedDue })
      n++
    })
  }
  return n
}

// ---------------------------------------------------------------------------------------------
// Reading

export function allowedActions(c: CaseRow, actor: Actor | null, as: 'applicant' | 'staff', steps: StepRow[]): CaseAction[] {
  const out: CaseAction[] = []
  const st = c.status
  const has = (roles: Role[]) => !!actor && actor.grants.some((g) => roles.includes(g.role))
  const add = (a: CaseAction, ok: boolean) => ok && canDo(st, a) && out.push(a)
  // a joint case's sub-case is decided by the department's reply and delivered with the joint case
  const joint = c.joint_case_id !== null
  if (as === 'applicant') {
    add('submit', true)
    add('withdraw', !joint && ['draft', 'submitted', 'returned', 'received', 'correction_requested'].includes(st))
    add('supply_correction', st === 'correction_requested' || (st === 'accepted' && c.conditional_due !== null))
    add('deliver', false)
    return out
  }
  const active = steps.find((s) => s.status === 'active')
  add('prereview', has(INTAKE_ROLES))
  add('intake', has(INTAKE_ROLES))
  add('supply_correction', has(INTAKE_ROLES) && (st === 'correction_requested' || c.conditional_due !== null))
  add('withdraw', !joint && has(INTAKE_ROLES))
  add('complete_step', !!active && active.key !== 'approve' && active.key !== 'complete' && has([active.role as Role]))
  add('pause', has(HANDLING_ROLES))
  add('resume', has(HANDLING_ROLES))
  add('extend', has(APPROVER_ROLES))
  add('decide', !joint && has(APPROVER_ROLES) && (!active || active.key === 'approve'))
  add('complete', !joint && has(['window_staff', 'centre_admin', 'approver', 'reviewer', 'handling_unit']))
  add('deliver', !joint && has(['window_staff', 'centre_admin']))
  return out
}

export async function caseDetail(deps: Deps, actor: Actor | null, caseId: number) {
  const { c, as } = await loadVisible(deps, actor, caseId)
  const v = await versionOf(deps.db, c)
  const g = v.guide
  const [mats, steps, pauses, exts, corrections, docs, order, clock] = await Promise.all([
    repo.materialsOf(deps.db, c.id),
    repo.stepsOf(deps.db, c.id),
    repo.pausesOf(deps.db, c.id),
    repo.extensionsOf(deps.db, c.id),
    repo.correctionsOf(deps.db, c.id),
    documentsOfCase(deps.db, c.id),
    feeOrderOfCase(deps.db, c.id),
    clockOf(await getCalendar(deps, c.region_code), deps.db, c, deps.clock.now()),
  ])
  const delivery = await deps.db.selectFrom('case_delivery').selectAll().where('case_id', '=', c.id).executeTakeFirst()
  const open = new Set(pendingOpen(c, mats))
  const present = new Set(mats.map((m) => m.material_key))
  const unitNames = new Map<number, string>()
  for (const id of new Set([c.unit_id, ...steps.map((s) => s.unit_id)])) unitNames.set(id, await unitName(deps.db, id))
  const materials: MaterialDto[] = []
  for (const m of mats) materials.push(await materialDto(deps, m))
  return {
    id: c.id,
    number: c.number,
    jointCaseId: c.joint_case_id === null ? null : Number(c.joint_case_id),
    greenChannel: !!c.green_channel,
    itemId: c.item_id,
    itemVersionId: c.item_version_id,
    itemCode: g.code,
    itemName: g.name,
    departmentId: g.departmentId,
    departmentName: await unitName(deps.db, g.departmentId),
    unitId: c.unit_id,
    channel: c.channel,
    status: c.status,
    statusName: CASE_STATUSES[c.status],
    instant: g.instant,
    deemed: c.deemed,
    intakeKind: c.intake_kind,
    applicant: {
      userId: c.applicant_user_id,
      kind: c.applicant_kind,
      name: c.applicant_name,
      idNumberMasked: maskIdNumber(c.applicant_id_number ?? c.applicant_credit_code),
      phoneMasked: maskPhone(c.applicant_phone),
    },
    form: c.form ?? {},
    quantities: c.quantities ?? {},
    exemptions: c.exemptions ?? [],
    submittedAt: iso(c.submitted_at),
    receivedAt: iso(c.received_at),
    acceptedAt: iso(c.accepted_at),
    decidedAt: iso(c.decided_at),
    completedAt: iso(c.completed_at),
    deliveredAt: iso(c.delivered_at),
    prereviewDue: c.prereview_due,
    conditionalDue: c.conditional_due,
    requiredMaterials: g.materials.map((m) => ({
      key: m.key,
      name: m.name,
      requirement: m.requirement,
      form: m.form,
      copies: m.copies,
      secondary: m.secondary,
      eCertificateType: m.eCertificateType ?? null,
      satisfied: present.has(m.key),
      pending: open.has(m.key),
    })),
    materials,
    corrections: corrections.map((k) => ({ id: k.id, stage: k.stage, requestedAt: iso(k.requested_at)!, items: k.items, suppliedAt: iso(k.supplied_at) })),
    steps: steps.map((s) => ({
      id: s.id,
      key: s.key,
      name: s.name,
      role: s.role,
      unitName: unitNames.get(s.unit_id) ?? '',
      status: s.status,
      assigneeName: s.assignee_name,
      opinion: s.opinion,
      outcome: s.outcome,
      startedAt: iso(s.started_at),
      completedAt: iso(s.completed_at),
      due: s.due,
    })),
    pauses: pauses.map((p) => ({ id: p.id, kind: p.kind, kindName: PAUSE_KINDS[p.kind as PauseKind] ?? p.kind, reason: p.reason, expectedDays: p.expected_days, startedAt: iso(p.started_at)!, endedAt: iso(p.ended_at) })),
    extensions: exts.map((e) => ({ id: e.id, days: e.days, reason: e.reason, approvedBy: e.approved_by, at: iso(e.at)! })),
    decision: c.decision ? { outcome: c.decision, reasons: c.decision_reasons, at: iso(c.decided_at)!, by: c.decided_by ?? '' } : null,
    deliveryChoice: await (async () => {
      const ch = deliveryChoiceOf(c.form)
      if (!ch) return null
      return { ...ch, centreName: ch.centreId ? await unitName(deps.db, ch.centreId) : null }
    })(),
    delivery: delivery
      ? {
          method: delivery.method,
          centreName: delivery.pickup_centre_id ? await unitName(deps.db, Number(delivery.pickup_centre_id)) : null,
          address: delivery.address,
          trackingNumber: delivery.tracking_number,
          deliveredAt: iso(delivery.delivered_at),
        }
      : null,
    documents: docs.map((d) => ({ id: d.id, kind: d.kind, title: d.title, issuedAt: d.issuedAt, verificationCode: d.verificationCode })),
    feeOrder: order as FeeOrder | null,
    clock,
    allowedActions: allowedActions(c, actor, as, steps) as string[],
  }
}
export type CaseDetail = Awaited<ReturnType<typeof caseDetail>>

function iso(d: Date | string | null | undefined): string | null {
  return d ? new Date(d).toISOString() : null
}

export interface CaseSummary {
  id: number
  number: string
  itemName: string
  status: CaseStatus
  statusName: string
  channel: 'online' | 'window'
  applicantName: string
  submittedAt: string | null
  receivedAt: string | null
  acceptedAt: string | null
  promisedDue: string | null
  completedAt: string | null
  /** 绿色通道: ordered first */
  greenChannel: boolean
  /** the joint case (并联审批 / 一件事) it is a department's part of */
  jointCaseId: number | null
}

function summaryQuery(deps: Deps) {
  return deps.db
    .selectFrom('case')
    .innerJoin('item_version', 'item_version.id', 'case.item_version_id')
    .innerJoin('org_unit as hu', 'hu.id', 'case.unit_id')
    .leftJoin('org_unit as cu', 'cu.id', 'case.centre_id')
}

function toSummary(r: { id: number; number: string; guide: ItemGuide; status: CaseStatus; channel: 'online' | 'window'; applicant_name: string; submitted_at: Date | null; received_at: Date | null; accepted_at: Date | null; promised_due: string | null; completed_at: Date | null; green_channel: boolean; joint_case_id: number | null }): CaseSummary {
  const g = typeof r.guide === 'string' ? (JSON.parse(r.guide) as ItemGuide) : r.guide
  return {
    id: Number(r.id),
    number: r.number,
    itemName: g.name,
    status: r.status,
    statusName: CASE_STATUSES[r.status],
    channel: r.channel,
    applicantName: r.applicant_name,
    submittedAt: iso(r.submitted_at),
    receivedAt: iso(r.received_at),
    acceptedAt: iso(r.accepted_at),
    promisedDue: r.promised_due,
    completedAt: iso(r.completed_at),
    greenChannel: !!r.green_channel,
    jointCaseId: r.joint_case_id === null ? null : Number(r.joint_case_id),
  }
}

const SUMMARY_COLS = [
  'case.id',
  'case.number',
  'item_version.guide',
  'case.status',
  'case.channel',
  'case.applicant_name',
  'case.submitted_at',
  'case.received_at',
  'case.accepted_at',
  'case.promised_due',
  'case.completed_at',
  'case.green_channel',
  'case.joint_case_id',
] as const

export async function listMine(deps: Deps, actor: Actor, q: { status?: string; page: number; pageSize: number }) {
  let base = summaryQuery(deps).where('case.applicant_user_id', '=', actor.userId)
  if (q.status) base = base.where('case.status', '=', q.status as CaseStatus)
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0)
  const rows = await base.select(SUMMARY_COLS).orderBy('case.id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute()
  return { items: rows.map((r) => toSummary(r as never)), total, page: q.page, pageSize: q.pageSize }
}

/** Staff search in scope; queue=prereview|intake|mine narrows it to the actor's work. */
export async function listForStaff(
  deps: Deps,
  actor: Actor,
  q: { status?: string; itemId?: number; q?: string; queue?: 'prereview' | 'intake' | 'mine'; page: number; pageSize: number },
) {
  const scopeOr = (roles: readonly Role[]) => (eb: any) => {
    const gs = actor.grants.filter((g) => roles.includes(g.role))
    if (gs.some((g) => g.unitPath === null && g.regionCode === null)) return eb.val(true)
    const ors: any[] = []
    for (const g of gs) {
      if (g.unitPath) {
        ors.push(eb('hu.path', 'like', `${g.unitPath}%`))
        ors.push(eb('cu.path', 'like', `${g.unitPath}%`))
        ors.push(sql<boolean>`${g.unitPath}::text LIKE (cu.path || '%')`)
      }
      if (g.regionCode) ors.push(eb('case.region_code', 'like', `${g.regionCode}%`))
    }
    return ors.length ? eb.or(ors) : eb.val(false)
  }
  let base = summaryQuery(deps).where(scopeOr(SEE_ROLES))
  if (q.status) base = base.where('case.status', '=', q.status as CaseStatus)
  if (q.itemId) base = base.where('case.item_id', '=', q.itemId)
  if (q.q) {
    const like = `%${q.q.replace(/[%_\\]/g, '')}%`
    base = base.where((eb) => eb.or([eb('case.number', 'like', like), eb('case.applicant_name', 'like', like)]))
  }
  if (q.queue === 'prereview') base = base.where('case.status', '=', 'submitted').where(scopeOr(INTAKE_ROLES))
  if (q.queue === 'intake') base = base.where('case.status', 'in', ['received']).where(scopeOr(INTAKE_ROLES))
  if (q.queue === 'mine') {
    const gs = actor.grants
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom('case_step as st')
          .innerJoin('org_unit as su', 'su.id', 'st.unit_id')
          .select('st.id')
          .whereRef('st.case_id', '=', 'case.id')
          .where('st.status', '=', 'active')
          .where((e2) => {
            const ors = gs.map((g) => {
              const role = e2('st.role', '=', g.role)
              if (g.unitPath === null && g.regionCode === null) return role
              if (g.unitPath) return e2.and([role, e2('su.path', 'like', `${g.unitPath}%`)])
              return e2.and([role, e2('su.region_code', 'like', `${g.regionCode}%`)])
            })
            return ors.length ? e2.or(ors) : e2.val(false)
          }),
      ),
    ).where('case.status', 'in', ['accepted', 'decided'])
  }
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0)
  const rows = await base.select(SUMMARY_COLS).orderBy('case.green_channel', 'desc').orderBy('case.id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute()
  return { items: rows.map((r) => toSummary(r as never)), total, page: q.page, pageSize: q.pageSize }
}

export async function timeline(deps: Deps, actor: Actor | null, caseId: number) {
  const { c } = await loadVisible(deps, actor, caseId)
  return { items: await trailOf(deps.db, 'case', c.id) }
}

export async function clockExplain(deps: Deps, actor: Actor | null, caseId: number) {
  const { c } = await loadVisible(deps, actor, caseId)
  const cal = await getCalendar(deps, c.region_code)
  const clock = await clockOf(cal, deps.db, c, deps.clock.now())
  if (!clock.start) return { clock, explanation: null }
  const pauses = await repo.pausesOf(deps.db, c.id)
  const explanation = cal.explain(clock.start, c.promised_days, {
    pauses: toPauses(pauses.map((p) => ({ from: new Date(p.started_at), to: p.ended_at ? new Date(p.ended_at) : null }))),
  })
  return { clock, explanation }
}

export async function materialFile(deps: Deps, actor: Actor | null, caseId: number, materialId: number): Promise<string> {
  const { c } = await loadVisible(deps, actor, caseId)
  const m = (await repo.materialsOf(deps.db, c.id)).find((x) => x.id === materialId)
  if (!m) throw CasesErrors.NOT_FOUND('材料不存在')
  return m.file_id
}

export async function documentOfCase(deps: Deps, actor: Actor | null, caseId: number, docId: number): Promise<number> {
  const { c } = await loadVisible(deps, actor, caseId)
  const docs = await documentsOfCase(deps.db, c.id)
  if (!docs.some((d) => d.id === docId)) throw CasesErrors.NOT_FOUND('文书不存在')
  return docId
}

/** The public progress query: one 404 for any mismatch; personal data masked. */
export async function progress(deps: Deps, q: { number: string; idNumber?: string; phone?: string }) {
  const notFound = () => CasesErrors.CASE_NOT_FOUND('未查询到办件，请核对办件编号和证件号码（或手机号）')
  const number = q.number.trim()
  const c = number ? await repo.findCaseByNumber(deps.db, number) : null
  if (!c || c.status === 'draft') throw notFound()
  const id = q.idNumber?.trim().toUpperCase()
  const phone = q.phone?.trim()
  const idOk = !!id && (id === (c.applicant_id_number ?? '').toUpperCase() || id === (c.applicant_credit_code ?? '').toUpperCase())
  const phoneOk = !!phone && phone === c.applicant_phone
  if (!idOk && !phoneOk) throw notFound()
  const v = await getItemVersion(deps.db, c.item_version_id)
  const steps = await repo.stepsOf(deps.db, c.id)
  const active = steps.find((s) => s.status === 'active')
  return {
    case: {
      number: c.number,
      itemName: v?.guide.name ?? '',
      departmentName: await unitName(deps.db, c.unit_id),
      status: c.status,
      statusName: CASE_STATUSES[c.status],
      currentStep: active?.name ?? null,
      receivedAt: iso(c.received_at),
      acceptedAt: iso(c.accepted_at),
      promisedDue: c.promised_due,
      completedAt: iso(c.completed_at),
      applicantName: maskName(c.applicant_name),
    },
  }
}

export async function myECertificates(deps: Deps, actor: Actor) {
  const rows = await deps.db.selectFrom('e_certificate').selectAll().where('holder_user_id', '=', actor.userId).orderBy('id', 'desc').execute()
  return {
    items: rows.map((e) => ({
      id: Number(e.id),
      type: e.type,
      name: e.name,
      number: e.number,
      holderName: e.holder_name,
      issuedAt: new Date(e.issued_at).toISOString(),
      caseId: Number(e.case_id),
      documentId: e.document_id === null ? null : Number(e.document_id),
    })),
  }
}

/** Materials of the applicant's earlier cases that may be reused (R49), for the application form. */
export async function reusableMaterials(deps: Deps, actor: Actor, caseId: number) {
  const { c } = await loadVisible(deps, actor, caseId)
  const rows = await deps.db
    .selectFrom('case_material')
    .innerJoin('case', 'case.id', 'case_material.case_id')
    .select(['case_material.id', 'case_material.material_key', 'case_material.name', 'case_material.uploaded_at', 'case.number'])
    .where('case.applicant_user_id', '=', c.applicant_user_id)
    .where('case.id', '!=', c.id)
    .orderBy('case_material.id', 'desc')
    .limit(200)
    .execute()
  return { items: rows.map((r) => ({ id: Number(r.id), materialKey: r.material_key, name: r.name, caseNumber: r.number, uploadedAt: new Date(r.uploaded_at).toISOString() })) }
}

export { loadVisible }

// ---------------------------------------------------------------------------------------------
// Sub-cases of a joint case (并联审批 / 一件事). The joint module orchestrates; these run inside
// its transaction (tx) and write their own audit records on the sub-case.

/** The joint module's transaction, opened outside mutateCase: load the case region's calendar into it. */
async function withCalendar(tx: Tx, regionCode: string): Promise<void> {
  if (!CALENDARS.has(tx)) CALENDARS.set(tx, await getCalendar(tx, regionCode))
}

export interface SubCaseInput {
  jointCaseId: number
  itemVersionId: number
  channel: 'online' | 'window'
  windowId: number | null
  applicant: { userId: number; kind: 'person' | 'enterprise'; name: string; idNumber: string | null; creditCode: string | null; phone: string | null }
  form: Record<string, unknown>
  /** the joint case's moment of receipt (统一收件): the sub-case's receipt too */
  receivedAt: Date
  /** the materials of the one set that this item needs */
  materials: { materialKey: string; name: string; fileId: string; source: 'upload' | 'reuse' | 'e_certificate'; eCertificateId?: number | null }[]
  greenChannel: boolean
  /** the department's limit in this joint case (≤ the item's promised limit; tighter on the green channel) */
  limitDays: number
}

export interface SubCaseCreated {
  caseId: number
  number: string
  unitId: number
  legalDue: string | null
  promisedDue: string | null
}

/** Creates a department's sub-case, already accepted at tx.now (统一受理), with its steps, fee order and due dates. */
export async function createSubCase(tx: Tx, input: SubCaseInput): Promise<SubCaseCreated> {
  const v = await getItemVersion(tx.db, input.itemVersionId)
  if (!v) throw CasesErrors.NOT_FOUND('事项版本不存在')
  const c = await insertCase(tx, v, { channel: input.channel, status: 'received', windowId: input.windowId, applicant: input.applicant, form: input.form, receivedAt: input.receivedAt })
  await withCalendar(tx, c.region_code)
  const promisedDays = Math.max(0, Math.min(input.limitDays, v.guide.promisedLimitDays))
  await setCase(tx, c.id, { joint_case_id: input.jointCaseId, green_channel: input.greenChannel, promised_days: promisedDays })
  for (const m of input.materials) {
    await tx.db
      .insertInto('case_material')
      .values({ case_id: c.id, material_key: m.materialKey, name: m.name, file_id: m.fileId, source: m.source, reused_from: null, e_certificate_id: m.eCertificateId ?? null, uploaded_at: tx.now, uploaded_by: tx.ctx.actor?.userId || null })
      .execute()
  }
  await audit(tx, c, 'receive', `并联审批统一收件，拆分为部门子件（联办件 ${input.jointCaseId}）`, { status: 'received', jointCaseId: input.jointCaseId, greenChannel: input.greenChannel })
  await acceptCase(tx, await reload(tx, c.id), v, tx.now, 'accept', { promisedDays, quiet: true })
  const fresh = await reload(tx, c.id)
  return { caseId: fresh.id, number: fresh.number, unitId: fresh.unit_id, legalDue: fresh.legal_due, promisedDue: fresh.promised_due }
}

/** A department's reply decides its sub-case: 同意 / 同意但需转报 → grant; 不同意 → deny with reasons. */
export async function decideSubCase(tx: Tx, caseId: number, input: { outcome: 'grant' | 'deny'; reasons: string | null; opinion: string }): Promise<IssuedDocument> {
  const c = await repo.findCase(tx.db, caseId)
  if (!c) throw CasesErrors.NOT_FOUND('子件不存在')
  await withCalendar(tx, c.region_code)
  assertTransition(c.status, 'decide')
  if (input.outcome === 'deny' && !input.reasons?.trim()) throw CasesErrors.REASONS_REQUIRED('不予许可须说明理由')
  return decideCase(tx, c, input.outcome, input.reasons?.trim() || null, input.opinion)
}

/** The department issues its approval document: the sub-case is completed (fees must be paid). */
export async function completeSubCase(tx: Tx, caseId: number): Promise<void> {
  const c = await repo.findCase(tx.db, caseId)
  if (!c) throw CasesErrors.NOT_FOUND('子件不存在')
  await withCalendar(tx, c.region_code)
  assertTransition(c.status, 'complete')
  const order = await feeOrderOfCase(tx.db, c.id)
  if (order && order.status === 'unpaid') throw CasesErrors.FEES_UNPAID(`费用尚未缴清（应缴 ${formatYuan(order.payableCents)}），不能出具审批文件`)
  await completeCase(tx, c, await versionOf(tx.db, c))
}

/** One delivery of all results: each completed sub-case is marked delivered the same way. */
export async function deliverSubCase(
  tx: Tx,
  caseId: number,
  input: { method: 'pickup' | 'post' | 'download'; pickupCentreId: number | null; address: string | null; trackingNumber: string | null },
): Promise<void> {
  const c = await repo.findCase(tx.db, caseId)
  if (!c) throw CasesErrors.NOT_FOUND('子件不存在')
  await withCalendar(tx, c.region_code)
  assertTransition(c.status, 'deliver')
  await tx.db
    .insertInto('case_delivery')
    .values({ case_id: c.id, method: input.method, pickup_centre_id: input.pickupCentreId, address: input.address, tracking_number: input.trackingNumber, delivered_at: tx.now, by_user_id: tx.ctx.actor?.userId || null })
    .execute()
  await setCase(tx, c.id, { status: 'delivered', delivered_at: tx.now })
  await audit(tx, c, 'deliver', '联办件结果统一送达', { status: 'delivered', method: input.method })
}

export interface SubCaseState {
  caseId: number
  number: string
  itemId: number
  unitId: number
  status: CaseStatus
  decision: 'grant' | 'deny' | null
  decidedAt: string | null
  completedAt: string | null
  deliveredAt: string | null
  promisedDue: string | null
  feeStatus: FeeOrder['status'] | null
  feePayableCents: number
  documents: IssuedDocument[]
}

/** The sub-cases of a joint case, with their decision, completion, fees and documents. */
export async function subCasesOf(db: Db, jointCaseId: number): Promise<SubCaseState[]> {
  const rows = await db.selectFrom('case').selectAll().where('joint_case_id', '=', jointCaseId).orderBy('id').execute()
  const out: SubCaseState[] = []
  for (const r of rows) {
    const order = await feeOrderOfCase(db, Number(r.id))
    out.push({
      caseId: Number(r.id),
      number: r.number,
      itemId: Number(r.item_id),
      unitId: Number(r.unit_id),
      status: r.status,
      decision: r.decision,
      decidedAt: iso(r.decided_at),
      completedAt: iso(r.completed_at),
      deliveredAt: iso(r.delivered_at),
      promisedDue: r.promised_due,
      feeStatus: order?.status ?? null,
      feePayableCents: order?.payableCents ?? 0,
      documents: await documentsOfCase(db, Number(r.id)),
    })
  }
  return out
}
