// The documents module's tables (created by migration 20261121T1115-documents-create).
import type { ColumnType, Generated } from 'kysely'
import type { Json, Timestamp } from '../../db/core.tables.js'
import type { DocumentBody, DocumentKind } from './index.js'

/** A written document the platform issued (notice or result): the PDF is a stored_file. */
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
  file_id: string
  sha256: string
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
