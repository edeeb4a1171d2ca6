/**
 * Applications online and at the window: drafts, forms, materials (upload, reuse, delete), submission, withdrawal, supplying a correction, pre-review, and filing at the window.
 */
import crypto from 'node:crypto'
import type { Ctx, Deps } from '../../server/context.js'
import { mutate, type Tx } from '../../server/mutate.js'
import { unitInScope } from '../org/index.js'
import { addOrPending } from '../calendar/index.js'
import { currentItemVersion, type ItemGuide, type ItemVersion } from '../catalog/index.js'
import { storeFile, fileInfo } from '../files/index.js'
import { type IssuedDocument } from '../documents/index.js'
import { quoteFees } from '../fees/index.js'
import { register } from '../auth/index.js'
import { CasesErrors } from './cases.errors.js'
import * as repo from './cases.repository.js'
import type { CaseRow, MaterialRow } from './cases.repository.js'
import { assertTransition, CASE_STATUSES, shanghaiDate, type CaseStatus } from './cases.rules.js'
import { cancelUnpaidFees, closeSteps } from './cases.handling.js'
import { dueText, intake } from './cases.intake.js'
import { INTAKE_ROLES, audit, baseFields, calOf, issue, lockForApplicant, lockForEither, lockForStaff, materialName, materialStates, mutateCase, pendingOpen, setCase, tell, versionOf } from './cases.internals.js'


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

export async function insertCase(tx: Tx, v: ItemVersion, n: NewCase): Promise<CaseRow> {
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

export async function materialDto(deps: Deps, m: MaterialRow): Promise<MaterialDto> {
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
