/**
 * Fee orders and payments. An order is made only from a quote over the case's item-version rules
 * (quoteFees), inside the caller's transaction; it is paid once, in full, at the window or
 * through a payment provider — there is no way to charge an amount the rules did not produce.
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Actor, Ctx, Deps } from '../../server/context.js'
import { SYSTEM_ACTOR } from '../../server/context.js'
import { notFound } from '../../server/errors.js'
import { mutate, type Tx } from '../../server/mutate.js'
import { toShanghaiDate } from '../calendar/index.js'
import { FeesErrors } from './fees.errors.js'
import { formatYuan, quoteIsConsistent, type FeeLine, type FeeQuote } from './fees.quote.js'
import { SimulatedProvider, type PaymentProvider } from './fees.provider.js'
import * as repo from './fees.repository.js'
import type { FeeOrderStatus, PaymentMethod } from './fees.tables.js'

export const STATUS_NAMES: Record<FeeOrderStatus, string> = { unpaid: '待缴费', paid: '已缴费', waived: '免缴', cancelled: '已作废' }
export const METHOD_NAMES: Record<PaymentMethod, string> = { cash: '现金', bank: '银行转账', pos: '刷卡', online: '网上支付' }

export interface PaymentDto {
  id: number
  method: PaymentMethod
  methodName: string
  provider: string
  reference: string | null
  amountCents: number
  at: string
  recordedByName: string | null
}

export interface FeeOrder {
  id: number
  number: string
  caseId: number
  caseNumber: string
  status: FeeOrderStatus
  lines: FeeLine[]
  totalCents: number
  exemptCents: number
  payableCents: number
  paidCents: number
  createdAt: string
  paidAt: string | null
  /** added by the fees module: */
  statusName: string
  unitId: number
  payerName: string
  payments: PaymentDto[]
}

type OrderRow = NonNullable<Awaited<ReturnType<typeof repo.orderById>>>

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString())

async function toDto(db: Kysely<DB>, r: OrderRow): Promise<FeeOrder> {
  const id = Number(r.id)
  const [lines, payments] = await Promise.all([repo.linesOf(db, id), repo.paymentsOf(db, id)])
  return {
    id,
    number: r.number,
    caseId: Number(r.case_id),
    caseNumber: r.case_number,
    status: r.status,
    statusName: STATUS_NAMES[r.status],
    unitId: Number(r.unit_id),
    payerName: r.payer_name,
    lines: lines.map((l) => ({
      ruleKey: l.rule_key,
      name: l.name,
      basis: l.basis,
      quantity: Number(l.quantity),
      amountCents: Number(l.amount_cents),
      exemptCents: Number(l.exempt_cents),
      exemption: l.exemption,
    })),
    totalCents: Number(r.total_cents),
    exemptCents: Number(r.exempt_cents),
    payableCents: Number(r.payable_cents),
    paidCents: Number(r.paid_cents),
    createdAt: iso(r.created_at)!,
    paidAt: iso(r.paid_at),
    payments: payments.map((p) => ({
      id: Number(p.id),
      method: p.method,
      methodName: METHOD_NAMES[p.method],
      provider: p.provider,
      reference: p.reference,
      amountCents: Number(p.amount_cents),
      at: iso(p.at)!,
      recordedByName: p.recorded_by_name ?? null,
    })),
  }
}

export async function orderDto(db: Kysely<DB>, orderId: number): Promise<FeeOrder | null> {
  const r = await repo.orderById(db, orderId)
  return r ? toDto(db, r) : null
}

export async function feeOrderOfCase(db: Kysely<DB>, caseId: number): Promise<FeeOrder | null> {
  const id = await repo.orderIdOfCase(db, caseId)
  return id === undefined ? null : orderDto(db, id)
}

/** FY + the unit's region code (up to 6 digits) + the China date + a 4-digit daily sequence: FY3714202611210001. */
async function nextOrderNumber(tx: Tx, unitId: number): Promise<string> {
  const region = await repo.unitRegion(tx.db, unitId)
  if (region === undefined) throw notFound('收费单位')
  const prefix = `FY${region.slice(0, 6)}${toShanghaiDate(tx.now).replace(/-/g, '')}`
  const n = await repo.nextCounter(tx.db, prefix)
  return `${prefix}${String(n).padStart(4, '0')}`
}

