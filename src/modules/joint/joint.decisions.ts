/**
 * The departments' answers and what follows: replies (R17), deemed approvals (R16: 超时默许 is swept
 * in joint.service.ts, 缺席默认 at meetings here), joint meetings, the central reply (集中回复),
 * issuing the departments' documents, completion and the one delivery of all results.
 */
import type { Ctx, Deps } from '../../server/context.js'
import { addOrPending } from '../calendar/index.js'
import type { IssuedDocument } from '../documents/index.js'
import { decideSubCase, completeSubCase, deliverSubCase, subCasesOf } from '../cases/index.js'
import { JointErrors } from './joint.errors.js'
import { normaliseReply, type NormalisedReply } from './joint.rules.js'
import { predictCompletion } from './joint.predict.js'
import * as repo from './joint.repository.js'
import type { TaskRow } from './joint.repository.js'
import { DEEMED_KINDS, FOLLOWUP_DAYS, MEETING_KINDS, REPLY_KINDS, type Attendance, type DeemedKind, type MeetingKind } from './joint.types.js'
import { audit, baseFields, guideOf, inStatus, issueJoint, must, mutateJoint, mutateTask, setCase, tellApplicant, tellDepartment, type Work } from './joint.work.js'

// ---------------------------------------------------------------------------------------------
// Replies (R17) and deemed approvals (R16)

const DEEMED_OPINIONS: Record<DeemedKind, string> = {
  timeout: '超时默许，视为同意',
  absence: '缺席默认，视为同意',
  irregular_reply: '答复不规范，视为同意',
}

function opinionOf(a: NormalisedReply): string {
  if (a.deemedKind) return DEEMED_OPINIONS[a.deemedKind]
  if (a.reply === 'agree_forward') return `同意，但需转报${a.forwardTo}`
  if (a.reply === 'disagree') return `不同意：${a.reasons}`
  return '同意'
}

/** Records an answer (a reply or a deemed approval) on a pending task and decides its sub-case. false when no longer pending. */
async function answerTask(w: Work, t: TaskRow, a: NormalisedReply, by: { raw: string | null; userId: number | null; name: string | null }): Promise<boolean> {
  const deemed = a.deemedKind !== null
  const claimed = await repo.claimPending(w.tx.db, t.id, {
    status: deemed ? 'deemed' : 'replied',
    reply: a.reply,
    reply_raw: by.raw,
    reasons: a.reasons,
    forward_to: a.forwardTo,
    replied_at: by.raw === null ? null : w.tx.now,
    replied_by: by.userId,
    replied_by_name: by.name,
    deemed_kind: a.deemedKind,
    deemed_at: deemed ? w.tx.now : null,
    followup_due: deemed ? addOrPending(w.cal, w.today, FOLLOWUP_DAYS) : null,
  })
  if (!claimed) return false
  await decideSubCase(w.tx, t.case_id!, { outcome: a.reply === 'disagree' ? 'deny' : 'grant', reasons: a.reply === 'disagree' ? a.reasons : null, opinion: opinionOf(a) })
  // the prediction follows the replies (a replied or deemed department counts with its actual date)
  await setCase(w, { predicted_completion: (await predictCompletion(w.tx.db, w.cal, w.c.id, w.today)).predictedCompletion })
  const unit = w.units.tasks.get(t.id)?.name ?? ''
  if (deemed) {
    await audit(w, 'task', 'deem', `${unit}${DEEMED_KINDS[a.deemedKind!]}（视为同意），须于 ${claimed.followup_due ?? '1 个工作日内'} 前出具审批文件`, { targetId: t.id, after: { status: 'deemed', deemedKind: a.deemedKind, raw: by.raw, followupDue: claimed.followup_due } })
    await tellDepartment(w, t.unit_id, 'joint.task_deemed', { reason: DEEMED_KINDS[a.deemedKind!], due: claimed.followup_due ?? '1 个工作日内' })
  } else {
    await audit(w, 'task', 'reply', `${unit}答复：${REPLY_KINDS[a.reply]}${a.forwardTo ? `（转报${a.forwardTo}）` : ''}${a.reasons ? `，理由：${a.reasons}` : ''}`, { targetId: t.id, after: { status: 'replied', reply: a.reply } })
  }
  return true
}

