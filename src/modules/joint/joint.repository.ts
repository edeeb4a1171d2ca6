/** Queries of the joint module's own tables (org, users, documents by id). Plain rows out; no rules. */
import { sql, type Kysely, type Selectable } from 'kysely'
import type { DB } from '../../db/schema.js'
import { scopeWhere, type Scope } from '../org/index.js'
import type {
  JointCaseTable,
  JointCorrectionTable,
  JointMaterialTable,
  JointMeetingInviteTable,
  JointMeetingTable,
  JointTaskTable,
} from './joint.tables.js'
import type { JointCaseKind, JointCaseStatus, TaskStatus } from './joint.types.js'

type Db = Kysely<DB>

export type JointCaseRow = Selectable<JointCaseTable>
export type TaskRow = Selectable<JointTaskTable>
export type MaterialRow = Selectable<JointMaterialTable>
export type CorrectionRow = Selectable<JointCorrectionTable>
export type MeetingRow = Selectable<JointMeetingTable>
export type InviteRow = Selectable<JointMeetingInviteTable>

const n = (v: unknown): number => Number(v)
const nn = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v))
const validId = (id: number) => Number.isSafeInteger(id) && id > 0

function normaliseCase(r: JointCaseRow): JointCaseRow {
  return {
    ...r,
    id: n(r.id),
    project_id: nn(r.project_id),
    stage_def_id: nn(r.stage_def_id),
    bundle_id: nn(r.bundle_id),
    lead_unit_id: n(r.lead_unit_id),
    centre_id: nn(r.centre_id),
    window_id: nn(r.window_id),
    applicant_user_id: n(r.applicant_user_id),
    agent_user_id: nn(r.agent_user_id),
    authorisation_id: nn(r.authorisation_id),
    correction_count: n(r.correction_count),
    reply_document_id: nn(r.reply_document_id),
    pickup_centre_id: nn(r.pickup_centre_id),
  }
}

function normaliseTask(r: TaskRow): TaskRow {
  return { ...r, id: n(r.id), joint_case_id: n(r.joint_case_id), item_id: n(r.item_id), item_version_id: n(r.item_version_id), unit_id: n(r.unit_id), case_id: nn(r.case_id), replied_by: nn(r.replied_by) }
}

// ---------------------------------------------------------------------------------------------
// Joint cases

export async function findCase(db: Db, id: number, forUpdate = false): Promise<JointCaseRow | null> {
  if (!validId(id)) return null
  let q = db.selectFrom('joint_case').selectAll().where('id', '=', id)
  if (forUpdate) q = q.forUpdate()
  const r = await q.executeTakeFirst()
  return r ? normaliseCase(r) : null
}

export async function insertCase(db: Db, values: Record<string, unknown>): Promise<number> {
  const r = await db.insertInto('joint_case').values(values as never).returning('id').executeTakeFirstOrThrow()
  return n(r.id)
}

export async function updateCase(db: Db, id: number, now: Date, set: Record<string, unknown>): Promise<void> {
  await db.updateTable('joint_case').set({ ...set, updated_at: now } as never).where('id', '=', id).execute()
}

/** The next joint case number: one counter row per region and day, taken with an atomic upsert. */
export async function nextSerial(db: Db, key: string): Promise<number> {
  const r = await sql<{ last: number }>`
    INSERT INTO joint_counter (key, last) VALUES (${key}, 1)
    ON CONFLICT (key) DO UPDATE SET last = joint_counter.last + 1
    RETURNING last`.execute(db)
  return n(r.rows[0]!.last)
}

// ---------------------------------------------------------------------------------------------
// Tasks

export async function tasksOf(db: Db, jointCaseId: number): Promise<TaskRow[]> {
  const rows = await db.selectFrom('joint_task').selectAll().where('joint_case_id', '=', jointCaseId).orderBy('id').execute()
  return rows.map(normaliseTask)
}

export async function findTask(db: Db, id: number, forUpdate = false): Promise<TaskRow | null> {
  if (!validId(id)) return null
  let q = db.selectFrom('joint_task').selectAll().where('id', '=', id)
  if (forUpdate) q = q.forUpdate()
  const r = await q.executeTakeFirst()
  return r ? normaliseTask(r) : null
}

