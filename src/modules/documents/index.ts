/**
 * Written documents the platform issues (notices and results) as PDF, each with a QR code to a
 * public verification page (GET /api/verify/:code).
 */
import type { AppModule } from '../../server/module.js'
import { documentsRoutes } from './documents.routes.js'

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
  fileId: string
  sha256: string
}

/**
 * issueDocument: renders the PDF (A4, Noto Sans SC, letterhead, document number, QR code to
 * `${publicBaseUrl}/verify/<code>`), stores it, records it (with its audit record
 * 'documents.document.issue') in the caller's transaction.
 * documentsOfCase: the case's documents, oldest first.
 * documentPdf: the PDF of a document (the caller has checked access to its case); null when unknown.
 */
export { issueDocument, documentsOfCase, documentsOfJointCase, documentPdf, verificationUrl } from './documents.service.js'
export { KIND_NAMES as DOCUMENT_KIND_NAMES, DOCUMENT_KINDS, maskName } from './documents.numbering.js'
export { DocumentsErrors } from './documents.errors.js'
export { loadFonts as pdfFonts } from './documents.render.js'

export const documentsModule: AppModule = { name: 'documents', routes: documentsRoutes }
