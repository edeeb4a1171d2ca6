/**
 * The maintained rollups. refreshStats(deps, now) — run by the sweep `stats.refresh` every minute,
 * and callable directly (tests, demo, benchmark) — brings them up to date:
 *
 *  1. cases whose (updated_at, id) is past the `case` watermark, in batches of BATCH, each batch in
 *     one transaction holding the watermark row (FOR UPDATE), so two instances (or a direct call
 *     beside the sweep) never interleave: the second waits and then sees the moved watermark.
 *     Each case's fact row is recomputed from the case (set-based reads, the clock in JS with the
 *     calendar of the case's region), the (day, unit) keys of its old and new fact go to
 *     stats_dirty, and only those keys of stats_day are re-aggregated from the facts.
 *  2. completed steps past the `step` watermark → stats_step_fact → stats_staff_day, the same way.
 *  3. ratings and alerts: their day rows for the last EVENT_DAYS days are re-aggregated (they have
 *     no updated_at; an appeal can void an old rating), and on the first run all of history.
 *
 * The stored watermark lags LAG_MS behind the clock: a transaction that committed late with an
 * earlier updated_at is picked up on the next pass (re-processing a case is idempotent).
 * No audit record: nothing here changes a business record; the rollups are derived data.
 */
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Deps, Trx } from '../../server/context.js'
import { getCalendar, type Calendar, type Pause } from '../calendar/index.js'
import { addDays, shanghaiDay } from './stats.kpis.js'

const BATCH = 1000
const LAG_MS = 2 * 60_000
export const EVENT_DAYS = 62

const CASE_KINDS = ['received', 'accepted', 'completed', 'overdue_in', 'overdue_out'] as const

export interface RefreshResult {
  cases: number
  steps: number
  batches: number
}

/**
 * getCalendar reads through the handle it is given; inside a batch it must read through the batch's
 * transaction (PGlite has one connection). One holder per refreshStats call (its cache lives with
 * the holder), pointed at each batch's transaction in turn; concurrent calls never share one.
 */
type CalHolder = { db: Kysely<DB> }

async function calendarsFor(h: CalHolder, trx: Trx, regions: Iterable<string>): Promise<Map<string, Calendar>> {
  h.db = trx
  const out = new Map<string, Calendar>()
  for (const r of new Set(regions)) {
    try {
      out.set(r, await getCalendar(h, r))
    } catch {
      out.set(r, await getCalendar(h, null))
    }
  }
  return out
}

function day(d: Date | string | null | undefined): string | null {
  return d ? shanghaiDay(new Date(d)) : null
}

/** Working days between two dates, or null when a date lies beyond the published holiday data. */
function elapsed(cal: Calendar | undefined, from: string, to: string, pauses: Pause[]): number | null {
  if (!cal) return null
  try {
    return to <= from ? 0 : cal.elapsedWorkdays(from, to, pauses)
  } catch {
    return null
  }
}

interface CaseRow {
  id: number
  region_code: string
  unit_id: number
  window_id: number | null
  item_id: number
  channel: string
  status: string
  received_at: Date | null
  accepted_at: Date | null
  decided_at: Date | null
  completed_at: Date | null
  withdrawn_at: Date | null
  legal_days: number
  promised_days: number
  promised_due: string | null
  updated_at: Date
  level: number | null
  instant_item: boolean | null
  intake_user_id: number | null
  corrections: number
}

export interface Fact {
  case_id: number
  region_code: string
  level: number
  unit_id: number
  window_id: number
  intake_user_id: number
  item_id: number
  channel: string
  status: string
  received_day: string | null
  accepted_day: string | null
  decided_day: string | null
  completed_day: string | null
  withdrawn: boolean
  instant: boolean
  on_time: boolean | null
  early: boolean | null
  workdays: number | null
  legal_days: number
  corrections: number
  overdue_from: string | null
  overdue_to: string | null
  case_updated_at: Date
}

