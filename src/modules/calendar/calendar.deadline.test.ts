import { describe, expect, it } from 'vitest'
import { DomainError } from '../../server/errors.js'
import { loadPackageYears } from './calendar.data.js'
import { Calendar, NationalBase } from './calendar.index.js'
import type { Pause } from './calendar.deadline.js'
import { addCalendarDays } from './calendar.testkit.js'

const cal = new Calendar(new NationalBase(loadPackageYears()))

// March 2026: Mon 02, Tue 03, Wed 04, Thu 05, Fri 06, (Sat 07, Sun 08), Mon 09, Tue 10, Wed 11, Thu 12, Fri 13, (14, 15), Mon 16
describe('deadlines with clock pauses and extensions (R4, R5)', () => {
  it('without pauses equals the plain N-th working day', () => {
    expect(cal.dueWithPauses({ start: '2026-03-02', days: 5 })).toMatchObject({ due: '2026-03-09', pausedWorkdays: 0, open: false, totalDays: 5 })
  })

  it('a closed pause (03-03, 03-05] takes out 03-04 and 03-05 and moves the due date two working days', () => {
    const d = cal.dueWithPauses({ start: '2026-03-02', days: 5, pauses: [{ from: '2026-03-03', to: '2026-03-05' }] })
    expect(d).toMatchObject({ due: '2026-03-11', pausedWorkdays: 2, open: false })
  })

  it('overlapping pauses count their days once', () => {
    const d = cal.dueWithPauses({
      start: '2026-03-02',
      days: 5,
      pauses: [
        { from: '2026-03-04', to: '2026-03-09' },
        { from: '2026-03-03', to: '2026-03-05' },
      ],
    })
    // paused: 04, 05, 06, 09 → counted 03, 10, 11, 12, 13
    expect(d).toMatchObject({ due: '2026-03-13', pausedWorkdays: 4, pauses: [{ from: '2026-03-03', to: '2026-03-09' }] })
  })

  it('touching pauses merge into one', () => {
    const d = cal.dueWithPauses({
      start: '2026-03-02',
      days: 5,
      pauses: [
        { from: '2026-03-03', to: '2026-03-05' },
        { from: '2026-03-05', to: '2026-03-06' },
      ],
    })
    expect(d).toMatchObject({ due: '2026-03-12', pausedWorkdays: 3, pauses: [{ from: '2026-03-03', to: '2026-03-06' }] })
  })

  it('while a pause is open the due date is unknown', () => {
    const d = cal.dueWithPauses({
      start: '2026-03-02',
      days: 5,
      pauses: [
        { from: '2026-03-02', to: '2026-03-03' },
        { from: '2026-03-05', to: null },
      ],
    })
    expect(d).toMatchObject({ due: null, open: true, pausedWorkdays: 1, pauses: [{ from: '2026-03-02', to: '2026-03-03' }, { from: '2026-03-05', to: null }] })
  })

  it('a pause that begins after the due date has passed does not move it', () => {
    expect(cal.dueWithPauses({ start: '2026-03-02', days: 2, pauses: [{ from: '2026-03-10', to: null }] })).toMatchObject({ due: '2026-03-04', open: false })
    expect(cal.dueWithPauses({ start: '2026-03-02', days: 2, pauses: [{ from: '2026-03-10', to: '2026-03-20' }] })).toMatchObject({ due: '2026-03-04', pausedWorkdays: 0 })
  })

  it('a pause begun before the start only takes out the days after the start', () => {
    const d = cal.dueWithPauses({ start: '2026-03-02', days: 5, pauses: [{ from: '2026-02-27', to: '2026-03-04' }] })
    expect(d).toMatchObject({ due: '2026-03-11', pausedWorkdays: 2 })
  })

  it('paused holidays cost nothing: only paused working days move the due date', () => {
    // 2025-09-29 (Mon) +3: 09-30, 10-09, 10-10. Pausing (09-30, 10-09] takes out only 10-09.
    expect(cal.dueWithPauses({ start: '2025-09-29', days: 3 }).due).toBe('2025-10-10')
    const d = cal.dueWithPauses({ start: '2025-09-29', days: 3, pauses: [{ from: '2025-09-30', to: '2025-10-09' }] })
    expect(d).toMatchObject({ due: '2025-10-11', pausedWorkdays: 1 }) // Sat 10-11 is a make-up workday
  })

  it('extension days are added on top of the limit and the pauses', () => {
    expect(cal.dueWithPauses({ start: '2026-03-02', days: 5, extensionDays: 3 })).toMatchObject({ due: '2026-03-12', totalDays: 8 })
    const d = cal.dueWithPauses({ start: '2026-03-02', days: 5, extensionDays: 3, pauses: [{ from: '2026-03-03', to: '2026-03-05' }] })
    expect(d).toMatchObject({ due: '2026-03-16', pausedWorkdays: 2, extensionDays: 3 })
  })

  it('a zero limit is due on the start day, or the next working day', () => {
    expect(cal.dueWithPauses({ start: '2026-03-07', days: 0 }).due).toBe('2026-03-09')
    expect(cal.dueWithPauses({ start: '2026-03-04', days: 0 }).due).toBe('2026-03-04')
  })

  it('takes the start as an instant in UTC+8', () => {
    expect(cal.dueWithPauses({ start: '2026-03-02T23:30:00+08:00', days: 5 }).due).toBe('2026-03-09')
    expect(cal.dueWithPauses({ start: '2026-03-02T16:30:00Z', days: 5 }).due).toBe('2026-03-10') // 03-03 00:30 in Beijing
    expect(cal.dueWithPauses({ start: new Date('2026-03-02T01:00:00Z'), days: 5, pauses: [{ from: new Date('2026-03-03T10:00:00Z'), to: '2026-03-05T20:00:00+08:00' }] }).due).toBe('2026-03-11')
  })

  it('refuses a pause that ends before it begins, and negative limits', () => {
    const code = (fn: () => unknown) => {
      try {
        fn()
      } catch (e) {
        return (e as DomainError).code
      }
      return 'none'
    }
    expect(code(() => cal.dueWithPauses({ start: '2026-03-02', days: 5, pauses: [{ from: '2026-03-05', to: '2026-03-03' }] }))).toBe('INVALID_PAUSE')
    expect(code(() => cal.dueWithPauses({ start: '2026-03-02', days: -1 }))).toBe('INVALID_DAYS')
    expect(code(() => cal.dueWithPauses({ start: '2026-03-02', days: 5, extensionDays: 0.5 }))).toBe('INVALID_DAYS')
  })
})