export async function replyTask(deps: Deps, ctx: Ctx, taskId: number, input: { reply: string; reasons?: string | null; forwardTo?: string | null; issueNow?: boolean }): Promise<number> {
  return mutateTask(deps, ctx, taskId, async (w, t) => {
    const actor = w.tx.ctx.actor!
    if (t.status === 'deemed') {
      // R16: a deemed approval is final; the late reply is kept as a record only
      const late = { reply: input.reply.slice(0, 500), reasons: input.reasons?.trim() || null, at: w.tx.now.toISOString(), by: actor.displayName }
      await repo.updateTask(w.tx.db, t.id, { late_reply: JSON.stringify(late) })
      await audit(w, 'task', 'late_reply', `${w.units.tasks.get(t.id)?.name ?? ''}在视为同意后答复「${late.reply}」，仅作记录，不改变结果`, { targetId: t.id, after: late })
      return w.c.id
    }
    inStatus(w.c, ['accepted'], '答复')
    if (t.status !== 'pending') throw JointErrors.ALREADY_REPLIED('该部门已答复')
    const a = normaliseReply(input.reply, input.reasons, input.forwardTo)
    if (a.reply === 'agree_forward' && !a.forwardTo) throw JointErrors.FORWARD_TO_REQUIRED('“同意但需转报”须写明转报的上级机关')
    await answerTask(w, t, a, { raw: input.reply, userId: actor.userId, name: actor.displayName })
    if (input.issueNow) await issueTaskDocument(w, t)
    return w.c.id
  })
}

export async function deemTask(w: Work, t: TaskRow, kind: DeemedKind): Promise<boolean> {
  return answerTask(w, t, { reply: 'agree', deemedKind: kind, reasons: null, forwardTo: null }, { raw: null, userId: null, name: null })
}

// ---------------------------------------------------------------------------------------------
// Joint meetings (联席会议 / 联合踏勘 / 联合审图 / 联合验收) and 缺席默认

export interface MeetingInput {
  kind: MeetingKind
  title: string
  scheduledAt: string
  location: string
  taskIds?: number[]
}

export async function scheduleMeeting(deps: Deps, ctx: Ctx, id: number, input: MeetingInput): Promise<number> {
  return mutateJoint(deps, ctx, id, async (w) => {
    must(w.roles.lead || w.roles.window, '仅牵头部门或综合窗口可以组织联合会议')
    inStatus(w.c, ['accepted'], '组织联合会议')
    const at = new Date(input.scheduledAt)
    if (Number.isNaN(at.getTime())) throw JointErrors.MEETING_INVALID('会议时间格式不正确')
    if (!input.title.trim() || !input.location.trim()) throw JointErrors.MEETING_INVALID('请填写会议名称和地点')
    const invited = input.taskIds?.length ? [...new Set(input.taskIds)].map((tid) => w.tasks.find((t) => t.id === tid)) : w.tasks.filter((t) => t.status === 'pending')
    if (invited.some((t) => !t)) throw JointErrors.MEETING_INVALID('受邀部门不属于本联办件')
    if (invited.length === 0) throw JointErrors.MEETING_INVALID('没有可邀请的部门')
    const tasks = invited as TaskRow[]
    const meetingId = await repo.insertMeeting(
      w.tx.db,
      { joint_case_id: w.c.id, kind: input.kind, title: input.title.trim(), scheduled_at: at, location: input.location.trim(), created_by: w.tx.ctx.actor?.userId || null, created_at: w.tx.now },
      tasks.map((t) => ({ task_id: t.id, unit_id: t.unit_id })),
    )
    await issueJoint(w, 'meeting_notice', `${MEETING_KINDS[input.kind]}通知`, {
      paragraphs: [`定于 ${at.toISOString()} 在${input.location.trim()}召开「${w.c.name}」${MEETING_KINDS[input.kind]}（${input.title.trim()}），请下列部门准时参加。`, '无正当理由缺席的，视为同意（缺席默认）。'],
      fields: baseFields(w),
      list: { title: '参加部门', items: tasks.map((t) => w.units.tasks.get(t.id)?.name ?? '') },
    })
    await audit(w, 'meeting', 'schedule', `组织${MEETING_KINDS[input.kind]}「${input.title.trim()}」，邀请 ${tasks.length} 个部门`, { targetId: meetingId, after: { taskIds: tasks.map((t) => t.id) } })
    for (const t of tasks) {
      await tellDepartment(w, t.unit_id, 'joint.meeting_invited', { kind: MEETING_KINDS[input.kind], due: at.toISOString().slice(0, 16).replace('T', ' '), reason: input.location.trim(), nextStep: '请准时参加；不能参加的，请向牵头部门说明正当理由' })
    }
    return meetingId
  })
}

