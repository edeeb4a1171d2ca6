import { sql, type Kysely } from 'kysely'
import { DEFAULT_TEMPLATES } from '../../modules/notify/notify.templates.js'

/**
 * Notices: editable templates (seeded with the Chinese defaults of every event), the outbox, and
 * the in-app inbox. Events added later get their default row at start-up (notify's bootstrap).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notice_template')
    .addColumn('event', 'text', (c) => c.primaryKey())
    .addColumn('sms', 'text', (c) => c.notNull())
    .addColumn('inapp_title', 'text', (c) => c.notNull())
    .addColumn('inapp_body', 'text', (c) => c.notNull())
    .addColumn('email_subject', 'text', (c) => c.notNull())
    .addColumn('email_body', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'bigint', (c) => c.references('user_account.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  for (const [event, t] of Object.entries(DEFAULT_TEMPLATES)) {
    await db
      .insertInto('notice_template')
      .values({ event, sms: t.sms, inapp_title: t.inappTitle, inapp_body: t.inappBody, email_subject: t.emailSubject, email_body: t.emailBody })
      .execute()
  }

  await db.schema
    .createTable('notice_outbox')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('inapp','sms','email','log')`))
    .addColumn('recipient_user_id', 'bigint', (c) => c.references('user_account.id'))
    .addColumn('recipient', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('case_id', 'bigint')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('queued').check(sql`status in ('queued','sent','failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz')
    .addCheckConstraint('notice_outbox_inapp_user', sql`channel <> 'inapp' OR recipient_user_id IS NOT NULL`)
    .execute()
  await sql`CREATE INDEX notice_outbox_due_idx ON notice_outbox (next_attempt_at) WHERE status = 'queued'`.execute(db)
  await sql`CREATE INDEX notice_outbox_status_idx ON notice_outbox (status, id)`.execute(db)
  await sql`CREATE INDEX notice_outbox_case_idx ON notice_outbox (case_id)`.execute(db)

  await db.schema
    .createTable('notice_message')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('outbox_id', 'bigint', (c) => c.unique().references('notice_outbox.id'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('user_account.id'))
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('case_id', 'bigint')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('read_at', 'timestamptz')
    .execute()
  await sql`CREATE INDEX notice_message_user_idx ON notice_message (user_id, id DESC)`.execute(db)
  await sql`CREATE INDEX notice_message_unread_idx ON notice_message (user_id) WHERE read_at IS NULL`.execute(db)
}
