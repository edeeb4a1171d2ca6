/**
 * 催办 / 督办 orders (R19, R20): a supervisor sends one to a unit about a case, an alert or a pattern,
 * with a reply date; the unit's staff reply; the supervisor accepts (closes) or returns the reply.
 * Unanswered past the reply date (sweep `supervision.orders.escalate`): a 催办 becomes a 督办 (a new
 * order with parent_id), a 督办 is escalated to the unit's leaders and raises `order_unanswered`.
 */
import { sql } from 'kysely'
import type { Actor, Ctx, Deps } from '../../server/context.js'
import { mutate, type Tx } from '../../server/mutate.js'
import { addOrPending, getCalendar, toShanghaiDate } from '../calendar/index.js'
import { notify, type NoticeEvent } from '../notify/index.js'
import { SupervisionErrors } from './supervision.errors.js'
import { supScope, unitInSupScope, unitVisible, SUPERVISOR_ROLES, type SupScope } from './supervision.scope.js'
import { getSupervisionSettings } from './supervision.settings.js'
import { ALERT_KINDS, ORDER_KIND_NAMES, ORDER_STATUS_NAMES, type OrderDto, type OrderKind } from './supervision.types.js'
import { announce, maybeMutate, type RaisedRow } from './supervision.scan.js'
import { dedupePeople, leadersOf, unitStaff, type Person } from './supervision.recipients.js'

export interface SendOrderInput {
  kind: OrderKind
  unitId: number
  content: string
  caseId?: number | null
  alertId?: number | null
  pattern?: string | null
  replyDays?: number | null
}

/** 督办〔2026〕12号: numbered per region, year and kind; the counter row makes it unique across instances. */
async function nextNumber(tx: Tx, region: string, kind: OrderKind): Promise<string> {
  const year = Number(toShanghaiDate(tx.now).slice(0, 4))
  const r = await sql<{ last: number }>`
    INSERT INTO supervision_order_counter (region_code, year, kind, last) VALUES (${region}, ${year}, ${kind}, 1)
    ON CONFLICT (region_code, year, kind) DO UPDATE SET last = supervision_order_counter.last + 1
    RETURNING last`.execute(tx.db)
  return `${ORDER_KIND_NAMES[kind]}〔${year}〕${r.rows[0]!.last}号`
}

async function replyDue(deps: Deps, region: string, from: Date, days: number): Promise<string> {
  const cal = await getCalendar(deps, region).catch(() => getCalendar(deps))
  const today = toShanghaiDate(from)
  return addOrPending(cal, today, days) ?? today
}

export async function sendOrder(deps: Deps, ctx: Ctx, input: SendOrderInput): Promise<number> {
  const s = await supScope(deps, ctx.actor)
  const content = (input.content ?? '').trim()
  if (!content || content.length > 2000) throw SupervisionErrors.VALIDATION_ERROR('请填写催办、督办内容（2000 字以内）')
  const pattern = input.pattern?.trim() || null
  if (!input.caseId && !input.alertId && !pattern) throw SupervisionErrors.ORDER_SUBJECT_REQUIRED('请指明所涉办件、预警或问题（共性问题描述）')
  if (!(await unitInSupScope(deps, s, input.unitId))) throw SupervisionErrors.UNIT_NOT_FOUND('单位不存在')
  let caseId = input.caseId ?? null
  if (input.alertId) {
    const a = await visibleAlert(deps, s, input.alertId)
    if (!a) throw SupervisionErrors.ALERT_NOT_FOUND('预警不存在')
    caseId = caseId ?? a.case_id
  }
  if (caseId) {
    const c = await sql<{ id: number }>`SELECT c.id FROM "case" c JOIN org_unit u ON u.id = c.unit_id WHERE c.id = ${caseId} AND ${unitVisible(s, 'u')}`.execute(deps.db)
    if (!c.rows.length) throw SupervisionErrors.CASE_NOT_FOUND('办件不存在')
  }
  const unit = await deps.db.selectFrom('org_unit').select(['region_code', 'name']).where('id', '=', input.unitId).executeTakeFirstOrThrow()
  const settings = await getSupervisionSettings(deps, unit.region_code)
  const days = input.replyDays ?? settings.orderReplyDays
  if (!Number.isInteger(days) || days < 1 || days > 60) throw SupervisionErrors.VALIDATION_ERROR('回复期限应为 1 至 60 个工作日')
  const due = await replyDue(deps, unit.region_code, deps.clock.now(), days)
  return mutate(deps, ctx, async (tx) => {
    const id = await insertOrder(tx, { kind: input.kind, unitId: input.unitId, region: unit.region_code, content, caseId, alertId: input.alertId ?? null, pattern, due, sentBy: ctx.actor!.userId, parentId: null })
    return id
  })
}

