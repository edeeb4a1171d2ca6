/**
 * Journeys through the rest of the web shell: an applicant registers and signs in and sees only
 * the applicant's pages; the system administrator browses the organisation and checks the audit
 * hash chain. Screenshots of each page go to e2e/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, type Browser } from './support/browser.js'
import { ADMIN_PASSWORD, startTestPlatform, type RunningPlatform } from './support/platform.js'
import { loginThroughForm, navLabels, openNav } from './support/steps.js'

// a resident ID from 德城区 (371402), born 1988-05-12; its check digit worked out by hand with the
// GB 11643 weights: the weighted sum is 292, 292 mod 11 = 6 → '6'. The same number ending in 7 is wrong.
const ID_NUMBER = '371402198805121236'
const ID_NUMBER_WRONG_CHECK = '371402198805121237'

describe('web shell journeys', () => {
  let run: RunningPlatform
  let browser: Browser

  beforeAll(async () => {
    run = await startTestPlatform()
    browser = await launchBrowser({ width: 1366, height: 860 })
  })

  afterAll(async () => {
    await browser?.close()
    await run?.stop()
  })

  it('an applicant who registers online signs in with the ID number and sees the hall and their own cases, and no staff pages', async () => {
    const { page } = browser
    await page.goto(`${run.baseUrl}/register`)
    await page.getByRole('heading', { name: '申请人注册' }).waitFor()
    await page.getByLabel('姓名').fill('赵小明')
    await page.getByLabel('身份证号码').fill(ID_NUMBER_WRONG_CHECK)
    await page.getByLabel('手机号码').click() // leaving the field runs the check
    await page.getByText('身份证号码校验码不正确，请核对').waitFor()
    await page.getByLabel('身份证号码').fill(ID_NUMBER)
    await page.getByLabel('手机号码').fill('19912345678')
    await page.getByLabel('登录密码').fill('Zhao2026ab')
    await page.getByLabel('确认密码').fill('Zhao2026ab')
    await expect.poll(() => page.getByText('身份证号码校验码不正确，请核对').count()).toBe(0)
    await browser.screenshot('register-person')
    await page.getByTestId('register-submit').click()
    await page.waitForURL('**/login')
    await page.getByText('注册成功，请使用身份证号码或手机号码登录。').waitFor()

    await page.getByTestId('login-username').fill(ID_NUMBER)
    await page.getByTestId('login-password').fill('Zhao2026ab')
    await page.getByTestId('login-submit').click()
    await page.waitForURL((u) => u.pathname === '/')
    await expect.poll(() => page.getByTestId('user-name').textContent()).toBe('赵小明')
    await page.getByRole('heading', { name: '工作台', exact: true }).waitFor()
    // an applicant sees the hall and their own cases, never the organisation or audit pages
    expect(await navLabels(page)).toEqual(['工作台', '工作日历', '办事大厅', '我的办件', '一件事一次办', '我的联办件', '帮办代办授权', '我的评价', '我的证照', '消息', '账号设置'])
    await browser.screenshot('applicant-home')

    await page.goto(`${run.baseUrl}/audit`)
    await page.getByText('无权访问').waitFor()
    await page.getByRole('button', { name: '退出' }).click()
    await page.waitForURL('**/login')
    expect(browser.pageErrors.map((e) => e.message)).toEqual([])
  })

  it('the system administrator browses regions, units and staff and finds the audit hash chain intact', async () => {
    const { page } = browser
    await browser.context.clearCookies()
    await loginThroughForm(page, run.baseUrl, 'admin', ADMIN_PASSWORD)
    const summary = (await (await page.request.get(`${run.baseUrl}/api/org/summary`)).json()) as {
      city: { code: string; name: string } | null
      counts: { centres: number; staff: number }
    }
    await expect.poll(() => page.getByTestId('org-summary').textContent()).toContain(summary.city?.name ?? '机构概况')
    expect(await navLabels(page)).toEqual(['工作台', '工作日历', '办件查询', '事项管理', '电子监察', '通知管理', '组织机构', '审计日志', '账号设置'])
    await browser.screenshot('admin-home')

    await openNav(page, '组织机构', '行政区划')
    await page.waitForURL('**/org/regions')
    await page.getByTestId('region-tree').waitFor()
    if (summary.city) await page.getByRole('treeitem', { name: summary.city.name }).waitFor()
    await browser.screenshot('org-regions')

    await openNav(page, '机构与窗口')
    await page.waitForURL('**/org/units')
    await expect.poll(() => page.getByTestId('units-table').locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0)
    await browser.screenshot('org-units')

    await openNav(page, '工作人员')
    await page.waitForURL('**/org/staff')
    await expect.poll(() => page.getByTestId('staff-table').textContent()).toContain('admin')
    await browser.screenshot('org-staff')

    await openNav(page, '审计日志')
    await page.waitForURL('**/audit')
    // the applicant's registration from the first journey is on the record: found by its action
    // (the newest records are the system's own, e.g. the PDFs the render sweep has just produced)
    await page.getByTestId('audit-filters').getByPlaceholder('动作，如 auth.login').fill('auth.register')
    await page.getByTestId('audit-filters').getByRole('button', { name: /查\s*询/ }).click()
    await expect.poll(() => page.getByTestId('audit-table').textContent()).toContain('申请人注册')
    await page.getByTestId('audit-verify').click()
    await expect.poll(() => page.getByTestId('audit-verify-result').textContent()).toContain('哈希链完整')
    await browser.screenshot('audit')

    await page.setViewportSize({ width: 375, height: 812 })
    await page.getByRole('button', { name: '打开菜单' }).waitFor()
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375)
    await browser.screenshot('audit-phone')
    expect(browser.pageErrors.map((e) => e.message)).toEqual([])
  })
})
