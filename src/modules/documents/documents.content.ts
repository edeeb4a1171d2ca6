/**
 * What an issued document says: exactly what its PDF shows, fixed at issue. Its SHA-256 (of the
 * canonical JSON, keys sorted) is stored on the row and in the audit record, so the document
 * is legally issued and tamper-evident before any PDF exists, and the PDF, rendered later from the
 * row, can be checked against it.
 */
import crypto from 'node:crypto'
import { canonicalJson } from '../audit/index.js'
import { toShanghaiDate } from '../calendar/index.js'
import type { DocumentBody, DocumentKind } from './index.js'
import { chineseDate } from './documents.render.js'

export interface DocumentContent {
  kind: DocumentKind
  title: string
  unitName: string
  caseNumber: string
  applicantName: string
  /** 文号 */
  docNumber: string
  body: DocumentBody
  /** the date printed on the document, '2026年3月2日' (the issue day in Shanghai) */
  dateText: string
  /** ISO 8601, milliseconds: the PDF's CreationDate/ModDate and file ID derive from it */
  issuedAt: string
  verificationCode: string
  verificationUrl: string
}

export function documentContent(d: Omit<DocumentContent, 'dateText' | 'issuedAt'> & { issuedAt: Date }): DocumentContent {
  return {
    kind: d.kind,
    title: d.title,
    unitName: d.unitName,
    caseNumber: d.caseNumber,
    applicantName: d.applicantName,
    docNumber: d.docNumber,
    body: d.body,
    dateText: chineseDate(toShanghaiDate(d.issuedAt)),
    issuedAt: d.issuedAt.toISOString(),
    verificationCode: d.verificationCode,
    verificationUrl: d.verificationUrl,
  }
}

export function contentSha256(content: DocumentContent): string {
  return crypto.createHash('sha256').update(canonicalJson(content)).digest('hex')
}
