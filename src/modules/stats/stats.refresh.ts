/**
 * The maintained rollups. refreshStats(deps, now) — run by the sweep `stats.refresh` every minute,
 * and callable directly (tests, demo, benchmark) — brings them up to date:
 *
 *  1. cases whose (updated_at, id) is past the `case` watermark, in batches of BATCH, each batch in
 *     one transaction holding the watermark row (FOR UPDATE), so two instances (or a direct call
 *     beside the sweep) never interleave: the second waits and then sees the moved watermark.
 *     Each case's fact row is recomputed from the case (set-based reads, the clock in JS with the
 *     calendar of the case's region) and written with one `INSERT … SELECT FROM unnest(arrays)`;
 *     the (day, unit) keys of its old and new fact go to stats_dirty. After the last batch, only
 *     those keys of stats_day are re-aggregated from the facts, once (a catch-up of millions of
 *     cases does not re-aggregate a day once per batch; keys left by a crash are rebuilt next time).
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
import type { StatsCaseFactTable } from './stats.tables.js'

/** Cases (or steps) per transaction: one read, one unnest insert, one dirty-key insert each. */
const BATCH = 5000
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

/** One row of stats_case_fact, as the refresh computes it. */
export type Fact = Omit<StatsCaseFactTable, 'case_updated_at'> & { case_updated_at: Date }

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

/** Per refreshStats call: the calendars' handle and the instant flag of each item version read so far. */
interface BatchState extends CalHolder {
  instant: Map<number, boolean>
}

/** The 即办件 flag of the versions not yet known (one small read per batch, not a jsonb read per case). */
async function instantFlags(st: BatchState, trx: Trx, versionIds: Iterable<number>): Promise<void> {
  const missing = [...new Set(versionIds)].filter((id) => !st.instant.has(id))
  if (missing.length === 0) return
  const rows = (await sql<{ id: string | number; instant: boolean | null }>`
    SELECT id, (guide->>'instant')::boolean AS instant FROM item_version WHERE id = ANY(${missing}::bigint[])`.execute(trx)).rows
  for (const id of missing) st.instant.set(id, false)
  for (const r of rows) st.instant.set(Number(r.id), !!r.instant)
}

/** Column arrays of rows, for one `INSERT … SELECT FROM unnest(…)` per batch (one statement, any size). */
function columns<T extends object, K extends keyof T>(rows: T[], keys: readonly K[]): T[K][][] {
  return keys.map((k) => rows.map((r) => r[k]))
}

const FACT_COLS = [
  'case_id', 'region_code', 'level', 'unit_id', 'window_id', 'intake_user_id', 'item_id', 'channel', 'status', 'received_day', 'accepted_day',
  'decided_day', 'completed_day', 'withdrawn', 'instant', 'on_time', 'early', 'workdays', 'legal_days', 'corrections', 'overdue_from', 'overdue_to', 'case_updated_at',
] as const satisfies readonly (keyof Fact)[]
const FACT_TYPES = [
  'bigint', 'text', 'smallint', 'bigint', 'bigint', 'bigint', 'bigint', 'text', 'text', 'text', 'text',
  'text', 'text', 'boolean', 'boolean', 'boolean', 'boolean', 'integer', 'integer', 'integer', 'text', 'text', 'timestamptz',
]

