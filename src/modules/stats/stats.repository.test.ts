/** How a period is cut into whole months (month rollups) and edge days (day rollups). */
import { describe, expect, it } from 'vitest'
import { spans } from './stats.repository.js'
import { addDays } from './stats.kpis.js'

describe('spans', () => {
  it('a whole month is one month row and no days', () => {
    expect(spans('2026-09-01', '2026-09-30')).toEqual({ months: ['2026-09', '2026-09'], days: [], minus: [] })
    expect(spans('2024-02-01', '2024-02-29')).toEqual({ months: ['2024-02', '2024-02'], days: [], minus: [] })
  })
  it('up to half of a month is its days', () => {
    expect(spans('2026-09-01', '2026-09-15')).toEqual({ months: null, days: [['2026-09-01', '2026-09-15']], minus: [] })
    expect(spans('2026-02-28', '2026-03-01')).toEqual({ months: null, days: [['2026-02-28', '2026-02-28'], ['2026-03-01', '2026-03-01']], minus: [] })
  })
  it('more than half of a month is the month minus the days outside', () => {
    expect(spans('2026-09-01', '2026-09-18')).toEqual({ months: ['2026-09', '2026-09'], days: [], minus: [['2026-09-19', '2026-09-30']] })
    expect(spans('2026-09-02', '2026-09-30')).toEqual({ months: ['2026-09', '2026-09'], days: [], minus: [['2026-09-01', '2026-09-01']] })
  })
  it('a year to date: the whole months, the current month minus the days to come', () => {
    expect(spans('2026-01-01', '2026-11-21')).toEqual({ months: ['2026-01', '2026-11'], days: [], minus: [['2026-11-22', '2026-11-30']] })
  })
  it('twelve months back from mid-month: days at one edge, a month less its last days at the other', () => {
    expect(spans('2025-11-22', '2026-11-21')).toEqual({ months: ['2025-12', '2026-11'], days: [['2025-11-22', '2025-11-30']], minus: [['2026-11-22', '2026-11-30']] })
  })
  it('an empty range is nothing', () => {
    expect(spans('2026-09-10', '2026-09-01')).toEqual({ months: null, days: [], minus: [] })
  })
  it('counts every day of any range exactly once', () => {
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
      const count = new Map<string, number>()
      const bump = (d: string, n: number) => count.set(d, (count.get(d) ?? 0) + n)
      for (const [a, b] of s.days) for (const d of days(a, b)) bump(d, 1)
      for (const [a, b] of s.minus) for (const d of days(a, b)) bump(d, -1)
      if (s.months) for (const d of days(`${s.months[0]}-01`, addDays(`${s.months[1]}-28`, 5))) if (d.slice(0, 7) <= s.months[1]) bump(d, 1)
      const covered = [...count].filter(([, n]) => n !== 0)
      for (const [d, n] of covered) expect(n, `${from}..${to} ${d}`).toBe(1)
      expect(covered.map(([d]) => d).sort(), `${from}..${to}`).toEqual(days(from, to))
    }
  })
})
