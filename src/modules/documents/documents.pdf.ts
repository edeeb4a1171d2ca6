/**
 * The PDF of an issued document, rendered after the issuing transaction from the stored row only
 * (its content, checked against the hash recorded at issue), deterministically, and stored as a
 * stored_file with its SHA-256 on the row and an audit record 'documents.document.render'.
 *
 * Rendering is idempotent and safe with several instances: the render (CPU only, ~30 ms) runs
 * outside any transaction; storing it locks the document row and sets the file only if none is set.
 * A render that finds the file already set rolls back (its stored_file row with it) and uses the
 * winner's file; the bytes are the same anyway, and the blob store keeps one copy of them. Within
 * one instance, concurrent requests for the same document share one render.
 */
import QRCode from 'qrcode'
import { systemCtx, type Deps } from '../../server/context.js'
import { mutate, type Tx } from '../../server/mutate.js'
import { storeGenerated } from '../files/index.js'
import type { IssuedDocument } from './index.js'
import { DocumentsErrors } from './documents.errors.js'
import { contentSha256, documentContent, type DocumentContent } from './documents.content.js'
import { renderDocumentPdf } from './documents.render.js'
import * as repo from './documents.repository.js'
import type { DocumentRow } from './documents.repository.js'

/** What the row says the PDF shows; refused when it no longer matches the hash recorded at issue. */
function contentOf(row: DocumentRow): DocumentContent {
  const content = documentContent({
    kind: row.kind,
    title: row.title,
    unitName: row.unit_name,
    caseNumber: row.case_number,
    applicantName: row.applicant_name,
    docNumber: row.doc_number,
    body: row.body,
    issuedAt: new Date(row.issued_at),
    verificationCode: row.verification_code,
    verificationUrl: row.verification_url,
  })
  if (row.content_sha256 !== null && contentSha256(content) !== row.content_sha256) {
    throw DocumentsErrors.DOCUMENT_INTEGRITY_ERROR('文书内容与出具时登记的哈希值不符，已拒绝生成文件，请联系管理员', { documentId: row.id })
  }
  return content
}

/** The PDF bytes of the content: the same content gives the same bytes. */
export async function renderContent(content: DocumentContent): Promise<Buffer> {
  const qrPng = await QRCode.toBuffer(content.verificationUrl, { errorCorrectionLevel: 'M', margin: 2, scale: 8 })
  return renderDocumentPdf({
    unitName: content.unitName,
    title: content.title,
    docNumber: content.docNumber,
    caseNumber: content.caseNumber,
    applicantName: content.applicantName,
    body: content.body,
    dateText: content.dateText,
    issuedAt: new Date(content.issuedAt),
    verificationUrl: content.verificationUrl,
    verificationCode: content.verificationCode,
    qrPng,
  })
}

/** The PDF of a stored document row (rendered, not stored). */
export function renderRow(row: DocumentRow): Promise<Buffer> {
  return renderContent(contentOf(row))
}

class AlreadyRendered extends Error {
  constructor(readonly row: DocumentRow | null) {
    super('document already rendered')
  }
}

/** Stores the rendered PDF of the (locked) row, with its audit record; AlreadyRendered when another render set the file first. */
async function store(tx: Tx, row: DocumentRow, pdf: Buffer): Promise<DocumentRow> {
  const file = await storeGenerated(tx, { data: pdf, originalName: `${row.title}-${row.case_number}.pdf`, mime: 'application/pdf' })
  const done = await repo.attachFile(tx.db, row.id, file, tx.now)
  if (!done) throw new AlreadyRendered(null)
  await tx.audit({
    action: 'documents.document.render',
    targetType: 'document',
    targetId: row.id,
    unitId: row.unit_id,
    summary: `生成${row.title}（${row.doc_number}）的 PDF 文件`,
    after: { fileId: file.id, sha256: file.sha256, size: file.size, contentSha256: row.content_sha256 },
  })
  return done
}

async function renderAndStore(deps: Deps, row: DocumentRow): Promise<DocumentRow> {
  const pdf = await renderRow(row) // outside any transaction: no lock is held while the CPU works
  try {
    return await mutate(deps, systemCtx('documents.render'), async (tx) => {
      const locked = await repo.findDocument(tx.db, row.id, { forUpdate: true })
      if (!locked) throw DocumentsErrors.DOCUMENT_NOT_FOUND('文书不存在')
      if (locked.file_id !== null) throw new AlreadyRendered(locked)
      return store(tx, locked, pdf)
    })
  } catch (e) {
    if (!(e instanceof AlreadyRendered)) throw e
    // another render stored it first: ours is discarded (rolled back), theirs is served
    return e.row ?? (await repo.findDocument(deps.db, row.id))!
  }
}

/** In-process renders under way, per database handle: concurrent requests for one document share one render. */
const inflight = new WeakMap<object, Map<number, Promise<DocumentRow>>>()

/**
 * The row with its PDF: rendered and stored now when still pending. Not for use inside a
 * transaction (it opens its own; PGlite has one connection): there, use renderDocumentNow.
 */
export function ensureRendered(deps: Deps, row: DocumentRow): Promise<DocumentRow> {
  if (row.file_id !== null) return Promise.resolve(row)
  let running = inflight.get(deps.db)
  if (!running) inflight.set(deps.db, (running = new Map()))
  const existing = running.get(row.id)
  if (existing) return existing
  const map = running
  const p = renderAndStore(deps, row).finally(() => map.delete(row.id))
  map.set(row.id, p)
  return p
}

/**
 * Renders and stores a document's PDF inside the caller's transaction (for a caller that needs the
 * file at once, e.g. the e-certificate written at completion); a no-op when it is already rendered.
 */
export async function renderDocumentNow(tx: Tx, id: number): Promise<IssuedDocument> {
  const row = await repo.findDocument(tx.db, id, { forUpdate: true })
  if (!row) throw DocumentsErrors.DOCUMENT_NOT_FOUND('文书不存在')
  if (row.file_id !== null) return repo.toDto(row)
  return repo.toDto(await store(tx, row, await renderRow(row)))
}

/**
 * One pass of the render sweep: the oldest pending documents, at most `limit`, rendered one by one
 * until `budgetMs` of work is done (at least one). A failing document is reported through onError
 * and left pending; without onError the error is thrown. Returns how many now have their PDF.
 */
export async function renderPendingDocuments(
  deps: Deps,
  opts: { limit?: number; budgetMs?: number; onError?: (documentId: number, e: unknown) => void } = {},
): Promise<number> {
  const t0 = performance.now()
  const rows = await repo.pendingDocuments(deps.db, opts.limit ?? 25)
  let n = 0
  for (const row of rows) {
    if (n > 0 && performance.now() - t0 >= (opts.budgetMs ?? Infinity)) break
    try {
      await ensureRendered(deps, row)
      n++
    } catch (e) {
      if (!opts.onError) throw e
      opts.onError(row.id, e)
    }
  }
  return n
}
