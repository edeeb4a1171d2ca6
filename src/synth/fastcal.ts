/**
 * A working-day calendar with O(1) answers inside a precomputed range: the generator asks
 * `addWorkingDays` several times per case, millions of times at scale. Same answers as the wrapped
 * calendar (it is asked once per day of the range); outside the range, or for n < 1, it defers to it.
 */
import type { WorkCalendar } from './history.js'

export interface FastCalendar extends WorkCalendar {
  /** the working day n working days before `date` (n ≥ 1), within the range */
  subtractWorkingDays(date: string, n: number): string
}

export function fastCalendar(cal: WorkCalendar, from: string, to: string): FastCalendar {
  const days: string[] = [] // every calendar day from..to
  const working: string[] = [] // the working days, in order
  const upto: number[] = [] // per calendar day: how many working days are ≤ it
  const index = new Map<string, number>()
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const d = new Date(t).toISOString().slice(0, 10)
    index.set(d, days.length)
    days.push(d)
    if (cal.isWorkingDay(d)) working.push(d)
    upto.push(working.length)
  }
  const isWorking = new Set(working)
  return {
    isWorkingDay(d) {
      return index.has(d) ? isWorking.has(d) : cal.isWorkingDay(d)
    },
    addWorkingDays(d, n) {
      const i = index.get(d)
      if (i === undefined || n < 1) return cal.addWorkingDays(d, n)
      const j = upto[i]! + n - 1
      return j < working.length ? working[j]! : cal.addWorkingDays(d, n)
    },
    subtractWorkingDays(d, n) {
      const i = index.get(d)
      if (i === undefined) throw new Error(`fastCalendar: ${d} outside ${from}..${to}`)
      // working days strictly before d
      const before = upto[i]! - (isWorking.has(d) ? 1 : 0)
      const j = before - n
      if (j < 0) throw new Error(`fastCalendar: ${n} working days before ${d} is before ${from}`)
      return working[j]!
    },
  }
}
