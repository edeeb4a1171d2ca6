/**
 * Cases through the real server: online and window applications, the intake decision with its
 * written notices, handling steps, pauses and extensions, decision, fees, completion with the
 * result and its e-certificate, delivery, the public progress query and data scope.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { createTestApp, makeStaff, uniq, ADMIN_PASSWORD, type TestApp } from '../../test/harness.js'
import { mutate } from '../../server/mutate.js'
import { systemCtx } from '../../server/context.js'
import { idCheckDigit } from '../../shared/identity.js'
import { createUnits, importRegions } from '../org/index.js'
import type { ItemGuide } from '../catalog/index.js'
import { sweepConditional, sweepDeemed, sweepPendingDeadlines } from './index.js'

let t: TestApp
let U: Map<string, number>
const staff: Record<string, { username: string; password: string }> = {}
const cookies: Record<string, string> = {}
let applicant: { id: number; idNumber: string; phone: string; cookie: string; password: string }
let other: { id: number; cookie: string; idNumber: string; password: string }
let item: number // standard licence with fees, 容缺 and 告知承诺
let instantItem: number
let reuseItem: number // needs the licence as a material (e-certificate stands in)
let enterpriseItem: number

const START = '2026-03-02T09:00:00+08:00' // Monday

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, cookie?: string, payload?: unknown): Promise<LightMyRequestResponse> =>
  t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) })

const ok = (r: LightMyRequestResponse, status = 200) => {
  if (r.statusCode !== status) throw new Error(`expected ${status}, got ${r.statusCode} ${r.body}`)
  return r.json()
}

let idSeq = 300
let phoneSeq = 0
async function registerPerson(name: string) {
  const body = `37140219850607${String(++idSeq).padStart(3, '0')}`
  const idNumber = body + idCheckDigit(body)
  const phone = `137${String(process.pid % 10000).padStart(4, '0')}${String(++phoneSeq).padStart(4, '0')}`
  const password = 'Secret123'
  const r = ok(await call('POST', '/api/auth/register', undefined, { kind: 'person', name, idNumber, phone, password }), 201)
  return { id: r.user.id as number, idNumber, phone, password, cookie: await t.login(idNumber, password) }
}

/** Log every account in again (after the clock moved, old sessions may have expired). */
async function relogin() {
  for (const [k, s] of Object.entries(staff)) cookies[k] = await t.login(s.username, s.password)
  applicant.cookie = await t.login(applicant.idNumber, applicant.password)
  other.cookie = await t.login(other.idNumber, other.password)
}

const PDF = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`, 'latin1')

function multipart(fields: Record<string, string>, file: { name: string; data: Buffer; type?: string }) {
  const boundary = `----ow${Math.random().toString(16).slice(2)}`
  const parts: Buffer[] = []
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`))
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/pdf'}\r\n\r\n`))
  parts.push(file.data, Buffer.from(`\r\n--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

async function upload(caseId: number, cookie: string, materialKey: string, text = materialKey) {
  const m = multipart({ materialKey }, { name: `${materialKey}.pdf`, data: PDF(`${text} ${uniq()}`) })
  return t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/materials`, headers: { cookie, ...m.headers }, payload: m.payload })
}

function guide(over: Partial<ItemGuide>): ItemGuide {
  return {
    code: uniq('CASE').toUpperCase().slice(0, 20),
    name: '食品经营许可',
    typeCode: '01',
    departmentId: U.get('dept')!,
    level: 'city',
    legalBasis: '《中华人民共和国食品安全法》第三十五条',
    conditions: '有与经营的食品品种、数量相适应的经营场所',
    audiences: ['person', 'enterprise'],
    topics: ['企业开办'],
    materials: [
      { key: 'application', name: '食品经营许可申请书', requirement: 'required', form: 'original', copies: 1, secondary: false },
      { key: 'site_plan', name: '经营场所平面图', requirement: 'required', form: 'copy', copies: 1, secondary: false },
      { key: 'health_cert', name: '从业人员健康证明', requirement: 'required', form: 'copy', copies: 1, secondary: true },
      { key: 'other', name: '其他说明材料', requirement: 'optional', form: 'copy', copies: 1, secondary: false },
    ],
    legalLimitDays: 20,
    promisedLimitDays: 10,
    instant: false,
    steps: [
      { key: 'intake', name: '受理', role: 'window_staff', limitDays: 1 },
      { key: 'review', name: '审核', role: 'reviewer', limitDays: 5 },
      { key: 'approve', name: '批准', role: 'approver', limitDays: 3 },
      { key: 'complete', name: '办结', role: 'window_staff', limitDays: 1 },
    ],
    pausesAllowed: ['expert_review', 'site_inspection'],
    conditionalAcceptance: true,
    pledgeAllowed: true,
    fees: [{ key: 'reg', name: '登记费', basis: '鲁价费发〔2018〕1号', kind: 'flat', amountCents: 8000 }],
    result: { type: 'licence', name: '食品经营许可证', eCertificateType: 'food_licence' },
    channels: ['online', 'window'],
    visits: 0,
    consultPhone: '0534-2689001',
    complaintPhone: '12345',
    remedies: { review: '德州市人民政府', litigation: '德州市德城区人民法院' },
    faq: [],
    ...over,
  }
}

async function publishItem(g: ItemGuide): Promise<number> {
  const admin = await t.login('admin', ADMIN_PASSWORD)
  const created = ok(await call('POST', '/api/catalog/items', admin, { guide: g }), 201)
  ok(await call('POST', `/api/catalog/items/${created.item.id}/publish`, admin, {}))
  return created.item.id
}

