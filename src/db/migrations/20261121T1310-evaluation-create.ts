import { sql, type Kysely } from 'kysely'

/**
 * Service ratings (evaluation module, 好差评; RULES.md R21–R23): window visits, ratings (one per
 * online case, one per visit), the rectification of bad reviews with callbacks, appeals, settings,
 * the number counter and the invitation marker. Column names of `rating` and `rectification` are
 * read by the stats module: keep them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const run = (q: string) => sql.raw(q).execute(db)
  await run(`CREATE TABLE evaluation_counter (key text PRIMARY KEY, last integer NOT NULL)`)
  await run(`CREATE TABLE evaluation_settings (
    region_code text PRIMARY KEY,
    rectify_days integer NOT NULL CHECK (rectify_days BETWEEN 1 AND 60),
    callback_days integer NOT NULL CHECK (callback_days BETWEEN 1 AND 30),
    rating_window_days integer NOT NULL CHECK (rating_window_days BETWEEN 1 AND 365),
    verdict_days integer NOT NULL CHECK (verdict_days BETWEEN 1 AND 60),
    updated_at timestamptz NOT NULL,
    updated_by bigint)`)
  await run(`CREATE TABLE evaluation_visit (
    id bigserial PRIMARY KEY,
    token text NOT NULL UNIQUE,
    window_id bigint NOT NULL REFERENCES org_unit(id),
    unit_id bigint NOT NULL REFERENCES org_unit(id),
    region_code text NOT NULL,
    staff_id bigint NOT NULL REFERENCES user_account(id),
    staff_name text NOT NULL,
    case_id bigint REFERENCES "case"(id),
    purpose text NOT NULL,
    applicant_name text,
    applicant_phone text,
    started_at timestamptz NOT NULL,
    ended_at timestamptz)`)
  // one open visit per window (the tablet shows it)
  await run(`CREATE UNIQUE INDEX evaluation_visit_open_idx ON evaluation_visit (window_id) WHERE ended_at IS NULL`)
  await run(`CREATE INDEX evaluation_visit_window_idx ON evaluation_visit (window_id, id DESC)`)
  await run(`CREATE TABLE rating (
    id bigserial PRIMARY KEY,
    channel text NOT NULL CHECK (channel IN ('online','window')),
    source text NOT NULL CHECK (source IN ('online','tablet','qr','sms')),
    stars smallint NOT NULL CHECK (stars BETWEEN 1 AND 5),
    indicators jsonb NOT NULL DEFAULT '{}'::jsonb,
    comment text,
    case_id bigint REFERENCES "case"(id),
    visit_id bigint UNIQUE REFERENCES evaluation_visit(id),
    unit_id bigint NOT NULL REFERENCES org_unit(id),
    window_id bigint REFERENCES org_unit(id),
    staff_id bigint REFERENCES user_account(id),
    rater_user_id bigint REFERENCES user_account(id),
    rater_name text,
    rater_phone text,
    real_name boolean NOT NULL DEFAULT false,
    status text NOT NULL DEFAULT 'normal' CHECK (status IN ('normal','appealed','void')),
    created_at timestamptz NOT NULL,
    region_code text NOT NULL,
    CHECK ((channel = 'online') = (visit_id IS NULL)),
    CHECK (channel = 'window' OR case_id IS NOT NULL))`)
  // 一事一评: one online rating per case
  await run(`CREATE UNIQUE INDEX rating_case_online_idx ON rating (case_id) WHERE channel = 'online'`)
  await run(`CREATE INDEX rating_unit_idx ON rating (unit_id, created_at)`)
  await run(`CREATE INDEX rating_created_idx ON rating (created_at)`)
  await run(`CREATE INDEX rating_rater_idx ON rating (rater_user_id)`)
  await run(`CREATE TABLE rectification (
    id bigserial PRIMARY KEY,
    number text NOT NULL UNIQUE,
    rating_id bigint NOT NULL UNIQUE REFERENCES rating(id),
    unit_id bigint NOT NULL REFERENCES org_unit(id),
    status text NOT NULL CHECK (status IN ('open','called_back','rectified','closed','void')),
    due date,
    callback_due date,
    measures text,
    rectified_at timestamptz,
    verdict text CHECK (verdict IN ('satisfied','basic','unsatisfied')),
    verdict_at timestamptz,
    verdict_due date,
    reopened boolean NOT NULL DEFAULT false,
    first_measures text,
    first_verdict text,
    created_at timestamptz NOT NULL,
    closed_at timestamptz,
    region_code text NOT NULL)`)
  await run(`CREATE INDEX rectification_unit_idx ON rectification (unit_id, status)`)
  await run(`CREATE INDEX rectification_status_idx ON rectification (status, verdict_due)`)
  await run(`CREATE TABLE rectification_callback (
    id bigserial PRIMARY KEY,
    rectification_id bigint NOT NULL REFERENCES rectification(id),
    at timestamptz NOT NULL,
    by_user_id bigint,
    by_name text NOT NULL,
    method text NOT NULL CHECK (method IN ('phone','sms','visit','other')),
    reached boolean NOT NULL,
    content text NOT NULL)`)
  await run(`CREATE INDEX rectification_callback_idx ON rectification_callback (rectification_id, id)`)
  await run(`CREATE TABLE rating_appeal (
    id bigserial PRIMARY KEY,
    rating_id bigint NOT NULL UNIQUE REFERENCES rating(id),
    reason text NOT NULL,
    file_id text REFERENCES stored_file(id),
    status text NOT NULL CHECK (status IN ('pending','upheld','rejected')),
    submitted_at timestamptz NOT NULL,
    submitted_by bigint,
    submitted_by_name text NOT NULL,
    decided_at timestamptz,
    decided_by bigint,
    decided_by_name text,
    decision_note text)`)
  await run(`CREATE INDEX rating_appeal_status_idx ON rating_appeal (status, id)`)
  // the invitation sweep reads recently completed cases
  await run(`CREATE INDEX case_completed_idx ON "case" (completed_at) WHERE completed_at IS NOT NULL`)
  // evaluation.invite: one invitation per case (the unique key is the marker)
  await run(`CREATE TABLE evaluation_watermark (
    case_id bigint PRIMARY KEY REFERENCES "case"(id),
    invited_at timestamptz NOT NULL)`)
}
