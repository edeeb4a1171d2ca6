/**
 * The precomputed working-day index (R1–R3). Supervision asks it over millions of cases, so every
 * question is answered in constant time, never by walking day by day:
 *
 *   kind[i]     what day (start + i) is: workday, weekend, holiday, make-up workday, or a local override
 *   before[i]   how many working days lie before day i          (prefix sum; length N + 1)
 *   nth[k]      the index of the (k+1)-th working day            (the prefix sum's inverse)
 *
 * so "working days d with a < d ≤ b" is before[b+1] − before[a+1], and "the n-th working day after
 * a" is nth[before[a+1] + n − 1]. The national index is built once per data version; a region's
 * index copies it, applies the overrides of the region and its ancestors, and recomputes the sums.
 *
 * R3: a working day is a Monday–Friday that is not an official day off, or an official make-up
 * workday (调休). Local overrides come on top: closure and local_holiday take a day out,
 * extra_workday puts one in. Where a region and its ancestor both override a date, the more
 * specific region (the longer code) wins.
 */
import { CalendarErrors } from './calendar.errors.js'
import type { YearData, YearSource } from './calendar.data.js'
import { dayOfDate, dayOfYmd, daysInMonth, formatDay, toDay, weekdayOfDay, yearOfDay, type DateInput } from './calendar.dates.js'
import { dueWithPauses, elapsedWorkdays, explain, type Deadline, type DeadlineInput, type ExplainOptions, type Explanation, type Pause } from './calendar.deadline.js'

export type OverrideKind = 'closure' | 'local_holiday' | 'extra_workday'
export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday' | OverrideKind

export const OVERRIDE_KINDS: readonly OverrideKind[] = ['closure', 'local_holiday', 'extra_workday']
export const DAY_KINDS: readonly DayKind[] = ['workday', 'weekend', 'holiday', 'makeup_workday', 'closure', 'local_holiday', 'extra_workday']

const K = { workday: 0, weekend: 1, holiday: 2, makeup_workday: 3, closure: 4, local_holiday: 5, extra_workday: 6 } as const
const WORKING: readonly boolean[] = [true, false, false, true, false, false, true]

/** A local override as the index needs it. */
export interface OverrideData {
  id: number
  regionCode: string
  date: string
  kind: OverrideKind
  name: string
}

export interface DayInfo {
  date: string
  /** 0 = Sunday … 6 = Saturday */
  weekday: number
  workday: boolean
  kind: DayKind
  /** the holiday's or the override's name ('国庆节', '中心搬迁闭厅'); null on ordinary days */
  name: string | null
  overrideId: number | null
  overrideRegionCode: string | null
}

/** The national days, built once per data version and shared by every region's index. */
export class NationalBase {
  readonly start: number
  /** one past the last covered day */
  readonly end: number
  readonly firstYear: number
  readonly lastYear: number
  readonly kinds: Uint8Array
  readonly names: ReadonlyMap<number, string>
  readonly years: readonly { year: number; source: YearSource }[]
  /** uncovered[y - firstYear + 1] − uncovered[x - firstYear] = years without data in x..y */
  private readonly uncovered: Int32Array

  constructor(years: readonly YearData[]) {
    if (!years.length) throw new Error('the calendar needs at least one year of data')
    const sorted = [...years].sort((a, b) => a.year - b.year)
    this.firstYear = sorted[0]!.year
    this.lastYear = sorted[sorted.length - 1]!.year
    this.start = dayOfYmd(this.firstYear, 1, 1)
    this.end = dayOfYmd(this.lastYear + 1, 1, 1)
    this.years = sorted.map((y) => ({ year: y.year, source: y.source }))
    const have = new Set(sorted.map((y) => y.year))
    this.uncovered = new Int32Array(this.lastYear - this.firstYear + 2)
    for (let y = this.firstYear; y <= this.lastYear; y++) {
      const i = y - this.firstYear
      this.uncovered[i + 1] = this.uncovered[i]! + (have.has(y) ? 0 : 1)
    }
    const kinds = new Uint8Array(this.end - this.start)
    for (let i = 0; i < kinds.length; i++) {
      const wd = weekdayOfDay(this.start + i)
      kinds[i] = wd === 0 || wd === 6 ? K.weekend : K.workday
    }
    const names = new Map<number, string>()
    for (const y of sorted) {
      for (const [date, name] of y.offDays) this.mark(kinds, names, date, K.holiday, name)
      // a date listed both ways would be a data error; the make-up workday is the safer reading
      for (const [date, name] of y.makeupDays) this.mark(kinds, names, date, K.makeup_workday, name)
    }
    this.kinds = kinds
    this.names = names
  }

