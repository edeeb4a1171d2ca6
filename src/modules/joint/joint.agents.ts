/**
 * Agent service (帮办/代办): recorded authorisations for an agent to file and follow cases for an
 * applicant.
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Actor, Ctx, Deps } from '../../server/context.js'
import { mutate, type Tx } from '../../server/mutate.js'
import { toShanghaiDate } from '../calendar/index.js'
import { storeFile } from '../files/index.js'
import type { AuthorisationDto } from './joint.types.js'
import { JointErrors } from './joint.errors.js'
import * as repo from './joint.admin.repository.js'

type Db = Kysely<DB>

/** Roles that may act as 帮办/代办 for an applicant (agent, or the window acting as 帮办). */
export const AGENT_ROLES = ['agent', 'window_staff', 'centre_admin'] as const
/** Roles that record paper letters and see the authorisations of their scope. */
export const RECORDING_ROLES = ['window_staff', 'centre_admin'] as const

/**
 * The authorisation under which agentUserId may act for principalUserId today (YYYY-MM-DD):
 * not revoked, valid_from ≤ today ≤ valid_until, scope 'all' or scope 'project' for projectId.
 */
export async function activeAuthorisation(
  db: Db,
  q: { agentUserId: number; principalUserId: number; projectId: number | null; today: string },
): Promise<{ id: number } | null> {
  const rows = await repo.activeAuthorisations(db, { agentUserId: q.agentUserId, principalUserId: q.principalUserId, today: q.today })
  const fit = rows.find((r) => r.scope === 'all' || (q.projectId !== null && Number(r.project_id) === q.projectId))
  return fit ? { id: Number(fit.id) } : null
}

/** Everyone the agent may act for today (for listing their joint cases). */
export async function authorisedPrincipals(db: Db, agentUserId: number, today: string): Promise<{ principalUserId: number; projectId: number | null }[]> {
  const rows = await repo.activeAuthorisations(db, { agentUserId, today })
  return rows.map((r) => ({ principalUserId: Number(r.principal_user_id), projectId: r.scope === 'all' || r.project_id === null ? null : Number(r.project_id) }))
}

/** Whether an authorisation is in force on this day. */
export function isActive(a: { revoked_at: Date | null; valid_from: string; valid_until: string }, today: string): boolean {
  return a.revoked_at === null && a.valid_from <= today && today <= a.valid_until
}

const iso = (d: Date | string | null) => (d === null ? null : (d instanceof Date ? d : new Date(d)).toISOString())

export function authorisationDto(r: Awaited<ReturnType<typeof repo.authorisationDtoRow>>, today: string): AuthorisationDto {
  return {
    id: Number(r.id),
    agentUserId: Number(r.agent_user_id),
    agentName: r.agent_name ?? '',
    principalUserId: Number(r.principal_user_id),
    principalName: r.principal_name,
    scope: r.scope,
    projectId: r.project_id === null ? null : Number(r.project_id),
    projectCode: r.project_code ?? null,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    hasLetter: r.letter_file_id !== null,
    note: r.note,
    createdAt: iso(r.created_at)!,
    revokedAt: iso(r.revoked_at),
    revokeReason: r.revoke_reason,
    active: isActive(r, today),
  }
}

export const todayOf = (deps: Deps) => toShanghaiDate(deps.clock.now())

/** GET /joint/agents: accounts holding role agent. */
export async function listAgents(db: Db) {
  const rows = await repo.agentAccounts(db)
  return rows.map((r) => ({ userId: Number(r.id), name: r.display_name, unitName: r.unit_name ?? '' }))
}

/** Agent: their own; applicant: granted by them; window/centre_admin: agents of their units and projects of their region. */
export async function listAuthorisations(deps: Deps, actor: Actor): Promise<AuthorisationDto[]> {
  const staffScope = await repo.regionScopeOf(deps.db, actor.grants, RECORDING_ROLES)
  const rows = await repo.listAuthorisations(deps.db, {
    all: staffScope.all,
    agentUserId: actor.kind === 'staff' ? actor.userId : null,
    principalUserId: actor.kind === 'applicant' ? actor.userId : null,
    paths: staffScope.paths,
    regions: staffScope.regions,
  })
  const today = todayOf(deps)
  return rows.map((r) => authorisationDto(r, today))
}

export interface GrantInput {
  agentUserId: number
  scope: 'project' | 'all'
  projectId?: number | null
  validUntil: string
  note?: string | null
}

/** Online grants go to a 帮办代办员 (role agent); a paper letter may also name the window staff acting as 帮办. */
async function checkAgent(db: Tx['db'], agentUserId: number, allowed: readonly string[]) {
  const u = await repo.findUser(db, agentUserId)
  const roles = u && u.kind === 'staff' && u.status === 'active' ? await repo.rolesOfUser(db, agentUserId) : []
  if (!roles.some((r) => allowed.includes(r))) {
    throw JointErrors.AUTHORISATION_INVALID(allowed.length === 1 ? '受托人须为在岗的帮办代办员' : '受托人须为在岗的帮办代办员或窗口工作人员')
  }
}

async function checkPrincipal(db: Tx['db'], principalUserId: number) {
  const u = await repo.findUser(db, principalUserId)
  if (!u || u.kind !== 'applicant' || u.status !== 'active') throw JointErrors.AUTHORISATION_INVALID('委托人须为已注册的申请人')
  return u
}

