/** Steps a person takes in the web shell, shared by the journeys. */
import { expect } from 'vitest'
import type { Page } from 'playwright-core'

export async function loginThroughForm(page: Page, baseUrl: string, username: string, password: string, audience: '工作人员' | '申请人' = '工作人员'): Promise<void> {
  await page.goto(`${baseUrl}/`)
  // an anonymous visitor is sent to the login page
  await page.waitForURL('**/login')
  await page.getByRole('heading', { name: '用户登录' }).waitFor()
  await page.getByText(audience, { exact: true }).click()
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  await page.getByTestId('user-name').waitFor()
}

/** Clicks 上一月 / 下一月 until the month view shows `target` (YYYY-MM). */
export async function showMonth(page: Page, target: string): Promise<void> {
  for (let i = 0; i < 36; i++) {
    const shown = await page.getByTestId('month-title').getAttribute('data-month')
    if (shown === target) return
    await page.getByTestId(shown! < target ? 'month-next' : 'month-prev').click()
    await expect.poll(() => page.getByTestId('month-title').getAttribute('data-month')).not.toBe(shown)
  }
  throw new Error(`month view never reached ${target}`)
}

/** Types a date into an antd DatePicker and confirms it. */
export async function fillDatePicker(page: Page, testId: string, date: string): Promise<void> {
  const input = page.getByTestId(testId).locator('input').first()
  const target = (await input.count()) > 0 ? input : page.getByTestId(testId)
  await target.click()
  await target.fill(date)
  await target.press('Enter')
  await expect.poll(() => target.inputValue()).toBe(date)
}

/** The labels of the main navigation, top level and sub-menus as shown. */
export async function navLabels(page: Page): Promise<string[]> {
  return page.getByTestId('main-nav').locator('.ant-menu-title-content').allTextContents()
}

export async function openNav(page: Page, ...path: string[]): Promise<void> {
  for (const label of path) await page.getByTestId('main-nav').getByText(label, { exact: true }).click()
}
