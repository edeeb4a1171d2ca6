/**
 * The unit of work of every joint-case mutation: the case locked in one transaction (mutate(), with
 * its audit record), what the actor may do on it, and the helpers every use case shares (documents,
 * notices, the union of materials).
 */
import type { Ctx, Deps } from '../../server/context.js'
import { mutate, type Tx } from '../../server/mutate.js'
import { getCalendar, toShanghaiDate, type Calendar } from '../calendar/index.js'
import { getItemVersion, type ItemGuide } from '../catalog/index.js'
import { issueDocument, type DocumentBody, type DocumentKind, type IssuedDocument } from '../documents/index.js'
import { notify, type NoticeEvent } from '../notify/index.js'
import { JointErrors } from './joint.errors.js'
import { unionMaterials } from './joint.rules.js'
import * as repo from './joint.repository.js'
import type { JointCaseRow, TaskRow } from './joint.repository.js'
import { JOINT_CASE_STATUSES, type JointCaseStatus, type UnionMaterialDto } from './joint.types.js'
import { resolveAccess, rolesOf, unitsOf, type ActorRoles, type CaseUnits } from './joint.policy.js'

export function today(deps: Pick<Deps, 'clock'>): string {
  return toShanghaiDate(deps.clock.now())
}

export const notFound = () => JointErrors.NOT_FOUND('联办件不存在')

export interface Work {
  tx: Tx
  c: JointCaseRow
  tasks: TaskRow[]
  units: CaseUnits
  roles: ActorRoles
  cal: Calendar
  today: string
}

export async function mutateJoint<T>(deps: Deps, ctx: Ctx, jointCaseId: number, fn: (w: Work) => Promise<T>): Promise<T> {
  const pre = await repo.findCase(deps.db, jointCaseId)
  if (!pre) throw notFound()
  // read before the transaction: on PGlite the app's one connection is the transaction's
  const cal = await getCalendar(deps, pre.region_code)
  return mutate(deps, ctx, async (tx) => {
    const c = await repo.findCase(tx.db, jointCaseId, true)
    if (!c) throw notFound()
    const tasks = await repo.tasksOf(tx.db, c.id)
    const units = await unitsOf(tx.db, c, tasks)
    const day = toShanghaiDate(tx.now)
    const as = await resolveAccess(tx.db, ctx.actor, c, units, day)
    if (!as) throw notFound()
    return fn({ tx, c, tasks, units, roles: rolesOf(ctx.actor, as, c, units), cal, today: day })
  })
}

export function must(ok: boolean, message = '您没有对该联办件执行此操作的权限'): void {
  if (!ok) throw JointErrors.FORBIDDEN(message)
}

export function inStatus(c: JointCaseRow, allowed: readonly JointCaseStatus[], doing: string): void {
  if (!allowed.includes(c.status)) throw JointErrors.INVALID_TRANSITION(`联办件当前状态为「${JOINT_CASE_STATUSES[c.status]}」，不能${doing}`)
}

export async function audit(w: Pick<Work, 'tx' | 'c'>, entity: 'case' | 'task' | 'meeting', verb: string, summary: string, opts: { targetId?: number; after?: unknown; before?: unknown } = {}): Promise<void> {
  await w.tx.audit({
    action: `joint.${entity}.${verb}`,
    targetType: `joint_${entity}`,
    targetId: opts.targetId ?? w.c.id,
    unitId: w.c.lead_unit_id,
    summary: `${w.c.number}：${summary}`,
    after: opts.after,
    before: opts.before,
  })
}

export async function setCase(w: Pick<Work, 'tx' | 'c'>, set: Record<string, unknown>): Promise<void> {
  await repo.updateCase(w.tx.db, w.c.id, w.tx.now, set)
}

export async function unitName(db: Deps['db'], id: number | null): Promise<string> {
  return (await repo.unitRow(db, id))?.name ?? ''
}

export async function issueJoint(w: Pick<Work, 'tx' | 'c'>, kind: DocumentKind, title: string, body: DocumentBody): Promise<IssuedDocument> {
  const unitId = w.c.centre_id ?? w.c.lead_unit_id
  return issueDocument(w.tx, {
    kind,
    caseId: null,
    jointCaseId: w.c.id,
    caseNumber: w.c.number,
    unitId,
    unitName: await unitName(w.tx.db, unitId),
    applicantName: w.c.applicant_name,
    title,
    body,
  })
}

export async function tellApplicant(w: Pick<Work, 'tx' | 'c'>, event: NoticeEvent, data: Record<string, string | number>): Promise<void> {
  await notify(w.tx, {
    event,
    userId: w.c.applicant_user_id,
    phone: w.c.applicant_phone,
    name: w.c.applicant_name,
    data: { caseNumber: w.c.number, itemName: w.c.name, unitName: await unitName(w.tx.db, w.c.lead_unit_id), date: toShanghaiDate(w.tx.now), ...data },
  })
}

/** In-app notices to everyone who answers for a department's task (S7; R16 deemed approvals, meeting invitations). */
export async function tellDepartment(w: Pick<Work, 'tx' | 'c'>, unitId: number, event: NoticeEvent, data: Record<string, string | number>): Promise<void> {
  const unit = await unitName(w.tx.db, unitId)
  for (const u of await repo.departmentStaff(w.tx.db, unitId)) {
    await notify(w.tx, {
      event,
      userId: u.id,
      name: u.name,
      data: { caseNumber: w.c.number, itemName: w.c.name, unitName: unit, date: toShanghaiDate(w.tx.now), ...data },
    })
  }
}

export function baseFields(w: Pick<Work, 'tx' | 'c'>): [string, string][] {
  return [
    ['联办件编号', w.c.number],
    ['申请人', w.c.applicant_name],
    ['申请事项', w.c.name],
    ['日期', toShanghaiDate(w.tx.now)],
  ]
}

export async function guideOf(db: Deps['db'], t: TaskRow): Promise<ItemGuide> {
  const v = await getItemVersion(db, t.item_version_id)
  if (!v) throw new Error(`item version ${t.item_version_id} of joint task ${t.id} is missing`)
  return v.guide
}

export async function unionOf(db: Deps['db'], tasks: TaskRow[]): Promise<UnionMaterialDto[]> {
  return unionMaterials(await Promise.all(tasks.map(async (t) => ({ itemId: t.item_id, guide: await guideOf(db, t) }))))
}

export async function mutateTask<T>(deps: Deps, ctx: Ctx, taskId: number, fn: (w: Work, t: TaskRow) => Promise<T>): Promise<T> {
  const pre = await repo.findTask(deps.db, taskId)
  if (!pre) throw JointErrors.NOT_FOUND('部门任务不存在')
  return mutateJoint(deps, ctx, pre.joint_case_id, async (w) => {
    const t = await repo.findTask(w.tx.db, taskId, true)
    if (!t) throw JointErrors.NOT_FOUND('部门任务不存在')
    must(w.roles.deptTasks.has(t.id), '您不是该事项的承办部门人员')
    return fn(w, t)
  })
}
