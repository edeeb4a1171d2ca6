import { describe, expect, it } from 'vitest'
import type { FeeRule, ItemGuide } from './catalog.types.js'
import { checkGuide, normalizeGuide, promisedCutOk, queryWords, searchForm, transitionRefusal } from './catalog.rules.js'
import { sampleGuide } from './catalog.testkit.js'

const ok = { departmentKind: 'department' }
const steps = (...days: number[]) =>
  (['intake', 'review', 'approve', 'complete'] as const).map((key, i) => ({ key, name: key, role: i === 0 || i === 3 ? ('window_staff' as const) : i === 1 ? ('reviewer' as const) : ('approver' as const), limitDays: days[i] ?? 0 }))
const fee = (f: Partial<FeeRule> & { kind: FeeRule['kind'] }): FeeRule => ({ key: 'fee', name: '费', basis: '依据', ...f }) as FeeRule

describe('guide validation', () => {
  it('accepts the sample guide without errors or warnings', () => {
    expect(checkGuide(sampleGuide(), ok)).toEqual({ errors: [], warnings: [], promisedCutOk: true })
  })

  it.each<[string, Partial<ItemGuide>, { departmentKind: string | null } | null, string]>([
    ['a promised limit over the legal one', { legalLimitDays: 10, promisedLimitDays: 11, steps: steps(0, 5, 3, 1) }, null, 'PROMISED_OVER_LEGAL'],
    ['an instant item with a promised limit', { instant: true, promisedLimitDays: 1, steps: steps(0, 1, 0, 0) }, null, 'INSTANT_LIMITS'],
    ['a promised item with a promised limit of 0', { instant: false, promisedLimitDays: 0, steps: steps(0, 0, 0, 0) }, null, 'INSTANT_LIMITS'],
    ['a missing 批准 step', { steps: steps(0, 5, 3, 1).filter((s) => s.key !== 'approve') }, null, 'STEPS_INCOMPLETE'],
    ['the four steps out of order', { steps: [...steps(0, 5, 3, 1)].reverse() }, null, 'STEPS_INCOMPLETE'],
    ['step limits adding up to more than the promised limit', { steps: steps(1, 6, 3, 1) }, null, 'STEP_LIMITS_OVER_PROMISED'],
    ['a step done by the applicant', { steps: steps(0, 5, 3, 1).map((s) => (s.key === 'review' ? { ...s, role: 'applicant' as never } : s)) }, null, 'INVALID_STEP'],
    ['two materials with one key', { materials: [...sampleGuide().materials, { ...sampleGuide().materials[0]! }] }, null, 'DUPLICATE_MATERIAL_KEY'],
    ['a conditional material without its condition', { materials: [{ ...sampleGuide().materials[0]!, requirement: 'conditional', condition: null }] }, null, 'INVALID_MATERIAL'],
    ['a negative flat fee', { fees: [fee({ kind: 'flat', amountCents: -1 })] }, null, 'INVALID_FEE_RULE'],
    ['a fee without its legal basis', { fees: [fee({ kind: 'flat', amountCents: 8000, basis: ' ' })] }, null, 'INVALID_FEE_RULE'],
    ['tiers that do not ascend', { fees: [fee({ kind: 'tiered', unitName: '平方米', tiers: [{ upTo: 100, unitPriceCents: 300 }, { upTo: 50, unitPriceCents: 200 }] })] }, null, 'INVALID_FEE_RULE'],
    ['an open tier before the last', { fees: [fee({ kind: 'tiered', unitName: '平方米', tiers: [{ upTo: null, unitPriceCents: 300 }, { upTo: 50, unitPriceCents: 200 }] })] }, null, 'INVALID_FEE_RULE'],
    ['a per-unit fee whose minimum exceeds its maximum', { fees: [fee({ kind: 'per_unit', unitName: '本', unitPriceCents: 1000, minQuantity: 5, maxQuantity: 2 })] }, null, 'INVALID_FEE_RULE'],
    ['a department that does not exist', {}, { departmentKind: null }, 'UNKNOWN_DEPARTMENT'],
    ['a unit that is a window, not a department', {}, { departmentKind: 'window' }, 'UNKNOWN_DEPARTMENT'],
    ['a type code not in R6', { typeCode: '11' as never }, null, 'INVALID_TYPE_CODE'],
    ['no channel', { channels: [] }, null, 'NO_CHANNELS'],
  ])('refuses %s', (_why, over, env, code) => {
    const check = checkGuide(sampleGuide(over), env ?? ok)
    expect(check.errors.map((e) => e.code)).toContain(code)
  })

  it.each<[string, Partial<ItemGuide>]>([
    ['an instant item with promised 0 and step limits 0', { instant: true, promisedLimitDays: 0, steps: steps(0, 0, 0, 0) }],
    ['more steps than the four, in order', { steps: [...steps(0, 4, 3, 1).slice(0, 2), { key: 'expert', name: '专家评审', role: 'reviewer', limitDays: 2 }, ...steps(0, 4, 3, 1).slice(2)] }],
    ['a tiered fee with an open last tier and a flat fee of 0', { fees: [fee({ key: 'a', kind: 'tiered', unitName: '平方米', tiers: [{ upTo: 100, unitPriceCents: 300 }, { upTo: null, unitPriceCents: 100 }] }), fee({ key: 'b', kind: 'flat', amountCents: 0 })] }],
    ['a promised limit equal to the legal one (flagged, not refused)', { legalLimitDays: 10, promisedLimitDays: 10, steps: steps(0, 6, 3, 1) }],
  ])('accepts %s', (_why, over) => {
    expect(checkGuide(sampleGuide(over), ok).errors).toEqual([])
  })

  it('flags, but does not refuse, a promised limit not cut by 40 % (S2) and 容缺 without secondary materials', () => {
    const c = checkGuide(sampleGuide({ legalLimitDays: 20, promisedLimitDays: 13, steps: steps(0, 9, 3, 1), materials: sampleGuide().materials.map((m) => ({ ...m, secondary: false })) }), ok)
    expect(c.errors).toEqual([])
    expect(c.promisedCutOk).toBe(false)
    expect(c.warnings.map((w) => w.code).sort()).toEqual(['CONDITIONAL_WITHOUT_SECONDARY', 'PROMISED_CUT_NOT_MET'])
  })

  it('reports every problem at once, not only the first', () => {
    const c = checkGuide(sampleGuide({ channels: [], legalLimitDays: 5, promisedLimitDays: 10 }), { departmentKind: null })
    expect(c.errors.map((e) => e.code)).toEqual(expect.arrayContaining(['NO_CHANNELS', 'PROMISED_OVER_LEGAL', 'UNKNOWN_DEPARTMENT']))
  })
})