/** The fact of one case (exported for the unit tests of the definitions). */
export function factOf(c: CaseRow, cal: Calendar | undefined, pauses: Pause[]): Fact | null {
  const received = day(c.received_at)
  const accepted = day(c.accepted_at)
  if (!received && !accepted) return null
  const decided = accepted ? day(c.decided_at) : null
  const completed = accepted ? day(c.completed_at) : null
  const withdrawnDay = c.status === 'withdrawn' ? day(c.withdrawn_at) : null
  const stop = decided ?? completed
  const workdays = accepted && stop ? elapsed(cal, accepted, stop, pauses) : null
  const instant = !!c.instant_item && completed !== null && completed === accepted
  let onTime: boolean | null = null
  let early: boolean | null = null
  if (completed && stop) {
    if (instant) {
      onTime = true
      early = false
    } else if (c.promised_due) {
      onTime = stop <= c.promised_due
      early = stop < c.promised_due
    } else {
      onTime = workdays !== null ? workdays <= c.promised_days : null
      early = workdays !== null ? workdays < c.promised_days : null
    }
  }
  // overdue: from the day after the promised date until the decision (or withdrawal); not while paused
  let overdueFrom: string | null = null
  let overdueTo: string | null = null
  if (accepted && c.promised_due && !instant) {
    const end = stop ?? withdrawnDay
    if (end === null ? c.status !== 'paused' : end > c.promised_due) {
      overdueFrom = addDays(c.promised_due, 1)
      overdueTo = end
    }
  }
  return {
    case_id: c.id,
    region_code: c.region_code,
    level: c.level ?? 0,
    unit_id: c.unit_id,
    window_id: c.window_id ?? 0,
    intake_user_id: c.intake_user_id ?? 0,
    item_id: c.item_id,
    channel: c.channel,
    status: c.status,
    received_day: received,
    accepted_day: accepted,
    decided_day: decided,
    completed_day: completed,
    withdrawn: c.status === 'withdrawn',
    instant,
    on_time: onTime,
    early,
    workdays,
    legal_days: c.legal_days,
    corrections: Number(c.corrections),
    overdue_from: overdueFrom,
    overdue_to: overdueTo,
    case_updated_at: c.updated_at,
  }
}

function dirtyKeys(f: Pick<Fact, 'unit_id' | 'received_day' | 'accepted_day' | 'completed_day' | 'overdue_from' | 'overdue_to'>): string[] {
  return [f.received_day, f.accepted_day, f.completed_day, f.overdue_from, f.overdue_to].filter((d): d is string => !!d).map((d) => `${d}|${f.unit_id}`)
}

type Cursor = { at: Date | null; id: number }

function later(a: Cursor, b: Cursor): boolean {
  if (a.at === null) return false
  if (b.at === null) return true
  return a.at.getTime() > b.at.getTime() || (a.at.getTime() === b.at.getTime() && a.id > b.id)
}

async function lockWatermark(trx: Trx, name: string): Promise<Cursor> {
  const r = await sql<{ at: Date | null; last_id: string | number }>`SELECT at, last_id FROM stats_watermark WHERE name = ${name} FOR UPDATE`.execute(trx)
  const row = r.rows[0]
  if (!row) {
    await sql`INSERT INTO stats_watermark (name) VALUES (${name}) ON CONFLICT (name) DO NOTHING`.execute(trx)
    return { at: null, id: 0 }
  }
  return { at: row.at ? new Date(row.at) : null, id: Number(row.last_id) }
}

/** The stored watermark never passes now − LAG_MS, so late commits are seen on the next pass. */
async function saveWatermark(trx: Trx, name: string, cursor: Cursor, now: Date): Promise<void> {
  const limit = new Date(now.getTime() - LAG_MS)
  const keep = cursor.at !== null && cursor.at.getTime() >= limit.getTime() ? { at: limit, id: 0 } : cursor
  await trx.updateTable('stats_watermark').set({ at: keep.at, last_id: keep.id, refreshed_at: now }).where('name', '=', name).execute()
}