beforeAll(async () => {
  t = await createTestApp({ clock: undefined })
  t.clock.set(START)
  await importRegions(t.deps, systemCtx(), { cityCode: '3714', withVillages: false })
  U = await mutate(t.deps, systemCtx('test'), (tx) =>
    createUnits(
      tx,
      [
        { key: 'centre', kind: 'centre', subtype: 'county_centre', name: `德城区政务服务中心${uniq()}`, regionCode: '371402' },
        { key: 'win', kind: 'window', subtype: 'general', name: `综合受理窗口${uniq()}`, regionCode: '371402', parent: 'centre' },
        { key: 'win2', kind: 'window', subtype: 'general', name: `综合出件窗口${uniq()}`, regionCode: '371402', parent: 'centre' },
        { key: 'dept', kind: 'department', name: `德城区市场监管局${uniq()}`, regionCode: '371402' },
        { key: 'kcentre', kind: 'centre', subtype: 'county_centre', name: `乐陵市政务服务中心${uniq()}`, regionCode: '371481' },
        { key: 'kwin', kind: 'window', subtype: 'general', name: `乐陵综合窗口${uniq()}`, regionCode: '371481', parent: 'kcentre' },
        { key: 'kdept', kind: 'department', name: `乐陵市市场监管局${uniq()}`, regionCode: '371481' },
      ],
      '办件测试单位',
    ),
  )
  staff.win = await makeStaff(t.deps, { role: 'window_staff', unitId: U.get('win')! })
  staff.win2 = await makeStaff(t.deps, { role: 'window_staff', unitId: U.get('win2')! })
  staff.rev = await makeStaff(t.deps, { role: 'reviewer', unitId: U.get('dept')! })
  staff.appr = await makeStaff(t.deps, { role: 'approver', unitId: U.get('dept')! })
  staff.kwin = await makeStaff(t.deps, { role: 'window_staff', unitId: U.get('kwin')! })
  staff.krev = await makeStaff(t.deps, { role: 'reviewer', unitId: U.get('kdept')! })
  staff.kappr = await makeStaff(t.deps, { role: 'approver', unitId: U.get('kdept')! })
  applicant = await registerPerson('李建华')
  other = await registerPerson('赵六')
  await relogin()
  item = await publishItem(guide({}))
  instantItem = await publishItem(
    guide({
      name: '个体工商户名称变更登记',
      typeCode: '07',
      instant: true,
      legalLimitDays: 0,
      promisedLimitDays: 0,
      steps: [
        { key: 'intake', name: '受理', role: 'window_staff', limitDays: 0 },
        { key: 'review', name: '审核', role: 'window_staff', limitDays: 0 },
        { key: 'approve', name: '批准', role: 'window_staff', limitDays: 0 },
        { key: 'complete', name: '办结', role: 'window_staff', limitDays: 0 },
      ],
      materials: [{ key: 'application', name: '变更登记申请书', requirement: 'required', form: 'original', copies: 1, secondary: false }],
      fees: [],
      conditionalAcceptance: false,
      pledgeAllowed: false,
      result: { type: 'registration', name: '变更登记通知书', eCertificateType: null },
    }),
  )
  reuseItem = await publishItem(
    guide({
      name: '食品经营许可延续',
      materials: [
        { key: 'application', name: '延续申请书', requirement: 'required', form: 'original', copies: 1, secondary: false },
        { key: 'licence', name: '食品经营许可证', requirement: 'required', form: 'copy', copies: 1, secondary: false, eCertificateType: 'food_licence' },
      ],
      fees: [],
    }),
  )
  enterpriseItem = await publishItem(guide({ name: '企业专用事项', audiences: ['enterprise'] }))
})
afterAll(() => t.close())

/** A case filed at the window for the applicant, with the given materials scanned in. */
async function windowCase(materials = ['application', 'site_plan', 'health_cert'], itemId = item): Promise<number> {
  const r = ok(await call('POST', '/api/cases/window', cookies.win, { itemId, windowId: U.get('win'), applicant: { userId: applicant.id } }), 201)
  for (const k of materials) ok(await upload(r.case.id, cookies.win!, k), 201)
  return r.case.id
}

async function acceptedCase(): Promise<number> {
  const id = await windowCase()
  ok(await call('POST', `/api/cases/${id}/intake`, cookies.win, { decision: 'accept' }))
  return id
}

const get = async (id: number, cookie = cookies.win) => ok(await call('GET', `/api/cases/${id}`, cookie)).case
const outbox = async (caseId: number) =>
  (await t.deps.db.selectFrom('notice_outbox').select(['event']).where('case_id', '=', caseId).where('channel', '=', 'inapp').orderBy('id').execute()).map((r) => r.event)
const activeStep = (c: { steps: { id: number; key: string; status: string }[] }) => c.steps.find((s) => s.status === 'active')