export async function insertTask(db: Db, values: { joint_case_id: number; item_id: number; item_version_id: number; unit_id: number; role: 'lead' | 'co'; limit_days: number }): Promise<void> {
  await db.insertInto('joint_task').values({ ...values, status: 'prechecking', late_reply: 'null' }).execute()
}

export async function updateTask(db: Db, id: number, set: Record<string, unknown>): Promise<void> {
  await db.updateTable('joint_task').set(set as never).where('id', '=', id).execute()
}

export async function updateTasksOfCase(db: Db, jointCaseId: number, fromStatuses: TaskStatus[], set: Record<string, unknown>): Promise<void> {
  await db.updateTable('joint_task').set(set as never).where('joint_case_id', '=', jointCaseId).where('status', 'in', fromStatuses).execute()
}

/**
 * Claims a pending task for a deemed approval: the conditional update succeeds for exactly one
 * transaction (a concurrent one waits on the row lock, then finds it no longer pending).
 */
export async function claimPending(db: Db, id: number, set: Record<string, unknown>): Promise<TaskRow | null> {
  const r = await db.updateTable('joint_task').set(set as never).where('id', '=', id).where('status', '=', 'pending').returningAll().executeTakeFirst()
  return r ? normaliseTask(r) : null
}

/** Pending tasks of accepted joint cases whose due date lies before `today`. */
export async function overdueTasks(db: Db, today: string): Promise<{ taskId: number; jointCaseId: number; regionCode: string }[]> {
  const rows = await db
    .selectFrom('joint_task')
    .innerJoin('joint_case', 'joint_case.id', 'joint_task.joint_case_id')
    .innerJoin('case as sub', 'sub.id', 'joint_task.case_id')
    .select(['joint_task.id', 'joint_task.joint_case_id', 'joint_case.region_code'])
    .where('joint_task.status', '=', 'pending')
    .where('joint_task.due', 'is not', null)
    .where('joint_task.due', '<', today)
    // R4: a department's special procedure (听证, 现场勘验 …) stops its clock: the sub-case's promised
    // due date moves with the pause, and a paused sub-case is not overdue
    .where('sub.status', '=', 'accepted')
    .where(sql<boolean>`coalesce(sub.promised_due, joint_task.due) < ${today}`)
    .where('joint_case.status', '=', 'accepted')
    .orderBy('joint_task.due')
    .orderBy('joint_task.id')
    .execute()
  return rows.map((r) => ({ taskId: n(r.id), jointCaseId: n(r.joint_case_id), regionCode: r.region_code }))
}

// ---------------------------------------------------------------------------------------------
// Materials

export async function materialsOf(db: Db, jointCaseId: number): Promise<MaterialRow[]> {
  const rows = await db.selectFrom('joint_material').selectAll().where('joint_case_id', '=', jointCaseId).orderBy('id').execute()
  return rows.map((m) => ({ ...m, id: n(m.id), joint_case_id: n(m.joint_case_id), source_case_id: nn(m.source_case_id), e_certificate_id: nn(m.e_certificate_id), uploaded_by: nn(m.uploaded_by) }))
}

export async function insertMaterial(
  db: Db,
  v: { joint_case_id: number; material_key: string; name: string; file_id: string; source: MaterialRow['source']; source_case_id?: number | null; e_certificate_id?: number | null; uploaded_at: Date; uploaded_by: number | null },
): Promise<number> {
  const r = await db
    .insertInto('joint_material')
    .values({ ...v, source_case_id: v.source_case_id ?? null, e_certificate_id: v.e_certificate_id ?? null })
    .returning('id')
    .executeTakeFirstOrThrow()
  return n(r.id)
}

export async function deleteMaterial(db: Db, jointCaseId: number, materialId: number): Promise<MaterialRow | null> {
  if (!validId(materialId)) return null
  const r = await db.deleteFrom('joint_material').where('id', '=', materialId).where('joint_case_id', '=', jointCaseId).returningAll().executeTakeFirst()
  return r ? { ...r, id: n(r.id), joint_case_id: n(r.joint_case_id), source_case_id: nn(r.source_case_id), e_certificate_id: nn(r.e_certificate_id), uploaded_by: nn(r.uploaded_by) } : null
}

