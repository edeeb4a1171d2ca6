// The files module's tables (created by migration 20261121T1110-files-create).
import type { Generated } from 'kysely'
import type { Timestamp } from '../../db/core.tables.js'

/** One stored file: metadata here, the bytes in the blob store under their SHA-256 (stored once). */
export interface StoredFileTable {
  /** a random UUID (text), so file ids cannot be guessed or enumerated */
  id: string
  sha256: string
  size: number
  mime: 'application/pdf' | 'image/jpeg' | 'image/png' | 'application/ofd'
  original_name: string
  created_by: number | null
  created_at: Timestamp
  /** produced by the system (a PDF notice), not uploaded */
  generated: Generated<boolean>
}

export interface FilesTables {
  stored_file: StoredFileTable
}
