/**
 * "Right for every date": the index against an independent oracle — a naive day-by-day loop over
 * chinese-days' own isWorkday (its compiled-in arrangement data, not the year files we load).
 */
import { describe, expect, it } from 'vitest'
import { DomainError } from '../../server/errors.js'
import { loadPackageYears } from './calendar.data.js'
import { Calendar, NationalBase } from './calendar.index.js'
import { addCalendarDays, datesBetween, oracleAddWorkingDays, oracleIsWorkday, oracleWorkdaysBetween } from './calendar.testkit.js'

const cal = new Calendar(new NationalBase(loadPackageYears()))
const DATES = datesBetween('2019-01-01', '2026-12-31')
const LAST = '2026-12-31'

function outOfRange(fn: () => unknown): boolean {
  try {
    fn()
    return false
  } catch (e) {
    return e instanceof DomainError && e.code === 'YEAR_OUT_OF_RANGE'
  }
}

describe('right for every date 2019–2026', () => {
  it('covers 2,922 dates', () => {
    expect(DATES).toHaveLength(2922)
  })

  it('classifies every date as chinese-days does', () => {
    const wrong = DATES.filter((d) => cal.isWorkingDay(d) !== oracleIsWorkday(d))
    expect(wrong).toEqual([])
  })

  it.each([0, 1, 2, 3, 5, 10, 20])('addWorkingDays(date, %i) equals the day-by-day oracle', (n) => {
    const wrong: string[] = []
    let checked = 0
    for (const from of DATES) {
      const want = oracleAddWorkingDays(from, n)
      if (want > LAST) {
        // beyond the data the index must refuse, not guess
        if (!outOfRange(() => cal.addWorkingDays(from, n))) wrong.push(`${from}+${n}: expected YEAR_OUT_OF_RANGE`)
        continue
      }
      checked++
      const got = cal.addWorkingDays(from, n)
      if (got !== want) wrong.push(`${from}+${n}: got ${got}, oracle ${want}`)
    }
    expect(wrong).toEqual([])
    expect(checked).toBeGreaterThan(2850)
  })

  it.each([0, 1, 3, 7, 30, 100])('workdaysBetween(date, date + %i calendar days) equals the oracle', (k) => {
    const wrong: string[] = []
    for (const from of DATES) {
      const to = addCalendarDays(from, k)
      if (to > LAST) {
        if (!outOfRange(() => cal.workdaysBetween(from, to))) wrong.push(`${from}..${to}: expected YEAR_OUT_OF_RANGE`)
        continue
      }
      const want = oracleWorkdaysBetween(from, to)
      const got = cal.workdaysBetween(from, to)
      if (got !== want) wrong.push(`${from}..${to}: got ${got}, oracle ${want}`)
      if (cal.workdaysBetween(to, from) !== -want) wrong.push(`${to}..${from}: not the negative`)
    }
    expect(wrong).toEqual([])
  })
})
