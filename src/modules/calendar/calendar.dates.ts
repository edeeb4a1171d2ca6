/**
 * Calendar dates as whole day numbers (days since 1970-01-01), so the clock does integer arithmetic
 * and never meets a time zone or DST. Instants (a Date, or an ISO string with an offset) are taken
 * in Asia/Shanghai (UTC+8 all year, no DST): an intake at 2026-03-02T23:30+08:00 is on 2026-03-02.
 */
import { CalendarErrors } from './calendar.errors.js'

/** 'YYYY-MM-DD', a Date, or an ISO date-time with an offset ('2026-03-02T23:30:00+08:00', '…Z'). */
export type DateInput = string | Date

const MS_PER_DAY = 86_400_000
const SHANGHAI_OFFSET_MS = 8 * 3_600_000
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i

/**
 * The day number of a calendar date, or null when it is not a real 'YYYY-MM-DD' date.
 * Hot path (supervision runs it over millions of cases): character codes and integer arithmetic,
 * no regular expression and no Date object.
 */
export function dayOfDate(s: string): number | null {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null
  let y = 0
  for (let i = 0; i < 4; i++) {
    const c = s.charCodeAt(i) - 48
    if (c < 0 || c > 9) return null
    y = y * 10 + c
  }
  const m1 = s.charCodeAt(5) - 48
  const m2 = s.charCodeAt(6) - 48
  const d1 = s.charCodeAt(8) - 48
  const d2 = s.charCodeAt(9) - 48
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return null
  const mo = m1 * 10 + m2
  const d = d1 * 10 + d2
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null
  return dayOfYmd(y, mo, d)
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

export function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29
  return MONTH_DAYS[month - 1]!
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function dayOfYmd(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

// Formatting is memoised per day number: a city's deadlines fall on a few thousand distinct days.
const FORMATTED: (string | undefined)[] = []
const FORMAT_CACHE_DAYS = 80_000 // 1970 … 2189

/** 'YYYY-MM-DD' of a day number. */
export function formatDay(day: number): string {
  if (day >= 0 && day < FORMAT_CACHE_DAYS) {
    const hit = FORMATTED[day]
    if (hit !== undefined) return hit
    const s = new Date(day * MS_PER_DAY).toISOString().slice(0, 10)
    FORMATTED[day] = s
    return s
  }
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10)
}

export function yearOfDay(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear()
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7
}

/** The Shanghai calendar day of an instant. */
export function dayOfInstant(t: Date): number {
  return Math.floor((t.getTime() + SHANGHAI_OFFSET_MS) / MS_PER_DAY)
}

/**
 * The day number of any accepted input; a clear INVALID_DATE otherwise. A date-time without an
 * offset is refused rather than guessed: '2026-03-02T23:30' means different days in UTC and UTC+8.
 */
export function toDay(input: DateInput, what = '日期'): number {
  if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) throw CalendarErrors.INVALID_DATE(`${what}无效`)
    return dayOfInstant(input)
  }
  if (typeof input === 'string') {
    const d = dayOfDate(input)
    if (d !== null) return d
    if (INSTANT_RE.test(input)) {
      const t = Date.parse(input.replace(' ', 'T'))
      if (!Number.isNaN(t) && dayOfDate(input.slice(0, 10)) !== null) return dayOfInstant(new Date(t))
    }
  }
  throw CalendarErrors.INVALID_DATE(`${what}格式不正确：${String(input)}（应为 YYYY-MM-DD，或带时区的时间如 2026-03-02T09:00:00+08:00）`)
}

/** The Shanghai calendar date ('YYYY-MM-DD') of a date or an instant. */
export function toShanghaiDate(input: DateInput): string {
  return formatDay(toDay(input))
}