export async function fileInfos(db: Db, ids: string[]): Promise<Map<string, { originalName: string; size: number }>> {
  if (ids.length === 0) return new Map()
  const rows = await db.selectFrom('stored_file').select(['id', 'original_name', 'size']).where('id', 'in', ids).execute()
  return new Map(rows.map((r) => [r.id, { originalName: r.original_name, size: n(r.size) }]))
}

// ---------------------------------------------------------------------------------------------
// Corrections

export async function correctionsOf(db: Db, jointCaseId: number): Promise<CorrectionRow[]> {
  const rows = await db.selectFrom('joint_correction').selectAll().where('joint_case_id', '=', jointCaseId).orderBy('id').execute()
  return rows.map((c) => ({ ...c, id: n(c.id), joint_case_id: n(c.joint_case_id), task_id: n(c.task_id), requested_by: nn(c.requested_by), notice_document_id: nn(c.notice_document_id) }))
}

export async function insertCorrection(db: Db, v: { joint_case_id: number; task_id: number; items: { materialKey: string | null; problem: string }[]; requested_at: Date; requested_by: number | null }): Promise<void> {
  await db.insertInto('joint_correction').values({ ...v, items: JSON.stringify(v.items) }).execute()
}

export async function markCorrectionsNotified(db: Db, ids: number[], documentId: number, now: Date): Promise<void> {
  if (ids.length === 0) return
  await db.updateTable('joint_correction').set({ notified_at: now, notice_document_id: documentId }).where('id', 'in', ids).execute()
}

export async function markCorrectionsSupplied(db: Db, jointCaseId: number, now: Date): Promise<void> {
  await db.updateTable('joint_correction').set({ supplied_at: now }).where('joint_case_id', '=', jointCaseId).where('supplied_at', 'is', null).where('notified_at', 'is not', null).execute()
}

// ---------------------------------------------------------------------------------------------
// Meetings

export async function meetingsOf(db: Db, jointCaseId: number): Promise<MeetingRow[]> {
  const rows = await db.selectFrom('joint_meeting').selectAll().where('joint_case_id', '=', jointCaseId).orderBy('id').execute()
  return rows.map((m) => ({ ...m, id: n(m.id), joint_case_id: n(m.joint_case_id), created_by: nn(m.created_by) }))
}

export async function findMeeting(db: Db, id: number, forUpdate = false): Promise<MeetingRow | null> {
  if (!validId(id)) return null
  let q = db.selectFrom('joint_meeting').selectAll().where('id', '=', id)
  if (forUpdate) q = q.forUpdate()
  const m = await q.executeTakeFirst()
  return m ? { ...m, id: n(m.id), joint_case_id: n(m.joint_case_id), created_by: nn(m.created_by) } : null
}

export async function invitesOf(db: Db, meetingIds: number[]): Promise<InviteRow[]> {
  if (meetingIds.length === 0) return []
  const rows = await db.selectFrom('joint_meeting_invite').selectAll().where('meeting_id', 'in', meetingIds).orderBy('meeting_id').orderBy('task_id').execute()
  return rows.map((r) => ({ ...r, meeting_id: n(r.meeting_id), task_id: n(r.task_id), unit_id: n(r.unit_id) }))
}

export async function insertMeeting(
  db: Db,
  v: { joint_case_id: number; kind: MeetingRow['kind']; title: string; scheduled_at: Date; location: string; created_by: number | null; created_at: Date },
  invites: { task_id: number; unit_id: number }[],
): Promise<number> {
  const r = await db.insertInto('joint_meeting').values({ ...v, status: 'scheduled' }).returning('id').executeTakeFirstOrThrow()
  const id = n(r.id)
  await db.insertInto('joint_meeting_invite').values(invites.map((i) => ({ meeting_id: id, ...i, attendance: 'invited' as const }))).execute()
  return id
}

