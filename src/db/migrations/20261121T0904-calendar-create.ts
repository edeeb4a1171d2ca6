import { sql, type Kysely } from 'kysely'

/** The working-day calendar: local overrides per region, imported years of national data, and the data version. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('calendar_override')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('region_code', 'text', (c) => c.notNull().references('region.code'))
    .addColumn('date', 'date', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('closure','local_holiday','extra_workday')`))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 1 and 50`))
    .addColumn('reason', 'text')
    .addColumn('created_by', 'bigint', (c) => c.references('user_account.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('calendar_override_region_date_uniq', ['region_code', 'date'])
    .execute()
  await sql`CREATE INDEX calendar_override_date_idx ON calendar_override (date)`.execute(db)
  await sql`CREATE INDEX calendar_override_region_pattern_idx ON calendar_override (region_code text_pattern_ops)`.execute(db)

  await db.schema
    .createTable('calendar_year')
    .addColumn('year', 'integer', (c) => c.primaryKey().check(sql`year between 1990 and 2200`))
    .addColumn('days', 'jsonb', (c) => c.notNull())
    .addColumn('imported_by', 'bigint', (c) => c.references('user_account.id'))
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('calendar_version')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute()
  await sql`INSERT INTO calendar_version (id, version) VALUES (1, 0)`.execute(db)
}