export async function recordAttendance(
  deps: Deps,
  ctx: Ctx,
  meetingId: number,
  input: { entries: { taskId: number; attendance: Exclude<Attendance, 'invited'>; reason?: string | null }[]; minutes: string },
): Promise<number> {
  const pre = await repo.findMeeting(deps.db, meetingId)
  if (!pre) throw JointErrors.NOT_FOUND('会议不存在')
  return mutateJoint(deps, ctx, pre.joint_case_id, async (w) => {
    must(w.roles.lead || w.roles.window, '仅牵头部门或综合窗口可以记录会议')
    const m = await repo.findMeeting(w.tx.db, meetingId, true)
    if (!m || m.status !== 'scheduled') throw JointErrors.INVALID_TRANSITION('会议已召开或已取消')
    inStatus(w.c, ['accepted'], '记录联合会议')
    const invites = await repo.invitesOf(w.tx.db, [m.id])
    const given = new Map(input.entries.map((e) => [e.taskId, e]))
    for (const e of input.entries) {
      if (!invites.some((i) => i.task_id === e.taskId)) throw JointErrors.MEETING_INVALID('该部门未受邀参加本次会议')
      if (e.attendance === 'excused' && !e.reason?.trim()) throw JointErrors.MEETING_INVALID('请假须说明正当理由')
    }
    let deemed = 0
    for (const inv of invites) {
      const e = given.get(inv.task_id)
      const attendance = e?.attendance ?? 'absent'
      const t = w.tasks.find((x) => x.id === inv.task_id)!
      // R16 缺席默认: absent without a valid reason → deemed to agree, if still undecided
      const isDeemed = attendance === 'absent' && t.status === 'pending' && (await deemTask(w, t, 'absence'))
      if (isDeemed) deemed++
      await repo.updateInvite(w.tx.db, m.id, inv.task_id, { attendance, reason: e?.reason?.trim() || null, deemed: isDeemed })
    }
    await repo.updateMeeting(w.tx.db, m.id, { status: 'held', held_at: w.tx.now, minutes: input.minutes })
    await audit(w, 'meeting', 'record', `${MEETING_KINDS[m.kind]}「${m.title}」已召开${deemed ? `，${deemed} 个部门缺席视为同意` : ''}`, { targetId: m.id, after: { entries: input.entries, deemed } })
    return w.c.id
  })
}

// ---------------------------------------------------------------------------------------------
// 集中回复, issuing documents, completion, delivery

function answerLine(t: TaskRow, unit: string, itemName: string): string {
  const what = REPLY_KINDS[t.reply ?? 'agree']
  const fwd = t.forward_to ? `，转报${t.forward_to}` : ''
  const why = t.reasons && t.reply === 'disagree' ? `，理由：${t.reasons}` : ''
  const deemed = t.deemed_kind ? `【${DEEMED_KINDS[t.deemed_kind]}】` : ''
  return `${unit}（${itemName}）：${what}${fwd}${why}${deemed}`
}

async function completeIfDone(w: Work): Promise<void> {
  const c = (await repo.findCase(w.tx.db, w.c.id))!
  if (c.status !== 'replied') return
  const subs = await subCasesOf(w.tx.db, c.id)
  if (subs.length === 0 || subs.some((s) => s.status !== 'completed' && s.status !== 'delivered')) return
  await setCase(w, { status: 'completed', completed_at: w.tx.now })
  await audit(w, 'case', 'complete', '各部门审批文件均已出具，联办件办结', { after: { status: 'completed' } })
  await tellApplicant(w, 'joint.completed', { count: w.tasks.filter((x) => x.status !== 'withdrawn').length, nextStep: '结果将统一送达' })
}

