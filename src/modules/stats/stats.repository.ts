/**
 * Reads of the rollups. Every period query sums stats_unit_* or stats_item_* rows (joined to org_unit
 * for the scope), never `case`: whole months come from the month table and only the days at the
 * edges of a period from the day table, so a year is 12 rows per unit and window, not 365, and no
 * query grows with the number of cases. Hand-written SQL for the grouped sums (a hot path; Kysely's
 * builder would only hide the GROUP BY and the UNION of the two grains).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { DB } from '../../db/schema.js'
import { addDays, emptySums, LEVEL_NAMES, type KpiSums } from './stats.kpis.js'
import { MEASURES } from './stats.tables.js'

type Db = Kysely<DB>
export type Where = RawBuilder<unknown>
export type Family = 'unit' | 'item'

/** The department of a unit row `u`: an approval office counts for its parent department. */
export const DEPT_OF = sql`CASE WHEN u.kind = 'approval_office' AND u.parent_id IS NOT NULL THEN u.parent_id ELSE u.id END`

const KEYS: Record<Family, string[]> = { unit: ['unit_id', 'window_id', 'channel', 'level'], item: ['item_id', 'unit_id', 'window_id', 'level'] }

const monthEnd = (m: string) => addDays(`${nextMonth(m)}-01`, -1)
function nextMonth(m: string): string {
  const y = Number(m.slice(0, 4))
  const mo = Number(m.slice(5, 7))
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`
}

type Span = { months: [string, string] | null; days: [string, string][]; minus: [string, string][] }

/**
 * [from, to] as month rows and day rows: the whole months inside it, and at each edge either the
 * days inside the range, or — when the range covers more than half of that month — the month row
 * minus the days outside the range (month-to-date late in a month reads one month row and the few
 * days after today, not twenty days of rows).
 */
export function spans(from: string, to: string): Span {
  if (from > to) return { months: null, days: [], minus: [] }
  const out: Span = { months: null, days: [], minus: [] }
  const lastMonth = to.slice(0, 7)
  const whole: string[] = []
  for (let m = from.slice(0, 7); m <= lastMonth; m = nextMonth(m)) {
    const first = `${m}-01`
    const last = monthEnd(m)
    const a = from > first ? from : first
    const b = to < last ? to : last
    if (a === first && b === last) {
      whole.push(m)
      continue
    }
    const covered = dayCount(a, b)
    if (covered * 2 > dayCount(first, last)) {
      whole.push(m)
      if (a > first) out.minus.push([first, addDays(a, -1)])
      if (b < last) out.minus.push([addDays(b, 1), last])
    } else out.days.push([a, b])
  }
  if (whole.length) out.months = [whole[0]!, whole[whole.length - 1]!]
  return out
}

const dayCount = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000) + 1

/**
 * The rows of a family over [from, to] as one relation `(p, keys…, measures…)`: p is the day
 * ('YYYY-MM-DD') of a day row or the month ('YYYY-MM') of a month row and of the day rows subtracted
 * from it (negated measures). `daysOnly` reads days throughout (trends by day or week, whose buckets
 * cut through months).
 */
function source(family: Family, from: string, to: string, daysOnly = false, measures: readonly (typeof MEASURES)[number][] = MEASURES): RawBuilder<unknown> {
  const cols = sql.raw([...KEYS[family], ...measures].join(', '))
  const negated = sql.raw([...KEYS[family], ...measures.map((m) => `-${m} AS ${m}`)].join(', '))
  const sp: Span = daysOnly ? { months: null, days: from <= to ? [[from, to]] : [], minus: [] } : spans(from, to)
  const day = sql.table(`stats_${family}_day`)
  const parts = sp.days.map(([a, b]) => sql`SELECT day AS p, ${cols} FROM ${day} WHERE day >= ${a} AND day <= ${b}`)
  for (const [a, b] of sp.minus) parts.push(sql`SELECT substr(day, 1, 7) AS p, ${negated} FROM ${day} WHERE day >= ${a} AND day <= ${b}`)
  if (sp.months) parts.push(sql`SELECT month AS p, ${cols} FROM ${sql.table(`stats_${family}_month`)} WHERE month >= ${sp.months[0]} AND month <= ${sp.months[1]}`)
  if (parts.length === 0) parts.push(sql`SELECT NULL::text AS p, ${cols} FROM ${day} WHERE false`)
  return sql`(${sql.join(parts, sql` UNION ALL `)})`
}

/** The joins every rollup read uses: u the handling unit, w the receiving window (scope filters read both). */
const JOINS = sql`JOIN org_unit u ON u.id = d.unit_id LEFT JOIN org_unit w ON w.id = d.window_id`

type SumRow = { k: string | null; level: number } & Record<(typeof MEASURES)[number], string | number>

export interface Sums extends KpiSums {
  completedCorrections: number
  /** Σ overdue_in − overdue_out inside the period (trends derive each bucket's open count from it) */
  overdueDelta: number
}

function add(s: Sums, r: SumRow): void {
  const n = (k: (typeof MEASURES)[number]) => Number(r[k])
  s.received += n('received')
  s.corrections += n('received_corrections')
  s.accepted += n('accepted')
  s.acceptedCompleted += n('accepted_completed')
  s.acceptedWithdrawn += n('accepted_withdrawn')
  s.online += n('accepted_online')
  s.window += n('accepted_window')
  if (n('accepted')) {
    const lv = LEVEL_NAMES[Number(r.level)] ?? '其他'
    s.byLevel[lv] = (s.byLevel[lv] ?? 0) + n('accepted')
  }
  s.completed += n('completed')
  s.completedOnTime += n('on_time')
  s.completedLate += n('late')
  s.completedEarly += n('early')
  s.instant += n('instant')
  s.workdays += n('workdays')
  s.legalDays += n('legal_days')
  s.completedCorrections += n('completed_corrections')
  s.ratings += n('ratings')
  s.satisfied += n('satisfied')
  s.bad += n('bad')
  s.alerts += n('alerts')
  s.yellowCards += n('yellow')
  s.redCards += n('red')
  s.overdueDelta += n('overdue_in') - n('overdue_out')
}

export function newSums(): Sums {
  return { ...emptySums(), completedCorrections: 0, overdueDelta: 0 }
}

const SUMS = sql.raw(MEASURES.map((m) => `sum(d.${m}) AS ${m}`).join(', '))

export interface SumsOptions {
  /** an expression on d (the rollup row) and u / w giving the group; null = one group '' */
  key?: RawBuilder<unknown> | null
  family?: Family
  /** group by d.p (trends): read day rows throughout unless the trend is by month */
  daysOnly?: boolean
  /** also the count of undecided cases past their promised date at `to`, per group (default true) */
  overdueOpen?: boolean
}

/** Sums of the rollups over from..to for the units matching `where` (on org_unit aliases u, w), by group. */
export async function sumsBy(db: Db, where: Where, from: string, to: string, opts: SumsOptions = {}): Promise<Map<string, Sums>> {
  const family = opts.family ?? 'unit'
  const k = opts.key ?? sql`''`
  const rows = (
    await sql<SumRow>`
      SELECT (${k})::text AS k, d.level, ${SUMS}
        FROM ${source(family, from, to, opts.daysOnly)} d ${JOINS}
       WHERE ${where}
       GROUP BY 1, d.level`.execute(db)
  ).rows
  const out = new Map<string, Sums>()
  const get = (key: string) => {
    let s = out.get(key)
    if (!s) out.set(key, (s = newSums()))
    return s
  }
  for (const r of rows) add(get(r.k ?? ''), r)
  if (opts.overdueOpen !== false) for (const [key, v] of await overdueOpenAt(db, family, where, to, k)) if (v !== 0) get(key).overdueOpen += v
  return out
}

/**
 * One page of the groups of a breakdown, busiest first (accepted, then completed, then the key): a
 * cheap pass over two measures finds the page; only its groups are then summed in full. With the
 * count of all groups.
 */
export async function groupPage(db: Db, where: Where, from: string, to: string, key: RawBuilder<unknown>, family: Family, limit: number, offset: number): Promise<{ total: number; keys: string[] }> {
  const rows = (
    await sql<{ k: string; total: string }>`
      SELECT g.k, count(*) OVER () AS total
        FROM (SELECT (${key})::text AS k, sum(d.accepted) AS a, sum(d.completed) AS c
                FROM ${source(family, from, to, false, ['accepted', 'completed'])} d ${JOINS}
               WHERE ${where}
               GROUP BY 1) g
       WHERE g.k IS NOT NULL AND g.k NOT IN ('', '0')
       ORDER BY g.a DESC, g.c DESC, g.k
       LIMIT ${limit} OFFSET ${offset}`.execute(db)
  ).rows
  let total = Number(rows[0]?.total ?? 0)
  if (rows.length === 0 && offset > 0) {
    const c = await sql<{ n: string }>`
      SELECT count(DISTINCT (${key})::text) AS n FROM ${source(family, from, to)} d ${JOINS}
       WHERE ${where} AND (${key}) IS NOT NULL AND (${key})::text NOT IN ('', '0')`.execute(db)
    total = Number(c.rows[0]?.n ?? 0)
  }
  return { total, keys: rows.map((r) => r.k) }
}

/**
 * Undecided cases past their promised date at the end of `to`, by group: the all-time Σ overdue_in −
 * overdue_out minus what is dated after `to` (an overdue_in can lie in the future: it is the day
 * after a promised date). Reads the total rows plus the months and days after `to`.
 */
export async function overdueOpenAt(db: Db, family: Family, where: Where, to: string, key: RawBuilder<unknown>): Promise<Map<string, number>> {
  const keys = sql.raw(KEYS[family].join(', '))
  const month = to.slice(0, 7)
  const rows = (
    await sql<{ k: string | null; open: string | number }>`
      SELECT (${key})::text AS k, sum(d.o) AS open
        FROM (SELECT ${keys}, overdue_in - overdue_out AS o FROM ${sql.table(`stats_${family}_total`)} WHERE overdue_in <> 0 OR overdue_out <> 0
              UNION ALL
              SELECT ${keys}, overdue_out - overdue_in FROM ${sql.table(`stats_${family}_month`)} WHERE month > ${month} AND (overdue_in <> 0 OR overdue_out <> 0)
              UNION ALL
              SELECT ${keys}, overdue_out - overdue_in FROM ${sql.table(`stats_${family}_day`)} WHERE day > ${to} AND day <= ${monthEnd(month)} AND (overdue_in <> 0 OR overdue_out <> 0)) d
        ${JOINS}
       WHERE ${where}
       GROUP BY 1`.execute(db)
  ).rows
  return new Map(rows.map((r) => [r.k ?? '', Number(r.open)]))
}

/**
 * Per item: Σ working days ÷ completed count over from..to, all units (the fair view's expectation).
 * Kept per window once computed (stats_item_expect); the refresh deletes a window when an item figure
 * inside it changes. Computing and keeping run in one transaction holding the `case` watermark row
 * FOR SHARE: no refresh batch (which holds it FOR UPDATE) can change the figures in between.
 */
export async function itemAverages(db: Db, from: string, to: string): Promise<Map<number, number>> {
  const read = async (q: Db) =>
    (await sql<{ item_id: string; avg: number }>`SELECT item_id, avg_workdays AS avg FROM stats_item_expect WHERE from_day = ${from} AND to_day = ${to}`.execute(q)).rows
  const kept = await sql<{ n: number }>`SELECT 1 AS n FROM stats_item_expect_window WHERE from_day = ${from} AND to_day = ${to}`.execute(db)
  const rows = kept.rows.length
    ? await read(db)
    : await db.transaction().execute(async (trx) => {
        await sql`SELECT 1 FROM stats_watermark WHERE name = 'case' FOR SHARE`.execute(trx)
        const w = await sql`INSERT INTO stats_item_expect_window (from_day, to_day) VALUES (${from}, ${to}) ON CONFLICT DO NOTHING RETURNING from_day`.execute(trx)
        if (w.rows.length === 0) return read(trx) // another reader kept it meanwhile
        await sql`
          INSERT INTO stats_item_expect (from_day, to_day, item_id, avg_workdays)
          SELECT ${from}, ${to}, d.item_id, sum(d.workdays)::float8 / sum(d.completed)
            FROM ${source('item', from, to, false, ['workdays', 'completed'])} d
           WHERE d.completed <> 0
           GROUP BY d.item_id
          HAVING sum(d.completed) > 0`.execute(trx)
        return read(trx)
      })
  return new Map(rows.map((r) => [Number(r.item_id), Number(r.avg)]))
}

/** Per key and item: Σ working days and completed count (for the fair view). */
export async function workdaysByKeyAndItem(db: Db, where: Where, from: string, to: string, key: RawBuilder<unknown>): Promise<{ k: string; item: number; w: number; n: number }[]> {
  const rows = (
    await sql<{ k: string; item_id: string; w: string; n: string }>`
      SELECT (${key})::text AS k, d.item_id, sum(d.workdays) w, sum(d.completed) n
        FROM ${source('item', from, to, false, ['workdays', 'completed'])} d ${JOINS}
       WHERE d.completed <> 0 AND ${where}
       GROUP BY 1, d.item_id`.execute(db)
  ).rows
  return rows.map((r) => ({ k: r.k, item: Number(r.item_id), w: Number(r.w), n: Number(r.n) }))
}

export interface StaffSumRow {
  user_id: number
  steps: number
  on_time: number
  early: number
  workdays: number
  ratings: number
  satisfied: number
  alerts: number
  cards: number
}

export async function staffSums(db: Db, where: Where, from: string, to: string): Promise<StaffSumRow[]> {
  const rows = (
    await sql<Record<keyof StaffSumRow, string>>`
      SELECT s.user_id, sum(s.steps) steps, sum(s.on_time) on_time, sum(s.early) early, sum(s.workdays) workdays,
             sum(s.ratings) ratings, sum(s.satisfied) satisfied, sum(s.alerts) alerts, sum(s.yellow + s.red) cards
        FROM stats_staff_day s JOIN org_unit u ON u.id = s.unit_id
       WHERE s.day >= ${from} AND s.day <= ${to} AND ${where}
       GROUP BY s.user_id`.execute(db)
  ).rows
  return rows.map((r) => ({
    user_id: Number(r.user_id),
    steps: Number(r.steps),
    on_time: Number(r.on_time),
    early: Number(r.early),
    workdays: Number(r.workdays),
    ratings: Number(r.ratings),
    satisfied: Number(r.satisfied),
    alerts: Number(r.alerts),
    cards: Number(r.cards),
  }))
}

/** Open cases by promised date over the units matching `where`, for the lights (paused ones have none). */
export async function openByDue(db: Db, where: Where): Promise<{ region_code: string; due: string; n: number }[]> {
  const rows = (
    await sql<{ region_code: string; due: string; n: string }>`
      SELECT o.region_code, o.due, sum(o.n) AS n FROM stats_open o JOIN org_unit u ON u.id = o.unit_id
       WHERE NOT o.paused AND o.n <> 0 AND ${where}
       GROUP BY 1, 2`.execute(db)
  ).rows
  return rows.map((r) => ({ region_code: r.region_code, due: r.due, n: Number(r.n) }))
}

/** Item names by id (as text keys, as breakdown rows carry them). */
export async function itemNames(db: Db, ids: number[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const rows = (await sql<{ id: string; name: string }>`SELECT id::text, name FROM item WHERE id = ANY(${ids}::bigint[])`.execute(db)).rows
  return new Map(rows.map((x) => [x.id, x.name]))
}

export async function unitNames(db: Db, ids: number[]): Promise<Map<number, { name: string; parentName: string | null; kind: string }>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom('org_unit as u')
    .leftJoin('org_unit as p', 'p.id', 'u.parent_id')
    .select(['u.id', 'u.name', 'u.kind', 'p.name as parent_name'])
    .where('u.id', 'in', ids)
    .execute()
  return new Map(rows.map((r) => [Number(r.id), { name: r.name, parentName: r.parent_name ?? null, kind: r.kind }]))
}

export async function userNames(db: Db, ids: number[]): Promise<Map<number, { name: string; unitName: string | null }>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom('user_account as a')
    .leftJoin('org_unit as u', 'u.id', 'a.unit_id')
    .select(['a.id', 'a.display_name', 'u.name as unit_name'])
    .where('a.id', 'in', ids)
    .execute()
  return new Map(rows.map((r) => [Number(r.id), { name: r.display_name, unitName: r.unit_name ?? null }]))
}

export async function tableExists(db: Db, name: string): Promise<boolean> {
  const r = await sql<{ t: string | null }>`SELECT to_regclass(${name})::text AS t`.execute(db)
  return !!r.rows[0]?.t
}
