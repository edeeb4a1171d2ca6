import { describe, expect, it } from 'vitest'
import { checkCreditCode, checkIdNumber } from '../shared/identity.js'
import { generateHistory, workingDays, type HistoryOptions, type HistoryWorld, type SynthCase, type WorkCalendar, type WorldItem } from './history.js'
import { Rng } from './prng.js'

/** Monday–Friday, with 2026-10-01..08 off and Saturday 2026-10-10 a make-up workday (国庆 2026). */
const OFF = new Set(['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08'])
const cal: WorkCalendar = {
  isWorkingDay(d) {
    if (d === '2026-10-10') return true
    if (OFF.has(d)) return false
    const wd = new Date(`${d}T00:00:00Z`).getUTCDay()
    return wd !== 0 && wd !== 6
  },
  addWorkingDays(from, n) {
    let t = Date.parse(`${from}T00:00:00Z`)
    let left = n
    while (left > 0) {
      t += 86_400_000
      if (this.isWorkingDay(new Date(t).toISOString().slice(0, 10))) left--
    }
    return new Date(t).toISOString().slice(0, 10)
  },
}

const steps = (instant: boolean, promised: number) =>
  instant
    ? [
        { key: 'intake', name: '受理', role: 'window_staff', limitDays: 0 },
        { key: 'review', name: '审核', role: 'window_staff', limitDays: 0 },
        { key: 'approve', name: '批准', role: 'window_staff', limitDays: 0 },
        { key: 'complete', name: '办结', role: 'window_staff', limitDays: 0 },
      ]
    : [
        { key: 'intake', name: '受理', role: 'window_staff', limitDays: 0 },
        { key: 'review', name: '审核', role: 'reviewer', limitDays: promised - 2 },
        { key: 'approve', name: '批准', role: 'approver', limitDays: 1 },
        { key: 'complete', name: '办结', role: 'window_staff', limitDays: 1 },
      ]

function world(): HistoryWorld {
  const items: WorldItem[] = []
  for (let i = 0; i < 40; i++) {
    const instant = i % 4 === 0
    const promised = 5 + (i % 7) * 2
    items.push({
      id: 100 + i,
      versionId: 1000 + i,
      name: `事项${i}`,
      unitId: 10 + (i % 5),
      departmentId: 20 + (i % 5),
      regionCode: '3714',
      instant,
      legalDays: instant ? 0 : Math.ceil(promised / 0.6),
      promisedDays: instant ? 0 : promised,
      steps: steps(instant, promised),
      pausesAllowed: i % 3 === 0 ? ['inspection'] : [],
      audiences: i % 2 ? ['enterprise'] : ['person', 'enterprise'],
      channels: i % 5 === 4 ? ['window'] : ['online', 'window'],
    })
  }
  const staff: HistoryWorld['staff'] = { 'window_staff:1': [{ id: 1, name: '王芳' }], 'window_staff:2': [{ id: 1, name: '王芳' }] }
  for (let u = 10; u < 15; u++) {
    staff[`reviewer:${u}`] = [{ id: 50 + u, name: `审核员${u}` }]
    staff[`approver:${u}`] = [{ id: 70 + u, name: `科长${u}` }]
  }
  return {
    onlineCentreId: 1,
    items,
    windows: [
      { id: 2, centreId: 1, departmentId: null, serves: 'enterprise' },
      { id: 3, centreId: 1, departmentId: null, serves: 'person' },
      { id: 4, centreId: 1, departmentId: 20, serves: null },
    ],
    staff,
    applicantUserIds: { person: 7, enterprise: 8 },
  }
}

const OPTS: HistoryOptions = { seed: 42, from: '2025-11-20', to: '2026-11-19', asOf: new Date('2026-11-20T09:00:00+08:00'), casesPerDay: 20 }
const run = (o: Partial<HistoryOptions> = {}): SynthCase[] => [...generateHistory(world(), cal, { ...OPTS, ...o })]
const sh = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString()
const all = run()

