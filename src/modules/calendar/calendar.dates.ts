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
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i

/** The day number of a calendar date, or null when it is not a real 'YYYY-MM-DD' date. */
export function dayOfDate(s: string): number | null {
  const m = DATE_RE.exec(s)
  if (!m) return null
  const y = Number(m[1])
  const mo = Number(m[2])
  const d = Number(m[3])
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null
  return Date.UTC(y, mo - 1, d) / MS_PER_DAY
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

export function dayOfYmd(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY
}

/** 'YYYY-MM-DD' of a day number. */
export function formatDay(day: number): string {
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