  private mark(kinds: Uint8Array, names: Map<number, string>, date: string, kind: number, name: string) {
    const d = dayOfDate(date)
    if (d === null || d < this.start || d >= this.end) return
    kinds[d - this.start] = kind
    names.set(d - this.start, name)
  }

  /** Whether every day in a..b (day numbers, a ≤ b) lies in a year with data. */
  covers(a: number, b: number): boolean {
    if (a < this.start || b >= this.end) return false
    const ya = yearOfDay(a) - this.firstYear
    const yb = yearOfDay(b) - this.firstYear
    return this.uncovered[yb + 1]! - this.uncovered[ya]! === 0
  }

  /** '2004—2026', or '2004—2026、2030' when there are gaps. */
  coveredText(): string {
    const runs: string[] = []
    let runStart = -1
    let prev = -2
    for (const { year } of this.years) {
      if (year !== prev + 1) {
        if (runStart >= 0) runs.push(runStart === prev ? `${prev}` : `${runStart}—${prev}`)
        runStart = year
      }
      prev = year
    }
    runs.push(runStart === prev ? `${prev}` : `${runStart}—${prev}`)
    return runs.join('、')
  }
}

/**
 * The working-day calendar of one region (or the nation when regionCode is null). Immutable; every
 * method is a pure function of the data it was built from.
 */
export class Calendar {
  readonly regionCode: string | null
  /** the data version it was built from (calendar_version), for callers that cache it themselves */
  readonly version: number
  private readonly base: NationalBase
  private readonly kinds: Uint8Array
  private readonly names: ReadonlyMap<number, string>
  private readonly overrides: ReadonlyMap<number, { id: number; regionCode: string }>
  private readonly before: Int32Array
  private readonly nth: Int32Array

  constructor(base: NationalBase, opts: { regionCode?: string | null; overrides?: readonly OverrideData[]; version?: number } = {}) {
    this.base = base
    this.regionCode = opts.regionCode ?? null
    this.version = opts.version ?? 0
    const overrides = opts.overrides ?? []
    let kinds = base.kinds
    let names = base.names
    const refs = new Map<number, { id: number; regionCode: string }>()
    if (overrides.length) {
      kinds = new Uint8Array(base.kinds)
      const own = new Map(base.names)
      // ancestors first, so the more specific region's override is applied last and wins
      const ordered = [...overrides].sort((a, b) => a.regionCode.length - b.regionCode.length || a.id - b.id)
      for (const o of ordered) {
        const d = dayOfDate(o.date)
        if (d === null || d < base.start || d >= base.end) continue // a year without data: kept until it has
        const i = d - base.start
        kinds[i] = K[o.kind]
        own.set(i, o.name)
        refs.set(i, { id: o.id, regionCode: o.regionCode })
      }
      names = own
    }
    this.kinds = kinds
    this.names = names
    this.overrides = refs
    const before = new Int32Array(kinds.length + 1)
    let count = 0
    for (let i = 0; i < kinds.length; i++) {
      before[i] = count
      if (WORKING[kinds[i]!]) count++
    }
    before[kinds.length] = count
    const nth = new Int32Array(count)
    for (let i = 0, k = 0; i < kinds.length; i++) if (WORKING[kinds[i]!]) nth[k++] = i
    this.before = before
    this.nth = nth
  }

  /** The same index under another region's name (regions with the same overrides share one index). */
  forRegion(regionCode: string | null): Calendar {
    if (regionCode === this.regionCode) return this
    return Object.assign(Object.create(Calendar.prototype) as Calendar, this, { regionCode })
  }

  /** The years with data, and where each came from. */
  years(): { year: number; source: YearSource }[] {
    return this.base.years.map((y) => ({ ...y }))
  }

  isWorkingDay(date: DateInput): boolean {
    return this.isWorkingDayNumber(this.checked(toDay(date)))
  }

  dayInfo(date: DateInput): DayInfo {
    return this.infoOfDay(this.checked(toDay(date)))
  }

