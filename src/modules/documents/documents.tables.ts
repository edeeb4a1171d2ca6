// The documents module's tables (created by migration 20261121T1115-documents-create; the PDF
// deferred by 20261122T0110-documents-deferred).
import type { ColumnType, Generated } from 'kysely'
import type { Json, Timestamp } from '../../db/core.tables.js'
import type { DocumentBody, DocumentKind } from './index.js'

/**
 * A written document the platform issued (notice or result). It is issued (number, code, body,
 * content hash) in the issuing transaction; its PDF, a stored_file, is rendered afterwards from this
 * row (documents.pdf.ts), so file_id, sha256 and rendered_at are null until then.
 */
export interface DocumentTable {
  id: Generated<number>
  kind: DocumentKind
  case_id: number | null
  joint_case_id: ColumnType<number | null, number | null | undefined, number | null>
  case_number: string
  unit_id: number | null
  unit_name: string
  applicant_name: string
  title: string
  /** 文号, e.g. 德市审受字〔2026〕第 000123 号 */
  doc_number: string
  body: Json<DocumentBody>
  /** the rendered PDF; null until rendered */
  file_id: ColumnType<string | null, string | null | undefined, string | null>
  /** SHA-256 of the PDF's bytes; null until rendered */
  sha256: ColumnType<string | null, string | null | undefined, string | null>
  /** SHA-256 of the canonical JSON of what the PDF shows (documentContent), fixed at issue; null for documents issued before 2026-11-22 */
  content_sha256: ColumnType<string | null, string | null | undefined, string | null>
  rendered_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  verification_code: string
  /** the URL printed in the PDF and its QR code */
  verification_url: string
  issued_at: Timestamp
  issued_by: number | null
}

/**
 * The document-number sequences: one row per (prefix, year), where the prefix (德市审受字) is derived
 * from the issuing unit and the kind; taken with an atomic upsert, so instances never collide, and
 * two units that abbreviate alike share one sequence instead of issuing the same number twice.
 */
export interface DocumentSequenceTable {
  prefix: string
  year: number
  last: number
}

export interface DocumentsTables {
  document: DocumentTable
  document_sequence: DocumentSequenceTable
}
