/**
 * The two stable endpoints, driven over HTTP for every date of 2019–2026 and checked against the
 * independent day-by-day oracle (chinese-days' isWorkday).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test/harness.js'
import { addCalendarDays, datesBetween, oracleAddWorkingDays, oracleWorkdaysBetween } from './calendar.testkit.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const DATES = datesBetween('2019-01-01', '2026-12-31')
const LAST = '2026-12-31'

describe('the stable endpoints for every date of 2019–2026', () => {
  it.each([0, 1, 10])('GET /api/calendar/due?from=<every date>&days=%i matches the oracle', async (n) => {
    const wrong: string[] = []
    for (const from of DATES) {
      const r = await t.app.inject({ method: 'GET', url: `/api/calendar/due?from=${from}&days=${n}` })
      const want = oracleAddWorkingDays(from, n)
      if (want > LAST) {
        if (r.statusCode !== 400 || r.json().error.code !== 'YEAR_OUT_OF_RANGE') wrong.push(`${from}+${n}: ${r.statusCode} ${r.body}`)
      } else if (r.statusCode !== 200 || r.body !== JSON.stringify({ due: want })) {
        wrong.push(`${from}+${n}: ${r.statusCode} ${r.body}, oracle ${want}`)
      }
    }
    expect(wrong).toEqual([])
  })

  it('GET /api/calendar/workdays?from=<every date>&to=<two weeks later> matches the oracle', async () => {
    const wrong: string[] = []
    for (const from of DATES) {
      const to = addCalendarDays(from, 14)
      const r = await t.app.inject({ method: 'GET', url: `/api/calendar/workdays?from=${from}&to=${to}` })
      if (to > LAST) {
        if (r.statusCode !== 400 || r.json().error.code !== 'YEAR_OUT_OF_RANGE') wrong.push(`${from}..${to}: ${r.statusCode}`)
      } else if (r.statusCode !== 200 || r.body !== JSON.stringify({ workdays: oracleWorkdaysBetween(from, to) })) {
        wrong.push(`${from}..${to}: ${r.statusCode} ${r.body}`)
      }
    }
    expect(wrong).toEqual([])
  })
})
