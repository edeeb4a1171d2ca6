/** How a period is cut into whole months (month rollups) and edge days (day rollups). */
import { describe, expect, it } from 'vitest'
import { spans } from './stats.repository.js'
import { addDays } from './stats.kpis.js'

describe('spans', () => {
  it('a whole month is one month row and no days', () => {
    expect(spans('2026-09-01', '2026-09-30')).toEqual({ months: ['2026-09', '2026-09'], days: [] })
    expect(spans('2024-02-01', '2024-02-29')).toEqual({ months: ['2024-02', '2024-02'], days: [] })
  })
  it('a part of one month is days only', () => {
    expect(spans('2026-09-01', '2026-09-18')).toEqual({ months: null, days: [['2026-09-01', '2026-09-18']] })
    expect(spans('2026-09-02', '2026-09-30')).toEqual({ months: null, days: [['2026-09-02', '2026-09-30']] })
    expect(spans('2026-02-28', '2026-03-01')).toEqual({ months: null, days: [['2026-02-28', '2026-03-01']] })
  })
  it('a year to date: the whole months, then the days of the current month', () => {
    expect(spans('2026-01-01', '2026-11-21')).toEqual({ months: ['2026-01', '2026-10'], days: [['2026-11-01', '2026-11-21']] })
  })
  it('twelve months back from mid-month: days at both edges, across a year end', () => {
    expect(spans('2025-11-22', '2026-11-21')).toEqual({ months: ['2025-12', '2026-10'], days: [['2025-11-22', '2025-11-30'], ['2026-11-01', '2026-11-21']] })
  })
  it('an empty range is nothing', () => {
    expect(spans('2026-09-10', '2026-09-01')).toEqual({ months: null, days: [] })
  })
  it('covers every day of any range exactly once', () => {
    const days = (a: string, b: string) => {
      const out: string[] = []
      for (let d = a; d <= b; d = addDays(d, 1)) out.push(d)
      return out
    }
    let seed = 7
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n
    for (let i = 0; i < 120; i++) {
      const from = addDays('2023-01-01', rnd(1400))
      const to = addDays(from, rnd(500))
      const s = spans(from, to)
      const covered: string[] = s.days.flatMap(([a, b]) => days(a, b))
      if (s.months) for (const d of days(`${s.months[0]}-01`, to)) if (d.slice(0, 7) <= s.months[1]) covered.push(d)
      expect(covered.sort(), `${from}..${to}`).toEqual(days(from, to))
    }
  })
})
