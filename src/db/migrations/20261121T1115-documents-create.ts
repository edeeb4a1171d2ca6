import { sql, type Kysely } from 'kysely'

/** Issued documents (notices and results) with their verification codes, and the document-number sequences. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('document')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('case_id', 'bigint', (c) => c.notNull())
    .addColumn('case_number', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'bigint', (c) => c.references('org_unit.id'))
    .addColumn('unit_name', 'text', (c) => c.notNull())
    .addColumn('applicant_name', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('doc_number', 'text', (c) => c.notNull().unique())
    .addColumn('body', 'jsonb', (c) => c.notNull())
    .addColumn('file_id', 'text', (c) => c.notNull().references('stored_file.id'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('verification_code', 'text', (c) => c.notNull().unique())
    .addColumn('verification_url', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull())
    .addColumn('issued_by', 'bigint', (c) => c.references('user_account.id'))
    .execute()
  await sql`CREATE INDEX document_case_idx ON document (case_id, issued_at)`.execute(db)

  await db.schema
    .createTable('document_sequence')
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_sequence_pk', ['prefix', 'year'])
    .execute()
}