describe('an online application', () => {
  it('goes from draft through pre-review (returned once, then passed) to received, with notices and a receipt', async () => {
    t.clock.set(START)
    const created = ok(await call('POST', '/api/cases', applicant.cookie, { itemId: item }), 201).case
    expect(created).toMatchObject({ status: 'draft', channel: 'online', applicant: { name: '李建华', idNumberMasked: `${applicant.idNumber.slice(0, 4)}**********${applicant.idNumber.slice(-4)}` } })
    expect(created.number).toMatch(/^37140220260302\d{5}$/)
    ok(await call('PUT', `/api/cases/${created.id}/form`, applicant.cookie, { form: { shopName: '建华小吃' } }))

    const missing = await call('POST', `/api/cases/${created.id}/submit`, applicant.cookie)
    expect(missing.statusCode).toBe(400)
    expect(missing.json().error.code).toBe('MATERIALS_MISSING')
    expect(missing.json().error.message).toContain('食品经营许可申请书')
    expect(missing.json().error.message).toContain('从业人员健康证明')

    for (const k of ['application', 'site_plan', 'health_cert']) ok(await upload(created.id, applicant.cookie, k), 201)
    const submitted = ok(await call('POST', `/api/cases/${created.id}/submit`, applicant.cookie)).case
    expect(submitted).toMatchObject({ status: 'submitted', prereviewDue: '2026-03-03' })

    const queue = ok(await call('GET', '/api/cases?queue=prereview', cookies.win))
    expect(queue.items.map((c: { id: number }) => c.id)).toContain(created.id)

    const returned = ok(await call('POST', `/api/cases/${created.id}/prereview`, cookies.win, { outcome: 'return', items: [{ materialKey: 'site_plan', problem: '平面图未标注尺寸' }] }))
    expect(returned.case.status).toBe('returned')
    expect(returned.document.kind).toBe('correction_notice')
    ok(await upload(created.id, applicant.cookie, 'site_plan', 'v2'), 201)
    ok(await call('POST', `/api/cases/${created.id}/submit`, applicant.cookie))

    t.clock.set('2026-03-02T15:30:00+08:00')
    const passed = ok(await call('POST', `/api/cases/${created.id}/prereview`, cookies.win, { outcome: 'pass' }))
    expect(passed.case.status).toBe('received')
    expect(passed.case.receivedAt).toBe(new Date('2026-03-02T15:30:00+08:00').toISOString())
    expect(passed.document.kind).toBe('receipt')
    expect(await outbox(created.id)).toEqual(['case.submitted', 'case.prereview_returned', 'case.submitted', 'case.received'])
  })

  it('refuses a suspended item with 409 ITEM_NOT_AVAILABLE and an item not for the applicant’s kind with 400', async () => {
    t.clock.set(START)
    const suspended = await publishItem(guide({ name: '暂停事项' }))
    const admin = await t.login('admin', ADMIN_PASSWORD)
    ok(await call('POST', `/api/catalog/items/${suspended}/suspend`, admin, { reason: '法规修订，暂停办理' }))
    const r = await call('POST', '/api/cases', applicant.cookie, { itemId: suspended })
    expect([r.statusCode, r.json().error.code]).toEqual([409, 'ITEM_NOT_AVAILABLE'])
    const e = await call('POST', '/api/cases', applicant.cookie, { itemId: enterpriseItem })
    expect([e.statusCode, e.json().error.code]).toEqual([400, 'AUDIENCE_MISMATCH'])
  })
})

describe('a window application', () => {
  it('registers an applicant not yet known on the spot and receives the case', async () => {
    t.clock.set(START)
    const body = `37140219920101${String(++idSeq).padStart(3, '0')}`
    const idNumber = body + idCheckDigit(body)
    const r = ok(
      await call('POST', '/api/cases/window', cookies.win, { itemId: item, windowId: U.get('win'), applicant: { kind: 'person', name: '王小红', idNumber, phone: '13912345678' } }),
      201,
    ).case
    expect(r).toMatchObject({ status: 'received', channel: 'window', applicant: { name: '王小红', phoneMasked: '139****5678' } })
    const user = await t.deps.db.selectFrom('user_account').select(['id', 'kind']).where('id_number', '=', idNumber).executeTakeFirstOrThrow()
    expect(Number(user.id)).toBe(r.applicant.userId)
    // the same person again is looked up, not registered twice
    const again = ok(await call('POST', '/api/cases/window', cookies.win, { itemId: item, windowId: U.get('win'), applicant: { kind: 'person', name: '王小红', idNumber, phone: '13912345678' } }), 201).case
    expect(again.applicant.userId).toBe(r.applicant.userId)
  })
})

