/**
 * The read side of a joint case: the full JointCaseDto, and what the current actor may do on it
 * (the same rules the service enforces, so the web shows only buttons that work).
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Calendar } from '../calendar/index.js'
import { getItemVersion } from '../catalog/index.js'
import { documentsOfJointCase } from '../documents/index.js'
import { subCasesOf, type SubCaseState } from '../cases/index.js'
import { taskLight, unionMaterials } from './joint.rules.js'
import * as repo from './joint.repository.js'
import type { ActorRoles } from './joint.policy.js'
import type { JointCaseRow, TaskRow } from './joint.repository.js'
import {
  JOINT_CASE_STATUSES,
  type JointAction,
  type JointCaseDto,
  type JointDocumentDto,
  type PredictionDto,
  type TaskDto,
  type UnionMaterialDto,
} from './joint.types.js'

type Db = Kysely<DB>

const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null)

/** Working days left until the end of `due` (negative when overdue); null outside the published calendar. */
export function safeDaysLeft(cal: Calendar, day: string, due: string): number | null {
  try {
    return cal.workdaysBetween(day, due)
  } catch {
    return null
  }
}

/** Materials arrived after the last notice: a further notice is allowed (else only once, R15 art 10). */
export function mayNotifyAgain(c: JointCaseRow): boolean {
  if (c.correction_count === 0) return true
  return !!c.last_material_at && !!c.last_correction_at && new Date(c.last_material_at) > new Date(c.last_correction_at)
}


/** What the actor may do on the case now, and on each task. */
export function actionsFor(c: JointCaseRow, tasks: TaskRow[], roles: ActorRoles, subStatus: Map<number, string>, hasOpenCorrections: boolean): { actions: JointAction[]; taskActions: Record<number, JointAction[]> } {
  const a = new Set<JointAction>()
  const s = c.status
  if (roles.filer) {
    if (s === 'draft' || s === 'correction_requested') a.add('edit')
    if (s === 'draft') a.add('submit')
    if (s === 'draft' || s === 'received' || s === 'correction_requested') a.add('withdraw')
    if (s === 'correction_requested') a.add('supply')
  }
  const organiser = roles.lead || roles.window
  if (organiser && s === 'received' && hasOpenCorrections && mayNotifyAgain(c)) a.add('send_correction')
  if (roles.window && s === 'received' && !hasOpenCorrections) a.add('accept')
  if (roles.window && (s === 'received' || s === 'correction_requested')) a.add('refuse')
  if (organiser && s === 'accepted') {
    if (tasks.some((t) => t.status === 'pending')) a.add('schedule_meeting')
    a.add('record_meeting')
    if (tasks.every((t) => t.status === 'replied' || t.status === 'deemed' || t.status === 'withdrawn')) a.add('central_reply')
  }
  if (s === 'completed' && (roles.window || roles.as === 'applicant' || roles.as === 'agent')) a.add('deliver')
  const taskActions: Record<number, JointAction[]> = {}
  for (const t of tasks) {
    if (!roles.deptTasks.has(t.id)) continue
    const ta: JointAction[] = []
    if (s === 'received' && t.status === 'prechecking' && !t.precheck_done_at) ta.push('precheck')
    if (s === 'accepted' && t.status === 'pending') ta.push('reply')
    if ((s === 'accepted' || s === 'replied') && (t.status === 'replied' || t.status === 'deemed') && t.case_id && subStatus.get(t.case_id) === 'decided') ta.push('issue')
    if (t.status === 'deemed' && (s === 'accepted' || s === 'replied')) ta.push('reply')
    taskActions[t.id] = ta
  }
  return { actions: [...a], taskActions }
}

export interface DtoInput {
  c: JointCaseRow
  tasks: TaskRow[]
  unitNames: Map<number, string>
  leadUnitName: string
  cal: Calendar
  today: string
  roles: ActorRoles
  prediction: PredictionDto | null
}

function taskDto(t: TaskRow, itemName: string, unitName: string, sub: SubCaseState | undefined, cal: Calendar, today: string, prediction: PredictionDto | null): TaskDto {
  // a pending task's deadline is its sub-case's promised due date, which moves with special procedures (R4)
  const due = t.status === 'pending' && sub?.promisedDue ? sub.promisedDue : t.due
  const daysLeft = t.status === 'pending' && due && sub?.status !== 'paused' ? safeDaysLeft(cal, today, due) : null
  const completedAt = sub?.completedAt ?? null
  const expected = prediction?.tasks.find((p) => p.taskId === t.id)
  return {
    id: t.id,
    jointCaseId: t.joint_case_id,
    itemId: t.item_id,
    itemName,
    unitId: t.unit_id,
    unitName,
    role: t.role,
    status: t.status,
    caseId: t.case_id,
    caseNumber: sub?.number ?? null,
    caseStatus: sub?.status ?? null,
    limitDays: t.limit_days,
    due,
    daysLeft,
    light: taskLight(daysLeft),
    precheckDoneAt: iso(t.precheck_done_at),
    reply: t.reply,
    replyRaw: t.reply_raw,
    reasons: t.reasons,
    forwardTo: t.forward_to,
    repliedAt: iso(t.replied_at),
    repliedByName: t.replied_by_name,
    deemedKind: t.deemed_kind,
    deemedAt: iso(t.deemed_at),
    followupDue: t.followup_due,
    documentIssuedAt: completedAt,
    // R16: after a deemed approval the document is due by the end of followup_due
    followupOverdue: t.status === 'deemed' && !!t.followup_due && !completedAt && today > t.followup_due,
    lateReply: t.late_reply ?? null,
    expectedDays: expected?.expectedDays ?? null,
    expectedBasis: expected && expected.basis !== 'actual' ? expected.basis : null,
  }
}

