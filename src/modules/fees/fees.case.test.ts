/**
 * The fee order in a case's life, through the cases module: made at acceptance from the item's
 * rules, seen by the case's applicant (GET /api/cases/:id/fees), paid online by that applicant
 * only, and paid in cash at the window that received the case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { createTestApp, makeStaff, uniq, ADMIN_PASSWORD, type TestApp } from '../../test/harness.js'
import { mutate } from '../../server/mutate.js'
import { systemCtx } from '../../server/context.js'
import { idCheckDigit } from '../../shared/identity.js'
import { createUnits, importRegions } from '../org/index.js'
import type { ItemGuide } from '../catalog/index.js'

let t: TestApp
let windowId: number
let itemId: number
let windowStaff: string
let otherWindowStaff: string
let applicant: { id: number; cookie: string }
let stranger: { id: number; cookie: string }

const call = (method: 'GET' | 'POST', url: string, cookie?: string, payload?: object): Promise<LightMyRequestResponse> =>
  t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload !== undefined ? { payload } : {}) })

let idSeq = 500
async function registerApplicant(name: string) {
  const body = `37140219900307${String(++idSeq).padStart(3, '0')}`
  const idNumber = body + idCheckDigit(body)
  const phone = `138${String(process.pid % 10000).padStart(4, '0')}${String(idSeq).padStart(4, '0')}`
  const r = await call('POST', '/api/auth/register', undefined, { kind: 'person', name, idNumber, phone, password: 'Secret123' })
  if (r.statusCode !== 201) throw new Error(`register → ${r.statusCode} ${r.body}`)
  return { id: r.json().user.id as number, cookie: await t.login(idNumber, 'Secret123') }
}

beforeAll(async () => {
  t = await createTestApp()
  await importRegions(t.deps, systemCtx(), { cityCode: '3714', withVillages: false })
  const ids = await mutate(t.deps, systemCtx('test'), (tx) =>
    createUnits(
      tx,
      [
        { key: 'dept', kind: 'department', name: `测试民政局${uniq()}`, regionCode: '3714' },
        { key: 'city', kind: 'centre', subtype: 'city_centre', name: `测试市政务服务中心${uniq()}`, regionCode: '3714' },
        { key: 'centre', kind: 'centre', subtype: 'branch', name: `测试政务服务分中心${uniq()}`, regionCode: '371402', parent: 'city' },
        { key: 'win', kind: 'window', subtype: 'general', name: `测试综合窗口${uniq()}`, regionCode: '371402', parent: 'centre' },
        { key: 'centre2', kind: 'centre', subtype: 'branch', name: `测试另一分中心${uniq()}`, regionCode: '371402', parent: 'city' },
        { key: 'win2', kind: 'window', subtype: 'general', name: `测试另一窗口${uniq()}`, regionCode: '371402', parent: 'centre2' },
      ],
      '收费办件测试单位',
    ),
  )
  windowId = ids.get('win')!
  const ws = await makeStaff(t.deps, { role: 'window_staff', unitId: windowId })
  windowStaff = await t.login(ws.username, ws.password)
  const ws2 = await makeStaff(t.deps, { role: 'window_staff', unitId: ids.get('win2')! })
  otherWindowStaff = await t.login(ws2.username, ws2.password)
  applicant = await registerApplicant('李明华')
  stranger = await registerApplicant('赵六')

  const guide: ItemGuide = {
    code: uniq('FEEC').toUpperCase().slice(0, 20),
    name: '收费测试登记',
    typeCode: '07',
    departmentId: ids.get('dept')!,
    level: 'city',
    legalBasis: '《测试登记条例》第十条',
    conditions: '符合法定条件',
    audiences: ['person'],
    topics: [],
    materials: [],
    legalLimitDays: 20,
    promisedLimitDays: 10,
    instant: false,
    steps: [
      { key: 'intake', name: '受理', role: 'window_staff', limitDays: 1 },
      { key: 'review', name: '审核', role: 'reviewer', limitDays: 5 },
      { key: 'approve', name: '批准', role: 'approver', limitDays: 3 },
      { key: 'complete', name: '办结', role: 'window_staff', limitDays: 1 },
    ],
    pausesAllowed: [],
    conditionalAcceptance: false,
    pledgeAllowed: false,
    fees: [{ key: 'reg', name: '登记费', basis: '鲁价费发〔2018〕1号', kind: 'flat', amountCents: 8000, exemptions: ['low_income'] }],
    result: { type: 'registration', name: '登记证明' },
    channels: ['online', 'window'],
    visits: 1,
    consultPhone: '0534-2689001',
    complaintPhone: '12345',
    remedies: { review: '德州市人民政府', litigation: '德州市德城区人民法院' },
    faq: [],
  }
  const admin = await t.login('admin', ADMIN_PASSWORD)
  const created = await call('POST', '/api/catalog/items', admin, { guide })
  if (created.statusCode !== 201) throw new Error(`create item → ${created.statusCode} ${created.body}`)
  itemId = created.json().item.id
  const published = await call('POST', `/api/catalog/items/${itemId}/publish`, admin, {})
  if (published.statusCode !== 200) throw new Error(`publish → ${published.statusCode} ${published.body}`)
})
afterAll(() => t.close())

/** A case filed at the window for the applicant and accepted: its fee order is made at acceptance. */
async function acceptedCase(): Promise<{ caseId: number; orderId: number }> {
  const filed = await call('POST', '/api/cases/window', windowStaff, { itemId, windowId, applicant: { userId: applicant.id } })
  if (filed.statusCode !== 201) throw new Error(`file → ${filed.statusCode} ${filed.body}`)
  const caseId = filed.json().case.id as number
  const accepted = await call('POST', `/api/cases/${caseId}/intake`, windowStaff, { decision: 'accept' })
  if (accepted.statusCode !== 200) throw new Error(`intake → ${accepted.statusCode} ${accepted.body}`)
  const fees = await call('GET', `/api/cases/${caseId}/fees`, applicant.cookie)
  if (fees.statusCode !== 200 || !fees.json().order) throw new Error(`fees → ${fees.statusCode} ${fees.body}`)
  return { caseId, orderId: fees.json().order.id }
}