describe('the intake decision', () => {
  it('accepts a complete application: 受理通知书, steps from the version, the fee order, due dates from the calendar, notice with the next step', async () => {
    t.clock.set(START)
    const id = await windowCase()
    const r = ok(await call('POST', `/api/cases/${id}/intake`, cookies.win, { decision: 'accept' }))
    expect(r.document).toMatchObject({ kind: 'acceptance_notice', title: '受理通知书' })
    expect(r.case).toMatchObject({ status: 'accepted', acceptedAt: new Date(START).toISOString() })
    expect(r.case.steps.map((s: { key: string; status: string }) => `${s.key}:${s.status}`)).toEqual(['intake:done', 'review:active', 'approve:waiting', 'complete:waiting'])
    // 10 working days after Mon 2 March 2026 → Mon 16 March; 20 → Mon 30 March
    expect(r.case.clock).toMatchObject({ start: '2026-03-02', promisedDue: '2026-03-16', legalDue: '2026-03-30', usedDays: 0, paused: false })
    expect(r.case.feeOrder).toMatchObject({ status: 'unpaid', payableCents: 8000 })
    const accepted = await t.deps.db.selectFrom('notice_outbox').select(['body']).where('case_id', '=', id).where('event', '=', 'case.accepted').where('channel', '=', 'inapp').executeTakeFirstOrThrow()
    expect(accepted.body).toContain('下一步')
  })

  it('refuses with reasons and a pointer to the competent authority: 不予受理通知书', async () => {
    t.clock.set(START)
    const id = await windowCase()
    const bad = await call('POST', `/api/cases/${id}/intake`, cookies.win, { decision: 'refuse', refusalKind: 'not_our_authority', reasons: '属省级事权' })
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'COMPETENT_AUTHORITY_REQUIRED'])
    const r = ok(await call('POST', `/api/cases/${id}/intake`, cookies.win, { decision: 'refuse', refusalKind: 'not_our_authority', reasons: '属省级事权', competentAuthority: '山东省市场监督管理局' }))
    expect(r.case.status).toBe('refused')
    expect(r.document).toMatchObject({ kind: 'refusal_notice', title: '不予受理通知书' })
    expect(await outbox(id)).toContain('case.refused')
  })

  it('asks for correction once, listing every missing material; a second notice is refused unless new material arrived', async () => {
    t.clock.set(START)
    const id = await windowCase(['application'])
    const partial = await call('POST', `/api/cases/${id}/intake`, cookies.win, { decision: 'correction', items: [{ materialKey: 'site_plan', problem: '未提交' }] })
    expect([partial.statusCode, partial.json().error.code]).toEqual([400, 'CORRECTION_INCOMPLETE'])
    const r = ok(
      await call('POST', `/api/cases/${id}/intake`, cookies.win, {
        decision: 'correction',
        items: [
          { materialKey: 'site_plan', problem: '未提交' },
          { materialKey: 'health_cert', problem: '未提交' },
        ],
      }),
    )
    expect(r.case.status).toBe('correction_requested')
    expect(r.document).toMatchObject({ kind: 'correction_notice' })
    expect(r.case.corrections).toHaveLength(1)
    expect(await outbox(id)).toContain('case.correction_requested')
    // the applicant supplies one material only (an hour later); the case comes back to intake
    t.clock.set('2026-03-02T10:00:00+08:00')
    ok(await upload(id, applicant.cookie, 'site_plan'), 201)
    ok(await call('POST', `/api/cases/${id}/correction`, applicant.cookie, { note: '已补平面图' }))
    // new material arrived since the notice: one more notice is allowed
    const second = ok(await call('POST', `/api/cases/${id}/intake`, cookies.win, { decision: 'correction', items: [{ materialKey: 'health_cert', problem: '仍未提交' }] }))
    expect(second.case.status).toBe('correction_requested')
    t.clock.set('2026-03-02T11:00:00+08:00')
    ok(await call('POST', `/api/cases/${id}/correction`, applicant.cookie, {}))
    // nothing new since the second notice: a third is refused
    const third = await call('POST', `/api/cases/${id}/intake`, cookies.win, { decision: 'correction', items: [{ materialKey: 'health_cert', problem: '仍未提交' }] })
    expect([third.statusCode, third.json().error.code]).toEqual([409, 'CORRECTION_ALREADY_SENT'])
  })

  it('decides a 告知承诺 application on the spot (grant) with the pledge recorded', async () => {
    t.clock.set(START)
    const id = await windowCase()
    const r = ok(await call('POST', `/api/cases/${id}/intake`, cookies.win, { decision: 'pledge', pledge: '本人承诺经营场所符合要求' }))
    expect(r.document.kind).toBe('pledge_acceptance_notice')
    expect(r.case).toMatchObject({ status: 'decided', intakeKind: 'pledge', decision: { outcome: 'grant' } })
    expect(r.case.documents.map((d: { kind: string }) => d.kind)).toEqual(expect.arrayContaining(['receipt', 'pledge_acceptance_notice', 'grant_decision']))
  })

  it('completes an instant item (即办件) on the spot at intake', async () => {
    t.clock.set(START)
    const id = await windowCase(['application'], instantItem)
    const r = ok(await call('POST', `/api/cases/${id}/intake`, cookies.win, { decision: 'accept' }))
    expect(r.case).toMatchObject({ status: 'completed', instant: true, decision: { outcome: 'grant' } })
    expect(r.case.completedAt).toBe(new Date(START).toISOString())
    expect(r.case.documents.map((d: { kind: string }) => d.kind)).toContain('result')
  })

  it('decides an instant item with a fee on the spot, and completes it once the window has taken the payment', async () => {
    t.clock.set(START)
    const feeItem = await publishItem(
      guide({
        name: '居民户口簿补领',
        typeCode: '07',
        instant: true,
        legalLimitDays: 0,
        promisedLimitDays: 0,
        steps: [
          { key: 'intake', name: '受理', role: 'window_staff', limitDays: 0 },
          { key: 'review', name: '审核', role: 'window_staff', limitDays: 0 },
          { key: 'approve', name: '批准', role: 'window_staff', limitDays: 0 },
          { key: 'complete', name: '办结', role: 'window_staff', limitDays: 0 },
        ],
        materials: [{ key: 'application', name: '补领申请表', requirement: 'required', form: 'original', copies: 1, secondary: false }],
        fees: [{ key: 'book', name: '户口簿工本费', basis: '鲁价费发〔2005〕号', kind: 'flat', amountCents: 500 }],
        conditionalAcceptance: false,
        pledgeAllowed: false,
        result: { type: 'certificate', name: '居民户口簿', eCertificateType: null },
      }),
    )
    const id = await windowCase(['application'], feeItem)
    const r = ok(await call('POST', `/api/cases/${id}/intake`, cookies.win, { decision: 'accept' }))
    expect(r.case).toMatchObject({ status: 'decided', decision: { outcome: 'grant' }, feeOrder: { status: 'unpaid', payableCents: 500 } })
    const early = await call('POST', `/api/cases/${id}/complete`, cookies.win, {})
    expect([early.statusCode, early.json().error.code]).toEqual([409, 'FEES_UNPAID'])
    expect(early.json().error.message).toContain('¥5.00')
    ok(await call('POST', `/api/fees/orders/${r.case.feeOrder.id}/payments`, cookies.win, { method: 'cash', amountCents: 500 }))
    const done = ok(await call('POST', `/api/cases/${id}/complete`, cookies.win, {})).case
    expect(done.status).toBe('completed')
    expect(done.documents.map((d: { kind: string }) => d.kind)).toContain('result')
  })

  it('accepts with 容缺 only a secondary material, and withdraws the case when the due date is missed', async () => {
    t.clock.set(START)
    const primaryMissing = await windowCase(['application', 'health_cert'])
    const refused = await call('POST', `/api/cases/${primaryMissing}/intake`, cookies.win, { decision: 'conditional', pending: [{ materialKey: 'site_plan', dueDate: '2026-03-09' }], commitment: '按期补齐' })
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'NOT_SECONDARY'])

    const id = await windowCase(['application', 'site_plan'])
    const r = ok(await call('POST', `/api/cases/${id}/intake`, cookies.win, { decision: 'conditional', pending: [{ materialKey: 'health_cert', dueDate: '2026-03-09' }], commitment: '承诺于3月9日前补齐健康证明' }))
    expect(r.document.kind).toBe('conditional_acceptance_notice')
    expect(r.case).toMatchObject({ status: 'accepted', conditionalDue: '2026-03-09' })
    expect(r.case.requiredMaterials.find((m: { key: string }) => m.key === 'health_cert')).toMatchObject({ pending: true, satisfied: false })

    // a second one whose material is supplied in time is not withdrawn
    const kept = await windowCase(['application', 'site_plan'])
    ok(await call('POST', `/api/cases/${kept}/intake`, cookies.win, { decision: 'conditional', pending: [{ materialKey: 'health_cert', dueDate: '2026-03-09' }], commitment: '按期补齐' }))
    ok(await upload(kept, applicant.cookie, 'health_cert'), 201)
    ok(await call('POST', `/api/cases/${kept}/correction`, applicant.cookie, {}))

    t.clock.set('2026-03-09T20:00:00+08:00')
    await sweepConditional(t.deps, systemCtx('test'), t.clock.now())
    expect((await t.deps.db.selectFrom('case').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('accepted')
    t.clock.set('2026-03-10T08:00:00+08:00')
    await sweepConditional(t.deps, systemCtx('test'), t.clock.now())
    const rows = await t.deps.db.selectFrom('case').select(['id', 'status']).where('id', 'in', [id, kept]).execute()
    expect(Object.fromEntries(rows.map((x) => [Number(x.id), x.status]))).toEqual({ [id]: 'withdrawn', [kept]: 'accepted' })
    expect(await outbox(id)).toContain('case.withdrawn')
    await relogin()
    expect((await get(id)).feeOrder).toMatchObject({ status: 'cancelled' })
    t.clock.set(START)
    await relogin()
  })

  it('ignores any client-supplied intake time (S4: the server sets it)', async () => {
    t.clock.set(START)
    const id = await windowCase()
    const r = await call('POST', `/api/cases/${id}/intake`, cookies.win, { decision: 'accept', acceptedAt: '2020-01-01T00:00:00Z' })
    // TypeBox strips or refuses the unknown field; either way the time is the server's
    if (r.statusCode === 200) expect(r.json().case.acceptedAt).toBe(new Date(START).toISOString())
    else expect(r.statusCode).toBe(400)
  })
})