async function documentsOf(db: Db, c: JointCaseRow, subs: SubCaseState[]): Promise<JointDocumentDto[]> {
  const own = await documentsOfJointCase(db, c.id)
  const all = [...own, ...subs.flatMap((s) => s.documents)]
  return all.map((d) => ({ id: d.id, kind: d.kind, title: d.title, issuedAt: d.issuedAt, verificationCode: d.verificationCode, caseId: d.caseId }))
}

export async function buildCaseDto(db: Db, input: DtoInput): Promise<JointCaseDto> {
  const { c, tasks, cal, today, roles, prediction } = input
  const guides = new Map<number, { itemId: number; name: string; guide: NonNullable<Awaited<ReturnType<typeof getItemVersion>>>['guide'] }>()
  for (const t of tasks) {
    const v = await getItemVersion(db, t.item_version_id)
    if (v) guides.set(t.id, { itemId: t.item_id, name: v.guide.name, guide: v.guide })
  }
  const union: UnionMaterialDto[] = unionMaterials([...guides.values()])
  const mats = await repo.materialsOf(db, c.id)
  const files = await repo.fileInfos(db, mats.map((m) => m.file_id))
  const subs = await subCasesOf(db, c.id)
  const subByCase = new Map(subs.map((s) => [s.caseId, s]))
  const corrections = await repo.correctionsOf(db, c.id)
  const meetings = await repo.meetingsOf(db, c.id)
  const invites = await repo.invitesOf(db, meetings.map((m) => m.id))
  const project = await repo.projectRef(db, c.project_id)
  const stage = await repo.stageDefRef(db, c.stage_def_id)
  const names = await repo.displayNames(db, c.agent_user_id ? [c.agent_user_id] : [])
  const unitName = (taskId: number) => input.unitNames.get(taskId) ?? ''
  const present = new Set(mats.map((m) => m.material_key))
  const hasOpen = corrections.some((x) => !x.notified_at && !x.supplied_at)
  const { actions, taskActions } = actionsFor(c, tasks, roles, new Map(subs.map((s) => [s.caseId, s.status])), hasOpen)
  return {
    id: c.id,
    number: c.number,
    kind: c.kind,
    name: c.name,
    status: c.status,
    statusName: JOINT_CASE_STATUSES[c.status],
    channel: c.channel,
    project: project && stage ? { id: project.id, code: project.code, name: project.name, stageKey: stage.key, stageName: stage.name } : null,
    bundle: await repo.bundleRef(db, c.bundle_id),
    leadUnitId: c.lead_unit_id,
    leadUnitName: input.leadUnitName,
    applicant: { userId: c.applicant_user_id, kind: c.applicant_kind, name: c.applicant_name, idNumber: c.applicant_id_number, creditCode: c.applicant_credit_code, phone: c.applicant_phone },
    agent: c.agent_user_id && c.authorisation_id ? { userId: c.agent_user_id, name: names.get(c.agent_user_id) ?? '', authorisationId: c.authorisation_id } : null,
    greenChannel: c.green_channel,
    limitDays: c.limit_days,
    form: c.form ?? {},
    receivedAt: iso(c.received_at),
    precheckDue: c.precheck_due,
    acceptedAt: iso(c.accepted_at),
    due: c.due,
    predictedCompletion: prediction?.predictedCompletion ?? c.predicted_completion,
    repliedAt: iso(c.replied_at),
    completedAt: iso(c.completed_at),
    deliveredAt: iso(c.delivered_at),
    delivery: c.delivery_method ? { method: c.delivery_method, centreId: c.pickup_centre_id, address: c.delivery_address, trackingNumber: c.tracking_number } : null,
    refusalReasons: c.refusal_reasons,
    correctionCount: c.correction_count,
    materials: mats.map((m) => ({
      id: m.id,
      key: m.material_key,
      name: m.name,
      source: m.source,
      fileName: files.get(m.file_id)?.originalName ?? '',
      size: files.get(m.file_id)?.size ?? 0,
      uploadedAt: iso(m.uploaded_at)!,
      usedBy: union.find((u) => u.key === m.material_key)?.usedBy ?? [],
    })),
    requiredMaterials: union.map((u) => ({ ...u, supplied: present.has(u.key) })),
    tasks: tasks.map((t) => taskDto(t, guides.get(t.id)?.name ?? '', unitName(t.id), t.case_id ? subByCase.get(t.case_id) : undefined, cal, today, prediction)),
    corrections: corrections.map((x) => ({
      id: x.id,
      taskId: x.task_id,
      unitName: unitName(x.task_id),
      items: x.items.map((i) => ({ materialKey: i.materialKey, materialName: i.materialKey === null ? '其他' : (union.find((u) => u.key === i.materialKey)?.name ?? i.materialKey), problem: i.problem })),
      requestedAt: iso(x.requested_at)!,
      notifiedAt: iso(x.notified_at),
      noticeDocumentId: x.notice_document_id,
      suppliedAt: iso(x.supplied_at),
    })),
    meetings: meetings.map((m) => ({
      id: m.id,
      kind: m.kind,
      title: m.title,
      scheduledAt: iso(m.scheduled_at)!,
      location: m.location,
      status: m.status,
      heldAt: iso(m.held_at),
      minutes: m.minutes,
      invites: invites.filter((i) => i.meeting_id === m.id).map((i) => ({ taskId: i.task_id, unitId: i.unit_id, unitName: unitName(i.task_id), attendance: i.attendance, reason: i.reason, deemed: i.deemed })),
    })),
    documents: await documentsOf(db, c, subs),
    actions,
    taskActions,
  }
}
