/**
 * The maintained rollups. refreshStats(deps, now) — run by the sweep `stats.refresh` every minute,
 * and callable directly (tests, demo, benchmark) — brings them up to date:
 *
 *  1. cases whose (updated_at, id) is past the `case` watermark, in batches of BATCH, each batch in
 *     one transaction holding the watermark row (FOR UPDATE), so two instances (or a direct call
 *     beside the sweep) never interleave: the second waits and then sees the moved watermark.
 *     Each case's fact row is recomputed from the case (set-based reads, the clock in JS with the
 *     calendar of the case's region) and written with one `INSERT … SELECT FROM unnest(arrays)`;
 *     the old fact (deleted, returned) is subtracted from the rollups and the new one added
 *     (stats.deltas.ts), in the same transaction.
 *  2. completed steps past the `step` watermark → stats_step_fact → stats_staff_day, the same way.
 *  3. ratings and alerts: the ids their statement triggers queued (stats_event_queue), the same way
 *     through stats_rating_fact / stats_alert_fact; all of them when the `events` watermark is empty
 *     (the first refresh, or after a bulk load that bypassed the triggers: markEventsStale).
 *
 * The stored case and step watermarks lag LAG_MS behind the clock: a transaction that committed late
 * with an earlier updated_at is picked up on the next pass (re-processing a record adds its new fact
 * and subtracts the same old one: no change). No audit record: nothing here changes a business
 * record; the rollups are derived data.
 */
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Deps, Trx } from '../../server/context.js'
import { getCalendar, type Calendar, type Pause } from '../calendar/index.js'
import { addDays, shanghaiDay } from './stats.kpis.js'
import { MEASURES, type StatsAlertFactTable, type StatsCaseFactTable, type StatsRatingFactTable, type StatsStepFactTable } from './stats.tables.js'
import { Deltas } from './stats.deltas.js'

/** Cases (or steps, ratings, alerts) per transaction: one read, one fact insert, one upsert per rollup table. */
const BATCH = 5000
const LAG_MS = 2 * 60_000

export interface RefreshResult {
  cases: number
  steps: number
  /** ratings and alerts re-derived */
  events: number
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
    promised_due: c.promised_due,
    case_updated_at: c.updated_at,
  }
}

/** What one case fact contributes to the rollups, times `sign` (+1 the new fact, −1 the old one). */
export function addCaseFact(d: Deltas, f: Fact, sign: 1 | -1): void {
  const u = { unit_id: f.unit_id, window_id: f.window_id, channel: f.channel, level: f.level }
  const add = (day: string, m: Parameters<Deltas['add']>[1], n: number) => d.add(day, m, sign * n, u, f.item_id)
  if (f.received_day) {
    add(f.received_day, 'received', 1)
    add(f.received_day, 'received_corrections', f.corrections)
  }
  if (f.accepted_day) {
    add(f.accepted_day, 'accepted', 1)
    if (f.channel === 'online') add(f.accepted_day, 'accepted_online', 1)
    else if (f.channel === 'window') add(f.accepted_day, 'accepted_window', 1)
    if (f.completed_day) add(f.accepted_day, 'accepted_completed', 1)
    if (f.withdrawn) add(f.accepted_day, 'accepted_withdrawn', 1)
  }
  if (f.completed_day) {
    const c = f.completed_day
    add(c, 'completed', 1)
    if (f.instant) add(c, 'instant', 1)
    if (f.on_time === true) add(c, 'on_time', 1)
    if (f.on_time === false) add(c, 'late', 1)
    if (f.early) add(c, 'early', 1)
    add(c, 'workdays', f.workdays ?? 0)
    add(c, 'legal_days', f.legal_days)
    add(c, 'completed_corrections', f.corrections)
  }
  if (f.overdue_from) {
    add(f.overdue_from, 'overdue_in', 1)
    if (f.overdue_to) add(f.overdue_to, 'overdue_out', 1)
  }
  if ((f.status === 'accepted' || f.status === 'paused') && f.promised_due) d.open(f.region_code, f.unit_id, f.promised_due, f.status === 'paused', sign)
}

