import { sql, type Kysely } from 'kysely'

/**
 * A document is issued (number, verification code, body, content hash, audit record) inside the
 * issuing transaction, and its PDF is rendered afterwards, from the stored row (bench/intake.bench.ts:
 * the render was most of an accept's time). Until then `file_id`, `sha256` and `rendered_at` are
 * null; `content_sha256` is the SHA-256 of the canonical JSON of what the PDF shows, fixed at issue.
 * Documents issued before this migration keep their files (rendered at issue); they have no content
 * hash. The partial index finds the pending ones, oldest first, for the render sweep.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const run = (q: string) => sql.raw(q).execute(db)
  await run(`ALTER TABLE document ALTER COLUMN file_id DROP NOT NULL, ALTER COLUMN sha256 DROP NOT NULL,
    ADD COLUMN content_sha256 text, ADD COLUMN rendered_at timestamptz`)
  await run(`UPDATE document SET rendered_at = issued_at WHERE file_id IS NOT NULL`)
  await run(`ALTER TABLE document ADD CONSTRAINT document_rendered_check
    CHECK ((file_id IS NULL) = (sha256 IS NULL) AND (file_id IS NULL) = (rendered_at IS NULL))`)
  await run(`CREATE INDEX document_pending_render_idx ON document (issued_at, id) WHERE file_id IS NULL`)
}
