import crypto from 'node:crypto'
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Deps } from '../../server/context.js'
import type { Tx } from '../../server/mutate.js'
import type { StoredFile, StoredMime } from './index.js'
import { FilesErrors } from './files.errors.js'
import { sniffMime } from './files.sniff.js'
import { readBlob, sha256, writeBlob } from './files.blobs.js'

/** Where integrity failures are reported (set when the app starts the module). */
let errorLog: { error(obj: object, msg: string): void } | null = null
export function setFilesLogger(log: { error(obj: object, msg: string): void }): void {
  errorLog = log
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Human-readable size limit check: config.fileMaxMb megabytes (MiB). */
export function maxUploadBytes(deps: Pick<Deps, 'config'>): number {
  return deps.config.fileMaxMb * 1024 * 1024
}

/** A safe display name: no folders, no control characters, bounded length. */
export function cleanName(name: string, fallback = 'file'): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? ''
  const s = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200)
  return s || fallback
}

type Row = { id: string; sha256: string; size: number; mime: StoredMime; original_name: string; created_at: Date | string }

function toDto(r: Row): StoredFile {
  return {
    id: r.id,
    sha256: r.sha256,
    size: Number(r.size),
    mime: r.mime,
    originalName: r.original_name,
    createdAt: new Date(r.created_at).toISOString(),
  }
}

async function insert(tx: Tx, data: Buffer, originalName: string, mime: StoredMime, generated: boolean): Promise<StoredFile> {
  const hash = sha256(data)
  // bytes first, then the row: a row never points at a missing blob
  await writeBlob(tx.deps.config.fileDir, hash, data)
  const actor = tx.ctx.actor
  const row = await tx.db
    .insertInto('stored_file')
    .values({
      id: crypto.randomUUID(),
      sha256: hash,
      size: data.length,
      mime,
      original_name: cleanName(originalName),
      generated,
      created_by: actor && actor.kind !== 'system' && actor.userId > 0 ? actor.userId : null,
      created_at: tx.now,
    })
    .returning(['id', 'sha256', 'size', 'mime', 'original_name', 'created_at'])
    .executeTakeFirstOrThrow()
  return toDto(row)
}

export async function storeFile(tx: Tx, input: { data: Buffer; originalName: string }): Promise<StoredFile> {
  const data = Buffer.isBuffer(input.data) ? input.data : Buffer.from((input.data as Uint8Array | undefined) ?? [])
  if (!data || data.length === 0) throw FilesErrors.EMPTY_FILE('文件为空，请重新选择文件')
  if (data.length > maxUploadBytes(tx.deps)) {
    throw FilesErrors.FILE_TOO_LARGE(`文件超过 ${tx.deps.config.fileMaxMb} MB 的大小限制`, { maxMb: tx.deps.config.fileMaxMb })
  }
  const mime = sniffMime(data)
  if (!mime) throw FilesErrors.UNSUPPORTED_FILE_TYPE('不支持的文件类型：仅接受 PDF、JPEG、PNG 或 OFD 文件')
  return insert(tx, data, input.originalName, mime, false)
}

export async function storeGenerated(tx: Tx, input: { data: Buffer; originalName: string; mime: StoredMime }): Promise<StoredFile> {
  if (!input.data || input.data.length === 0) throw FilesErrors.EMPTY_FILE('生成的文件为空')
  return insert(tx, input.data, input.originalName, input.mime, true)
}

export async function fileInfo(db: Kysely<DB>, id: string): Promise<StoredFile | null> {
  if (typeof id !== 'string' || !UUID_RE.test(id)) return null
  const row = await db
    .selectFrom('stored_file')
    .select(['id', 'sha256', 'size', 'mime', 'original_name', 'created_at'])
    .where('id', '=', id.toLowerCase())
    .executeTakeFirst()
  return row ? toDto(row) : null
}

/**
 * The file and its bytes, checked against the recorded hash: a tampered or missing blob is an
 * error (500 FILE_INTEGRITY_ERROR, logged by the error handler with the request id), never served.
 */
export async function readFile(deps: Deps, id: string): Promise<{ file: StoredFile; data: Buffer } | null> {
  const file = await fileInfo(deps.db, id)
  if (!file) return null
  const data = await readBlob(deps.config.fileDir, file.sha256)
  if (!data) {
    errorLog?.error({ fileId: file.id, sha256: file.sha256 }, 'stored file is missing its blob')
    throw FilesErrors.FILE_INTEGRITY_ERROR('文件内容缺失，已记录，请联系管理员', { fileId: file.id })
  }
  const actual = sha256(data)
  if (data.length !== file.size || actual !== file.sha256) {
    errorLog?.error({ fileId: file.id, sha256: file.sha256, actual, size: data.length }, 'stored file failed its integrity check (tampered or damaged)')
    throw FilesErrors.FILE_INTEGRITY_ERROR('文件校验失败（内容与登记的哈希值不符），已记录，请联系管理员', { fileId: file.id })
  }
  return { file, data }
}
