/**
 * The calendar holds the official holiday schedule only for the years published so far (the State
 * Council announces next year's around November; an admin imports it). A deadline that falls in a
 * year not yet published is PENDING: these helpers answer null instead of throwing
 * YEAR_OUT_OF_RANGE, for callers that must go on (accept a case, schedule a reply) and fill the
 * date in once the year is imported. Nothing is ever guessed.
 */
import { DomainError } from '../../server/errors.js'
import type { Calendar } from './calendar.index.js'
import type { DeadlineInput } from './calendar.deadline.js'

export function beyondCalendar(e: unknown): boolean {
  return e instanceof DomainError && e.code === 'YEAR_OUT_OF_RANGE'
}

export function dueOrPending(cal: Pick<Calendar, 'dueWithPauses'>, input: DeadlineInput): string | null {
  try {
    return cal.dueWithPauses(input).due
  } catch (e) {
    if (beyondCalendar(e)) return null
    throw e
  }
}

export function addOrPending(cal: Pick<Calendar, 'addWorkingDays'>, from: string, days: number): string | null {
  try {
    return cal.addWorkingDays(from, days)
  } catch (e) {
    if (beyondCalendar(e)) return null
    throw e
  }
}
