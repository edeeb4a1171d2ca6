import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import crypto from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from '../../test/harness.js'
import { mutate } from '../../server/mutate.js'
import { systemCtx, type Deps } from '../../server/context.js'
import { readFile } from '../files/index.js'
import { canonicalJson } from '../audit/index.js'
import { documentPdf, documentsOfCase, issueDocument, renderPendingDocuments, type DocumentKind, type IssueDocumentInput, type IssuedDocument } from './index.js'
import { renderRow } from './documents.pdf.js'
import { findDocument } from './documents.repository.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ config: { publicBaseUrl: 'https://zwfw.dezhou.example.cn' } })
})
afterAll(() => t.close())

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-docs-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

let caseSeq = 1000
function input(kind: DocumentKind, title: string, over: Partial<IssueDocumentInput> = {}): IssueDocumentInput {
  const caseId = ++caseSeq
  return {
    kind,
    caseId,
    caseNumber: `DZ20260302${String(caseId).padStart(6, '0')}`,
    unitId: null,
    unitName: '德州市政务服务中心',
    applicantName: '李小华',
    title,
    body: {
      paragraphs: [`你（单位）申请的食品经营许可事项，经审查，决定如下。本文书为${title}。`],
      fields: [
        ['申请人', '李小华'],
        ['申请事项', '食品经营许可（新办）'],
        ['受理日期', '2026年3月2日'],
      ],
      list: { title: '需补正的材料', items: ['营业执照复印件不清晰', '经营场所平面图缺少比例尺'] },
      footer: ['如不服本决定，可在六十日内向德州市人民政府申请行政复议。', '咨询电话：0534-12345'],
    },
    ...over,
  }
}

const issue = (i: IssueDocumentInput, deps: Deps = t.deps, opts: { render?: 'now' } = {}) => mutate(deps, systemCtx('docs-test'), (tx) => issueDocument(tx, i, opts))
const sha = (data: Buffer | string) => crypto.createHash('sha256').update(data).digest('hex')
/** the stored_file rows a document's render would have created (named after its title and case number) */
const filesNamed = async (d: IssuedDocument) =>
  (await t.deps.db.selectFrom('stored_file').select(['id', 'sha256']).where('original_name', '=', `${d.title}-${d.caseNumber}.pdf`).execute()).map((f) => ({ id: f.id, sha256: f.sha256 }))
const auditOf = (d: IssuedDocument) =>
  t.deps.db.selectFrom('audit_record').select(['action', 'summary', 'after']).where('target_type', '=', 'document').where('target_id', '=', String(d.id)).orderBy('id').execute()

function pdfText(data: Buffer, name: string): string {
  const file = path.join(tmp, `${name}.pdf`)
  fs.writeFileSync(file, data)
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
}

