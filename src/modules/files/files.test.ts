import fs from 'node:fs'
import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test/harness.js'
import { mutate } from '../../server/mutate.js'
import { systemCtx } from '../../server/context.js'
import { DomainError } from '../../server/errors.js'
import { fileInfo, readFile, setFilesLogger, storeFile, storeGenerated, type StoredFile } from './index.js'
import { blobPath } from './files.blobs.js'
import { tinyExe, tinyJpeg, tinyOfd, tinyPdf, tinyPng } from './files.testkit.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ config: { fileMaxMb: 1 } })
})
afterAll(() => t.close())

const store = (data: Buffer, originalName: string) =>
  mutate(t.deps, systemCtx('files-test'), async (tx) => {
    const f = await storeFile(tx, { data, originalName })
    await tx.audit({ action: 'test.file.store', targetType: 'file', targetId: f.id })
    return f
  })

async function refusal(p: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await p
  } catch (e) {
    if (e instanceof DomainError) return { status: e.status, code: e.code }
    throw e
  }
  throw new Error('expected a refusal')
}

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex')
const rows = async () => Number((await t.deps.db.selectFrom('stored_file').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)

describe('storing uploaded files', () => {
  it.each([
    ['营业执照.pdf', () => tinyPdf(), 'application/pdf'],
    ['身份证正面.jpg', () => tinyJpeg(), 'image/jpeg'],
    ['现场照片.png', () => tinyPng('现场'), 'image/png'],
    ['电子证照.ofd', async () => tinyOfd(), 'application/ofd'],
    ['misnamed.png', () => tinyPdf('really a pdf'), 'application/pdf'],
  ] as const)('stores %s as %s (sniffed), with its size and SHA-256, and reads it back', async (name, make, mime) => {
    const data = await make()
    const f = await store(data, name)
    expect(f).toMatchObject({ mime, size: data.length, sha256: sha(data), originalName: name })
    expect(f.id).toMatch(/^[0-9a-f-]{36}$/)
    const back = await readFile(t.deps, f.id)
    expect(back!.data.equals(data)).toBe(true)
    expect(await fileInfo(t.deps.db, f.id)).toEqual(f)
  })

  it('refuses an executable named .pdf with 415 UNSUPPORTED_FILE_TYPE and stores nothing', async () => {
    const before = await rows()
    expect(await refusal(store(tinyExe(), '申请表.pdf'))).toEqual({ status: 415, code: 'UNSUPPORTED_FILE_TYPE' })
    expect(await rows()).toBe(before)
  })

  it('refuses an empty file with 400 EMPTY_FILE', async () => {
    expect(await refusal(store(Buffer.alloc(0), 'empty.pdf'))).toEqual({ status: 400, code: 'EMPTY_FILE' })
  })

  it('refuses a file over config.fileMaxMb with 413 FILE_TOO_LARGE, and takes one exactly at the limit', async () => {
    const pdf = await tinyPdf()
    const atLimit = Buffer.concat([pdf, Buffer.alloc(1024 * 1024 - pdf.length, 0x20)])
    expect((await store(atLimit, 'big.pdf')).size).toBe(1024 * 1024)
    const over = Buffer.concat([atLimit, Buffer.from(' ')])
    expect(await refusal(store(over, 'bigger.pdf'))).toEqual({ status: 413, code: 'FILE_TOO_LARGE' })
  })

  it('stores the same bytes once on disk, with a row per upload', async () => {
    const data = await tinyPdf(`dedupe ${Math.random()}`)
    const a = await store(data, 'a.pdf')
    const b = await store(data, 'b.pdf')
    expect(a.id).not.toBe(b.id)
    expect(a.sha256).toBe(b.sha256)
    const p = blobPath(t.deps.config.fileDir, a.sha256)
    expect(fs.existsSync(p)).toBe(true)
    const dir = fs.readdirSync(p.slice(0, p.lastIndexOf('/')))
    expect(dir.filter((n) => n.startsWith(a.sha256))).toEqual([a.sha256]) // no temp files left behind
  })

  it('keeps only the base name of an uploaded path', async () => {
    const f = await store(await tinyPng('p'), '..\\..\\etc/passwd/照片.png')
    expect(f.originalName).toBe('照片.png')
  })

  it('stores a generated PDF without the upload limit', async () => {
    const pdf = await tinyPdf()
    const big = Buffer.concat([pdf, Buffer.alloc(1024 * 1024 + 10, 0x20)])
    const f = await mutate(t.deps, systemCtx(), async (tx) => {
      const r = await storeGenerated(tx, { data: big, originalName: '受理通知书.pdf', mime: 'application/pdf' })
      await tx.audit({ action: 'test.file.store', targetType: 'file', targetId: r.id })
      return r
    })
    expect(f.size).toBe(big.length)
  })

  it('refuses to serve a blob whose bytes were changed on disk, and one that went missing, and logs both', async () => {
    const logged: { obj: Record<string, unknown>; msg: string }[] = []
    setFilesLogger({ error: (obj, msg) => void logged.push({ obj: obj as Record<string, unknown>, msg }) })
    const data = await tinyPdf(`tamper ${Math.random()}`)
    const f: StoredFile = await store(data, 'x.pdf')
    const p = blobPath(t.deps.config.fileDir, f.sha256)
    const tampered = Buffer.from(data)
    tampered.writeUInt8(tampered.readUInt8(tampered.length - 20) ^ 1, tampered.length - 20)
    fs.writeFileSync(p, tampered)
    expect(await refusal(readFile(t.deps, f.id))).toEqual({ status: 500, code: 'FILE_INTEGRITY_ERROR' })
    fs.rmSync(p)
    expect(await refusal(readFile(t.deps, f.id))).toEqual({ status: 500, code: 'FILE_INTEGRITY_ERROR' })
    expect(logged.map((l) => [l.obj.fileId, l.msg])).toEqual([
      [f.id, 'stored file failed its integrity check (tampered or damaged)'],
      [f.id, 'stored file is missing its blob'],
    ])
    // storing the same bytes again repairs the blob
    await store(data, 'x-again.pdf')
    expect((await readFile(t.deps, f.id))!.data.equals(data)).toBe(true)
  })

  it('answers null for an unknown or malformed id', async () => {
    expect(await fileInfo(t.deps.db, crypto.randomUUID())).toBeNull()
    expect(await fileInfo(t.deps.db, "'; drop table stored_file; --")).toBeNull()
    expect(await readFile(t.deps, 'abc')).toBeNull()
  })

  it('leaves no row when the transaction rolls back', async () => {
    const before = await rows()
    await expect(
      mutate(t.deps, systemCtx(), async (tx) => {
        await storeFile(tx, { data: await tinyPng('rollback'), originalName: 'r.png' })
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(await rows()).toBe(before)
  })
})
