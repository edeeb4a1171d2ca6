/**
 * Journeys through the window and the department back office (issue 3 §9):
 *  (a) an applicant applies online; the window pre-reviews and asks for a correction through the
 *      workbench; the applicant supplies it; the window accepts; reviewer01 and approver01 decide in
 *      审批待办; the window takes the fee and completes; the applicant sees the result on
 *      /my/cases/:id and downloads the PDF;
 *  (b) an instant item (即办件) done at the window on the spot for a walk-in applicant registered
 *      there and then, with the result document ready to hand over.
 * The items are created through the catalogue admin API so the journeys do not depend on the demo
 * catalogue. Screenshots go to e2e/artifacts/window-*.png.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest'
import type { APIRequestContext, Page } from 'playwright-core'
import { DEMO_PERSON_ID } from '../src/demo/accounts.js'
import { idCheckDigit } from '../src/shared/identity.js'
import { launchBrowser, type Browser } from './support/browser.js'
import { startTestPlatform, type RunningPlatform } from './support/platform.js'
import { adminApi, DEMO_PASSWORD, departmentId, firstBytes, instantGuide, promisedGuide, publishItem, scannedPdf, switchUser } from './support/desk-setup.js'

// 李明华, the demo natural-person applicant
const APPLICANT = DEMO_PERSON_ID

describe('窗口与审批 journeys', () => {
  let run: RunningPlatform
  let browser: Browser
  let api: APIRequestContext
  let promisedItem: number
  let instantItem: number
  /** 5xx answers seen by the browser: a journey fails on any (routes must never answer 5xx) */
  const serverErrors: string[] = []

  beforeAll(async () => {
    run = await startTestPlatform()
    browser = await launchBrowser({ width: 1440, height: 900 })
    browser.page.on('response', (r) => {
      if (r.status() >= 500) serverErrors.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}${new URL(r.url()).search}`)
    })
    api = await adminApi(run.baseUrl)
    const dept = await departmentId(api, '德州市市场监督管理局')
    const tag = Date.now().toString(36).toUpperCase()
    promisedItem = await publishItem(api, promisedGuide(dept, `E2E-A-${tag}`))
    instantItem = await publishItem(api, instantGuide(dept, `E2E-B-${tag}`))
  })

  beforeEach((ctx) => {
    onTestFailed(async () => {
      const name = ctx.task.name.startsWith('(a)') ? 'window-a-failure' : 'window-b-failure'
      await browser?.screenshot(name, { fullPage: false }).catch(() => undefined)
      console.error(`[${name}] url=${browser?.page.url()} console errors:`, browser?.consoleErrors.slice(-10))
    })
  })

  afterAll(async () => {
    if (serverErrors.length) console.warn('server errors seen by the browser:', [...new Set(serverErrors)])
    await api?.dispose().catch(() => undefined)
    await browser?.close()
    await run?.stop()
  })

  /** Opens a case from a work list by its number and waits for the drawer. */
  async function openFromList(page: Page, list: string, number: string) {
    await page.getByTestId(list).waitFor()
    await expect.poll(() => page.getByTestId(`open-${number}`).count(), { timeout: 15_000 }).toBeGreaterThan(0)
    await page.getByTestId(`open-${number}`).click()
    const drawer = page.getByTestId('case-drawer')
    await drawer.getByTestId('case-header').waitFor()
    return drawer
  }

  async function caseStatus(id: number): Promise<string> {
    const r = await api.get(`/api/cases/${id}`)
    return ((await r.json()) as { case: { status: string } }).case.status
  }

  it('(a) online application → correction → acceptance → review and approval → fee and completion → the applicant downloads the result', async () => {
    const { page } = browser

    // ---- the applicant applies online
    await switchUser(page, run.baseUrl, APPLICANT, DEMO_PASSWORD, '申请人')
    await page.goto(`${run.baseUrl}/my/apply/${promisedItem}`)
    const apply = page.getByTestId('apply-page')
    await apply.waitFor()
    const caseId = Number(await apply.getAttribute('data-case-id'))
    const number = (await page.getByTestId('apply-case-number').textContent())!.trim()
    await page.getByTestId('apply-description').fill('在德城区东方红路 88 号门店外墙设置户外广告牌一块，尺寸 6 米 × 1.5 米。')
    if ((await page.getByTestId('apply-address').count()) > 0) await page.getByTestId('apply-address').fill('山东省德州市德城区东方红路 88 号')
    for (const key of ['application', 'id_card', 'design']) {
      await page.getByTestId(`upload-${key}`).setInputFiles(scannedPdf(`${key}-scan`))
      await page.getByTestId(`uploaded-${key}`).first().waitFor()
    }
    await page.getByTestId('apply-submit').click()
    await page.getByRole('dialog', { name: '申请已提交' }).getByRole('button', { name: '查看办件' }).click()
    await page.waitForURL(`**/my/cases/${caseId}`)
    await expect.poll(() => caseStatus(caseId)).toBe('submitted')

    // ---- the window pre-reviews, then asks for a correction once, in writing
    await switchUser(page, run.baseUrl, 'window01', DEMO_PASSWORD)
    expect(await page.getByTestId('main-nav').textContent()).toContain('窗口工作台')
    await page.goto(`${run.baseUrl}/desk/window?tab=prereview`)
    let drawer = await openFromList(page, 'prereview-list', number)
    await drawer.getByTestId('prereview-pass').click()
    await expect.poll(() => caseStatus(caseId)).toBe('received')
    await page.keyboard.press('Escape')

    await page.getByTestId('tab-intake').click()
    drawer = await openFromList(page, 'intake-list', number)
    const panel = drawer.getByTestId('intake-panel')
    await panel.getByTestId('check-application').getByText('合格', { exact: true }).click()
    await panel.getByTestId('check-id_card').getByText('不合格', { exact: true }).click()
    await panel.getByTestId('problem-id_card').fill('身份证复印件不清晰，请上传正反面清晰扫描件')
    await panel.getByTestId('intake-decision').getByText('一次性告知补正', { exact: true }).click()
    // the notice is prefilled from the failed checklist item
    await expect.poll(() => panel.getByTestId('correction-problem').first().inputValue()).toContain('身份证复印件不清晰')
    await browser.screenshot('window-a-workbench-decision', { fullPage: false })
    await panel.getByTestId('intake-submit').click()
    await panel.getByTestId('issued-result').waitFor()
    expect(await panel.getByTestId('document-open').getAttribute('href')).toMatch(new RegExp(`^/api/cases/${caseId}/documents/\\d+\\.pdf$`))
    expect(await firstBytes(page, (await panel.getByTestId('document-open').getAttribute('href'))!)).toBe('%PDF-')
    await browser.screenshot('window-a-correction-notice')
    await expect.poll(() => caseStatus(caseId)).toBe('correction_requested')

    // ---- the applicant supplies the correction
    await switchUser(page, run.baseUrl, APPLICANT, DEMO_PASSWORD, '申请人')
    await page.goto(`${run.baseUrl}/my/cases/${caseId}`)
    const card = page.getByTestId('correction-card')
    await card.waitFor()
    expect(await card.getByTestId('correction-item').first().getAttribute('data-material-key')).toBe('id_card')
    await card.getByTestId('upload-id_card').setInputFiles(scannedPdf('id-card-clear'))
    await expect.poll(() => card.getByTestId('uploaded-id_card').count()).toBeGreaterThan(1)
    await card.getByTestId('supply-correction').click()
    await expect.poll(() => caseStatus(caseId)).toBe('received')

    // ---- the window accepts
    await switchUser(page, run.baseUrl, 'window01', DEMO_PASSWORD)
    await page.goto(`${run.baseUrl}/desk/window?tab=intake`)
    drawer = await openFromList(page, 'intake-list', number)
    const intake = drawer.getByTestId('intake-panel')
    for (const key of ['application', 'id_card', 'design']) await intake.getByTestId(`check-${key}`).getByText('合格', { exact: true }).click()
    await intake.getByTestId('intake-submit').click()
    await intake.getByTestId('issued-result').waitFor()
    await browser.screenshot('window-a-workbench-accepted')
    await expect.poll(() => caseStatus(caseId)).toBe('accepted')

    // ---- reviewer01 reviews in 审批待办
    await switchUser(page, run.baseUrl, 'reviewer01', DEMO_PASSWORD)
    await page.goto(`${run.baseUrl}/desk/queue`)
    await page.getByTestId('queue-table').waitFor()
    await expect.poll(() => page.getByTestId(`case-row-${number}`).getAttribute('data-case-id'), { timeout: 15_000 }).toBe(String(caseId))
    await browser.screenshot('window-a-queue-reviewer')
    drawer = await openFromList(page, 'queue-table', number)
    await drawer.getByTestId('step-opinion').fill('经审查，申请材料齐全，设置位置符合城市户外广告设施设置规划，同意。')
    await drawer.getByTestId('step-pass').click()
    await expect.poll(async () => ((await (await api.get(`/api/cases/${caseId}`)).json()) as { case: { steps: { key: string; status: string }[] } }).case.steps.find((s) => s.key === 'review')?.status).toBe('done')

    // ---- approver01 decides: 准予许可
    await switchUser(page, run.baseUrl, 'approver01', DEMO_PASSWORD)
    await page.goto(`${run.baseUrl}/desk/queue`)
    drawer = await openFromList(page, 'queue-table', number)
    const handling = drawer.getByTestId('handling-panel')
    await handling.waitFor()
    if ((await handling.getByTestId('decision-panel').count()) === 0) {
      await handling.getByTestId('step-opinion').fill('同意。')
      await handling.getByTestId('step-pass').click()
    }
    await handling.getByTestId('decision-panel').waitFor()
    await handling.getByTestId('decision-outcome').getByText('准予许可').click()
    await handling.getByTestId('decision-reasons').fill('符合设置条件，准予许可。')
    await handling.getByTestId('decision-submit').click()
    await expect.poll(() => caseStatus(caseId)).toBe('decided')

    // ---- the window takes the fee at the window and completes
    await switchUser(page, run.baseUrl, 'window01', DEMO_PASSWORD)
    await page.goto(`${run.baseUrl}/desk/window?tab=handover`)
    drawer = await openFromList(page, 'handover-list', number)
    const handover = drawer.getByTestId('handover-panel')
    await handover.getByTestId('fee-card').waitFor()
    expect(await handover.getByTestId('fee-payable').getAttribute('data-cents')).toBe('5000')
    await handover.getByTestId('pay-submit').click()
    await expect.poll(() => handover.getByTestId('fee-status').getAttribute('data-status')).toBe('paid')
    await handover.getByTestId('case-complete').click()
    await expect.poll(() => caseStatus(caseId)).toBe('completed')
    await handover.getByTestId('result-documents').waitFor()
    expect(await handover.getByTestId('result-documents').getByTestId('issued-document').first().getAttribute('data-kind')).toBe('result')
    await browser.screenshot('window-a-handover')

    // ---- the case detail with the clock explained day by day
    await page.goto(`${run.baseUrl}/desk/cases/${caseId}`)
    await page.getByTestId('case-header').waitFor()
    await expect.poll(() => page.getByTestId('case-status').first().getAttribute('data-status')).toBe('completed')
    await page.getByTestId('clock-card').waitFor()
    await expect.poll(() => page.getByTestId('clock-explain').locator('[data-counted]').count(), { timeout: 10_000 }).toBeGreaterThan(0)
    expect(await page.getByTestId('steps-card').textContent()).toContain('同意')
    await browser.screenshot('window-a-case-detail')

    // ---- the applicant sees the result and downloads the PDF
    await switchUser(page, run.baseUrl, APPLICANT, DEMO_PASSWORD, '申请人')
    await page.goto(`${run.baseUrl}/my/cases/${caseId}`)
    await expect.poll(() => page.getByTestId('my-case-page').getAttribute('data-status')).toBe('completed')
    const result = page.getByTestId('doc-result').first()
    await result.waitFor()
    const href = (await result.getAttribute('href'))!
    expect(href).toMatch(new RegExp(`^/api/cases/${caseId}/documents/\\d+\\.pdf$`))
    expect(await firstBytes(page, href)).toBe('%PDF-')
    await browser.screenshot('window-a-applicant-result')

    expect(browser.pageErrors.map((e) => e.message)).toEqual([])
    expect(serverErrors).toEqual([])
  })

  it('(b) an instant item is filed, accepted and completed on the spot at the window for a walk-in applicant', async () => {
    const { page } = browser
    const first17 = '37140219851023' + '157'
    const idNumber = first17 + idCheckDigit(first17)

    await switchUser(page, run.baseUrl, 'window01', DEMO_PASSWORD)
    await page.goto(`${run.baseUrl}/desk/window?tab=walkin`)
    const walkin = page.getByTestId('walkin-panel')
    await walkin.waitFor()
    await page.getByTestId('walkin-id').fill(idNumber)
    await page.getByTestId('walkin-name').fill('孙立新')
    await page.getByTestId('walkin-phone').fill('13905342277')
    await page.getByTestId('walkin-item').click()
    await page.keyboard.type('个体工商户名称变更')
    await page.locator('.ant-select-item-option').filter({ hasText: '即办·旅程测试' }).first().click()
    await page.getByTestId('walkin-create').click()

    const header = walkin.getByTestId('case-header')
    await header.waitFor()
    const caseId = Number(await header.getAttribute('data-case-id'))
    expect(await header.getByTestId('case-status').getAttribute('data-status')).toBe('received')
    await walkin.getByTestId('walkin-materials').locator('input[type=file]').first().setInputFiles(scannedPdf('change-form-scan'))
    await walkin.getByTestId('uploaded-change_form').waitFor()

    const intake = walkin.getByTestId('intake-panel')
    await intake.getByTestId('check-change_form').getByText('合格', { exact: true }).click()
    await intake.getByTestId('intake-submit').click()
    await intake.getByTestId('issued-result').waitFor()
    expect(await intake.getByTestId('issued-result').textContent()).toContain('即办件已当场办结')
    await expect.poll(() => caseStatus(caseId)).toBe('completed')

    const results = walkin.getByTestId('result-documents')
    await results.waitFor()
    // the result itself (kind 'result') comes first, ready to print and hand over
    expect(await results.getByTestId('issued-document').first().getAttribute('data-kind')).toBe('result')
    const href = (await results.getByTestId('document-open').first().getAttribute('href'))!
    expect(await firstBytes(page, href)).toBe('%PDF-')
    await browser.screenshot('window-b-instant-done')

    // the walk-in applicant was registered on the spot with the ID number
    const detail = (await (await api.get(`/api/cases/${caseId}`)).json()) as { case: { applicant: { name: string; userId: number | null }; channel: string } }
    expect(detail.case.channel).toBe('window')
    expect(detail.case.applicant.name).toBe('孙立新')
    expect(detail.case.applicant.userId).not.toBeNull()

    expect(browser.pageErrors.map((e) => e.message)).toEqual([])
    expect(serverErrors).toEqual([])
  })
})
