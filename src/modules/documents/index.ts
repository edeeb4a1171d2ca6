/**
 * Written documents the platform issues (notices and results) as PDF, each with a QR code to a
 * public verification page (GET /api/verify/:code). Issued in the caller's transaction; the PDF is
 * rendered afterwards from the stored row (see issueDocument below).
 */
import type { AppModule } from '../../server/module.js'
import { documentsRoutes } from './documents.routes.js'
import { renderPendingDocuments } from './documents.pdf.js'

export type DocumentKind =
  | 'receipt' // 收件回执 / 电子回执
  | 'acceptance_notice' // 受理通知书
  | 'refusal_notice' // 不予受理通知书
  | 'correction_notice' // 补正告知书 (one-time notice)
  | 'conditional_acceptance_notice' // 容缺受理告知书
  | 'pledge_acceptance_notice' // 告知承诺受理
  | 'pause_notice' // 特别程序告知书
  | 'extension_notice' // 延期告知书
  | 'grant_decision' // 准予许可决定书
  | 'denial_decision' // 不予许可决定书
  | 'result' // the result itself: licence / approval document / certificate
  | 'joint_receipt' // 并联审批 / 一件事 收件回执
  | 'joint_correction_notice' // 联合补正一次性告知书 (merged from every department)
  | 'joint_acceptance_notice' // 并联审批受理通知书
  | 'joint_refusal_notice' // 并联审批不予受理通知书
  | 'meeting_notice' // 联合踏勘 / 联席会议 / 联合审图 / 联合验收 通知
  | 'joint_reply' // 集中回复 (联合审批意见书)

export interface DocumentBody {
  /** main paragraphs, in order */
  paragraphs: string[]
  /** label/value rows shown as a table (申请人, 事项, 受理日期 …) */
  fields?: [string, string][]
  /** a numbered list (the corrections of a one-time notice, pending materials …) */
  list?: { title: string; items: string[] }
  /** closing lines (remedies, contact phone) */
  footer?: string[]
}

export interface IssueDocumentInput {
  kind: DocumentKind
  /** the case it belongs to; null for a joint case's own documents (then jointCaseId is set) */
  caseId: number | null
  /** the joint case (并联审批 / 一件事) it belongs to */
  jointCaseId?: number | null
  caseNumber: string
  /** the issuing unit, printed with the seal line */
  unitId: number | null
  unitName: string
  applicantName: string
  title: string
  body: DocumentBody
}

export interface IssuedDocument {
  id: number
  kind: DocumentKind
  title: string
  caseId: number | null
  jointCaseId: number | null
  caseNumber: string
  unitName: string
  issuedAt: string
  verificationCode: string
  verificationUrl: string
  /** 文号, e.g. 德市审受字〔2026〕第 000123 号 */
  docNumber: string
  applicantName: string
  /**
   * The PDF (a stored_file) and the SHA-256 of its bytes: null until it is rendered, which happens
   * after the issuing transaction (on first download or verification, or by the `documents.render`
   * sweep within seconds). documentPdf() renders it when needed; renderDocumentNow() in a transaction.
   */
  fileId: string | null
  sha256: string | null
  /** SHA-256 of the canonical JSON of what the PDF shows, fixed at issue (null for documents issued before 2026-11-22) */
  contentSha256: string | null
  /** when the PDF was rendered and stored; null while pending */
  renderedAt: string | null
}

/**
 * issueDocument: issues a document in the caller's transaction: its number (文号), verification code
 * and URL, body, issue time and issuer, and the SHA-256 of its content (what the PDF will show), with
 * the audit record 'documents.document.issue' (after.contentSha256). It does not render the PDF
 * (fileId is null) unless `{ render: 'now' }` is given.
 * The PDF is rendered from the stored row only, deterministically (the same bytes every time), and
 * stored with an audit record 'documents.document.render': on first download or verification
 * (documentPdf, /api/verify), by the sweep `documents.render`, or by renderDocumentNow(tx, id).
 * Several instances may race to render: one stores, the others discard their render.
 * documentsOfCase: the case's documents, oldest first.
 * documentPdf: the PDF of a document, rendered now if still pending (the caller has checked access
 * to its case); null when unknown.
 */
export { issueDocument, documentsOfCase, documentsOfJointCase, documentPdf, verificationUrl } from './documents.service.js'
export { renderDocumentNow, renderPendingDocuments } from './documents.pdf.js'
export { documentContent, contentSha256, type DocumentContent } from './documents.content.js'
export { KIND_NAMES as DOCUMENT_KIND_NAMES, DOCUMENT_KINDS, maskName } from './documents.numbering.js'
export { DocumentsErrors } from './documents.errors.js'
export { loadFonts as pdfFonts } from './documents.render.js'

/** How often the render sweep looks for pending documents, and how much work one pass may do. */
export const RENDER_SWEEP_MS = 3000
const RENDER_BATCH = 25
const RENDER_BUDGET_MS = 1500

export const documentsModule: AppModule = {
  name: 'documents',
  routes: documentsRoutes,
  jobs(runner, deps, log) {
    // oldest first, in small batches: the PDFs exist seconds after issue even if no one downloads them
    runner.sweep('documents.render', RENDER_SWEEP_MS, async () => {
      await renderPendingDocuments(deps, { limit: RENDER_BATCH, budgetMs: RENDER_BUDGET_MS, onError: (id, e) => log.error({ err: e, documentId: id }, 'document render failed') })
    })
  },
}
