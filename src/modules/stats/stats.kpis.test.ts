import { describe, expect, it } from 'vitest'
import { emptySums, gradeOf, gradeScore, isDay, isoWeek, kpiSet, maskApplicant, periodRange, periodsBetween, quarterRange, scoreRows, validThresholds, type RankInput } from './stats.kpis.js'
import { DEFAULT_GRADE_THRESHOLDS } from './stats.types.js'

describe('periods in Asia/Shanghai dates', () => {
  it.each([
    ['day', '2026-10-01', '2026-10-01', '2026-10-01', '2026-10-01'],
    ['week', '2026-11-21', '2026-11-16', '2026-11-22', '2026-W47'],
    ['week', '2026-01-01', '2025-12-29', '2026-01-04', '2026-W01'],
    ['week', '2027-01-01', '2026-12-28', '2027-01-03', '2026-W53'],
    ['month', '2026-02-14', '2026-02-01', '2026-02-28', '2026-02'],
    ['month', '2024-02-14', '2024-02-01', '2024-02-29', '2024-02'],
    ['quarter', '2026-11-21', '2026-10-01', '2026-12-31', '2026Q4'],
    ['quarter', '2026-04-01', '2026-04-01', '2026-06-30', '2026Q2'],
    ['year', '2026-06-30', '2026-01-01', '2026-12-31', '2026'],
  ] as const)('%s containing %s is %s..%s (%s)', (period, day, from, to, label) => {
    expect(periodRange(period, day)).toEqual({ from, to, label })
  })

  it('ISO weeks start on Monday and belong to the year of their Thursday', () => {
    expect(isoWeek('2026-11-22')).toEqual({ year: 2026, week: 47, monday: '2026-11-16' })
    expect(isoWeek('2021-01-03')).toEqual({ year: 2020, week: 53, monday: '2020-12-28' })
  })

  it('buckets cover the range; quarters parse; real dates only', () => {
    expect(periodsBetween('month', '2026-01-15', '2026-03-02').map((r) => r.label)).toEqual(['2026-01', '2026-02', '2026-03'])
    expect(quarterRange('2026Q3')).toMatchObject({ from: '2026-07-01', to: '2026-09-30' })
    expect(quarterRange('2026Q5')).toBeNull()
    expect(isDay('2026-02-29')).toBe(false)
    expect(isDay('2028-02-29')).toBe(true)
  })
})

describe('KPIs from sums', () => {
  it('rates with a zero denominator are null, never 0 or 100 %', () => {
    const k = kpiSet('2026-11-01', '2026-11-30', emptySums())
    expect([k.completionRate, k.onTimeRate, k.instantRate, k.avgWorkdays, k.speedUpRate, k.satisfactionRate]).toEqual([null, null, null, null, null, null])
  })

  it('办结率 leaves withdrawn cases out; 提速率 = 1 − Σactual / Σlegal; overdue adds the open ones', () => {
    const s = { ...emptySums(), accepted: 10, acceptedWithdrawn: 2, acceptedCompleted: 6, completed: 8, completedOnTime: 7, completedLate: 1, workdays: 20, legalDays: 80, instant: 2, overdueOpen: 3 }
    const k = kpiSet('a', 'b', s)
    expect(k.completionRate).toBeCloseTo(6 / 8)
    expect(k.onTimeRate).toBeCloseTo(7 / 8)
    expect(k.speedUpRate).toBeCloseTo(0.75)
    expect(k.avgWorkdays).toBeCloseTo(2.5)
    expect(k.instantRate).toBeCloseTo(0.25)
    expect(k.overdue).toBe(4)
  })
})

const row = (id: number, over: Partial<RankInput>): RankInput => ({
  scope: 'department', id, name: `部门${id}`, parentName: null, handled: 10, onTimeRate: 1, completedEarly: 0, avgWorkdays: 2, correctionsPerCase: 0, alerts: 0, cards: 0, satisfactionRate: 1, relativeSpeed: 1, ...over,
})

describe('the ranking score', () => {
  it('full marks for the best on every part; cards cost more than alerts', () => {
    const r = scoreRows([row(1, {}), row(2, { alerts: 1 }), row(3, { cards: 1 })], false)
    expect(r.map((x) => [x.id, x.score, x.rank])).toEqual([[1, 100, 1], [2, 99, 2], [3, 97, 3]])
  })

  it('the fair view scores speed on relativeSpeed, the raw view on average days', () => {
    const hard = row(1, { avgWorkdays: 8, relativeSpeed: 0.8 })
    const easy = row(2, { avgWorkdays: 3, relativeSpeed: 3 })
    expect(scoreRows([hard, easy], false)[0]!.id).toBe(2)
    expect(scoreRows([hard, easy], true)[0]!.id).toBe(1)
  })

  it('a unit without ratings gets the mean satisfaction of the rated ones', () => {
    const r = scoreRows([row(1, { satisfactionRate: 0.5 }), row(2, { satisfactionRate: null })], false)
    expect(r.find((x) => x.id === 2)!.score).toBe(r.find((x) => x.id === 1)!.score)
  })
})

describe('quarterly grades (R20)', () => {
  const full = { handled: 10, completionRate: 1, onTimeRate: 1, speedUpRate: 0.6, satisfactionRate: 1, correctionsPerCase: 0, alerts: 0, yellowCards: 0, redCards: 0 }
  it.each([
    [full, 100, 'excellent'],
    [{ ...full, onTimeRate: 0.75 }, 90, 'excellent'],
    [{ ...full, onTimeRate: 0.5, redCards: 1 }, 75, 'pass'],
    [{ ...full, onTimeRate: 0.5, satisfactionRate: 0.5, yellowCards: 5 }, 60, 'pass'],
    [{ ...full, onTimeRate: 0.25, satisfactionRate: 0.5, yellowCards: 5 }, 50, 'fail'],
    [{ ...full, speedUpRate: 0.25, redCards: 0, alerts: 4 }, 93, 'excellent'],
  ] as const)('%o scores %d → %s', (p, score, grade) => {
    expect(gradeScore(p)).toBe(score)
    expect(gradeOf(score, DEFAULT_GRADE_THRESHOLDS)).toBe(grade)
  })
  it('thresholds must be in order', () => {
    expect(validThresholds({ excellent: 90, good: 80, pass: 60 })).toBe(true)
    expect(validThresholds({ excellent: 80, good: 80, pass: 60 })).toBe(false)
  })
})

describe('masking on the lobby screen', () => {
  it.each([
    ['张三', '张**'],
    ['欧阳娜娜', '欧**'],
    ['德州市宏图建设有限公司', '德州**公司'],
  ])('%s → %s', (a, b) => expect(maskApplicant(a)).toBe(b))
})