export async function updateInvite(db: Db, meetingId: number, taskId: number, set: { attendance: InviteRow['attendance']; reason: string | null; deemed: boolean }): Promise<void> {
  await db.updateTable('joint_meeting_invite').set(set).where('meeting_id', '=', meetingId).where('task_id', '=', taskId).execute()
}

export async function updateMeeting(db: Db, id: number, set: { status: MeetingRow['status']; held_at: Date; minutes: string }): Promise<void> {
  await db.updateTable('joint_meeting').set(set).where('id', '=', id).execute()
}

// ---------------------------------------------------------------------------------------------
// Org units, users, projects, bundles, stages (by id)

export async function unitRow(db: Db, id: number | null) {
  if (id === null || !validId(id)) return null
  const r = await db.selectFrom('org_unit').select(['id', 'name', 'kind', 'path', 'region_code']).where('id', '=', id).executeTakeFirst()
  return r ? { ...r, id: n(r.id) } : null
}
export type UnitRow = NonNullable<Awaited<ReturnType<typeof unitRow>>>

export async function unitRows(db: Db, ids: number[]): Promise<Map<number, UnitRow>> {
  const uniqueIds = [...new Set(ids.filter(validId))]
  if (uniqueIds.length === 0) return new Map()
  const rows = await db.selectFrom('org_unit').select(['id', 'name', 'kind', 'path', 'region_code']).where('id', 'in', uniqueIds).execute()
  return new Map(rows.map((r) => [n(r.id), { ...r, id: n(r.id) }]))
}

/** The nearest centre above a unit (by materialised path), or null. */
export async function centreAbove(db: Db, unit: UnitRow): Promise<UnitRow | null> {
  const ids = unit.path.split('/').filter(Boolean).map(Number).reverse()
  const units = await unitRows(db, ids)
  for (const id of ids) if (units.get(id)?.kind === 'centre') return units.get(id)!
  return null
}

/** The main centre of a region (or of its parent regions). */
export async function centreOfRegion(db: Db, regionCode: string): Promise<UnitRow | null> {
  for (let len = regionCode.length; len >= 2; len -= 2) {
    const r = await db
      .selectFrom('org_unit')
      .select(['id'])
      .where('kind', '=', 'centre')
      .where('region_code', '=', regionCode.slice(0, len))
      .where('status', '=', 'active')
      .orderBy(sql`length(path)`)
      .orderBy('id')
      .executeTakeFirst()
    if (r) return unitRow(db, n(r.id))
  }
  return null
}

export async function userRow(db: Db, id: number) {
  if (!validId(id)) return null
  const u = await db.selectFrom('user_account').select(['id', 'kind', 'applicant_kind', 'display_name', 'id_number', 'credit_code', 'phone']).where('id', '=', id).executeTakeFirst()
  return u ? { ...u, id: n(u.id) } : null
}

export async function userIdByIdentity(db: Db, by: { idNumber?: string; creditCode?: string }): Promise<number | null> {
  let q = db.selectFrom('user_account').select(['id']).where('kind', '=', 'applicant')
  q = by.idNumber !== undefined ? q.where('id_number', '=', by.idNumber) : q.where('credit_code', '=', by.creditCode ?? '')
  const r = await q.executeTakeFirst()
  return r ? n(r.id) : null
}

export async function displayNames(db: Db, ids: number[]): Promise<Map<number, string>> {
  const uniqueIds = [...new Set(ids.filter(validId))]
  if (uniqueIds.length === 0) return new Map()
  const rows = await db.selectFrom('user_account').select(['id', 'display_name']).where('id', 'in', uniqueIds).execute()
  return new Map(rows.map((r) => [n(r.id), r.display_name]))
}

export async function projectRef(db: Db, id: number | null) {
  if (id === null) return null
  const p = await db
    .selectFrom('joint_project')
    .innerJoin('joint_scheme', 'joint_scheme.id', 'joint_project.scheme_id')
    .select(['joint_project.id', 'joint_project.code', 'joint_project.name', 'joint_project.manager_user_id', 'joint_scheme.green_cut_percent'])
    .where('joint_project.id', '=', id)
    .executeTakeFirst()
  return p ? { id: n(p.id), code: p.code, name: p.name, managerUserId: nn(p.manager_user_id), greenCutPercent: n(p.green_cut_percent) } : null
}

