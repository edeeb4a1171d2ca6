import { describe, expect, it } from 'vitest'
import { DomainError } from '../../server/errors.js'
import { loadPackageYears, mergeYears, yearFromHolidayCn, type HolidayCnDay } from './calendar.data.js'
import { Calendar, NationalBase, type OverrideData } from './calendar.index.js'
import { ancestorsOf, isRegionCode } from './calendar.regions.js'
import { toShanghaiDate } from './calendar.dates.js'

const national = new Calendar(new NationalBase(loadPackageYears()))

function codeOf(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    if (e instanceof DomainError) return e.code
    throw e
  }
  throw new Error('expected a DomainError')
}

describe('the national working-day index (R2, R3)', () => {
  it.each([
    ['2025-09-26', 5, '2025-10-10', 'Sun 09-28 is a make-up workday; 10-01..08 are off'],
    ['2025-09-30', 1, '2025-10-09', 'the whole National Day holiday is skipped'],
    ['2025-01-24', 20, '2025-02-27', 'Spring Festival with two make-up Saturdays/Sundays'],
    ['2024-04-26', 3, '2024-04-30', 'Sun 2024-04-28 is a workday'],
    ['2026-02-13', 2, '2026-02-24', 'Sat 2026-02-14 counts, 02-15..23 are off'],
  ])('accepted %s, +%i working days is due %s (%s)', (from, n, due) => {
    expect(national.addWorkingDays(from, n)).toBe(due)
    expect(national.workdaysBetween(from, due)).toBe(n)
  })

  it('does not count the start day: a Friday intake with +1 is due on Monday', () => {
    expect(national.addWorkingDays('2026-03-06', 1)).toBe('2026-03-09')
  })

  it('with +0 returns the day itself when it is a working day, else the next working day', () => {
    expect(national.addWorkingDays('2026-03-04', 0)).toBe('2026-03-04')
    expect(national.addWorkingDays('2026-03-07', 0)).toBe('2026-03-09') // Saturday
    expect(national.addWorkingDays('2025-10-01', 0)).toBe('2025-10-09') // National Day
    expect(national.addWorkingDays('2025-09-28', 0)).toBe('2025-09-28') // make-up Sunday
  })

  it('with a negative count finds working days before the date', () => {
    expect(national.addWorkingDays('2025-10-10', -5)).toBe('2025-09-26')
    expect(national.addWorkingDays('2025-10-09', -1)).toBe('2025-09-30')
    expect(national.addWorkingDays('2025-10-04', -1)).toBe('2025-09-30')
  })

  it('counts working days d with from < d ≤ to, zero on the same day and negative backwards', () => {
    expect(national.workdaysBetween('2025-09-26', '2025-10-10')).toBe(5)
    expect(national.workdaysBetween('2025-10-10', '2025-10-10')).toBe(0)
    expect(national.workdaysBetween('2025-10-10', '2025-09-26')).toBe(-5)
    expect(national.workdaysBetween('2025-10-01', '2025-10-08')).toBe(0)
    expect(national.workdaysBetween('2025-01-01', '2025-12-31')).toBe(
      national.workdaysBetween('2025-01-01', '2025-06-30') + national.workdaysBetween('2025-06-30', '2025-12-31'),
    )
  })

  it('knows 2025 has 248 working days and 2024 has 251 (261 weekdays − 18 days off + 5 make-up days in 2025)', () => {
    expect(national.workdaysBetween('2024-12-31', '2025-12-31')).toBe(248)
    expect(national.workdaysBetween('2023-12-31', '2024-12-31')).toBe(251)
  })

  it('names the kind of every day, with the holiday name', () => {
    const k = (d: string) => {
      const i = national.dayInfo(d)
      return [i.kind, i.name, i.workday]
    }
    expect(k('2025-10-01')).toEqual(['holiday', '国庆节', false])
    expect(k('2025-10-06')).toEqual(['holiday', '中秋节', false])
    expect(k('2025-05-31')).toEqual(['holiday', '端午节', false])
    expect(k('2025-09-28')).toEqual(['makeup_workday', '国庆节', true])
    expect(k('2025-10-11')).toEqual(['makeup_workday', '国庆节', true])
    expect(k('2026-03-07')).toEqual(['weekend', null, false])
    expect(k('2026-03-04')).toEqual(['workday', null, true])
    expect(national.dayInfo('2026-03-04').weekday).toBe(3)
    expect(national.dayInfo('2026-03-08').weekday).toBe(0)
  })

  it('lists a month day by day', () => {
    const days = national.month(2025, 10)
    expect(days).toHaveLength(31)
    expect(days[0]).toMatchObject({ date: '2025-10-01', weekday: 3, workday: false, kind: 'holiday', name: '国庆节', overrideId: null })
    expect(days.filter((d) => d.workday).map((d) => d.date.slice(8))).toEqual(
      ['09', '10', '11', '13', '14', '15', '16', '17', '20', '21', '22', '23', '24', '27', '28', '29', '30', '31'],
    )
    expect(national.month(2024, 2)).toHaveLength(29)
  })

  it('refuses dates outside the data with YEAR_OUT_OF_RANGE, naming the covered years', () => {
    expect(codeOf(() => national.addWorkingDays('2035-01-01', 1))).toBe('YEAR_OUT_OF_RANGE')
    expect(codeOf(() => national.addWorkingDays('2003-12-31', 1))).toBe('YEAR_OUT_OF_RANGE')
    expect(codeOf(() => national.workdaysBetween('2026-12-01', '2027-01-05'))).toBe('YEAR_OUT_OF_RANGE')
    expect(codeOf(() => national.month(2027, 1))).toBe('YEAR_OUT_OF_RANGE')
    expect(() => national.isWorkingDay('2035-06-01')).toThrow(/2004—2026/)
  })

  it('refuses a due date that would fall beyond the data instead of guessing it', () => {
    expect(national.addWorkingDays('2026-12-24', 4)).toBe('2026-12-30')
    expect(codeOf(() => national.addWorkingDays('2026-12-24', 10))).toBe('YEAR_OUT_OF_RANGE')
    expect(codeOf(() => national.addWorkingDays('2004-01-05', -10))).toBe('YEAR_OUT_OF_RANGE')
  })

  it('refuses impossible dates and date-times without an offset', () => {
    expect(codeOf(() => national.addWorkingDays('2026-02-30', 1))).toBe('INVALID_DATE')
    expect(codeOf(() => national.addWorkingDays('2026/03/02', 1))).toBe('INVALID_DATE')
    expect(codeOf(() => national.addWorkingDays('2026-03-02T23:30', 1))).toBe('INVALID_DATE')
    expect(codeOf(() => national.addWorkingDays(new Date('nonsense'), 1))).toBe('INVALID_DATE')
    expect(codeOf(() => national.addWorkingDays('2026-03-02', 1.5))).toBe('INVALID_DAYS')
  })

  it('takes instants in Asia/Shanghai (UTC+8): 23:30 on 03-02 in Beijing is still 03-02', () => {
    expect(toShanghaiDate('2026-03-02T23:30:00+08:00')).toBe('2026-03-02')
    expect(toShanghaiDate('2026-03-02T15:59:59Z')).toBe('2026-03-02')
    expect(toShanghaiDate('2026-03-02T16:00:00Z')).toBe('2026-03-03')
    expect(toShanghaiDate(new Date('2026-03-01T16:30:00Z'))).toBe('2026-03-02')
    expect(national.addWorkingDays('2026-03-02T23:30:00+08:00', 1)).toBe('2026-03-03')
    expect(national.addWorkingDays('2026-03-06T16:30:00Z', 1)).toBe('2026-03-09') // Sat 00:30 in Beijing
    expect(national.addWorkingDays(new Date('2026-03-05T17:00:00Z'), 1)).toBe('2026-03-09') // Fri 01:00 in Beijing
    expect(national.workdaysBetween('2026-03-02T08:00:00+08:00', '2026-03-06T18:00:00+08:00')).toBe(4)
  })
})

