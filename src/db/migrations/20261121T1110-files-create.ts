import { sql, type Kysely } from 'kysely'

/** The file store's metadata: the bytes live in config.fileDir under <sha256[0:2]>/<sha256>. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('stored_file')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sha256', 'text', (c) => c.notNull().check(sql`sha256 ~ '^[0-9a-f]{64}$'`))
    .addColumn('size', 'bigint', (c) => c.notNull().check(sql`size > 0`))
    .addColumn('mime', 'text', (c) => c.notNull().check(sql`mime in ('application/pdf','image/jpeg','image/png','application/ofd')`))
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('generated', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_by', 'bigint', (c) => c.references('user_account.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await sql`CREATE INDEX stored_file_sha256_idx ON stored_file (sha256)`.execute(db)
}