export async function stageDefRef(db: Db, id: number | null) {
  if (id === null) return null
  const s = await db.selectFrom('joint_stage_def').select(['key', 'name']).where('id', '=', id).executeTakeFirst()
  return s ?? null
}

export async function bundleRef(db: Db, id: number | null) {
  if (id === null) return null
  const b = await db.selectFrom('joint_bundle').select(['id', 'code', 'name']).where('id', '=', id).executeTakeFirst()
  return b ? { id: n(b.id), code: b.code, name: b.name } : null
}

// ---------------------------------------------------------------------------------------------
// Lists

/** Who may see which joint cases in a list: the applicant's own, an agent's, or staff by scope. */
export type CaseListFilter =
  | { kind: 'applicant'; userId: number }
  | { kind: 'staff'; userId: number; scope: Scope; principals: { principalUserId: number; projectId: number | null }[] }

export interface CaseListQuery {
  status?: JointCaseStatus
  kind?: JointCaseKind
  q?: string
  projectId?: number
  page: number
  pageSize: number
}

function visibleCases(db: Db, who: CaseListFilter) {
  let q = db.selectFrom('joint_case')
  if (who.kind === 'applicant') return q.where('joint_case.applicant_user_id', '=', who.userId)
  const scope = who.scope
  return q.where((eb) => {
    const inScope = eb.exists(
      eb
        .selectFrom('org_unit as u')
        .select(sql.lit(1).as('one'))
        .where((e2) =>
          e2.or([
            e2('u.id', '=', e2.ref('joint_case.lead_unit_id')),
            e2('u.id', '=', e2.ref('joint_case.centre_id')),
            e2('u.id', '=', e2.ref('joint_case.window_id')),
            e2('u.id', 'in', e2.selectFrom('joint_task as t').select('t.unit_id').whereRef('t.joint_case_id', '=', 'joint_case.id')),
          ]),
        )
        .where((e2) => scopeWhere(e2 as never, scope, 'u') as never),
    )
    // staff of a window (or an office) inside the receiving centre see what the centre received
    const underCentre = scope.all
      ? []
      : scope.paths.map((p) => eb.exists(eb.selectFrom('org_unit as cu').select(sql.lit(1).as('one')).whereRef('cu.id', '=', 'joint_case.centre_id').where(sql<boolean>`${p} like cu.path || '%'`)))
    const regions = scope.all ? [eb.val(true)] : scope.regions.map((r) => eb('joint_case.region_code', 'like', `${r}%`))
    const managed = eb('joint_case.project_id', 'in', eb.selectFrom('joint_project').select('id').where('manager_user_id', '=', who.userId))
    // an agent follows the cases of the principals who authorised them (all, or one project)
    const represented = who.principals.map((p) =>
      p.projectId === null
        ? eb('joint_case.applicant_user_id', '=', p.principalUserId)
        : eb.and([eb('joint_case.applicant_user_id', '=', p.principalUserId), eb('joint_case.project_id', '=', p.projectId)]),
    )
    return eb.or([inScope, ...underCentre, ...regions, ...represented, managed])
  })
}

