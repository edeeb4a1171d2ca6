/**
 * Fee orders and payments through the real server: the order made from the item's rules in the
 * caller's transaction, window payments in scope and exactly as payable, and online payment through
 * the simulated provider with signed, idempotent notifications.
 */
import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { createTestApp, makeStaff, uniq, ADMIN_PASSWORD, type TestApp } from '../../test/harness.js'
import { mutate } from '../../server/mutate.js'
import { systemCtx } from '../../server/context.js'
import { createUnits, importRegions } from '../org/index.js'
import type { FeeRule, ItemGuide } from '../catalog/index.js'
import { createFeeOrder, feeOrderOfCase, quoteFees, cancelFeeOrder, type FeeQuote } from './index.js'
import { startOnlinePayment } from './fees.service.js'

let t: TestApp
let deptA: number
let deptB: number
let windowA: string
let windowB: string
let reviewerA: string
let centreAdmin: string
let caseSeq = 0

const RULES: FeeRule[] = [
  { key: 'reg', name: '登记费', basis: '财税〔2016〕42号', kind: 'flat', amountCents: 5000, exemptions: ['new_enterprise'] },
  { key: 'copy', name: '证书副本工本费', basis: '鲁价费发〔2018〕1号', kind: 'per_unit', unitName: '本', unitPriceCents: 1000, minQuantity: 1, maxQuantity: 5 },
]

beforeAll(async () => {
  t = await createTestApp()
  await importRegions(t.deps, systemCtx(), { cityCode: '3714', withVillages: false })
  const ids = await mutate(t.deps, systemCtx('test'), (tx) =>
    createUnits(
      tx,
      [
        { key: 'a', kind: 'department', name: `测试市场监管局${uniq()}`, regionCode: '3714' },
        { key: 'b', kind: 'department', name: `测试住建局${uniq()}`, regionCode: '371402' },
      ],
      '收费测试单位',
    ),
  )
  deptA = ids.get('a')!
  deptB = ids.get('b')!
  const login = async (s: { username: string; password: string }) => t.login(s.username, s.password)
  windowA = await login(await makeStaff(t.deps, { role: 'window_staff', unitId: deptA }))
  windowB = await login(await makeStaff(t.deps, { role: 'window_staff', unitId: deptB }))
  reviewerA = await login(await makeStaff(t.deps, { role: 'reviewer', unitId: deptA }))
  centreAdmin = await login(await makeStaff(t.deps, { role: 'centre_admin', regionCode: '3714' }))
})
afterAll(() => t.close())

async function newOrder(opts: { quote?: FeeQuote; unitId?: number; app?: TestApp } = {}) {
  const app = opts.app ?? t
  const caseId = 900000 + ++caseSeq
  const quote = opts.quote ?? quoteFees(RULES, { quantities: { copy: 3 }, exemptions: [] })
  return mutate(app.deps, systemCtx('test'), (tx) =>
    createFeeOrder(tx, { caseId, caseNumber: `SL3714${String(caseId)}`, unitId: opts.unitId ?? deptA, payerName: '德州市德润食品有限公司', quote }),
  )
}

const call = (method: 'GET' | 'POST', url: string, cookie?: string, payload?: object): Promise<LightMyRequestResponse> =>
  t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload !== undefined ? { payload } : {}) })

const pay = (orderId: number, cookie: string | undefined, body: object) => call('POST', `/api/fees/orders/${orderId}/payments`, cookie, body)

async function audits(action: string, targetId: number) {
  return t.deps.db.selectFrom('audit_record').select(['summary', 'actor_name', 'unit_id']).where('action', '=', action).where('target_id', '=', String(targetId)).orderBy('id').execute()
}

const paymentsOf = async (orderId: number) => t.deps.db.selectFrom('payment').selectAll().where('order_id', '=', orderId).execute()

