/**
 * Handling an accepted case: steps, pauses (R4), extensions (R5), the decision, completion with the result and e-certificate, and delivery.
 */
import { type Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Actor, Ctx, Deps } from '../../server/context.js'
import { type Tx } from '../../server/mutate.js'
import type { Role } from '../../shared/roles.js'
import { unitInScope } from '../org/index.js'
import { dueOrPending, type Calendar } from '../calendar/index.js'
type Db = Kysely<DB>
import { PAUSE_KINDS, type ItemVersion, type PauseKind } from '../catalog/index.js'
import { renderDocumentNow, type IssuedDocument } from '../documents/index.js'
import { feeOrderOfCase, cancelFeeOrder, formatYuan } from '../fees/index.js'
import { CasesErrors } from './cases.errors.js'
import * as repo from './cases.repository.js'
import type { CaseRow, StepRow, UnitRow } from './cases.repository.js'
import { assertTransition, computeClock, shanghaiDate, toPauses, type CaseClock } from './cases.rules.js'
import { dueText, reload } from './cases.intake.js'
import { APPROVER_ROLES, DEFAULT_EXTENSION_LIMIT, EXTENSION_LIMITS, HANDLING_ROLES, audit, baseFields, calOf, issue, lockForEither, lockForStaff, mutateCase, pendingOpen, setCase, tell, versionOf } from './cases.internals.js'


/** A withdrawn case owes nothing: its unpaid fee order is cancelled (a paid one stays for refund handling). */
export async function cancelUnpaidFees(tx: Tx, caseId: number, reason: string): Promise<void> {
  const order = await feeOrderOfCase(tx.db, caseId)
  if (order && order.status === 'unpaid') await cancelFeeOrder(tx, caseId, reason)
}

export async function closeSteps(tx: Tx, caseId: number, status: 'done' | 'skipped'): Promise<void> {
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

export async function clockOf(cal: Calendar, db: Db, c: CaseRow, now: Date): Promise<CaseClock> {
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

export async function decideCase(tx: Tx, c: CaseRow, outcome: 'grant' | 'deny', reasons: string | null, opinion?: string): Promise<IssuedDocument> {
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

export async function completeCase(tx: Tx, c: CaseRow, v: ItemVersion): Promise<void> {
  const g = v.guide
  const fresh = await reload(tx, c.id)
  let resultDoc: IssuedDocument | null = null
  if (fresh.decision === 'grant') {
    resultDoc = await issue(tx, fresh, 'result', g.result.name, {
      paragraphs: [`${fresh.applicant_name}：`, `经审查，准予「${g.name}」。特发此${g.result.name}。`],
      fields: [...baseFields(fresh, g, tx.now), ['证照编号', fresh.number]],
    })
    if (g.result.eCertificateType) {
      // the e-certificate is reused as a material by its file id: render the result now, in this transaction
      resultDoc = await renderDocumentNow(tx, resultDoc.id)
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
