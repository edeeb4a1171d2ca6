import { sql, type Kysely } from 'kysely'

/** The append-only, hash-chained audit trail (全程留痕). The application never updates or deletes it. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_record')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor_id', 'bigint')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'bigint')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text')
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .addColumn('ip', 'text')
    .addColumn('request_id', 'text')
    .addColumn('hash_alg', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute()
  await sql`CREATE INDEX audit_record_at_idx ON audit_record (at)`.execute(db)
  await sql`CREATE INDEX audit_record_target_idx ON audit_record (target_type, target_id)`.execute(db)
  await sql`CREATE INDEX audit_record_actor_idx ON audit_record (actor_id, at)`.execute(db)
  await sql`CREATE INDEX audit_record_unit_idx ON audit_record (unit_id, at)`.execute(db)
  // One row: the chain's head. Appends lock it, so the chain order is the commit order.
  await db.schema
    .createTable('audit_chain_head')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('last_id', 'bigint', (c) => c.notNull())
    .addColumn('last_hash', 'text', (c) => c.notNull())
    .execute()
  await sql`INSERT INTO audit_chain_head (id, last_id, last_hash) VALUES (1, 0, ${'0'.repeat(64)})`.execute(db)
}