/** A fact row as read back from the database (bigint columns as strings) → Fact. */
function factFromRow(r: Record<string, unknown>): Fact {
  return {
    ...(r as unknown as Fact),
    case_id: Number(r.case_id),
    level: Number(r.level),
    unit_id: Number(r.unit_id),
    window_id: Number(r.window_id),
    intake_user_id: Number(r.intake_user_id),
    item_id: Number(r.item_id),
    workdays: r.workdays === null ? null : Number(r.workdays),
    legal_days: Number(r.legal_days),
    corrections: Number(r.corrections),
  }
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
  /** the rollups are not built yet: write facts only, then rebuildRollups() once */
  bulk: boolean
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
  'decided_day', 'completed_day', 'withdrawn', 'instant', 'on_time', 'early', 'workdays', 'legal_days', 'corrections', 'overdue_from', 'overdue_to', 'promised_due', 'case_updated_at',
] as const satisfies readonly (keyof Fact)[]
const FACT_TYPES = [
  'bigint', 'text', 'smallint', 'bigint', 'bigint', 'bigint', 'bigint', 'text', 'text', 'text', 'text',
  'text', 'text', 'boolean', 'boolean', 'boolean', 'boolean', 'integer', 'integer', 'integer', 'text', 'text', 'text', 'timestamptz',
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
  // the old facts are subtracted, the new ones added (a case can move days, units or status)
  const deltas = new Deltas(!st.bulk)
  const old = (await sql<Record<string, unknown>>`DELETE FROM stats_case_fact WHERE case_id = ANY(${ids}::bigint[]) RETURNING *`.execute(trx)).rows
  for (const f of old) addCaseFact(deltas, factFromRow(f), -1)
  const facts: Fact[] = []
  for (const r of rows) {
    const f = factOf(r, cals.get(r.region_code), pauses.get(r.id) ?? [])
    if (!f) continue
    facts.push(f)
    addCaseFact(deltas, f, 1)
  }
  if (facts.length) {
    const cols = columns(facts, FACT_COLS)
    await sql`INSERT INTO stats_case_fact (${sql.join(FACT_COLS.map((c) => sql.ref(c)))})
              SELECT * FROM unnest(${sql.join(cols.map((c, i) => sql`${c}::${sql.raw(FACT_TYPES[i]!)}[]`))})`.execute(trx)
  }
  await deltas.flush(trx)
  const last = rows[rows.length - 1]!
  return { n: rows.length, next: { at: new Date(last.updated_at), id: last.id } }
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
  const deltas = new Deltas(!st.bulk)
  const addStep = (f: StepFact, sign: 1 | -1) => {
    deltas.staff(f.day, f.user_id, f.unit_id, 'steps', sign)
    if (f.on_time) deltas.staff(f.day, f.user_id, f.unit_id, 'on_time', sign)
    if (f.early) deltas.staff(f.day, f.user_id, f.unit_id, 'early', sign)
    deltas.staff(f.day, f.user_id, f.unit_id, 'workdays', sign * f.workdays)
  }
  const old = (await sql<Record<string, unknown>>`DELETE FROM stats_step_fact WHERE step_id = ANY(${ids}::bigint[]) RETURNING *`.execute(trx)).rows
  for (const o of old) addStep({ step_id: Number(o.step_id), case_id: Number(o.case_id), user_id: Number(o.user_id), unit_id: Number(o.unit_id), day: String(o.day), on_time: !!o.on_time, early: !!o.early, workdays: Number(o.workdays) }, -1)
  const facts: StepFact[] = rows
    .filter((r) => r.status === 'done' && r.assignee_id !== null)
    .map((r) => {
      const d = shanghaiDay(new Date(r.completed_at))
      const start = r.started_at ? shanghaiDay(new Date(r.started_at)) : d
      return { step_id: Number(r.id), case_id: Number(r.case_id), user_id: Number(r.assignee_id), unit_id: Number(r.unit_id), day: d, on_time: r.due === null || d <= r.due, early: r.due !== null && d < r.due, workdays: elapsed(cals.get(r.region_code), start, d, []) ?? 0 }
    })
  for (const f of facts) addStep(f, 1)
  if (facts.length) {
    const c = columns(facts, ['step_id', 'case_id', 'user_id', 'unit_id', 'day', 'on_time', 'early', 'workdays'] as const)
    await sql`INSERT INTO stats_step_fact (step_id, case_id, user_id, unit_id, day, on_time, early, workdays)
              SELECT * FROM unnest(${c[0]}::bigint[], ${c[1]}::bigint[], ${c[2]}::bigint[], ${c[3]}::bigint[], ${c[4]}::text[], ${c[5]}::boolean[], ${c[6]}::boolean[], ${c[7]}::integer[])`.execute(trx)
  }
  await deltas.flush(trx)
  const last = rows[rows.length - 1]!
  return { n: rows.length, next: { at: new Date(last.completed_at), id: Number(last.id) } }
}

