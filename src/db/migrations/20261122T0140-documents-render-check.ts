import { sql, type Kysely } from 'kysely'

/**
 * 20261122T0110-documents-deferred required rendered_at exactly when file_id is set. A document row
 * written with its file already (as the intake benchmark's plain-SQL baseline writes one, and as any
 * import of documents issued elsewhere would) has a file but no render time of ours; that is allowed.
 * What stays forbidden: a file without its hash (or a hash without a file), and a render time without a file.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`ALTER TABLE document DROP CONSTRAINT document_rendered_check,
    ADD CONSTRAINT document_rendered_check CHECK ((file_id IS NULL) = (sha256 IS NULL) AND (rendered_at IS NULL OR file_id IS NOT NULL))`).execute(db)
}
