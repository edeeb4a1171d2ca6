/**
 * Delivery of the outbox. A pass claims due rows with FOR UPDATE SKIP LOCKED and a lease (so two
 * instances never take the same row), sends each through its channel's sender, and records the
 * outcome with plain updates (delivery is the system's work, not a user action: no audit record).
 * Failures retry with backoff until max_attempts, then the row is 'failed' with last_error.
 * In-app delivery inserts the message and marks the row sent in ONE transaction, and the message's
 * unique outbox_id makes it exactly-once even if a lease expired mid-way.
 */
import type { FastifyBaseLogger } from 'fastify'
import nodemailer, { type Transporter } from 'nodemailer'
import { sql } from 'kysely'
import type { Deps } from '../../server/context.js'
import { maskText } from '../../server/redact.js'
import type { NoticeChannel } from './notify.tables.js'
import { maskRecipient } from './notify.service.js'

export interface OutboxMessage {
  id: number
  event: string
  channel: NoticeChannel
  recipientUserId: number | null
  recipient: string | null
  name: string
  title: string | null
  body: string
  caseId: number | null
  attempts: number
}

/** Sends one message or throws; the outbox records the outcome. */
export type Sender = (msg: OutboxMessage) => Promise<void>

export interface Senders {
  sms: Sender
  email: Sender
  log: Sender
}

type Log = Pick<FastifyBaseLogger, 'info' | 'warn'>

/** The default for SMS and e-mail when no gateway or SMTP server is configured: one log line, phone masked. */
export function logSender(log: Log): Sender {
  return async (m) => {
    log.info(
      {
        notice: { id: m.id, event: m.event, channel: m.channel, to: maskRecipient(m.channel, m.recipient, m.name, m.recipientUserId), caseId: m.caseId },
        text: maskText(`${m.title ? `${m.title}：` : ''}${m.body}`),
      },
      'notice delivered to the log (no gateway configured)',
    )
  }
}

/** An SMS HTTP gateway: POST {phone, text} as JSON; any 2xx is success. */
export function httpSmsSender(url: string, timeoutMs = 10_000): Sender {
  return async (m) => {
    if (!m.recipient) throw new Error('短信缺少手机号')
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ phone: m.recipient, text: m.body }),
      signal: AbortSignal.timeout(timeoutMs),
    })
    if (!res.ok) {
      const detail = (await res.text().catch(() => '')).slice(0, 200)
      throw new Error(`短信网关返回 HTTP ${res.status}${detail ? `：${detail}` : ''}`)
    }
  }
}

/** E-mail through nodemailer (SMTP from config.smtpUrl, or any transport a test injects). */
export function mailSender(transport: Pick<Transporter, 'sendMail'>, from: string): Sender {
  return async (m) => {
    if (!m.recipient) throw new Error('邮件缺少收件地址')
    await transport.sendMail({ from, to: m.recipient, subject: m.title ?? '', text: m.body })
  }
}

export function defaultSenders(deps: Deps, log: Log): Senders {
  const toLog = logSender(log)
  return {
    sms: deps.config.smsGatewayUrl ? httpSmsSender(deps.config.smsGatewayUrl) : toLog,
    email: deps.config.smtpUrl ? mailSender(nodemailer.createTransport(deps.config.smtpUrl), deps.config.smtpFrom) : toLog,
    log: toLog,
  }
}

/** Backoff after the n-th failed attempt: 30 s, 1 min, 2 min, 4 min … at most 1 hour. */
export function backoffMs(attempts: number): number {
  return Math.min(3600_000, 30_000 * 2 ** Math.max(0, attempts - 1))
}

export interface DeliverOptions {
  senders: Senders
  instanceId: string
  log?: Log
  /** rows per claim */
  batch?: number
  /** how long a claim holds a row before another instance may take it over */
  leaseMs?: number
}

export interface DeliverResult {
  sent: number
  retried: number
  failed: number
}

