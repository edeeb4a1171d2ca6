import { describe, expect, it } from 'vitest'
import { sniffMime, zipEntryNames } from './files.sniff.js'
import { tinyExe, tinyJpeg, tinyOfd, tinyPdf, tinyPng, zip } from './files.testkit.js'

describe('the file type is read from the bytes', () => {
  it.each([
    ['a PDF made by pdfkit', 'application/pdf', () => tinyPdf()],
    ['a JPEG rendered by poppler', 'image/jpeg', () => tinyJpeg()],
    ['a PNG made by qrcode', 'image/png', () => tinyPng()],
    ['an OFD package (ZIP with OFD.xml, read from the central directory)', 'application/ofd', async () => tinyOfd()],
    ['an OFD package without a central directory (read from the local headers)', 'application/ofd', async () => tinyOfd({ centralDirectory: false })],
    ['a Windows executable', null, async () => tinyExe()],
    ['a plain ZIP without OFD.xml', null, async () => zip([{ name: 'readme.txt', data: Buffer.from('hi') }])],
    ['a ZIP with OFD.xml only in a sub-folder', null, async () => zip([{ name: 'x/OFD.xml', data: Buffer.from('<a/>') }])],
    ['a text file that mentions %PDF- later', null, async () => Buffer.from('hello %PDF-1.7')],
    ['a truncated PNG signature', null, async () => Buffer.from([0x89, 0x50, 0x4e, 0x47])],
    ['a truncated ZIP header', null, async () => Buffer.from('PK\x03\x04', 'latin1')],
  ] as const)('%s → %s', async (_what, want, make) => {
    expect(sniffMime(await make())).toBe(want)
  })

  it('lists the entry names of a ZIP in order', () => {
    const z = zip([
      { name: 'OFD.xml', data: Buffer.from('a') },
      { name: 'Doc_0/证照.xml', data: Buffer.from('b') },
    ])
    expect(zipEntryNames(z)).toEqual(['OFD.xml', 'Doc_0/证照.xml'])
  })

  it('survives a ZIP whose central directory points past the end', () => {
    const z = tinyOfd()
    z.writeUInt32LE(0x7fffffff, z.length - 6) // central directory offset
    expect(() => sniffMime(z)).not.toThrow()
  })
})
