/**
 * SQL of the projects / bundles / schemes / agents / prediction part of the joint module.
 * Every function takes a Kysely handle: the app's db, or tx.db inside a mutation.
 */
import { sql, type Insertable, type Kysely } from 'kysely'
import type { JointProjectTable } from './joint.tables.js'
import type { DB } from '../../db/schema.js'

type Db = Kysely<DB>

const CLOSED_CASE = ['refused', 'withdrawn'] as const
const DONE_CASE = ['completed', 'delivered'] as const

// ------------------------------------------------------------------ units, users

export async function unitsByIds(db: Db, ids: number[]) {
  if (!ids.length) return []
  return db.selectFrom('org_unit').select(['id', 'name', 'kind', 'path', 'region_code']).where('id', 'in', ids).execute()
}

export async function findUnit(db: Db, id: number) {
  return db.selectFrom('org_unit').select(['id', 'name', 'kind', 'path', 'region_code']).where('id', '=', id).executeTakeFirst()
}

export async function findRegion(db: Db, code: string) {
  return db.selectFrom('region').select(['code', 'name']).where('code', '=', code).executeTakeFirst()
}

export async function findUser(db: Db, id: number) {
  return db
    .selectFrom('user_account')
    .select(['id', 'kind', 'display_name', 'applicant_kind', 'credit_code', 'status', 'unit_id'])
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function rolesOfUser(db: Db, userId: number): Promise<string[]> {
  const rows = await db.selectFrom('role_grant').select('role').where('user_id', '=', userId).execute()
  return rows.map((r) => r.role)
}

export async function userNames(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map()
  const rows = await db.selectFrom('user_account').select(['id', 'display_name']).where('id', 'in', ids).execute()
  return new Map(rows.map((r) => [Number(r.id), r.display_name]))
}

/** Active accounts holding role agent, with their home unit's name. */
export async function agentAccounts(db: Db) {
  return db
    .selectFrom('user_account as u')
    .leftJoin('org_unit as o', 'o.id', 'u.unit_id')
    .select(['u.id', 'u.display_name', 'o.name as unit_name'])
    .where('u.status', '=', 'active')
    .where('u.kind', '=', 'staff')
    .where((eb) => eb.exists(eb.selectFrom('role_grant as g').select('g.id').whereRef('g.user_id', '=', 'u.id').where('g.role', '=', 'agent')))
    .orderBy('u.id')
    .execute()
}

// ------------------------------------------------------------------ bundles

export type BundleRow = Awaited<ReturnType<typeof findBundle>> & {}

export async function findBundle(db: Db, id: number) {
  return db.selectFrom('joint_bundle').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findBundleByCode(db: Db, code: string) {
  return db.selectFrom('joint_bundle').select('id').where('code', '=', code).executeTakeFirst()
}

export async function listBundles(db: Db, opts: { includeSuspended: boolean }) {
  let q = db.selectFrom('joint_bundle').selectAll().orderBy('id')
  if (!opts.includeSuspended) q = q.where('status', '=', 'published')
  return q.execute()
}

export interface BundleValues {
  code: string
  name: string
  description: string
  region_code: string
  lead_unit_id: number
  limit_days: number
  item_ids: number[]
  audiences: ('person' | 'enterprise')[]
}

export async function insertBundle(db: Db, v: BundleValues, at: Date): Promise<number> {
  const row = await db
    .insertInto('joint_bundle')
    .values({ ...v, item_ids: JSON.stringify(v.item_ids), audiences: JSON.stringify(v.audiences), status: 'published', created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(row.id)
}

export async function updateBundle(db: Db, id: number, v: BundleValues, at: Date): Promise<void> {
  await db
    .updateTable('joint_bundle')
    .set({ ...v, item_ids: JSON.stringify(v.item_ids), audiences: JSON.stringify(v.audiences), updated_at: at })
    .where('id', '=', id)
    .execute()
}

export async function setBundleStatus(db: Db, id: number, status: 'published' | 'suspended', at: Date): Promise<void> {
  await db.updateTable('joint_bundle').set({ status, updated_at: at }).where('id', '=', id).execute()
}

// ------------------------------------------------------------------ schemes and stages

export type SchemeRow = Awaited<ReturnType<typeof findScheme>> & {}
export type StageDefRow = Awaited<ReturnType<typeof stagesOfScheme>>[number]

export async function findScheme(db: Db, id: number) {
  return db.selectFrom('joint_scheme').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findSchemeByCode(db: Db, code: string) {
  return db.selectFrom('joint_scheme').select('id').where('code', '=', code).executeTakeFirst()
}

export async function listSchemes(db: Db) {
  return db.selectFrom('joint_scheme').selectAll().orderBy('region_code').orderBy('id').execute()
}

/** The default scheme of the region or of its nearest ancestor (codes nest: 37 ⊃ 3714 ⊃ 371402). */
export async function defaultSchemeFor(db: Db, regionCode: string) {
  const rows = await db.selectFrom('joint_scheme').selectAll().where('is_default', '=', true).execute()
  return rows.filter((r) => regionCode.startsWith(r.region_code)).sort((a, b) => b.region_code.length - a.region_code.length)[0]
}

export async function regionHasDefault(db: Db, regionCode: string): Promise<boolean> {
  const r = await db.selectFrom('joint_scheme').select('id').where('region_code', '=', regionCode).where('is_default', '=', true).executeTakeFirst()
  return !!r
}

export interface SchemeValues {
  code: string
  name: string
  region_code: string
  target_days: number
  green_cut_percent: number
  description: string
}

export async function insertScheme(db: Db, v: SchemeValues, isDefault: boolean, at: Date): Promise<number> {
  const row = await db
    .insertInto('joint_scheme')
    .values({ ...v, is_default: isDefault, created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(row.id)
}

export async function updateScheme(db: Db, id: number, v: SchemeValues, at: Date): Promise<void> {
  await db.updateTable('joint_scheme').set({ ...v, updated_at: at }).where('id', '=', id).execute()
}

export async function makeDefault(db: Db, id: number, regionCode: string, at: Date): Promise<void> {
  await db.updateTable('joint_scheme').set({ is_default: false, updated_at: at }).where('region_code', '=', regionCode).where('is_default', '=', true).where('id', '<>', id).execute()
  await db.updateTable('joint_scheme').set({ is_default: true, updated_at: at }).where('id', '=', id).execute()
}

export async function stagesOfScheme(db: Db, schemeId: number) {
  return db.selectFrom('joint_stage_def').selectAll().where('scheme_id', '=', schemeId).orderBy('seq').execute()
}

export async function stagesOfSchemes(db: Db, schemeIds: number[]) {
  if (!schemeIds.length) return []
  return db.selectFrom('joint_stage_def').selectAll().where('scheme_id', 'in', schemeIds).orderBy('scheme_id').orderBy('seq').execute()
}

export interface StageValues {
  key: string
  name: string
  lead_unit_id: number
  limit_days: number
  item_ids: number[]
  meeting_kinds: string[]
}

export async function replaceStages(db: Db, schemeId: number, stages: StageValues[]): Promise<void> {
  await db.deleteFrom('joint_stage_def').where('scheme_id', '=', schemeId).execute()
  if (!stages.length) return
  await db
    .insertInto('joint_stage_def')
    .values(
      stages.map((s, i) => ({
        scheme_id: schemeId,
        seq: i + 1,
        key: s.key,
        name: s.name,
        lead_unit_id: s.lead_unit_id,
        limit_days: s.limit_days,
        item_ids: JSON.stringify(s.item_ids),
        meeting_kinds: JSON.stringify(s.meeting_kinds),
      })),
    )
    .execute()
}

export async function schemeInUse(db: Db, schemeId: number): Promise<boolean> {
  const r = await db.selectFrom('joint_project').select('id').where('scheme_id', '=', schemeId).limit(1).executeTakeFirst()
  return !!r
}

// ------------------------------------------------------------------ projects

export type ProjectRowDb = Awaited<ReturnType<typeof findProject>> & {}

export async function findProject(db: Db, id: number) {
  return db
    .selectFrom('joint_project as p')
    .innerJoin('joint_scheme as s', 's.id', 'p.scheme_id')
    .selectAll('p')
    .select(['s.name as scheme_name', 's.green_cut_percent'])
    .where('p.id', '=', id)
    .executeTakeFirst()
}

export async function findProjectIdByCode(db: Db, code: string): Promise<number | null> {
  const r = await db.selectFrom('joint_project').select('id').where('code', '=', code).executeTakeFirst()
  return r ? Number(r.id) : null
}

/** The next serial of a counter key, atomically (one row per key; concurrent callers never share a value). */
export async function nextCounter(db: Db, key: string): Promise<number> {
  const r = await sql<{ last: number }>`
    INSERT INTO joint_counter (key, last) VALUES (${key}, 1)
    ON CONFLICT (key) DO UPDATE SET last = joint_counter.last + 1
    RETURNING last`.execute(db)
  return Number(r.rows[0]!.last)
}

/** What a new project is created with; the rest (green channel off, active, created_at) is set here. */
export type ProjectValues = Pick<
  Insertable<JointProjectTable>,
  'code' | 'name' | 'scheme_id' | 'region_code' | 'applicant_user_id' | 'applicant_name' | 'applicant_credit_code' | 'location' | 'investment_cents' | 'industry_code' | 'target_days' | 'created_by'
>

export async function insertProject(db: Db, v: ProjectValues, at: Date): Promise<number> {
  const row = await db
    .insertInto('joint_project')
    .values({ ...v, green_channel: false, status: 'active', created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(row.id)
}

export interface ProjectFilter {
  /** everything (system-wide staff) */
  all: boolean
  /** region code prefixes in scope */
  regions: string[]
  /** user ids whose projects are visible (the applicant, an agent's principals) */
  applicantIds: number[]
  /** project ids visible through a project-scoped authorisation */
  projectIds: number[]
  managerId: number | null
  q?: string
  green?: boolean
  status?: 'active' | 'completed' | 'closed'
  limit: number
  offset: number
}

function projectQuery(db: Db, f: ProjectFilter) {
  let q = db.selectFrom('joint_project as p')
  q = q.where((eb) => {
    if (f.all) return eb.val(true)
    const ors = [
      ...f.regions.map((r) => eb('p.region_code', 'like', `${r}%`)),
      ...(f.applicantIds.length ? [eb('p.applicant_user_id', 'in', f.applicantIds)] : []),
      ...(f.projectIds.length ? [eb('p.id', 'in', f.projectIds)] : []),
      ...(f.managerId !== null ? [eb('p.manager_user_id', '=', f.managerId)] : []),
    ]
    return ors.length ? eb.or(ors) : eb.val(false)
  })
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    q = q.where((eb) => eb.or([eb('p.name', 'like', like), eb('p.code', 'like', like), eb('p.applicant_name', 'like', like)]))
  }
  if (f.green !== undefined) q = q.where('p.green_channel', '=', f.green)
  if (f.status) q = q.where('p.status', '=', f.status)
  return q
}

export async function listProjects(db: Db, f: ProjectFilter) {
  const [rows, total] = await Promise.all([
    projectQuery(db, f)
      .leftJoin('user_account as m', 'm.id', 'p.manager_user_id')
      .selectAll('p')
      .select('m.display_name as manager_name')
      .orderBy('p.green_channel', 'desc')
      .orderBy('p.id', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    projectQuery(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(total.n) }
}

export async function setGreenChannel(db: Db, projectId: number, on: boolean, reason: string | null): Promise<number[]> {
  await db.updateTable('joint_project').set({ green_channel: on, green_reason: reason }).where('id', '=', projectId).execute()
  const open = await db
    .updateTable('joint_case')
    .set({ green_channel: on })
    .where('project_id', '=', projectId)
    .where('status', 'not in', [...CLOSED_CASE, ...DONE_CASE])
    .returning('id')
    .execute()
  const ids = open.map((r) => Number(r.id))
  if (ids.length) {
    await db.updateTable('case').set({ green_channel: on }).where('joint_case_id', 'in', ids).execute()
  }
  return ids
}

export async function setManager(db: Db, projectId: number, userId: number): Promise<void> {
  await db.updateTable('joint_project').set({ manager_user_id: userId }).where('id', '=', projectId).execute()
}

/** The project's joint cases (stage cases), newest first. */
export async function jointCasesOfProjects(db: Db, projectIds: number[]) {
  if (!projectIds.length) return []
  return db
    .selectFrom('joint_case')
    .select(['id', 'number', 'project_id', 'stage_def_id', 'status', 'accepted_at', 'completed_at', 'due', 'predicted_completion', 'region_code'])
    .where('project_id', 'in', projectIds)
    .where('kind', '=', 'stage')
    .orderBy('id', 'desc')
    .execute()
}

/** Completed joint cases of a stage definition (any project): their acceptance and completion instants. */
export async function completedStageHistory(db: Db, stageDefId: number, limit = 20) {
  return db
    .selectFrom('joint_case')
    .select(['accepted_at', 'completed_at'])
    .where('stage_def_id', '=', stageDefId)
    .where('status', 'in', [...DONE_CASE])
    .where('accepted_at', 'is not', null)
    .where('completed_at', 'is not', null)
    .orderBy('completed_at', 'desc')
    .limit(limit)
    .execute()
}

/** E-certificates issued by sub-cases of the project's joint cases at these stages. */
export async function certificatesOfStages(db: Db, projectId: number, stageDefIds: number[], types: string[]) {
  if (!stageDefIds.length || !types.length) return []
  return db
    .selectFrom('e_certificate as e')
    .innerJoin('case as c', 'c.id', 'e.case_id')
    .innerJoin('joint_case as j', 'j.id', 'c.joint_case_id')
    .select(['e.id', 'e.type', 'e.name', 'e.file_id', 'e.case_id'])
    .where('j.project_id', '=', projectId)
    .where('j.stage_def_id', 'in', stageDefIds)
    .where('e.type', 'in', types)
    .where('e.file_id', 'is not', null)
    .orderBy('e.id', 'desc')
    .execute()
}

// ------------------------------------------------------------------ agent authorisations

export type AuthorisationRow = Awaited<ReturnType<typeof findAuthorisation>> & {}

export async function findAuthorisation(db: Db, id: number) {
  return db.selectFrom('agent_authorisation').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function activeAuthorisations(db: Db, q: { agentUserId: number; principalUserId?: number; today: string }) {
  let s = db
    .selectFrom('agent_authorisation')
    .select(['id', 'principal_user_id', 'scope', 'project_id'])
    .where('agent_user_id', '=', q.agentUserId)
    .where('revoked_at', 'is', null)
    .where('valid_from', '<=', q.today)
    .where('valid_until', '>=', q.today)
  if (q.principalUserId !== undefined) s = s.where('principal_user_id', '=', q.principalUserId)
  return s.orderBy('id', 'desc').execute()
}

export interface AuthorisationListFilter {
  all: boolean
  agentUserId: number | null
  principalUserId: number | null
  /** admin scope: agent's home unit path prefixes / region prefixes (also the project's region) */
  paths: string[]
  regions: string[]
}

export async function listAuthorisations(db: Db, f: AuthorisationListFilter) {
  return db
    .selectFrom('agent_authorisation as a')
    .leftJoin('user_account as ag', 'ag.id', 'a.agent_user_id')
    .leftJoin('org_unit as o', 'o.id', 'ag.unit_id')
    .leftJoin('joint_project as p', 'p.id', 'a.project_id')
    .selectAll('a')
    .select(['ag.display_name as agent_name', 'p.code as project_code'])
    .where((eb) => {
      if (f.all) return eb.val(true)
      const ors = [
        ...(f.agentUserId !== null ? [eb('a.agent_user_id', '=', f.agentUserId)] : []),
        ...(f.principalUserId !== null ? [eb('a.principal_user_id', '=', f.principalUserId)] : []),
        ...f.paths.map((p) => eb('o.path', 'like', `${p}%`)),
        ...f.regions.flatMap((r) => [eb('o.region_code', 'like', `${r}%`), eb('p.region_code', 'like', `${r}%`)]),
      ]
      return ors.length ? eb.or(ors) : eb.val(false)
    })
    .orderBy('a.id', 'desc')
    .execute()
}

export async function authorisationDtoRow(db: Db, id: number) {
  return db
    .selectFrom('agent_authorisation as a')
    .leftJoin('user_account as ag', 'ag.id', 'a.agent_user_id')
    .leftJoin('joint_project as p', 'p.id', 'a.project_id')
    .selectAll('a')
    .select(['ag.display_name as agent_name', 'p.code as project_code'])
    .where('a.id', '=', id)
    .executeTakeFirstOrThrow()
}

export interface AuthorisationValues {
  agent_user_id: number
  principal_user_id: number
  principal_name: string
  scope: 'project' | 'all'
  project_id: number | null
  valid_from: string
  valid_until: string
  letter_file_id: string | null
  note: string | null
  created_by: number | null
}

export async function insertAuthorisation(db: Db, v: AuthorisationValues, at: Date): Promise<number> {
  const row = await db.insertInto('agent_authorisation').values({ ...v, created_at: at }).returning('id').executeTakeFirstOrThrow()
  return Number(row.id)
}

export async function revokeAuthorisation(db: Db, id: number, by: number | null, reason: string, at: Date): Promise<void> {
  await db.updateTable('agent_authorisation').set({ revoked_at: at, revoked_by: by, revoke_reason: reason }).where('id', '=', id).execute()
}

// ------------------------------------------------------------------ prediction

export async function tasksForPrediction(db: Db, jointCaseId: number) {
  return db
    .selectFrom('joint_task as t')
    .innerJoin('org_unit as u', 'u.id', 't.unit_id')
    .select(['t.id', 't.item_id', 't.unit_id', 't.status', 't.limit_days', 't.replied_at', 't.deemed_at', 'u.name as unit_name'])
    .where('t.joint_case_id', '=', jointCaseId)
    .orderBy('t.id')
    .execute()
}

export async function jointCaseForPrediction(db: Db, jointCaseId: number) {
  return db.selectFrom('joint_case').select(['id', 'accepted_at', 'region_code']).where('id', '=', jointCaseId).executeTakeFirst()
}

/** The department's last decided cases of the item: acceptance and decision instants. */
export async function decidedHistory(db: Db, itemId: number, unitId: number, limit = 20) {
  return db
    .selectFrom('case')
    .select(['accepted_at', 'decided_at'])
    .where('item_id', '=', itemId)
    .where('unit_id', '=', unitId)
    .where('accepted_at', 'is not', null)
    .where('decided_at', 'is not', null)
    .orderBy('decided_at', 'desc')
    .limit(limit)
    .execute()
}

// ------------------------------------------------------------------ scope

export interface RegionScope {
  all: boolean
  /** unit subtrees (materialised paths) */
  paths: string[]
  /** region code prefixes: region grants, and the regions of the units granted */
  regions: string[]
}

/** The actor's scope for these roles, as paths and region prefixes (a unit grant covers its unit's region too). */
export async function regionScopeOf(db: Db, grants: { role: string; unitId: number | null; unitPath: string | null; regionCode: string | null }[], roles: readonly string[]): Promise<RegionScope> {
  const gs = grants.filter((g) => roles.includes(g.role))
  if (gs.some((g) => g.unitId === null && g.regionCode === null)) return { all: true, paths: [], regions: [] }
  const unitIds = gs.flatMap((g) => (g.unitId !== null ? [g.unitId] : []))
  const units = await unitsByIds(db, unitIds)
  return {
    all: false,
    paths: gs.flatMap((g) => (g.unitPath ? [g.unitPath] : [])),
    regions: [...new Set([...gs.flatMap((g) => (g.regionCode ? [g.regionCode] : [])), ...units.map((u) => u.region_code)])],
  }
}

export function regionCovered(scope: RegionScope, regionCode: string): boolean {
  return scope.all || scope.regions.some((r) => regionCode.startsWith(r))
}

export function unitCovered(scope: RegionScope, unit: { path: string; region_code: string }): boolean {
  return scope.all || scope.paths.some((p) => unit.path.startsWith(p)) || regionCovered(scope, unit.region_code)
}
