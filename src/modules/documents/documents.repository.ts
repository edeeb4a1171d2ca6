/** The documents module's SQL: plain rows of `document` and `document_sequence`. */
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Trx } from '../../server/context.js'
import type { DocumentBody, DocumentKind, IssuedDocument } from './index.js'

type Db = Kysely<DB> | Trx

export type DocumentRow = {
  id: number
  kind: DocumentKind
  title: string
  case_id: number | null
  joint_case_id: number | null
  case_number: string
  unit_id: number | null
  unit_name: string
  applicant_name: string
  doc_number: string
  body: DocumentBody
  issued_at: Date | string
  verification_code: string
  verification_url: string
  file_id: string | null
  sha256: string | null
  content_sha256: string | null
  rendered_at: Date | string | null
}

export const COLUMNS = [
  'id',
  'kind',
  'title',
  'case_id',
  'joint_case_id',
  'case_number',
  'unit_id',
  'unit_name',
  'applicant_name',
  'doc_number',
  'body',
  'issued_at',
  'verification_code',
  'verification_url',
  'file_id',
  'sha256',
  'content_sha256',
  'rendered_at',
] as const

export function toDto(r: DocumentRow): IssuedDocument {
  return {
    id: Number(r.id),
    kind: r.kind,
    title: r.title,
    caseId: r.case_id === null ? null : Number(r.case_id),
    jointCaseId: r.joint_case_id === null ? null : Number(r.joint_case_id),
    caseNumber: r.case_number,
    unitName: r.unit_name,
    applicantName: r.applicant_name,
    docNumber: r.doc_number,
    issuedAt: new Date(r.issued_at).toISOString(),
    verificationCode: r.verification_code,
    verificationUrl: r.verification_url,
    fileId: r.file_id,
    sha256: r.sha256,
    contentSha256: r.content_sha256,
    renderedAt: r.rendered_at === null ? null : new Date(r.rendered_at).toISOString(),
  }
}

const norm = (r: DocumentRow): DocumentRow => ({ ...r, id: Number(r.id), unit_id: r.unit_id === null ? null : Number(r.unit_id) })

/** Takes the next number of (prefix, year) with one atomic upsert: distinct across instances. */
export async function nextNumber(db: Db, prefix: string, year: number): Promise<number> {
  const r = await sql<{ last: number }>`
    INSERT INTO document_sequence (prefix, year, last) VALUES (${prefix}, ${year}, 1)
    ON CONFLICT (prefix, year) DO UPDATE SET last = document_sequence.last + 1
    RETURNING last`.execute(db)
  return Number(r.rows[0]!.last)
}

export async function insertDocument(
  db: Db,
  v: Omit<DocumentRow, 'id' | 'body' | 'issued_at' | 'file_id' | 'sha256' | 'rendered_at'> & { body: DocumentBody; issued_at: Date; issued_by: number | null },
): Promise<DocumentRow> {
  const row = await db
    .insertInto('document')
    .values({ ...v, body: JSON.stringify(v.body) })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow()
  return norm(row)
}

export async function findDocument(db: Db, id: number, opts: { forUpdate?: boolean } = {}): Promise<DocumentRow | null> {
  let q = db.selectFrom('document').select(COLUMNS).where('id', '=', id)
  if (opts.forUpdate) q = q.forUpdate()
  const row = await q.executeTakeFirst()
  return row ? norm(row) : null
}

export async function findByCode(db: Db, code: string): Promise<DocumentRow | null> {
  const row = await db.selectFrom('document').select(COLUMNS).where('verification_code', '=', code).executeTakeFirst()
  return row ? norm(row) : null
}

export async function documentsWhere(db: Db, column: 'case_id' | 'joint_case_id', id: number): Promise<DocumentRow[]> {
  const rows = await db.selectFrom('document').select(COLUMNS).where(column, '=', id).orderBy('issued_at').orderBy('id').execute()
  return rows.map(norm)
}

/** Documents whose PDF is not rendered yet, oldest first (the partial index document_pending_render_idx). */
export async function pendingDocuments(db: Db, limit: number): Promise<DocumentRow[]> {
  const rows = await db.selectFrom('document').select(COLUMNS).where('file_id', 'is', null).orderBy('issued_at').orderBy('id').limit(limit).execute()
  return rows.map(norm)
}

/** Sets the rendered file, only if none is set yet: null when another render got there first. */
export async function attachFile(db: Db, id: number, file: { id: string; sha256: string }, at: Date): Promise<DocumentRow | null> {
  const row = await db
    .updateTable('document')
    .set({ file_id: file.id, sha256: file.sha256, rendered_at: at })
    .where('id', '=', id)
    .where('file_id', 'is', null)
    .returning(COLUMNS)
    .executeTakeFirst()
  return row ? norm(row) : null
}
