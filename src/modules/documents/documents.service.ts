import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Deps } from '../../server/context.js'
import type { Tx } from '../../server/mutate.js'
import { readFile } from '../files/index.js'
import { toShanghaiDate } from '../calendar/index.js'
import type { DocumentBody, IssueDocumentInput, IssuedDocument } from './index.js'
import { DocumentsErrors } from './documents.errors.js'
import { DOCUMENT_KINDS, docPrefix, formatDocNumber, newVerificationCode, normalizeCode } from './documents.numbering.js'
import { contentSha256, documentContent } from './documents.content.js'
import { ensureRendered, renderDocumentNow } from './documents.pdf.js'
import * as repo from './documents.repository.js'

export function verificationUrl(deps: Pick<Deps, 'config'>, code: string): string {
  return `${deps.config.publicBaseUrl}/verify/${code}`
}

function check(input: IssueDocumentInput): void {
  if (!DOCUMENT_KINDS.includes(input.kind)) throw DocumentsErrors.INVALID_DOCUMENT(`未知的文书类型：${String(input.kind)}`)
  if (!input.title?.trim() || !input.unitName?.trim() || !input.caseNumber?.trim()) {
    throw DocumentsErrors.INVALID_DOCUMENT('文书缺少标题、出具单位或办件编号')
  }
  if (!Array.isArray(input.body?.paragraphs)) throw DocumentsErrors.INVALID_DOCUMENT('文书正文格式不正确')
  if (input.caseId == null && input.jointCaseId == null) throw DocumentsErrors.INVALID_DOCUMENT('文书须属于一个办件或联办件')
}

/**
 * Issues the document in the caller's transaction: everything that makes it legally issued (number,
 * verification code and URL, body, issue time, issuer, content hash) and its audit record. The PDF
 * is rendered later from the stored row (documents.pdf.ts), outside this transaction, unless
 * `render: 'now'` asks for it here (a caller that needs the file id at once).
 */
export async function issueDocument(tx: Tx, input: IssueDocumentInput, opts: { render?: 'now' | 'later' } = {}): Promise<IssuedDocument> {
  check(input)
  const year = Number(toShanghaiDate(tx.now).slice(0, 4))
  const prefix = docPrefix(input.unitName, input.kind)
  const docNumber = formatDocNumber(prefix, year, await repo.nextNumber(tx.db, prefix, year))
  const code = newVerificationCode()
  const url = verificationUrl(tx.deps, code)
  const body: DocumentBody = {
    paragraphs: input.body.paragraphs.map(String),
    ...(input.body.fields ? { fields: input.body.fields.map(([k, v]) => [String(k), String(v ?? '')] as [string, string]) } : {}),
    ...(input.body.list ? { list: { title: String(input.body.list.title), items: input.body.list.items.map(String) } } : {}),
    ...(input.body.footer ? { footer: input.body.footer.map(String) } : {}),
  }
  const content = documentContent({
    kind: input.kind,
    title: input.title,
    unitName: input.unitName,
    caseNumber: input.caseNumber,
    applicantName: input.applicantName,
    docNumber,
    body,
    issuedAt: tx.now,
    verificationCode: code,
    verificationUrl: url,
  })
  const hash = contentSha256(content)
  const actor = tx.ctx.actor
  const row = await repo.insertDocument(tx.db, {
    kind: input.kind,
    title: input.title,
    case_id: input.caseId,
    joint_case_id: input.jointCaseId ?? null,
    case_number: input.caseNumber,
    unit_id: input.unitId,
    unit_name: input.unitName,
    applicant_name: input.applicantName,
    doc_number: docNumber,
    body,
    issued_at: tx.now,
    verification_code: code,
    verification_url: url,
    content_sha256: hash,
    issued_by: actor && actor.kind !== 'system' && actor.userId > 0 ? actor.userId : null,
  })
  await tx.audit({
    action: 'documents.document.issue',
    targetType: 'document',
    targetId: row.id,
    unitId: input.unitId,
    summary: `出具${input.title}（${docNumber}，办件 ${input.caseNumber}）`,
    after: { kind: input.kind, caseId: input.caseId, docNumber, contentSha256: hash, verificationCode: code },
  })
  if (opts.render === 'now') return renderDocumentNow(tx, row.id)
  return repo.toDto(row)
}

/** A joint case's own documents (receipt, merged correction notice, acceptance, central reply …). */
export async function documentsOfJointCase(db: Kysely<DB>, jointCaseId: number): Promise<IssuedDocument[]> {
  if (!Number.isSafeInteger(jointCaseId)) return []
  return (await repo.documentsWhere(db, 'joint_case_id', jointCaseId)).map(repo.toDto)
}

export async function documentsOfCase(db: Kysely<DB>, caseId: number): Promise<IssuedDocument[]> {
  if (!Number.isSafeInteger(caseId)) return []
  return (await repo.documentsWhere(db, 'case_id', caseId)).map(repo.toDto)
}

/** The document's PDF; a document still pending is rendered and stored first (once, across instances). */
export async function documentPdf(deps: Deps, id: number): Promise<{ document: IssuedDocument; data: Buffer } | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null
  const found = await repo.findDocument(deps.db, id)
  if (!found) return null
  const row = await ensureRendered(deps, found)
  const f = await readFile(deps, row.file_id!)
  if (!f) return null
  return { document: repo.toDto(row), data: f.data }
}

/** The public verification: the document by its code, its PDF rendered first if still pending (so its SHA-256 can be shown). */
export async function verify(deps: Deps, rawCode: string): Promise<IssuedDocument> {
  const code = normalizeCode(rawCode)
  const found = code ? await repo.findByCode(deps.db, code) : null
  if (!found) throw DocumentsErrors.DOCUMENT_NOT_FOUND('未找到该文书：核验码不正确，或文书不存在')
  return repo.toDto(await ensureRendered(deps, found))
}