function qrOfPage1(data: Buffer, name: string): string {
  const file = path.join(tmp, `${name}.pdf`)
  fs.writeFileSync(file, data)
  execFileSync('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', '-singlefile', file, path.join(tmp, name)])
  return execFileSync('zbarimg', ['-q', '--raw', '-Sdisable', '-Sqrcode.enable', path.join(tmp, `${name}.png`)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim()
}

const squash = (s: string) => s.replace(/\s+/g, '')

const KINDS: [DocumentKind, string][] = [
  ['receipt', '收件回执'],
  ['acceptance_notice', '受理通知书'],
  ['refusal_notice', '不予受理通知书'],
  ['correction_notice', '补正告知书'],
  ['conditional_acceptance_notice', '容缺受理告知书'],
  ['pledge_acceptance_notice', '告知承诺受理通知书'],
  ['pause_notice', '特别程序告知书'],
  ['extension_notice', '延期告知书'],
  ['grant_decision', '准予行政许可决定书'],
  ['denial_decision', '不予行政许可决定书'],
  ['result', '食品经营许可证'],
]

describe('issuing a written document', () => {
  it.each(KINDS)('renders a %s (%s) as a PDF whose text carries the title, case number, unit, number and date', async (kind, title) => {
    const i = input(kind, title)
    const doc = await issue(i)
    const pdf = await documentPdf(t.deps, doc.id)
    const file = await readFile(t.deps, pdf!.document.fileId!)
    expect(file!.file.mime).toBe('application/pdf')
    const text = squash(pdfText(file!.data, kind))
    expect(text).toContain(title)
    expect(text).toContain(i.caseNumber)
    expect(text).toContain('德州市政务服务中心')
    expect(text).toContain('（盖章）德州市政务服务中心')
    expect(text).toContain('2026年3月2日') // the ManualClock's day, in Chinese
    expect(text).toContain(squash(doc.docNumber))
    expect(text).toContain('营业执照复印件不清晰')
    expect(text).toContain(doc.verificationCode)
    expect(doc.docNumber).toMatch(/^德市审\S+字〔2026〕第 \d{6} 号$/)
  })

  it('prints a QR code on page 1 that decodes to the exact verification URL', async () => {
    const doc = await issue(input('acceptance_notice', '受理通知书'))
    expect(doc.verificationUrl).toBe(`https://zwfw.dezhou.example.cn/verify/${doc.verificationCode}`)
    const pdf = await documentPdf(t.deps, doc.id)
    expect(qrOfPage1(pdf!.data, 'qr-short')).toBe(doc.verificationUrl)
  })

  it('keeps the QR code on page 1 when a long correction list runs onto a second page', async () => {
    const items = Array.from({ length: 60 }, (_, k) => `第 ${k + 1} 项材料：复印件不清晰，请提供原件核对后的清晰扫描件`)
    const doc = await issue(input('correction_notice', '补正告知书', { body: { paragraphs: ['请一次性补正下列材料。'], list: { title: '需补正的材料', items } } }))
    const pdf = await documentPdf(t.deps, doc.id)
    const pages = execFileSync('pdfinfo', [writeTmp(pdf!.data, 'long')], { encoding: 'utf8' })
    expect(Number(/Pages:\s+(\d+)/.exec(pages)![1])).toBeGreaterThan(1)
    expect(qrOfPage1(pdf!.data, 'qr-long')).toBe(doc.verificationUrl)
    expect(squash(pdfText(pdf!.data, 'long'))).toContain('第60项材料')
  })

  it('issues the document without its PDF: number, code and the hash of its content, recorded in the audit trail', async () => {
    const i = input('grant_decision', '准予行政许可决定书')
    const doc = await issue(i)
    expect(doc).toMatchObject({ fileId: null, sha256: null, renderedAt: null })
    expect(await filesNamed(doc)).toEqual([])
    // the content hash, rebuilt here from what the PDF is to show
    const expected = sha(
      canonicalJson({
        kind: 'grant_decision',
        title: '准予行政许可决定书',
        unitName: '德州市政务服务中心',
        caseNumber: i.caseNumber,
        applicantName: '李小华',
        docNumber: doc.docNumber,
        body: i.body,
        dateText: '2026年3月2日',
        issuedAt: doc.issuedAt,
        verificationCode: doc.verificationCode,
        verificationUrl: `https://zwfw.dezhou.example.cn/verify/${doc.verificationCode}`,
      }),
    )
    expect(doc.contentSha256).toBe(expected)
    const audit = await auditOf(doc)
    expect(audit.map((a) => a.action)).toEqual(['documents.document.issue'])
    expect(audit[0]!.summary).toContain(doc.docNumber)
    expect(audit[0]!.after).toMatchObject({ docNumber: doc.docNumber, contentSha256: expected, verificationCode: doc.verificationCode })
  })

  it('renders and stores the PDF on first download, records it with its SHA-256, and serves the same file after', async () => {
    const doc = await issue(input('grant_decision', '准予行政许可决定书'))
    t.clock.advance(5_000)
    const first = await documentPdf(t.deps, doc.id)
    const actual = sha(first!.data)
    expect(first!.document).toMatchObject({ sha256: actual, contentSha256: doc.contentSha256, renderedAt: t.clock.now().toISOString() })
    const row = await t.deps.db.selectFrom('document').select(['sha256', 'file_id']).where('id', '=', doc.id).executeTakeFirstOrThrow()
    expect(row).toEqual({ sha256: actual, file_id: first!.document.fileId })
    expect(await filesNamed(doc)).toEqual([{ id: first!.document.fileId, sha256: actual }])
    const again = await documentPdf(t.deps, doc.id)
    expect(again!.data.equals(first!.data)).toBe(true)
    const audit = await auditOf(doc)
    expect(audit.map((a) => a.action)).toEqual(['documents.document.issue', 'documents.document.render'])
    expect(audit[1]!.after).toMatchObject({ fileId: first!.document.fileId, sha256: actual, contentSha256: doc.contentSha256 })
    expect(await filesNamed(doc)).toHaveLength(1)
  })

  it('renders the same bytes every time: the PDF depends on the stored row only, not on when it is rendered', async () => {
    const doc = await issue(input('correction_notice', '补正告知书'))
    const row = (await findDocument(t.deps.db, doc.id))!
    const a = await renderRow(row)
    t.clock.advance(3 * 86_400_000)
    await new Promise((r) => setTimeout(r, 1100)) // and a second later on the real clock
    const b = await renderRow(row)
    expect(b.equals(a)).toBe(true)
    const stored = await documentPdf(t.deps, doc.id)
    expect(sha(stored!.data)).toBe(sha(a))
    const info = execFileSync('pdfinfo', ['-isodates', writeTmp(a, 'dates')], { encoding: 'utf8' })
    expect(info).toMatch(/CreationDate:\s+2026-03-0[2-5]T/)
  })

  it('issues and renders in one transaction when asked to render now', async () => {
    const doc = await issue(input('result', '食品经营许可证'), t.deps, { render: 'now' })
    expect(doc.fileId).not.toBeNull()
    const f = await readFile(t.deps, doc.fileId!)
    expect(sha(f!.data)).toBe(doc.sha256)
    expect((await auditOf(doc)).map((a) => a.action)).toEqual(['documents.document.issue', 'documents.document.render'])
  })

  it('refuses to render a pending document whose stored content was changed after issue', async () => {
    const i = input('refusal_notice', '不予受理通知书')
    const doc = await issue(i)
    await sql`UPDATE document SET body = jsonb_set(body, '{paragraphs,0}', '"予以受理"') WHERE id = ${doc.id}`.execute(t.deps.db)
    await expect(documentPdf(t.deps, doc.id)).rejects.toMatchObject({ code: 'DOCUMENT_INTEGRITY_ERROR' })
    expect(await filesNamed(doc)).toEqual([])
    expect((await findDocument(t.deps.db, doc.id))!.file_id).toBeNull()
    // put back as issued, it renders
    await sql`UPDATE document SET body = ${JSON.stringify(i.body)} WHERE id = ${doc.id}`.execute(t.deps.db)
    expect(squash(pdfText((await documentPdf(t.deps, doc.id))!.data, 'restored'))).toContain(squash(doc.docNumber))
  })

  it('lists the documents of a case, oldest first, and only that case', async () => {
    const first = input('receipt', '收件回执')
    const a = await issue(first)
    t.clock.advance(60_000)
    const b = await issue({ ...input('acceptance_notice', '受理通知书'), caseId: first.caseId, caseNumber: first.caseNumber })
    await issue(input('acceptance_notice', '受理通知书'))
    const list = await documentsOfCase(t.deps.db, first.caseId!)
    expect(list.map((d) => d.id)).toEqual([a.id, b.id])
    expect(list[1]).toEqual(b)
    expect(await documentsOfCase(t.deps.db, 987654321)).toEqual([])
    expect(await documentPdf(t.deps, 987654321)).toBeNull()
  })

  it('numbers documents per issuer, kind and year, starting again in a new year', async () => {
    const unitName = '齐河县行政审批服务局'
    const one = await issue(input('pause_notice', '特别程序告知书', { unitName }))
    const two = await issue(input('pause_notice', '特别程序告知书', { unitName }))
    expect([one.docNumber, two.docNumber]).toEqual(['齐河审特程字〔2026〕第 000001 号', '齐河审特程字〔2026〕第 000002 号'])
    const saved = t.clock.now()
    t.clock.set('2027-01-04T09:00:00+08:00')
    try {
      const next = await issue(input('pause_notice', '特别程序告知书', { unitName }))
      expect(next.docNumber).toBe('齐河审特程字〔2027〕第 000001 号')
    } finally {
      t.clock.set(saved)
    }
  })

  it('refuses an unknown kind and writes nothing', async () => {
    const before = await t.deps.db.selectFrom('document').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    await expect(issue(input('licence' as DocumentKind, '许可证'))).rejects.toMatchObject({ code: 'INVALID_DOCUMENT' })
    const after = await t.deps.db.selectFrom('document').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })
})

function writeTmp(data: Buffer, name: string): string {
  const file = path.join(tmp, `${name}.pdf`)
  fs.writeFileSync(file, data)
  return file
}

describe('the public verification page', () => {
  let doc: IssuedDocument
  beforeAll(async () => {
    doc = await issue(input('result', '食品经营许可证'))
  })

  it('confirms a document by its code, without login, with the applicant masked', async () => {
    const r = await t.app.inject({ method: 'GET', url: `/api/verify/${doc.verificationCode}` })
    expect(r.statusCode).toBe(200)
    expect(r.json()).toEqual({
      valid: true,
      document: {
        kind: 'result',
        kindName: '审批结果',
        title: '食品经营许可证',
        docNumber: doc.docNumber,
        caseNumber: doc.caseNumber,
        unitName: '德州市政务服务中心',
        applicantName: '李*华',
        issuedAt: doc.issuedAt,
        sha256: sha((await documentPdf(t.deps, doc.id))!.data),
        contentSha256: doc.contentSha256,
      },
    })
  })

  it('renders a pending document on verification, so the hash of its PDF can be shown', async () => {
    const fresh = await issue(input('acceptance_notice', '受理通知书'))
    const r = await t.app.inject({ method: 'GET', url: `/api/verify/${fresh.verificationCode}` })
    expect(r.statusCode).toBe(200)
    const [file] = await filesNamed(fresh)
    expect(r.json().document.sha256).toBe(file!.sha256)
    expect(r.json().document.contentSha256).toBe(fresh.contentSha256)
  })

  it('accepts the code typed in lower case with dashes', async () => {
    const c = doc.verificationCode.toLowerCase()
    const r = await t.app.inject({ method: 'GET', url: `/api/verify/${c.slice(0, 4)}-${c.slice(4, 8)}-${c.slice(8)}` })
    expect(r.statusCode).toBe(200)
  })

  it.each(['ZZZZZZZZZZZZ', 'abc', '%27%3B--', '0'.repeat(64)])('answers 404 DOCUMENT_NOT_FOUND for %s', async (code) => {
    const r = await t.app.inject({ method: 'GET', url: `/api/verify/${code}` })
    expect(r.statusCode).toBe(404)
    expect(r.json().error.code).toBe('DOCUMENT_NOT_FOUND')
  })
})

describe('rendering after issue', () => {
  it('the render sweep renders the pending documents, oldest first, in batches', async () => {
    while ((await renderPendingDocuments(t.deps, { limit: 50 })) > 0) {} // documents left pending by other tests
    const docs: IssuedDocument[] = []
    for (const k of [1, 2, 3]) {
      docs.push(await issue(input('receipt', `收件回执${k}`)))
      t.clock.advance(1_000)
    }
    expect(await renderPendingDocuments(t.deps, { limit: 1 })).toBe(1)
    const rendered = async () => Promise.all(docs.map(async (d) => (await findDocument(t.deps.db, d.id))!.file_id !== null))
    expect(await rendered()).toEqual([true, false, false])
    t.clock.advance(60_000)
    await t.app.jobs.tick() // the sweep 'documents.render', as the server runs it
    expect(await rendered()).toEqual([true, true, true])
    for (const d of docs) expect(await filesNamed(d)).toHaveLength(1)
    const pdf = await documentPdf(t.deps, docs[2]!.id)
    expect(squash(pdfText(pdf!.data, 'swept'))).toContain(squash(docs[2]!.docNumber))
  })

  it('two instances downloading a fresh document at once store one file, and both serve it', async () => {
    const b = await createTestApp({ testDb: t.testDb, database: await t.testDb.openAnother(), clock: t.clock })
    try {
      const doc = await issue(input('acceptance_notice', '受理通知书'))
      const got = await Promise.all([documentPdf(t.deps, doc.id), documentPdf(b.deps, doc.id), documentPdf(t.deps, doc.id), documentPdf(b.deps, doc.id)])
      const files = await filesNamed(doc)
      expect(files).toHaveLength(1)
      for (const g of got) {
        expect(g!.document.fileId).toBe(files[0]!.id)
        expect(sha(g!.data)).toBe(files[0]!.sha256)
      }
      expect((await auditOf(doc)).map((a) => a.action)).toEqual(['documents.document.issue', 'documents.document.render'])
    } finally {
      await b.close()
    }
  }, 60_000)
})

describe('two server instances issuing at once', () => {
  it('never give two documents the same number', async () => {
    const b = await createTestApp({ testDb: t.testDb, database: await t.testDb.openAnother(), clock: t.clock })
    try {
      const unitName = '德州市德城区行政审批服务局'
      const runs = await Promise.all(
        [t, b, t, b, t, b, t, b].map((app) => issue(input('extension_notice', '延期告知书', { unitName }), app.deps)),
      )
      const numbers = runs.map((d) => d.docNumber)
      expect(new Set(numbers).size).toBe(8)
      expect(numbers.map((n) => Number(/第 (\d+) 号/.exec(n)![1])).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
      expect(new Set(runs.map((d) => d.verificationCode)).size).toBe(8)
    } finally {
      await b.close()
    }
  }, 60_000)
})