type StepFact = StatsStepFactTable

async function tableExists(db: Kysely<DB> | Trx, name: string): Promise<boolean> {
  const r = await sql<{ t: string | null }>`SELECT to_regclass(${name})::text AS t`.execute(db)
  return !!r.rows[0]?.t
}

const localDay = (col: string) => sql.raw(`to_char((${col} AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD')`)

type RatingFact = StatsRatingFactTable
type AlertFact = StatsAlertFactTable

function addRating(d: Deltas, f: RatingFact, sign: 1 | -1): void {
  const u = { unit_id: f.unit_id, window_id: f.window_id, channel: f.channel, level: 0 }
  for (const m of ['ratings', 'satisfied', 'bad'] as const) {
    const n = m === 'ratings' ? f.counted : f[m]
    d.add(f.day, m, sign * n, u)
    d.staff(f.day, f.user_id, f.unit_id, m, sign * n)
  }
}

function addAlert(d: Deltas, f: AlertFact, sign: 1 | -1): void {
  const u = { unit_id: f.unit_id, window_id: 0, channel: '', level: 0 }
  for (const m of ['alerts', 'yellow', 'red'] as const) {
    d.add(f.day, m, sign * f[m], u)
    d.staff(f.day, f.user_id, f.unit_id, m, sign * f[m])
  }
}

const num = (r: Record<string, unknown>, k: string) => Number(r[k])

/** Re-derives the facts of these ratings (present, changed or deleted) and applies the differences. */
async function ratingBatch(trx: Trx, d: Deltas, ids: number[]): Promise<void> {
  const old = (await sql<Record<string, unknown>>`DELETE FROM stats_rating_fact WHERE rating_id = ANY(${ids}::bigint[]) RETURNING *`.execute(trx)).rows
  for (const o of old) addRating(d, { rating_id: num(o, 'rating_id'), day: String(o.day), unit_id: num(o, 'unit_id'), window_id: num(o, 'window_id'), user_id: num(o, 'user_id'), channel: String(o.channel), counted: num(o, 'counted'), satisfied: num(o, 'satisfied'), bad: num(o, 'bad') }, -1)
  const rows = (
    await sql<RatingFact>`
      SELECT r.id AS rating_id, ${localDay('r.created_at')} AS day, r.unit_id, coalesce(r.window_id, 0) AS window_id, coalesce(r.staff_id, 0) AS user_id, r.channel,
             CASE WHEN r.status <> 'void' THEN 1 ELSE 0 END AS counted,
             CASE WHEN r.status <> 'void' AND r.stars >= 3 THEN 1 ELSE 0 END AS satisfied,
             CASE WHEN r.status <> 'void' AND r.stars <= 2 THEN 1 ELSE 0 END AS bad
        FROM rating r WHERE r.id = ANY(${ids}::bigint[]) AND r.unit_id IS NOT NULL`.execute(trx)
  ).rows.map((r) => ({ ...r, rating_id: Number(r.rating_id), unit_id: Number(r.unit_id), window_id: Number(r.window_id), user_id: Number(r.user_id), counted: Number(r.counted), satisfied: Number(r.satisfied), bad: Number(r.bad) }))
  for (const f of rows) addRating(d, f, 1)
  if (rows.length) {
    const c = columns(rows, ['rating_id', 'day', 'unit_id', 'window_id', 'user_id', 'channel', 'counted', 'satisfied', 'bad'] as const)
    await sql`INSERT INTO stats_rating_fact (rating_id, day, unit_id, window_id, user_id, channel, counted, satisfied, bad)
              SELECT * FROM unnest(${c[0]}::bigint[], ${c[1]}::text[], ${c[2]}::bigint[], ${c[3]}::bigint[], ${c[4]}::bigint[], ${c[5]}::text[], ${c[6]}::smallint[], ${c[7]}::smallint[], ${c[8]}::smallint[])`.execute(trx)
  }
}

