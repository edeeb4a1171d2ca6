import { sql, type Kysely } from 'kysely'

/** Lookups the org module makes often: units sitting in a centre or serving a department, grants by unit and role. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX org_unit_centre_idx ON org_unit (centre_id) WHERE centre_id IS NOT NULL`.execute(db)
  await sql`CREATE INDEX org_unit_department_idx ON org_unit (department_id) WHERE department_id IS NOT NULL`.execute(db)
  await sql`CREATE INDEX role_grant_unit_idx ON role_grant (unit_id) WHERE unit_id IS NOT NULL`.execute(db)
  await sql`CREATE INDEX role_grant_role_idx ON role_grant (role)`.execute(db)
}
