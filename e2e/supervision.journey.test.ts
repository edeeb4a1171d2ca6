/**
 * The supervision journey (电子监察, issue 5 §6): a case accepted at the window for an item promised in
 * 2 working days; the platform's clock moves past its promised date and the jobs run, so the case
 * turns red and a 黄牌 is raised. The supervisor opens the console, sees the red light and the card,
 * opens the case (clock, alerts, trail) and sends a 督办 to the unit from the card; the unit's approver
 * opens 督办收件箱 from the menu, the department finishes the case's work (review and decision through
 * the API — the approval queue has its own journey in window.journey.test.ts) and replies in the
 * browser; the supervisor accepts the reply (办结) and the card shows closed. Then the lobby screen
 * (/screen) renders its numbers. Setup through the API (support/supervision-setup.ts). Screenshots go
 * to e2e/artifacts/supervision-*.png.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest'
import type { Page } from 'playwright-core'
import { DEMO_PERSON_ID } from '../src/demo/accounts.js'
import type { AlertDto, OrderDto } from '../src/modules/supervision/index.js'
import { launchBrowser, type Browser } from './support/browser.js'
import { startTestPlatform, type RunningPlatform } from './support/platform.js'
import { DEMO_PASSWORD, switchUser } from './support/desk-setup.js'
import { adminSession, addDays, demoSession, installClock, Sessions, userId, type MovableClock } from './support/joint-setup.js'
import { openNav } from './support/steps.js'
import { acceptedWindowCase, getCase, handleCase, supervisedItem, type CaseDto } from './support/supervision-setup.js'

describe('电子监察 journey', () => {
  let run: RunningPlatform
  let browser: Browser
  let clock: MovableClock
  let sessions: Sessions
  const tag = Date.now().toString(36).toUpperCase().slice(-5)
  let itemName: string
  let kase: CaseDto
  /** 5xx answers seen by the browser: the journey fails on any */
  const serverErrors: string[] = []

  beforeAll(async () => {
    run = await startTestPlatform()
    clock = installClock(run.platform)
    sessions = new Sessions(run.baseUrl)
    browser = await launchBrowser({ width: 1440, height: 900 })
    browser.page.on('response', (r) => {
      if (r.status() >= 500) serverErrors.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}${new URL(r.url()).search}`)
    })
    const admin = await adminSession(run.baseUrl)
    const item = await supervisedItem(admin, tag)
    itemName = item.itemName
    await admin.dispose()
    const person = await demoSession(run.baseUrl, DEMO_PERSON_ID)
    const personId = await userId(person)
    await person.dispose()
    kase = await acceptedWindowCase(await sessions.as('window01', DEMO_PASSWORD), item.itemId, personId)
  })

  beforeEach((ctx) => {
    onTestFailed(async () => {
      await browser?.screenshot('supervision-failure', { fullPage: false }).catch(() => undefined)
      console.error(`[supervision-failure] url=${browser?.page.url()} console errors:`, browser?.consoleErrors.slice(-10), 'server errors:', serverErrors)
    })
    void ctx
  })

  afterAll(async () => {
    if (serverErrors.length) console.warn('server errors seen by the browser:', [...new Set(serverErrors)])
    await sessions?.reset()
    await browser?.close()
    await run?.stop()
  })

  const supervisorApi = () => sessions.as('supervisor01', DEMO_PASSWORD)

  /** Opens a page from the 电子监察 menu group, unfolding the group only when it is folded. */
  async function navTo(page: Page, label: string) {
    const nav = page.getByTestId('main-nav')
    const item = nav.getByText(label, { exact: true })
    if (!(await item.isVisible())) {
      await nav.getByText('电子监察', { exact: true }).click()
      await item.waitFor({ state: 'visible' })
    }
    await item.click()
  }

  async function caseAlerts(): Promise<AlertDto[]> {
    return (await (await supervisorApi()).get<{ items: AlertDto[] }>('/api/supervision/alerts', { caseId: kase.id, pageSize: 50 })).items
  }

  /** the row of the journey's case in the console's light table */
  const lightRow = (page: Page) => page.getByTestId('light-table').locator('tr', { hasText: kase.number })

  it('a red light and a 黄牌 → 督办 from the console → the unit replies in its inbox → accepted → the card closes', async () => {
    const { page } = browser
    expect(kase.clock.promisedDue, 'the case has a promised date').toBeTruthy()

    // ---- time passes: three calendar days after the promised date the case is overdue
    clock.moveTo(new Date(`${addDays(kase.clock.promisedDue!, 3)}T10:00:00+08:00`))
    await sessions.reset() // sessions are older than their lifetime after the jump
    let card: AlertDto | undefined
    await expect
      .poll(
        async () => {
          await run.platform.app.jobs.tick()
          card = (await caseAlerts()).find((a) => a.kind === 'yellow_card' && a.status === 'open')
          return !!card
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(true)
    expect(card!.evidenceText).toBeTruthy()

    // ---- the supervisor's console: red light counted, the case red, the card listed
    await switchUser(page, run.baseUrl, 'supervisor01', DEMO_PASSWORD)
    await navTo(page, '实时监察')
    await page.waitForURL('**/desk/supervision')
    await expect.poll(async () => Number((await page.getByTestId('count-red').locator('.ant-statistic-content-value').textContent())?.replace(/\D/g, '') || 0), { timeout: 15_000 }).toBeGreaterThan(0)
    await page.getByTestId('unit-tree').waitFor()
    await page.getByPlaceholder('办件编号 / 事项').fill(kase.number)
    await page.getByPlaceholder('办件编号 / 事项').press('Enter')
    await lightRow(page).waitFor()
    await expect.poll(() => lightRow(page).locator('[data-testid=light-red]').count()).toBeGreaterThan(0)
    expect(await lightRow(page).getByTestId('days-left').textContent()).toContain('超期')
    await browser.screenshot('supervision-console')

    await page.getByRole('tab', { name: '告警' }).click()
    const cardRow = page.getByTestId('alert-table').locator('tr', { hasText: kase.number }).filter({ hasText: '黄牌' })
    await cardRow.first().waitFor()
    expect(await cardRow.first().textContent()).toContain(card!.rule.split(' ')[0]!)
    await browser.screenshot('supervision-alerts')

    // ---- the drill-down: the case, its clock day by day, its card and trail; 督办 from the card
    await cardRow.first().getByRole('link', { name: kase.number }).click()
    await page.waitForURL(`**/desk/supervision/cases/${kase.id}`)
    await page.getByTestId('sup-case-info').waitFor()
    await expect.poll(() => page.getByTestId('sup-clock-explain').locator('tbody tr').count()).toBeGreaterThan(0)
    await expect.poll(() => page.getByTestId('sup-case-trail').locator('.ant-timeline-item').count()).toBeGreaterThan(0)
    const alertRow = page.getByTestId('sup-case-alerts').locator('tr', { hasText: '黄牌' }).first()
    await alertRow.getByTestId('alert-open').waitFor()
    await alertRow.getByTestId('alert-order').click()
    // (antd puts the test id on the modal's root wrapper, which has no box: wait for its fields)
    const modal = page.locator('.ant-modal').filter({ has: page.getByTestId('order-content') })
    await modal.waitFor()
    await modal.getByTestId('order-kind').getByText('督办', { exact: true }).click()
    await modal.getByTestId('order-content').fill(`办件 ${kase.number} 已超过承诺办结期限，请于回复期限内办结并书面回复整改情况。`)
    await browser.screenshot('supervision-order-modal', { fullPage: false })
    await page.getByTestId('order-send').click()
    await modal.waitFor({ state: 'hidden' })
    const ordersCard = page.getByTestId('sup-case-orders')
    await expect.poll(() => ordersCard.textContent(), { timeout: 10_000 }).toMatch(/督办〔\d{4}〕\d+号/)
    const sent = (await (await supervisorApi()).get<{ items: OrderDto[] }>('/api/supervision/orders', { box: 'outbox', pageSize: 50 })).items.find((o) => o.caseId === kase.id)
    expect(sent?.kind).toBe('supervise')
    expect(sent?.status).toBe('sent')
    expect(sent?.alertId).toBe(card!.id)

    // ---- the unit: its approver opens 督办收件箱 from the menu and sees the order
    const unitStaff = 'approver01'
    await switchUser(page, run.baseUrl, unitStaff, DEMO_PASSWORD)
    await openNav(page, '督办收件箱')
    await page.waitForURL('**/desk/supervision/inbox')
    const inboxRow = page.getByTestId('orders-inbox').locator('tr', { hasText: sent!.number })
    await inboxRow.waitFor()
    await browser.screenshot('supervision-inbox')

    // the department does the work (review and decision: API — the approval queue has its own journey)
    const done = await handleCase(await sessions.as('reviewer01', DEMO_PASSWORD), await sessions.as(unitStaff, DEMO_PASSWORD), kase.id)
    expect(done.status).toBe('decided')

    // … and replies in the browser
    await inboxRow.getByTestId('order-reply-btn').click()
    await page.getByTestId('order-act-text').waitFor()
    await page.getByTestId('order-act-text').fill('已于当日完成审核并作出准予登记决定，经办人员已批评教育，今后严格按承诺时限办理。')
    await page.getByTestId('order-act-submit').click()
    await expect.poll(() => inboxRow.textContent(), { timeout: 10_000 }).toContain('已回复')

    // ---- the supervisor accepts the reply (办结)
    await switchUser(page, run.baseUrl, 'supervisor01', DEMO_PASSWORD)
    await navTo(page, '催办督办')
    await page.waitForURL('**/desk/supervision/orders')
    const outRow = page.getByTestId('orders-outbox').locator('tr', { hasText: sent!.number })
    await outRow.getByTestId('order-reply').waitFor()
    expect(await outRow.textContent()).toContain('已回复')
    await outRow.getByTestId('order-accept').click()
    await page.getByTestId('order-act-text').waitFor()
    await page.getByTestId('order-act-submit').click()
    await expect.poll(() => outRow.textContent(), { timeout: 10_000 }).toContain('已办结')
    await browser.screenshot('supervision-outbox')

    // ---- the card shows closed (the case is decided: the next scan closes it). The scan runs once a
    // minute: move the clock on so the next period has begun.
    clock.moveTo(new Date(clock.now().getTime() + 2 * 60_000))
    await expect
      .poll(
        async () => {
          await run.platform.app.jobs.tick()
          return (await caseAlerts()).find((a) => a.id === card!.id)?.status
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe('closed')
    await page.goto(`${run.baseUrl}/desk/supervision/cases/${kase.id}`)
    const closedRow = page.getByTestId('sup-case-alerts').locator('tr', { hasText: '黄牌' }).first()
    await closedRow.getByTestId('alert-closed').waitFor()
    expect(await page.getByTestId('sup-case-orders').textContent()).toContain('已办结')
    await browser.screenshot('supervision-closed')
    expect((await getCase(await supervisorApi(), kase.id)).status).toBe('decided')
    expect(browser.pageErrors.map((e) => e.message)).toEqual([])
    expect(serverErrors).toEqual([])
    void itemName
  })

  it('数据统计 and 效能排行: KPI cards with definitions, charts, a published ranking on the public page', async () => {
    const { page } = browser
    await switchUser(page, run.baseUrl, 'supervisor01', DEMO_PASSWORD)
    await navTo(page, '数据统计')
    await page.waitForURL('**/desk/stats')
    const rate = page.getByTestId('kpi-completionRate').locator('.ant-statistic-content-value')
    await expect.poll(() => rate.textContent(), { timeout: 15_000 }).toMatch(/^(\d+(\.\d)?%|—)$/)
    // each KPI's written definition is its tooltip (GET /stats/definitions)
    await page.getByTestId('kpi-def-onTimeRate').hover()
    await expect.poll(() => page.locator('.ant-tooltip').last().textContent()).toBeTruthy()
    for (const chart of ['chart-trend', 'chart-channel', 'chart-level', 'chart-dept']) {
      await expect.poll(() => page.getByTestId(chart).locator('svg').count(), { timeout: 15_000 }).toBeGreaterThan(0)
    }
    const xlsx = await page.request.get(new URL((await page.getByTestId('dept-export').getAttribute('href'))!, run.baseUrl).toString())
    expect(xlsx.status()).toBe(200)
    expect((await xlsx.body()).subarray(0, 2).toString('latin1')).toBe('PK')
    await browser.screenshot('supervision-stats')

    await navTo(page, '效能排行')
    await page.waitForURL('**/desk/stats/rankings')
    const table = page.getByTestId('ranking-department')
    await page.getByText('月榜', { exact: true }).click()
    await expect.poll(() => table.locator('[data-testid=rank]').count(), { timeout: 15_000 }).toBeGreaterThan(0)
    await page.getByTestId('fair-switch').click()
    await expect.poll(() => table.textContent()).toContain('相对速度')
    await browser.screenshot('supervision-rankings')
    await page.getByTestId('ranking-publish').click()
    await page.locator('.ant-modal').filter({ hasText: '发布效能排行榜' }).getByRole('button', { name: /发\s*布/ }).click()
    await expect.poll(async () => (await (await supervisorApi()).get<unknown[]>('/api/public/rankings')).length).toBeGreaterThan(0)
    // the monthly e-supervision report is a PDF
    const pdf = await page.request.get(new URL((await page.getByTestId('report-pdf').getAttribute('href'))!, run.baseUrl).toString())
    expect(pdf.status()).toBe(200)
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-')
    // quarterly grades with the thresholds
    await page.getByRole('tab', { name: '季度考核' }).click()
    await expect.poll(() => page.getByText(/≥ \d+ 分/).count()).toBe(3)

    // the public page in the hall, without signing in
    await page.request.post(`${run.baseUrl}/api/auth/logout`, { data: {} }).catch(() => undefined)
    await page.context().clearCookies()
    await page.goto(`${run.baseUrl}/hall/rankings`)
    await page.getByTestId('public-rankings').waitFor()
    await expect.poll(() => page.getByTestId('public-rankings').locator('tbody tr').count()).toBeGreaterThan(0)
    expect(await page.getByTestId('public-rankings').textContent()).toContain('公平视图')
    await browser.screenshot('supervision-public-rankings')
    expect(browser.pageErrors.map((e) => e.message)).toEqual([])
    expect(serverErrors).toEqual([])
  })

  it('the lobby screen (/screen) renders its numbers without signing in', async () => {
    const { page } = browser
    await page.request.post(`${run.baseUrl}/api/auth/logout`, { data: {} }).catch(() => undefined)
    await page.context().clearCookies()
    await page.setViewportSize({ width: 1920, height: 1080 })
    await page.goto(`${run.baseUrl}/screen`)
    await page.getByTestId('screen').waitFor()
    await expect.poll(() => page.getByTestId('screen-today-accepted').textContent(), { timeout: 15_000 }).toMatch(/^\d+$/)
    expect(await page.getByTestId('screen-completion').textContent()).toMatch(/^(\d+(\.\d)?%|—)$/)
    await expect.poll(() => page.getByTestId('screen-lights').textContent()).toMatch(/\d/)
    // the charts are drawn (SVG renderer)
    await expect.poll(() => page.locator('[data-testid=screen] svg').count(), { timeout: 15_000 }).toBeGreaterThan(0)
    await browser.screenshot('supervision-screen-1920', { fullPage: false })
    await page.setViewportSize({ width: 1280, height: 720 })
    await page.waitForTimeout(300)
    await browser.screenshot('supervision-screen-1280', { fullPage: false })
    expect(browser.pageErrors.map((e) => e.message)).toEqual([])
    expect(serverErrors).toEqual([])
  })
})
