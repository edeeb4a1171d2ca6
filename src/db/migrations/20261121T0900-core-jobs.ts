import { sql, type Kysely } from 'kysely'

/** Background work on PostgreSQL: one-off jobs claimed with SKIP LOCKED, and periodic sweeps. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db)
  await sql`CREATE EXTENSION IF NOT EXISTS btree_gin`.execute(db)
  await db.schema
    .createTable('job')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('queue', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('run_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('queued').check(sql`status in ('queued','running','done','failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .execute()
  await sql`CREATE INDEX job_due_idx ON job (run_at) WHERE status = 'queued'`.execute(db)
  await sql`CREATE INDEX job_lease_idx ON job (locked_until) WHERE status = 'running'`.execute(db)
  await db.schema
    .createTable('sweep')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('interval_ms', 'integer', (c) => c.notNull())
    .addColumn('next_run_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_run_at', 'timestamptz')
    .addColumn('last_run_by', 'text')
    .addColumn('running_until', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('run_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute()
}
