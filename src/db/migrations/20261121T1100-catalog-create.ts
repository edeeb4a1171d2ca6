import { sql, type Kysely } from 'kysely'

/**
 * The service catalogue: items (with their draft guide and search columns), their immutable
 * published versions, and the recorded status changes (suspend / restart with its approval /
 * abolish, S10).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('item')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft').check(sql`status in ('draft','published','suspended','abolished')`))
    .addColumn('status_reason', 'text')
    .addColumn('department_id', 'bigint', (c) => c.notNull().references('org_unit.id'))
    .addColumn('current_version_id', 'bigint')
    // the guide being edited (null when there is no pending change)
    .addColumn('draft', 'jsonb')
    // search columns: of the current version, or of the draft while never published
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('type_code', 'text', (c) => c.notNull())
    .addColumn('audiences', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('topics', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('instant', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('item_version')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('item_id', 'bigint', (c) => c.notNull().references('item.id'))
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('guide', 'jsonb', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull())
    .addColumn('published_by', 'bigint', (c) => c.references('user_account.id'))
    .addUniqueConstraint('item_version_item_version_uniq', ['item_id', 'version'])
    .execute()
  await sql`ALTER TABLE item ADD CONSTRAINT item_current_version_fk FOREIGN KEY (current_version_id) REFERENCES item_version (id)`.execute(db)

  await db.schema
    .createTable('item_status_change')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('item_id', 'bigint', (c) => c.notNull().references('item.id'))
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('publish','suspend','restart','abolish')`))
    .addColumn('from_status', 'text', (c) => c.notNull())
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    // restart: the reference of the recorded restart approval (S10)
    .addColumn('approval_ref', 'text')
    .addColumn('version', 'integer')
    .addColumn('by_user_id', 'bigint', (c) => c.references('user_account.id'))
    .addColumn('by_name', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute()
  await sql`CREATE INDEX item_status_change_item_idx ON item_status_change (item_id, id)`.execute(db)

  await sql`CREATE INDEX item_search_trgm_idx ON item USING gin (search_text gin_trgm_ops)`.execute(db)
  await sql`CREATE INDEX item_department_idx ON item (department_id, status)`.execute(db)
  await sql`CREATE INDEX item_status_idx ON item (status, code)`.execute(db)
  await sql`CREATE INDEX item_topics_idx ON item USING gin (topics)`.execute(db)
  await sql`CREATE INDEX item_audiences_idx ON item USING gin (audiences)`.execute(db)
  await sql`CREATE INDEX item_version_item_idx ON item_version (item_id, version DESC)`.execute(db)
}
