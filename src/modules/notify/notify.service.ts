import type { FastifyBaseLogger } from 'fastify'
import type { Actor, Deps } from '../../server/context.js'
import type { Ctx } from '../../server/context.js'
import { mutate, type Tx } from '../../server/mutate.js'
import { notFound } from '../../server/errors.js'
import { toShanghaiDate } from '../calendar/index.js'
import type { NoticeEvent, NoticeInput } from './index.js'
import type { NoticeChannel, OutboxStatus } from './notify.tables.js'
import { NotifyErrors } from './notify.errors.js'
import { EVENT_NAMES, NOTICE_EVENTS, PLACEHOLDERS, renderTemplate, templateProblems, type TemplateText, DEFAULT_TEMPLATES } from './notify.templates.js'

/** Where notify() reports placeholders it had no value for (set when the app registers the module). */
let warnLog: Pick<FastifyBaseLogger, 'warn'> | null = null
export function setNotifyLogger(log: Pick<FastifyBaseLogger, 'warn'>): void {
  warnLog = log
}

/** '2026-11-21' → '2026年11月21日' */
function chineseDate(d: string): string {
  const [y, m, day] = d.split('-').map(Number)
  return `${y}年${m}月${day}日`
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/**
 * The values for the template: name and today's date by default, dates written the Chinese way
 * (2026-03-16 → 2026年3月16日), promisedDue and dueDate taken from due when not given.
 */
export function templateData(input: Pick<NoticeInput, 'name' | 'data'>, now: Date): Record<string, string | number> {
  const data: Record<string, string | number> = { name: input.name, date: toShanghaiDate(now), ...input.data }
  if ((data.promisedDue === undefined || data.promisedDue === '') && data.due !== undefined) data.promisedDue = data.due
  if ((data.dueDate === undefined || data.dueDate === '') && data.due !== undefined) data.dueDate = data.due
  for (const [k, v] of Object.entries(data)) if (typeof v === 'string' && ISO_DATE.test(v)) data[k] = chineseDate(v)
  return data
}

const PHONE_RE = /^1[3-9]\d{9}$/
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** Masks a recipient for lists and logs: 139****5678, l***@example.com. */
export function maskRecipient(channel: NoticeChannel, recipient: string | null, name: string, userId: number | null): string {
  if (channel === 'inapp') return `站内信 · 用户 #${userId ?? '?'}`
  if (!recipient) return maskPersonName(name)
  if (recipient.includes('@')) {
    const [local, domain] = recipient.split('@')
    return `${local!.slice(0, 1)}***@${domain}`
  }
  const digits = recipient.replace(/\D/g, '')
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : '****'
}

function maskPersonName(name: string): string {
  const c = [...name]
  if (c.length <= 1 || c.length > 4) return name
  return c.length === 2 ? `${c[0]}*` : `${c[0]}${'*'.repeat(c.length - 2)}${c[c.length - 1]}`
}

async function templateOf(tx: Tx, event: NoticeEvent): Promise<TemplateText> {
  const row = await tx.db.selectFrom('notice_template').selectAll().where('event', '=', event).executeTakeFirst()
  if (row) return { sms: row.sms, inappTitle: row.inapp_title, inappBody: row.inapp_body, emailSubject: row.email_subject, emailBody: row.email_body }
  const def = DEFAULT_TEMPLATES[event]
  if (!def) throw new Error(`notify: unknown event ${String(event)}`)
  return def
}

type OutboxRow = { channel: NoticeChannel; recipient_user_id: number | null; recipient: string | null; title: string | null; body: string }

/** One notice's outbox rows (one per channel), rendered from its template; the placeholders it lacked go to `missing`. */
function renderNotice(tpl: TemplateText, input: NoticeInput, now: Date, missing: Set<string>): OutboxRow[] {
  const data = templateData(input, now)
  const r = (text: string) => {
    const out = renderTemplate(text, data)
    out.missing.forEach((m) => missing.add(m))
    return out.text
  }
  const rows: OutboxRow[] = []
  if (input.userId) rows.push({ channel: 'inapp', recipient_user_id: input.userId, recipient: null, title: r(tpl.inappTitle), body: r(tpl.inappBody) })
  const phone = input.phone?.replace(/[\s-]/g, '')
  if (phone && PHONE_RE.test(phone)) rows.push({ channel: 'sms', recipient_user_id: input.userId ?? null, recipient: phone, title: null, body: r(tpl.sms) })
  const email = input.email?.trim()
  if (email && EMAIL_RE.test(email)) rows.push({ channel: 'email', recipient_user_id: input.userId ?? null, recipient: email, title: r(tpl.emailSubject), body: r(tpl.emailBody) })
  if ((input.phone && !rows.some((x) => x.channel === 'sms')) || (input.email && !rows.some((x) => x.channel === 'email'))) {
    warnLog?.warn({ event: input.event, caseId: input.caseId ?? null }, 'notice: a phone number or e-mail address was not usable and was skipped')
  }
  if (rows.length === 0) rows.push({ channel: 'log', recipient_user_id: null, recipient: null, title: r(tpl.inappTitle), body: r(tpl.inappBody) })
  return rows
}

/** The outbox rows of one notice: one per channel, due now. */
function outboxRows(tpl: TemplateText, input: NoticeInput, now: Date, missing: Set<string>) {
  return renderNotice(tpl, input, now, missing).map((x) => ({
    ...x,
    event: input.event,
    name: input.name,
    case_id: input.caseId ?? null,
    next_attempt_at: now,
    created_at: now,
  }))
}

/**
 * Queues the notice on every channel the recipient has (userId → in-app, phone → SMS, email →
 * e-mail; none → the log), rendered now from the current template, inside the caller's transaction.
 */
export async function notify(tx: Tx, input: NoticeInput): Promise<void> {
  if (!NOTICE_EVENTS.includes(input.event)) throw new Error(`notify: unknown event ${String(input.event)}`)
  const tpl = await templateOf(tx, input.event)
  const missing = new Set<string>()
  await tx.db.insertInto('notice_outbox').values(outboxRows(tpl, input, tx.now, missing)).execute()
  if (missing.size > 0) {
    warnLog?.warn({ event: input.event, caseId: input.caseId ?? null, missing: [...missing] }, 'notice rendered with missing template values (left empty)')
  }
}

/** Outbox rows per INSERT in notifyMany (9 parameters a row, well under PostgreSQL's 65,535). */
const BULK_ROWS = 2000

/**
 * notify() for many notices at once (a sweep raising thousands of alerts): the same rows, in the
 * same order, as calling notify() for each input in turn, but each event's template read once and
 * the outbox rows written with one INSERT per 2,000 rows.
 */
export async function notifyMany(tx: Tx, inputs: NoticeInput[]): Promise<void> {
  const templates = new Map<NoticeEvent, TemplateText>()
  for (const input of inputs) {
    if (!NOTICE_EVENTS.includes(input.event)) throw new Error(`notify: unknown event ${String(input.event)}`)
    if (!templates.has(input.event)) templates.set(input.event, await templateOf(tx, input.event))
  }
  const missingByEvent = new Map<NoticeEvent, Set<string>>()
  const rows = inputs.flatMap((input) => {
    const missing = missingByEvent.get(input.event) ?? new Set<string>()
    missingByEvent.set(input.event, missing)
    return outboxRows(templates.get(input.event)!, input, tx.now, missing)
  })
  for (let i = 0; i < rows.length; i += BULK_ROWS) await tx.db.insertInto('notice_outbox').values(rows.slice(i, i + BULK_ROWS)).execute()
  for (const [event, missing] of missingByEvent) {
    if (missing.size > 0) warnLog?.warn({ event, notices: inputs.filter((x) => x.event === event).length, missing: [...missing] }, 'notices rendered with missing template values (left empty)')
  }
}

// ---------- in-app messages ----------

export interface MessageDto {
  id: number
  event: string
  title: string
  body: string
  caseId: number | null
  createdAt: string
  readAt: string | null
}

export async function listMessages(deps: Deps, actor: Actor, q: { unread?: boolean; page: number; pageSize: number }) {
  let base = deps.db.selectFrom('notice_message').where('user_id', '=', actor.userId)
  if (q.unread) base = base.where('read_at', 'is', null)
  const [rows, total, unread] = await Promise.all([
    base
      .select(['id', 'event', 'title', 'body', 'case_id', 'created_at', 'read_at'])
      .orderBy('id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    deps.db
      .selectFrom('notice_message')
      .where('user_id', '=', actor.userId)
      .where('read_at', 'is', null)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  return {
    items: rows.map(
      (m): MessageDto => ({
        id: Number(m.id),
        event: m.event,
        title: m.title,
        body: m.body,
        caseId: m.case_id === null ? null : Number(m.case_id),
        createdAt: new Date(m.created_at).toISOString(),
        readAt: m.read_at ? new Date(m.read_at).toISOString() : null,
      }),
    ),
    total: Number(total.n),
    unread: Number(unread.n),
    page: q.page,
    pageSize: q.pageSize,
  }
}

/** Marks one of the actor's own messages read (another user's message is "not found"). */
export async function markRead(deps: Deps, ctx: Ctx, actor: Actor, id: number): Promise<void> {
  const msg = await deps.db.selectFrom('notice_message').select(['id', 'read_at', 'title']).where('id', '=', id).where('user_id', '=', actor.userId).executeTakeFirst()
  if (!msg) throw notFound('消息')
  if (msg.read_at) return
  await mutate(deps, ctx, async (tx) => {
    await tx.db.updateTable('notice_message').set({ read_at: tx.now }).where('id', '=', id).where('read_at', 'is', null).execute()
    await tx.audit({ action: 'notify.message.read', targetType: 'notice_message', targetId: id, unitId: null, summary: `阅读站内消息：${msg.title}` })
  })
}

export async function markAllRead(deps: Deps, ctx: Ctx, actor: Actor): Promise<number> {
  return mutate(deps, ctx, async (tx) => {
    const r = await tx.db.updateTable('notice_message').set({ read_at: tx.now }).where('user_id', '=', actor.userId).where('read_at', 'is', null).executeTakeFirst()
    const n = Number(r.numUpdatedRows)
    await tx.audit({ action: 'notify.message.read_all', targetType: 'notice_message', unitId: null, summary: `全部站内消息标为已读（${n} 条）` })
    return n
  })
}

// ---------- templates ----------

export interface TemplateDto extends TemplateText {
  event: NoticeEvent
  eventName: string
  updatedAt: string
}

function templateDto(r: { event: string; sms: string; inapp_title: string; inapp_body: string; email_subject: string; email_body: string; updated_at: Date | string }): TemplateDto {
  return {
    event: r.event as NoticeEvent,
    eventName: EVENT_NAMES[r.event as NoticeEvent] ?? r.event,
    sms: r.sms,
    inappTitle: r.inapp_title,
    inappBody: r.inapp_body,
    emailSubject: r.email_subject,
    emailBody: r.email_body,
    updatedAt: new Date(r.updated_at).toISOString(),
  }
}

export async function listTemplates(deps: Deps): Promise<TemplateDto[]> {
  const rows = await deps.db.selectFrom('notice_template').selectAll().execute()
  const order = new Map(NOTICE_EVENTS.map((e, i) => [e as string, i]))
  return rows.map(templateDto).sort((a, b) => (order.get(a.event) ?? 99) - (order.get(b.event) ?? 99))
}

const FIELD_COLUMNS = { sms: 'sms', inappTitle: 'inapp_title', inappBody: 'inapp_body', emailSubject: 'email_subject', emailBody: 'email_body' } as const

export async function updateTemplate(deps: Deps, ctx: Ctx, actor: Actor, event: NoticeEvent, patch: Partial<TemplateText>): Promise<TemplateDto> {
  const fields = (Object.keys(FIELD_COLUMNS) as (keyof TemplateText)[]).filter((k) => patch[k] !== undefined)
  if (fields.length === 0) throw NotifyErrors.TEMPLATE_INVALID('请至少修改一项模板内容')
  const problems: string[] = []
  for (const k of fields) {
    const v = patch[k]!
    if (!v.trim()) problems.push(`${k} 不能为空`)
    problems.push(...templateProblems(v).map((p) => `${k}：${p}`))
  }
  if (problems.length) throw NotifyErrors.TEMPLATE_INVALID(`模板有误：${problems.join('；')}`, { problems, placeholders: Object.keys(PLACEHOLDERS) })
  return mutate(deps, ctx, async (tx) => {
    const before = await tx.db.selectFrom('notice_template').selectAll().where('event', '=', event).forUpdate().executeTakeFirst()
    if (!before) throw NotifyErrors.TEMPLATE_NOT_FOUND('通知模板不存在')
    const set: Record<string, string> = {}
    for (const k of fields) set[FIELD_COLUMNS[k]] = patch[k]!
    const after = await tx.db
      .updateTable('notice_template')
      .set({ ...set, updated_by: actor.userId > 0 ? actor.userId : null, updated_at: tx.now })
      .where('event', '=', event)
      .returningAll()
      .executeTakeFirstOrThrow()
    const dtoBefore = templateDto(before)
    const dto = templateDto(after)
    await tx.audit({
      action: 'notify.template.update',
      targetType: 'notice_template',
      targetId: event,
      unitId: null,
      summary: `修改通知模板：${dto.eventName}（${fields.join('、')}）`,
      before: Object.fromEntries(fields.map((k) => [k, dtoBefore[k]])),
      after: Object.fromEntries(fields.map((k) => [k, dto[k]])),
    })
    return dto
  })
}

/** Start-up: an event without a template row (added after the migration) gets its default. */
export async function ensureTemplates(deps: Deps): Promise<void> {
  for (const event of NOTICE_EVENTS) {
    const t = DEFAULT_TEMPLATES[event]
    await deps.db
      .insertInto('notice_template')
      .values({ event, sms: t.sms, inapp_title: t.inappTitle, inapp_body: t.inappBody, email_subject: t.emailSubject, email_body: t.emailBody, updated_by: null, updated_at: deps.clock.now() })
      .onConflict((oc) => oc.column('event').doNothing())
      .execute()
  }
}

// ---------- outbox (staff view) ----------

export async function listOutbox(deps: Deps, q: { status?: OutboxStatus; channel?: NoticeChannel; event?: string; caseId?: number; page: number; pageSize: number }) {
  let base = deps.db.selectFrom('notice_outbox')
  if (q.status) base = base.where('status', '=', q.status)
  if (q.channel) base = base.where('channel', '=', q.channel)
  if (q.event) base = base.where('event', '=', q.event)
  if (q.caseId) base = base.where('case_id', '=', q.caseId)
  const [rows, total] = await Promise.all([
    base
      .select(['id', 'event', 'channel', 'recipient', 'recipient_user_id', 'name', 'case_id', 'status', 'attempts', 'last_error', 'created_at', 'sent_at', 'next_attempt_at'])
      .orderBy('id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      event: r.event,
      eventName: EVENT_NAMES[r.event as NoticeEvent] ?? r.event,
      channel: r.channel,
      recipient: maskRecipient(r.channel, r.recipient, r.name, r.recipient_user_id === null ? null : Number(r.recipient_user_id)),
      caseId: r.case_id === null ? null : Number(r.case_id),
      status: r.status,
      attempts: r.attempts,
      lastError: r.last_error,
      createdAt: new Date(r.created_at).toISOString(),
      sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
      nextAttemptAt: r.status === 'queued' ? new Date(r.next_attempt_at).toISOString() : null,
    })),
    total: Number(total.n),
    page: q.page,
    pageSize: q.pageSize,
  }
}

/** A failed notice goes back to the queue with fresh attempts (a staff action, audited). */
export async function retryNotice(deps: Deps, ctx: Ctx, id: number): Promise<void> {
  await mutate(deps, ctx, async (tx) => {
    const row = await tx.db.selectFrom('notice_outbox').select(['id', 'status', 'event', 'channel']).where('id', '=', id).forUpdate().executeTakeFirst()
    if (!row) throw notFound('通知')
    if (row.status !== 'failed') throw NotifyErrors.NOTICE_NOT_RETRYABLE('只有发送失败的通知可以重新发送')
    await tx.db
      .updateTable('notice_outbox')
      .set({ status: 'queued', attempts: 0, next_attempt_at: tx.now, locked_by: null, locked_until: null })
      .where('id', '=', id)
      .execute()
    await tx.audit({ action: 'notify.outbox.retry', targetType: 'notice_outbox', targetId: id, unitId: null, summary: `重新发送通知 #${id}（${EVENT_NAMES[row.event as NoticeEvent] ?? row.event}，${row.channel}）` })
  })
}

