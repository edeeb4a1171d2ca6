/**
 * Journeys through parallel approval (并联审批, src/modules/joint/CONTRACT.md):
 *  (a) a construction project through one stage: the general window files the stage in the back
 *      office (project + stage + the project's enterprise), uploads the one set of materials and
 *      submits; the departments pre-check (API); the window accepts in the browser; the lead
 *      department replies 同意 in its 协办任务 inbox; the other department does not reply; the
 *      platform's clock moves past its due date and the 超时默许 sweep runs; the case page shows that
 *      department as 超时默许 with its follow-up deadline, and a late reply as a record only; the
 *      window sends the central reply and the page shows 已集中回复 with the reply PDF;
 *  (b) an enterprise-opening bundle: the enterprise opens 一件事一次办 in the hall, fills the one
 *      form and uploads each union material once, submits; the departments pre-check (API); the
 *      window accepts in the browser; the departments reply and issue (API) and the window sends
 *      the central reply (API); the applicant sees every result, chooses 网上下载 and the page shows
 *      已送达 with each result document's link (each a PDF).
 * Items, department approvers, the scheme, the project and the bundle are made through the API
 * (support/joint-setup.ts). Screenshots go to e2e/artifacts/joint-*.png.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest'
import type { Page } from 'playwright-core'
import { DEMO_ENTERPRISE_CODE } from '../src/demo/accounts.js'
import type { JointCaseDto, TaskInboxRowDto } from '../src/modules/joint/joint.types.js'
import { launchBrowser, type Browser } from './support/browser.js'
import { startTestPlatform, type RunningPlatform } from './support/platform.js'
import { DEMO_PASSWORD, firstBytes, scannedPdf, switchUser } from './support/desk-setup.js'
import {
  STAFF_PASSWORD,
  addDays,
  adminSession,
  createBundle,
  createProject,
  createScheme,
  demoSession,
  installClock,
  jointCase,
  Sessions,
  setupDepartments,
  userId,
  type DeptFixture,
  type MovableClock,
} from './support/joint-setup.js'

describe('并联审批 journeys', () => {
  let run: RunningPlatform
  let browser: Browser
  let clock: MovableClock
  let sessions: Sessions
  const tag = Date.now().toString(36).toUpperCase().slice(-5)
  let stageDepts: DeptFixture[]
  let bundleDepts: DeptFixture[]
  let enterpriseId: number
  let projectId: number
  let projectName: string
  let bundleId: number
  let bundleCode: string
  /** 5xx answers seen by the browser: a journey fails on any */
  const serverErrors: string[] = []

  beforeAll(async () => {
    run = await startTestPlatform()
    clock = installClock(run.platform)
    sessions = new Sessions(run.baseUrl)
    browser = await launchBrowser({ width: 1440, height: 900 })
    browser.page.on('response', (r) => {
      if (r.status() >= 500) serverErrors.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`)
    })
    const admin = await adminSession(run.baseUrl)
    stageDepts = await setupDepartments(admin, tag, [
      {
        key: 'fgw',
        deptName: '德州市发展和改革委员会',
        itemName: '企业投资项目核准（旅程测试）',
        promisedDays: 3,
        materials: [
          { key: 'project_report', name: '项目申请报告' },
          { key: 'entity_licence', name: '项目单位营业执照' },
        ],
      },
      {
        key: 'zrzy',
        deptName: '德州市自然资源和规划局',
        itemName: '建设项目用地预审与选址意见书（旅程测试）',
        promisedDays: 3,
        materials: [
          { key: 'site_report', name: '建设项目选址论证报告' },
          { key: 'entity_licence', name: '项目单位营业执照' },
        ],
      },
    ])
    bundleDepts = await setupDepartments(admin, `${tag}B`, [
      {
        key: 'scjg',
        deptName: '德州市市场监督管理局',
        itemName: '企业设立登记（旅程测试）',
        promisedDays: 2,
        materials: [
          { key: 'company_form', name: '公司登记（备案）申请书' },
          { key: 'articles', name: '公司章程' },
          { key: 'legal_rep_id', name: '法定代表人身份证明' },
          { key: 'premises', name: '住所使用证明' },
        ],
      },
      {
        key: 'gaj',
        deptName: '德州市公安局',
        itemName: '公章刻制备案（旅程测试）',
        promisedDays: 1,
        materials: [
          { key: 'seal_form', name: '印章刻制申请表' },
          { key: 'articles', name: '公司章程' },
          { key: 'legal_rep_id', name: '法定代表人身份证明' },
        ],
      },
      {
        key: 'swj',
        deptName: '国家税务总局德州市税务局',
        itemName: '新办纳税人首次申领发票（旅程测试）',
        promisedDays: 1,
        materials: [
          { key: 'invoice_form', name: '发票领用申请表' },
          { key: 'legal_rep_id', name: '法定代表人身份证明' },
        ],
      },
    ])
    await admin.dispose()

    const enterprise = await demoSession(run.baseUrl, DEMO_ENTERPRISE_CODE)
    enterpriseId = await userId(enterprise)
    await enterprise.dispose()

    const centreAdmin = await demoSession(run.baseUrl, 'centreadmin')
    const lead = stageDepts[0]!
    const scheme = await createScheme(centreAdmin, tag, { key: 'land_planning', name: '立项用地规划许可', leadUnitId: lead.deptId, limitDays: 5, itemIds: stageDepts.map((d) => d.itemId) })
    const bundle = await createBundle(centreAdmin, tag, bundleDepts[0]!.deptId, bundleDepts.map((d) => d.itemId), `企业开办一件事（旅程测试 ${tag}）`)
    bundleId = bundle.id
    bundleCode = bundle.code
    await centreAdmin.dispose()

    const window01 = await sessions.as('window01', DEMO_PASSWORD)
    projectName = `德州经开区智能装备产业园项目（旅程测试 ${tag}）`
    projectId = (await createProject(window01, scheme.id, enterpriseId, projectName)).id
  })

  beforeEach((ctx) => {
    onTestFailed(async () => {
      const name = ctx.task.name.startsWith('(a)') ? 'joint-a-failure' : 'joint-b-failure'
      await browser?.screenshot(name, { fullPage: false }).catch(() => undefined)
      console.error(`[${name}] url=${browser?.page.url()} console errors:`, browser?.consoleErrors.slice(-10))
    })
  })

  afterAll(async () => {
    if (serverErrors.length) console.warn('server errors seen by the browser:', [...new Set(serverErrors)])
    await sessions?.reset()
    await browser?.close()
    await run?.stop()
  })

  const staff = (d: DeptFixture) => sessions.as(d.username, STAFF_PASSWORD)
  const window01Api = () => sessions.as('window01', DEMO_PASSWORD)

  /** Each department finds its task of the case in its inbox and pre-checks it 无意见. */
  async function precheckAll(depts: DeptFixture[], caseId: number) {
    for (const d of depts) {
      const s = await staff(d)
      const inbox = await s.get<{ items: TaskInboxRowDto[] }>('/api/joint/tasks', { status: 'prechecking', pageSize: 100 })
      const row = inbox.items.find((r) => r.jointCaseId === caseId)
      expect(row, `${d.deptName} sees the task in its inbox`).toBeTruthy()
      await s.post(`/api/joint/tasks/${row!.taskId}/precheck`, { ok: true })
    }
  }

  async function fillJointForm(page: Page, description: string) {
    await page.getByTestId('joint-form-description').fill(description)
    await page.getByTestId('joint-form-contact').fill('周建国')
    await page.getByTestId('joint-form-phone').fill('13805341234')
    await page.getByTestId('joint-form-address').fill('山东省德州市德城区天衢东路 1 号')
  }

  async function uploadAll(page: Page, keys: string[]) {
    for (const key of keys) {
      await page.getByTestId(`jupload-${key}`).setInputFiles(scannedPdf(`${key}-scan`))
      await page.getByTestId(`juploaded-${key}`).first().waitFor()
    }
  }

  async function confirm(page: Page, action: string) {
    await page.getByTestId(`jaction-${action}`).click()
    await page.getByTestId(`confirm-${action}`).click()
  }

  const detailStatus = (page: Page) => page.getByTestId('joint-header').getAttribute('data-status')

  it('(a) a project stage: window filing, pre-check, acceptance, one reply, 超时默许 after the due date, central reply', async () => {
    const { page } = browser
    const [lead, co] = stageDepts as [DeptFixture, DeptFixture]

    // ---- the general window files the stage for the project's enterprise
    await switchUser(page, run.baseUrl, 'window01', DEMO_PASSWORD)
    await page.goto(`${run.baseUrl}/desk/joint/new`)
    await page.getByTestId('joint-file-page').waitFor()
    await page.getByTestId('file-kind').getByText('工程建设项目审批阶段', { exact: true }).click()
    await page.getByTestId('file-project').click()
    await page.keyboard.type(tag)
    await page.locator('.ant-select-item-option').filter({ hasText: projectName }).first().click()
    await page.getByTestId('file-stage').click()
    await page.locator('.ant-select-item-option').filter({ hasText: '立项用地规划许可' }).first().click()
    await page.getByTestId('file-who').getByText('已注册账号', { exact: true }).click()
    await page.locator('input[data-testid=file-user-id], [data-testid=file-user-id] input').first().fill(String(enterpriseId))
    await page.getByTestId('file-create').click()
    await page.waitForURL(/\/desk\/joint\/cases\/\d+$/)
    const caseId = Number(new URL(page.url()).pathname.split('/').pop())
    await expect.poll(() => detailStatus(page)).toBe('draft')

    // one form, one set of materials: the shared licence is asked for once, for both items
    expect(await page.getByTestId('jmaterial-entity_licence').count()).toBe(1)
    expect(await page.getByTestId('jmaterial-entity_licence').textContent()).toContain(lead.itemName)
    expect(await page.getByTestId('jmaterial-entity_licence').textContent()).toContain(co.itemName)
    await fillJointForm(page, '新建智能装备生产厂房及配套设施，总建筑面积 4.2 万平方米。')
    await uploadAll(page, ['project_report', 'site_report', 'entity_licence'])
    await browser.screenshot('joint-a-window-filing')
    await confirm(page, 'submit')
    await expect.poll(() => detailStatus(page)).toBe('received')
    await page.getByTestId('joint-issued').waitFor()

    // ---- the departments pre-check (not what this journey is about: API)
    await precheckAll(stageDepts, caseId)

    // ---- the window accepts (统一受理)
    await page.reload()
    await page.getByTestId('jaction-accept').waitFor()
    await confirm(page, 'accept')
    await expect.poll(() => detailStatus(page)).toBe('accepted')
    const acceptance = page.getByTestId('joint-issued').getByTestId('joint-doc')
    await acceptance.waitFor()
    expect(await firstBytes(page, (await acceptance.getAttribute('href'))!)).toBe('%PDF-')
    await page.getByTestId('task-lane').first().waitFor()
    expect(await page.getByTestId('task-lane').count()).toBe(2)
    await browser.screenshot('joint-a-accepted')

    // ---- the lead department replies 同意 in its inbox
    await switchUser(page, run.baseUrl, lead.username, STAFF_PASSWORD)
    expect(await page.getByTestId('main-nav').textContent()).toContain('并联审批')
    await page.goto(`${run.baseUrl}/desk/joint/tasks`)
    const leadRow = page.locator(`[data-case-number]`).filter({ hasText: lead.itemName }).first()
    await leadRow.waitFor()
    await leadRow.getByRole('button').click()
    const drawer = page.getByTestId('task-drawer')
    await drawer.waitFor()
    await drawer.getByTestId('reply-kind').getByText('同意', { exact: true }).click()
    await drawer.getByTestId('reply-reasons').fill('符合产业政策和项目核准条件，同意核准。')
    await browser.screenshot('joint-a-reply-form', { fullPage: false })
    await drawer.getByTestId('reply-submit').click()
    await expect.poll(() => drawer.locator('[data-testid=task-lane]').first().getAttribute('data-status')).toBe('replied')

    // ---- the other department does not reply; the clock moves past its due date and the sweep runs
    const before = await jointCase(await window01Api(), caseId)
    const coTask = before.tasks.find((t) => t.unitId === co.deptId)!
    expect(coTask.status).toBe('pending')
    expect(coTask.due).toBeTruthy()
    clock.moveTo(new Date(`${addDays(coTask.due!, 1)}T10:00:00+08:00`))
    // sessions are older than their lifetime now: sign in again after the jump
    await sessions.reset()
    const window01 = await window01Api()
    await expect
      .poll(
        async () => {
          await run.platform.app.jobs.tick()
          return (await jointCase(window01, caseId)).tasks.find((t) => t.id === coTask.id)!.status
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe('deemed')
    const deemed = (await jointCase(window01, caseId)).tasks.find((t) => t.id === coTask.id)!
    expect(deemed.deemedKind).toBe('timeout')
    expect(deemed.followupDue).toBeTruthy()

    // a reply after the deemed approval is kept as a record and changes nothing
    const coStaff = await staff(co)
    await coStaff.post(`/api/joint/tasks/${coTask.id}/reply`, { reply: '不同意', reasons: '选址与国土空间规划存在冲突（逾期答复）' })

    // ---- the case page shows the department as 超时默许
    await switchUser(page, run.baseUrl, 'window01', DEMO_PASSWORD)
    await page.goto(`${run.baseUrl}/desk/joint/cases/${caseId}`)
    const coLane = page.locator(`[data-testid=task-lane][data-task-id="${coTask.id}"]`)
    await coLane.waitFor()
    expect(await coLane.getAttribute('data-status')).toBe('deemed')
    expect(await coLane.getAttribute('data-deemed')).toBe('timeout')
    expect(await coLane.getByTestId('deemed-kind').textContent()).toBe('超时默许')
    expect(await coLane.getByTestId('followup-due').textContent()).toContain(deemed.followupDue!)
    expect(await coLane.getByTestId('late-reply').textContent()).toContain('逾期答复（不改变视为同意结果）')
    const leadLane = page.locator(`[data-testid=task-lane][data-unit="${lead.deptName}"]`)
    expect(await leadLane.getAttribute('data-status')).toBe('replied')
    expect(await leadLane.getByTestId('task-reply').textContent()).toBe('同意')
    await browser.screenshot('joint-a-deemed')

    // ---- the central reply (集中回复)
    await confirm(page, 'central_reply')
    await expect.poll(() => detailStatus(page)).toBe('replied')
    expect(await page.getByTestId('joint-header').getByTestId('joint-status').textContent()).toBe('已集中回复')
    const reply = page.getByTestId('joint-issued').getByTestId('joint-doc')
    await reply.waitFor()
    expect(await reply.getAttribute('data-kind')).toBe('joint_reply')
    expect(await firstBytes(page, (await reply.getAttribute('href'))!)).toBe('%PDF-')
    expect((await jointCase(window01, caseId)).status).toBe('replied')
    await browser.screenshot('joint-a-central-reply')

    expect(browser.pageErrors.map((e) => e.message)).toEqual([])
    expect(serverErrors).toEqual([])
  }, 300_000)

  it('(b) an enterprise-opening bundle: one form and one set of materials online, acceptance, replies and results, download delivery', async () => {
    const { page } = browser
    const unionKeys = ['company_form', 'articles', 'legal_rep_id', 'premises', 'seal_form', 'invoice_form']

    // ---- the enterprise opens the bundle in the hall and applies
    await switchUser(page, run.baseUrl, DEMO_ENTERPRISE_CODE, DEMO_PASSWORD, '申请人')
    expect(await page.getByTestId('main-nav').textContent()).toContain('一件事一次办')
    await page.goto(`${run.baseUrl}/my/bundles`)
    await page.getByTestId(`bundle-card-${bundleCode}`).click()
    await page.getByTestId('bundle-page').waitFor()
    expect(await page.getByTestId('bundle-items').locator('tbody tr.ant-table-row').count()).toBe(3)
    expect(await page.getByTestId('bundle-materials').locator('tbody tr.ant-table-row').count()).toBe(unionKeys.length)
    await browser.screenshot('joint-b-bundle-guide')
    await page.getByTestId('bundle-apply').click()
    await page.waitForURL(/\/my\/joint\/\d+$/)
    const caseId = Number(new URL(page.url()).pathname.split('/').pop())
    await expect.poll(() => detailStatus(page)).toBe('draft')

    // each material once, with the items it serves
    for (const key of unionKeys) expect(await page.getByTestId(`jmaterial-${key}`).count()).toBe(1)
    const idCard = (await page.getByTestId('jmaterial-legal_rep_id').textContent())!
    for (const d of bundleDepts) expect(idCard).toContain(d.itemName)
    await fillJointForm(page, '设立德州市鲁信智造科技有限公司，注册资本 500 万元，经营范围：智能装备研发、制造和销售。')
    await uploadAll(page, unionKeys)
    await browser.screenshot('joint-b-apply')
    await confirm(page, 'submit')
    await expect.poll(() => detailStatus(page)).toBe('received')

    // ---- pre-check (API), then the window accepts in the browser
    await precheckAll(bundleDepts, caseId)
    await switchUser(page, run.baseUrl, 'window01', DEMO_PASSWORD)
    await page.goto(`${run.baseUrl}/desk/joint/cases/${caseId}`)
    await page.getByTestId('jaction-accept').waitFor()
    await confirm(page, 'accept')
    await expect.poll(() => detailStatus(page)).toBe('accepted')
    expect(await page.getByTestId('task-lane').count()).toBe(3)

    // ---- the departments reply 同意 and issue at once; the window sends the central reply (API)
    let c: JointCaseDto | null = null
    for (const d of bundleDepts) {
      const s = await staff(d)
      const inbox = await s.get<{ items: TaskInboxRowDto[] }>('/api/joint/tasks', { status: 'pending', pageSize: 100 })
      const row = inbox.items.find((r) => r.jointCaseId === caseId)
      expect(row, `${d.deptName} has the task pending`).toBeTruthy()
      c = (await s.post<{ case: JointCaseDto }>(`/api/joint/tasks/${row!.taskId}/reply`, { reply: '同意', reasons: '材料齐全，符合法定条件。', issueNow: true })).case
    }
    expect(c!.tasks.every((t) => t.status === 'replied' && t.reply === 'agree')).toBe(true)
    const window01 = await window01Api()
    await window01.post(`/api/joint/cases/${caseId}/reply`)
    await expect.poll(async () => (await jointCase(window01, caseId)).status, { timeout: 15_000 }).toBe('completed')
    const done = await jointCase(window01, caseId)
    const results = done.documents.filter((d) => d.caseId != null)
    // every department's result is there (one sub-case each)
    expect(new Set(results.map((d) => d.caseId)).size).toBe(3)

    // ---- the applicant sees every result and takes them by download
    await switchUser(page, run.baseUrl, DEMO_ENTERPRISE_CODE, DEMO_PASSWORD, '申请人')
    await page.goto(`${run.baseUrl}/my/joint/${caseId}`)
    await expect.poll(() => detailStatus(page)).toBe('completed')
    const lanes = page.getByTestId('task-lane')
    expect(await lanes.count()).toBe(3)
    for (let i = 0; i < 3; i++) expect(await lanes.nth(i).getByTestId('task-issued').count()).toBe(1)
    await page.getByTestId('jaction-deliver').click()
    await expect.poll(() => detailStatus(page)).toBe('delivered')
    expect(await page.getByTestId('joint-header').getByTestId('joint-status').textContent()).toBe('已送达')
    expect(await page.getByTestId('delivery-info').textContent()).toContain('已送达')
    expect(await page.getByTestId('delivery-info').textContent()).toContain('网上下载')
    const links = page.getByTestId('joint-results').getByTestId('joint-doc')
    expect(await links.count()).toBe(results.length)
    for (let i = 0; i < results.length; i++) {
      const href = (await links.nth(i).getAttribute('href'))!
      expect(href).toMatch(new RegExp(`^/api/joint/cases/${caseId}/documents/\\d+$`))
      expect(await firstBytes(page, href)).toBe('%PDF-')
    }
    await browser.screenshot('joint-b-delivered')

    // ---- the same page on a phone (375 px): nothing wider than the screen
    await page.setViewportSize({ width: 375, height: 812 })
    await page.reload()
    await page.getByTestId('joint-header').waitFor()
    expect(await page.evaluate('document.documentElement.scrollWidth') as number).toBeLessThanOrEqual(375)
    await browser.screenshot('joint-b-phone')
    await page.setViewportSize({ width: 1440, height: 900 })

    expect(browser.pageErrors.map((e) => e.message)).toEqual([])
    expect(serverErrors).toEqual([])
  }, 300_000)
})
