/**
 * The file store for uploaded materials and generated documents: a folder by default
 * (config.fileDir), content-addressed by SHA-256 (the same bytes are stored once).
 *   [CONTRACT — the files owner implements these; keep the signatures]
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Deps } from '../../server/context.js'
import type { Tx } from '../../server/mutate.js'
import type { AppModule } from '../../server/module.js'

export type StoredMime = 'application/pdf' | 'image/jpeg' | 'image/png' | 'application/ofd'

export interface StoredFile {
  id: string
  sha256: string
  size: number
  mime: StoredMime
  originalName: string
  createdAt: string
}

/**
 * Stores a file inside the caller's transaction: the type is sniffed from the bytes (PDF, JPEG,
 * PNG, OFD), never trusted from the name; over config.fileMaxMb → 413 FILE_TOO_LARGE; another
 * type → 415 UNSUPPORTED_FILE_TYPE; empty → 400 EMPTY_FILE.
 */
export async function storeFile(_tx: Tx, _input: { data: Buffer; originalName: string }): Promise<StoredFile> {
  throw new Error('files.storeFile: not implemented yet')
}

/** Stores a file the system generated (a PDF notice): no upload limit, type given. */
export async function storeGenerated(_tx: Tx, _input: { data: Buffer; originalName: string; mime: StoredMime }): Promise<StoredFile> {
  throw new Error('files.storeGenerated: not implemented yet')
}

export async function fileInfo(_db: Kysely<DB>, _id: string): Promise<StoredFile | null> {
  throw new Error('files.fileInfo: not implemented yet')
}

export async function readFile(_deps: Deps, _id: string): Promise<{ file: StoredFile; data: Buffer } | null> {
  throw new Error('files.readFile: not implemented yet')
}

export const filesModule: AppModule = { name: 'files' }
