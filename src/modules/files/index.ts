/**
 * The file store for uploaded materials and generated documents: a folder by default
 * (config.fileDir), content-addressed by SHA-256 (the same bytes are stored once).
 *
 *   storeFile(tx, { data, originalName })        // uploads: sniffed type, size limit
 *   storeGenerated(tx, { data, originalName, mime })  // system PDFs
 *   fileInfo(db, id) / readFile(deps, id)        // readFile verifies the hash
 */
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
 * storeFile: stores a file inside the caller's transaction: the type is sniffed from the bytes (PDF,
 * JPEG, PNG, OFD), never trusted from the name; over config.fileMaxMb → 413 FILE_TOO_LARGE; another
 * type → 415 UNSUPPORTED_FILE_TYPE; empty → 400 EMPTY_FILE.
 * storeGenerated: stores a file the system generated (a PDF notice): no upload limit, type given.
 * readFile: null when the id is unknown; 500 FILE_INTEGRITY_ERROR when the blob was tampered with.
 */
import { setFilesLogger } from './files.service.js'
export { storeFile, storeGenerated, fileInfo, readFile, maxUploadBytes, cleanName, setFilesLogger } from './files.service.js'
export { sniffMime } from './files.sniff.js'
export { FilesErrors } from './files.errors.js'

/** Extensions for download names, by sniffed type. */
export const MIME_EXTENSIONS: Record<StoredMime, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'application/ofd': 'ofd',
}

export const filesModule: AppModule = {
  name: 'files',
  // the logger that reports tampered or missing blobs
  bootstrap: async (_deps, log) => setFilesLogger(log),
}

/** Limits for @fastify/multipart in a route plugin that takes uploads (one file, config.fileMaxMb). */
export function uploadLimits(config: { fileMaxMb: number }): { fileSize: number; files: number; fields: number; fieldSize: number } {
  return { fileSize: config.fileMaxMb * 1024 * 1024, files: 1, fields: 20, fieldSize: 64 * 1024 }
}