function checkDates(validFrom: string, validUntil: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(validUntil) || Number.isNaN(Date.parse(`${validUntil}T00:00:00Z`)) || new Date(`${validUntil}T00:00:00Z`).toISOString().slice(0, 10) !== validUntil) {
    throw JointErrors.AUTHORISATION_INVALID('有效期截止日期格式应为 YYYY-MM-DD')
  }
  if (validUntil < validFrom) throw JointErrors.AUTHORISATION_INVALID('有效期截止日期不能早于今天')
}

async function checkScope(db: Tx['db'], input: GrantInput, principalUserId: number): Promise<number | null> {
  if (input.scope === 'all') {
    if (input.projectId) throw JointErrors.AUTHORISATION_INVALID('全部事项授权不应指定项目')
    return null
  }
  if (!input.projectId) throw JointErrors.AUTHORISATION_INVALID('按项目授权须指定项目')
  const p = await repo.findProject(db, input.projectId)
  if (!p || Number(p.applicant_user_id) !== principalUserId) throw JointErrors.AUTHORISATION_INVALID('项目不存在或不属于委托人')
  return Number(p.id)
}

async function insertChecked(tx: Tx, input: GrantInput, principalUserId: number, letterFileId: string | null): Promise<number> {
  const principal = await checkPrincipal(tx.db, principalUserId)
  await checkAgent(tx.db, input.agentUserId, letterFileId ? AGENT_ROLES : ['agent'])
  if (input.agentUserId === principalUserId) throw JointErrors.AUTHORISATION_INVALID('不能授权给自己')
  const today = toShanghaiDate(tx.now)
  checkDates(today, input.validUntil)
  const projectId = await checkScope(tx.db, input, principalUserId)
  const actor = tx.ctx.actor
  const id = await repo.insertAuthorisation(
    tx.db,
    {
      agent_user_id: input.agentUserId,
      principal_user_id: principalUserId,
      principal_name: principal.display_name,
      scope: input.scope,
      project_id: projectId,
      valid_from: today,
      valid_until: input.validUntil,
      letter_file_id: letterFileId,
      note: input.note?.trim() || null,
      created_by: actor && actor.kind !== 'system' ? actor.userId : null,
    },
    tx.now,
  )
  await tx.audit({
    action: 'joint.authorisation.create',
    targetType: 'agent_authorisation',
    targetId: id,
    summary: `${letterFileId ? '登记书面授权委托书' : '网上授权'}：${principal.display_name} 委托帮办代办（${input.scope === 'all' ? '全部事项' : '指定项目'}，至 ${input.validUntil}）`,
    after: { agentUserId: input.agentUserId, principalUserId, scope: input.scope, projectId, validUntil: input.validUntil },
  })
  return id
}

/** An applicant grants an authorisation online. */
export async function grantOnline(deps: Deps, ctx: Ctx, actor: Actor, input: GrantInput): Promise<AuthorisationDto> {
  const id = await mutate(deps, ctx, (tx) => insertChecked(tx, input, actor.userId, null))
  return authorisationDto(await repo.authorisationDtoRow(deps.db, id), todayOf(deps))
}

/** The window / centre_admin records a paper letter (PDF/JPG/PNG) for a principal. */
export async function recordLetter(
  deps: Deps,
  ctx: Ctx,
  input: GrantInput & { principalUserId: number },
  letter: { data: Buffer; originalName: string },
): Promise<AuthorisationDto> {
  const id = await mutate(deps, ctx, async (tx) => {
    const file = await storeFile(tx, letter)
    if (!['application/pdf', 'image/jpeg', 'image/png'].includes(file.mime)) throw JointErrors.AUTHORISATION_INVALID('授权委托书须为 PDF、JPG 或 PNG 文件')
    return insertChecked(tx, input, input.principalUserId, file.id)
  })
  return authorisationDto(await repo.authorisationDtoRow(deps.db, id), todayOf(deps))
}

/** Revoked by the principal, or by a centre_admin whose scope covers it. */
export async function revoke(deps: Deps, ctx: Ctx, actor: Actor, id: number, reason: string): Promise<AuthorisationDto> {
  const visible = (await listAuthorisations(deps, actor)).find((a) => a.id === id)
  if (!visible) throw JointErrors.NOT_FOUND('授权记录不存在')
  const isPrincipal = actor.kind === 'applicant' && visible.principalUserId === actor.userId
  const isAdmin = actor.grants.some((g) => g.role === 'centre_admin' || g.role === 'system_admin')
  if (!isPrincipal && !isAdmin) throw JointErrors.FORBIDDEN('只有委托人或中心管理员可以撤销授权')
  if (!reason.trim()) throw JointErrors.VALIDATION_ERROR('请填写撤销原因')
  await mutate(deps, ctx, async (tx) => {
    const row = await repo.findAuthorisation(tx.db, id)
    if (!row) throw JointErrors.NOT_FOUND('授权记录不存在')
    if (row.revoked_at !== null) throw JointErrors.INVALID_TRANSITION('该授权已撤销')
    await repo.revokeAuthorisation(tx.db, id, actor.userId, reason.trim(), tx.now)
    await tx.audit({
      action: 'joint.authorisation.revoke',
      targetType: 'agent_authorisation',
      targetId: id,
      summary: `撤销帮办代办授权：${row.principal_name}（原因：${reason.trim()}）`,
      before: { revokedAt: null },
      after: { revokedAt: tx.now.toISOString(), reason: reason.trim() },
    })
  })
  return authorisationDto(await repo.authorisationDtoRow(deps.db, id), todayOf(deps))
}
