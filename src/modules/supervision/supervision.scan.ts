/**
 * The supervision pass (sweep `supervision.scan`, every minute): raise what the detectors find,
 * exactly once (INSERT … ON CONFLICT (dedupe_key) DO NOTHING RETURNING), auditing and notifying only
 * the rows actually inserted, in the same transaction; set the yellow cards' follow-up dates; close
 * condition alerts whose condition is gone; move the incremental detectors' watermark on.
 */
import { sql } from 'kysely'
import type { Deps } from '../../server/context.js'
import { systemCtx } from '../../server/context.js'
import { mutate, type Tx } from '../../server/mutate.js'
import { addOrPending, toShanghaiDate } from '../calendar/index.js'
import { ALERT_KINDS, type AlertKind } from './supervision.types.js'
import { CLOSERS, DETECTORS, INCREMENTAL, READS_RAISED } from './supervision.rules.js'
import { buildPass, type Pass } from './supervision.thresholds.js'
import { announceAll, anyOf, auditChunks, type RaisedRow } from './supervision.announce.js'

export type { RaisedRow } from './supervision.announce.js'

/** Rows changed up to this long before the last pass's watermark are read again (late commits). */
const WATERMARK_MARGIN_MS = 5 * 60_000
const WATERMARK = 'scan.history'

export interface ScanResult {
  raised: Partial<Record<AlertKind, number>>
  closed: number
}

class NothingToWrite extends Error {}

/** Runs a write that may turn out empty: an empty one is rolled back instead of audited. */
export async function maybeMutate<T>(deps: Deps, requestId: string, fn: (tx: Tx) => Promise<T | null>): Promise<T | null> {
  try {
    return await mutate(deps, systemCtx(requestId), async (tx) => {
      const r = await fn(tx)
      if (r === null) throw new NothingToWrite()
      return r
    })
  } catch (e) {
    if (e instanceof NothingToWrite) return null
    throw e
  }
}

export async function scan(deps: Deps, now: Date): Promise<ScanResult> {
  const pass = await buildPass(deps, now)
  const wm = await deps.db.selectFrom('supervision_watermark').select('at').where('name', '=', WATERMARK).executeTakeFirst()
  const since = wm ? new Date(new Date(wm.at).getTime() - WATERMARK_MARGIN_MS) : new Date(0)
  // the deadline detectors and closers read only changed cases when the last complete pass had the
  // same thresholds: same day, no settings saved since (the first pass of a day reads every open case)
  const settingsAt = await deps.db.selectFrom('supervision_settings').select((eb) => eb.fn.max('updated_at').as('at')).executeTakeFirst()
  const sameDay = !!wm && toShanghaiDate(new Date(wm.at)) === pass.today && (!settingsAt?.at || new Date(settingsAt.at).getTime() < new Date(wm.at).getTime())
  const sameDaySince = sameDay ? since : null
  const result: ScanResult = { raised: {}, closed: 0 }
  const input = (kind: AlertKind) => ({ pass, since: INCREMENTAL.has(kind) ? since : new Date(0), sameDaySince })
  const detectors = Object.entries(DETECTORS) as [AlertKind, NonNullable<(typeof DETECTORS)[AlertKind]>][]
  // one round trip finds the kinds with something new (usually none): a transaction per kind only for those
  const probe = sql.join(
    detectors.map(([kind, detector]) => sql`SELECT ${kind}::text AS kind WHERE EXISTS (SELECT 1 FROM (${detector(input(kind))}) d WHERE NOT EXISTS (SELECT 1 FROM supervision_alert x WHERE x.dedupe_key = d.dedupe_key))`),
    sql` UNION ALL `,
  )
  const due = new Set((await sql<{ kind: AlertKind }>`${probe}`.execute(deps.db)).rows.map((r) => r.kind))
  for (const [kind, detector] of detectors) {
    const source = READS_RAISED[kind]
    if (!due.has(kind) && !(source && result.raised[source])) continue
    const n = await maybeMutate(deps, `sweep:supervision.scan:${kind}`, async (tx) => {
      const k = ALERT_KINDS[kind]
      const inserted = await sql<RaisedRow>`
        INSERT INTO supervision_alert (kind, level, rule, dedupe_key, case_id, joint_case_id, step_id, unit_id, user_id, evidence, evidence_text, raised_at, due, region_code)
        SELECT ${kind}, ${k.level}, ${k.rule}, d.dedupe_key, d.case_id, d.joint_case_id, d.step_id, d.unit_id, d.user_id, d.evidence, d.evidence_text, ${tx.now}, d.due::date, d.region_code
          FROM (${detector(input(kind))}) d
         WHERE NOT EXISTS (SELECT 1 FROM supervision_alert x WHERE x.dedupe_key = d.dedupe_key)
        ON CONFLICT (dedupe_key) DO NOTHING
        RETURNING id, kind, level, case_id, joint_case_id, step_id, unit_id, user_id, evidence_text, due, region_code`.execute(tx.db)
      if (inserted.rows.length === 0) return null
      if (kind === 'yellow_card') await setCardDues(tx, pass, inserted.rows)
      await announceAll(tx, inserted.rows)
      return inserted.rows.length
    })
    if (n) result.raised[kind] = n
  }
  // many new rows (a first pass over a backlog): fresh statistics, or the planner keeps believing the
  // alert table is empty (PGlite has no autovacuum; on a server it would come a minute later)
  if (Object.values(result.raised).reduce((a, b) => a + (b ?? 0), 0) >= 1000) await sql`ANALYZE supervision_alert`.execute(deps.db)
  result.closed = await closeResolved(deps, pass, sameDaySince)
  await deps.db
    .insertInto('supervision_watermark')
    .values({ name: WATERMARK, at: now })
    .onConflict((oc) => oc.column('name').doUpdateSet({ at: sql`greatest(supervision_watermark.at, excluded.at)` }))
    .execute()
  return result
}

