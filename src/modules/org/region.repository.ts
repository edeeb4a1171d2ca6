/** SQL for regions (GB/T 2260). */
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Trx } from '../../server/context.js'
import type { DivisionRow } from './region.source.js'

type Q = Kysely<DB> | Trx

export interface RegionRow {
  code: string
  name: string
  level: number
  parent_code: string | null
  has_children: boolean
}

function selectRegions(db: Q) {
  return db
    .selectFrom('region as r')
    .select(['r.code', 'r.name', 'r.level', 'r.parent_code', sql<boolean>`exists (select 1 from region c where c.parent_code = r.code)`.as('has_children')])
}

export async function findRegion(db: Q, code: string): Promise<RegionRow | undefined> {
  return selectRegions(db).where('r.code', '=', code).executeTakeFirst()
}

export async function findRegions(db: Q, codes: string[]): Promise<RegionRow[]> {
  if (!codes.length) return []
  return selectRegions(db).where('r.code', 'in', codes).orderBy('r.code').execute()
}

/** Children of a region, or the top level present in the table when parent is null. */
export async function childrenOf(db: Q, parent: string | null): Promise<RegionRow[]> {
  let q = selectRegions(db)
  q = parent === null ? q.where('r.level', '=', 1) : q.where('r.parent_code', '=', parent)
  return q.orderBy('r.code').execute()
}

export async function regionNames(db: Q, codes: string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map()
  const rows = await db.selectFrom('region').select(['code', 'name']).where('code', 'in', [...new Set(codes)]).execute()
  return new Map(rows.map((r) => [r.code, r.name]))
}

/** Regions whose code starts with one of the prefixes (null = all). */
export async function countRegions(db: Q, prefixes: string[] | null): Promise<number> {
  let q = db.selectFrom('region').select((eb) => eb.fn.countAll<number>().as('n'))
  if (prefixes !== null) {
    if (!prefixes.length) return 0
    q = q.where((eb) => eb.or(prefixes.map((p) => eb('code', 'like', `${p}%`))))
  }
  return Number((await q.executeTakeFirstOrThrow()).n)
}

const BATCH = 1000

/**
 * Inserts or refreshes rows, many per statement. Parents must come before children (FK on
 * parent_code). Rows whose name, level and parent are unchanged are left alone, so a re-import
 * reports what it actually changed.
 */
export async function upsertRegions(db: Trx, rows: DivisionRow[]): Promise<{ inserted: number; updated: number }> {
  let inserted = 0
  let updated = 0
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH)
    const res = await db
      .insertInto('region')
      .values(batch.map((r) => ({ code: r.code, name: r.name, level: r.level, parent_code: r.parentCode })))
      .onConflict((oc) =>
        oc
          .column('code')
          .doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), level: eb.ref('excluded.level'), parent_code: eb.ref('excluded.parent_code') }))
          .where(
            sql<boolean>`(region.name, region.level, region.parent_code) is distinct from (excluded.name, excluded.level, excluded.parent_code)`,
          ),
      )
      // xmax = 0 only on a freshly inserted row version: tells inserts from updates
      .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
      .execute()
    for (const r of res) {
      if (r.inserted) inserted++
      else updated++
    }
  }
  return { inserted, updated }
}
