import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb, type TestDb } from '../../test/harness.js'
import { getCalendar, type Calendar } from '../calendar/index.js'
import { DomainError } from '../../server/errors.js'
import {
  assertTransition,
  computeClock,
  conditionalLapsed,
  decideIntake,
  deemedAccepted,
  formatCaseNumber,
  maskIdNumber,
  maskName,
  maskPhone,
  mayRequestCorrection,
  TRANSITIONS,
  type CaseStatus,
  type IntakeRequest,
  type IntakeState,
  type MaterialState,
} from './cases.rules.js'

let db: TestDb
let cal: Calendar
beforeAll(async () => {
  db = await createTestDb()
  cal = await getCalendar({ db: db.database.db })
})
afterAll(() => db.drop())

const NOW = new Date('2026-03-02T10:00:00+08:00')
const mat = (key: string, present: boolean, secondary = false, requirement: MaterialState['requirement'] = 'required'): MaterialState => ({
  key,
  name: `材料${key}`,
  requirement,
  secondary,
  present,
})
const state = (over: Partial<IntakeState> = {}): IntakeState => ({
  status: 'received',
  guide: { instant: false, conditionalAcceptance: true, pledgeAllowed: true },
  materials: [mat('a', true), mat('b', true, true), mat('c', false, false, 'optional')],
  correctionCount: 0,
  lastCorrectionAt: null,
  lastMaterialAt: null,
  ...over,
})
const codeOf = (f: () => unknown): string | null => {
  try {
    f()
    return null
  } catch (e) {
    return e instanceof DomainError ? `${e.status} ${e.code}` : String(e)
  }
}

describe('the intake decision', () => {
  const missingB = [mat('a', true), mat('b', false, true)]
  const missingA = [mat('a', false), mat('b', false, true)]
  it.each<[string, Partial<IntakeState>, IntakeRequest, string]>([
    ['a complete application is accepted into handling', {}, { decision: 'accept' }, 'accepted'],
    ['an instant item accepted at intake is completed on the spot', { guide: { instant: true, conditionalAcceptance: false, pledgeAllowed: false } }, { decision: 'accept' }, 'completed'],
    ['a refusal with reasons ends the case as refused', {}, { decision: 'refuse', reasons: '不需要许可', refusalKind: 'not_required' }, 'refused'],
    ['a refusal for lack of authority names the competent authority', {}, { decision: 'refuse', reasons: '不属本机关', refusalKind: 'not_our_authority', competentAuthority: '市市场监管局' }, 'refused'],
    ['a one-time notice listing every missing material asks for correction', { materials: missingA }, { decision: 'correction', items: [{ materialKey: 'a', problem: '缺' }, { materialKey: 'b', problem: '缺' }] }, 'correction_requested'],
    ['a notice may also name a wrong material that is present', {}, { decision: 'correction', items: [{ materialKey: 'a', problem: '复印件不清晰' }] }, 'correction_requested'],
    ['容缺 with only a secondary material pending is accepted', { materials: missingB }, { decision: 'conditional', pending: [{ materialKey: 'b', dueDate: '2026-03-10' }], commitment: '承诺按期补齐' }, 'accepted'],
    ['告知承诺 is decided on the spot', {}, { decision: 'pledge', pledge: '本人承诺符合条件' }, 'decided'],
  ])('%s', (_why, over, req, status) => {
    const out = decideIntake(state(over), req, NOW)
    expect(out.status).toBe(status)
  })

  it.each<[string, Partial<IntakeState>, IntakeRequest, string]>([
    ['accepting with a required material missing', { materials: missingB }, { decision: 'accept' }, '400 MATERIALS_MISSING'],
    ['refusing without reasons', {}, { decision: 'refuse', reasons: '  ' }, '400 REASONS_REQUIRED'],
    ['refusing as not our authority without naming the competent one', {}, { decision: 'refuse', reasons: '不属', refusalKind: 'not_our_authority' }, '400 COMPETENT_AUTHORITY_REQUIRED'],
    ['a correction notice with no items', {}, { decision: 'correction', items: [] }, '400 CORRECTION_ITEMS_REQUIRED'],
    ['a correction notice that leaves out a missing material', { materials: missingA }, { decision: 'correction', items: [{ materialKey: 'a', problem: '缺' }] }, '400 CORRECTION_INCOMPLETE'],
    ['a second correction notice without new material', { correctionCount: 1, lastCorrectionAt: new Date('2026-03-01T00:00:00Z'), lastMaterialAt: new Date('2026-02-28T00:00:00Z') }, { decision: 'correction', items: [{ materialKey: 'a', problem: '缺' }] }, '409 CORRECTION_ALREADY_SENT'],
    ['容缺 where the item does not allow it', { materials: missingB, guide: { instant: false, conditionalAcceptance: false, pledgeAllowed: false } }, { decision: 'conditional', pending: [{ materialKey: 'b', dueDate: '2026-03-10' }], commitment: '承诺' }, '409 NOT_ALLOWED_FOR_ITEM'],
    ['容缺 of a primary material', { materials: missingA }, { decision: 'conditional', pending: [{ materialKey: 'a', dueDate: '2026-03-10' }, { materialKey: 'b', dueDate: '2026-03-10' }], commitment: '承诺' }, '409 NOT_SECONDARY'],
    ['容缺 without the written commitment', { materials: missingB }, { decision: 'conditional', pending: [{ materialKey: 'b', dueDate: '2026-03-10' }] }, '400 COMMITMENT_REQUIRED'],
    ['容缺 with a due date in the past', { materials: missingB }, { decision: 'conditional', pending: [{ materialKey: 'b', dueDate: '2026-03-01' }], commitment: '承诺' }, '400 VALIDATION_ERROR'],
    ['告知承诺 where the item does not allow it', { guide: { instant: false, conditionalAcceptance: false, pledgeAllowed: false } }, { decision: 'pledge', pledge: '承诺' }, '409 NOT_ALLOWED_FOR_ITEM'],
    ['an intake decision on a case not yet received', { status: 'submitted' }, { decision: 'accept' }, '409 INVALID_TRANSITION'],
    ['an intake decision twice (already accepted)', { status: 'accepted' }, { decision: 'accept' }, '409 INVALID_TRANSITION'],
  ])('refuses %s', (_why, over, req, code) => {
    expect(codeOf(() => decideIntake(state(over), req, NOW))).toBe(code)
  })

  it('sets the intake time to the server time and nothing else', () => {
    const out = decideIntake(state(), { decision: 'accept', ...({ acceptedAt: '2020-01-01' } as object) } as IntakeRequest, NOW)
    expect(out.kind === 'accept' && out.acceptedAt.toISOString()).toBe(NOW.toISOString())
  })

  it('takes the earliest pending due date as the case’s 容缺 due date', () => {
    const out = decideIntake(
      state({ materials: [mat('a', true), mat('b', false, true), mat('d', false, true)] }),
      { decision: 'conditional', pending: [{ materialKey: 'b', dueDate: '2026-03-12' }, { materialKey: 'd', dueDate: '2026-03-09' }], commitment: '承诺' },
      NOW,
    )
    expect(out.kind === 'conditional' && out.conditionalDue).toBe('2026-03-09')
  })
})