  /** Every day of a month (month 1–12). */
  month(year: number, month: number): DayInfo[] {
    if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) {
      throw CalendarErrors.INVALID_DATE(`年月不正确：${year}-${month}`)
    }
    const first = dayOfYmd(year, month, 1)
    const n = daysInMonth(year, month)
    this.checkedRange(first, first + n - 1)
    return Array.from({ length: n }, (_, i) => this.infoOfDay(first + i))
  }

  /**
   * The due date of an N-working-day limit (R2): the N-th working day after `from`, `from` itself
   * not counted — so a Friday intake with +1 is due the next Monday, and a limit ending in a
   * holiday falls on the first working day after it.
   *   n = 0: `from` itself when it is a working day, else the next working day (the day an instant
   *          item 即办件 received on a holiday is due).
   *   n < 0: the |n|-th working day before `from` (e.g. a warning three working days before a due date).
   * YEAR_OUT_OF_RANGE when `from` or the answer lies outside the data.
   */
  addWorkingDays(from: DateInput, n: number): string {
    return formatDay(this.addWorkingDaysToDay(toDay(from, '起算日期'), n))
  }

  /**
   * The number of working days d with from < d ≤ to — the days the clock has counted by the end of
   * `to` when it started on `from`. 0 when to = from; negative (−count of to < d ≤ from) when to is
   * before from, so workdaysBetween(a, b) + workdaysBetween(b, c) = workdaysBetween(a, c).
   */
  workdaysBetween(from: DateInput, to: DateInput): number {
    return this.countDays(toDay(from, '起算日期'), toDay(to, '截止日期'))
  }

  /** The due date of a limit with clock pauses (R4) and extensions (R5); see calendar.deadline.ts. */
  dueWithPauses(input: DeadlineInput): Deadline {
    return dueWithPauses(this, input)
  }

  /** Working days counted from `start` to the end of `now`, paused ones left out. */
  elapsedWorkdays(start: DateInput, now: DateInput, pauses: readonly Pause[] = []): number {
    return elapsedWorkdays(this, start, now, pauses)
  }

  /** Day by day, how the due date of `days` working days after `from` comes about. */
  explain(from: DateInput, days: number, opts: ExplainOptions = {}): Explanation {
    return explain(this, from, days, opts)
  }

  // ---- the day-number interface, for calendar.deadline.ts ------------------------------------

  /** @internal the day number itself, after checking it has data */
  checked(day: number): number {
    if (!this.base.covers(day, day)) {
      throw CalendarErrors.YEAR_OUT_OF_RANGE(`${formatDay(day)} 超出工作日历的数据范围：只有 ${this.base.coveredText()} 年的法定节假日安排`)
    }
    return day
  }

  /** @internal */
  checkedRange(a: number, b: number): void {
    const lo = Math.min(a, b)
    const hi = Math.max(a, b)
    this.checked(lo)
    this.checked(hi)
    if (!this.base.covers(lo, hi)) {
      throw CalendarErrors.YEAR_OUT_OF_RANGE(`${formatDay(lo)} 至 ${formatDay(hi)} 之间有年份缺少法定节假日安排：只有 ${this.base.coveredText()} 年的数据`)
    }
  }

  /** @internal */
  isWorkingDayNumber(day: number): boolean {
    return WORKING[this.kinds[day - this.base.start]!]!
  }

  /** @internal */
  infoOfDay(day: number): DayInfo {
    const i = day - this.base.start
    const kind = DAY_KINDS[this.kinds[i]!]!
    const ref = this.overrides.get(i)
    return {
      date: formatDay(day),
      weekday: weekdayOfDay(day),
      workday: WORKING[this.kinds[i]!]!,
      kind,
      name: kind === 'workday' || kind === 'weekend' ? null : (this.names.get(i) ?? null),
      overrideId: ref?.id ?? null,
      overrideRegionCode: ref?.regionCode ?? null,
    }
  }

  /** @internal see addWorkingDays */
  addWorkingDaysToDay(from: number, n: number): number {
    if (!Number.isSafeInteger(n)) throw CalendarErrors.INVALID_DAYS(`工作日数应为整数：${n}`)
    const i = this.checked(from) - this.base.start
    const k = n > 0 ? this.before[i + 1]! + n - 1 : this.before[i]! + n
    if (k < 0 || k >= this.nth.length) throw this.beyond(from, n)
    const due = this.base.start + this.nth[k]!
    if (!this.base.covers(Math.min(from, due), Math.max(from, due))) throw this.beyond(from, n)
    return due
  }

  /** @internal working days d with a < d ≤ b (negative when b < a) */
  countDays(a: number, b: number): number {
    this.checkedRange(a, b)
    return this.before[b - this.base.start + 1]! - this.before[a - this.base.start + 1]!
  }

  private beyond(from: number, n: number) {
    const what = n >= 0 ? `${formatDay(from)} 之后第 ${n} 个工作日` : `${formatDay(from)} 之前第 ${-n} 个工作日`
    return CalendarErrors.YEAR_OUT_OF_RANGE(`${what}超出工作日历的数据范围：只有 ${this.base.coveredText()} 年的法定节假日安排`)
  }
}