describe('handling', () => {
  it('runs the steps in order, sends a review back, pauses and resumes (moving the due date), extends once, decides and completes after payment', async () => {
    t.clock.set(START)
    const id = await acceptedCase()
    let c = await get(id, cookies.rev)
    const mine = ok(await call('GET', '/api/cases?queue=mine', cookies.rev))
    expect(mine.items.map((x: { id: number }) => x.id)).toContain(id)
    expect(ok(await call('GET', '/api/cases?queue=mine', cookies.appr)).items.map((x: { id: number }) => x.id)).not.toContain(id)

    // the approver cannot decide before the review is done
    const early = await call('POST', `/api/cases/${id}/decision`, cookies.appr, { outcome: 'grant' })
    expect([early.statusCode, early.json().error.code]).toEqual([409, 'DECISION_NOT_DUE'])
    const review = activeStep(c)!
    c = ok(await call('POST', `/api/cases/${id}/steps/${review.id}/complete`, cookies.rev, { opinion: '材料齐全，符合条件', outcome: 'pass' })).case
    expect(activeStep(c)!.key).toBe('approve')
    // the approve step sends the case back to review
    c = ok(await call('POST', `/api/cases/${id}/steps/${activeStep(c)!.id}/complete`, cookies.appr, { opinion: '平面图需核实', outcome: 'return' })).case
    expect(activeStep(c)!.key).toBe('review')
    c = ok(await call('POST', `/api/cases/${id}/steps/${activeStep(c)!.id}/complete`, cookies.rev, { opinion: '已核实', outcome: 'pass' })).case
    expect(activeStep(c)!.key).toBe('approve')

    // pause (expert review) Tue 3 – Thu 5 March: two paused working days move both due dates
    t.clock.set('2026-03-03T10:00:00+08:00')
    await relogin()
    const notAllowed = await call('POST', `/api/cases/${id}/pauses`, cookies.appr, { kind: 'hearing', reason: '听证', expectedDays: 5 })
    expect([notAllowed.statusCode, notAllowed.json().error.code]).toEqual([409, 'PAUSE_KIND_NOT_ALLOWED'])
    const paused = ok(await call('POST', `/api/cases/${id}/pauses`, cookies.appr, { kind: 'expert_review', reason: '组织专家评审', expectedDays: 2 }))
    expect(paused.document.kind).toBe('pause_notice')
    expect(paused.case).toMatchObject({ status: 'paused', clock: { paused: true, promisedDue: null } })
    const whilePaused = await call('POST', `/api/cases/${id}/decision`, cookies.appr, { outcome: 'grant' })
    expect([whilePaused.statusCode, whilePaused.json().error.code]).toEqual([409, 'INVALID_TRANSITION'])
    t.clock.set('2026-03-05T16:00:00+08:00')
    await relogin()
    c = ok(await call('POST', `/api/cases/${id}/pauses/${paused.case.pauses[0].id}/resume`, cookies.appr)).case
    expect(c.clock).toMatchObject({ paused: false, pausedDays: 2, promisedDue: '2026-03-18', legalDue: '2026-04-01' })

    // extension: approver only, once, at most 10 working days for 行政许可
    const byReviewer = await call('POST', `/api/cases/${id}/extensions`, cookies.rev, { days: 5, reason: '情况复杂', approvedBy: '张局长' })
    expect(byReviewer.statusCode).toBe(403)
    const tooLong = await call('POST', `/api/cases/${id}/extensions`, cookies.appr, { days: 11, reason: '情况复杂', approvedBy: '张局长' })
    expect([tooLong.statusCode, tooLong.json().error.code]).toEqual([400, 'EXTENSION_TOO_LONG'])
    const ext = ok(await call('POST', `/api/cases/${id}/extensions`, cookies.appr, { days: 10, reason: '情况复杂', approvedBy: '张局长' }))
    expect(ext.document.kind).toBe('extension_notice')
    expect(ext.case.clock).toMatchObject({ extensionDays: 10, legalDue: '2026-04-16' })
    const again = await call('POST', `/api/cases/${id}/extensions`, cookies.appr, { days: 1, reason: '再延', approvedBy: '张局长' })
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'EXTENSION_ALREADY_GRANTED'])

    // deny needs reasons
    const deny = await call('POST', `/api/cases/${id}/decision`, cookies.appr, { outcome: 'deny' })
    expect([deny.statusCode, deny.json().error.code]).toEqual([400, 'REASONS_REQUIRED'])
    const granted = ok(await call('POST', `/api/cases/${id}/decision`, cookies.appr, { outcome: 'grant' }))
    expect(granted.document).toMatchObject({ kind: 'grant_decision' })
    expect(granted.case).toMatchObject({ status: 'decided', decision: { outcome: 'grant' } })
    expect(activeStep(granted.case)!.key).toBe('complete')

    // completion waits for the fees
    const unpaid = await call('POST', `/api/cases/${id}/complete`, cookies.win)
    expect([unpaid.statusCode, unpaid.json().error.code]).toEqual([409, 'FEES_UNPAID'])
    ok(await call('POST', `/api/fees/orders/${granted.case.feeOrder.id}/payments`, cookies.win, { method: 'cash', amountCents: 8000 }))
    const done = ok(await call('POST', `/api/cases/${id}/complete`, cookies.win)).case
    expect(done.status).toBe('completed')
    const result = done.documents.find((d: { kind: string }) => d.kind === 'result')
    expect(result.title).toBe('食品经营许可证')
    const pdf = await call('GET', `/api/cases/${id}/documents/${result.id}.pdf`, applicant.cookie)
    expect(pdf.statusCode).toBe(200)
    expect(pdf.headers['content-type']).toContain('application/pdf')
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')
    expect(await outbox(id)).toEqual(expect.arrayContaining(['case.received', 'case.accepted', 'case.paused', 'case.resumed', 'case.extended', 'case.decided', 'case.completed']))

    // the e-certificate of the result, reused in a second case instead of the licence copy (R49)
    const certs = ok(await call('GET', '/api/ecertificates/mine', applicant.cookie)).items
    const cert = certs.find((e: { caseId: number }) => e.caseId === id)
    expect(cert).toMatchObject({ type: 'food_licence', name: '食品经营许可证', holderName: '李建华' })
    const second = ok(await call('POST', '/api/cases', applicant.cookie, { itemId: reuseItem }), 201).case
    const reused = ok(await call('POST', `/api/cases/${second.id}/materials/reuse`, applicant.cookie, { materialKey: 'licence', eCertificateId: cert.id }), 201).material
    expect(reused).toMatchObject({ source: 'e_certificate', materialKey: 'licence' })
    // and an earlier upload is reused for the application form
    const earlier = (await get(id)).materials.find((m: { materialKey: string }) => m.materialKey === 'application')
    ok(await call('POST', `/api/cases/${second.id}/materials/reuse`, applicant.cookie, { materialKey: 'application', fromMaterialId: earlier.id }), 201)
    const submitted = ok(await call('POST', `/api/cases/${second.id}/submit`, applicant.cookie)).case
    expect(submitted.status).toBe('submitted')
    // another applicant cannot reuse someone else's certificate
    const foreign = ok(await call('POST', '/api/cases', other.cookie, { itemId: reuseItem }), 201).case
    const stolen = await call('POST', `/api/cases/${foreign.id}/materials/reuse`, other.cookie, { materialKey: 'licence', eCertificateId: cert.id })
    expect(stolen.statusCode).toBe(404)

    // delivery: pick-up at a centre chosen by the applicant
    const delivered = ok(await call('POST', `/api/cases/${id}/delivery`, cookies.win, { method: 'pickup', pickupCentreId: U.get('centre') })).case
    expect(delivered).toMatchObject({ status: 'delivered', delivery: { method: 'pickup' } })
    const twice = await call('POST', `/api/cases/${id}/delivery`, cookies.win, { method: 'download' })
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'INVALID_TRANSITION'])
    expect(twice.json().error.message).toContain('已送达')

    const timeline = ok(await call('GET', `/api/cases/${id}/timeline`, applicant.cookie)).items
    expect(timeline.map((x: { action: string }) => x.action)).toEqual(expect.arrayContaining(['cases.case.receive', 'cases.case.accept', 'cases.case.decide', 'cases.case.complete', 'cases.case.deliver']))
    const explain = ok(await call('GET', `/api/cases/${id}/clock/explain`, cookies.win))
    expect(explain.explanation.entries.filter((e: { kind: string }) => e.kind === 'paused')).toHaveLength(2)
  })

  it('denies with reasons and the remedies printed on the 不予许可决定书', async () => {
    t.clock.set(START)
    const id = await acceptedCase()
    let c = await get(id, cookies.rev)
    c = ok(await call('POST', `/api/cases/${id}/steps/${activeStep(c)!.id}/complete`, cookies.rev, { opinion: '不符合条件', outcome: 'pass' })).case
    const r = ok(await call('POST', `/api/cases/${id}/decision`, cookies.appr, { outcome: 'deny', reasons: '经营场所与住宅未有效分隔' }))
    expect(r.document.kind).toBe('denial_decision')
    const pdf = await call('GET', `/api/cases/${id}/documents/${r.document.id}.pdf`, cookies.win)
    expect(pdf.statusCode).toBe(200)
    const file = path.join(os.tmpdir(), `deny-${uniq()}.pdf`)
    fs.writeFileSync(file, pdf.rawPayload)
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '')
    fs.rmSync(file)
    for (const s of ['不予行政许可决定书', '经营场所与住宅未有效分隔', '行政复议', '德州市人民政府', '德州市德城区人民法院']) expect(text).toContain(s)
  })
})