async function alertBatch(trx: Trx, d: Deltas, ids: number[]): Promise<void> {
  const old = (await sql<Record<string, unknown>>`DELETE FROM stats_alert_fact WHERE alert_id = ANY(${ids}::bigint[]) RETURNING *`.execute(trx)).rows
  for (const o of old) addAlert(d, { alert_id: num(o, 'alert_id'), day: String(o.day), unit_id: num(o, 'unit_id'), user_id: num(o, 'user_id'), alerts: num(o, 'alerts'), yellow: num(o, 'yellow'), red: num(o, 'red') }, -1)
  const rows = (
    await sql<AlertFact>`
      SELECT a.id AS alert_id, ${localDay('a.raised_at')} AS day, a.unit_id, coalesce(a.user_id, 0) AS user_id,
             CASE WHEN a.kind NOT IN ('yellow_card', 'red_card') THEN 1 ELSE 0 END AS alerts,
             CASE WHEN a.kind = 'yellow_card' THEN 1 ELSE 0 END AS yellow,
             CASE WHEN a.kind = 'red_card' THEN 1 ELSE 0 END AS red
        FROM supervision_alert a WHERE a.id = ANY(${ids}::bigint[]) AND a.unit_id IS NOT NULL`.execute(trx)
  ).rows.map((r) => ({ ...r, alert_id: Number(r.alert_id), unit_id: Number(r.unit_id), user_id: Number(r.user_id), alerts: Number(r.alerts), yellow: Number(r.yellow), red: Number(r.red) }))
  for (const f of rows) addAlert(d, f, 1)
  if (rows.length) {
    const c = columns(rows, ['alert_id', 'day', 'unit_id', 'user_id', 'alerts', 'yellow', 'red'] as const)
    await sql`INSERT INTO stats_alert_fact (alert_id, day, unit_id, user_id, alerts, yellow, red)
              SELECT * FROM unnest(${c[0]}::bigint[], ${c[1]}::text[], ${c[2]}::bigint[], ${c[3]}::bigint[], ${c[4]}::smallint[], ${c[5]}::smallint[], ${c[6]}::smallint[])`.execute(trx)
  }
}

const EVENT_SOURCES = { rating: { table: 'rating', fact: 'stats_rating_fact', factId: 'rating_id', batch: ratingBatch }, alert: { table: 'supervision_alert', fact: 'stats_alert_fact', factId: 'alert_id', batch: alertBatch } } as const

/**
 * Ratings and alerts. The queue holds the ids written since the last refresh; when the `events`
 * watermark is empty every id is processed (and facts whose record is gone are subtracted), then
 * the queue. One transaction per batch, each holding the `events` watermark row.
 */
async function refreshEvents(deps: Deps, now: Date, bulk: boolean): Promise<number> {
  let total = 0
  const full = await deps.db.transaction().execute(async (trx) => {
    const wm = await lockWatermark(trx, 'events')
    return wm.at === null
  })
  for (const [kind, src] of Object.entries(EVENT_SOURCES)) {
    if (!(await tableExists(deps.db, `public.${src.table}`))) continue
    if (full) {
      let after = 0
      for (;;) {
        const n: number = await deps.db.transaction().execute(async (trx) => {
          await lockWatermark(trx, 'events')
          const ids = (await sql<{ id: string }>`SELECT id FROM ${sql.table(src.table)} WHERE id > ${after} ORDER BY id LIMIT ${BATCH}`.execute(trx)).rows.map((r) => Number(r.id))
          if (ids.length === 0) return 0
          const d = new Deltas(!bulk)
          await src.batch(trx, d, ids)
          await d.flush(trx)
          after = ids[ids.length - 1]!
          return ids.length
        })
        total += n
        if (n < BATCH) break
      }
      // facts of records deleted while the triggers were bypassed
      await deps.db.transaction().execute(async (trx) => {
        await lockWatermark(trx, 'events')
        const gone = (await sql<{ id: string }>`
          SELECT f.${sql.ref(src.factId)} AS id FROM ${sql.table(src.fact)} f
           WHERE NOT EXISTS (SELECT 1 FROM ${sql.table(src.table)} x WHERE x.id = f.${sql.ref(src.factId)})`.execute(trx)).rows.map((r) => Number(r.id))
        if (gone.length === 0) return
        const d = new Deltas(!bulk)
        await src.batch(trx, d, gone)
        await d.flush(trx)
      })
    }
    for (;;) {
      const n: number = await deps.db.transaction().execute(async (trx) => {
        await lockWatermark(trx, 'events')
        const ids = (await sql<{ id: string }>`
          DELETE FROM stats_event_queue q USING (SELECT id FROM stats_event_queue WHERE kind = ${kind} ORDER BY id LIMIT ${BATCH}) x
           WHERE q.kind = ${kind} AND q.id = x.id RETURNING q.id`.execute(trx)).rows.map((r) => Number(r.id))
        if (ids.length === 0) return 0
        const d = new Deltas(!bulk)
        await src.batch(trx, d, ids)
        await d.flush(trx)
        return ids.length
      })
      total += n
      if (n < BATCH) break
    }
  }
  if (full) await deps.db.updateTable('stats_watermark').set({ at: now, refreshed_at: now }).where('name', '=', 'events').execute()
  else await deps.db.updateTable('stats_watermark').set({ refreshed_at: now }).where('name', '=', 'events').execute()
  return total
}