describe('elapsed working days', () => {
  it('counts the working days used so far, leaving out paused ones', () => {
    expect(cal.elapsedWorkdays('2026-03-02', '2026-03-06')).toBe(4)
    expect(cal.elapsedWorkdays('2026-03-02', '2026-03-06', [{ from: '2026-03-03', to: '2026-03-05' }])).toBe(2)
    expect(cal.elapsedWorkdays('2026-03-02', '2026-03-02')).toBe(0)
    expect(cal.elapsedWorkdays('2026-03-02', '2026-02-20')).toBe(0)
  })

  it('treats an open pause as paused up to now', () => {
    // counted: 03, 04; paused from 05 on
    expect(cal.elapsedWorkdays('2026-03-02', '2026-03-10', [{ from: '2026-03-04', to: null }])).toBe(2)
    expect(cal.elapsedWorkdays('2026-03-02', '2026-03-10T23:00:00+08:00', [{ from: '2026-03-04T09:00:00+08:00', to: null }])).toBe(2)
  })
})

describe('deadlines agree with a day-by-day walk over random pauses', () => {
  // mulberry32: a small seeded generator, so a failure can be replayed
  function rng(seed: number) {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
  }

  function walk(start: string, total: number, pauses: Pause[]): { due: string | null; paused: number } {
    const inPause = (d: string) => pauses.some((p) => (p.from as string) < d && (p.to === null || d <= (p.to as string)))
    if (total === 0) return { due: cal.addWorkingDays(start, 0), paused: 0 }
    let counted = 0
    let paused = 0
    for (let d = addCalendarDays(start, 1); ; d = addCalendarDays(d, 1)) {
      if (!cal.isWorkingDay(d)) continue
      if (inPause(d)) {
        if (pauses.some((p) => p.to === null && (p.from as string) < d)) return { due: null, paused }
        paused++
        continue
      }
      if (++counted === total) return { due: d, paused }
    }
  }

  it('for 3,000 random cases', () => {
    const r = rng(20261121)
    for (let i = 0; i < 3000; i++) {
      const start = addCalendarDays('2019-01-01', Math.floor(r() * 2400))
      const days = Math.floor(r() * 30)
      const extensionDays = r() < 0.3 ? Math.floor(r() * 15) : 0
      const pauses: Pause[] = []
      const n = Math.floor(r() * 4)
      for (let j = 0; j < n; j++) {
        const from = addCalendarDays(start, Math.floor(r() * 50) - 5)
        const to = r() < 0.1 ? null : addCalendarDays(from, Math.floor(r() * 20))
        pauses.push({ from, to })
      }
      const got = cal.dueWithPauses({ start, days, extensionDays, pauses })
      const want = walk(start, days + extensionDays, pauses)
      expect({ i, due: got.due, paused: got.pausedWorkdays }).toEqual({ i, due: want.due, paused: want.paused })
      if (got.due !== null && days + extensionDays > 0) {
        expect(cal.workdaysBetween(start, got.due)).toBe(days + extensionDays + got.pausedWorkdays)
        expect(cal.elapsedWorkdays(start, got.due, pauses)).toBe(days + extensionDays)
        expect(cal.elapsedWorkdays(start, addCalendarDays(got.due, -1), pauses)).toBe(days + extensionDays - 1)
      }
    }
  })
})

