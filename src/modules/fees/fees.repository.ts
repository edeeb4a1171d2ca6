/** SQL for the fees module (Kysely only; plain rows out). */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { FeeOrderStatus, PaymentMethod } from './fees.tables.js'

type Q = Kysely<DB>

export const ORDER_COLUMNS = [
  'fee_order.id',
  'fee_order.number',
  'fee_order.case_id',
  'fee_order.case_number',
  'fee_order.unit_id',
  'fee_order.payer_name',
  'fee_order.status',
  'fee_order.total_cents',
  'fee_order.exempt_cents',
  'fee_order.payable_cents',
  'fee_order.paid_cents',
  'fee_order.created_at',
  'fee_order.paid_at',
] as const

export async function orderById(db: Q, id: number, lock = false) {
  let q = db
    .selectFrom('fee_order')
    .innerJoin('org_unit', 'org_unit.id', 'fee_order.unit_id')
    .select([...ORDER_COLUMNS, 'org_unit.path as unit_path', 'org_unit.region_code as unit_region_code', 'org_unit.name as unit_name'])
    .where('fee_order.id', '=', id)
  if (lock) q = q.forUpdate()
  return q.executeTakeFirst()
}

export async function orderIdOfCase(db: Q, caseId: number): Promise<number | undefined> {
  const r = await db.selectFrom('fee_order').select('id').where('case_id', '=', caseId).executeTakeFirst()
  return r ? Number(r.id) : undefined
}

export async function linesOf(db: Q, orderId: number) {
  return db.selectFrom('fee_line').selectAll().where('order_id', '=', orderId).orderBy('seq').execute()
}

export async function paymentsOf(db: Q, orderId: number) {
  return db
    .selectFrom('payment')
    .leftJoin('user_account', 'user_account.id', 'payment.recorded_by')
    .select(['payment.id', 'payment.method', 'payment.provider', 'payment.reference', 'payment.amount_cents', 'payment.at', 'user_account.display_name as recorded_by_name'])
    .where('payment.order_id', '=', orderId)
    .orderBy('payment.id')
    .execute()
}

export async function unitRegion(db: Q, unitId: number): Promise<string | undefined> {
  const r = await db.selectFrom('org_unit').select('region_code').where('id', '=', unitId).executeTakeFirst()
  return r?.region_code
}

/** The next value of a counter, safe across server instances: one row, bumped under its row lock. */
export async function nextCounter(db: Q, key: string): Promise<number> {
  await db.insertInto('fee_counter').values({ key, value: 0 }).onConflict((oc) => oc.column('key').doNothing()).execute()
  const r = await db
    .updateTable('fee_counter')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('key', '=', key)
    .returning('value')
    .executeTakeFirstOrThrow()
  return Number(r.value)
}

export interface NewOrder {
  number: string
  case_id: number
  case_number: string
  unit_id: number
  payer_name: string
  status: FeeOrderStatus
  total_cents: number
  exempt_cents: number
  payable_cents: number
  created_at: Date
}

export async function insertOrder(db: Q, o: NewOrder): Promise<number> {
  const r = await db.insertInto('fee_order').values(o).returning('id').executeTakeFirstOrThrow()
  return Number(r.id)
}

export async function insertLines(
  db: Q,
  orderId: number,
  lines: { ruleKey: string; name: string; basis: string; quantity: number; amountCents: number; exemptCents: number; exemption: string | null }[],
): Promise<void> {
  if (lines.length === 0) return
  await db
    .insertInto('fee_line')
    .values(
      lines.map((l, i) => ({
        order_id: orderId,
        seq: i + 1,
        rule_key: l.ruleKey,
        name: l.name,
        basis: l.basis,
        quantity: l.quantity,
        amount_cents: l.amountCents,
        exempt_cents: l.exemptCents,
        exemption: l.exemption,
      })),
    )
    .execute()
}

export async function insertPayment(
  db: Q,
  p: { order_id: number; method: PaymentMethod; provider: string; reference: string | null; amount_cents: number; recorded_by: number | null; at: Date },
): Promise<number> {
  const r = await db.insertInto('payment').values(p).returning('id').executeTakeFirstOrThrow()
  return Number(r.id)
}

export async function paymentByReference(db: Q, provider: string, reference: string) {
  return db.selectFrom('payment').select(['id', 'order_id', 'amount_cents']).where('provider', '=', provider).where('reference', '=', reference).where('method', '=', 'online').executeTakeFirst()
}

export async function markPaid(db: Q, orderId: number, paidCents: number, at: Date): Promise<void> {
  await db.updateTable('fee_order').set({ status: 'paid', paid_cents: paidCents, paid_at: at }).where('id', '=', orderId).execute()
}

export async function markCancelled(db: Q, orderId: number, reason: string, at: Date): Promise<void> {
  await db.updateTable('fee_order').set({ status: 'cancelled', cancelled_at: at, cancel_reason: reason }).where('id', '=', orderId).execute()
}