/**
 * After a bulk load that bypassed the rating and alert triggers (the synthetic city's COPY with
 * session_replication_role = replica): the next refresh re-derives every rating and alert.
 */
export async function markEventsStale(db: Kysely<DB>): Promise<void> {
  await db.updateTable('stats_watermark').set({ at: null }).where('name', '=', 'events').execute()
}

const ROLLUP_TABLES = ['stats_unit_day', 'stats_unit_month', 'stats_unit_total', 'stats_item_day', 'stats_item_month', 'stats_item_total', 'stats_staff_day', 'stats_open']
const M_COLS = MEASURES.join(', ')
const SUM_COLS = MEASURES.map((m) => `sum(${m})`).join(', ')

/**
 * Every rollup rebuilt from the facts with one `INSERT … SELECT … GROUP BY` each (the first refresh
 * after a bulk load: a million facts are summed once, not applied batch by batch), under all three
 * watermark rows; then the rollups are marked built and later refreshes apply differences.
 */
async function rebuildRollups(deps: Deps, now: Date): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    for (const name of ['case', 'step', 'events']) await lockWatermark(trx, name)
    const built = await lockWatermark(trx, 'rollups')
    if (built.at !== null) return // another instance rebuilt them meanwhile
    const run = (q: string) => sql.raw(q).execute(trx)
    await run(`TRUNCATE ${ROLLUP_TABLES.join(', ')}`)
    await run(`DELETE FROM stats_item_expect_window`)
    // one row per (fact, measure day): the same contributions as addCaseFact
    const contributions = (keys: string) => `
      SELECT x.day, ${keys}, x.received, x.received_corrections, x.accepted, x.accepted_online, x.accepted_window, x.accepted_completed, x.accepted_withdrawn,
             x.completed, x.instant, x.on_time, x.early, x.late, x.workdays, x.legal_days, x.completed_corrections, x.overdue_in, x.overdue_out, 0 AS ratings, 0 AS satisfied, 0 AS bad, 0 AS alerts, 0 AS yellow, 0 AS red
        FROM stats_case_fact f
        CROSS JOIN LATERAL (VALUES
          (f.received_day, 1, f.corrections, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
          (f.accepted_day, 0, 0, 1, (f.channel = 'online')::int, (f.channel = 'window')::int, (f.completed_day IS NOT NULL)::int, f.withdrawn::int, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
          (f.completed_day, 0, 0, 0, 0, 0, 0, 0, 1, f.instant::int, (f.on_time IS TRUE)::int, (f.early IS TRUE)::int, (f.on_time IS FALSE)::int, coalesce(f.workdays, 0), f.legal_days, f.corrections, 0, 0),
          (f.overdue_from, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0),
          (CASE WHEN f.overdue_from IS NOT NULL THEN f.overdue_to END, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)
        ) AS x(day, received, received_corrections, accepted, accepted_online, accepted_window, accepted_completed, accepted_withdrawn,
               completed, instant, on_time, early, late, workdays, legal_days, completed_corrections, overdue_in, overdue_out)
       WHERE x.day IS NOT NULL`
    const unitKey = 'unit_id, window_id, channel, level'
    const itemKey = 'item_id, unit_id, window_id, level'
    await run(`INSERT INTO stats_unit_day (day, ${unitKey}, ${M_COLS})
               SELECT day, ${unitKey}, ${SUM_COLS} FROM (
                 ${contributions('f.unit_id, f.window_id, f.channel, f.level')}
                 UNION ALL
                 SELECT day, unit_id, window_id, channel, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, counted, satisfied, bad, 0, 0, 0 FROM stats_rating_fact
                 UNION ALL
                 SELECT day, unit_id, 0, '', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, alerts, yellow, red FROM stats_alert_fact
               ) c GROUP BY day, ${unitKey}`)
    await run(`INSERT INTO stats_item_day (day, ${itemKey}, ${M_COLS})
               SELECT day, ${itemKey}, ${SUM_COLS} FROM (${contributions('f.item_id, f.unit_id, f.window_id, f.level')}) c GROUP BY day, ${itemKey}`)
    for (const [fam, key] of [['unit', unitKey], ['item', itemKey]]) {
      await run(`INSERT INTO stats_${fam}_month (month, ${key}, ${M_COLS}) SELECT substr(day, 1, 7), ${key}, ${SUM_COLS} FROM stats_${fam}_day GROUP BY 1, ${key}`)
      await run(`INSERT INTO stats_${fam}_total (${key}, ${M_COLS}) SELECT ${key}, ${SUM_COLS} FROM stats_${fam}_month GROUP BY ${key}`)
    }
    await run(`INSERT INTO stats_open (region_code, unit_id, due, paused, n)
               SELECT region_code, unit_id, promised_due, status = 'paused', count(*) FROM stats_case_fact
                WHERE status IN ('accepted', 'paused') AND promised_due IS NOT NULL GROUP BY 1, 2, 3, 4`)
    await run(`INSERT INTO stats_staff_day (day, user_id, unit_id, steps, on_time, early, workdays, ratings, satisfied, bad, alerts, yellow, red)
               SELECT day, user_id, unit_id, sum(steps), sum(on_time), sum(early), sum(workdays), sum(ratings), sum(satisfied), sum(bad), sum(alerts), sum(yellow), sum(red) FROM (
                 SELECT day, user_id, unit_id, 1 AS steps, on_time::int AS on_time, early::int AS early, workdays, 0 AS ratings, 0 AS satisfied, 0 AS bad, 0 AS alerts, 0 AS yellow, 0 AS red FROM stats_step_fact
                 UNION ALL
                 SELECT day, user_id, unit_id, 0, 0, 0, 0, counted, satisfied, bad, 0, 0, 0 FROM stats_rating_fact WHERE user_id <> 0
                 UNION ALL
                 SELECT day, user_id, unit_id, 0, 0, 0, 0, 0, 0, 0, alerts, yellow, red FROM stats_alert_fact WHERE user_id <> 0
               ) s GROUP BY day, user_id, unit_id`)
    await trx.updateTable('stats_watermark').set({ at: now, refreshed_at: now }).where('name', '=', 'rollups').execute()
  })
}

/**
 * After a bulk load (or to repair): the next refresh writes facts only and rebuilds every rollup
 * from them once, instead of applying differences batch by batch.
 */
export async function markRollupsStale(db: Kysely<DB>): Promise<void> {
  await sql`INSERT INTO stats_watermark (name, at) VALUES ('rollups', NULL) ON CONFLICT (name) DO UPDATE SET at = NULL`.execute(db)
}

/** Brings every rollup up to date (idempotent; safe beside another instance doing the same). */
export async function refreshStats(deps: Deps, now: Date = deps.clock.now()): Promise<RefreshResult> {
  const result: RefreshResult = { cases: 0, steps: 0, events: 0, batches: 0 }
  // the rollups are built once from the facts (first refresh, or marked stale after a bulk load);
  // from then on every batch applies its differences
  const built = await deps.db.selectFrom('stats_watermark').select('at').where('name', '=', 'rollups').executeTakeFirst()
  const bulk = !built?.at
  const st: BatchState = { db: deps.db, instant: new Map(), bulk }
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
  }
  result.events = await refreshEvents(deps, now, bulk)
  if (bulk) await rebuildRollups(deps, now)
  return result
}
