/**
 * Journeys through the online service hall (网上办事大厅):
 * (c) a public progress query from a phone-width page: the demo applicant 李明华 has an online case
 *     (created, filled, given a real PDF per required material and submitted through the HTTP API);
 *     an anonymous visitor at 375×812 enters its number and the ID number and sees the status card
 *     with the name masked as 李*华; a wrong ID number gets the not-found message, not the case.
 *     The receipt the window's pre-review issues is then checked on the public 文书核验 page.
 * And the guide search at desktop width: 食品經營 (Traditional) finds 食品经营许可; its guide shows
 * the materials table and the QR code image.
 * And applying online in the browser: 在线申请 from the guide asks for a login first, then the
 * application form; a file that is not a PDF/JPEG/PNG/OFD is refused beside its material, submitting
 * without the required materials lists them, and with them the case is submitted and shows in 我的办件.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, type Browser } from './support/browser.js'
import { ADMIN_PASSWORD, startTestPlatform, type RunningPlatform } from './support/platform.js'
import { DEMO_PASSWORD, DEMO_PERSON_ID, apiClient, ensureFoodLicenceItem, loginApplicant, submitCaseThroughApi, tinyPdf } from './support/hall-api.js'

// a well-formed ID number (德城区, born 1990-01-01, GB 11643 check digit 9) of someone who is not the applicant
const OTHER_ID = '371402199001011239'

// E2E_DATABASE_URL=postgres://… runs the same journeys on a fresh PostgreSQL database (support/platform.ts)
describe('网上办事大厅 journeys', () => {
  let run: RunningPlatform
  let browser: Browser

  beforeAll(async () => {
    run = await startTestPlatform()
    browser = await launchBrowser({ width: 375, height: 812 })
    // the demo catalogue is expected to hold 食品经营许可; when it does not, the journeys add it themselves
    if (await ensureFoodLicenceItem(run.baseUrl, ADMIN_PASSWORD)) console.warn('hall journey: 食品经营许可 was not in the demo catalogue; created through the API')
  })

  afterAll(async () => {
    await browser?.close()
    await run?.stop()
  })

  it('(c) anyone can follow a case from a phone with its number and the ID number; the name is masked and a wrong ID finds nothing', async () => {
    const api = await loginApplicant(run.baseUrl)
    const kase = await submitCaseThroughApi(api).finally(() => api.close())
    expect(kase.number).toMatch(/\S{6,}/)

    const { page } = browser
    await page.goto(`${run.baseUrl}/progress`)
    await page.getByTestId('progress-form').waitFor()
    // anonymous: the hall offers 登录, nobody is signed in
    await page.getByTestId('hall-login').waitFor()
    await page.getByTestId('progress-number').fill(kase.number)
    await page.getByTestId('progress-secret').fill(DEMO_PERSON_ID)
    await page.getByTestId('progress-submit').click()

    const card = page.getByTestId('progress-result')
    await card.waitFor()
    expect(await page.getByTestId('progress-result-number').textContent()).toBe(kase.number)
    expect(await page.getByTestId('progress-applicant').textContent()).toBe('李*华')
    expect(await card.textContent()).toContain(kase.itemName)
    expect(await page.getByTestId('case-status').getAttribute('data-status')).toBe('submitted')
    // the full name and the ID number are nowhere on the page
    const body = (await page.locator('body').textContent()) ?? ''
    expect(body).not.toContain('李明华')
    expect(body).not.toContain(DEMO_PERSON_ID)
    // phone width: nothing wider than the screen
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375)
    await browser.screenshot('hall-progress-phone')

    // a wrong ID number: the same not-found answer as a wrong case number, and no status card
    await page.getByTestId('progress-secret').fill(OTHER_ID)
    await page.getByTestId('progress-submit').click()
    const notFound = page.getByTestId('progress-not-found')
    await notFound.waitFor()
    expect(await notFound.textContent()).toContain('未查询到办件')
    expect(await card.count()).toBe(0)
    await browser.screenshot('hall-progress-not-found-phone')

    // the window's pre-review issues a receipt; its QR code leads to the public verification page
    const window01 = await loginApplicant(run.baseUrl, 'window01', DEMO_PASSWORD)
    await window01.post(`/api/cases/${kase.id}/prereview`, { outcome: 'pass' }).finally(() => window01.close())
    const applicant = await loginApplicant(run.baseUrl)
    const detail = await applicant.get<{ case: { documents: { kind: string; title: string; verificationCode: string }[] } }>(`/api/cases/${kase.id}`).finally(() => applicant.close())
    expect(detail.case.documents.length).toBeGreaterThan(0)
    const doc = detail.case.documents[0]!
    await page.goto(`${run.baseUrl}/verify/${encodeURIComponent(doc.verificationCode)}`)
    const verified = page.getByTestId('verify-result')
    await verified.waitFor()
    expect(await verified.textContent()).toContain(kase.number)
    expect(await page.getByTestId('verify-title').textContent()).toBe(doc.title)
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375)
    await browser.screenshot('hall-verify-phone')
    await page.goto(`${run.baseUrl}/verify/NO0SUCH0CODE`)
    await expect.poll(() => page.getByTestId('verify-not-found').textContent()).toContain('未查到该文书')

    expect(browser.pageErrors.map((e) => e.message)).toEqual([])
  })

  it('a guide search in Traditional characters (食品經營) finds 食品经营许可, whose guide lists the materials and shows its QR code', async () => {
    const { page } = browser
    await page.setViewportSize({ width: 1440, height: 900 })
    await page.goto(`${run.baseUrl}/hall`)
    const search = page.getByTestId('hall-search')
    await search.waitFor()
    const input = (await search.evaluate((el) => el.tagName)) === 'INPUT' ? search : search.locator('input').first()
    await input.fill('食品經營')
    await input.press('Enter')
    await page.waitForURL((u) => u.searchParams.get('q') === '食品經營')

    const card = page.locator('[data-testid="item-card"][data-item-name*="食品经营许可"]').first()
    await card.waitFor()
    // every card found is about 食品经营 (the server converted the Traditional query)
    const names = await page.locator('[data-testid="item-card"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-item-name') ?? ''))
    expect(names.length).toBeGreaterThan(0)
    for (const n of names) expect(n).toMatch(/食品/)
    expect(await card.textContent()).toMatch(/承诺时限/)
    await browser.screenshot('hall-search-desktop')

    await card.getByTestId('item-link').click()
    await page.waitForURL('**/hall/items/**')
    await expect.poll(() => page.getByTestId('guide-title').textContent()).toContain('食品经营许可')
    const rows = page.getByTestId('guide-materials').locator('tbody tr[data-testid^="guide-material-"]')
    await rows.first().waitFor()
    expect(await rows.count()).toBeGreaterThan(0)
    const qr = page.getByTestId('guide-qr')
    await expect.poll(() => qr.evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).complete && (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0)
    expect(await qr.getAttribute('src')).toMatch(/\/api\/catalog\/items\/\d+\/qr\.png$/)
    // anonymous: applying asks to log in first
    const apply = page.getByTestId('apply-button')
    if ((await apply.count()) > 0) expect(await apply.textContent()).toContain('登录')
    await browser.screenshot('hall-guide-desktop')

    // the guide at phone width too
    await page.setViewportSize({ width: 375, height: 812 })
    await page.getByTestId('guide-title').waitFor()
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375)
    await browser.screenshot('hall-guide-phone')

    expect(browser.pageErrors.map((e) => e.message)).toEqual([])
  })

  it('an applicant applies online from the guide: log in first, a wrong file type and missing materials are explained, then the case is submitted', async () => {
    const { page } = browser
    await page.setViewportSize({ width: 1440, height: 900 })
    const anon = await apiClient(run.baseUrl)
    const found = await anon.get<{ items: { id: number; name: string; channels: string[] }[] }>(`/api/catalog/items?q=${encodeURIComponent('食品经营许可')}&audience=person&pageSize=20`)
    const item = found.items.find((i) => i.name.includes('新办') && i.channels.includes('online')) ?? found.items.find((i) => i.channels.includes('online'))
    expect(item, 'an online 食品经营许可 item').toBeTruthy()
    const guide = (await anon.get<{ item: { current: { guide: { materials: { key: string; requirement: string }[] } } } }>(`/api/catalog/items/${item!.id}`)).item.current.guide
    await anon.close()
    const required = guide.materials.filter((m) => m.requirement === 'required').map((m) => m.key)
    expect(required.length).toBeGreaterThan(0)

    // anonymous: 在线申请 leads to the login page and back to the application afterwards
    await page.goto(`${run.baseUrl}/hall/items/${item!.id}`)
    await page.getByTestId('apply-button').click()
    await page.waitForURL('**/login')
    await page.getByText('申请人', { exact: true }).click()
    await page.getByTestId('login-username').fill(DEMO_PERSON_ID)
    await page.getByTestId('login-password').fill(DEMO_PASSWORD)
    await page.getByTestId('login-submit').click()
    await page.waitForURL((u) => u.pathname === `/my/apply/${item!.id}` && u.searchParams.has('case'))
    const form = page.getByTestId('apply-page')
    await form.waitFor()
    const caseId = Number(await form.getAttribute('data-case-id'))
    expect(caseId).toBeGreaterThan(0)

    // a Windows program named .pdf is refused beside its material, with the server's reason
    await page.getByTestId(`upload-${required[0]}`).setInputFiles({ name: '申请书.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00 not a document') })
    const uploadError = page.getByTestId(`upload-error-${required[0]}`)
    await uploadError.waitFor()
    expect(await uploadError.textContent()).toMatch(/不支持|类型/)

    await page.getByTestId('apply-description').fill('在德城区新华路开办小型餐饮店，经营热食类食品制售。')
    await page.getByTestId('apply-address').fill('德州市德城区新华路 88 号')
    const unsatisfied = await page.locator('[data-testid^="material-"][data-satisfied="false"]').count()
    if (unsatisfied > 0) {
      await page.getByTestId('apply-submit').click()
      await expect.poll(() => page.getByTestId('apply-missing').textContent()).toContain('暂不能提交')
    }

    for (const key of required) {
      await page.getByTestId(`upload-${key}`).setInputFiles({ name: `${key}.pdf`, mimeType: 'application/pdf', buffer: tinyPdf(key) })
      await page.locator(`[data-testid="material-${key}"][data-satisfied="true"]`).waitFor()
    }
    await browser.screenshot('hall-apply-desktop')
    await page.getByTestId('apply-submit').click()
    const done = page.locator('.ant-modal-confirm', { hasText: '申请已提交' })
    await done.waitFor()
    await done.getByRole('button', { name: '查看办件' }).click()
    await page.waitForURL(`**/my/cases/${caseId}`)
    await expect.poll(() => page.getByTestId('my-case-page').getAttribute('data-status')).toBe('submitted')
    const number = (await page.getByTestId('case-number').textContent())!.trim()
    expect(number.length).toBeGreaterThan(5)
    await browser.screenshot('hall-my-case-desktop')

    // 我的办件 lists it
    await page.goto(`${run.baseUrl}/my/cases`)
    await page.locator(`[data-testid="my-case-row"][data-case-number="${number}"]`).waitFor()
    await page.setViewportSize({ width: 375, height: 812 })
    await page.goto(`${run.baseUrl}/my/cases/${caseId}`)
    await page.getByTestId('case-steps').waitFor()
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375)
    await browser.screenshot('hall-my-case-phone')

    expect(browser.pageErrors.map((e) => e.message)).toEqual([])
  })
})
