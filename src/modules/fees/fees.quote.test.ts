import { describe, expect, it } from 'vitest'
import type { FeeRule } from '../catalog/catalog.types.js'
import { DomainError } from '../../server/errors.js'
import { formatYuan, quoteFees, quoteIsConsistent } from './fees.quote.js'

const flat = (key: string, amountCents: number, exemptions?: string[]): FeeRule => ({ key, name: `${key}费`, basis: '鲁价费发〔2018〕1号', kind: 'flat', amountCents, ...(exemptions ? { exemptions } : {}) })
const perUnit = (key: string, unitPriceCents: number, extra: { minQuantity?: number; maxQuantity?: number; exemptions?: string[] } = {}): FeeRule => ({
  key,
  name: `${key}费`,
  basis: '国家发展改革委 财政部 价格文件',
  kind: 'per_unit',
  unitName: '本',
  unitPriceCents,
  ...extra,
})
const tiered = (key: string, tiers: { upTo: number | null; unitPriceCents: number }[], exemptions?: string[]): FeeRule => ({
  key,
  name: `${key}费`,
  basis: '省物价局收费标准',
  kind: 'tiered',
  unitName: '平方米',
  tiers,
  ...(exemptions ? { exemptions } : {}),
})

const errorCode = (f: () => unknown): string | null => {
  try {
    f()
    return null
  } catch (e) {
    return e instanceof DomainError ? `${e.status} ${e.code}` : `not a DomainError: ${String(e)}`
  }
}

describe('quoteFees: the amount of each kind of rule, in whole fen', () => {
  it.each<[string, FeeRule[], Record<string, number>, number[], number]>([
    ['a flat fee is its amount', [flat('cert', 8000)], {}, [8000], 8000],
    ['a flat fee ignores any quantity', [flat('cert', 1000)], { cert: 5 }, [1000], 1000],
    ['per unit: quantity × unit price', [perUnit('book', 1500)], { book: 3 }, [4500], 4500],
    ['per unit: no quantity given means the minimum', [perUnit('book', 1500, { minQuantity: 2 })], {}, [3000], 3000],
    ['per unit: no quantity and no minimum means one', [perUnit('book', 1500)], {}, [1500], 1500],
    ['per unit: the bounds themselves are allowed', [perUnit('book', 700, { minQuantity: 1, maxQuantity: 10 })], { book: 10 }, [7000], 7000],
    ['tiered: all units in the first tier', [tiered('area', [{ upTo: 100, unitPriceCents: 500 }, { upTo: null, unitPriceCents: 300 }])], { area: 80 }, [40000], 40000],
    ['tiered: exactly at a tier bound', [tiered('area', [{ upTo: 100, unitPriceCents: 500 }, { upTo: null, unitPriceCents: 300 }])], { area: 100 }, [50000], 50000],
    ['tiered: progressive, 150 units = 100×500 + 50×300', [tiered('area', [{ upTo: 100, unitPriceCents: 500 }, { upTo: null, unitPriceCents: 300 }])], { area: 150 }, [65000], 65000],
    [
      'tiered: three tiers, 1200 = 500×10 + 500×8 + 200×5',
      [tiered('area', [{ upTo: 500, unitPriceCents: 10 }, { upTo: 1000, unitPriceCents: 8 }, { upTo: null, unitPriceCents: 5 }])],
      { area: 1200 },
      [10000],
      10000,
    ],
    ['tiered: a bounded last tier may be filled exactly', [tiered('area', [{ upTo: 10, unitPriceCents: 100 }, { upTo: 20, unitPriceCents: 50 }])], { area: 20 }, [1500], 1500],
    ['several rules add up', [flat('cert', 2000), perUnit('copy', 50)], { copy: 4 }, [2000, 200], 2200],
    ['zero quantity is free', [perUnit('copy', 50)], { copy: 0 }, [0], 0],
  ])('%s', (_name, rules, quantities, lineAmounts, total) => {
    const q = quoteFees(rules, { quantities, exemptions: [] })
    expect(q.lines.map((l) => l.amountCents)).toEqual(lineAmounts)
    expect(q).toMatchObject({ totalCents: total, exemptCents: 0, payableCents: total })
    expect(q.lines.every((l) => Number.isInteger(l.amountCents))).toBe(true)
    expect(quoteIsConsistent(q)).toBe(true)
  })

  it('carries each rule’s name, legal basis and the quantity into its line', () => {
    const q = quoteFees([perUnit('book', 1500)], { quantities: { book: 2 }, exemptions: [] })
    expect(q.lines).toEqual([{ ruleKey: 'book', name: 'book费', basis: '国家发展改革委 财政部 价格文件', quantity: 2, amountCents: 3000, exemptCents: 0, exemption: null }])
  })

  it('gives an empty quote with nothing payable when the item has no fee rules', () => {
    expect(quoteFees([], { quantities: {}, exemptions: ['new_enterprise'] })).toEqual({ lines: [], totalCents: 0, exemptCents: 0, payableCents: 0 })
  })
})

