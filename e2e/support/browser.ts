/**
 * Debian's Chromium driven by playwright-core (STACK-NOTES §9): a persistent context in a fresh
 * profile folder, headless, no network side-traffic. Page errors are collected for the test to check.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type BrowserContext, type Page } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'artifacts')

export interface Browser {
  context: BrowserContext
  page: Page
  /** uncaught exceptions in the page (page.on('pageerror')) */
  pageErrors: Error[]
  /** console.error lines, for the report when something fails */
  consoleErrors: string[]
  /** saves e2e/artifacts/<name>.png; the whole page unless fullPage is false (dialogs) */
  screenshot(name: string, opts?: { fullPage?: boolean }): Promise<string>
  close(): Promise<void>
}

export async function launchBrowser(viewport = { width: 1440, height: 900 }): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium fonts-wqy-microhei)`)
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-e2e-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
  context.setDefaultTimeout(15_000)
  const page = context.pages()[0] ?? (await context.newPage())
  const pageErrors: Error[] = []
  const consoleErrors: string[] = []
  page.on('pageerror', (e) => pageErrors.push(e))
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text())
  })
  fs.mkdirSync(ARTIFACTS, { recursive: true })
  return {
    context,
    page,
    pageErrors,
    consoleErrors,
    async screenshot(name, opts) {
      const file = path.join(ARTIFACTS, `${name}.png`)
      // let lazy route chunks and queries settle so the picture shows the page, not a spinner
      await page.waitForLoadState('networkidle').catch(() => undefined)
      await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined)
      await page.waitForTimeout(400) // antd's open / expand animations
      await page.screenshot({ path: file, fullPage: opts?.fullPage ?? true })
      return file
    },
    async close() {
      await context.close()
      fs.rmSync(profile, { recursive: true, force: true })
    },
  }
}