export async function centralReply(deps: Deps, ctx: Ctx, id: number): Promise<IssuedDocument> {
  return mutateJoint(deps, ctx, id, async (w) => {
    must(w.roles.lead || w.roles.window, '仅牵头部门或综合窗口可以集中回复')
    inStatus(w.c, ['accepted'], '集中回复')
    const live = w.tasks.filter((t) => t.status !== 'withdrawn')
    const open = live.filter((t) => t.status !== 'replied' && t.status !== 'deemed')
    if (open.length > 0) throw JointErrors.REPLIES_OUTSTANDING(`尚有 ${open.length} 个部门未答复：${open.map((t) => w.units.tasks.get(t.id)?.name ?? '').join('、')}`)
    const lines = await Promise.all(live.map(async (t) => answerLine(t, w.units.tasks.get(t.id)?.name ?? '', (await guideOf(w.tx.db, t)).name)))
    const deemed = live.filter((t) => t.deemed_kind).length
    const doc = await issueJoint(w, 'joint_reply', '并联审批集中回复意见书', {
      paragraphs: [`您申请的「${w.c.name}」经各相关部门并行审批，现将各部门意见集中回复如下${deemed ? `（其中 ${deemed} 个部门依规视为同意）` : ''}：`],
      fields: baseFields(w),
      list: { title: '各部门审批意见', items: lines },
      footer: ['同意的事项由各部门出具审批文件，办结后统一送达。'],
    })
    await setCase(w, { status: 'replied', replied_at: w.tx.now, reply_document_id: doc.id })
    await audit(w, 'case', 'central_reply', `集中回复 ${lines.length} 个部门的意见${deemed ? `（${deemed} 个视为同意）` : ''}`, { after: { status: 'replied', documentId: doc.id } })
    await tellApplicant(w, 'joint.replied', { outcome: deemed ? `${lines.length} 个部门已答复（其中 ${deemed} 个视为同意）` : `${lines.length} 个部门已答复`, nextStep: '各部门出具审批文件后统一送达' })
    await completeIfDone(w)
    return doc
  })
}

async function issueTaskDocument(w: Work, t: TaskRow): Promise<void> {
  await completeSubCase(w.tx, t.case_id!)
  const late = t.followup_due && w.today > t.followup_due ? `（已超过 ${t.followup_due} 的出件期限）` : ''
  await audit(w, 'task', 'issue', `${w.units.tasks.get(t.id)?.name ?? ''}出具审批文件${late}`, { targetId: t.id })
}

export async function issueTask(deps: Deps, ctx: Ctx, taskId: number): Promise<number> {
  return mutateTask(deps, ctx, taskId, async (w, t) => {
    inStatus(w.c, ['accepted', 'replied'], '出具审批文件')
    if (t.status !== 'replied' && t.status !== 'deemed') throw JointErrors.INVALID_TRANSITION('该部门尚未答复，不能出具审批文件')
    const sub = (await subCasesOf(w.tx.db, w.c.id)).find((s) => s.caseId === t.case_id)
    if (!sub || sub.status !== 'decided') throw JointErrors.INVALID_TRANSITION('该部门的审批文件已出具')
    await issueTaskDocument(w, t)
    await completeIfDone(w)
    return w.c.id
  })
}

export async function deliver(deps: Deps, ctx: Ctx, id: number, input: { method: 'pickup' | 'post' | 'download'; centreId?: number | null; address?: string | null; trackingNumber?: string | null }): Promise<void> {
  await mutateJoint(deps, ctx, id, async (w) => {
    const applicantSide = w.roles.as === 'applicant' || w.roles.as === 'agent'
    must(w.roles.window || applicantSide)
    if (!w.roles.window && input.method !== 'download') throw JointErrors.DELIVERY_INVALID('申请人只能选择网上下载')
    if (['accepted', 'replied'].includes(w.c.status)) throw JointErrors.RESULTS_OUTSTANDING('尚有部门未出具审批文件，不能统一送达')
    inStatus(w.c, ['completed'], '送达')
    let centreId: number | null = null
    if (input.method === 'pickup') {
      const centre = await repo.unitRow(w.tx.db, input.centreId ?? w.c.centre_id)
      if (!centre || centre.kind !== 'centre') throw JointErrors.DELIVERY_INVALID('请选择领取结果的政务服务中心')
      centreId = centre.id
    }
    const address = input.address?.trim() || null
    if (input.method === 'post' && !address) throw JointErrors.DELIVERY_INVALID('邮寄送达须填写地址')
    const tracking = input.trackingNumber?.trim() || null
    for (const s of await subCasesOf(w.tx.db, w.c.id)) {
      if (s.status === 'completed') await deliverSubCase(w.tx, s.caseId, { method: input.method, pickupCentreId: centreId, address, trackingNumber: tracking })
    }
    await setCase(w, { status: 'delivered', delivered_at: w.tx.now, delivery_method: input.method, pickup_centre_id: centreId, delivery_address: address, tracking_number: tracking })
    await audit(w, 'case', 'deliver', `全部结果统一送达（${{ pickup: '窗口领取', post: '邮寄', download: '网上下载' }[input.method]}）`, { after: { status: 'delivered', method: input.method } })
  })
}