describe('the S2 promised-limit cut', () => {
  it.each([
    [20, 12, 40, true],
    [20, 13, 40, false],
    [20, 1, 40, true],
    [15, 9, 40, true],
    [15, 10, 40, false],
    [0, 0, 40, true],
    [20, 15, 25, true],
    [20, 16, 25, false],
  ])('legal %i, promised %i, cut %i %% → %s', (legal, promised, cut, expected) => {
    expect(promisedCutOk(legal, promised, cut)).toBe(expected)
  })
})

describe('status transitions (S10)', () => {
  it.each([
    ['draft', 'publish', true, null],
    ['draft', 'publish', false, 'NO_DRAFT'],
    ['published', 'publish', true, null],
    ['published', 'publish', false, 'NO_DRAFT'],
    ['suspended', 'publish', true, 'ITEM_SUSPENDED'],
    ['draft', 'suspend', true, 'NOT_PUBLISHED'],
    ['published', 'suspend', false, null],
    ['suspended', 'suspend', false, 'NOT_PUBLISHED'],
    ['published', 'restart', false, 'NOT_SUSPENDED'],
    ['suspended', 'restart', false, null],
    ['draft', 'abolish', true, null],
    ['suspended', 'abolish', false, null],
    ['abolished', 'abolish', false, 'ITEM_ABOLISHED'],
    ['abolished', 'restart', false, 'ITEM_ABOLISHED'],
    ['abolished', 'edit', false, 'ITEM_ABOLISHED'],
    ['suspended', 'edit', false, null],
  ] as const)('%s → %s (draft pending: %s) is %s', (status, action, hasDraft, code) => {
    expect(transitionRefusal(status, action, hasDraft)?.code ?? null).toBe(code)
  })
})

describe('search text', () => {
  it('turns Traditional into Simplified, so 並聯審批 matches 并联审批', () => {
    expect(searchForm('並聯審批')).toBe('并联审批')
    expect(queryWords(' 食品經營許可  新辦 ')).toEqual(['食品经营许可', '新办'])
    expect(searchForm('ABC 營業執照')).toBe('abc 营业执照')
  })

  it('normalizes a guide so that equal content compares equal (absent options become null)', () => {
    const g = sampleGuide()
    const bare = { ...g, materials: g.materials.map(({ condition: _c, note: _n, blankFormFileId: _b, sampleFileId: _s, ...m }) => m as never), name: ` ${g.name} ` }
    expect(normalizeGuide(bare)).toEqual(normalizeGuide(g))
  })
})