/** Creates the case's one fee order (at acceptance), inside the caller's transaction. */
export async function createFeeOrder(tx: Tx, input: { caseId: number; caseNumber: string; unitId: number; payerName: string; quote: FeeQuote }): Promise<FeeOrder> {
  const { quote } = input
  if (!quoteIsConsistent(quote)) throw FeesErrors.INVALID_QUOTE('收费明细与合计不符：缴费单只能按事项的收费标准生成')
  if ((await repo.orderIdOfCase(tx.db, input.caseId)) !== undefined) throw FeesErrors.FEE_ORDER_EXISTS('该办件已有缴费单（一费制）')
  const number = await nextOrderNumber(tx, input.unitId)
  const status: FeeOrderStatus = quote.payableCents > 0 ? 'unpaid' : 'waived'
  const id = await repo.insertOrder(tx.db, {
    number,
    case_id: input.caseId,
    case_number: input.caseNumber,
    unit_id: input.unitId,
    payer_name: input.payerName,
    status,
    total_cents: quote.totalCents,
    exempt_cents: quote.exemptCents,
    payable_cents: quote.payableCents,
    created_at: tx.now,
  })
  await repo.insertLines(tx.db, id, quote.lines)
  const summary =
    status === 'waived'
      ? `生成缴费单 ${number}（办件 ${input.caseNumber}）：应收 ${formatYuan(quote.totalCents)}，减免 ${formatYuan(quote.exemptCents)}，免缴`
      : `生成缴费单 ${number}（办件 ${input.caseNumber}）：应收 ${formatYuan(quote.totalCents)}，减免 ${formatYuan(quote.exemptCents)}，应缴 ${formatYuan(quote.payableCents)}`
  await tx.audit({
    action: 'fees.order.create',
    targetType: 'fee_order',
    targetId: id,
    unitId: input.unitId,
    summary,
    after: { number, caseId: input.caseId, status, lines: quote.lines, totalCents: quote.totalCents, exemptCents: quote.exemptCents, payableCents: quote.payableCents },
  })
  return (await orderDto(tx.db, id))!
}

/** Cancels the case's unpaid order (e.g. the case was withdrawn); a paid order is not cancelled. No order: null. */
export async function cancelFeeOrder(tx: Tx, caseId: number, reason: string): Promise<FeeOrder | null> {
  const id = await repo.orderIdOfCase(tx.db, caseId)
  if (id === undefined) return null
  const o = (await repo.orderById(tx.db, id, true))!
  if (o.status === 'paid') throw FeesErrors.ORDER_NOT_CANCELLABLE('缴费单已缴费，不能作废')
  if (o.status === 'cancelled') return toDto(tx.db, o)
  await repo.markCancelled(tx.db, id, reason, tx.now)
  await tx.audit({ action: 'fees.order.cancel', targetType: 'fee_order', targetId: id, unitId: Number(o.unit_id), summary: `作废缴费单 ${o.number}：${reason}`, before: { status: o.status }, after: { status: 'cancelled' } })
  return orderDto(tx.db, id)
}

/** Whether the order no longer stands in the way of completing the case (paid, waived, cancelled or none). */
export function feesSettled(order: FeeOrder | null): boolean {
  return order === null || order.status !== 'unpaid'
}

/** The one rule for every payment: the order is payable, not paid yet, and the amount is exactly what is payable. */
function checkPayable(o: OrderRow, amountCents: number): void {
  if (o.status === 'paid') throw FeesErrors.ALREADY_PAID(`缴费单 ${o.number} 已缴费，不能重复收费`)
  if (o.status !== 'unpaid') throw FeesErrors.ORDER_NOT_PAYABLE(`缴费单 ${o.number} ${STATUS_NAMES[o.status]}，无需缴费`)
  if (amountCents !== Number(o.payable_cents)) {
    throw FeesErrors.AMOUNT_MISMATCH(`收费金额 ${formatYuan(amountCents)} 与应缴金额 ${formatYuan(Number(o.payable_cents))} 不符：不得超出收费标准收费`)
  }
}

export interface WindowPayment {
  method: 'cash' | 'bank' | 'pos'
  reference?: string | null | undefined
  amountCents: number
}

