import { sql, type Insertable, type Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Trx } from '../../server/context.js'
import { scopeWhere, type Scope } from '../org/index.js'

export type AuditRow = Awaited<ReturnType<typeof listPage>>['rows'][number]

export async function lockHead(trx: Trx) {
  return trx.selectFrom('audit_chain_head').selectAll().where('id', '=', 1).forUpdate().executeTakeFirstOrThrow()
}

export async function nextId(trx: Trx): Promise<number> {
  const r = await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('audit_record', 'id'))::int8 AS id`.execute(trx)
  return Number(r.rows[0]!.id)
}

export async function insertRecord(trx: Trx, row: Insertable<DB['audit_record']>) {
  await trx.insertInto('audit_record').values(row).execute()
}

export async function setHead(trx: Trx, lastId: number, lastHash: string) {
  await trx.updateTable('audit_chain_head').set({ last_id: lastId, last_hash: lastHash }).where('id', '=', 1).execute()
}

export interface AuditFilter {
  actorId?: number | undefined
  action?: string | undefined
  targetType?: string | undefined
  targetId?: string | undefined
  from?: Date | undefined
  to?: Date | undefined
  q?: string | undefined
  /** records of units inside this scope, plus the actor's own records (`selfId`) */
  scope?: Scope
  selfId?: number | undefined
}

export async function listPage(db: Kysely<DB>, f: AuditFilter, page: number, pageSize: number) {
  let q = db.selectFrom('audit_record')
  if (f.actorId !== undefined) q = q.where('actor_id', '=', f.actorId)
  if (f.action) q = q.where('action', 'like', `${f.action}%`)
  if (f.targetType) q = q.where('target_type', '=', f.targetType)
  if (f.targetId) q = q.where('target_id', '=', f.targetId)
  if (f.from) q = q.where('at', '>=', f.from)
  if (f.to) q = q.where('at', '<', f.to)
  if (f.q) q = q.where((eb) => eb.or([eb('summary', 'ilike', `%${f.q}%`), eb('actor_name', 'ilike', `%${f.q}%`)]))
  if (f.scope && !f.scope.all) {
    const scope = f.scope
    q = q.where((eb) =>
      eb.or([
        eb('unit_id', 'in', eb.selectFrom('org_unit').select('org_unit.id').where((e2) => scopeWhere(e2, scope, 'org_unit'))),
        eb('actor_id', '=', f.selfId ?? -1),
      ]),
    )
  }
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(total.n) }
}

/** Records in chain order, a batch at a time, for verification. */
export async function chainBatch(db: Kysely<DB>, afterId: number, limit: number) {
  return db.selectFrom('audit_record').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute()
}

export async function head(db: Kysely<DB>) {
  return db.selectFrom('audit_chain_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow()
}

/** The records about one target, oldest first (a case's timeline, an item's history). */
export async function trailOf(db: Kysely<DB>, targetType: string, targetId: string) {
  return db
    .selectFrom('audit_record')
    .select(['at', 'action', 'actor_name', 'summary'])
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId)
    .orderBy('id')
    .execute()
}
