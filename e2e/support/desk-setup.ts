/**
 * Setup and small steps for the window journeys: the service items they need (made through the
 * catalogue admin API as the system administrator, so the journeys do not depend on the demo
 * catalogue), user switching in the one browser, and a tiny scanned "PDF" to upload.
 */
import { expect } from 'vitest'
import { request, type APIRequestContext, type Page } from 'playwright-core'
import { ADMIN_PASSWORD } from './platform.js'

export const DEMO_PASSWORD = 'Demo@2026'

/** A minimal PDF: the file store sniffs the %PDF- header. */
export function scannedPdf(label: string): { name: string; mimeType: string; buffer: Buffer } {
  const body = `%PDF-1.4\n% ${label}\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`
  return { name: `${label}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(body, 'utf8') }
}

export async function adminApi(baseUrl: string): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL: baseUrl })
  const r = await api.post('/api/auth/login', { data: { username: 'admin', password: ADMIN_PASSWORD } })
  expect(r.status(), await r.text()).toBe(200)
  return api
}

async function json<T>(res: Awaited<ReturnType<APIRequestContext['get']>>, what: string): Promise<T> {
  const text = await res.text()
  if (!res.ok()) throw new Error(`${what}: HTTP ${res.status()} ${text}`)
  return JSON.parse(text) as T
}

export async function departmentId(api: APIRequestContext, name: string): Promise<number> {
  const r = await json<{ items: { id: number; name: string; kind: string }[] }>(await api.get('/api/org/units', { params: { kind: 'department', q: name, page: 1, pageSize: 10 } }), 'find department')
  const d = r.items.find((u) => u.name === name) ?? r.items[0]
  if (!d) throw new Error(`department ${name} not found`)
  return d.id
}

const STEPS = (days: [number, number, number, number]) => [
  { key: 'intake', name: '受理', role: 'window_staff', limitDays: days[0] },
  { key: 'review', name: '审核', role: 'reviewer', limitDays: days[1] },
  { key: 'approve', name: '批准', role: 'approver', limitDays: days[2] },
  { key: 'complete', name: '办结', role: 'window_staff', limitDays: days[3] },
]

const COMMON = {
  typeCode: '01',
  level: 'city',
  legalBasis: '《中华人民共和国行政许可法》；《山东省行政许可实施办法》',
  conditions: '申请人具有完全民事行为能力，申请材料齐全、符合法定形式。',
  topics: ['企业开办'],
  channels: ['online', 'window'],
  consultPhone: '0534-2688001',
  complaintPhone: '12345',
  remedies: { review: '德州市人民政府', litigation: '德州市德城区人民法院' },
  faq: [{ q: '需要本人到场吗？', a: '网上申请无需到场，结果可邮寄或网上下载。' }],
}

/** A promised item with a fee, handled 受理 → 审核 → 批准 → 办结 (journey a). */
export function promisedGuide(deptId: number, code: string) {
  return {
    ...COMMON,
    code,
    name: '户外广告设施设置许可（旅程测试）',
    departmentId: deptId,
    audiences: ['person', 'enterprise'],
    materials: [
      { key: 'application', name: '户外广告设置申请表', requirement: 'required', form: 'original', copies: 1, secondary: false },
      { key: 'id_card', name: '申请人身份证明', requirement: 'required', form: 'copy', copies: 1, secondary: false },
      { key: 'design', name: '广告设施设计效果图', requirement: 'required', form: 'original', copies: 1, secondary: true },
    ],
    legalLimitDays: 20,
    promisedLimitDays: 10,
    instant: false,
    steps: STEPS([1, 4, 3, 2]),
    pausesAllowed: ['expert_review', 'site_inspection'],
    conditionalAcceptance: true,
    pledgeAllowed: false,
    fees: [{ key: 'review_fee', name: '设施安全技术审查费', basis: '鲁价费发〔2026〕1号', kind: 'flat', amountCents: 5000 }],
    result: { type: 'licence', name: '户外广告设施设置许可证' },
    visits: 0,
  }
}

/** An instant item (即办件) done on the spot at the window (journey b). */
export function instantGuide(deptId: number, code: string) {
  return {
    ...COMMON,
    code,
    name: '个体工商户名称变更登记（即办·旅程测试）',
    departmentId: deptId,
    audiences: ['person'],
    materials: [{ key: 'change_form', name: '个体工商户变更登记申请书', requirement: 'required', form: 'original', copies: 1, secondary: false }],
    legalLimitDays: 5,
    promisedLimitDays: 0,
    instant: true,
    steps: STEPS([0, 0, 0, 0]),
    pausesAllowed: [],
    conditionalAcceptance: false,
    pledgeAllowed: false,
    fees: [],
    result: { type: 'registration', name: '个体工商户变更登记通知书' },
    visits: 1,
  }
}

/** Creates and publishes an item; returns its id. */
export async function publishItem(api: APIRequestContext, guide: object): Promise<number> {
  const created = await json<{ item: { id: number } }>(await api.post('/api/catalog/items', { data: { guide } }), 'create item')
  await json(await api.post(`/api/catalog/items/${created.item.id}/publish`, { data: {} }), 'publish item')
  return created.item.id
}

/** Signs the browser out (same cookie jar) and in again as someone else through the login form. */
export async function switchUser(page: Page, baseUrl: string, username: string, password: string, audience: '工作人员' | '申请人' = '工作人员'): Promise<void> {
  await page.request.post(`${baseUrl}/api/auth/logout`, { data: {} }).catch(() => undefined)
  await page.context().clearCookies()
  await page.goto(`${baseUrl}/login`)
  await page.getByRole('heading', { name: '用户登录' }).waitFor()
  await page.getByText(audience, { exact: true }).click()
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  await page.getByTestId('user-name').waitFor()
}

/** The first bytes of a document fetched with the browser's session. */
export async function firstBytes(page: Page, url: string, n = 5): Promise<string> {
  const res = await page.request.get(new URL(url, page.url()).toString())
  expect(res.status(), `GET ${url}`).toBe(200)
  return (await res.body()).subarray(0, n).toString('latin1')
}