describe('the one-time correction rule', () => {
  const t = (iso: string) => new Date(iso)
  it.each([
    ['no notice yet', 0, null, null, true],
    ['one notice, nothing new since', 1, t('2026-03-02T02:00:00Z'), t('2026-03-01T02:00:00Z'), false],
    ['one notice, no material ever', 1, t('2026-03-02T02:00:00Z'), null, false],
    ['one notice, new material after it', 1, t('2026-03-02T02:00:00Z'), t('2026-03-03T02:00:00Z'), true],
  ] as const)('%s → another notice allowed: %s', (_why, correctionCount, lastCorrectionAt, lastMaterialAt, ok) => {
    expect(mayRequestCorrection({ correctionCount, lastCorrectionAt, lastMaterialAt })).toBe(ok)
  })
})

describe('deemed acceptance', () => {
  // received Tue 2026-09-29; working days after it: 09-30, (National Day 10-01…10-07), 10-08, 10-09, 10-10 (make-up Saturday), 10-12
  const receivedAt = new Date('2026-09-29T10:00:00+08:00')
  it.each([
    ['on the fifth working day (across the National Day holiday) it is still waiting', '2026-10-12', 0, 'received', false],
    ['when the correction notice was never sent, the application counts as accepted the day after the fifth working day', '2026-10-13', 0, 'received', true],
    ['a calendar week later, inside the holiday, it is not yet deemed', '2026-10-07', 0, 'received', false],
    ['once a notice was given it is never deemed', '2026-11-30', 1, 'received', false],
    ['a case already decided is not touched', '2026-11-30', 0, 'accepted', false],
  ] as const)('%s', (_why, today, correctionCount, status, deemed) => {
    expect(deemedAccepted(cal, { status: status as CaseStatus, receivedAt, correctionCount }, today, 5)).toBe(deemed)
  })
})