describe('illegal transitions', () => {
  it.each([
    ['submitting a case filed at the window', 'submit'],
    ['a second intake decision on an accepted case', 'resume'],
    ['completing a case not yet decided', 'complete'],
  ])('answer 409 for %s', async (_why, what) => {
    t.clock.set(START)
    const id = await acceptedCase()
    const r =
      what === 'submit'
        ? await call('POST', `/api/cases/${id}/submit`, applicant.cookie)
        : what === 'resume'
          ? await call('POST', `/api/cases/${id}/intake`, cookies.win, { decision: 'accept' })
          : await call('POST', `/api/cases/${id}/complete`, cookies.win)
    expect(r.statusCode).toBe(409)
    expect(r.json().error.code).toBe('INVALID_TRANSITION')
  })
})

describe('data scope', () => {
  it('hides a case from another district’s staff and another applicant (404), and shows it to the receiving centre’s other window', async () => {
    t.clock.set(START)
    const id = await windowCase()
    for (const who of [cookies.kwin, cookies.krev, cookies.kappr, other.cookie]) {
      const r = await call('GET', `/api/cases/${id}`, who)
      expect([r.statusCode, r.json().error.code]).toEqual([404, 'NOT_FOUND'])
    }
    const act = await call('POST', `/api/cases/${id}/intake`, cookies.kwin, { decision: 'accept' })
    expect(act.statusCode).toBe(404)
    expect((await call('GET', `/api/cases/${id}`, cookies.win2)).statusCode).toBe(200)
    expect((await call('GET', `/api/cases/${id}`)).statusCode).toBe(401)
    const list = ok(await call('GET', '/api/cases', cookies.kwin))
    expect(list.items.map((x: { id: number }) => x.id)).not.toContain(id)
  })
})

