/**
 * Written documents the platform issues (notices and results) as PDF, each with a QR code to a
 * public verification page.   [CONTRACT — the documents owner implements these; keep the signatures]
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Deps } from '../../server/context.js'
import type { Tx } from '../../server/mutate.js'
import type { AppModule } from '../../server/module.js'

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
  caseId: number
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
  caseId: number
  caseNumber: string
  unitName: string
  issuedAt: string
  verificationCode: string
  verificationUrl: string
  fileId: string
  sha256: string
}

/** Renders the PDF, stores it, records it (with its audit record) in the caller's transaction. */
export async function issueDocument(_tx: Tx, _input: IssueDocumentInput): Promise<IssuedDocument> {
  throw new Error('documents.issueDocument: not implemented yet')
}

export async function documentsOfCase(_db: Kysely<DB>, _caseId: number): Promise<IssuedDocument[]> {
  throw new Error('documents.documentsOfCase: not implemented yet')
}

/** The PDF of a document (the caller has checked access to its case). */
export async function documentPdf(_deps: Deps, _id: number): Promise<{ document: IssuedDocument; data: Buffer } | null> {
  throw new Error('documents.documentPdf: not implemented yet')
}

export const documentsModule: AppModule = { name: 'documents' }