describe('容缺 withdrawal', () => {
  it.each([
    ['missing the due date withdraws the case', 'accepted', '2026-03-10', 1, '2026-03-11', true],
    ['on the due date itself the case stands', 'accepted', '2026-03-10', 1, '2026-03-10', false],
    ['supplying the materials clears it', 'accepted', '2026-03-10', 0, '2026-03-20', false],
    ['a decided case is not withdrawn', 'decided', '2026-03-10', 1, '2026-03-20', false],
  ] as const)('%s', (_why, status, due, open, today, lapsed) => {
    expect(conditionalLapsed({ status: status as CaseStatus, conditionalDue: due, pendingOpen: open }, today)).toBe(lapsed)
  })
})

describe('the state machine', () => {
  it.each<[CaseStatus, string, boolean]>([
    ['draft', 'submit', true],
    ['returned', 'submit', true],
    ['submitted', 'intake', false],
    ['received', 'intake', true],
    ['accepted', 'decide', true],
    ['paused', 'decide', false],
    ['paused', 'resume', true],
    ['decided', 'complete', true],
    ['refused', 'withdraw', false],
    ['completed', 'deliver', true],
    ['delivered', 'deliver', false],
    ['withdrawn', 'submit', false],
  ])('%s → %s allowed: %s', (status, action, ok) => {
    expect(codeOf(() => assertTransition(status, action as never))).toBe(ok ? null : '409 INVALID_TRANSITION')
  })
  it('terminal states allow nothing', () => {
    for (const s of ['refused', 'delivered', 'withdrawn'] as const) expect(TRANSITIONS[s]).toEqual([])
  })
  it('names the current status in the message of an illegal transition', () => {
    expect(() => assertTransition('completed', 'pause')).toThrow(/已办结/)
  })
})

describe('case numbers', () => {
  it.each([
    ['371402', '2026-03-02', 1, '3714022026030200001'],
    ['371402001', '2026-12-31', 99999, '3714022026123199999'],
    ['3714', '2026-03-02', 42, '3714002026030200042'],
  ])('%s / %s / %i → %s', (region, day, seq, number) => {
    expect(formatCaseNumber(region, day, seq)).toBe(number)
  })
  it('refuses a sequence beyond the five digits', () => {
    expect(() => formatCaseNumber('371402', '2026-03-02', 100000)).toThrow()
  })
})

describe('the case clock', () => {
  // March 2026: Mon 02 … Fri 06, Mon 09 … Fri 13, Mon 16 …
  const at = (d: string) => new Date(`${d}T10:00:00+08:00`)
  it.each([
    ['counts working days after the acceptance day', { acceptedAt: at('2026-03-02'), now: at('2026-03-05'), pauses: [], ext: 0 }, { legalDue: '2026-03-30', promisedDue: '2026-03-16', usedDays: 3, leftDays: 7, pausedDays: 0, paused: false, overdue: false }],
    ['paused working days move both due dates and are not used', { acceptedAt: at('2026-03-02'), now: at('2026-03-09'), pauses: [{ from: at('2026-03-03'), to: at('2026-03-05') }], ext: 0 }, { legalDue: '2026-04-01', promisedDue: '2026-03-18', usedDays: 3, pausedDays: 2, paused: false }],
    ['an open pause stops the clock', { acceptedAt: at('2026-03-02'), now: at('2026-03-06'), pauses: [{ from: at('2026-03-04'), to: null }], ext: 0 }, { legalDue: null, promisedDue: null, usedDays: 2, pausedDays: 2, paused: true }],
    ['an extension adds to the legal limit only', { acceptedAt: at('2026-03-02'), now: at('2026-03-03'), pauses: [], ext: 10 }, { legalDue: '2026-04-14', promisedDue: '2026-03-16', extensionDays: 10 }],
    ['past the promised limit the case is overdue', { acceptedAt: at('2026-03-02'), now: at('2026-03-17'), pauses: [], ext: 0 }, { usedDays: 11, leftDays: -1, overdue: true }],
  ] as const)('%s', (_why, i, expected) => {
    const c = computeClock(cal, { legalDays: 20, promisedDays: 10, acceptedAt: i.acceptedAt, stoppedAt: null, pauses: i.pauses as never, extensionDays: i.ext, now: i.now })
    expect(c).toMatchObject(expected)
  })
  it('has no start and no due dates before acceptance', () => {
    expect(computeClock(cal, { legalDays: 20, promisedDays: 10, acceptedAt: null, stoppedAt: null, pauses: [], extensionDays: 0, now: NOW })).toMatchObject({ start: null, legalDue: null, leftDays: null })
  })
})

describe('masking for the public progress query', () => {
  it.each([
    [maskName('李建华'), '李*华'],
    [maskName('王五'), '王*'],
    [maskName('德州市某某科技有限公司'), '德州*******公司'],
    [maskIdNumber('371402199003072317'), '3714**********2317'],
    [maskPhone('13912345678'), '139****5678'],
  ])('%s = %s', (got, want) => expect(got).toBe(want))
})