describe('imported years (holiday-cn format)', () => {
  const y2027: HolidayCnDay[] = [
    { name: '元旦', date: '2027-01-01', isOffDay: true },
    { name: '春节', date: '2027-02-08', isOffDay: true },
    { name: '春节', date: '2027-02-09', isOffDay: true },
    { name: '春节', date: '2027-02-20', isOffDay: false },
  ]

  it('extend the calendar to a new year', () => {
    const cal = new Calendar(new NationalBase(mergeYears(loadPackageYears(), [yearFromHolidayCn(2027, y2027)])))
    expect(cal.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04')
    expect(cal.dayInfo('2027-02-20')).toMatchObject({ kind: 'makeup_workday', workday: true, name: '春节' })
    expect(cal.years().at(-1)).toEqual({ year: 2027, source: 'imported' })
    expect(cal.years()[0]).toEqual({ year: 2004, source: 'package' })
  })

  it('take precedence over the package for their year', () => {
    // a (fictional) 2025 where National Day is only 10-01..03
    const y2025: HolidayCnDay[] = ['01', '02', '03'].map((d) => ({ name: '国庆节', date: `2025-10-${d}`, isOffDay: true }))
    const cal = new Calendar(new NationalBase(mergeYears(loadPackageYears(), [yearFromHolidayCn(2025, y2025)])))
    expect(cal.addWorkingDays('2025-09-30', 1)).toBe('2025-10-06')
    expect(cal.dayInfo('2025-09-28').kind).toBe('weekend')
    expect(cal.years().find((y) => y.year === 2025)).toEqual({ year: 2025, source: 'imported' })
    expect(national.addWorkingDays('2025-09-30', 1)).toBe('2025-10-09')
  })

  it('leave a gap year out of range rather than guessing it', () => {
    const cal = new Calendar(new NationalBase(mergeYears(loadPackageYears(), [yearFromHolidayCn(2029, [{ name: '元旦', date: '2029-01-01', isOffDay: true }])])))
    expect(cal.addWorkingDays('2029-01-01', 1)).toBe('2029-01-02')
    expect(codeOf(() => cal.addWorkingDays('2027-03-01', 1))).toBe('YEAR_OUT_OF_RANGE')
    expect(codeOf(() => cal.addWorkingDays('2026-12-30', 300))).toBe('YEAR_OUT_OF_RANGE')
    expect(codeOf(() => cal.workdaysBetween('2026-12-30', '2029-01-05'))).toBe('YEAR_OUT_OF_RANGE')
    expect(() => cal.isWorkingDay('2028-05-05')).toThrow(/2004—2026、2029/)
  })
})

describe('local overrides', () => {
  const base = new NationalBase(loadPackageYears())
  const o = (id: number, regionCode: string, date: string, kind: OverrideData['kind'], name: string): OverrideData => ({ id, regionCode, date, kind, name })

  it('a closure takes a working day out, moving a due date by exactly one working day', () => {
    const cal = new Calendar(base, { regionCode: '371402', overrides: [o(1, '3714', '2026-03-04', 'closure', '中心搬迁闭厅')] })
    expect(national.addWorkingDays('2026-03-02', 5)).toBe('2026-03-09')
    expect(cal.addWorkingDays('2026-03-02', 5)).toBe('2026-03-10')
    expect(cal.dayInfo('2026-03-04')).toMatchObject({ kind: 'closure', workday: false, name: '中心搬迁闭厅', overrideId: 1, overrideRegionCode: '3714' })
  })

  it('an extra workday puts a weekend day in; a local holiday takes one out', () => {
    const cal = new Calendar(base, {
      overrides: [o(1, '37', '2026-03-07', 'extra_workday', '加班受理日'), o(2, '37', '2026-03-10', 'local_holiday', '地方节日')],
    })
    expect(cal.addWorkingDays('2026-03-06', 1)).toBe('2026-03-07')
    expect(cal.workdaysBetween('2026-03-06', '2026-03-13')).toBe(5) // 07, 09, 11, 12, 13
    expect(cal.dayInfo('2026-03-10')).toMatchObject({ kind: 'local_holiday', workday: false })
  })

  it('where an ancestor and a region both override a date, the more specific region wins', () => {
    const cal = new Calendar(base, {
      overrides: [o(5, '371402', '2026-03-10', 'extra_workday', '区里照常上班'), o(4, '37', '2026-03-10', 'local_holiday', '省里放假')],
    })
    expect(cal.dayInfo('2026-03-10')).toMatchObject({ kind: 'extra_workday', workday: true, overrideId: 5, overrideRegionCode: '371402' })
  })

  it('an override in a year without national data waits for that data', () => {
    const cal = new Calendar(base, { overrides: [o(1, '37', '2027-03-10', 'closure', '闭厅')] })
    expect(cal.addWorkingDays('2026-03-02', 5)).toBe('2026-03-09')
  })

  it('region codes nest by prefix', () => {
    expect(ancestorsOf('371402001001')).toEqual(['37', '3714', '371402', '371402001'])
    expect(ancestorsOf('37')).toEqual([])
    expect(isRegionCode('371402')).toBe(true)
    expect(isRegionCode('37140')).toBe(false)
    expect(isRegionCode('37a4')).toBe(false)
  })
})