describe('explain', () => {
  it('lists every day from the day after `from` to the due date, numbering the counted ones', () => {
    const e = cal.explain('2025-09-26', 5)
    expect(e.due).toBe('2025-10-10')
    expect(e.entries.map((x) => [x.date.slice(5), x.kind, x.counted, x.ordinal, x.name])).toEqual([
      ['09-27', 'weekend', false, null, null],
      ['09-28', 'makeup_workday', true, 1, '国庆节'],
      ['09-29', 'workday', true, 2, null],
      ['09-30', 'workday', true, 3, null],
      ['10-01', 'holiday', false, null, '国庆节'],
      ['10-02', 'holiday', false, null, '国庆节'],
      ['10-03', 'holiday', false, null, '国庆节'],
      ['10-04', 'holiday', false, null, '国庆节'],
      ['10-05', 'holiday', false, null, '国庆节'],
      ['10-06', 'holiday', false, null, '中秋节'],
      ['10-07', 'holiday', false, null, '国庆节'],
      ['10-08', 'holiday', false, null, '国庆节'],
      ['10-09', 'workday', true, 4, null],
      ['10-10', 'workday', true, 5, null],
    ])
  })

  it('marks paused working days as paused and not counted', () => {
    const e = cal.explain('2026-03-02', 3, { pauses: [{ from: '2026-03-03', to: '2026-03-05' }], extensionDays: 1 })
    expect(e.due).toBe('2026-03-10')
    expect(e.pausedWorkdays).toBe(2)
    expect(e.entries.map((x) => [x.date.slice(5), x.kind, x.ordinal])).toEqual([
      ['03-03', 'workday', 1],
      ['03-04', 'paused', null],
      ['03-05', 'paused', null],
      ['03-06', 'workday', 2],
      ['03-07', 'weekend', null],
      ['03-08', 'weekend', null],
      ['03-09', 'workday', 3],
      ['03-10', 'workday', 4],
    ])
  })

  it('with an open pause stops at the day the clock stopped', () => {
    const e = cal.explain('2026-03-02', 5, { pauses: [{ from: '2026-03-04', to: null }] })
    expect(e.due).toBeNull()
    expect(e.entries.map((x) => x.date)).toEqual(['2026-03-03', '2026-03-04'])
  })

  it('shows local overrides with their names', () => {
    const local = new Calendar(new NationalBase(loadPackageYears()), {
      regionCode: '3714',
      overrides: [{ id: 9, regionCode: '3714', date: '2026-03-04', kind: 'closure', name: '系统升级闭厅' }],
    })
    const e = local.explain('2026-03-02', 2)
    expect(e.entries).toEqual([
      { date: '2026-03-03', kind: 'workday', counted: true, ordinal: 1, name: null },
      { date: '2026-03-04', kind: 'closure', counted: false, ordinal: null, name: '系统升级闭厅' },
      { date: '2026-03-05', kind: 'workday', counted: true, ordinal: 2, name: null },
    ])
  })

  it('for a zero limit lists the days to the next working day, none counted', () => {
    expect(cal.explain('2026-03-04', 0)).toMatchObject({ due: '2026-03-04', entries: [] })
    expect(cal.explain('2026-03-07', 0).entries.map((x) => [x.date, x.counted])).toEqual([
      ['2026-03-08', false],
      ['2026-03-09', false],
    ])
  })
})