describe('the synthetic history generator', () => {
  it('gives the same rows for the same seed, and other rows for another seed', () => {
    const again = run()
    expect(again.length).toBe(all.length)
    expect(JSON.stringify(again)).toBe(JSON.stringify(all))
    const other = run({ seed: 43 })
    expect(JSON.stringify(other.slice(0, 50))).not.toBe(JSON.stringify(all.slice(0, 50)))
    // a derived stream is independent of the parent's later draws, and itself reproducible
    expect(new Rng(1).fork(2).next()).toBe(new Rng(1).fork(2).next())
  })

  it('makes about casesPerDay cases a working day, on working days only, Monday busier than Friday', () => {
    const days = workingDays(cal, OPTS.from, OPTS.to)
    expect(days).not.toContain('2026-10-05')
    expect(days).toContain('2026-10-10')
    expect(all.length / days.length).toBeGreaterThan(16)
    expect(all.length / days.length).toBeLessThan(24)
    const perWeekday = [0, 0, 0, 0, 0, 0, 0]
    for (const c of all) {
      const d = sh(c.case.received_at).slice(0, 10)
      expect(cal.isWorkingDay(d)).toBe(true)
      perWeekday[new Date(`${d}T00:00:00Z`).getUTCDay()]!++
    }
    expect(perWeekday[1]!).toBeGreaterThan(perWeekday[5]! * 1.2)
  })

  it('keeps about 80 % of cases on instant items, completed on the spot', () => {
    const instant = all.filter((c) => c.meta.instant)
    expect(instant.length / all.length).toBeGreaterThan(0.77)
    expect(instant.length / all.length).toBeLessThan(0.83)
    const done = instant.filter((c) => c.case.status === 'completed')
    expect(done.length / instant.length).toBeGreaterThan(0.97)
    for (const c of done) {
      expect(sh(c.case.completed_at!).slice(0, 10)).toBe(sh(c.case.accepted_at!).slice(0, 10))
      expect(c.steps.map((s) => s.status)).toEqual(['done', 'skipped', 'done', 'done'])
      // decided at the counter after examining the materials for a few minutes, not in no time
      const approve = c.steps.find((s) => s.key === 'approve')!
      expect(Date.parse(approve.completed_at!) - Date.parse(approve.started_at!)).toBeGreaterThanOrEqual(4 * 60_000)
    }
  })

  it('gives items a long tail of popularity', () => {
    const byItem = new Map<number, number>()
    for (const c of all) byItem.set(c.case.item_id, (byItem.get(c.case.item_id) ?? 0) + 1)
    const counts = [...byItem.values()].sort((a, b) => b - a)
    const top5 = counts.slice(0, 5).reduce((s, n) => s + n, 0)
    expect(top5 / all.length).toBeGreaterThan(0.45)
    expect(counts[counts.length - 1]!).toBeLessThan(counts[0]! / 20)
  })

  it('gives every department work in every month', () => {
    const seen = new Map<string, Set<number>>()
    for (const c of all) {
      const month = sh(c.case.received_at).slice(0, 7)
      if (!seen.has(month)) seen.set(month, new Set())
      seen.get(month)!.add(c.case.unit_id)
    }
    expect(seen.size).toBeGreaterThanOrEqual(12)
    for (const units of seen.values()) expect(units.size).toBe(5)
  })

  it('finishes promised cases mostly well within the promise; overdue ones are rare and never left open', () => {
    const promised = all.filter((c) => !c.meta.instant && c.case.decided_at)
    expect(promised.length).toBeGreaterThan(500)
    const late = promised.filter((c) => c.meta.overdue)
    expect(late.length / promised.length).toBeLessThan(0.02)
    const asOfDay = '2026-11-20'
    const open = all.filter((c) => ['accepted', 'paused', 'decided'].includes(c.case.status))
    expect(open.length).toBeGreaterThan(0)
    for (const c of open) expect(c.case.promised_due! >= asOfDay).toBe(true)
    // speed: actual working days well under the promised (提速)
    const used = promised.reduce((s, c) => s + (c.meta.workdays ?? 0), 0)
    const legal = promised.reduce((s, c) => s + c.case.legal_days, 0)
    expect(1 - used / legal).toBeGreaterThan(0.5)
  })

  it('has some corrections, pauses, refusals and denials with reasons, and online and window channels', () => {
    const share = (f: (c: SynthCase) => boolean) => all.filter(f).length / all.length
    expect(share((c) => c.corrections.length > 0)).toBeGreaterThan(0.01)
    expect(all.some((c) => c.pauses.length > 0)).toBe(true)
    const refused = all.filter((c) => c.case.status === 'refused')
    expect(refused.length).toBeGreaterThan(0)
    for (const c of refused) expect(c.case.decision_reasons).toBeTruthy()
    const denied = all.filter((c) => c.case.decision === 'deny')
    expect(denied.length).toBeGreaterThan(0)
    for (const c of denied) expect(c.case.decision_reasons).toBeTruthy()
    expect(share((c) => c.case.channel === 'online')).toBeGreaterThan(0.15)
    expect(share((c) => c.case.channel === 'window')).toBeGreaterThan(0.5)
  })

  it('records steps in order, during the hall hours, never before the intake', () => {
    for (const c of all) {
      const accepted = c.case.accepted_at ? Date.parse(c.case.accepted_at) : null
      for (const s of c.steps) {
        if (s.completed_at && s.started_at) expect(Date.parse(s.completed_at)).toBeGreaterThanOrEqual(Date.parse(s.started_at))
        if (accepted !== null && s.started_at) expect(Date.parse(s.started_at)).toBeGreaterThanOrEqual(accepted)
        if (s.completed_at && s.key !== 'intake') {
          const hm = sh(s.completed_at).slice(11, 16)
          expect(hm >= '08:30' && hm <= '17:30').toBe(true)
        }
      }
      expect(Date.parse(c.case.received_at)).toBeLessThanOrEqual(OPTS.asOf.getTime())
    }
  })

  it('numbers cases in the real format from a serial block of their own, with valid synthetic applicants', () => {
    const numbers = new Set<string>()
    for (const c of all) {
      expect(c.case.number).toMatch(/^371400\d{8}9\d{4}$/)
      expect(Number(c.case.number.slice(-5))).toBeGreaterThan(90_000)
      expect(c.case.number.slice(6, 14)).toBe(sh(c.case.received_at).slice(0, 10).replace(/-/g, ''))
      numbers.add(c.case.number)
      if (c.case.applicant_kind === 'person') expect(checkIdNumber(c.case.applicant_id_number!).ok).toBe(true)
      else expect(checkCreditCode(c.case.applicant_credit_code!).ok).toBe(true)
    }
    expect(numbers.size).toBe(all.length)
  })
})
