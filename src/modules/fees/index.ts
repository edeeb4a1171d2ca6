/**
 * Fees (一费制): the case's fees computed from the item's rules with policy exemptions into one fee
 * order; payments recorded at the window or through a payment provider (a simulated one for the
 * demo).   [CONTRACT — the fees owner implements these; keep the signatures]
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Tx } from '../../server/mutate.js'
import type { AppModule } from '../../server/module.js'
import type { FeeRule } from '../catalog/index.js'

export interface FeeLine {
  ruleKey: string
  name: string
  basis: string
  quantity: number
  amountCents: number
  exemptCents: number
  exemption: string | null
}

export interface FeeQuote {
  lines: FeeLine[]
  totalCents: number
  exemptCents: number
  payableCents: number
}

/** Known policy exemptions (减免政策), e.g. the fee-exemption zone for newly opened enterprises. */
export const EXEMPTIONS: Record<string, string> = {
  new_enterprise: '新开办企业首次办理免收（无费区）',
  small_micro: '小微企业减免',
  low_income: '低保、特困人员减免',
  disabled: '残疾人减免',
  veteran: '优抚对象减免',
}

/** Pure: the fees of a case from the item's rules, the applicant's quantities and exemptions. */
export function quoteFees(_rules: FeeRule[], _input: { quantities: Record<string, number>; exemptions: string[] }): FeeQuote {
  throw new Error('fees.quoteFees: not implemented yet')
}

export interface FeeOrder {
  id: number
  number: string
  caseId: number
  caseNumber: string
  status: 'unpaid' | 'paid' | 'waived' | 'cancelled'
  lines: FeeLine[]
  totalCents: number
  exemptCents: number
  payableCents: number
  paidCents: number
  createdAt: string
  paidAt: string | null
}

/** Creates the case's one fee order (at acceptance). A quote with nothing payable is 'waived'. */
export async function createFeeOrder(_tx: Tx, _input: { caseId: number; caseNumber: string; unitId: number; payerName: string; quote: FeeQuote }): Promise<FeeOrder> {
  throw new Error('fees.createFeeOrder: not implemented yet')
}

export async function feeOrderOfCase(_db: Kysely<DB>, _caseId: number): Promise<FeeOrder | null> {
  throw new Error('fees.feeOrderOfCase: not implemented yet')
}

export const feesModule: AppModule = { name: 'fees' }