/**
 * R19: the yellow card demands completion within cardFollowupDays working days of the promised date.
 * Computed in JS from each region's calendar for the whole batch, written with ONE UPDATE … FROM unnest.
 */
async function setCardDues(tx: Tx, pass: Pass, rows: RaisedRow[]): Promise<void> {
  const caseIds = rows.map((r) => Number(r.case_id)).filter((id) => id > 0)
  if (caseIds.length === 0) return
  const promised = new Map(
    (await tx.db.selectFrom('case').select(['id', 'promised_due']).where('id', '=', anyOf(caseIds)).execute()).map((c) => [Number(c.id), c.promised_due]),
  )
  const ids: number[] = []
  const dues: string[] = []
  for (const row of rows) {
    const p = row.case_id === null ? null : promised.get(Number(row.case_id))
    const th = pass.byRegion.get(row.region_code) ?? pass.regions[0]
    if (!p || !th) continue
    row.due = addOrPending(th.cal, p, th.settings.cardFollowupDays)
    if (row.due === null) continue
    ids.push(Number(row.id))
    dues.push(row.due)
  }
  if (ids.length) await sql`UPDATE supervision_alert a SET due = u.due FROM unnest(${ids}::bigint[], ${dues}::date[]) AS u(id, due) WHERE a.id = u.id`.execute(tx.db)
}

/** Audit and notify one freshly raised alert (inside its transaction): announceAll of one. */
export async function announce(tx: Tx, row: RaisedRow): Promise<void> {
  await announceAll(tx, [row])
}

/** Closes the condition alerts whose condition is gone, each with its reason and an audit record. */
async function closeResolved(deps: Deps, pass: Pass, sameDaySince: Date | null): Promise<number> {
  let total = 0
  const closers = Object.entries(CLOSERS) as [AlertKind, NonNullable<(typeof CLOSERS)[AlertKind]>][]
  const probe = sql.join(
    closers.map(([kind, closer]) => sql`SELECT ${kind}::text AS kind WHERE EXISTS (${closer(pass, sameDaySince)})`),
    sql` UNION ALL `,
  )
  const due = new Set((await sql<{ kind: AlertKind }>`${probe}`.execute(deps.db)).rows.map((r) => r.kind))
  for (const [kind, closer] of closers) {
    if (!due.has(kind)) continue
    const n = await maybeMutate(deps, `sweep:supervision.scan:close:${kind}`, async (tx) => {
      const closed = await sql<{ id: number; reason: string; case_id: number | null; unit_id: number }>`
        UPDATE supervision_alert a SET status = 'closed', closed_at = ${tx.now}, close_reason = r.reason
          FROM (${closer(pass, sameDaySince)}) r
         WHERE a.id = r.id AND a.status = 'open'
        RETURNING a.id, r.reason, a.case_id, a.unit_id`.execute(tx.db)
      if (closed.rows.length === 0) return null
      const k = ALERT_KINDS[kind]
      const numbers = await caseNumbers(tx, closed.rows)
      await auditChunks(tx, 'supervision.alert.close', closed.rows, (a) => (a.case_id === null ? null : (numbers.get(Number(a.case_id)) ?? null)), {
        one: (a) => `${k.name}解除：${a.reason}`,
        many: (rs) => `${k.name}解除 ${rs.length.toLocaleString('en-US')} 件：${reasonCounts(rs)}`,
        after: (rs) => ({ status: 'closed', kind, by: 'scan', ...(rs.length === 1 ? { reason: rs[0]!.reason } : { reasons: rs.map((r) => r.reason) }) }),
      })
      return closed.rows.length
    })
    total += n ?? 0
  }
  return total
}

async function caseNumbers(tx: Tx, rows: { case_id: number | null }[]): Promise<Map<number, string>> {
  const ids = [...new Set(rows.filter((r) => r.case_id !== null).map((r) => Number(r.case_id)))]
  if (ids.length === 0) return new Map()
  return new Map((await tx.db.selectFrom('case').select(['id', 'number']).where('id', '=', anyOf(ids)).execute()).map((c) => [Number(c.id), c.number]))
}

/** '办件已办结 812 件，已超过承诺期限，转为黄牌 188 件' */
function reasonCounts(rows: { reason: string }[]): string {
  const n = new Map<string, number>()
  for (const r of rows) n.set(r.reason, (n.get(r.reason) ?? 0) + 1)
  return [...n].map(([reason, c]) => `${reason} ${c.toLocaleString('en-US')} 件`).join('，')
}