describe('the public progress query', () => {
  it('answers with masked data for the number plus the ID number or the phone, and one 404 for any mismatch', async () => {
    t.clock.set(START)
    const id = await acceptedCase()
    const number = (await get(id)).number
    const r = ok(await call('GET', `/api/progress?number=${number}&idNumber=${applicant.idNumber}`))
    expect(r.case).toMatchObject({ number, applicantName: '李*华', status: 'accepted', statusName: '办理中', currentStep: '审核', promisedDue: '2026-03-16' })
    // the same times and item name as the case detail shows (the query formats the times itself)
    const d = await get(id)
    expect(r.case).toMatchObject({ itemName: d.itemName, receivedAt: d.receivedAt, acceptedAt: d.acceptedAt, completedAt: null })
    expect(r.case.receivedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    expect(JSON.stringify(r)).not.toContain(applicant.idNumber)
    expect(ok(await call('GET', `/api/progress?number=${number}&phone=${applicant.phone}`)).case.number).toBe(number)
    const wrong = [
      `/api/progress?number=${number}&idNumber=${other.idNumber}`,
      `/api/progress?number=${number}&phone=13900000000`,
      `/api/progress?number=${number}`,
      `/api/progress?number=371402202603029999&idNumber=${applicant.idNumber}`,
    ]
    const answers = await Promise.all(wrong.map(async (u) => { const x = await call('GET', u); return `${x.statusCode} ${x.body}` }))
    expect(new Set(answers).size).toBe(1)
    expect(answers[0]).toMatch(/^404 .*CASE_NOT_FOUND/)
  })

  it('lists the applicant’s own cases only', async () => {
    const mine = ok(await call('GET', '/api/cases/mine', applicant.cookie))
    expect(mine.total).toBeGreaterThan(3)
    const theirs = ok(await call('GET', '/api/cases/mine', other.cookie))
    const ids = new Set(mine.items.map((x: { id: number }) => x.id))
    expect(theirs.items.some((x: { id: number }) => ids.has(x.id))).toBe(false)
  })
})

describe('case numbers', () => {
  it('are unique and consecutive across two server instances creating cases concurrently', async () => {
    t.clock.set(START)
    const t2 = await createTestApp({ testDb: t.testDb, database: await t.testDb.openAnother(), clock: t.clock })
    try {
      const c2 = await t2.login(applicant.idNumber, applicant.password)
      const tasks = Array.from({ length: 24 }, (_, i) =>
        (i % 2 ? t2 : t).app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: i % 2 ? c2 : applicant.cookie }, payload: { itemId: item } }),
      )
      const rs = await Promise.all(tasks)
      const numbers = rs.map((r) => ok(r, 201).case.number as string)
      expect(new Set(numbers).size).toBe(24)
      const seqs = numbers.map((n) => Number(n.slice(-5))).sort((a, b) => a - b)
      expect(seqs[seqs.length - 1]! - seqs[0]!).toBe(23)
    } finally {
      await t2.app.close()
    }
  })
})

