/**
 * Journey: the system administrator signs in through the login page, opens 工作日历, computes a
 * deadline, closes the service centre for a day that the deadline counted, and sees the deadline
 * move one working day later.
 *
 * Dates are chosen by hand from the 2026 State Council holiday notice: 2026-12-07 is a Monday and
 * December 2026 has no holidays or make-up days, so 5 working days after it are 12-08, 12-09,
 * 12-10, 12-11 and 12-14 (Mon) — due 2026-12-14. Closing 12-09 (Wed) pushes the fifth working
 * day to 12-15 (Tue).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, type Browser } from './support/browser.js'
import { ADMIN_PASSWORD, startTestPlatform, type RunningPlatform } from './support/platform.js'
import { fillDatePicker, loginThroughForm, showMonth } from './support/steps.js'

const FROM = '2026-12-07'
const DAYS = 5
const DUE_BEFORE = '2026-12-14'
const CLOSED_DAY = '2026-12-09'
const DUE_AFTER = '2026-12-15'

describe('工作日历 journey', () => {
  let run: RunningPlatform
  let browser: Browser

  beforeAll(async () => {
    run = await startTestPlatform()
    browser = await launchBrowser({ width: 1440, height: 900 })
  })

  afterAll(async () => {
    await browser?.close()
    await run?.stop()
  })

  it('when the centre closes on a day the deadline counted, the due date moves one working day later', async () => {
    const { page } = browser
    await loginThroughForm(page, run.baseUrl, 'admin', ADMIN_PASSWORD)
    await expect.poll(() => page.getByTestId('user-name').textContent()).toBe('系统管理员')

    // the demo city is the default region of the calendar
    const summary = (await (await page.request.get(`${run.baseUrl}/api/org/summary`)).json()) as { city: { code: string; name: string } | null }
    expect(summary.city, 'the demo loader should provide a city').not.toBeNull()
    const city = summary.city!

    await page.getByTestId('main-nav').getByText('工作日历', { exact: true }).click()
    await page.waitForURL('**/calendar**')
    await page.getByRole('heading', { name: '工作日历', exact: true }).waitFor()
    await expect.poll(() => page.getByTestId('calendar-region-name').textContent()).toContain(city.name)

    // 期限计算 before the closure
    await page.getByTestId('due-days').fill(String(DAYS))
    await fillDatePicker(page, 'due-from', FROM)
    await page.getByTestId('due-submit').click()
    await expect.poll(() => page.getByTestId('due-date').textContent()).toBe(DUE_BEFORE)
    await expect.poll(() => page.getByTestId(`explain-${CLOSED_DAY}`).getAttribute('data-counted')).toBe('true')
    const dueBefore = await page.getByTestId('due-date').textContent()

    // add a 闭馆 day for the city on one of the counted days
    await showMonth(page, FROM.slice(0, 7))
    const day = page.getByTestId(`cal-day-${CLOSED_DAY}`)
    expect(await day.getAttribute('data-kind')).toBe('workday')
    await day.click()
    const form = page.getByTestId('override-form')
    await form.waitFor()
    await form.getByRole('radio', { name: '闭馆' }).check()
    await page.getByTestId('override-name').fill('闭馆（系统升级）')
    await page.getByTestId('override-reason').fill('大厅业务系统升级，暂停对外服务一天')
    await browser.screenshot('calendar-override-form', { fullPage: false })
    await page.getByTestId('override-submit').click()
    await form.waitFor({ state: 'detached' })

    // the month view and the due date follow
    await expect.poll(() => day.getAttribute('data-kind')).toBe('closure')
    await expect.poll(() => page.getByTestId('due-date').textContent()).toBe(DUE_AFTER)
    await expect.poll(() => page.getByTestId(`explain-${CLOSED_DAY}`).getAttribute('data-counted')).toBe('false')
    await expect.poll(() => page.getByTestId(`explain-${DUE_AFTER}`).getAttribute('data-counted')).toBe('true')
    const dueAfter = await page.getByTestId('due-date').textContent()
    expect({ before: dueBefore, after: dueAfter }).toEqual({ before: DUE_BEFORE, after: DUE_AFTER })
    await expect.poll(() => page.getByTestId('overrides-table').textContent()).toContain('闭馆（系统升级）')
    await browser.screenshot('calendar-desktop')

    // the same page at phone width: menu in a drawer, nothing wider than the screen
    await page.setViewportSize({ width: 375, height: 812 })
    await page.getByRole('button', { name: '打开菜单' }).waitFor()
    await expect.poll(() => page.getByTestId(`cal-day-${CLOSED_DAY}`).getAttribute('data-kind')).toBe('closure')
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375)
    await browser.screenshot('calendar-phone')

    expect(browser.pageErrors.map((e) => e.message)).toEqual([])
  })
})