async function insertOrder(
  tx: Tx,
  o: { kind: OrderKind; unitId: number; region: string; content: string; caseId: number | null; alertId: number | null; pattern: string | null; due: string; sentBy: number; parentId: number | null },
): Promise<number> {
  const number = await nextNumber(tx, o.region, o.kind)
  const row = await tx.db
    .insertInto('supervision_order')
    .values({
      number,
      kind: o.kind,
      status: 'sent',
      case_id: o.caseId,
      alert_id: o.alertId,
      pattern: o.pattern,
      unit_id: o.unitId,
      content: o.content,
      reply_due: o.due,
      sent_by: o.sentBy,
      sent_at: tx.now,
      parent_id: o.parentId,
      region_code: o.region,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const id = Number(row.id)
  await tx.audit({
    action: o.parentId ? 'supervision.order.escalate_to_supervise' : 'supervision.order.send',
    targetType: 'supervision_order',
    targetId: id,
    unitId: o.unitId,
    summary: `${number}：${o.parentId ? '催办逾期未复，升级为督办' : `发出${ORDER_KIND_NAMES[o.kind]}`}，限 ${o.due} 前回复`,
    after: { kind: o.kind, unitId: o.unitId, caseId: o.caseId, alertId: o.alertId, pattern: o.pattern, replyDue: o.due, parentId: o.parentId },
  })
  await tellAll(tx, await unitStaff(tx.db, o.unitId), 'supervision.order_sent', { id, number, unitId: o.unitId, caseId: o.caseId, reason: o.content, due: o.due, kind: ORDER_KIND_NAMES[o.kind] })
  return id
}

async function tellAll(
  tx: Tx,
  people: Person[],
  event: NoticeEvent,
  d: { id: number; number: string; unitId: number; caseId: number | null; reason: string; due: string; kind: string },
): Promise<void> {
  const unit = await tx.db.selectFrom('org_unit').select('name').where('id', '=', d.unitId).executeTakeFirst()
  for (const p of people) {
    await notify(tx, {
      event,
      userId: p.id,
      phone: p.phone,
      name: p.name,
      caseId: d.caseId,
      data: { caseNumber: d.number, kind: d.kind, unitName: unit?.name ?? '', reason: d.reason.slice(0, 200), due: d.due, itemName: d.kind },
    })
  }
}

type OrderRow = {
  id: number
  number: string
  kind: OrderKind
  status: 'sent' | 'replied' | 'closed' | 'escalated'
  unit_id: number
  case_id: number | null
  alert_id: number | null
  content: string
  reply_due: string
  sent_by: number
  parent_id: number | null
  region_code: string
}

async function lockOrder(tx: Tx, id: number): Promise<OrderRow | undefined> {
  const r = await sql<OrderRow>`SELECT id, number, kind, status, unit_id, case_id, alert_id, content, reply_due, sent_by, parent_id, region_code FROM supervision_order WHERE id = ${id} FOR UPDATE`.execute(tx.db)
  return r.rows[0]
}

/** Whether the actor is staff of the order's unit (inbox): their home unit, or a grant on the unit or above it. */
export async function isUnitStaff(deps: Deps, actor: Actor | null, unitId: number): Promise<boolean> {
  if (!actor || actor.kind !== 'staff') return false
  if (actor.unitId === unitId) return true
  const u = await deps.db.selectFrom('org_unit').select('path').where('id', '=', unitId).executeTakeFirst()
  return !!u && actor.grants.some((g) => g.unitPath !== null && u.path.startsWith(g.unitPath))
}

async function canSupervise(deps: Deps, actor: Actor | null, unitId: number): Promise<boolean> {
  if (!actor || !actor.grants.some((g) => SUPERVISOR_ROLES.includes(g.role))) return false
  return unitInSupScope(deps, await supScope(deps, actor), unitId)
}

export async function replyOrder(deps: Deps, ctx: Ctx, id: number, input: { reply: string }): Promise<void> {
  const reply = (input.reply ?? '').trim()
  const pre = await deps.db.selectFrom('supervision_order').select(['unit_id']).where('id', '=', id).executeTakeFirst()
  if (!pre) throw SupervisionErrors.ORDER_NOT_FOUND('督办件不存在')
  const staff = await isUnitStaff(deps, ctx.actor, Number(pre.unit_id))
  if (!staff) {
    if (await canSupervise(deps, ctx.actor, Number(pre.unit_id))) throw SupervisionErrors.FORBIDDEN('只有责任单位的工作人员可以回复')
    throw SupervisionErrors.ORDER_NOT_FOUND('督办件不存在')
  }
  if (!reply || reply.length > 4000) throw SupervisionErrors.VALIDATION_ERROR('请填写回复内容（4000 字以内）')
  await mutate(deps, ctx, async (tx) => {
    const o = (await lockOrder(tx, id))!
    const open = o.status === 'sent' || (o.status === 'escalated' && o.kind === 'supervise')
    if (!open) throw SupervisionErrors.ORDER_NOT_OPEN(o.status === 'escalated' ? '该催办已升级为督办，请回复督办件' : '该督办件不在待回复状态')
    await tx.db.updateTable('supervision_order').set({ status: 'replied', reply, replied_by: ctx.actor!.userId, replied_at: tx.now }).where('id', '=', id).execute()
    await tx.audit({ action: 'supervision.order.reply', targetType: 'supervision_order', targetId: id, unitId: o.unit_id, summary: `${o.number}：责任单位回复`, after: { reply } })
    // the 督办逾期未复 alert about it closes now that it is answered
    const closed = await tx.db
      .updateTable('supervision_alert')
      .set({ status: 'closed', closed_at: tx.now, close_reason: '督办已回复', closed_by: ctx.actor!.userId })
      .where('kind', '=', 'order_unanswered')
      .where('status', '=', 'open')
      .where(sql<boolean>`(evidence->>'orderId')::bigint = ${id}`)
      .returning('id')
      .execute()
    for (const a of closed) await tx.audit({ action: 'supervision.alert.close', targetType: 'supervision_alert', targetId: a.id, unitId: o.unit_id, summary: '督办逾期未复解除：督办已回复' })
    const sender = await tx.db.selectFrom('user_account').select(['id', 'display_name', 'phone']).where('id', '=', o.sent_by).executeTakeFirst()
    if (sender) await tellAll(tx, [{ id: Number(sender.id), name: sender.display_name, phone: sender.phone }], 'supervision.order_replied', { id, number: o.number, unitId: o.unit_id, caseId: o.case_id, reason: reply, due: o.reply_due, kind: ORDER_KIND_NAMES[o.kind] })
  })
}

/** Inside the transaction (the caller checked the actor's scope before it: no reads through deps.db here). */
async function supervisorLock(tx: Tx, id: number): Promise<OrderRow> {
  const o = await lockOrder(tx, id)
  if (!o) throw SupervisionErrors.ORDER_NOT_FOUND('督办件不存在')
  return o
}

/** The supervisor accepts the reply: the order (and the 催办 it came from) is closed, and so are the event alerts it was about. */
export async function closeOrder(deps: Deps, ctx: Ctx, id: number, input: { note?: string | null } = {}): Promise<void> {
  const pre = await deps.db.selectFrom('supervision_order').select(['unit_id']).where('id', '=', id).executeTakeFirst()
  if (!pre) throw SupervisionErrors.ORDER_NOT_FOUND('督办件不存在')
  const visible = await canSupervise(deps, ctx.actor, Number(pre.unit_id)).catch(() => false)
  if (!visible) {
    if (await isUnitStaff(deps, ctx.actor, Number(pre.unit_id))) throw SupervisionErrors.FORBIDDEN('只有电子监察人员可以办结或退回')
    throw SupervisionErrors.ORDER_NOT_FOUND('督办件不存在')
  }
  const note = input.note?.trim() || null
  await mutate(deps, ctx, async (tx) => {
    const o = await supervisorLock(tx, id)
    if (o.status !== 'replied') throw SupervisionErrors.ORDER_NOT_OPEN('只有已回复的督办件可以办结')
    await tx.db.updateTable('supervision_order').set({ status: 'closed', closed_at: tx.now, close_note: note }).where('id', '=', id).execute()
    if (o.parent_id) await tx.db.updateTable('supervision_order').set({ status: 'closed', closed_at: tx.now, close_note: `经${o.number}办结` }).where('id', '=', o.parent_id).execute()
    await tx.audit({ action: 'supervision.order.close', targetType: 'supervision_order', targetId: id, unitId: o.unit_id, summary: `${o.number}：回复已审核，办结${note ? '：' + note : ''}`, after: { note } })
    const eventKinds = Object.entries(ALERT_KINDS).filter(([, k]) => k.nature === 'event').map(([kind]) => kind)
    let q = tx.db
      .updateTable('supervision_alert')
      .set({ status: 'closed', closed_at: tx.now, close_reason: `${o.number}已办结`, closed_by: ctx.actor!.userId })
      .where('status', '=', 'open')
      .where('kind', 'in', eventKinds)
    const ors: ReturnType<typeof sql<boolean>>[] = []
    if (o.alert_id) ors.push(sql<boolean>`id = ${o.alert_id}`)
    if (o.case_id) ors.push(sql<boolean>`case_id = ${o.case_id}`)
    if (ors.length === 0) return
    q = q.where(sql<boolean>`(${sql.join(ors, sql` OR `)})`)
    const closed = await q.returning(['id', 'kind']).execute()
    for (const a of closed) await tx.audit({ action: 'supervision.alert.close', targetType: 'supervision_alert', targetId: a.id, unitId: o.unit_id, summary: `${ALERT_KINDS[a.kind as keyof typeof ALERT_KINDS]?.name ?? a.kind}解除：${o.number}已办结` })
  })
}

/** The supervisor does not accept the reply: the order is sent again with a new reply date. */
export async function returnOrder(deps: Deps, ctx: Ctx, id: number, input: { note: string }): Promise<void> {
  const pre = await deps.db.selectFrom('supervision_order').select(['unit_id', 'region_code']).where('id', '=', id).executeTakeFirst()
  if (!pre) throw SupervisionErrors.ORDER_NOT_FOUND('督办件不存在')
  const visible = await canSupervise(deps, ctx.actor, Number(pre.unit_id)).catch(() => false)
  if (!visible) {
    if (await isUnitStaff(deps, ctx.actor, Number(pre.unit_id))) throw SupervisionErrors.FORBIDDEN('只有电子监察人员可以办结或退回')
    throw SupervisionErrors.ORDER_NOT_FOUND('督办件不存在')
  }
  const note = (input.note ?? '').trim()
  if (!note) throw SupervisionErrors.VALIDATION_ERROR('请说明退回理由')
  const settings = await getSupervisionSettings(deps, pre.region_code)
  const due = await replyDue(deps, pre.region_code, deps.clock.now(), settings.orderReplyDays)
  await mutate(deps, ctx, async (tx) => {
    const o = await supervisorLock(tx, id)
    if (o.status !== 'replied') throw SupervisionErrors.ORDER_NOT_OPEN('只有已回复的督办件可以退回')
    await tx.db.updateTable('supervision_order').set({ status: 'sent', reply: null, replied_by: null, replied_at: null, reply_due: due, close_note: note }).where('id', '=', id).execute()
    await tx.audit({ action: 'supervision.order.return', targetType: 'supervision_order', targetId: id, unitId: o.unit_id, summary: `${o.number}：回复未通过审核，退回重办：${note}；限 ${due} 前回复`, after: { note, replyDue: due } })
    await tellAll(tx, await unitStaff(tx.db, o.unit_id), 'supervision.order_sent', { id, number: o.number, unitId: o.unit_id, caseId: o.case_id, reason: `回复被退回：${note}`, due, kind: ORDER_KIND_NAMES[o.kind] })
  })
}

/**
 * The escalation sweep: each order past its reply date without a reply is claimed by a conditional
 * UPDATE inside its own transaction, so with several instances each is escalated once.
 */
export async function escalateOrders(deps: Deps, now: Date): Promise<number> {
  const today = toShanghaiDate(now)
  const due = await deps.db.selectFrom('supervision_order').select(['id', 'region_code']).where('status', '=', 'sent').where('reply_due', '<', today).orderBy('id').limit(500).execute()
  let n = 0
  for (const d of due) {
    const settings = await getSupervisionSettings(deps, d.region_code)
    const newDue = await replyDue(deps, d.region_code, now, settings.orderReplyDays)
    const done = await maybeMutate(deps, 'sweep:supervision.orders.escalate', async (tx) => {
      const claimed = await sql<OrderRow>`
        UPDATE supervision_order SET status = 'escalated', escalated_at = ${tx.now}
         WHERE id = ${d.id} AND status = 'sent' AND reply_due < ${today}::date
        RETURNING id, number, kind, status, unit_id, case_id, alert_id, content, reply_due, sent_by, parent_id, region_code`.execute(tx.db)
      const o = claimed.rows[0]
      if (!o) return null // escalated (or answered) meanwhile, by another instance or the unit
      await tx.audit({ action: 'supervision.order.escalate', targetType: 'supervision_order', targetId: o.id, unitId: o.unit_id, summary: `${o.number}：逾期（${o.reply_due}）未回复，已升级` })
      const leaders = await leadersOf(tx.db, o.unit_id)
      if (o.kind === 'urge') {
        const childId = await insertOrder(tx, { kind: 'supervise', unitId: o.unit_id, region: o.region_code, content: `${o.number}逾期未回复，转为督办：${o.content}`, caseId: o.case_id, alertId: o.alert_id, pattern: null, due: newDue, sentBy: o.sent_by, parentId: o.id })
        await tellAll(tx, leaders, 'supervision.order_escalated', { id: childId, number: o.number, unitId: o.unit_id, caseId: o.case_id, reason: o.content, due: newDue, kind: ORDER_KIND_NAMES[o.kind] })
      } else {
        const raised = await sql<RaisedRow>`
          INSERT INTO supervision_alert (kind, level, rule, dedupe_key, case_id, unit_id, evidence, evidence_text, raised_at, due, region_code)
          VALUES ('order_unanswered', ${ALERT_KINDS.order_unanswered.level}, ${ALERT_KINDS.order_unanswered.rule}, ${'order_unanswered:order:' + o.id}, ${o.case_id}, ${o.unit_id},
                  ${JSON.stringify({ orderId: o.id, number: o.number, replyDue: o.reply_due })}::jsonb, ${`${o.number}应于 ${o.reply_due} 前回复，逾期未回复`}, ${tx.now}, ${o.reply_due}::date, ${o.region_code})
          ON CONFLICT (dedupe_key) DO NOTHING
          RETURNING id, kind, level, case_id, joint_case_id, step_id, unit_id, user_id, evidence_text, due, region_code`.execute(tx.db)
        for (const r of raised.rows) await announce(tx, r)
        const sender = await tx.db.selectFrom('user_account').select(['id', 'display_name', 'phone']).where('id', '=', o.sent_by).execute()
        await tellAll(tx, dedupePeople(leaders, sender.map((s) => ({ id: Number(s.id), name: s.display_name, phone: s.phone }))), 'supervision.order_escalated', { id: o.id, number: o.number, unitId: o.unit_id, caseId: o.case_id, reason: o.content, due: o.reply_due, kind: ORDER_KIND_NAMES[o.kind] })
      }
      return true
    })
    if (done) n++
  }
  return n
}

export async function visibleAlert(deps: Deps, s: SupScope, id: number) {
  const r = await sql<{ id: number; case_id: number | null; unit_id: number; kind: string; status: string }>`
    SELECT a.id, a.case_id, a.unit_id, a.kind, a.status FROM supervision_alert a JOIN org_unit u ON u.id = a.unit_id WHERE a.id = ${id} AND ${unitVisible(s, 'u')}`.execute(deps.db)
  return r.rows[0]
}

// ------------------------------------------------------------------ reading

export async function orderDtos(deps: Deps, where: ReturnType<typeof sql<boolean>>, page = 1, pageSize = 20): Promise<{ items: OrderDto[]; total: number }> {
  const today = toShanghaiDate(deps.clock.now())
  const total = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM supervision_order o JOIN org_unit u ON u.id = o.unit_id WHERE ${where}`.execute(deps.db)).rows[0]?.n ?? 0)
  const rows = await sql<Record<string, any>>`
    SELECT o.*, u.name AS unit_name, c.number AS case_number, s.display_name AS sent_by_name, r.display_name AS replied_by_name
      FROM supervision_order o JOIN org_unit u ON u.id = o.unit_id
      LEFT JOIN "case" c ON c.id = o.case_id
      LEFT JOIN user_account s ON s.id = o.sent_by
      LEFT JOIN user_account r ON r.id = o.replied_by
     WHERE ${where}
     ORDER BY o.sent_at DESC, o.id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(deps.db)
  const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : null)
  return {
    total,
    items: rows.rows.map((o) => ({
      id: Number(o.id),
      number: o.number,
      kind: o.kind,
      kindName: ORDER_KIND_NAMES[o.kind as OrderKind],
      status: o.status,
      statusName: ORDER_STATUS_NAMES[o.status as keyof typeof ORDER_STATUS_NAMES],
      caseId: o.case_id === null ? null : Number(o.case_id),
      caseNumber: o.case_number ?? null,
      alertId: o.alert_id === null ? null : Number(o.alert_id),
      pattern: o.pattern,
      unitId: Number(o.unit_id),
      unitName: o.unit_name,
      content: o.content,
      replyDue: o.reply_due,
      overdue: (o.status === 'sent' || o.status === 'escalated') && o.reply_due < today,
      sentById: Number(o.sent_by),
      sentByName: o.sent_by_name ?? '',
      sentAt: iso(o.sent_at)!,
      reply: o.reply,
      repliedByName: o.replied_by_name ?? null,
      repliedAt: iso(o.replied_at),
      closedAt: iso(o.closed_at),
      closeNote: o.close_note,
      parentId: o.parent_id === null ? null : Number(o.parent_id),
      escalatedAt: iso(o.escalated_at),
    })),
  }
}

/** Outbox: orders to units in the supervisor's scope. Inbox: orders to the caller's own units. */
export async function listOrders(deps: Deps, actor: Actor | null, q: { box: 'inbox' | 'outbox'; status?: string; page?: number; pageSize?: number }) {
  const conds: ReturnType<typeof sql<boolean>>[] = []
  if (q.box === 'outbox') {
    conds.push(unitVisible(await supScope(deps, actor), 'u'))
  } else {
    if (!actor || actor.kind !== 'staff') throw SupervisionErrors.FORBIDDEN('仅限工作人员使用')
    const paths = actor.grants.filter((g) => g.unitPath !== null).map((g) => sql<boolean>`u.path LIKE ${g.unitPath + '%'}`)
    if (actor.unitId) paths.push(sql<boolean>`u.id = ${actor.unitId}`)
    conds.push(paths.length ? sql<boolean>`(${sql.join(paths, sql` OR `)})` : sql<boolean>`false`)
  }
  if (q.status) conds.push(sql<boolean>`o.status = ${q.status}`)
  return orderDtos(deps, sql<boolean>`${sql.join(conds, sql` AND `)}`, q.page ?? 1, q.pageSize ?? 20)
}

export async function getOrder(deps: Deps, actor: Actor | null, id: number): Promise<OrderDto> {
  const pre = await deps.db.selectFrom('supervision_order').select(['unit_id']).where('id', '=', id).executeTakeFirst()
  if (!pre || !((await isUnitStaff(deps, actor, Number(pre.unit_id))) || (await canSupervise(deps, actor, Number(pre.unit_id)).catch(() => false)))) {
    throw SupervisionErrors.ORDER_NOT_FOUND('督办件不存在')
  }
  const r = await orderDtos(deps, sql<boolean>`o.id = ${id}`)
  return r.items[0]!
}
