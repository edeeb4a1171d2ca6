/**
 * Sub-cases of a joint case (并联审批 / 一件事): the joint module orchestrates; these run inside its transaction and write their own audit records on the sub-case.
 */
import { type Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import { type Tx } from '../../server/mutate.js'
import { getCalendar } from '../calendar/index.js'
type Db = Kysely<DB>
import { getItemVersion } from '../catalog/index.js'
import { documentsOfCase, type IssuedDocument } from '../documents/index.js'
import { feeOrderOfCase, formatYuan, type FeeOrder } from '../fees/index.js'
import { CasesErrors } from './cases.errors.js'
import * as repo from './cases.repository.js'
import { assertTransition, type CaseStatus } from './cases.rules.js'
import { insertCase } from './cases.apply.js'
import { complete, completeCase, decide, decideCase, deliver } from './cases.handling.js'
import { acceptCase, reload } from './cases.intake.js'
import { CALENDARS, audit, mutateCase, setCase, versionOf } from './cases.internals.js'
import { iso } from './cases.queries.js'


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
