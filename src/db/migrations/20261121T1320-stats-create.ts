import { sql, type Kysely } from 'kysely'

/**
 * Statistics (stats module): the per-case fact table, the day rollups summed by every period query,
 * the staff rollups from completed steps, the dirty keys of a refresh, the refresh watermarks, the
 * per-region settings (grade thresholds) and the published rankings. Dates are 'YYYY-MM-DD' text in
 * Asia/Shanghai (compared as text; never converted by a driver's time zone).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const run = (q: string) => sql.raw(q).execute(db)
  // the refresh reads changed cases in (updated_at, id) order
  // (both also made by the supervision migration, which reads changes the same way)
  await run(`CREATE INDEX IF NOT EXISTS case_updated_idx ON "case" (updated_at, id)`)
  await run(`CREATE INDEX IF NOT EXISTS case_step_completed_idx ON case_step (completed_at, id)`)
  await run(`CREATE TABLE stats_case_fact (
    case_id bigint PRIMARY KEY,
    region_code text NOT NULL,
    level smallint NOT NULL,
    unit_id bigint NOT NULL,
    window_id bigint NOT NULL DEFAULT 0,
    intake_user_id bigint NOT NULL DEFAULT 0,
    item_id bigint NOT NULL,
    channel text NOT NULL,
    status text NOT NULL,
    received_day text,
    accepted_day text,
    decided_day text,
    completed_day text,
    withdrawn boolean NOT NULL DEFAULT false,
    instant boolean NOT NULL DEFAULT false,
    on_time boolean,
    early boolean,
    workdays integer,
    legal_days integer NOT NULL,
    corrections integer NOT NULL DEFAULT 0,
    overdue_from text,
    overdue_to text,
    case_updated_at timestamptz NOT NULL)`)
  await run(`CREATE INDEX stats_case_fact_received_idx ON stats_case_fact (unit_id, received_day)`)
  await run(`CREATE INDEX stats_case_fact_accepted_idx ON stats_case_fact (unit_id, accepted_day)`)
  await run(`CREATE INDEX stats_case_fact_completed_idx ON stats_case_fact (unit_id, completed_day)`)
  await run(`CREATE INDEX stats_case_fact_recent_idx ON stats_case_fact (completed_day DESC, case_id DESC) WHERE completed_day IS NOT NULL`)
  await run(`CREATE INDEX stats_case_fact_overdue_from_idx ON stats_case_fact (unit_id, overdue_from) WHERE overdue_from IS NOT NULL`)
  await run(`CREATE INDEX stats_case_fact_overdue_to_idx ON stats_case_fact (unit_id, overdue_to) WHERE overdue_to IS NOT NULL`)
  await run(`CREATE TABLE stats_day (
    day text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('received','accepted','completed','overdue_in','overdue_out','rating','alert')),
    unit_id bigint NOT NULL,
    item_id bigint NOT NULL DEFAULT 0,
    window_id bigint NOT NULL DEFAULT 0,
    user_id bigint NOT NULL DEFAULT 0,
    channel text NOT NULL DEFAULT '',
    level smallint NOT NULL DEFAULT 0,
    n integer NOT NULL DEFAULT 0,
    completed integer NOT NULL DEFAULT 0,
    withdrawn integer NOT NULL DEFAULT 0,
    instant integer NOT NULL DEFAULT 0,
    on_time integer NOT NULL DEFAULT 0,
    early integer NOT NULL DEFAULT 0,
    late integer NOT NULL DEFAULT 0,
    workdays bigint NOT NULL DEFAULT 0,
    legal_days bigint NOT NULL DEFAULT 0,
    corrections integer NOT NULL DEFAULT 0,
    satisfied integer NOT NULL DEFAULT 0,
    bad integer NOT NULL DEFAULT 0,
    yellow integer NOT NULL DEFAULT 0,
    red integer NOT NULL DEFAULT 0,
    PRIMARY KEY (day, kind, unit_id, item_id, window_id, user_id, channel, level))`)
  await run(`CREATE INDEX stats_day_unit_idx ON stats_day (unit_id, day)`)
  await run(`CREATE INDEX stats_day_kind_day_idx ON stats_day (kind, day)`)
  await run(`CREATE TABLE stats_step_fact (
    step_id bigint PRIMARY KEY,
    case_id bigint NOT NULL,
    user_id bigint NOT NULL,
    unit_id bigint NOT NULL,
    day text NOT NULL,
    on_time boolean NOT NULL,
    early boolean NOT NULL,
    workdays integer NOT NULL)`)
  await run(`CREATE INDEX stats_step_fact_user_idx ON stats_step_fact (user_id, day)`)
  await run(`CREATE TABLE stats_staff_day (
    day text NOT NULL,
    user_id bigint NOT NULL,
    unit_id bigint NOT NULL,
    steps integer NOT NULL,
    on_time integer NOT NULL,
    early integer NOT NULL,
    workdays bigint NOT NULL,
    PRIMARY KEY (day, user_id, unit_id))`)
  await run(`CREATE INDEX stats_staff_day_unit_idx ON stats_staff_day (unit_id, day)`)
  await run(`CREATE TABLE stats_dirty (day text NOT NULL, unit_id bigint NOT NULL, PRIMARY KEY (day, unit_id))`)
  await run(`CREATE TABLE stats_watermark (
    name text PRIMARY KEY,
    at timestamptz,
    last_id bigint NOT NULL DEFAULT 0,
    refreshed_at timestamptz)`)
  await run(`INSERT INTO stats_watermark (name) VALUES ('case'), ('step'), ('events')`)
  await run(`CREATE TABLE stats_settings (
    region_code text PRIMARY KEY,
    grades jsonb NOT NULL,
    updated_at timestamptz NOT NULL,
    updated_by bigint)`)
  await run(`CREATE TABLE stats_published_ranking (
    id bigserial PRIMARY KEY,
    title text NOT NULL,
    region_code text NOT NULL DEFAULT '',
    scope text NOT NULL CHECK (scope IN ('department','window','staff')),
    period text NOT NULL CHECK (period IN ('week','month')),
    from_day text NOT NULL,
    to_day text NOT NULL,
    fair boolean NOT NULL,
    rows jsonb NOT NULL,
    published_at timestamptz NOT NULL,
    published_by bigint)`)
  await run(`CREATE INDEX stats_published_ranking_at_idx ON stats_published_ranking (published_at DESC, id DESC)`)
}