async function caseBatch(h: CalHolder, trx: Trx, cursor: Cursor): Promise<{ n: number; next: Cursor }> {
  const after = cursor.at === null ? sql`true` : sql`(c.updated_at, c.id) > (${cursor.at}, ${cursor.id})`
  const rows = (
    await sql<CaseRow>`
      SELECT c.id, c.region_code, c.unit_id, c.window_id, c.item_id, c.channel, c.status, c.received_at, c.accepted_at,
             c.decided_at, c.completed_at, c.withdrawn_at, c.legal_days, c.promised_days, c.promised_due, c.updated_at,
             r.level, (iv.guide->>'instant')::boolean AS instant_item,
             (SELECT s.assignee_id FROM case_step s WHERE s.case_id = c.id AND s.seq = 0) AS intake_user_id,
             (SELECT count(*) FROM case_correction cc WHERE cc.case_id = c.id)::int AS corrections
        FROM "case" c
        JOIN org_unit u ON u.id = c.unit_id
        LEFT JOIN region r ON r.code = u.region_code
        LEFT JOIN item_version iv ON iv.id = c.item_version_id
       WHERE ${after}
       ORDER BY c.updated_at, c.id
       LIMIT ${BATCH}`.execute(trx)
  ).rows.map((r) => ({ ...r, id: Number(r.id), unit_id: Number(r.unit_id), window_id: r.window_id === null ? null : Number(r.window_id), item_id: Number(r.item_id), intake_user_id: r.intake_user_id === null ? null : Number(r.intake_user_id) }))
  if (rows.length === 0) return { n: 0, next: cursor }
  const ids = rows.map((r) => r.id)
  const pauseRows = await trx.selectFrom('case_pause').select(['case_id', 'started_at', 'ended_at']).where('case_id', 'in', ids).execute()
  const pauses = new Map<number, Pause[]>()
  for (const p of pauseRows) {
    const list = pauses.get(Number(p.case_id)) ?? []
    list.push({ from: shanghaiDay(new Date(p.started_at)), to: p.ended_at ? shanghaiDay(new Date(p.ended_at)) : null })
    pauses.set(Number(p.case_id), list)
  }
  const cals = await calendarsFor(h, trx, rows.map((r) => r.region_code))
  const old = await trx.selectFrom('stats_case_fact').select(['unit_id', 'received_day', 'accepted_day', 'completed_day', 'overdue_from', 'overdue_to']).where('case_id', 'in', ids).execute()
  const dirty = new Set<string>()
  for (const f of old) for (const k of dirtyKeys({ ...f, unit_id: Number(f.unit_id) })) dirty.add(k)
  const facts: Fact[] = []
  for (const r of rows) {
    const f = factOf(r, cals.get(r.region_code), pauses.get(r.id) ?? [])
    if (!f) continue
    facts.push(f)
    for (const k of dirtyKeys(f)) dirty.add(k)
  }
  await trx.deleteFrom('stats_case_fact').where('case_id', 'in', ids).execute()
  for (let i = 0; i < facts.length; i += 500) await trx.insertInto('stats_case_fact').values(facts.slice(i, i + 500)).execute()
  if (dirty.size > 0) {
    const keys = [...dirty].map((k) => {
      const [d, u] = k.split('|')
      return { day: d!, unit_id: Number(u) }
    })
    for (let i = 0; i < keys.length; i += 1000) await trx.insertInto('stats_dirty').values(keys.slice(i, i + 1000)).onConflict((oc) => oc.doNothing()).execute()
    await reaggregate(trx)
  }
  const last = rows[rows.length - 1]!
  return { n: rows.length, next: { at: new Date(last.updated_at), id: last.id } }
}