describe('deemed acceptance', () => {
  it('when the correction notice was never sent, the application counts as accepted on the day it was received (across the National Day holiday)', async () => {
    t.clock.set('2026-09-29T10:00:00+08:00') // Tuesday before the National Day holiday
    await relogin()
    const id = await windowCase()
    const notice = await windowCase(['application'])
    ok(await call('POST', `/api/cases/${notice}/intake`, cookies.win, { decision: 'correction', items: [{ materialKey: 'site_plan', problem: '缺' }, { materialKey: 'health_cert', problem: '缺' }] }))
    // working days after 29 Sep: 30 Sep, 8, 9, 10 (make-up Saturday), 12 Oct → still waiting on 12 Oct
    const statusOf = async (caseId: number) => (await t.deps.db.selectFrom('case').select('status').where('id', '=', caseId).executeTakeFirstOrThrow()).status
    t.clock.set('2026-10-12T23:00:00+08:00')
    await sweepDeemed(t.deps, systemCtx('test'), t.clock.now())
    expect(await statusOf(id)).toBe('received')
    t.clock.set('2026-10-13T08:00:00+08:00')
    expect(await sweepDeemed(t.deps, systemCtx('test'), t.clock.now())).toBeGreaterThanOrEqual(1)
    expect(await statusOf(id)).toBe('accepted')
    await relogin()
    const c = await get(id)
    expect(c).toMatchObject({ status: 'accepted', deemed: true, intakeKind: 'deemed' })
    expect(c.acceptedAt).toBe(c.receivedAt)
    expect(c.receivedAt).toBe(new Date('2026-09-29T10:00:00+08:00').toISOString())
    expect(c.clock.start).toBe('2026-09-29')
    expect(c.documents.map((d: { kind: string }) => d.kind)).toContain('acceptance_notice')
    expect((await get(notice)).status).toBe('correction_requested')
    t.clock.set(START)
    await relogin()
  })
})

describe('deadlines beyond the published holiday schedule', () => {
  it('accepts the case with the deadline pending (never guessed), and fills it in once the year is imported', async () => {
    // 14 Dec 2026: the promised 10 working days end in 2026, the legal 20 in 2027, whose schedule the calendar does not have
    t.clock.set('2026-12-14T10:00:00+08:00')
    await relogin()
    const id = await acceptedCase()
    const c = await get(id)
    expect(c.status).toBe('accepted')
    expect(c.clock).toMatchObject({ start: '2026-12-14', promisedDue: '2026-12-28', legalDue: null, calendarPending: true })
    const row = await t.deps.db.selectFrom('case').select(['legal_due', 'promised_due']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toEqual({ legal_due: null, promised_due: '2026-12-28' })
    expect(await sweepPendingDeadlines(t.deps, systemCtx('test'), t.clock.now())).toBe(0) // nothing to fill yet

    // an administrator imports 2027 (a test fixture: only 1 January off)
    const admin = await t.login('admin', ADMIN_PASSWORD)
    ok(await call('POST', '/api/calendar/years/import', admin, { year: 2027, days: [{ name: '元旦', date: '2027-01-01', isOffDay: true }] }), 201)
    expect(await sweepPendingDeadlines(t.deps, systemCtx('test'), t.clock.now())).toBeGreaterThanOrEqual(1)
    // 13 working days 15–31 Dec, then 4–8 Jan (5) and 11–12 Jan (2) → 12 Jan 2027
    const after = await get(id)
    expect(after.clock).toMatchObject({ legalDue: '2027-01-12', promisedDue: '2026-12-28', calendarPending: false })
    const filled = await t.deps.db.selectFrom('audit_record').select('action').where('target_type', '=', 'case').where('target_id', '=', String(id)).where('action', '=', 'cases.case.deadlines_filled').execute()
    expect(filled).toHaveLength(1)
    t.clock.set(START)
    await relogin()
  })
})

describe('选地取件: the applicant chooses where to receive the result', () => {
  it('lists centres publicly, keeps a chosen centre with the application, and refuses a place that is not a service centre', async () => {
    t.clock.set(START)
    await relogin()
    const centres = ok(await call('GET', '/api/org/centres?regionCode=371402')).items as { id: number; name: string }[]
    expect(centres.map((c) => c.id)).toContain(U.get('centre'))
    expect(centres.map((c) => c.id)).not.toContain(U.get('kcentre')) // another county
    const draft = ok(await call('POST', '/api/cases', applicant.cookie, { itemId: item }), 201).case
    const notACentre = await call('PUT', `/api/cases/${draft.id}/form`, applicant.cookie, { form: { delivery: { method: 'pickup', centreId: U.get('win') } } })
    expect([notACentre.statusCode, notACentre.json().error.code]).toEqual([400, 'DELIVERY_INVALID'])
    const noAddress = await call('PUT', `/api/cases/${draft.id}/form`, applicant.cookie, { form: { delivery: { method: 'post' } } })
    expect([noAddress.statusCode, noAddress.json().error.code]).toEqual([400, 'DELIVERY_INVALID'])
    ok(await call('PUT', `/api/cases/${draft.id}/form`, applicant.cookie, { form: { delivery: { method: 'pickup', centreId: U.get('centre') } } }))
    const c = await get(draft.id, applicant.cookie)
    expect(c.deliveryChoice).toMatchObject({ method: 'pickup', centreId: U.get('centre') })
    expect(c.deliveryChoice.centreName).toContain('德城区政务服务中心')
  })
})
