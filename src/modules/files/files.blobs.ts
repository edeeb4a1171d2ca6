/**
 * The blob store: a folder, content-addressed by SHA-256 (<sha256[0:2]>/<sha256>), so the same bytes
 * are stored once. A blob is written to a temporary name and renamed, so a reader never sees half a
 * file. A rolled-back transaction may leave an orphan blob (harmless); a row never lacks its blob,
 * because the blob is written before the row.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import crypto from 'node:crypto'

export function sha256(data: Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex')
}

export function blobPath(dir: string, hash: string): string {
  return path.join(dir, hash.slice(0, 2), hash)
}

export async function writeBlob(dir: string, hash: string, data: Buffer): Promise<void> {
  const target = blobPath(dir, hash)
  try {
    const existing = await fs.readFile(target)
    if (sha256(existing) === hash) return
    // a damaged blob under this name: replace it with the good bytes
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
  }
  await fs.mkdir(path.dirname(target), { recursive: true })
  const tmp = `${target}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`
  const fh = await fs.open(tmp, 'wx')
  try {
    await fh.writeFile(data)
    await fh.sync()
  } finally {
    await fh.close()
  }
  await fs.rename(tmp, target)
}

/** The blob's bytes, or null when it is missing. */
export async function readBlob(dir: string, hash: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(blobPath(dir, hash))
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw e
  }
}
