/**
 * Reads of the rollups. Every period query sums stats_day rows (joined to org_unit for the scope),
 * never `case`: the cost grows with days × units × items, not with cases. Hand-written SQL for the
 * grouped sums (a hot path; Kysely's builder would only hide the GROUP BY).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { DB } from '../../db/schema.js'
import { emptySums, LEVEL_NAMES, type KpiSums } from './stats.kpis.js'

type Db = Kysely<DB>
export type Where = RawBuilder<unknown>

/** The department of a unit row `u`: an approval office counts for its parent department. */
export const DEPT_OF = sql`CASE WHEN u.kind = 'approval_office' AND u.parent_id IS NOT NULL THEN u.parent_id ELSE u.id END`

interface SumRow {
  k: string | null
  kind: string
  channel: string
  level: number
  n: string | number
  completed: string | number
  withdrawn: string | number
  instant: string | number
  on_time: string | number
  early: string | number
  late: string | number
  workdays: string | number
  legal_days: string | number
  corrections: string | number
  satisfied: string | number
  bad: string | number
  yellow: string | number
  red: string | number
}

export interface Sums extends KpiSums {
  completedCorrections: number
}

function add(s: Sums, r: SumRow): void {
  const n = Number(r.n)
  switch (r.kind) {
    case 'received':
      s.received += n
      s.corrections += Number(r.corrections)
      break
    case 'accepted': {
      s.accepted += n
      s.acceptedCompleted += Number(r.completed)
      s.acceptedWithdrawn += Number(r.withdrawn)
      if (r.channel === 'online') s.online += n
      else if (r.channel === 'window') s.window += n
      const lv = LEVEL_NAMES[Number(r.level)] ?? '其他'
      s.byLevel[lv] = (s.byLevel[lv] ?? 0) + n
      break
    }
    case 'completed':
      s.completed += n
      s.completedOnTime += Number(r.on_time)
      s.completedLate += Number(r.late)
      s.completedEarly += Number(r.early)
      s.instant += Number(r.instant)
      s.workdays += Number(r.workdays)
      s.legalDays += Number(r.legal_days)
      s.completedCorrections += Number(r.corrections)
      break
    case 'rating':
      s.ratings += n
      s.satisfied += Number(r.satisfied)
      s.bad += Number(r.bad)
      break
    case 'alert':
      s.alerts += n
      s.yellowCards += Number(r.yellow)
      s.redCards += Number(r.red)
      break
  }
}

export function newSums(): Sums {
  return { ...emptySums(), completedCorrections: 0 }
}

/**
 * Sums of stats_day over from..to for the units matching `where` (on org_unit alias u), grouped by
 * `key` (an expression on d / u; null = one group ''). Includes the overdue-open count at `to`.
 */
export async function sumsBy(db: Db, where: Where, from: string, to: string, key: RawBuilder<unknown> | null = null, extra: Where = sql`true`): Promise<Map<string, Sums>> {
  const k = key ?? sql`''`
  const rows = (
    await sql<SumRow>`
      SELECT (${k})::text AS k, d.kind, d.channel, d.level, sum(d.n) n, sum(d.completed) completed, sum(d.withdrawn) withdrawn,
             sum(d.instant) instant, sum(d.on_time) on_time, sum(d.early) early, sum(d.late) late, sum(d.workdays) workdays,
             sum(d.legal_days) legal_days, sum(d.corrections) corrections, sum(d.satisfied) satisfied, sum(d.bad) bad,
             sum(d.yellow) yellow, sum(d.red) red
        FROM stats_day d JOIN org_unit u ON u.id = d.unit_id LEFT JOIN org_unit w ON w.id = d.window_id
       WHERE d.day >= ${from} AND d.day <= ${to} AND d.kind NOT IN ('overdue_in', 'overdue_out') AND ${where} AND ${extra}
       GROUP BY 1, d.kind, d.channel, d.level`.execute(db)
  ).rows
  const out = new Map<string, Sums>()
  const get = (key: string) => {
    let s = out.get(key)
    if (!s) {
      s = newSums()
      out.set(key, s)
    }
    return s
  }
  for (const r of rows) add(get(r.k ?? ''), r)
  // undecided cases past their promised date at the end of the period
  const od = (
    await sql<{ k: string | null; open: string | number }>`
      SELECT (${k})::text AS k, sum(CASE WHEN d.kind = 'overdue_in' THEN d.n ELSE -d.n END) AS open
        FROM stats_day d JOIN org_unit u ON u.id = d.unit_id LEFT JOIN org_unit w ON w.id = d.window_id
       WHERE d.kind IN ('overdue_in', 'overdue_out') AND d.day <= ${to} AND ${where} AND ${extra}
       GROUP BY 1`.execute(db)
  ).rows
  for (const r of od) {
    const v = Number(r.open)
    if (v !== 0) get(r.k ?? '').overdueOpen += v
  }
  return out
}

