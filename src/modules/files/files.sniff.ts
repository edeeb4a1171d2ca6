/**
 * File type from the bytes, never from the name (a .pdf-named executable is refused). Pure
 * functions, table-tested in files.sniff.test.ts.
 */
import type { StoredMime } from './index.js'

const PDF = Buffer.from('%PDF-', 'latin1')
const JPEG = Buffer.from([0xff, 0xd8, 0xff])
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const ZIP_LOCAL = 0x04034b50
const ZIP_CENTRAL = 0x02014b50
const ZIP_END = 0x06054b50

const startsWith = (data: Buffer, magic: Buffer) => data.length >= magic.length && data.subarray(0, magic.length).equals(magic)

export function sniffMime(data: Buffer): StoredMime | null {
  if (startsWith(data, PDF)) return 'application/pdf'
  if (startsWith(data, JPEG)) return 'image/jpeg'
  if (startsWith(data, PNG)) return 'image/png'
  if (data.length >= 4 && data.readUInt32LE(0) === ZIP_LOCAL && zipEntryNames(data).some(isOfdRoot)) return 'application/ofd'
  return null
}

/** GB/T 33190: an OFD package is a ZIP whose root holds OFD.xml. */
function isOfdRoot(name: string): boolean {
  return name.replace(/^\.?\//, '').toLowerCase() === 'ofd.xml'
}

/**
 * The entry names of a ZIP: from the central directory when the end record is found, else by
 * walking the local headers. Bounded and defensive: a damaged archive yields the names read so far.
 */
export function zipEntryNames(data: Buffer, max = 10_000): string[] {
  const names: string[] = []
  const end = findEndRecord(data)
  if (end >= 0) {
    const count = data.readUInt16LE(end + 10)
    let p = data.readUInt32LE(end + 16)
    for (let i = 0; i < count && i < max && p + 46 <= data.length; i++) {
      if (data.readUInt32LE(p) !== ZIP_CENTRAL) break
      const nameLen = data.readUInt16LE(p + 28)
      const extraLen = data.readUInt16LE(p + 30)
      const commentLen = data.readUInt16LE(p + 32)
      if (p + 46 + nameLen > data.length) break
      names.push(data.toString('utf8', p + 46, p + 46 + nameLen))
      p += 46 + nameLen + extraLen + commentLen
    }
    if (names.length > 0) return names
  }
  let p = 0
  while (names.length < max && p + 30 <= data.length && data.readUInt32LE(p) === ZIP_LOCAL) {
    const flags = data.readUInt16LE(p + 6)
    const compressed = data.readUInt32LE(p + 18)
    const nameLen = data.readUInt16LE(p + 26)
    const extraLen = data.readUInt16LE(p + 28)
    if (p + 30 + nameLen > data.length) break
    names.push(data.toString('utf8', p + 30, p + 30 + nameLen))
    // with a data descriptor (bit 3) the size is not in the header: stop walking, names so far stand
    if (flags & 0x08) break
    p += 30 + nameLen + extraLen + compressed
  }
  return names
}

function findEndRecord(data: Buffer): number {
  // the end record is 22 bytes plus a comment of at most 65,535 bytes
  const stop = Math.max(0, data.length - 22 - 0xffff)
  for (let p = data.length - 22; p >= stop; p--) if (data.readUInt32LE(p) === ZIP_END) return p
  return -1
}
