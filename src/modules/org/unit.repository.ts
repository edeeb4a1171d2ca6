/** SQL for organisation units. */
import { sql, type Insertable, type Kysely, type Updateable } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Trx } from '../../server/context.js'
import type { UnitKind } from './org.tables.js'
import { unitReadWhere, type ReadScope } from './org.policy.js'
import type { UnitRef } from './unit.rules.js'

type Q = Kysely<DB> | Trx

export interface UnitRow {
  id: number
  kind: UnitKind
  subtype: string | null
  name: string
  code: string | null
  region_code: string
  region_name: string | null
  parent_id: number | null
  parent_name: string | null
  department_id: number | null
  department_name: string | null
  centre_id: number | null
  centre_name: string | null
  path: string
  phone: string | null
  address: string | null
  description: string | null
  status: 'active' | 'closed'
  sort: number
}

function selectUnits(db: Q) {
  return db
    .selectFrom('org_unit as u')
    .leftJoin('region as r', 'r.code', 'u.region_code')
    .leftJoin('org_unit as p', 'p.id', 'u.parent_id')
    .leftJoin('org_unit as d', 'd.id', 'u.department_id')
    .leftJoin('org_unit as c', 'c.id', 'u.centre_id')
    .select([
      'u.id',
      'u.kind',
      'u.subtype',
      'u.name',
      'u.code',
      'u.region_code',
      'r.name as region_name',
      'u.parent_id',
      'p.name as parent_name',
      'u.department_id',
      'd.name as department_name',
      'u.centre_id',
      'c.name as centre_name',
      'u.path',
      'u.phone',
      'u.address',
      'u.description',
      'u.status',
      'u.sort',
    ])
}

export async function findUnit(db: Q, id: number): Promise<UnitRow | undefined> {
  return (await selectUnits(db).where('u.id', '=', id).executeTakeFirst()) as UnitRow | undefined
}

/** The fields the rules need, locked for the rest of the transaction when asked. */
export async function findRef(db: Q, id: number, lock = false): Promise<UnitRef | undefined> {
  let q = db.selectFrom('org_unit').select(['id', 'kind', 'subtype', 'region_code', 'path', 'status']).where('id', '=', id)
  if (lock) q = q.forUpdate()
  return (await q.executeTakeFirst()) as UnitRef | undefined
}

export async function findRefs(db: Q, ids: number[]): Promise<Map<number, UnitRef & { name: string }>> {
  if (!ids.length) return new Map()
  const rows = await db
    .selectFrom('org_unit')
    .select(['id', 'kind', 'subtype', 'region_code', 'path', 'status', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute()
  return new Map(rows.map((r) => [Number(r.id), r as UnitRef & { name: string }]))
}

export async function unitRegions(db: Q, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map()
  const rows = await db.selectFrom('org_unit').select(['id', 'region_code']).where('id', 'in', [...new Set(ids)]).execute()
  return new Map(rows.map((r) => [Number(r.id), r.region_code]))
}

export async function codeTaken(db: Q, code: string, exceptId?: number): Promise<boolean> {
  let q = db.selectFrom('org_unit').select('id').where('code', '=', code)
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId)
  return !!(await q.executeTakeFirst())
}

/**
 * Serialises changes to the unit tree (creations, moves) for the rest of the transaction, so that
 * a unit created under a subtree being moved cannot keep a stale path, and two crossing moves
 * cannot make a cycle. Such changes are rare; one lock for the tree costs nothing.
 */
export async function lockTree(db: Trx): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('org_unit.tree'))`.execute(db)
}

/** Reserves ids first so that each row's path ('/…/<id>/') is written in the same INSERT. */
export async function nextIds(db: Q, n: number): Promise<number[]> {
  if (n <= 0) return []
  const r = await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('org_unit', 'id'))::int8 AS id FROM generate_series(1, ${n})`.execute(db)
  return r.rows.map((x) => Number(x.id))
}

export type NewUnit = Insertable<DB['org_unit']> & { id: number; path: string }

