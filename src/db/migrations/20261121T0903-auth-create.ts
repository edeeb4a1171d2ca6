import { sql, type Kysely } from 'kysely'

/** Accounts (staff and applicants), database-stored sessions and role grants with their data scope. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('user_account')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('staff','applicant')`))
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('applicant_kind', 'text', (c) => c.check(sql`applicant_kind in ('person','enterprise')`))
    .addColumn('id_number', 'text', (c) => c.unique())
    .addColumn('credit_code', 'text', (c) => c.unique())
    .addColumn('legal_representative', 'text')
    .addColumn('unit_id', 'bigint', (c) => c.references('org_unit.id'))
    .addColumn('title', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active','disabled')`))
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'timestamptz')
    .addColumn('must_change_password', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('password_changed_at', 'timestamptz')
    .addColumn('last_login_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`CREATE UNIQUE INDEX user_account_phone_applicant_idx ON user_account (phone) WHERE kind = 'applicant'`.execute(db)
  await sql`CREATE INDEX user_account_unit_idx ON user_account (unit_id)`.execute(db)

  await db.schema
    .createTable('role_grant')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('user_account.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    // A grant covers a unit and everything under it, or a region and everything in it, or (neither) the whole system.
    .addColumn('unit_id', 'bigint', (c) => c.references('org_unit.id'))
    .addColumn('region_code', 'text', (c) => c.references('region.code'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('role_grant_one_scope', sql`unit_id is null or region_code is null`)
    .execute()
  await sql`CREATE UNIQUE INDEX role_grant_uniq ON role_grant (user_id, role, coalesce(unit_id, 0), coalesce(region_code, ''))`.execute(db)

  await db.schema
    .createTable('session')
    .addColumn('id', 'text', (c) => c.primaryKey()) // sha-256 of the cookie token; the token itself is never stored
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('user_account.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute()
  await sql`CREATE INDEX session_user_idx ON session (user_id)`.execute(db)
  await sql`CREATE INDEX session_expiry_idx ON session (expires_at)`.execute(db)
}
