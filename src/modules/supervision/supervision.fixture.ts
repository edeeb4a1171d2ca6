/**
 * Test fixtures for supervision: the joint core district (德城区: centre, general window, three
 * departments with reviewers, a 乐陵 stranger) plus the departments' approvers (the leaders), a
 * supervisor of the district's centre, and helpers that run window cases through the real services.
 */
import type { LightMyRequestResponse } from 'fastify'
import { setupFx, makeStaff, uniq, type Fx } from '../joint/joint.core-fixture.js'
import { getCalendar } from '../calendar/index.js'
import { scan } from './index.js'

export interface SupFx extends Fx {
  sup: { id: number; cookie: string }
  ids: Record<string, number>
  /** moves the clock (Asia/Shanghai local time 'YYYY-MM-DDTHH:MM') and logs everyone in again */
  at(local: string): Promise<void>
  scan(): ReturnType<typeof scan>
  windowCase(itemKey?: 'a' | 'b' | 'c'): Promise<number>
  upload(caseId: number, cookie: string, key: string): Promise<void>
  caseOf(id: number, cookie?: string): Promise<any>
  activeStep(id: number): Promise<any>
  alerts(caseId: number): Promise<{ kind: string; status: string; due: string | null; close_reason: string | null; level: string }[]>
}

const PDF = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`, 'latin1')

export async function setupSup(): Promise<SupFx> {
  const fx = (await setupFx()) as SupFx
  const mk = async (key: string, role: 'approver' | 'supervisor' | 'reviewer', unitKey: string) => {
    const s = await makeStaff(fx.t.deps, { role, unitId: fx.U.get(unitKey)! })
    fx.ids[key] = s.id
    creds[key] = s
    fx.c[key] = await fx.t.login(s.username, s.password)
  }
  const creds: Record<string, { username: string; password: string }> = {}
  fx.ids = {}
  await mk('apprA', 'approver', 'a')
  await mk('apprB', 'approver', 'b')
  await mk('sup', 'supervisor', 'centre')
  // the staff ids of the joint fixture's accounts
  for (const k of ['win', 'leadRev', 'revB', 'revC', 'stranger']) {
    const me = fx.ok(await fx.call('GET', '/api/auth/me', fx.c[k]))
    fx.ids[k] = Number(me.user?.id ?? me.id)
  }
  fx.sup = { id: fx.ids.sup!, cookie: fx.c.sup! }
  const baseSet = fx.setClock.bind(fx)
  fx.at = async (local: string) => {
    await baseSet(`${local}:00+08:00`)
    for (const [k, s] of Object.entries(creds)) fx.c[k] = await fx.t.login(s.username, s.password)
    fx.sup.cookie = fx.c.sup!
  }
  fx.scan = () => scan(fx.t.deps, fx.t.clock.now())
  fx.windowCase = async (itemKey = 'a') => {
    const r = fx.ok(await fx.call('POST', '/api/cases/window', fx.c.win, { itemId: fx.items[itemKey], windowId: fx.U.get('win'), applicant: { userId: fx.ent.id } }), 201)
    const keys = { a: ['application', 'site_plan'], b: ['application', 'site_plan', 'land_cert'], c: ['application', 'fire_design'] }[itemKey]
    for (const k of keys) await fx.upload(r.case.id, fx.c.win!, k)
    fx.ok(await fx.call('POST', `/api/cases/${r.case.id}/intake`, fx.c.win, { decision: 'accept' }))
    return r.case.id as number
  }
  fx.upload = async (caseId, cookie, k) => {
    {
      const boundary = `----ow${Math.random().toString(16).slice(2)}`
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="materialKey"\r\n\r\n${k}\r\n`),
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${k}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
        PDF(`${k} ${uniq()}`),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ])
      const up: LightMyRequestResponse = await fx.t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/materials`, headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload })
      fx.ok(up, 201)
    }
  }
  fx.caseOf = async (id, cookie = fx.c.win!) => fx.ok(await fx.call('GET', `/api/cases/${id}`, cookie)).case
  fx.activeStep = async (id) => (await fx.caseOf(id)).steps.find((s: { status: string }) => s.status === 'active')
  fx.alerts = async (caseId) =>
    (await fx.t.deps.db.selectFrom('supervision_alert').select(['kind', 'status', 'due', 'close_reason', 'level']).where('case_id', '=', caseId).orderBy('id').execute()) as never
  return fx
}

/** The working day `n` working days from `date` in 德城区 (for choosing test dates; not the code under test). */
export async function workday(fx: Fx, date: string, n: number): Promise<string> {
  return (await getCalendar(fx.t.deps, '371402')).addWorkingDays(date, n)
}
