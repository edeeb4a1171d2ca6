/**
 * The 好差评 journey (issue 5 §3): an instant case completed at window A01 for the demo applicant; the
 * window's staff starts serving them in the workbench (开始接待, with the case number); the counter
 * tablet (/counter/rate, same window account) shows the rating screen and takes ★2 with its three
 * indicators, then thanks and returns to waiting; the window's unit sees the rectification in 差评整改,
 * calls the rater back (required: real name), records its measures; the applicant gives the verdict on
 * the fix in 我的评价; the public board (/hall/reviews) shows the review rectified with the rater
 * masked. Setup through the API. Screenshots go to e2e/artifacts/evaluation-*.png.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest'
import { DEMO_PERSON_ID } from '../src/demo/accounts.js'
import { ARTIFACTS, launchBrowser, type Browser } from './support/browser.js'
import { startTestPlatform, type RunningPlatform } from './support/platform.js'
import { DEMO_PASSWORD, departmentId, instantGuide, publishItem, scannedPdf, switchUser } from './support/desk-setup.js'
import { adminSession, demoSession, Sessions, userId } from './support/joint-setup.js'
import { openNav } from './support/steps.js'

interface CaseDto {
  id: number
  number: string
  status: string
}

describe('好差评 journey', () => {
  let run: RunningPlatform
  let browser: Browser
  let sessions: Sessions
  let kase: CaseDto
  const tag = Date.now().toString(36).toUpperCase().slice(-5)
  const serverErrors: string[] = []

  beforeAll(async () => {
    run = await startTestPlatform()
    sessions = new Sessions(run.baseUrl)
    browser = await launchBrowser({ width: 1440, height: 900 })
    browser.page.on('response', (r) => {
      if (r.status() >= 500) serverErrors.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`)
    })
    const admin = await adminSession(run.baseUrl)
    const itemId = await publishItem(admin.ctx, instantGuide(await departmentId(admin.ctx, '德州市市场监督管理局'), `E2E-EV-${tag}`))
    await admin.dispose()
    const person = await demoSession(run.baseUrl, DEMO_PERSON_ID)
    const personId = await userId(person)
    await person.dispose()
    const win = await sessions.as('window01', DEMO_PASSWORD)
    const me = await win.get<{ user: { unitId: number } }>('/api/auth/me')
    const created = await win.post<{ case: CaseDto }>('/api/cases/window', { itemId, windowId: me.user.unitId, applicant: { userId: personId } })
    await win.upload(`/api/cases/${created.case.id}/materials`, { materialKey: 'change_form' }, scannedPdf('change-form'))
    kase = (await win.post<{ case: CaseDto }>(`/api/cases/${created.case.id}/intake`, { decision: 'accept' })).case
    expect(kase.status).toBe('completed')
  })

  beforeEach(() => {
    onTestFailed(async () => {
      await browser?.screenshot('evaluation-failure', { fullPage: false }).catch(() => undefined)
      console.error(`[evaluation-failure] url=${browser?.page.url()} console errors:`, browser?.consoleErrors.slice(-10), 'server errors:', serverErrors)
    })
  })

  afterAll(async () => {
    await sessions?.reset()
    await browser?.close()
    await run?.stop()
  })

  it('a visit rated ★2 on the counter tablet → rectification with callback and measures → the rater’s verdict → the board shows it rectified', async () => {
    const { page } = browser

    // ---- the window starts serving the applicant (workbench)
    await switchUser(page, run.baseUrl, 'window01', DEMO_PASSWORD)
    await openNav(page, '窗口工作台')
    await page.waitForURL('**/desk/window**')
    await page.getByTestId('visit-start').click()
    await page.getByTestId('visit-purpose').fill(`领取 个体工商户变更登记通知书（${tag}）`)
    await page.getByTestId('visit-case').fill(kase.number)
    await page.getByTestId('visit-start-ok').click()
    await page.getByTestId('visit-current').waitFor()
    await page.getByTestId('visit-unrated').waitFor()
    expect(await page.getByTestId('visit-link').textContent()).toMatch(/^\/rate\/[A-Za-z0-9_-]{12}$/)
    await browser.screenshot('evaluation-workbench')

    // ---- the counter tablet (same window account, full screen page): ★2 with its indicators
    const tablet = await page.context().newPage()
    await tablet.setViewportSize({ width: 1280, height: 800 })
    await tablet.goto(`${run.baseUrl}/counter/rate`)
    await tablet.getByTestId('counter-rating').waitFor()
    expect(await tablet.getByTestId('main-nav').count()).toBe(0)
    await tablet.getByTestId('face-2').click()
    // the overall level fills the indicators; the rater lowers 服务态度 to one star
    await tablet.getByTestId('indicator-attitude').locator('.ant-rate-star').nth(0).click()
    await tablet.getByTestId('rating-comment').fill('等候时间过长，窗口人员解释不耐心')
    await tablet.screenshot({ path: `${ARTIFACTS}/evaluation-tablet.png` })
    await tablet.getByTestId('rating-submit').click()
    await tablet.getByTestId('counter-thanks').waitFor()
    await tablet.screenshot({ path: `${ARTIFACTS}/evaluation-tablet-thanks.png` })
    await tablet.getByTestId('counter-waiting').waitFor({ timeout: 15_000 })
    await tablet.close()

    const win = await sessions.as('window01', DEMO_PASSWORD)
    const ratings = (await win.get<{ items: { id: number; stars: number; indicators: Record<string, number>; caseId: number | null; rectificationId: number | null }[] }>('/api/evaluation/ratings', { channel: 'window', pageSize: 20 })).items
    const rating = ratings.find((r) => r.caseId === kase.id)
    expect(rating).toMatchObject({ stars: 2, indicators: { efficiency: 2, competence: 2, attitude: 1 } })
    expect(rating!.rectificationId).toEqual(expect.any(Number))

    // ---- the unit: 差评整改 → the rectification; callback first, then measures
    await page.reload()
    await page.getByTestId('visit-rated').waitFor()
    await openNav(page, '好差评', '差评整改')
    await page.waitForURL('**/desk/evaluation/rectifications')
    const row = page.getByTestId(`rect-row-${rating!.rectificationId}`)
    await row.waitFor()
    expect(await row.textContent()).toContain('待整改')
    await browser.screenshot('evaluation-rectifications')
    await row.click()
    await page.waitForURL(`**/desk/evaluation/rectifications/${rating!.rectificationId}`)
    expect(await page.getByTestId('rect-comment').textContent()).toContain('等候时间过长')
    await page.getByTestId('callback-content').fill('已电话回访评价人并致歉，了解到高峰时段等候超过40分钟')
    await page.getByTestId('callback-submit').click()
    await expect.poll(() => page.getByTestId('rect-detail').getAttribute('data-status')).toBe('called_back')
    await page.getByTestId('measures-input').fill('高峰时段增开一个综合受理窗口，并对窗口人员开展服务礼仪培训')
    await page.getByTestId('rectify-submit').click()
    await expect.poll(() => page.getByTestId('rect-detail').getAttribute('data-status')).toBe('rectified')
    await page.getByTestId('rect-measures').waitFor()
    await browser.screenshot('evaluation-rectified')

    // ---- 评价记录: the rating listed; the export is an xlsx file
    await openNav(page, '好差评', '评价记录')
    await page.waitForURL('**/desk/evaluation/ratings')
    await page.getByTestId(`rating-row-${rating!.id}`).waitFor()
    const xlsx = await page.request.get(`${run.baseUrl}/api/evaluation/ratings.xlsx?channel=window`)
    expect(xlsx.status()).toBe(200)
    expect((await xlsx.body()).subarray(0, 2).toString('latin1')).toBe('PK')
    await browser.screenshot('evaluation-ratings')

    // ---- the rater: rates the case online too (一事一评, from the case page) …
    await switchUser(page, run.baseUrl, DEMO_PERSON_ID, DEMO_PASSWORD, '申请人')
    await page.goto(`${run.baseUrl}/my/cases/${kase.id}`)
    const rateCard = page.getByTestId('case-rating-card')
    await rateCard.waitFor()
    await rateCard.getByTestId('overall-stars').locator('.ant-rate-star').nth(4).click()
    await rateCard.getByTestId('rating-comment').fill('網上查詢進度很方便')
    await rateCard.getByTestId('rating-submit').click()
    await rateCard.getByTestId('case-rating').waitFor()
    expect(await rateCard.textContent()).toContain('非常满意')
    await browser.screenshot('evaluation-case-rated')

    // … and in 我的评价 gives the verdict on the fix
    await openNav(page, '我的评价')
    await page.waitForURL('**/my/ratings')
    const card = page.getByTestId(`my-rect-${rating!.rectificationId}`)
    await card.waitFor()
    expect(await card.getByTestId('my-rect-measures').textContent()).toContain('增开一个综合受理窗口')
    await browser.screenshot('evaluation-my-ratings')
    await card.getByTestId('verdict-satisfied').click()
    await expect.poll(() => card.getByTestId('rect-status').getAttribute('data-status')).toBe('closed')

    // ---- the public board: rectified, the rater masked
    await page.goto(`${run.baseUrl}/hall/reviews`)
    const boardRow = page.getByTestId(`board-row-${rating!.id}`)
    await boardRow.waitFor()
    const text = (await boardRow.textContent()) ?? ''
    expect(text).toContain('已办结')
    expect(text).toContain('增开一个综合受理窗口')
    expect(text).toContain('满意')
    const board = await (await page.request.get(`${run.baseUrl}/api/public/bad-reviews?pageSize=100`)).json()
    const item = board.items.find((i: { id: number }) => i.id === rating!.id)
    expect(item.raterName).toMatch(/^.\*+$/)
    await browser.screenshot('evaluation-board')

    expect(browser.pageErrors.map((e) => e.message)).toEqual([])
    expect(serverErrors).toEqual([])
  })
})