export async function insertUnits(db: Q, rows: NewUnit[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('org_unit').values(rows.slice(i, i + 500)).execute()
}

export async function updateUnit(db: Q, id: number, set: Updateable<DB['org_unit']>): Promise<void> {
  await db.updateTable('org_unit').set(set).where('id', '=', id).execute()
}

/** Moves a subtree: every path starting with `from` now starts with `to`. */
export async function rewritePaths(db: Q, from: string, to: string): Promise<number> {
  const r = await db
    .updateTable('org_unit')
    .set({ path: sql<string>`${to} || substr(path, ${from.length + 1})` })
    .where('path', 'like', `${from}%`)
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}

/** Descendants (not the unit itself) whose region does not lie inside `region`. */
export async function descendantsOutsideRegion(db: Q, path: string, region: string): Promise<number> {
  const r = await db
    .selectFrom('org_unit')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('path', 'like', `${path}%`)
    .where('path', '<>', path)
    .where('region_code', 'not like', `${region}%`)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** Active units that hang on this one: children, windows of a department, offices sitting in a centre. */
export async function activeDependants(db: Q, id: number): Promise<number> {
  const r = await db
    .selectFrom('org_unit')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'active')
    .where('id', '<>', id)
    .where((eb) => eb.or([eb('parent_id', '=', id), eb('department_id', '=', id), eb('centre_id', '=', id)]))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export interface UnitFilter {
  kind?: UnitKind | undefined
  subtype?: string | undefined
  /** 0 = top level (no parent) */
  parentId?: number | undefined
  centreId?: number | undefined
  departmentId?: number | undefined
  /** the region and everything in it */
  regionCode?: string | undefined
  status?: 'active' | 'closed' | undefined
  q?: string | undefined
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`)
}

function filtered(db: Q, f: UnitFilter, rs: ReadScope) {
  let q = selectUnits(db).where((eb) => unitReadWhere(eb, rs, 'u'))
  if (f.kind) q = q.where('u.kind', '=', f.kind)
  if (f.subtype) q = q.where('u.subtype', '=', f.subtype)
  if (f.parentId !== undefined) q = f.parentId === 0 ? q.where('u.parent_id', 'is', null) : q.where('u.parent_id', '=', f.parentId)
  if (f.centreId !== undefined) q = q.where('u.centre_id', '=', f.centreId)
  if (f.departmentId !== undefined) q = q.where('u.department_id', '=', f.departmentId)
  if (f.regionCode) q = q.where('u.region_code', 'like', `${escapeLike(f.regionCode)}%`)
  if (f.status) q = q.where('u.status', '=', f.status)
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`
    q = q.where((eb) => eb.or([eb('u.name', 'ilike', like), eb('u.code', 'ilike', like)]))
  }
  return q
}

const KIND_ORDER = sql<number>`case u.kind when 'centre' then 0 when 'department' then 1 when 'approval_office' then 2 else 3 end`

export async function listUnits(db: Q, f: UnitFilter, rs: ReadScope, page: number, pageSize: number): Promise<{ rows: UnitRow[]; total: number }> {
  const base = filtered(db, f, rs)
  const [rows, total] = await Promise.all([
    base.orderBy(KIND_ORDER).orderBy('u.region_code').orderBy('u.sort').orderBy('u.id').limit(pageSize).offset((page - 1) * pageSize).execute(),
    base.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows: rows as UnitRow[], total: Number(total.n) }
}

/** Units in the read scope by kind. */
export async function countByKind(db: Q, rs: ReadScope): Promise<Record<UnitKind, number>> {
  const rows = await db
    .selectFrom('org_unit as u')
    .select(['u.kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where((eb) => unitReadWhere(eb, rs, 'u'))
    .groupBy('u.kind')
    .execute()
  const out: Record<UnitKind, number> = { centre: 0, department: 0, approval_office: 0, window: 0 }
  for (const r of rows) out[r.kind] = Number(r.n)
  return out
}

/** The home city: the region of the first city centre. */
export async function firstCityCentreRegion(db: Q): Promise<{ code: string; name: string } | undefined> {
  return db
    .selectFrom('org_unit as u')
    .innerJoin('region as r', 'r.code', 'u.region_code')
    .select(['r.code', 'r.name'])
    .where('u.kind', '=', 'centre')
    .where('u.subtype', '=', 'city_centre')
    .orderBy('u.id')
    .executeTakeFirst()
}

export async function findByCode(db: Q, code: string): Promise<{ id: number; path: string } | undefined> {
  return db.selectFrom('org_unit').select(['id', 'path']).where('code', '=', code).executeTakeFirst()
}

/** Active service centres (public information: where to go, what number to call), optionally in a region. */
export async function publicCentres(db: Q, regionPrefix: string | undefined) {
  let q = db
    .selectFrom('org_unit as u')
    .innerJoin('region as r', 'r.code', 'u.region_code')
    .select(['u.id', 'u.name', 'u.subtype', 'u.region_code', 'r.name as region_name', 'u.address', 'u.phone'])
    .where('u.kind', '=', 'centre')
    .where('u.status', '=', 'active')
  if (regionPrefix) q = q.where('u.region_code', 'like', `${regionPrefix}%`)
  return q.orderBy('u.region_code').orderBy('u.sort').orderBy('u.id').limit(500).execute()
}