async function caseBatch(st: BatchState, trx: Trx, cursor: Cursor): Promise<{ n: number; next: Cursor }> {
  const after = cursor.at === null ? sql`true` : sql`(c.updated_at, c.id) > (${cursor.at}, ${cursor.id})`
  const raw = (
    await sql<Omit<CaseRow, 'instant_item'> & { item_version_id: number | string | null }>`
      SELECT c.id, c.region_code, c.unit_id, c.window_id, c.item_id, c.item_version_id, c.channel, c.status, c.received_at, c.accepted_at,
             c.decided_at, c.completed_at, c.withdrawn_at, c.legal_days, c.promised_days, c.promised_due, c.updated_at,
             r.level,
             (SELECT s.assignee_id FROM case_step s WHERE s.case_id = c.id AND s.seq = 0) AS intake_user_id,
             (SELECT count(*) FROM case_correction cc WHERE cc.case_id = c.id)::int AS corrections
        FROM "case" c
        JOIN org_unit u ON u.id = c.unit_id
        LEFT JOIN region r ON r.code = u.region_code
       WHERE ${after}
       ORDER BY c.updated_at, c.id
       LIMIT ${BATCH}`.execute(trx)
  ).rows
  if (raw.length === 0) return { n: 0, next: cursor }
  await instantFlags(st, trx, raw.filter((r) => r.item_version_id !== null).map((r) => Number(r.item_version_id)))
  const rows: CaseRow[] = raw.map((r) => ({
    ...r,
    id: Number(r.id),
    unit_id: Number(r.unit_id),
    window_id: r.window_id === null ? null : Number(r.window_id),
    item_id: Number(r.item_id),
    intake_user_id: r.intake_user_id === null ? null : Number(r.intake_user_id),
    instant_item: r.item_version_id === null ? null : (st.instant.get(Number(r.item_version_id)) ?? false),
  }))
  const ids = rows.map((r) => r.id)
  const pauseRows = (await sql<{ case_id: string | number; started_at: Date; ended_at: Date | null }>`
    SELECT case_id, started_at, ended_at FROM case_pause WHERE case_id = ANY(${ids}::bigint[])`.execute(trx)).rows
  const pauses = new Map<number, Pause[]>()
  for (const p of pauseRows) {
    const list = pauses.get(Number(p.case_id)) ?? []
    list.push({ from: shanghaiDay(new Date(p.started_at)), to: p.ended_at ? shanghaiDay(new Date(p.ended_at)) : null })
    pauses.set(Number(p.case_id), list)
  }
  const cals = await calendarsFor(st, trx, rows.map((r) => r.region_code))
  // the old facts' keys are dirty too (a case can move days or units); the first catch-up has none
  const old = (await sql<{ unit_id: string | number; received_day: string | null; accepted_day: string | null; completed_day: string | null; overdue_from: string | null; overdue_to: string | null }>`
    DELETE FROM stats_case_fact WHERE case_id = ANY(${ids}::bigint[])
    RETURNING unit_id, received_day, accepted_day, completed_day, overdue_from, overdue_to`.execute(trx)).rows
  const dirty = new Set<string>()
  for (const f of old) for (const k of dirtyKeys({ ...f, unit_id: Number(f.unit_id) })) dirty.add(k)
  const facts: Fact[] = []
  for (const r of rows) {
    const f = factOf(r, cals.get(r.region_code), pauses.get(r.id) ?? [])
    if (!f) continue
    facts.push(f)
    for (const k of dirtyKeys(f)) dirty.add(k)
  }
  if (facts.length) {
    const cols = columns(facts, FACT_COLS)
    await sql`INSERT INTO stats_case_fact (${sql.join(FACT_COLS.map((c) => sql.ref(c)))})
              SELECT * FROM unnest(${sql.join(cols.map((c, i) => sql`${c}::${sql.raw(FACT_TYPES[i]!)}[]`))})`.execute(trx)
  }
  await markDirty(trx, dirty)
  const last = rows[rows.length - 1]!
  return { n: rows.length, next: { at: new Date(last.updated_at), id: last.id } }
}

