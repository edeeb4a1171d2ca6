import { sql, type Kysely } from 'kysely'

/**
 * E-supervision (supervision module): alerts (one row per kind and subject, deduplicated by a unique
 * key so that raising is exactly once across instances), 催办/督办 orders with their per-region yearly
 * counters, the city's settings and the incremental scan's watermarks.
 * Also the partial indexes the scan needs on the cases module's tables (read only by supervision):
 * open cases by promised date, submitted cases by pre-review date, active steps by due date, and
 * recently changed cases / recently completed steps for the incremental detectors.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const run = (q: string) => sql.raw(q).execute(db)
  await run(`CREATE TABLE supervision_alert (
    id bigserial PRIMARY KEY,
    kind text NOT NULL,
    level text NOT NULL CHECK (level IN ('prompt','yellow','red')),
    rule text NOT NULL,
    dedupe_key text NOT NULL UNIQUE,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
    case_id bigint NULL,
    joint_case_id bigint NULL,
    step_id bigint NULL,
    unit_id bigint NOT NULL,
    user_id bigint NULL,
    evidence jsonb NOT NULL DEFAULT '{}'::jsonb,
    evidence_text text NOT NULL DEFAULT '',
    raised_at timestamptz NOT NULL,
    due date NULL,
    closed_at timestamptz NULL,
    close_reason text NULL,
    closed_by bigint NULL,
    region_code text NOT NULL)`)
  await run(`CREATE INDEX supervision_alert_open_idx ON supervision_alert (kind, case_id) WHERE status = 'open'`)
  await run(`CREATE INDEX supervision_alert_case_idx ON supervision_alert (case_id)`)
  await run(`CREATE INDEX supervision_alert_unit_idx ON supervision_alert (unit_id, raised_at DESC)`)
  await run(`CREATE INDEX supervision_alert_raised_idx ON supervision_alert (raised_at DESC)`)

  await run(`CREATE TABLE supervision_order_counter (
    region_code text NOT NULL,
    year integer NOT NULL,
    kind text NOT NULL,
    last integer NOT NULL,
    PRIMARY KEY (region_code, year, kind))`)
  await run(`CREATE TABLE supervision_order (
    id bigserial PRIMARY KEY,
    number text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('urge','supervise')),
    status text NOT NULL CHECK (status IN ('sent','replied','closed','escalated')),
    case_id bigint NULL,
    alert_id bigint NULL REFERENCES supervision_alert(id),
    pattern text NULL,
    unit_id bigint NOT NULL REFERENCES org_unit(id),
    content text NOT NULL,
    reply_due date NOT NULL,
    sent_by bigint NOT NULL,
    sent_at timestamptz NOT NULL,
    reply text NULL,
    replied_by bigint NULL,
    replied_at timestamptz NULL,
    closed_at timestamptz NULL,
    close_note text NULL,
    parent_id bigint NULL REFERENCES supervision_order(id),
    escalated_at timestamptz NULL,
    region_code text NOT NULL,
    UNIQUE (region_code, number))`)
  await run(`CREATE INDEX supervision_order_unit_idx ON supervision_order (unit_id, sent_at DESC)`)
  await run(`CREATE INDEX supervision_order_sender_idx ON supervision_order (sent_by, sent_at DESC)`)
  await run(`CREATE INDEX supervision_order_case_idx ON supervision_order (case_id)`)
  await run(`CREATE INDEX supervision_order_alert_idx ON supervision_order (alert_id)`)
  await run(`CREATE INDEX supervision_order_due_idx ON supervision_order (reply_due) WHERE status = 'sent'`)
  await run(`CREATE UNIQUE INDEX supervision_order_parent_idx ON supervision_order (parent_id) WHERE parent_id IS NOT NULL`)

  await run(`CREATE TABLE supervision_settings (
    region_code text PRIMARY KEY,
    settings jsonb NOT NULL,
    updated_at timestamptz NOT NULL,
    updated_by bigint NULL)`)
  await run(`CREATE TABLE supervision_watermark (
    name text PRIMARY KEY,
    at timestamptz NOT NULL)`)

  // the scan's indexes on the cases module's tables (see README "Indexes")
  await run(`CREATE INDEX case_sup_open_due_idx ON "case" (promised_due) WHERE status = 'accepted'`)
  await run(`CREATE INDEX case_sup_submitted_idx ON "case" (prereview_due) WHERE status = 'submitted'`)
  await run(`CREATE INDEX case_updated_idx ON "case" (updated_at, id)`)
  await run(`CREATE INDEX case_step_sup_active_due_idx ON case_step (due) WHERE status = 'active'`)
  await run(`CREATE INDEX case_step_completed_idx ON case_step (completed_at, id)`)
  // fee orders by creation (the fee_irregular detector's incremental read; fees module table, read only here)
  await run(`CREATE INDEX fee_order_sup_created_idx ON fee_order (created_at)`)
}
