/** SQL only (Kysely): plain rows out, an optional transaction in. */
import { sql, type Insertable, type Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Trx } from '../../server/context.js'
import type { HolidayCnDay } from './calendar.data.js'

type Q = Kysely<DB> | Trx

const overrideColumns = [
  'o.id',
  'o.region_code',
  'o.date',
  'o.kind',
  'o.name',
  'o.reason',
  'o.created_by',
  'o.created_at',
  'r.name as region_name',
] as const

export async function version(db: Q): Promise<number> {
  const row = await db.selectFrom('calendar_version').select('version').where('id', '=', 1).executeTakeFirst()
  return Number(row?.version ?? 0)
}

/** Called in the same transaction as every change to overrides or imported years. */
export async function bumpVersion(db: Trx): Promise<void> {
  await db.updateTable('calendar_version').set({ version: sql`version + 1` }).where('id', '=', 1).execute()
}

export async function importedYears(db: Q) {
  return db.selectFrom('calendar_year').select(['year', 'days']).orderBy('year').execute()
}

export async function findYear(db: Q, year: number) {
  return db.selectFrom('calendar_year').selectAll().where('year', '=', year).executeTakeFirst()
}

export async function upsertYear(db: Trx, year: number, days: HolidayCnDay[], by: number | null, at: Date) {
  await db
    .insertInto('calendar_year')
    .values({ year, days: JSON.stringify(days), imported_by: by, imported_at: at })
    .onConflict((oc) => oc.column('year').doUpdateSet({ days: JSON.stringify(days), imported_by: by, imported_at: at }))
    .execute()
}

/** Every override, for building the region indexes (a few rows per region and year). */
export async function allOverrides(db: Q) {
  return db.selectFrom('calendar_override').select(['id', 'region_code', 'date', 'kind', 'name']).orderBy('id').execute()
}

export async function findRegion(db: Q, code: string) {
  return db.selectFrom('region').select(['code', 'name']).where('code', '=', code).executeTakeFirst()
}

/** The overrides of a region's ancestors, the region itself, and every region under it. */
export async function overridesAround(db: Q, code: string, ancestors: string[], year: number | null) {
  let q = db
    .selectFrom('calendar_override as o')
    .innerJoin('region as r', 'r.code', 'o.region_code')
    .select(overrideColumns)
    .where((eb) => eb.or([eb('o.region_code', 'like', `${code}%`), ...(ancestors.length ? [eb('o.region_code', 'in', ancestors)] : [])]))
  if (year !== null) q = q.where('o.date', '>=', `${year}-01-01`).where('o.date', '<=', `${year}-12-31`)
  return q.orderBy('o.date').orderBy('o.region_code').execute()
}

export async function findOverride(db: Q, id: number) {
  return db
    .selectFrom('calendar_override as o')
    .innerJoin('region as r', 'r.code', 'o.region_code')
    .select(overrideColumns)
    .where('o.id', '=', id)
    .executeTakeFirst()
}

/** Inserts unless the region already has an override on that date (then undefined). */
export async function insertOverride(db: Trx, row: Insertable<DB['calendar_override']>) {
  return db
    .insertInto('calendar_override')
    .values(row)
    .onConflict((oc) => oc.columns(['region_code', 'date']).doNothing())
    .returning('id')
    .executeTakeFirst()
}

export async function deleteOverride(db: Trx, id: number): Promise<boolean> {
  const r = await db.deleteFrom('calendar_override').where('id', '=', id).executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

/** The region of each unit (a centre admin's unit grant covers the regions at or under it). */
export async function unitRegions(db: Q, unitIds: number[]): Promise<Map<number, string>> {
  if (!unitIds.length) return new Map()
  const rows = await db.selectFrom('org_unit').select(['id', 'region_code']).where('id', 'in', unitIds).execute()
  return new Map(rows.map((r) => [Number(r.id), r.region_code]))
}