describe('the fee order (一费制)', () => {
  it('is made from the quote in the caller’s transaction, numbered FY + region + date + sequence, and audited in Chinese', async () => {
    const o = await newOrder()
    expect(o).toMatchObject({ status: 'unpaid', totalCents: 8000, exemptCents: 0, payableCents: 8000, paidCents: 0, paidAt: null, unitId: deptA, payments: [] })
    expect(o.lines).toEqual([
      { ruleKey: 'reg', name: '登记费', basis: '财税〔2016〕42号', quantity: 1, amountCents: 5000, exemptCents: 0, exemption: null },
      { ruleKey: 'copy', name: '证书副本工本费', basis: '鲁价费发〔2018〕1号', quantity: 3, amountCents: 3000, exemptCents: 0, exemption: null },
    ])
    // the test clock stands at 2026-03-02 09:00 in China
    expect(o.number).toMatch(/^FY371420260302\d{4}$/)
    const next = await newOrder()
    expect(Number(next.number.slice(-4))).toBe(Number(o.number.slice(-4)) + 1)
    expect((await newOrder({ unitId: deptB })).number).toMatch(/^FY37140220260302\d{4}$/)
    const a = await audits('fees.order.create', o.id)
    expect(a).toHaveLength(1)
    expect(a[0]!.summary).toBe(`生成缴费单 ${o.number}（办件 ${o.caseNumber}）：应收 ¥80.00，减免 ¥0.00，应缴 ¥80.00`)
    expect(a[0]!.unit_id).toBe(deptA)
    expect(await feeOrderOfCase(t.deps.db, o.caseId)).toEqual(o)
  })

  it('is one per case: a second order for the same case is refused and writes nothing', async () => {
    const o = await newOrder()
    const before = (await t.deps.db.selectFrom('fee_order').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n
    const again = mutate(t.deps, systemCtx('test'), (tx) =>
      createFeeOrder(tx, { caseId: o.caseId, caseNumber: o.caseNumber, unitId: deptA, payerName: '某人', quote: quoteFees(RULES, { quantities: {}, exemptions: [] }) }),
    )
    await expect(again).rejects.toMatchObject({ code: 'FEE_ORDER_EXISTS', status: 409 })
    const after = (await t.deps.db.selectFrom('fee_order').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n
    expect(Number(after)).toBe(Number(before))
  })

  it('is waived when an exemption leaves nothing payable, and then takes no payment', async () => {
    const rules: FeeRule[] = [RULES[0]!]
    const o = await newOrder({ quote: quoteFees(rules, { quantities: {}, exemptions: ['new_enterprise'] }) })
    expect(o).toMatchObject({ status: 'waived', statusName: '免缴', totalCents: 5000, exemptCents: 5000, payableCents: 0 })
    expect(o.lines[0]).toMatchObject({ exemption: 'new_enterprise', exemptCents: 5000 })
    const r = await pay(o.id, windowA, { method: 'cash', amountCents: 1 })
    expect(r.statusCode).toBe(409)
    expect(r.json().error.code).toBe('ORDER_NOT_PAYABLE')
    expect((await audits('fees.order.create', o.id))[0]!.summary).toContain('免缴')
  })

  it('is waived for an item without fees (an empty quote)', async () => {
    const o = await newOrder({ quote: quoteFees([], { quantities: {}, exemptions: [] }) })
    expect(o).toMatchObject({ status: 'waived', lines: [], totalCents: 0, payableCents: 0 })
  })

  it('is never made from a quote whose lines and totals do not add up (no charge outside the rules)', async () => {
    const q = quoteFees(RULES, { quantities: {}, exemptions: [] })
    await expect(newOrder({ quote: { ...q, totalCents: q.totalCents + 10000, payableCents: q.payableCents + 10000 } })).rejects.toMatchObject({ code: 'INVALID_QUOTE' })
    await expect(newOrder({ quote: { ...q, lines: [], totalCents: 0, exemptCents: 0, payableCents: 0 }, unitId: deptA })).resolves.toBeTruthy()
  })

  it('gets distinct numbers when two server instances create orders at the same moment', async () => {
    const b = await createTestApp({ testDb: t.testDb, database: await t.testDb.openAnother(), clock: t.clock })
    try {
      const made = await Promise.all(Array.from({ length: 6 }, (_, i) => newOrder({ app: i % 2 ? b : t })))
      expect(new Set(made.map((o) => o.number)).size).toBe(6)
    } finally {
      await b.close()
    }
  })

  it('is cancelled when unpaid, and a cancelled order takes no payment', async () => {
    const o = await newOrder()
    const c = await mutate(t.deps, systemCtx('test'), (tx) => cancelFeeOrder(tx, o.caseId, '申请人撤回申请'))
    expect(c?.status).toBe('cancelled')
    const r = await pay(o.id, windowA, { method: 'cash', amountCents: 8000 })
    expect(r.statusCode).toBe(409)
    expect(r.json().error.code).toBe('ORDER_NOT_PAYABLE')
    expect((await audits('fees.order.cancel', o.id))[0]!.summary).toBe(`作废缴费单 ${o.number}：申请人撤回申请`)
  })
})

describe('payment at the window', () => {
  it('refuses an amount other than the payable amount (409 AMOUNT_MISMATCH) and records nothing', async () => {
    const o = await newOrder()
    for (const amountCents of [7999, 8001, 16000]) {
      const r = await pay(o.id, windowA, { method: 'cash', amountCents })
      expect(r.statusCode).toBe(409)
      expect(r.json().error.code).toBe('AMOUNT_MISMATCH')
    }
    expect(await paymentsOf(o.id)).toEqual([])
    expect((await feeOrderOfCase(t.deps.db, o.caseId))!.status).toBe('unpaid')
  })

  it('records the exact amount in cash, marks the order paid, audits 收费 ¥80.00（现金）, and refuses a second payment', async () => {
    const o = await newOrder()
    t.clock.advance(60_000)
    const r = await pay(o.id, windowA, { method: 'cash', amountCents: 8000 })
    expect(r.statusCode).toBe(200)
    const order = r.json().order
    expect(order).toMatchObject({ id: o.id, status: 'paid', statusName: '已缴费', paidCents: 8000 })
    expect(order.paidAt).not.toBeNull()
    expect(order.payments).toHaveLength(1)
    expect(order.payments[0]).toMatchObject({ method: 'cash', methodName: '现金', provider: 'window', amountCents: 8000, recordedByName: '测试window_staff' })
    const a = await audits('fees.payment.record', o.id)
    expect(a).toHaveLength(1)
    expect(a[0]!.summary).toMatch(/^收费 ¥80\.00（现金）缴费单 FY/)
    const again = await pay(o.id, windowA, { method: 'pos', amountCents: 8000, reference: 'POS-1' })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.code).toBe('ALREADY_PAID')
    expect(await paymentsOf(o.id)).toHaveLength(1)
  })

  it('lets a centre administrator with the region in scope record a bank payment with its voucher number', async () => {
    const o = await newOrder()
    const r = await pay(o.id, centreAdmin, { method: 'bank', amountCents: 8000, reference: ' 6222-0001 ' })
    expect(r.statusCode).toBe(200)
    expect(r.json().order.payments[0]).toMatchObject({ method: 'bank', reference: '6222-0001' })
    expect((await audits('fees.payment.record', o.id))[0]!.summary).toContain('（银行转账）')
  })

  it.each([
    ['window staff of another unit', () => windowB, 404, 'NOT_FOUND'],
    ['a reviewer of the same unit (no payment role)', () => reviewerA, 404, 'NOT_FOUND'],
    ['an anonymous caller', () => undefined, 401, 'UNAUTHENTICATED'],
  ])('answers %s as if the order did not exist', async (_who, cookie, status, code) => {
    const o = await newOrder()
    const r = await pay(o.id, cookie(), { method: 'cash', amountCents: 8000 })
    expect(r.statusCode).toBe(status)
    expect(r.json().error.code).toBe(code)
    expect(await paymentsOf(o.id)).toEqual([])
  })

  it('answers an order that does not exist with 404', async () => {
    const r = await pay(2147483000, windowA, { method: 'cash', amountCents: 8000 })
    expect(r.statusCode).toBe(404)
  })

  it('takes no online method, no fractional fen and no missing amount at the window', async () => {
    const o = await newOrder()
    for (const body of [{ method: 'online', amountCents: 8000 }, { method: 'cash', amountCents: 80.5 }, { method: 'cash' }, { method: 'cash', amountCents: '8000元' }]) {
      const r = await pay(o.id, windowA, body)
      expect(r.statusCode).toBe(400)
    }
    expect(await paymentsOf(o.id)).toEqual([])
  })

  it('records one payment when two instances take the same payment at the same moment', async () => {
    const o = await newOrder()
    const b = await createTestApp({ testDb: t.testDb, database: await t.testDb.openAnother(), clock: t.clock })
    try {
      const rs = await Promise.all([
        pay(o.id, windowA, { method: 'cash', amountCents: 8000 }),
        b.app.inject({ method: 'POST', url: `/api/fees/orders/${o.id}/payments`, headers: { cookie: windowA }, payload: { method: 'cash', amountCents: 8000 } }),
      ])
      expect(rs.map((r) => r.statusCode).sort()).toEqual([200, 409])
      expect(await paymentsOf(o.id)).toHaveLength(1)
    } finally {
      await b.close()
    }
  })
})

describe('online payment through the simulated provider', () => {
  const sign = (text: string) => crypto.createHmac('sha256', t.deps.config.paymentSecret).update(text).digest('hex')
  const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? null
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
  const postForm = (body: string) =>
    t.app.inject({ method: 'POST', url: '/api/fees/simulated/notify', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: body })

  async function checkout(orderId: number) {
    const { redirectUrl } = await startOnlinePayment(t.deps, orderId, 'simulated')
    const page = await t.app.inject({ method: 'GET', url: redirectUrl })
    return { redirectUrl, page }
  }

  it('serves a Chinese checkout page whose 确认支付 form pays the order once, however often the provider repeats itself', async () => {
    const o = await newOrder()
    const { redirectUrl, page } = await checkout(o.id)
    expect(redirectUrl).toMatch(new RegExp(`^/api/fees/simulated/checkout\\?order=${o.id}&sig=[0-9a-f]{64}$`))
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toMatch(/^text\/html/)
    expect(page.body).toContain('模拟支付平台')
    expect(page.body).toContain('¥80.00')
    expect(page.body).toContain('确认支付')
    expect(page.body).toContain(o.number)
    expect(page.body).not.toMatch(/<script/i)
    const fields = { orderId: hidden(page.body, 'orderId')!, amountCents: hidden(page.body, 'amountCents')!, providerRef: hidden(page.body, 'providerRef')!, sig: hidden(page.body, 'sig')! }
    expect(fields.amountCents).toBe('8000')

    const r = await postForm(form(fields))
    expect(r.statusCode).toBe(303)
    expect(r.headers.location).toBe(`/my/cases/${o.caseId}?paid=1`)
    const paid = (await feeOrderOfCase(t.deps.db, o.caseId))!
    expect(paid).toMatchObject({ status: 'paid', paidCents: 8000 })
    expect(paid.payments).toEqual([expect.objectContaining({ method: 'online', provider: 'simulated', reference: fields.providerRef, amountCents: 8000, recordedByName: null })])
    const a = await audits('fees.payment.notify', o.id)
    expect(a).toHaveLength(1)
    expect(a[0]!.summary).toContain(`收费 ¥80.00（网上支付：模拟支付平台，流水号 ${fields.providerRef}）`)
    expect(a[0]!.actor_name).toContain('模拟支付平台')

    // the provider retries: same answer, nothing new
    const again = await t.app.inject({ method: 'POST', url: '/api/fees/simulated/notify', payload: { ...fields, orderId: Number(fields.orderId), amountCents: 8000 } })
    expect(again.statusCode).toBe(200)
    expect(again.json()).toMatchObject({ ok: true, repeated: true, order: { status: 'paid' } })
    expect(await paymentsOf(o.id)).toHaveLength(1)
    expect(await audits('fees.payment.notify', o.id)).toHaveLength(1)

    // the old checkout link now says the order is paid and offers no button
    const reopened = await t.app.inject({ method: 'GET', url: redirectUrl })
    expect(reopened.statusCode).toBe(200)
    expect(reopened.body).toContain('已支付')
    expect(reopened.body).not.toContain('确认支付')
    // another checkout of the same order after payment is refused, and so is a new transaction
    const later = await checkout(o.id).catch((e) => e)
    expect(later).toMatchObject({ code: 'ALREADY_PAID' })
    const other = { orderId: o.id, amountCents: 8000, providerRef: 'SIMOTHER1' }
    const second = await t.app.inject({ method: 'POST', url: '/api/fees/simulated/notify', payload: { ...other, sig: sign(`notify:${o.id}:8000:SIMOTHER1`) } })
    expect(second.statusCode).toBe(409)
    expect(second.json().error.code).toBe('ALREADY_PAID')
  })

  it('refuses a notification with a bad or missing signature (400 BAD_SIGNATURE) and pays nothing', async () => {
    const o = await newOrder()
    const { page } = await checkout(o.id)
    const ref = hidden(page.body, 'providerRef')!
    const sig = hidden(page.body, 'sig')!
    for (const body of [
      { orderId: o.id, amountCents: 1, providerRef: ref, sig }, // amount changed after signing
      { orderId: o.id, amountCents: 8000, providerRef: `${ref}X`, sig },
      { orderId: o.id, amountCents: 8000, providerRef: ref, sig: sign(`notify:${o.id}:8000:${ref}`).replace(/^./, (c) => (c === '0' ? '1' : '0')) },
      { orderId: o.id, amountCents: 8000, providerRef: ref, sig: 'not-hex' },
    ]) {
      const r = await t.app.inject({ method: 'POST', url: '/api/fees/simulated/notify', payload: body })
      expect(r.statusCode).toBe(400)
      expect(r.json().error.code).toBe('BAD_SIGNATURE')
    }
    expect(await paymentsOf(o.id)).toEqual([])
    expect(await audits('fees.payment.notify', o.id)).toEqual([])
  })

  it('refuses a correctly signed notification for an amount other than payable (409 AMOUNT_MISMATCH)', async () => {
    const o = await newOrder()
    const body = { orderId: o.id, amountCents: 9000, providerRef: 'SIMWRONGAMT', sig: sign(`notify:${o.id}:9000:SIMWRONGAMT`) }
    const r = await t.app.inject({ method: 'POST', url: '/api/fees/simulated/notify', payload: body })
    expect(r.statusCode).toBe(409)
    expect(r.json().error.code).toBe('AMOUNT_MISMATCH')
    expect((await feeOrderOfCase(t.deps.db, o.caseId))!.status).toBe('unpaid')
  })

  it('refuses a checkout link with a forged signature, and one for another order', async () => {
    const o = await newOrder()
    const other = await newOrder()
    const { redirectUrl } = await startOnlinePayment(t.deps, other.id, 'simulated')
    const sig = new URL(redirectUrl, 'http://x').searchParams.get('sig')!
    for (const url of [`/api/fees/simulated/checkout?order=${o.id}&sig=${sig}`, `/api/fees/simulated/checkout?order=${o.id}&sig=abc`]) {
      const r = await t.app.inject({ method: 'GET', url })
      expect(r.statusCode).toBe(400)
      expect(r.json().error.code).toBe('BAD_SIGNATURE')
    }
  })

  it('does not start an online payment for a waived order', async () => {
    const o = await newOrder({ quote: quoteFees([], { quantities: {}, exemptions: [] }) })
    await expect(startOnlinePayment(t.deps, o.id, 'simulated')).rejects.toMatchObject({ code: 'ORDER_NOT_PAYABLE' })
  })

  it('answers the pay route with 404 for staff and 401 for anonymous callers', async () => {
    const o = await newOrder()
    expect((await call('POST', `/api/fees/orders/${o.id}/pay`, windowA, { provider: 'simulated' })).statusCode).toBe(404)
    expect((await call('POST', `/api/fees/orders/${o.id}/pay`, undefined, { provider: 'simulated' })).statusCode).toBe(401)
  })
})

describe('public fee information', () => {
  it('lists the known exemption policies', async () => {
    const r = await call('GET', '/api/fees/exemptions')
    expect(r.statusCode).toBe(200)
    expect(r.json().items).toContainEqual({ key: 'new_enterprise', name: '新开办企业首次办理免收（无费区）' })
  })
})

describe('the public quote for an item (GET /api/fees/quote)', () => {
  let itemId: number
  beforeAll(async () => {
    const admin = await t.login('admin', ADMIN_PASSWORD)
    const guide: ItemGuide = {
      code: uniq('FEE').toUpperCase().slice(0, 20),
      name: '食品经营许可（收费测试）',
      typeCode: '01',
      departmentId: deptA,
      level: 'city',
      legalBasis: '《中华人民共和国食品安全法》第三十五条',
      conditions: '有与经营的食品品种、数量相适应的经营场所',
      audiences: ['enterprise'],
      topics: ['企业开办'],
      materials: [{ key: 'application', name: '食品经营许可申请书', requirement: 'required', form: 'original', copies: 1, secondary: false }],
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
      fees: [
        RULES[0]!,
        { key: 'area', name: '场地核查费', basis: '省物价局收费标准', kind: 'tiered', unitName: '平方米', tiers: [{ upTo: 100, unitPriceCents: 500 }, { upTo: null, unitPriceCents: 300 }] },
      ],
      result: { type: 'licence', name: '食品经营许可证' },
      channels: ['online', 'window'],
      visits: 0,
      consultPhone: '0534-2689001',
      complaintPhone: '12345',
      remedies: { review: '德州市人民政府', litigation: '德州市德城区人民法院' },
      faq: [],
    }
    const created = await call('POST', '/api/catalog/items', admin, { guide })
    if (created.statusCode !== 201) throw new Error(`create item → ${created.statusCode} ${created.body}`)
    itemId = created.json().item.id
    const published = await call('POST', `/api/catalog/items/${itemId}/publish`, admin, {})
    if (published.statusCode !== 200) throw new Error(`publish item → ${published.statusCode} ${published.body}`)
  })

  const quote = (qs: string) => call('GET', `/api/fees/quote?itemId=${itemId}${qs}`)

  it('prices the published version’s rules with the applicant’s quantities and exemptions, without login', async () => {
    const r = await quote(`&quantities=${encodeURIComponent(JSON.stringify({ area: 150 }))}&exemptions=new_enterprise`)
    expect(r.statusCode).toBe(200)
    expect(r.json().quote).toEqual({
      lines: [
        { ruleKey: 'reg', name: '登记费', basis: '财税〔2016〕42号', quantity: 1, amountCents: 5000, exemptCents: 5000, exemption: 'new_enterprise' },
        { ruleKey: 'area', name: '场地核查费', basis: '省物价局收费标准', quantity: 150, amountCents: 65000, exemptCents: 0, exemption: null },
      ],
      totalCents: 70000,
      exemptCents: 5000,
      payableCents: 65000,
    })
  })

  it.each([
    ['an unknown exemption', '&exemptions=friends', 'UNKNOWN_EXEMPTION'],
    ['quantities that are not JSON', '&quantities=area%3D3', 'INVALID_QUANTITY'],
    ['a quantity that is not a number', `&quantities=${encodeURIComponent('{"area":"3"}')}`, 'INVALID_QUANTITY'],
    ['a quantity for a fee the item does not have', `&quantities=${encodeURIComponent('{"speed":1}')}`, 'UNKNOWN_FEE_RULE'],
  ])('refuses %s with 400', async (_what, qs, code) => {
    const r = await quote(qs)
    expect(r.statusCode).toBe(400)
    expect(r.json().error.code).toBe(code)
  })

  it('answers an item that does not exist with 404', async () => {
    const r = await call('GET', '/api/fees/quote?itemId=2147483000')
    expect(r.statusCode).toBe(404)
  })
})
