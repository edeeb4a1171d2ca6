/**
 * Deadlines with clock pauses (R4, 行政许可法 art 45: hearings, tests, expert review… are not
 * counted) and extensions (R5, art 42). The rule, precisely:
 *
 *  - A pause is an interval (from, to] of calendar dates: the working days it takes out of the
 *    clock are the working days d with from < d ≤ to — the same counting rule as R2. The day the
 *    pause begins still counts; counting resumes the day after `to`. `to: null` is a pause still
 *    open (the clock is stopped and the due date is not known yet).
 *  - Pauses are merged first: overlapping or touching intervals count their days once.
 *  - Only paused days after `start` matter (a pause cannot take away days the clock never counted).
 *  - The clock must count days + extensionDays working days. The due date is the day on which the
 *    count of working days after `start` that are not paused reaches that total. So each paused
 *    working day before the due date moves it one working day later, and the extension days add
 *    on top. A pause that begins after the due date has passed does not move it (the case was
 *    already overdue when it was paused). Likewise, with an open pause the due date is null unless
 *    the count was reached before the open pause began.
 *  - Invariants (tested): workdaysBetween(start, due) = days + extensionDays + pausedWorkdays, and
 *    elapsedWorkdays(start, due, pauses) = days + extensionDays.
 *  - days + extensionDays = 0 (an instant item): due = start when it is a working day, else the next.
 *
 * Every answer is a handful of index look-ups per pause, never a walk over days (explain aside).
 */
import { CalendarErrors } from './calendar.errors.js'
import { formatDay, toDay, type DateInput } from './calendar.dates.js'
import type { Calendar, DayKind } from './calendar.index.js'

export interface Pause {
  from: DateInput
  /** null while the pause is still open */
  to: DateInput | null
}

export interface DeadlineInput {
  /** the day the clock starts (the intake); accepted as a date or an instant in UTC+8 */
  start: DateInput
  /** the limit in working days */
  days: number
  pauses?: readonly Pause[]
  /** working days granted by an approved extension (延期) */
  extensionDays?: number
}

export interface Deadline {
  start: string
  days: number
  extensionDays: number
  /** days + extensionDays: the working days the clock must count */
  totalDays: number
  /** null while a pause that began before the due date is still open */
  due: string | null
  /**
   * Paused working days after `start` up to the due date (exactly how far the pauses moved it);
   * with an open pause, those up to the day the open pause began.
   */
  pausedWorkdays: number
  /** a pause is open and the due date is waiting for it */
  open: boolean
  /** the pauses after merging, as (from, to] intervals */
  pauses: { from: string; to: string | null }[]
}

export type ExplainKind = DayKind | 'paused'

export interface ExplainEntry {
  date: string
  kind: ExplainKind
  /** whether the clock counted the day */
  counted: boolean
  /** the running number of counted days (1 … totalDays), null on days not counted */
  ordinal: number | null
  name: string | null
}

export interface Explanation {
  from: string
  days: number
  extensionDays: number
  due: string | null
  pausedWorkdays: number
  /** from the day after `from` to the due date (or, with an open pause, to the day it began) */
  entries: ExplainEntry[]
}

export interface ExplainOptions {
  pauses?: readonly Pause[]
  extensionDays?: number
}

interface Interval {
  a: number
  /** Infinity while open */
  b: number
}

function checkCount(n: number, what: string): number {
  if (!Number.isSafeInteger(n) || n < 0) throw CalendarErrors.INVALID_DAYS(`${what}应为不小于 0 的整数：${n}`)
  return n
}

/** Pauses as merged, sorted (a, b] day intervals. */
export function mergePauses(pauses: readonly Pause[]): Interval[] {
  const list = pauses.map((p) => {
    const a = toDay(p.from, '暂停开始日期')
    const b = p.to === null ? Infinity : toDay(p.to, '暂停结束日期')
    if (b < a) throw CalendarErrors.INVALID_PAUSE(`暂停结束日期 ${formatDay(b)} 早于开始日期 ${formatDay(a)}`)
    return { a, b }
  })
  list.sort((x, y) => x.a - y.a || x.b - y.b)
  const out: Interval[] = []
  for (const p of list) {
    const last = out[out.length - 1]
    if (last && p.a <= last.b) last.b = Math.max(last.b, p.b)
    else out.push({ ...p })
  }
  return out
}

