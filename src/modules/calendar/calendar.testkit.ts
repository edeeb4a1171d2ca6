/**
 * Test helpers for the calendar's tests: an independent oracle (a naive day-by-day loop over
 * chinese-days' own isWorkday — not our index, not our data loader), and region/staff fixtures.
 */
import chineseDays from 'chinese-days'
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'

const MS = 86_400_000

export function addCalendarDays(date: string, k: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + k * MS).toISOString().slice(0, 10)
}

/** Every date from `first` to `last`, inclusive. */
export function datesBetween(first: string, last: string): string[] {
  const out: string[] = []
  for (let d = first; d <= last; d = addCalendarDays(d, 1)) out.push(d)
  return out
}

const memo = new Map<string, boolean>()
export function oracleIsWorkday(date: string): boolean {
  let v = memo.get(date)
  if (v === undefined) {
    v = chineseDays.isWorkday(date)
    if (v !== !chineseDays.isHoliday(date)) throw new Error(`chinese-days disagrees with itself on ${date}`)
    memo.set(date, v)
  }
  return v
}

/** R2 by brute force: walk forward one day at a time and count working days. */
export function oracleAddWorkingDays(from: string, n: number): string {
  if (n === 0) {
    let d = from
    while (!oracleIsWorkday(d)) d = addCalendarDays(d, 1)
    return d
  }
  let d = from
  let left = n
  while (left > 0) {
    d = addCalendarDays(d, 1)
    if (oracleIsWorkday(d)) left--
  }
  return d
}

/** Working days d with from < d ≤ to, by brute force (to ≥ from). */
export function oracleWorkdaysBetween(from: string, to: string): number {
  let n = 0
  for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) if (oracleIsWorkday(d)) n++
  return n
}

/** A small region tree for tests: Shandong › Dezhou › Decheng › a street › a community, and Jinan. */
export const REGIONS = [
  { code: '37', name: '山东省', level: 1, parent_code: null },
  { code: '3714', name: '德州市', level: 2, parent_code: '37' },
  { code: '371402', name: '德城区', level: 3, parent_code: '3714' },
  { code: '371402001', name: '新湖街道', level: 4, parent_code: '371402' },
  { code: '371402001001', name: '新湖社区', level: 5, parent_code: '371402001' },
  { code: '3701', name: '济南市', level: 2, parent_code: '37' },
  { code: '370102', name: '历下区', level: 3, parent_code: '3701' },
]

export async function insertRegions(db: Kysely<DB>): Promise<void> {
  await db
    .insertInto('region')
    .values(REGIONS)
    .onConflict((oc) => oc.column('code').doNothing())
    .execute()
}

/** A service centre in a region, for unit-scoped grants. */
export async function insertCentre(db: Kysely<DB>, regionCode: string, name: string): Promise<number> {
  const row = await db
    .insertInto('org_unit')
    .values({ kind: 'centre', subtype: 'branch', name, region_code: regionCode, path: '/' })
    .returning('id')
    .executeTakeFirstOrThrow()
  const id = Number(row.id)
  await db.updateTable('org_unit').set({ path: `/${id}/` }).where('id', '=', id).execute()
  return id
}
