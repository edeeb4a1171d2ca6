import { sql, type Kysely } from 'kysely'
import QRCode from 'qrcode'
import type { DB } from '../../db/schema.js'
import type { Deps } from '../../server/context.js'
import type { Tx } from '../../server/mutate.js'
import { readFile, storeGenerated } from '../files/index.js'
import { toShanghaiDate } from '../calendar/index.js'
import type { DocumentBody, DocumentKind, IssueDocumentInput, IssuedDocument } from './index.js'
import { DocumentsErrors } from './documents.errors.js'
import { DOCUMENT_KINDS, docPrefix, formatDocNumber, newVerificationCode, normalizeCode } from './documents.numbering.js'
import { chineseDate, renderDocumentPdf } from './documents.render.js'

type Row = {
  id: number
  kind: DocumentKind
  title: string
  case_id: number | null
  joint_case_id: number | null
  case_number: string
  unit_name: string
  applicant_name: string
  doc_number: string
  issued_at: Date | string
  verification_code: string
  verification_url: string
  file_id: string
  sha256: string
}
const COLUMNS = ['id', 'kind', 'title', 'case_id', 'joint_case_id', 'case_number', 'unit_name', 'applicant_name', 'doc_number', 'issued_at', 'verification_code', 'verification_url', 'file_id', 'sha256'] as const

export function verificationUrl(deps: Pick<Deps, 'config'>, code: string): string {
  return `${deps.config.publicBaseUrl}/verify/${code}`
}

function toDto(r: Row): IssuedDocument {
  return {
    id: Number(r.id),
    kind: r.kind,
    title: r.title,
    caseId: r.case_id === null ? null : Number(r.case_id),
    jointCaseId: r.joint_case_id === null ? null : Number(r.joint_case_id),
    caseNumber: r.case_number,
    unitName: r.unit_name,
    applicantName: r.applicant_name,
    docNumber: r.doc_number,
    issuedAt: new Date(r.issued_at).toISOString(),
    verificationCode: r.verification_code,
    verificationUrl: r.verification_url,
    fileId: r.file_id,
    sha256: r.sha256,
  }
}

function check(input: IssueDocumentInput): void {
  if (!DOCUMENT_KINDS.includes(input.kind)) throw DocumentsErrors.INVALID_DOCUMENT(`未知的文书类型：${String(input.kind)}`)
  if (!input.title?.trim() || !input.unitName?.trim() || !input.caseNumber?.trim()) {
    throw DocumentsErrors.INVALID_DOCUMENT('文书缺少标题、出具单位或办件编号')
  }
  if (!Array.isArray(input.body?.paragraphs)) throw DocumentsErrors.INVALID_DOCUMENT('文书正文格式不正确')
  if (input.caseId == null && input.jointCaseId == null) throw DocumentsErrors.INVALID_DOCUMENT('文书须属于一个办件或联办件')
}

/** Takes the next number of (prefix, year) with one atomic upsert: distinct across instances. */
async function nextNumber(tx: Tx, prefix: string, year: number): Promise<number> {
  const r = await sql<{ last: number }>`
    INSERT INTO document_sequence (prefix, year, last) VALUES (${prefix}, ${year}, 1)
    ON CONFLICT (prefix, year) DO UPDATE SET last = document_sequence.last + 1
    RETURNING last`.execute(tx.db)
  return Number(r.rows[0]!.last)
}

export async function issueDocument(tx: Tx, input: IssueDocumentInput): Promise<IssuedDocument> {
  check(input)
  const date = toShanghaiDate(tx.now)
  const year = Number(date.slice(0, 4))
  const prefix = docPrefix(input.unitName, input.kind)
  const docNumber = formatDocNumber(prefix, year, await nextNumber(tx, prefix, year))
  const code = newVerificationCode()
  const url = verificationUrl(tx.deps, code)
  const qrPng = await QRCode.toBuffer(url, { errorCorrectionLevel: 'M', margin: 2, scale: 8 })
  const body: DocumentBody = {
    paragraphs: input.body.paragraphs.map(String),
    ...(input.body.fields ? { fields: input.body.fields.map(([k, v]) => [String(k), String(v ?? '')] as [string, string]) } : {}),
    ...(input.body.list ? { list: { title: String(input.body.list.title), items: input.body.list.items.map(String) } } : {}),
    ...(input.body.footer ? { footer: input.body.footer.map(String) } : {}),
  }
  const pdf = await renderDocumentPdf({
    unitName: input.unitName,
    title: input.title,
    docNumber,
    caseNumber: input.caseNumber,
    applicantName: input.applicantName,
    body,
    dateText: chineseDate(date),
    issuedAt: tx.now,
    verificationUrl: url,
    verificationCode: code,
    qrPng,
  })
  const file = await storeGenerated(tx, { data: pdf, originalName: `${input.title}-${input.caseNumber}.pdf`, mime: 'application/pdf' })
  const actor = tx.ctx.actor
  const row = await tx.db
    .insertInto('document')
    .values({
      kind: input.kind,
      case_id: input.caseId,
      joint_case_id: input.jointCaseId ?? null,
      case_number: input.caseNumber,
      unit_id: input.unitId,
      unit_name: input.unitName,
      applicant_name: input.applicantName,
      title: input.title,
      doc_number: docNumber,
      body: JSON.stringify(body),
      file_id: file.id,
      sha256: file.sha256,
      verification_code: code,
      verification_url: url,
      issued_at: tx.now,
      issued_by: actor && actor.kind !== 'system' && actor.userId > 0 ? actor.userId : null,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow()
  await tx.audit({
    action: 'documents.document.issue',
    targetType: 'document',
    targetId: Number(row.id),
    unitId: input.unitId,
    summary: `出具${input.title}（${docNumber}，办件 ${input.caseNumber}）`,
    after: { kind: input.kind, caseId: input.caseId, docNumber, sha256: file.sha256, verificationCode: code },
  })
  return toDto(row)
}

/** A joint case's own documents (receipt, merged correction notice, acceptance, central reply …). */
export async function documentsOfJointCase(db: Kysely<DB>, jointCaseId: number): Promise<IssuedDocument[]> {
  if (!Number.isSafeInteger(jointCaseId)) return []
  const rows = await db.selectFrom('document').select(COLUMNS).where('joint_case_id', '=', jointCaseId).orderBy('issued_at').orderBy('id').execute()
  return rows.map(toDto)
}

export async function documentsOfCase(db: Kysely<DB>, caseId: number): Promise<IssuedDocument[]> {
  if (!Number.isSafeInteger(caseId)) return []
  const rows = await db.selectFrom('document').select(COLUMNS).where('case_id', '=', caseId).orderBy('issued_at').orderBy('id').execute()
  return rows.map(toDto)
}

export async function documentPdf(deps: Deps, id: number): Promise<{ document: IssuedDocument; data: Buffer } | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null
  const row = await deps.db.selectFrom('document').select(COLUMNS).where('id', '=', id).executeTakeFirst()
  if (!row) return null
  const f = await readFile(deps, row.file_id)
  if (!f) return null
  return { document: toDto(row), data: f.data }
}

export async function verify(deps: Deps, rawCode: string) {
  const code = normalizeCode(rawCode)
  const row = code ? await deps.db.selectFrom('document').select(COLUMNS).where('verification_code', '=', code).executeTakeFirst() : undefined
  if (!row) throw DocumentsErrors.DOCUMENT_NOT_FOUND('未找到该文书：核验码不正确，或文书不存在')
  return toDto(row)
}
