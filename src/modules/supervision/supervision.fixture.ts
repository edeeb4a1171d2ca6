/**
 * Test fixtures for supervision: the joint core district (德城区: centre, general window, three
 * departments with reviewers, a 乐陵 stranger) plus the departments' approvers (the leaders), a
 * supervisor of the district's centre, and helpers that run window cases through the real services.
 */
import type { LightMyRequestResponse } from 'fastify'
import { sql } from 'kysely'
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

/**
 * `n` open cases cloned by SQL from a real accepted case (same item, unit, region), promised on
 * `promisedDue`, each with one active review step assigned to `assigneeId` and stamped as updated
 * now: a backlog as a department's import would leave it, for passes that raise thousands of alerts.
 * Returns the new cases' ids.
 */
export async function cloneOpenCases(fx: Fx, from: number, n: number, o: { promisedDue: string; assigneeId: number; tag: string }): Promise<number[]> {
  const now = fx.t.clock.now()
  const db = fx.t.deps.db
  const r = await sql<{ id: number }>`
    INSERT INTO "case" (number, item_id, item_version_id, unit_id, region_code, centre_id, window_id, channel, status, applicant_user_id,
                        applicant_kind, applicant_name, created_at, received_at, accepted_at, legal_days, promised_days, legal_due, promised_due, updated_at)
    SELECT ${o.tag} || lpad(g::text, 5, '0'), c.item_id, c.item_version_id, c.unit_id, c.region_code, c.centre_id, c.window_id, c.channel, 'accepted', c.applicant_user_id,
           c.applicant_kind, c.applicant_name, c.created_at, c.received_at, c.accepted_at, c.legal_days, c.promised_days, c.legal_due, ${o.promisedDue}, ${now}
      FROM "case" c, generate_series(1, ${n}::int) g WHERE c.id = ${from}
    RETURNING id`.execute(db)
  const ids = r.rows.map((x) => Number(x.id))
  await sql`
    INSERT INTO case_step (case_id, seq, key, name, role, unit_id, limit_days, status, started_at, due, assignee_id)
    SELECT c.id, 2, 'review', '审核', 'reviewer', c.unit_id, 3, 'active', c.accepted_at, c.promised_due, ${o.assigneeId}
      FROM "case" c WHERE c.id = ANY(${ids}::bigint[])`.execute(db)
  return ids
}