describe('the fee order of a case', () => {
  it('is made at acceptance from the item’s rules and shown to the case’s applicant and the window', async () => {
    const { caseId } = await acceptedCase()
    const r = await call('GET', `/api/cases/${caseId}/fees`, applicant.cookie)
    expect(r.json().order).toMatchObject({ caseId, status: 'unpaid', totalCents: 8000, payableCents: 8000, payerName: '李明华', lines: [{ ruleKey: 'reg', amountCents: 8000, basis: '鲁价费发〔2018〕1号' }] })
    expect((await call('GET', `/api/cases/${caseId}/fees`, windowStaff)).json().order.id).toBe(r.json().order.id)
  })

  it('is hidden from another applicant and from staff outside the case’s scope (404), and asks anonymous callers to log in', async () => {
    const { caseId, orderId } = await acceptedCase()
    expect((await call('GET', `/api/cases/${caseId}/fees`, stranger.cookie)).statusCode).toBe(404)
    expect((await call('GET', `/api/cases/${caseId}/fees`, otherWindowStaff)).statusCode).toBe(404)
    expect((await call('GET', `/api/cases/${caseId}/fees`)).statusCode).toBe(401)
    expect((await call('GET', `/api/fees/orders/${orderId}`, stranger.cookie)).statusCode).toBe(404)
    expect((await call('GET', `/api/fees/orders/${orderId}`, applicant.cookie)).statusCode).toBe(200)
  })

  it('is paid online by its applicant through the simulated provider, and then not again at the window', async () => {
    const { caseId, orderId } = await acceptedCase()
    expect((await call('POST', `/api/fees/orders/${orderId}/pay`, stranger.cookie, { provider: 'simulated' })).statusCode).toBe(404)
    expect((await call('POST', `/api/fees/orders/${orderId}/pay`, windowStaff, { provider: 'simulated' })).statusCode).toBe(404)
    const start = await call('POST', `/api/fees/orders/${orderId}/pay`, applicant.cookie, { provider: 'simulated' })
    expect(start.statusCode).toBe(200)
    const page = await t.app.inject({ method: 'GET', url: start.json().redirectUrl })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('¥80.00')
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page.body)![1]!
    const form = new URLSearchParams({ orderId: field('orderId'), amountCents: field('amountCents'), providerRef: field('providerRef'), sig: field('sig') }).toString()
    const done = await t.app.inject({ method: 'POST', url: '/api/fees/simulated/notify', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form })
    expect(done.statusCode).toBe(303)
    expect(done.headers.location).toBe(`/my/cases/${caseId}?paid=1`)
    const after = (await call('GET', `/api/cases/${caseId}/fees`, applicant.cookie)).json().order
    expect(after).toMatchObject({ status: 'paid', paidCents: 8000, payments: [{ method: 'online', provider: 'simulated' }] })
    const cash = await call('POST', `/api/fees/orders/${orderId}/payments`, windowStaff, { method: 'cash', amountCents: 8000 })
    expect(cash.statusCode).toBe(409)
    expect(cash.json().error.code).toBe('ALREADY_PAID')
  })

  it('is paid in cash at the window that received the case, not at another centre’s window', async () => {
    const { caseId, orderId } = await acceptedCase()
    expect((await call('POST', `/api/fees/orders/${orderId}/payments`, otherWindowStaff, { method: 'cash', amountCents: 8000 })).statusCode).toBe(404)
    expect((await call('POST', `/api/fees/orders/${orderId}/payments`, applicant.cookie, { method: 'cash', amountCents: 8000 })).statusCode).toBe(404)
    const r = await call('POST', `/api/fees/orders/${orderId}/payments`, windowStaff, { method: 'cash', amountCents: 8000 })
    expect(r.statusCode).toBe(200)
    expect(r.json().order).toMatchObject({ caseId, status: 'paid', payments: [{ method: 'cash', amountCents: 8000 }] })
  })
})