export async function listCases(db: Db, who: CaseListFilter, f: CaseListQuery) {
  let q = visibleCases(db, who)
  if (f.status) q = q.where('joint_case.status', '=', f.status)
  if (f.kind) q = q.where('joint_case.kind', '=', f.kind)
  if (f.projectId) q = q.where('joint_case.project_id', '=', f.projectId)
  if (f.q?.trim()) {
    const like = `%${f.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    q = q.where((eb) => eb.or([eb('joint_case.number', 'like', like), eb('joint_case.name', 'like', like), eb('joint_case.applicant_name', 'like', like)]))
  }
  const total = n((await q.select((eb) => eb.fn.countAll().as('c')).executeTakeFirstOrThrow()).c)
  const rows = await q
    .leftJoin('org_unit as lead', 'lead.id', 'joint_case.lead_unit_id')
    .leftJoin('joint_project as p', 'p.id', 'joint_case.project_id')
    .select([
      'joint_case.id',
      'joint_case.number',
      'joint_case.kind',
      'joint_case.name',
      'joint_case.status',
      'joint_case.applicant_name',
      'joint_case.green_channel',
      'joint_case.received_at',
      'joint_case.due',
      'joint_case.predicted_completion',
      'lead.name as lead_unit_name',
      'p.code as project_code',
    ])
    .select((eb) => [
      eb.selectFrom('joint_task as t').select((e) => e.fn.countAll().as('c')).whereRef('t.joint_case_id', '=', 'joint_case.id').where('t.status', '<>', 'withdrawn').as('tasks_total'),
      eb.selectFrom('joint_task as t').select((e) => e.fn.countAll().as('c')).whereRef('t.joint_case_id', '=', 'joint_case.id').where('t.status', 'in', ['replied', 'deemed']).as('tasks_answered'),
      eb.selectFrom('joint_task as t').select((e) => e.fn.countAll().as('c')).whereRef('t.joint_case_id', '=', 'joint_case.id').where('t.status', '=', 'deemed').as('tasks_deemed'),
    ])
    .orderBy('joint_case.green_channel', 'desc')
    .orderBy('joint_case.id', 'desc')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute()
  return { total, rows }
}

export interface TaskListQuery {
  scope: Scope
  status?: TaskStatus
  page: number
  pageSize: number
}

const OPEN_CASE_STATUSES: JointCaseStatus[] = ['received', 'correction_requested', 'accepted', 'replied', 'completed', 'delivered']

export async function listTasks(db: Db, f: TaskListQuery) {
  let q = db
    .selectFrom('joint_task as t')
    .innerJoin('joint_case as c', 'c.id', 't.joint_case_id')
    .innerJoin('org_unit as u', 'u.id', 't.unit_id')
    .innerJoin('item_version as iv', 'iv.id', 't.item_version_id')
    .leftJoin('case as sub', 'sub.id', 't.case_id')
    .where('c.status', 'in', OPEN_CASE_STATUSES)
    .where((eb) => scopeWhere(eb as never, f.scope, 'u') as never)
  if (f.status) q = q.where('t.status', '=', f.status)
  // a pending task's deadline is its sub-case's promised date (it moves with special procedures, R4)
  const due = sql<string | null>`case when t.status = 'pending' then coalesce(sub.promised_due, t.due) else t.due end`
  const total = n((await q.select((eb) => eb.fn.countAll().as('c')).executeTakeFirstOrThrow()).c)
  const rows = await q
    .select([
      't.id as task_id',
      't.joint_case_id',
      sql<string>`iv.guide->>'name'`.as('item_name'),
      't.role',
      't.status',
      due.as('due'),
      'sub.status as sub_status',
      'u.name as unit_name',
      'c.number',
      'c.name',
      'c.green_channel',
      'c.applicant_name',
      'c.precheck_due',
      'c.region_code',
    ])
    .orderBy('c.green_channel', 'desc')
    .orderBy(sql`coalesce(${due}, c.precheck_due) asc nulls last`)
    .orderBy('t.id')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute()
  return { total, rows }
}

/** The accounts that answer for a department's task: reviewers, approvers and handling staff granted on the unit or a unit under it. */
export async function departmentStaff(db: Db, unitId: number): Promise<{ id: number; name: string; phone: string | null }[]> {
  const rows = await db
    .selectFrom('role_grant as g')
    .innerJoin('org_unit as gu', 'gu.id', 'g.unit_id')
    .innerJoin('org_unit as task_unit', (j) => j.on('task_unit.id', '=', unitId))
    .innerJoin('user_account as u', 'u.id', 'g.user_id')
    .select(['u.id', 'u.display_name', 'u.phone'])
    .where('g.role', 'in', ['reviewer', 'approver', 'handling_unit'])
    .where(sql<boolean>`gu.path LIKE task_unit.path || '%'`)
    .where('u.status', '=', 'active')
    .distinct()
    .orderBy('u.id')
    .execute()
  return rows.map((r) => ({ id: Number(r.id), name: r.display_name, phone: r.phone }))
}