/** Records a payment taken at the window. The caller has checked the actor may (policy). */
export async function recordWindowPayment(deps: Deps, ctx: Ctx, actor: Actor, orderId: number, p: WindowPayment): Promise<FeeOrder> {
  return mutate(deps, ctx, async (tx) => {
    const o = await repo.orderById(tx.db, orderId, true)
    if (!o) throw notFound('缴费单')
    checkPayable(o, p.amountCents)
    const reference = p.reference?.trim() || null
    const paymentId = await repo.insertPayment(tx.db, { order_id: orderId, method: p.method, provider: 'window', reference, amount_cents: p.amountCents, recorded_by: actor.kind === 'system' ? null : actor.userId, at: tx.now })
    await repo.markPaid(tx.db, orderId, p.amountCents, tx.now)
    await tx.audit({
      action: 'fees.payment.record',
      targetType: 'fee_order',
      targetId: orderId,
      unitId: Number(o.unit_id),
      summary: `收费 ${formatYuan(p.amountCents)}（${METHOD_NAMES[p.method]}）缴费单 ${o.number}，办件 ${o.case_number}${reference ? `，凭证号 ${reference}` : ''}`,
      after: { paymentId, method: p.method, reference, amountCents: p.amountCents },
    })
    return (await orderDto(tx.db, orderId))!
  })
}

/** The payment providers by name: only the demo's simulated one so far (a real gateway joins here). */
export function providerOf(deps: Deps, name: string): PaymentProvider {
  if (name === 'simulated') return simulatedProvider(deps)
  throw FeesErrors.UNKNOWN_PROVIDER(`不支持的支付方式：${name}`)
}

export function simulatedProvider(deps: Deps): SimulatedProvider {
  return new SimulatedProvider(deps.config.paymentSecret)
}

/** Where the applicant goes to pay online. The caller has checked the actor is the case's applicant. */
export async function startOnlinePayment(deps: Deps, orderId: number, providerName: string): Promise<{ redirectUrl: string }> {
  const o = await repo.orderById(deps.db, orderId)
  if (!o) throw notFound('缴费单')
  checkPayable(o, Number(o.payable_cents))
  const provider = providerOf(deps, providerName)
  return { redirectUrl: provider.checkoutUrl({ id: orderId, number: o.number, payableCents: Number(o.payable_cents) }) }
}

/** The order as the simulated checkout page shows it, after checking the link's signature. */
export async function checkoutOrder(deps: Deps, orderId: number, sig: string) {
  const sim = simulatedProvider(deps)
  if (!sim.checkoutSigOk(orderId, sig)) throw FeesErrors.BAD_SIGNATURE('支付链接签名校验失败')
  const o = await repo.orderById(deps.db, orderId)
  if (!o) throw notFound('缴费单')
  return { order: o, sim }
}

/**
 * A provider's payment notification: verified, then recorded once. A repeat of the same
 * transaction is answered as success and changes nothing (providers retry until acknowledged).
 */
export async function handleNotification(deps: Deps, ctx: Ctx, providerName: string, body: unknown): Promise<{ order: FeeOrder; repeated: boolean }> {
  const provider = providerOf(deps, providerName)
  const n = provider.verifyNotification(body)
  const providerCtx: Ctx = { ...ctx, actor: { ...SYSTEM_ACTOR, username: `payment:${provider.name}`, displayName: provider.displayName } }
  return mutate(deps, providerCtx, async (tx) => {
    const o = await repo.orderById(tx.db, n.orderId, true)
    if (!o) throw notFound('缴费单')
    const seen = await repo.paymentByReference(tx.db, provider.name, n.providerRef)
    if (seen && Number(seen.order_id) === n.orderId) {
      await tx.audit({
        action: 'fees.payment.notify_repeat',
        targetType: 'fee_order',
        targetId: n.orderId,
        unitId: Number(o.unit_id),
        summary: `收到重复的支付通知（${provider.displayName}，流水号 ${n.providerRef}），已入账，不重复记录`,
      })
      return { order: (await orderDto(tx.db, n.orderId))!, repeated: true }
    }
    if (seen) throw FeesErrors.BAD_SIGNATURE('支付流水号与缴费单不符')
    checkPayable(o, n.amountCents)
    const paymentId = await repo.insertPayment(tx.db, { order_id: n.orderId, method: 'online', provider: provider.name, reference: n.providerRef, amount_cents: n.amountCents, recorded_by: null, at: tx.now })
    await repo.markPaid(tx.db, n.orderId, n.amountCents, tx.now)
    await tx.audit({
      action: 'fees.payment.notify',
      targetType: 'fee_order',
      targetId: n.orderId,
      unitId: Number(o.unit_id),
      summary: `收费 ${formatYuan(n.amountCents)}（网上支付：${provider.displayName}，流水号 ${n.providerRef}）缴费单 ${o.number}，办件 ${o.case_number}`,
      after: { paymentId, provider: provider.name, providerRef: n.providerRef, amountCents: n.amountCents },
    })
    return { order: (await orderDto(tx.db, n.orderId))!, repeated: false }
  })
}
