import { sql, type Kysely } from 'kysely'

/** Regions (GB/T 2260), organisation units (centres, departments, approval offices, windows) and role grants. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('region')
    .addColumn('code', 'text', (c) => c.primaryKey().check(sql`code ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$'`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('level', 'smallint', (c) => c.notNull().check(sql`level between 1 and 5`))
    .addColumn('parent_code', 'text', (c) => c.references('region.code'))
    .execute()
  await sql`CREATE INDEX region_parent_idx ON region (parent_code)`.execute(db)

  await db.schema
    .createTable('org_unit')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('centre','department','approval_office','window')`))
    // centre: city_centre | branch | township_centre | village_point; window: department | general
    .addColumn('subtype', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.unique())
    .addColumn('region_code', 'text', (c) => c.notNull().references('region.code'))
    .addColumn('parent_id', 'bigint', (c) => c.references('org_unit.id'))
    .addColumn('department_id', 'bigint', (c) => c.references('org_unit.id'))
    .addColumn('centre_id', 'bigint', (c) => c.references('org_unit.id'))
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('address', 'text')
    .addColumn('description', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active','closed')`))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`CREATE INDEX org_unit_parent_idx ON org_unit (parent_id)`.execute(db)
  await sql`CREATE INDEX org_unit_region_idx ON org_unit (region_code text_pattern_ops)`.execute(db)
  await sql`CREATE INDEX org_unit_path_idx ON org_unit (path text_pattern_ops)`.execute(db)
  await sql`CREATE INDEX org_unit_kind_idx ON org_unit (kind, region_code)`.execute(db)
}