/** One pass: claims due rows in batches until none are left (bounded), and delivers them. */
export async function deliverDue(deps: Deps, opts: DeliverOptions, maxRows = 500): Promise<DeliverResult> {
  const result: DeliverResult = { sent: 0, retried: 0, failed: 0 }
  let done = 0
  while (done < maxRows) {
    const rows = await claim(deps, opts, Math.min(opts.batch ?? 20, maxRows - done))
    if (rows.length === 0) break
    for (const m of rows) await deliverOne(deps, opts, m, result)
    done += rows.length
  }
  return result
}

async function claim(deps: Deps, opts: DeliverOptions, limit: number): Promise<OutboxMessage[]> {
  const now = deps.clock.now()
  const leaseUntil = new Date(now.getTime() + (opts.leaseMs ?? 120_000))
  const r = await sql<{
    id: number
    event: string
    channel: NoticeChannel
    recipient_user_id: number | null
    recipient: string | null
    name: string
    title: string | null
    body: string
    case_id: number | null
    attempts: number
  }>`
    UPDATE notice_outbox SET locked_by = ${opts.instanceId}, locked_until = ${leaseUntil}, attempts = attempts + 1
     WHERE id IN (
       SELECT id FROM notice_outbox
        WHERE status = 'queued' AND next_attempt_at <= ${now}
          AND (locked_until IS NULL OR locked_until < ${now})
        ORDER BY next_attempt_at, id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
    RETURNING id, event, channel, recipient_user_id, recipient, name, title, body, case_id, attempts`.execute(deps.db)
  return r.rows
    .map((x) => ({
      id: Number(x.id),
      event: x.event,
      channel: x.channel,
      recipientUserId: x.recipient_user_id === null ? null : Number(x.recipient_user_id),
      recipient: x.recipient,
      name: x.name,
      title: x.title,
      body: x.body,
      caseId: x.case_id === null ? null : Number(x.case_id),
      attempts: x.attempts,
    }))
    .sort((a, b) => a.id - b.id)
}

async function deliverOne(deps: Deps, opts: DeliverOptions, m: OutboxMessage, result: DeliverResult): Promise<void> {
  try {
    if (m.channel === 'inapp') {
      await deps.db.transaction().execute(async (trx) => {
        const now = deps.clock.now()
        await trx
          .insertInto('notice_message')
          .values({ outbox_id: m.id, user_id: m.recipientUserId!, event: m.event, title: m.title ?? '', body: m.body, case_id: m.caseId, created_at: now })
          .onConflict((oc) => oc.column('outbox_id').doNothing())
          .execute()
        await markSent(trx, m.id, opts.instanceId, now)
      })
    } else {
      const sender = m.channel === 'sms' ? opts.senders.sms : m.channel === 'email' ? opts.senders.email : opts.senders.log
      await sender(m)
      await markSent(deps.db, m.id, opts.instanceId, deps.clock.now())
    }
    result.sent++
  } catch (e) {
    const now = deps.clock.now()
    const message = String((e as Error)?.message ?? e).slice(0, 1000)
    const row = await deps.db.selectFrom('notice_outbox').select(['max_attempts']).where('id', '=', m.id).executeTakeFirst()
    const final = m.attempts >= (row?.max_attempts ?? 5)
    await deps.db
      .updateTable('notice_outbox')
      .set({
        status: final ? 'failed' : 'queued',
        next_attempt_at: new Date(now.getTime() + backoffMs(m.attempts)),
        last_error: message,
        locked_by: null,
        locked_until: null,
      })
      .where('id', '=', m.id)
      .where('locked_by', '=', opts.instanceId)
      .execute()
    if (final) result.failed++
    else result.retried++
    opts.log?.warn({ notice: { id: m.id, event: m.event, channel: m.channel, attempts: m.attempts }, err: maskText(message) }, final ? 'notice failed for good' : 'notice failed, will retry')
  }
}

async function markSent(db: Deps['db'], id: number, instanceId: string, now: Date): Promise<void> {
  await db
    .updateTable('notice_outbox')
    .set({ status: 'sent', sent_at: now, last_error: null, locked_by: null, locked_until: null })
    .where('id', '=', id)
    .where('locked_by', '=', instanceId)
    .execute()
}