/** Records (day, unit) keys whose stats_day rows must be rebuilt; reaggregate() rebuilds them (same or a later transaction). */
async function markDirty(trx: Trx, dirty: Set<string>): Promise<void> {
  if (dirty.size === 0) return
  const days: string[] = []
  const units: number[] = []
  for (const k of dirty) {
    const i = k.indexOf('|')
    days.push(k.slice(0, i))
    units.push(Number(k.slice(i + 1)))
  }
  await sql`INSERT INTO stats_dirty (day, unit_id) SELECT * FROM unnest(${days}::text[], ${units}::bigint[]) ON CONFLICT DO NOTHING`.execute(trx)
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

async function stepBatch(st: BatchState, trx: Trx, cursor: Cursor): Promise<{ n: number; next: Cursor }> {
  const after = cursor.at === null ? sql`true` : sql`(s.completed_at, s.id) > (${cursor.at}, ${cursor.id})`
  const rows = (
    await sql<StepRow & { status: string }>`
      SELECT s.id, s.case_id, s.assignee_id, s.unit_id, s.started_at, s.completed_at, s.due, s.status, c.region_code
        FROM case_step s JOIN "case" c ON c.id = s.case_id
       WHERE s.completed_at IS NOT NULL AND ${after}
       ORDER BY s.completed_at, s.id
       LIMIT ${BATCH}`.execute(trx)
  ).rows
  if (rows.length === 0) return { n: 0, next: cursor }
  const ids = rows.map((r) => Number(r.id))
  const cals = await calendarsFor(st, trx, rows.map((r) => r.region_code))
  const old = (await sql<{ day: string; user_id: string | number }>`
    DELETE FROM stats_step_fact WHERE step_id = ANY(${ids}::bigint[]) RETURNING day, user_id`.execute(trx)).rows
  const dirty = new Set(old.map((o) => `${o.day}|${Number(o.user_id)}`))
  const facts = rows
    .filter((r) => r.status === 'done' && r.assignee_id !== null)
    .map((r) => {
      const d = shanghaiDay(new Date(r.completed_at))
      const start = r.started_at ? shanghaiDay(new Date(r.started_at)) : d
      return { step_id: Number(r.id), case_id: Number(r.case_id), user_id: Number(r.assignee_id), unit_id: Number(r.unit_id), day: d, on_time: r.due === null || d <= r.due, early: r.due !== null && d < r.due, workdays: elapsed(cals.get(r.region_code), start, d, []) ?? 0 }
    })
  for (const f of facts) dirty.add(`${f.day}|${f.user_id}`)
  if (facts.length) {
    const c = columns(facts, ['step_id', 'case_id', 'user_id', 'unit_id', 'day', 'on_time', 'early', 'workdays'] as const)
    await sql`INSERT INTO stats_step_fact (step_id, case_id, user_id, unit_id, day, on_time, early, workdays)
              SELECT * FROM unnest(${c[0]}::bigint[], ${c[1]}::bigint[], ${c[2]}::bigint[], ${c[3]}::bigint[], ${c[4]}::text[], ${c[5]}::boolean[], ${c[6]}::boolean[], ${c[7]}::integer[])`.execute(trx)
  }
  if (dirty.size) {
    const days: string[] = []
    const users: number[] = []
    for (const k of dirty) {
      const i = k.indexOf('|')
      days.push(k.slice(0, i))
      users.push(Number(k.slice(i + 1)))
    }
    const keys = sql`(SELECT * FROM unnest(${days}::text[], ${users}::bigint[]) AS k(day, user_id))`
    await sql`DELETE FROM stats_staff_day d USING ${keys} k WHERE d.day = k.day AND d.user_id = k.user_id`.execute(trx)
    await sql`INSERT INTO stats_staff_day (day, user_id, unit_id, steps, on_time, early, workdays)
              SELECT f.day, f.user_id, f.unit_id, count(*)::int, count(*) FILTER (WHERE f.on_time)::int, count(*) FILTER (WHERE f.early)::int, sum(f.workdays)::bigint
                FROM stats_step_fact f JOIN ${keys} k ON f.day = k.day AND f.user_id = k.user_id
               GROUP BY f.day, f.user_id, f.unit_id`.execute(trx)
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
  const st: BatchState = { db: deps.db, instant: new Map() }
  for (const name of ['case', 'step'] as const) {
    // the cursor of this call: the stored watermark lags behind it (see saveWatermark)
    let mem: Cursor | null = null
    for (;;) {
      const n: number = await deps.db.transaction().execute(async (trx) => {
        const stored = await lockWatermark(trx, name)
        const cursor = mem && later(mem, stored) ? mem : stored
        const b = name === 'case' ? await caseBatch(st, trx, cursor) : await stepBatch(st, trx, cursor)
        if (b.n > 0) await saveWatermark(trx, name, b.next, now)
        mem = b.next
        return b.n
      })
      if (name === 'case') result.cases += n
      else result.steps += n
      if (n > 0) result.batches++
      if (n < BATCH) break
    }
    // stats_day is rebuilt once per call for every (day, unit) the batches marked (a catch-up of
    // millions of cases rebuilds each key once, not once per batch), under the same lock
    if (name === 'case') {
      await deps.db.transaction().execute(async (trx) => {
        await lockWatermark(trx, 'case')
        await reaggregate(trx)
      })
    }
  }
  await deps.db.transaction().execute((trx) => refreshEvents(trx, now))
  return result
}