/** Per day sums (for trends), and the overdue in/out per day up to `to` (for the open count at each bucket's end). */
export async function sumsByDay(db: Db, where: Where, from: string, to: string): Promise<{ days: Map<string, Sums>; overdue: { day: string; delta: number }[] }> {
  const days = await sumsBy(db, where, from, to, sql`d.day`)
  for (const s of days.values()) s.overdueOpen = 0
  const overdue = (
    await sql<{ day: string; delta: string | number }>`
      SELECT d.day, sum(CASE WHEN d.kind = 'overdue_in' THEN d.n ELSE -d.n END) AS delta
        FROM stats_day d JOIN org_unit u ON u.id = d.unit_id LEFT JOIN org_unit w ON w.id = d.window_id
       WHERE d.kind IN ('overdue_in', 'overdue_out') AND d.day <= ${to} AND ${where}
       GROUP BY d.day ORDER BY d.day`.execute(db)
  ).rows.map((r) => ({ day: r.day, delta: Number(r.delta) }))
  return { days, overdue }
}

/** Per item: Σ working days and completed count over from..to, all units (the fair view's expectation). */
export async function itemAverages(db: Db, from: string, to: string): Promise<Map<number, number>> {
  const rows = (
    await sql<{ item_id: string; w: string; n: string }>`
      SELECT item_id, sum(workdays) w, sum(n) n FROM stats_day
       WHERE kind = 'completed' AND day >= ${from} AND day <= ${to}
       GROUP BY item_id`.execute(db)
  ).rows
  const out = new Map<number, number>()
  for (const r of rows) if (Number(r.n) > 0) out.set(Number(r.item_id), Number(r.w) / Number(r.n))
  return out
}

/** Per key and item: Σ working days and completed count (for the fair view). */
export async function workdaysByKeyAndItem(db: Db, where: Where, from: string, to: string, key: RawBuilder<unknown>): Promise<{ k: string; item: number; w: number; n: number }[]> {
  const rows = (
    await sql<{ k: string; item_id: string; w: string; n: string }>`
      SELECT (${key})::text AS k, d.item_id, sum(d.workdays) w, sum(d.n) n
        FROM stats_day d JOIN org_unit u ON u.id = d.unit_id LEFT JOIN org_unit w ON w.id = d.window_id
       WHERE d.kind = 'completed' AND d.day >= ${from} AND d.day <= ${to} AND ${where}
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
}

export async function staffSums(db: Db, where: Where, from: string, to: string): Promise<StaffSumRow[]> {
  const rows = (
    await sql<{ user_id: string; steps: string; on_time: string; early: string; workdays: string }>`
      SELECT s.user_id, sum(s.steps) steps, sum(s.on_time) on_time, sum(s.early) early, sum(s.workdays) workdays
        FROM stats_staff_day s JOIN org_unit u ON u.id = s.unit_id
       WHERE s.day >= ${from} AND s.day <= ${to} AND ${where}
       GROUP BY s.user_id`.execute(db)
  ).rows
  return rows.map((r) => ({ user_id: Number(r.user_id), steps: Number(r.steps), on_time: Number(r.on_time), early: Number(r.early), workdays: Number(r.workdays) }))
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
