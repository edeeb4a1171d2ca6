/** Helpers for the org tests: HTTP calls as a logged-in user, and audit counts. */
import { sql } from 'kysely'
import type { LightMyRequestResponse } from 'fastify'
import type { TestApp } from '../../test/harness.js'

export type Call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown) => Promise<LightMyRequestResponse>

/** Requests carrying a session cookie ('' for anonymous). */
export function caller(t: TestApp, cookie: string): Call {
  return (method, url, payload) =>
    t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) })
}

/** Creates a unit as `call`'s user and returns its id; fails loudly on anything but 201. */
export async function unit(call: Call, body: Record<string, unknown>): Promise<number> {
  const r = await call('POST', '/api/org/units', body)
  if (r.statusCode !== 201) throw new Error(`create unit ${JSON.stringify(body)} → ${r.statusCode} ${r.body}`)
  return r.json().unit.id as number
}

export async function auditCount(t: TestApp, action: string, targetId?: number | string): Promise<number> {
  let q = t.deps.db.selectFrom('audit_record').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', action)
  if (targetId !== undefined) q = q.where('target_id', '=', String(targetId))
  return Number((await q.executeTakeFirstOrThrow()).n)
}

export async function pathOf(t: TestApp, id: number): Promise<string> {
  const r = await sql<{ path: string }>`select path from org_unit where id = ${id}`.execute(t.deps.db)
  return r.rows[0]!.path
}
