/**
 * The intake decision (R10–R12, S4): accept, refuse, one-time correction notice, 容缺 and 告知承诺; acceptance starts the clock, the steps and the fees.
 */
import type { Ctx, Deps } from '../../server/context.js'
import { type Tx } from '../../server/mutate.js'
import { dueOrPending } from '../calendar/index.js'
import { type ItemVersion } from '../catalog/index.js'
import { type IssuedDocument } from '../documents/index.js'
import { quoteFees, createFeeOrder, feeOrderOfCase } from '../fees/index.js'
import * as repo from './cases.repository.js'
import type { CaseRow } from './cases.repository.js'
import { decideIntake, REFUSAL_KINDS, shanghaiDate, type IntakeRequest } from './cases.rules.js'
import { completeCase, decideCase } from './cases.handling.js'
import { INTAKE_ROLES, audit, baseFields, calOf, issue, lockForStaff, materialName, materialStates, mutateCase, setCase, tell, versionOf } from './cases.internals.js'


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

export async function reload(tx: Tx, id: number): Promise<CaseRow> {
  return (await repo.findCase(tx.db, id))!
}

/** A due date in words: pending when its year's holiday schedule is not yet in the calendar. */
export function dueText(d: string | null): string {
  return d ?? '待该年度节假日安排公布后确定'
}

/** Acceptance: steps from the version, the fee order, the due dates (from the acceptance day). */
export async function acceptCase(
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
  const rows = g.steps.map((s) => {
    const isIntake = s.key === 'intake' || (seq === 0 && s.role === 'window_staff')
    const unitId = s.role === 'window_staff' || s.role === 'centre_admin' ? (c.centre_id ?? c.unit_id) : c.unit_id
    const active = !isIntake && !activated
    if (active) {
      activated = true
      next = s.name
    }
    return {
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
    } as const
  })
  // one statement for all the steps
  if (rows.length > 0) await tx.db.insertInto('case_step').values(rows).execute()
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
