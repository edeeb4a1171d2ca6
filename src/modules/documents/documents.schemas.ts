import { Type } from 'typebox'
import { DOCUMENT_KINDS } from './documents.numbering.js'

export const ErrorSchema = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) })

export const VerifyParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64, description: '文书上印制的核验码' }) })

export const VerifyResponse = Type.Object({
  valid: Type.Literal(true),
  document: Type.Object({
    kind: Type.String({ enum: [...DOCUMENT_KINDS] }),
    kindName: Type.String(),
    title: Type.String(),
    docNumber: Type.String({ description: '文号' }),
    caseNumber: Type.String(),
    unitName: Type.String(),
    applicantName: Type.String({ description: '申请人（自然人姓名已脱敏）' }),
    issuedAt: Type.String({ format: 'date-time' }),
    sha256: Type.String({ description: 'PDF 文件的 SHA-256，可与手中文件比对' }),
    contentSha256: Type.Union([Type.String(), Type.Null()], { description: '文书内容（文号、正文、出具时间、核验码等）在出具时登记的 SHA-256；2026-11-22 前出具的文书无此值' }),
  }),
})
