// The notify module's tables (created by migration 20261121T1120-notify-create).
import type { Generated } from 'kysely'
import type { Timestamp } from '../../db/core.tables.js'

export type NoticeChannel = 'inapp' | 'sms' | 'email' | 'log'
export type OutboxStatus = 'queued' | 'sent' | 'failed'

/** The centre-editable text of each event, per channel. */
export interface NoticeTemplateTable {
  event: string
  sms: string
  inapp_title: string
  inapp_body: string
  email_subject: string
  email_body: string
  updated_by: number | null
  updated_at: Timestamp
}

/**
 * One notice on one channel, rendered when queued (a later template edit does not change it),
 * delivered by the outbox worker: claimed with SKIP LOCKED and a lease, retried with backoff.
 */
export interface NoticeOutboxTable {
  id: Generated<number>
  event: string
  channel: NoticeChannel
  recipient_user_id: number | null
  /** phone (sms) or e-mail address (email); null for in-app */
  recipient: string | null
  name: string
  title: string | null
  body: string
  case_id: number | null
  status: Generated<OutboxStatus>
  attempts: Generated<number>
  max_attempts: Generated<number>
  next_attempt_at: Timestamp
  locked_by: string | null
  locked_until: Timestamp | null
  last_error: string | null
  created_at: Timestamp
  sent_at: Timestamp | null
}

/** An in-app message in a user's inbox (delivered from the outbox; outbox_id makes delivery idempotent). */
export interface NoticeMessageTable {
  id: Generated<number>
  outbox_id: number | null
  user_id: number
  event: string
  title: string
  body: string
  case_id: number | null
  created_at: Timestamp
  read_at: Timestamp | null
}

export interface NotifyTables {
  notice_template: NoticeTemplateTable
  notice_outbox: NoticeOutboxTable
  notice_message: NoticeMessageTable
}
