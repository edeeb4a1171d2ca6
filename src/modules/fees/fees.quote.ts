/**
 * The fee quote: pure arithmetic over the item's fee rules, in integer fen (分) only — no floats.
 *
 * - flat: the rule's amount, quantity 1.
 * - per_unit: quantity × unit price; the quantity must be a whole number within the rule's
 *   minQuantity / maxQuantity (default when not given: minQuantity, or 1).
 * - tiered: progressive (累进) pricing — each unit is priced by the tier it falls in. Tiers are
 *   listed in ascending order; `upTo` is the cumulative upper bound (inclusive) of the tier, null
 *   for the open last tier. With [{upTo:100, 500}, {upTo:null, 300}], 150 units cost
 *   100 × 500 + 50 × 300 = 65 000 fen. A quantity beyond the last bounded tier (no open tier)
 *   is outside the rule and refused. Default quantity when not given: 1.
 * - Exemptions: a rule lists the policies that exempt it; a claimed exemption that the rule lists
 *   makes that whole line exempt (exemptCents = amountCents). Claiming a policy that is not in
 *   EXEMPTIONS is an error; claiming a known policy no rule lists changes nothing.
 */
import type { FeeRule } from '../catalog/catalog.types.js'
import { FeesErrors } from './fees.errors.js'

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

const isCents = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0

function safeMul(a: number, b: number, rule: FeeRule): number {
  const r = a * b
  if (!Number.isSafeInteger(r)) throw FeesErrors.INVALID_QUANTITY(`收费项目“${rule.name}”的数量过大`)
  return r
}

function safeAdd(a: number, b: number): number {
  const r = a + b
  if (!Number.isSafeInteger(r)) throw FeesErrors.INVALID_QUANTITY('收费金额过大')
  return r
}

function quantityOf(rule: FeeRule & { kind: 'per_unit' | 'tiered' }, given: number | undefined): number {
  const q = given ?? (rule.kind === 'per_unit' ? (rule.minQuantity ?? 1) : 1)
  if (typeof q !== 'number' || !Number.isSafeInteger(q) || q < 0) {
    throw FeesErrors.INVALID_QUANTITY(`收费项目“${rule.name}”的数量必须是非负整数`)
  }
  return q
}

/** Progressive tier pricing (see the module comment). */
export function tieredAmount(rule: FeeRule & { kind: 'tiered' }, quantity: number): number {
  let amount = 0
  let lower = 0
  for (const [i, tier] of rule.tiers.entries()) {
    if (!isCents(tier.unitPriceCents)) throw FeesErrors.INVALID_FEE_RULE(`收费项目“${rule.name}”的单价不正确`)
    const last = i === rule.tiers.length - 1
    if (tier.upTo === null && !last) throw FeesErrors.INVALID_FEE_RULE(`收费项目“${rule.name}”的不封顶档只能是最后一档`)
    if (tier.upTo !== null && (!Number.isSafeInteger(tier.upTo) || tier.upTo <= lower)) {
      throw FeesErrors.INVALID_FEE_RULE(`收费项目“${rule.name}”的分档上限必须递增`)
    }
    const upper = tier.upTo ?? Number.MAX_SAFE_INTEGER
    if (quantity > lower) amount = safeAdd(amount, safeMul(Math.min(quantity, upper) - lower, tier.unitPriceCents, rule))
    if (tier.upTo === null) return amount
    lower = tier.upTo
  }
  if (quantity > lower) throw FeesErrors.INVALID_QUANTITY(`收费项目“${rule.name}”的数量超出收费标准的范围（最多 ${lower}${rule.unitName}）`)
  return amount
}

function lineAmount(rule: FeeRule, quantities: Record<string, number>): { quantity: number; amountCents: number } {
  switch (rule.kind) {
    case 'flat':
      if (!isCents(rule.amountCents)) throw FeesErrors.INVALID_FEE_RULE(`收费项目“${rule.name}”的金额不正确`)
      return { quantity: 1, amountCents: rule.amountCents }
    case 'per_unit': {
      if (!isCents(rule.unitPriceCents)) throw FeesErrors.INVALID_FEE_RULE(`收费项目“${rule.name}”的单价不正确`)
      const q = quantityOf(rule, quantities[rule.key])
      const min = rule.minQuantity ?? 0
      const max = rule.maxQuantity ?? Number.MAX_SAFE_INTEGER
      if (q < min || q > max) {
        const range = rule.maxQuantity != null ? `${min}–${rule.maxQuantity}` : `不少于 ${min}`
        throw FeesErrors.INVALID_QUANTITY(`收费项目“${rule.name}”的数量应为 ${range}${rule.unitName}`)
      }
      return { quantity: q, amountCents: safeMul(q, rule.unitPriceCents, rule) }
    }
    case 'tiered': {
      const q = quantityOf(rule, quantities[rule.key])
      return { quantity: q, amountCents: tieredAmount(rule, q) }
    }
    default:
      throw FeesErrors.INVALID_FEE_RULE('未知的收费方式')
  }
}

/** Pure: the fees of a case from the item's rules, the applicant's quantities and exemptions. */
export function quoteFees(rules: FeeRule[], input: { quantities: Record<string, number>; exemptions: string[] }): FeeQuote {
  const quantities = input.quantities ?? {}
  const claimed = new Set(input.exemptions ?? [])
  for (const key of claimed) {
    if (!Object.hasOwn(EXEMPTIONS, key)) throw FeesErrors.UNKNOWN_EXEMPTION(`未知的减免政策：${key}`)
  }
  for (const key of Object.keys(quantities)) {
    if (!rules.some((r) => r.key === key)) throw FeesErrors.UNKNOWN_FEE_RULE(`该事项没有收费项目“${key}”`)
  }
  const lines: FeeLine[] = []
  let totalCents = 0
  let exemptCents = 0
  for (const rule of rules) {
    const { quantity, amountCents } = lineAmount(rule, quantities)
    const exemption = (rule.exemptions ?? []).find((e) => claimed.has(e)) ?? null
    const lineExempt = exemption ? amountCents : 0
    lines.push({ ruleKey: rule.key, name: rule.name, basis: rule.basis, quantity, amountCents, exemptCents: lineExempt, exemption })
    totalCents = safeAdd(totalCents, amountCents)
    exemptCents = safeAdd(exemptCents, lineExempt)
  }
  return { lines, totalCents, exemptCents, payableCents: totalCents - exemptCents }
}

/** Whether a quote adds up (lines, totals, whole fen): a fee order is only made from a consistent quote. */
export function quoteIsConsistent(q: FeeQuote): boolean {
  if (!Array.isArray(q.lines) || ![q.totalCents, q.exemptCents, q.payableCents].every(isCents)) return false
  let total = 0
  let exempt = 0
  for (const l of q.lines) {
    if (!isCents(l.amountCents) || !isCents(l.exemptCents) || l.exemptCents > l.amountCents) return false
    if (!Number.isSafeInteger(l.quantity) || l.quantity < 0) return false
    if (l.exemptCents > 0 && !l.exemption) return false
    if (l.exemption && !Object.hasOwn(EXEMPTIONS, l.exemption)) return false
    total += l.amountCents
    exempt += l.exemptCents
  }
  return total === q.totalCents && exempt === q.exemptCents && q.payableCents === total - exempt
}

/** ¥80.00 from 8000 fen, without floats. */
export function formatYuan(cents: number): string {
  const sign = cents < 0 ? '-' : ''
  const a = Math.abs(cents)
  const yuan = Math.floor(a / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${sign}¥${yuan}.${String(a % 100).padStart(2, '0')}`
}
