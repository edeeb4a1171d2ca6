/**
 * Test fixtures for 好差评: a district (德城区 371402) with its centre, a general window and a
 * department window of 市场监管局, staff of each (window, department reviewer, supervisor, centre
 * administrator, a stranger in 乐陵), applicants, and an instant item (即办件) of the department, so
 * a case filed at the window and accepted is completed on the spot through the real API.
 */
import type { LightMyRequestResponse } from 'fastify'
import { sql } from 'kysely'
import { createTestApp, makeStaff, uniq, ADMIN_PASSWORD, type TestApp, type TestDb } from '../../test/harness.js'
import { mutate } from '../../server/mutate.js'
import { systemCtx } from '../../server/context.js'
import type { ManualClock } from '../../server/clock.js'
import { registerPerson, type TestApplicant } from '../../test/applicants.js'
import { createUnits, importRegions } from '../org/index.js'
import { sampleGuide } from '../catalog/catalog.testkit.js'

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE'
export const START = '2026-03-02T09:00:00+08:00' // Monday

export const ONLINE_OK = { efficiency: 5, guideAccuracy: 5, convenience: 4, usability: 5 }
export const WINDOW_OK = { efficiency: 5, competence: 5, attitude: 5 }

export interface Fx {
  t: TestApp
  U: Map<string, number>
  /** staff cookies: win (general window), dwin (department window), rev (dept reviewer), sup (supervisor), admin (centre admin), stranger */
  c: Record<string, string>
  staffIds: Record<string, number>
  app: TestApplicant
  other: TestApplicant
  itemId: number
  call(method: Method, url: string, cookie?: string, payload?: unknown): Promise<LightMyRequestResponse>
  ok<T = any>(r: LightMyRequestResponse, status?: number): T
  err(r: LightMyRequestResponse): [number, string]
  setClock(iso: string): Promise<void>
  /** a case of the applicant, filed at the general window and completed on the spot */
  completedCase(applicant?: TestApplicant): Promise<{ id: number; number: string }>
  outbox(event: string, where?: { caseId?: number; userId?: number }): Promise<number>
  auditCount(action: string, targetId?: number): Promise<number>
}

