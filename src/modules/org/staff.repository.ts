/**
 * SQL for staff accounts and their role grants. The account rows are auth's (user_account,
 * session); org keeps the staff side of them (home unit, title, status, grants). Auth exposes
 * createStaffAccount for inserts; the few updates below have no facade there yet.
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Trx } from '../../server/context.js'
import { scopeWhere, type Scope } from './org.scope.js'
import { escapeLike } from './unit.repository.js'

type Q = Kysely<DB> | Trx

export interface StaffRow {
  id: number
  username: string
  display_name: string
  phone: string | null
  title: string | null
  unit_id: number | null
  unit_name: string | null
  unit_path: string | null
  unit_region: string | null
  status: 'active' | 'disabled'
  locked_until: Date | null
  must_change_password: boolean
  last_login_at: Date | null
}

export interface GrantRow {
  user_id: number
  role: string
  unit_id: number | null
  unit_name: string | null
  unit_path: string | null
  unit_region: string | null
  region_code: string | null
  region_name: string | null
}

function selectStaff(db: Q) {
  return db
    .selectFrom('user_account as a')
    .leftJoin('org_unit as h', 'h.id', 'a.unit_id')
    .select([
      'a.id',
      'a.username',
      'a.display_name',
      'a.phone',
      'a.title',
      'a.unit_id',
      'h.name as unit_name',
      'h.path as unit_path',
      'h.region_code as unit_region',
      'a.status',
      'a.locked_until',
      'a.must_change_password',
      'a.last_login_at',
    ])
    .where('a.kind', '=', 'staff')
}

export async function findStaff(db: Q, id: number, lock = false): Promise<StaffRow | undefined> {
  let q = selectStaff(db).where('a.id', '=', id)
  if (lock) q = q.forUpdate(['a'])
  return (await q.executeTakeFirst()) as StaffRow | undefined
}

export async function grantsOf(db: Q, userIds: number[]): Promise<GrantRow[]> {
  if (!userIds.length) return []
  return (await db
    .selectFrom('role_grant as g')
    .leftJoin('org_unit as u', 'u.id', 'g.unit_id')
    .leftJoin('region as r', 'r.code', 'g.region_code')
    .select(['g.user_id', 'g.role', 'g.unit_id', 'u.name as unit_name', 'u.path as unit_path', 'u.region_code as unit_region', 'g.region_code', 'r.name as region_name'])
    .where('g.user_id', 'in', userIds)
    .orderBy('g.id')
    .execute()) as GrantRow[]
}

export interface StaffFilter {
  /** staff whose home unit is this unit or under it (its path) */
  unitPath?: string | undefined
  role?: string | undefined
  q?: string | undefined
  status?: 'active' | 'disabled' | undefined
}

export async function listStaff(db: Q, f: StaffFilter, scope: Scope, page: number, pageSize: number): Promise<{ rows: StaffRow[]; total: number }> {
  let q = selectStaff(db)
  if (!scope.all) q = q.where((eb) => eb.and([eb('a.unit_id', 'is not', null), scopeWhere(eb, scope, 'h')]))
  if (f.unitPath) q = q.where('h.path', 'like', `${escapeLike(f.unitPath)}%`)
  if (f.role) {
    const role = f.role
    q = q.where((eb) => eb.exists(eb.selectFrom('role_grant as g').select('g.id').whereRef('g.user_id', '=', 'a.id').where('g.role', '=', role)))
  }
  if (f.status) q = q.where('a.status', '=', f.status)
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`
    q = q.where((eb) => eb.or([eb('a.username', 'ilike', like), eb('a.display_name', 'ilike', like), eb('a.phone', 'like', like), eb('a.title', 'ilike', like)]))
  }
  const [rows, total] = await Promise.all([
    q.orderBy('h.path').orderBy('a.id').limit(pageSize).offset((page - 1) * pageSize).execute(),
    q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows: rows as StaffRow[], total: Number(total.n) }
}

export async function countStaff(db: Q, scope: Scope): Promise<number> {
  let q = db
    .selectFrom('user_account as a')
    .leftJoin('org_unit as h', 'h.id', 'a.unit_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('a.kind', '=', 'staff')
  if (!scope.all) q = q.where((eb) => eb.and([eb('a.unit_id', 'is not', null), scopeWhere(eb, scope, 'h')]))
  return Number((await q.executeTakeFirstOrThrow()).n)
}

export async function replaceGrants(db: Trx, userId: number, grants: { role: string; unitId: number | null; regionCode: string | null }[]): Promise<void> {
  await db.deleteFrom('role_grant').where('user_id', '=', userId).execute()
  if (grants.length) {
    await db
      .insertInto('role_grant')
      .values(grants.map((g) => ({ user_id: userId, role: g.role, unit_id: g.unitId, region_code: g.regionCode })))
      .execute()
  }
}
