import type { Insertable, Kysely, Updateable } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Trx } from '../../server/context.js'
import type { Role } from '../../shared/roles.js'

type Q = Kysely<DB> | Trx

export async function findAccountByLogin(db: Q, login: string) {
  return db
    .selectFrom('user_account')
    .selectAll()
    .where((eb) => eb.or([eb('username', '=', login), eb.and([eb('kind', '=', 'applicant'), eb('phone', '=', login)])]))
    .orderBy('id')
    .executeTakeFirst()
}

export async function findAccount(db: Q, id: number) {
  return db.selectFrom('user_account').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findAccountForUpdate(db: Trx, id: number) {
  return db.selectFrom('user_account').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function insertAccount(db: Q, row: Insertable<DB['user_account']>) {
  return db.insertInto('user_account').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function updateAccount(db: Q, id: number, set: Updateable<DB['user_account']>) {
  await db.updateTable('user_account').set(set).where('id', '=', id).execute()
}

export async function identityTaken(db: Q, f: { idNumber?: string; creditCode?: string; phone?: string; username?: string }) {
  return db
    .selectFrom('user_account')
    .select(['id', 'id_number', 'credit_code', 'phone', 'username', 'kind'])
    .where((eb) =>
      eb.or([
        ...(f.idNumber ? [eb('id_number', '=', f.idNumber)] : []),
        ...(f.creditCode ? [eb('credit_code', '=', f.creditCode)] : []),
        ...(f.username ? [eb('username', '=', f.username)] : []),
        ...(f.phone ? [eb.and([eb('phone', '=', f.phone), eb('kind', '=', 'applicant')])] : []),
      ]),
    )
    .execute()
}

export async function insertSession(db: Q, row: Insertable<DB['session']>) {
  await db.insertInto('session').values(row).execute()
}

export async function sessionWithAccount(db: Q, id: string) {
  return db
    .selectFrom('session')
    .innerJoin('user_account as u', 'u.id', 'session.user_id')
    .select([
      'session.id as session_id',
      'session.expires_at',
      'session.last_seen_at',
      'u.id',
      'u.kind',
      'u.username',
      'u.display_name',
      'u.unit_id',
      'u.status',
      'u.must_change_password',
    ])
    .where('session.id', '=', id)
    .executeTakeFirst()
}

export async function touchSession(db: Q, id: string, lastSeen: Date, expires: Date) {
  await db.updateTable('session').set({ last_seen_at: lastSeen, expires_at: expires }).where('id', '=', id).execute()
}

export async function deleteSession(db: Q, id: string) {
  await db.deleteFrom('session').where('id', '=', id).execute()
}

export async function deleteSessionsOf(db: Q, userId: number, except?: string): Promise<number> {
  let q = db.deleteFrom('session').where('user_id', '=', userId)
  if (except) q = q.where('id', '<>', except)
  return Number((await q.executeTakeFirst()).numDeletedRows)
}

export async function updateStaffAccount(db: Q, id: number, set: Updateable<DB['user_account']>) {
  await db.updateTable('user_account').set(set).where('id', '=', id).where('kind', '=', 'staff').execute()
}

export async function deleteExpiredSessions(db: Q, now: Date) {
  const r = await db.deleteFrom('session').where('expires_at', '<', now).executeTakeFirst()
  return Number(r.numDeletedRows)
}

export async function grantsOf(db: Q, userId: number) {
  return db
    .selectFrom('role_grant as g')
    .leftJoin('org_unit as u', 'u.id', 'g.unit_id')
    .select(['g.role', 'g.unit_id', 'g.region_code', 'u.path as unit_path', 'u.name as unit_name'])
    .where('g.user_id', '=', userId)
    .orderBy('g.id')
    .execute()
}

export async function insertGrant(db: Q, userId: number, role: Role, unitId: number | null, regionCode: string | null) {
  await db.insertInto('role_grant').values({ user_id: userId, role, unit_id: unitId, region_code: regionCode }).execute()
}

export async function unitOf(db: Q, unitId: number) {
  return db.selectFrom('org_unit').select(['id', 'path', 'region_code', 'name']).where('id', '=', unitId).executeTakeFirst()
}