/** Re-aggregates stats_day for the dirty (day, unit) keys from the facts; empties stats_dirty. */
async function reaggregate(trx: Trx): Promise<void> {
  await sql`DELETE FROM stats_day d USING stats_dirty x
             WHERE d.day = x.day AND d.unit_id = x.unit_id AND d.kind IN (${sql.join([...CASE_KINDS])})`.execute(trx)
  // the intake user is not a dimension of the case rows (staff figures come from stats_staff_day):
  // fewer rows for every period query
  const dims = sql`f.unit_id, f.item_id, f.window_id, f.channel, f.level`
  const insert = (kind: string, dayCol: string, measures: ReturnType<typeof sql>, extra = sql`true`) => sql`
    INSERT INTO stats_day (day, kind, unit_id, item_id, window_id, user_id, channel, level,
                           n, completed, withdrawn, instant, on_time, early, late, workdays, legal_days, corrections)
    SELECT x.day, ${kind}, f.unit_id, f.item_id, f.window_id, 0, f.channel, f.level, count(*)::int, ${measures}
      FROM stats_dirty x JOIN stats_case_fact f ON f.unit_id = x.unit_id AND f.${sql.raw(dayCol)} = x.day
     WHERE ${extra}
     GROUP BY x.day, ${dims}`.execute(trx)
  const none = sql`0, 0, 0, 0, 0, 0, 0, 0, 0`
  await insert('received', 'received_day', sql`0, 0, 0, 0, 0, 0, 0, 0, sum(f.corrections)::int`)
  await insert('accepted', 'accepted_day', sql`count(f.completed_day)::int, count(*) FILTER (WHERE f.withdrawn)::int, 0, 0, 0, 0, 0, 0, 0`)
  await insert(
    'completed',
    'completed_day',
    sql`count(*)::int, 0, count(*) FILTER (WHERE f.instant)::int, count(*) FILTER (WHERE f.on_time)::int,
        count(*) FILTER (WHERE f.early)::int, count(*) FILTER (WHERE f.on_time = false)::int,
        coalesce(sum(f.workdays), 0)::bigint, sum(f.legal_days)::bigint, sum(f.corrections)::int`,
  )
  await insert('overdue_in', 'overdue_from', none)
  await insert('overdue_out', 'overdue_to', none, sql`f.overdue_from IS NOT NULL`)
  await sql`DELETE FROM stats_dirty`.execute(trx)
}

interface StepRow {
  id: number
  case_id: number
  assignee_id: number
  unit_id: number
  started_at: Date | null
  completed_at: Date
  due: string | null
  region_code: string
}

async function stepBatch(h: CalHolder, trx: Trx, cursor: Cursor): Promise<{ n: number; next: Cursor }> {
  const after = cursor.at === null ? sql`true` : sql`(s.completed_at, s.id) > (${cursor.at}, ${cursor.id})`
  const rows = (
    await sql<StepRow>`
      SELECT s.id, s.case_id, s.assignee_id, s.unit_id, s.started_at, s.completed_at, s.due, c.region_code
        FROM case_step s JOIN "case" c ON c.id = s.case_id
       WHERE s.completed_at IS NOT NULL AND ${after}
       ORDER BY s.completed_at, s.id
       LIMIT ${BATCH}`.execute(trx)
  ).rows
  if (rows.length === 0) return { n: 0, next: cursor }
  const ids = rows.map((r) => Number(r.id))
  const doneRows = await trx.selectFrom('case_step').select(['id', 'status', 'assignee_id']).where('id', 'in', ids).execute()
  const done = new Set(doneRows.filter((r) => r.status === 'done' && r.assignee_id !== null).map((r) => Number(r.id)))
  const cals = await calendarsFor(h, trx, rows.map((r) => r.region_code))
  const old = await trx.selectFrom('stats_step_fact').select(['day', 'user_id']).where('step_id', 'in', ids).execute()
  const dirty = new Set(old.map((o) => `${o.day}|${o.user_id}`))
  const facts = rows
    .filter((r) => done.has(Number(r.id)))
    .map((r) => {
      const d = shanghaiDay(new Date(r.completed_at))
      const start = r.started_at ? shanghaiDay(new Date(r.started_at)) : d
      return { step_id: Number(r.id), case_id: Number(r.case_id), user_id: Number(r.assignee_id), unit_id: Number(r.unit_id), day: d, on_time: r.due === null || d <= r.due, early: r.due !== null && d < r.due, workdays: elapsed(cals.get(r.region_code), start, d, []) ?? 0 }
    })
  for (const f of facts) dirty.add(`${f.day}|${f.user_id}`)
  await trx.deleteFrom('stats_step_fact').where('step_id', 'in', ids).execute()
  if (facts.length) await trx.insertInto('stats_step_fact').values(facts).execute()
  const keys = [...dirty].map((k) => k.split('|')).map(([d, u]) => sql`(${d!}, ${Number(u)}::bigint)`)
  for (let i = 0; i < keys.length; i += 500) {
    const part = sql.join(keys.slice(i, i + 500))
    await sql`DELETE FROM stats_staff_day WHERE (day, user_id) IN (${part})`.execute(trx)
    await sql`INSERT INTO stats_staff_day (day, user_id, unit_id, steps, on_time, early, workdays)
              SELECT day, user_id, unit_id, count(*)::int, count(*) FILTER (WHERE on_time)::int, count(*) FILTER (WHERE early)::int, sum(workdays)::bigint
                FROM stats_step_fact WHERE (day, user_id) IN (${part})
               GROUP BY day, user_id, unit_id`.execute(trx)
  }
  const last = rows[rows.length - 1]!
  return { n: rows.length, next: { at: new Date(last.completed_at), id: Number(last.id) } }
}

