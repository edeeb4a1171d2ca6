/** Real small files of each type, built in memory for tests (no fixtures on disk). */
import zlib from 'node:zlib'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'

export async function tinyPdf(text = 'OneWindow test'): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A6' })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<void>((r) => doc.on('end', () => r()))
  doc.text(text)
  doc.end()
  await done
  return Buffer.concat(chunks)
}

export async function tinyPng(text = 'hello'): Promise<Buffer> {
  return QRCode.toBuffer(text)
}

/** A real JPEG: page 1 of a tiny PDF rendered by poppler. */
export async function tinyJpeg(): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-jpg-'))
  try {
    fs.writeFileSync(path.join(dir, 'a.pdf'), await tinyPdf())
    execFileSync('pdftoppm', ['-jpeg', '-r', '20', '-singlefile', path.join(dir, 'a.pdf'), path.join(dir, 'a')])
    return fs.readFileSync(path.join(dir, 'a.jpg'))
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** A ZIP (stored, no compression) with the given entries, written the way zip tools write it. */
export function zip(entries: { name: string; data: Buffer }[], opts: { centralDirectory?: boolean } = {}): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8')
    const crc = zlib.crc32(e.data)
    const lh = Buffer.alloc(30)
    lh.writeUInt32LE(0x04034b50, 0)
    lh.writeUInt16LE(20, 4)
    lh.writeUInt16LE(0x0800, 6) // UTF-8 names
    lh.writeUInt16LE(0, 8)
    lh.writeUInt32LE(crc, 14)
    lh.writeUInt32LE(e.data.length, 18)
    lh.writeUInt32LE(e.data.length, 22)
    lh.writeUInt16LE(name.length, 26)
    lh.writeUInt16LE(0, 28)
    const ch = Buffer.alloc(46)
    ch.writeUInt32LE(0x02014b50, 0)
    ch.writeUInt16LE(20, 4)
    ch.writeUInt16LE(20, 6)
    ch.writeUInt16LE(0x0800, 8)
    ch.writeUInt32LE(crc, 16)
    ch.writeUInt32LE(e.data.length, 20)
    ch.writeUInt32LE(e.data.length, 24)
    ch.writeUInt16LE(name.length, 28)
    ch.writeUInt32LE(offset, 42)
    locals.push(lh, name, e.data)
    centrals.push(ch, name)
    offset += 30 + name.length + e.data.length
  }
  if (opts.centralDirectory === false) return Buffer.concat(locals)
  const cd = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(cd.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, cd, end])
}

/** A minimal OFD package (GB/T 33190): OFD.xml at the root and one document. */
export function tinyOfd(opts: { centralDirectory?: boolean } = {}): Buffer {
  const ofdXml = '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>'
  return zip(
    [
      { name: 'OFD.xml', data: Buffer.from(ofdXml) },
      { name: 'Doc_0/Document.xml', data: Buffer.from('<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"/>') },
    ],
    opts,
  )
}

/** The start of a Windows executable (MZ header). */
export function tinyExe(): Buffer {
  const b = Buffer.alloc(256)
  b.write('MZ', 0, 'latin1')
  b.write('This program cannot be run in DOS mode.', 78, 'latin1')
  return b
}
