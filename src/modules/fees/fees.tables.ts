// The fees module's tables (owned by the fees module; filled in by its migrations).
import type { Generated } from 'kysely'
import type { Timestamp } from '../../db/core.tables.js'

export type FeeOrderStatus = 'unpaid' | 'paid' | 'waived' | 'cancelled'
export type PaymentMethod = 'cash' | 'bank' | 'pos' | 'online'

/** One fee order per case (一费制): the case's fees in one bill. */
export interface FeeOrderTable {
  id: Generated<number>
  /** readable, unique: FY + region code + yyyymmdd + sequence */
  number: string
  /** the case (cases module's row, by id; one order per case) */
  case_id: number
  case_number: string
  unit_id: number
  payer_name: string
  status: FeeOrderStatus
  total_cents: number
  exempt_cents: number
  payable_cents: number
  paid_cents: Generated<number>
  created_at: Timestamp
  paid_at: Timestamp | null
  cancelled_at: Timestamp | null
  cancel_reason: string | null
}

export interface FeeLineTable {
  id: Generated<number>
  order_id: number
  seq: number
  rule_key: string
  name: string
  basis: string
  quantity: number
  amount_cents: number
  exempt_cents: number
  exemption: string | null
}

export interface PaymentTable {
  id: Generated<number>
  order_id: number
  method: PaymentMethod
  /** 'window' for payments recorded at a window; the provider's name for online payments */
  provider: string
  /** voucher / transaction number (the provider's reference for online payments) */
  reference: string | null
  amount_cents: number
  recorded_by: number | null
  at: Timestamp
}

/** Counters for readable numbers, one row per prefix and day, bumped with UPDATE … RETURNING. */
export interface FeeCounterTable {
  key: string
  value: number
}

export interface FeesTables {
  fee_order: FeeOrderTable
  fee_line: FeeLineTable
  payment: PaymentTable
  fee_counter: FeeCounterTable
}