export async function setupFx(opts: { clock?: ManualClock; testDb?: TestDb } = {}): Promise<Fx> {
  const t = await createTestApp({ clock: opts.clock, testDb: opts.testDb })
  t.clock.set(START)
  await importRegions(t.deps, systemCtx(), { cityCode: '3714', withVillages: false })
  const U = await mutate(t.deps, systemCtx('test'), (tx) =>
    createUnits(
      tx,
      [
        { key: 'centre', kind: 'centre', subtype: 'county_centre', name: `德城区政务服务中心${uniq()}`, regionCode: '371402' },
        { key: 'dept', kind: 'department', name: `德城区市场监督管理局${uniq()}`, regionCode: '371402' },
        { key: 'win', kind: 'window', subtype: 'general', name: `综合受理窗口${uniq()}`, regionCode: '371402', parent: 'centre' },
        { key: 'dwin', kind: 'window', subtype: 'department', name: `市场监管窗口${uniq()}`, regionCode: '371402', parent: 'centre', department: 'dept' },
        { key: 'k', kind: 'department', name: `乐陵市市场监督管理局${uniq()}`, regionCode: '371481' },
      ],
      '好差评测试单位',
    ),
  )
  const staff = {
    win: await makeStaff(t.deps, { role: 'window_staff', unitId: U.get('win')! }),
    dwin: await makeStaff(t.deps, { role: 'window_staff', unitId: U.get('dwin')! }),
    rev: await makeStaff(t.deps, { role: 'reviewer', unitId: U.get('dept')! }),
    sup: await makeStaff(t.deps, { role: 'supervisor', regionCode: '371402' }),
    admin: await makeStaff(t.deps, { role: 'centre_admin', unitId: U.get('centre')! }),
    stranger: await makeStaff(t.deps, { role: 'reviewer', unitId: U.get('k')! }),
  }
  const c: Record<string, string> = {}
  const staffIds: Record<string, number> = {}
  for (const [k, s] of Object.entries(staff)) {
    c[k] = await t.login(s.username, s.password)
    staffIds[k] = s.id
  }
  const app = await registerPerson(t, '李建华')
  const other = await registerPerson(t, '赵六')

  const call = (method: Method, url: string, cookie?: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) })
  const ok = (r: LightMyRequestResponse, status = 200) => {
    if (r.statusCode !== status) throw new Error(`expected ${status}, got ${r.statusCode} ${r.body}`)
    return r.json()
  }
  const admin = await t.login('admin', ADMIN_PASSWORD)
  const guide = sampleGuide({
    code: uniq('EV').toUpperCase().slice(0, 20),
    name: '个体工商户名称变更登记',
    typeCode: '07',
    departmentId: U.get('dept')!,
    audiences: ['person', 'enterprise'],
    instant: true,
    legalLimitDays: 0,
    promisedLimitDays: 0,
    steps: [
      { key: 'intake', name: '受理', role: 'window_staff', limitDays: 0 },
      { key: 'review', name: '审核', role: 'window_staff', limitDays: 0 },
      { key: 'approve', name: '批准', role: 'window_staff', limitDays: 0 },
      { key: 'complete', name: '办结', role: 'window_staff', limitDays: 0 },
    ],
    materials: [{ key: 'application', name: '变更登记申请书', requirement: 'required', condition: null, form: 'original', copies: 1, blankFormFileId: null, sampleFileId: null, eCertificateType: null, secondary: false, note: null }],
    fees: [],
    conditionalAcceptance: false,
    pledgeAllowed: false,
    result: { type: 'registration', name: '变更登记通知书', eCertificateType: null },
  })
  const created = ok(await call('POST', '/api/catalog/items', admin, { guide }), 201)
  ok(await call('POST', `/api/catalog/items/${created.item.id}/publish`, admin, {}))
  const itemId = created.item.id as number

  const PDF = Buffer.from(`%PDF-1.4\n% evaluation\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`, 'latin1')
  const uploadApplication = async (caseId: number) => {
    const boundary = `----ow${Math.random().toString(16).slice(2)}`
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="materialKey"\r\n\r\napplication\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="application.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      PDF,
      Buffer.from(`${uniq()}\r\n--${boundary}--\r\n`),
    ])
    ok(await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/materials`, headers: { cookie: c.win!, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload }), 201)
  }

  const fx: Fx = {
    t, U, c, staffIds, app, other, itemId, call, ok,
    err: (r) => [r.statusCode, r.json().error?.code],
    async setClock(iso) {
      t.clock.set(iso)
      for (const [k, s] of Object.entries(staff)) c[k] = await t.login(s.username, s.password)
      for (const a of [app, other]) a.cookie = await a.relogin()
    },
    async completedCase(applicant = app) {
      const r = ok(await call('POST', '/api/cases/window', c.win, { itemId, windowId: U.get('win'), applicant: { userId: applicant.id } }), 201)
      await uploadApplication(r.case.id)
      const done = ok(await call('POST', `/api/cases/${r.case.id}/intake`, c.win, { decision: 'accept' })).case
      if (done.status !== 'completed') throw new Error(`instant case not completed: ${done.status}`)
      return { id: done.id as number, number: done.number as string }
    },
    async outbox(event, where = {}) {
      let q = t.deps.db.selectFrom('notice_outbox').select(sql<number>`count(*)`.as('n')).where('event', '=', event).where('channel', '=', 'inapp')
      if (where.caseId) q = q.where('case_id', '=', where.caseId)
      if (where.userId) q = q.where('recipient_user_id', '=', where.userId)
      return Number((await q.executeTakeFirstOrThrow()).n)
    },
    async auditCount(action, targetId) {
      let q = t.deps.db.selectFrom('audit_record').select(sql<number>`count(*)`.as('n')).where('action', '=', action)
      if (targetId !== undefined) q = q.where('target_id', '=', String(targetId))
      return Number((await q.executeTakeFirstOrThrow()).n)
    },
  }
  return fx
}