describe('quoteFees: exemptions', () => {
  const rules = [flat('reg', 10000, ['new_enterprise', 'small_micro']), perUnit('copy', 100, { exemptions: ['disabled'] }), flat('card', 2000)]

  it.each<[string, string[], number[], (string | null)[], number]>([
    ['no exemption claimed: all payable', [], [0, 0, 0], [null, null, null], 12300],
    ['a claimed exemption the rule lists makes that line exempt', ['new_enterprise'], [10000, 0, 0], ['new_enterprise', null, null], 2300],
    ['each line takes the exemptions it lists', ['small_micro', 'disabled'], [10000, 300, 0], ['small_micro', 'disabled', null], 2000],
    ['a known exemption no rule lists changes nothing', ['veteran'], [0, 0, 0], [null, null, null], 12300],
  ])('%s', (_name, exemptions, exemptCents, keys, payable) => {
    const q = quoteFees(rules, { quantities: { copy: 3 }, exemptions })
    expect(q.lines.map((l) => l.exemptCents)).toEqual(exemptCents)
    expect(q.lines.map((l) => l.exemption)).toEqual(keys)
    expect(q.totalCents).toBe(12300)
    expect(q.payableCents).toBe(payable)
    expect(q.exemptCents).toBe(12300 - payable)
  })

  it('makes the whole order free when every line is exempt', () => {
    const q = quoteFees([flat('reg', 10000, ['new_enterprise'])], { quantities: {}, exemptions: ['new_enterprise'] })
    expect(q).toMatchObject({ totalCents: 10000, exemptCents: 10000, payableCents: 0 })
  })
})

describe('quoteFees: refusals', () => {
  const t2 = [{ upTo: 100, unitPriceCents: 500 }, { upTo: 200, unitPriceCents: 300 }]
  it.each<[string, FeeRule[], Record<string, number>, string[], string]>([
    ['a quantity below the minimum', [perUnit('book', 100, { minQuantity: 2, maxQuantity: 5 })], { book: 1 }, [], '400 INVALID_QUANTITY'],
    ['a quantity above the maximum', [perUnit('book', 100, { minQuantity: 2, maxQuantity: 5 })], { book: 6 }, [], '400 INVALID_QUANTITY'],
    ['a fractional quantity', [perUnit('book', 100)], { book: 1.5 }, [], '400 INVALID_QUANTITY'],
    ['a negative quantity', [perUnit('book', 100)], { book: -1 }, [], '400 INVALID_QUANTITY'],
    ['a quantity beyond the last bounded tier', [tiered('area', t2)], { area: 201 }, [], '400 INVALID_QUANTITY'],
    ['a quantity so large the amount is not exact', [perUnit('book', 1_000_000)], { book: 2 ** 50 }, [], '400 INVALID_QUANTITY'],
    ['an unknown exemption', [flat('reg', 100)], {}, ['free_for_friends'], '400 UNKNOWN_EXEMPTION'],
    ['an inherited property name as exemption', [flat('reg', 100)], {}, ['toString'], '400 UNKNOWN_EXEMPTION'],
    ['a quantity for a rule the item does not have', [flat('reg', 100)], { extra: 1 }, [], '400 UNKNOWN_FEE_RULE'],
    ['tiers out of order', [tiered('area', [{ upTo: 100, unitPriceCents: 1 }, { upTo: 50, unitPriceCents: 1 }])], { area: 10 }, [], '400 INVALID_FEE_RULE'],
    ['a negative price', [flat('reg', -100)], {}, [], '400 INVALID_FEE_RULE'],
    ['a price in fractions of a fen', [perUnit('book', 10.5)], { book: 1 }, [], '400 INVALID_FEE_RULE'],
  ])('refuses %s', (_name, rules, quantities, exemptions, code) => {
    expect(errorCode(() => quoteFees(rules, { quantities, exemptions }))).toBe(code)
  })
})

describe('quote consistency and money formatting', () => {
  it('knows a quote whose lines do not add up to its totals', () => {
    const good = quoteFees([flat('a', 500), flat('b', 700)], { quantities: {}, exemptions: [] })
    expect(quoteIsConsistent(good)).toBe(true)
    expect(quoteIsConsistent({ ...good, payableCents: 1 })).toBe(false)
    expect(quoteIsConsistent({ ...good, totalCents: 1300, payableCents: 1300 })).toBe(false)
    expect(quoteIsConsistent({ ...good, lines: [{ ...good.lines[0]!, exemptCents: 500 }, good.lines[1]!], exemptCents: 500, payableCents: 700 })).toBe(false)
    expect(quoteIsConsistent({ ...good, lines: [{ ...good.lines[0]!, amountCents: 0.5 }] })).toBe(false)
  })

  it.each([
    [8000, '¥80.00'],
    [5, '¥0.05'],
    [123456789, '¥1,234,567.89'],
    [0, '¥0.00'],
  ])('formats %i fen as %s', (c, s) => expect(formatYuan(c)).toBe(s))
})