/** The day the earliest open pause began (the clock stopped), or null when none is open. */
function openPauseStart(pauses: readonly Pause[]): number | null {
  let first: number | null = null
  for (const p of pauses) if (p.to === null) first = Math.min(first ?? Infinity, toDay(p.from))
  return first
}

/** Paused working days d with start < d ≤ until. */
function pausedUntil(cal: Calendar, merged: Interval[], start: number, until: number): number {
  let n = 0
  for (const p of merged) {
    const lo = Math.max(p.a, start)
    const hi = Math.min(p.b, until)
    if (lo < hi) n += cal.countDays(lo, hi)
  }
  return n
}

export function dueWithPauses(cal: Calendar, input: DeadlineInput): Deadline {
  const start = toDay(input.start, '起算日期')
  const days = checkCount(input.days, '时限工作日数')
  const extensionDays = checkCount(input.extensionDays ?? 0, '延长工作日数')
  const total = days + extensionDays
  const merged = mergePauses(input.pauses ?? [])
  const result = (due: number | null, pausedWorkdays: number): Deadline => ({
    start: formatDay(start),
    days,
    extensionDays,
    totalDays: total,
    due: due === null ? null : formatDay(due),
    pausedWorkdays,
    open: due === null,
    pauses: merged.map((p) => ({ from: formatDay(p.a), to: p.b === Infinity ? null : formatDay(p.b) })),
  })
  if (total === 0) return result(cal.addWorkingDaysToDay(start, 0), 0)

  let pos = start // counting resumes after this day
  let need = total
  let paused = 0
  for (const p of merged) {
    if (p.b <= pos) continue
    if (p.a > pos) {
      const available = cal.countDays(pos, p.a)
      if (need <= available) return result(cal.addWorkingDaysToDay(pos, need), paused)
      need -= available
    }
    const from = Math.max(p.a, pos)
    if (p.b === Infinity) return result(null, pausedUntil(cal, merged, start, openPauseStart(input.pauses ?? [])!))
    paused += cal.countDays(from, p.b)
    pos = p.b
  }
  return result(cal.addWorkingDaysToDay(pos, need), paused)
}

/**
 * Working days d with start < d ≤ now that are not paused (an open pause is paused up to `now`):
 * how much of the limit has been used by the end of `now`. 0 when now ≤ start.
 */
export function elapsedWorkdays(cal: Calendar, startInput: DateInput, nowInput: DateInput, pauses: readonly Pause[] = []): number {
  const start = toDay(startInput, '起算日期')
  const now = toDay(nowInput, '当前日期')
  const merged = mergePauses(pauses)
  if (now <= start) {
    cal.checkedRange(now, start)
    return 0
  }
  return cal.countDays(start, now) - pausedUntil(cal, merged, start, now)
}

export function explain(cal: Calendar, fromInput: DateInput, days: number, opts: ExplainOptions = {}): Explanation {
  const d = dueWithPauses(cal, { start: fromInput, days, pauses: opts.pauses ?? [], extensionDays: opts.extensionDays ?? 0 })
  const start = toDay(d.start)
  const merged = mergePauses(opts.pauses ?? [])
  let end: number
  if (d.due !== null) end = toDay(d.due)
  else end = Math.max(start, openPauseStart(opts.pauses ?? [])!)
  const entries: ExplainEntry[] = []
  let ordinal = 0
  let pi = 0
  for (let day = start + 1; day <= end; day++) {
    while (pi < merged.length && merged[pi]!.b < day) pi++
    const inPause = pi < merged.length && merged[pi]!.a < day && day <= merged[pi]!.b
    const info = cal.infoOfDay(day)
    if (info.workday && inPause) {
      entries.push({ date: info.date, kind: 'paused', counted: false, ordinal: null, name: null })
    } else if (info.workday && d.totalDays > 0) {
      entries.push({ date: info.date, kind: info.kind, counted: true, ordinal: ++ordinal, name: info.name })
    } else {
      entries.push({ date: info.date, kind: info.kind, counted: false, ordinal: null, name: info.name })
    }
  }
  return { from: d.start, days: d.days, extensionDays: d.extensionDays, due: d.due, pausedWorkdays: d.pausedWorkdays, entries }
}