async function tableExists(db: Kysely<DB> | Trx, name: string): Promise<boolean> {
  const r = await sql<{ t: string | null }>`SELECT to_regclass(${name})::text AS t`.execute(db)
  return !!r.rows[0]?.t
}

const localDay = (col: string) => sql.raw(`to_char((${col} AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD')`)

/** Ratings and alerts by day and unit (re-aggregated for the recent days; all of history on the first pass). */
async function refreshEvents(trx: Trx, now: Date): Promise<void> {
  const wm = await lockWatermark(trx, 'events')
  const since = wm.at === null ? '0000-01-01' : addDays(shanghaiDay(now), -EVENT_DAYS)
  const sinceTs = wm.at === null ? new Date(0) : new Date(`${since}T00:00:00+08:00`)
  if (await tableExists(trx, 'public.rating')) {
    await sql`DELETE FROM stats_day WHERE kind = 'rating' AND day >= ${since}`.execute(trx)
    await sql`INSERT INTO stats_day (day, kind, unit_id, window_id, user_id, channel, n, satisfied, bad)
              SELECT ${localDay('r.created_at')}, 'rating', r.unit_id, coalesce(r.window_id, 0), coalesce(r.staff_id, 0), r.channel,
                     count(*)::int, count(*) FILTER (WHERE r.stars >= 3)::int, count(*) FILTER (WHERE r.stars <= 2)::int
                FROM rating r
               WHERE r.created_at >= ${sinceTs} AND r.status <> 'void' AND r.unit_id IS NOT NULL
               GROUP BY 1, r.unit_id, coalesce(r.window_id, 0), coalesce(r.staff_id, 0), r.channel`.execute(trx)
  }
  if (await tableExists(trx, 'public.supervision_alert')) {
    await sql`DELETE FROM stats_day WHERE kind = 'alert' AND day >= ${since}`.execute(trx)
    await sql`INSERT INTO stats_day (day, kind, unit_id, user_id, n, yellow, red)
              SELECT ${localDay('a.raised_at')}, 'alert', a.unit_id, coalesce(a.user_id, 0),
                     count(*) FILTER (WHERE a.kind NOT IN ('yellow_card', 'red_card'))::int,
                     count(*) FILTER (WHERE a.kind = 'yellow_card')::int, count(*) FILTER (WHERE a.kind = 'red_card')::int
                FROM supervision_alert a
               WHERE a.raised_at >= ${sinceTs} AND a.unit_id IS NOT NULL
               GROUP BY 1, a.unit_id, coalesce(a.user_id, 0)`.execute(trx)
  }
  await trx.updateTable('stats_watermark').set({ at: now, refreshed_at: now }).where('name', '=', 'events').execute()
}

/** Brings every rollup up to date (idempotent; safe beside another instance doing the same). */
export async function refreshStats(deps: Deps, now: Date = deps.clock.now()): Promise<RefreshResult> {
  const result: RefreshResult = { cases: 0, steps: 0, batches: 0 }
  const h: CalHolder = { db: deps.db }
  for (const name of ['case', 'step'] as const) {
    // the cursor of this call: the stored watermark lags behind it (see saveWatermark)
    let mem: Cursor | null = null
    for (;;) {
      const n: number = await deps.db.transaction().execute(async (trx) => {
        const stored = await lockWatermark(trx, name)
        const cursor = mem && later(mem, stored) ? mem : stored
        const b = name === 'case' ? await caseBatch(h, trx, cursor) : await stepBatch(h, trx, cursor)
        if (b.n > 0) await saveWatermark(trx, name, b.next, now)
        mem = b.next
        return b.n
      })
      if (name === 'case') result.cases += n
      else result.steps += n
      if (n > 0) result.batches++
      if (n < BATCH) break
    }
  }
  await deps.db.transaction().execute((trx) => refreshEvents(trx, now))
  return result
}
