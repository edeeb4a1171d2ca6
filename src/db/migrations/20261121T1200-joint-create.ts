import { sql, type Kysely } from 'kysely'

/**
 * Parallel approval (joint module): schemes and stages, bundles, projects, joint cases, department
 * tasks, merged corrections, joint meetings, agent authorisations; and on the case: the joint case
 * it belongs to and the green-channel flag that orders it first in every queue.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const run = (q: string) => sql.raw(q).execute(db)
  await run(`CREATE TABLE joint_counter (key text PRIMARY KEY, last integer NOT NULL)`)
  await run(`CREATE TABLE joint_scheme (
    id bigserial PRIMARY KEY,
    code text NOT NULL UNIQUE,
    name text NOT NULL,
    region_code text NOT NULL,
    target_days integer NOT NULL CHECK (target_days > 0),
    green_cut_percent integer NOT NULL DEFAULT 0 CHECK (green_cut_percent BETWEEN 0 AND 90),
    is_default boolean NOT NULL DEFAULT false,
    description text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL)`)
  await run(`CREATE UNIQUE INDEX joint_scheme_default_idx ON joint_scheme (region_code) WHERE is_default`)
  await run(`CREATE TABLE joint_stage_def (
    id bigserial PRIMARY KEY,
    scheme_id bigint NOT NULL REFERENCES joint_scheme(id),
    seq integer NOT NULL,
    key text NOT NULL,
    name text NOT NULL,
    lead_unit_id bigint NOT NULL REFERENCES org_unit(id),
    limit_days integer NOT NULL CHECK (limit_days > 0),
    item_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
    meeting_kinds jsonb NOT NULL DEFAULT '[]'::jsonb,
    UNIQUE (scheme_id, seq),
    UNIQUE (scheme_id, key))`)
  await run(`CREATE TABLE joint_bundle (
    id bigserial PRIMARY KEY,
    code text NOT NULL UNIQUE,
    name text NOT NULL,
    description text NOT NULL DEFAULT '',
    region_code text NOT NULL,
    lead_unit_id bigint NOT NULL REFERENCES org_unit(id),
    limit_days integer NOT NULL CHECK (limit_days > 0),
    item_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
    audiences jsonb NOT NULL DEFAULT '[]'::jsonb,
    status text NOT NULL CHECK (status IN ('published','suspended')),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL)`)
  await run(`CREATE TABLE joint_project (
    id bigserial PRIMARY KEY,
    code text NOT NULL UNIQUE,
    name text NOT NULL,
    scheme_id bigint NOT NULL REFERENCES joint_scheme(id),
    region_code text NOT NULL,
    applicant_user_id bigint NOT NULL REFERENCES user_account(id),
    applicant_name text NOT NULL,
    applicant_credit_code text,
    location text NOT NULL DEFAULT '',
    investment_cents bigint NOT NULL DEFAULT 0 CHECK (investment_cents >= 0),
    industry_code text NOT NULL,
    green_channel boolean NOT NULL DEFAULT false,
    green_reason text,
    manager_user_id bigint REFERENCES user_account(id),
    target_days integer NOT NULL CHECK (target_days > 0),
    status text NOT NULL CHECK (status IN ('active','completed','closed')),
    created_at timestamptz NOT NULL,
    created_by bigint,
    completed_at timestamptz)`)
  await run(`CREATE INDEX joint_project_applicant_idx ON joint_project (applicant_user_id)`)
  await run(`CREATE INDEX joint_project_manager_idx ON joint_project (manager_user_id)`)
  await run(`CREATE TABLE agent_authorisation (
    id bigserial PRIMARY KEY,
    agent_user_id bigint NOT NULL REFERENCES user_account(id),
    principal_user_id bigint NOT NULL REFERENCES user_account(id),
    principal_name text NOT NULL,
    scope text NOT NULL CHECK (scope IN ('project','all')),
    project_id bigint REFERENCES joint_project(id),
    valid_from text NOT NULL,
    valid_until text NOT NULL,
    letter_file_id text REFERENCES stored_file(id),
    note text,
    created_at timestamptz NOT NULL,
    created_by bigint,
    revoked_at timestamptz,
    revoked_by bigint,
    revoke_reason text,
    CHECK ((scope = 'project') = (project_id IS NOT NULL)),
    CHECK (valid_until >= valid_from))`)
  await run(`CREATE INDEX agent_authorisation_agent_idx ON agent_authorisation (agent_user_id)`)
  await run(`CREATE INDEX agent_authorisation_principal_idx ON agent_authorisation (principal_user_id)`)
  const status = `'draft','received','correction_requested','accepted','refused','replied','completed','delivered','withdrawn'`
  await run(`CREATE TABLE joint_case (
    id bigserial PRIMARY KEY,
    number text NOT NULL UNIQUE,
    kind text NOT NULL CHECK (kind IN ('stage','bundle')),
    project_id bigint REFERENCES joint_project(id),
    stage_def_id bigint REFERENCES joint_stage_def(id),
    bundle_id bigint REFERENCES joint_bundle(id),
    name text NOT NULL,
    lead_unit_id bigint NOT NULL REFERENCES org_unit(id),
    region_code text NOT NULL,
    centre_id bigint REFERENCES org_unit(id),
    window_id bigint REFERENCES org_unit(id),
    channel text NOT NULL CHECK (channel IN ('online','window')),
    status text NOT NULL CHECK (status IN (${status})),
    applicant_user_id bigint NOT NULL REFERENCES user_account(id),
    applicant_kind text NOT NULL CHECK (applicant_kind IN ('person','enterprise')),
    applicant_name text NOT NULL,
    applicant_id_number text,
    applicant_credit_code text,
    applicant_phone text,
    agent_user_id bigint REFERENCES user_account(id),
    authorisation_id bigint REFERENCES agent_authorisation(id),
    form jsonb NOT NULL DEFAULT '{}'::jsonb,
    green_channel boolean NOT NULL DEFAULT false,
    limit_days integer NOT NULL,
    created_at timestamptz NOT NULL,
    received_at timestamptz,
    precheck_due text,
    accepted_at timestamptz,
    due text,
    predicted_completion text,
    correction_count integer NOT NULL DEFAULT 0,
    last_correction_at timestamptz,
    last_material_at timestamptz,
    refusal_reasons text,
    replied_at timestamptz,
    reply_document_id bigint,
    completed_at timestamptz,
    delivered_at timestamptz,
    delivery_method text CHECK (delivery_method IN ('pickup','post','download')),
    pickup_centre_id bigint REFERENCES org_unit(id),
    delivery_address text,
    tracking_number text,
    withdrawn_at timestamptz,
    updated_at timestamptz NOT NULL,
    CHECK ((kind = 'stage') = (project_id IS NOT NULL AND stage_def_id IS NOT NULL)),
    CHECK ((kind = 'bundle') = (bundle_id IS NOT NULL)))`)
  await run(`CREATE INDEX joint_case_status_idx ON joint_case (status)`)
  await run(`CREATE INDEX joint_case_applicant_idx ON joint_case (applicant_user_id, id DESC)`)
  await run(`CREATE INDEX joint_case_project_idx ON joint_case (project_id)`)
  await run(`CREATE INDEX joint_case_lead_idx ON joint_case (lead_unit_id)`)
  // one open joint case per project stage
  await run(`CREATE UNIQUE INDEX joint_case_stage_open_idx ON joint_case (project_id, stage_def_id) WHERE kind = 'stage' AND status NOT IN ('refused','withdrawn')`)
  // S4 as for cases: the receipt moment is fixed once set
  await run(`CREATE FUNCTION joint_case_received_at_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.received_at IS NOT NULL AND NEW.received_at IS DISTINCT FROM OLD.received_at THEN
        RAISE EXCEPTION 'joint_case.received_at cannot be changed once set';
      END IF;
      RETURN NEW;
    END $$`)
  await run(`CREATE TRIGGER joint_case_received_at_fixed BEFORE UPDATE ON joint_case FOR EACH ROW EXECUTE FUNCTION joint_case_received_at_fixed()`)
  await run(`CREATE TABLE joint_material (
    id bigserial PRIMARY KEY,
    joint_case_id bigint NOT NULL REFERENCES joint_case(id),
    material_key text NOT NULL,
    name text NOT NULL,
    file_id text NOT NULL REFERENCES stored_file(id),
    source text NOT NULL CHECK (source IN ('upload','prior_stage','e_certificate')),
    source_case_id bigint REFERENCES "case"(id),
    e_certificate_id bigint REFERENCES e_certificate(id),
    uploaded_at timestamptz NOT NULL,
    uploaded_by bigint)`)
  await run(`CREATE INDEX joint_material_case_idx ON joint_material (joint_case_id)`)
  await run(`CREATE TABLE joint_task (
    id bigserial PRIMARY KEY,
    joint_case_id bigint NOT NULL REFERENCES joint_case(id),
    item_id bigint NOT NULL REFERENCES item(id),
    item_version_id bigint NOT NULL REFERENCES item_version(id),
    unit_id bigint NOT NULL REFERENCES org_unit(id),
    role text NOT NULL CHECK (role IN ('lead','co')),
    case_id bigint UNIQUE REFERENCES "case"(id),
    limit_days integer NOT NULL,
    due text,
    status text NOT NULL CHECK (status IN ('prechecking','pending','replied','deemed','withdrawn')),
    precheck_done_at timestamptz,
    reply text CHECK (reply IN ('agree','disagree','agree_forward')),
    reply_raw text,
    reasons text,
    forward_to text,
    replied_at timestamptz,
    replied_by bigint,
    replied_by_name text,
    deemed_kind text CHECK (deemed_kind IN ('timeout','absence','irregular_reply')),
    deemed_at timestamptz,
    followup_due text,
    late_reply jsonb,
    CHECK (status <> 'deemed' OR (deemed_kind IS NOT NULL AND reply = 'agree')),
    CHECK (reply <> 'disagree' OR coalesce(length(trim(reasons)), 0) > 0))`)
  await run(`CREATE INDEX joint_task_case_idx ON joint_task (joint_case_id)`)
  await run(`CREATE INDEX joint_task_unit_idx ON joint_task (unit_id, status)`)
  await run(`CREATE INDEX joint_task_pending_due_idx ON joint_task (due) WHERE status = 'pending'`)
  // R16: a deemed approval is never overwritten by a late reply
  await run(`CREATE FUNCTION joint_task_deemed_final() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.status = 'deemed' AND (NEW.status IS DISTINCT FROM OLD.status OR NEW.reply IS DISTINCT FROM OLD.reply
          OR NEW.deemed_kind IS DISTINCT FROM OLD.deemed_kind OR NEW.deemed_at IS DISTINCT FROM OLD.deemed_at) THEN
        RAISE EXCEPTION 'a deemed approval cannot be overwritten';
      END IF;
      RETURN NEW;
    END $$`)
  await run(`CREATE TRIGGER joint_task_deemed_final BEFORE UPDATE ON joint_task FOR EACH ROW EXECUTE FUNCTION joint_task_deemed_final()`)
  await run(`CREATE TABLE joint_correction (
    id bigserial PRIMARY KEY,
    joint_case_id bigint NOT NULL REFERENCES joint_case(id),
    task_id bigint NOT NULL REFERENCES joint_task(id),
    items jsonb NOT NULL,
    requested_at timestamptz NOT NULL,
    requested_by bigint,
    notice_document_id bigint,
    notified_at timestamptz,
    supplied_at timestamptz)`)
  await run(`CREATE INDEX joint_correction_case_idx ON joint_correction (joint_case_id)`)
  await run(`CREATE TABLE joint_meeting (
    id bigserial PRIMARY KEY,
    joint_case_id bigint NOT NULL REFERENCES joint_case(id),
    kind text NOT NULL CHECK (kind IN ('meeting','inspection','drawing_review','acceptance')),
    title text NOT NULL,
    scheduled_at timestamptz NOT NULL,
    location text NOT NULL,
    status text NOT NULL CHECK (status IN ('scheduled','held','cancelled')),
    held_at timestamptz,
    minutes text,
    created_by bigint,
    created_at timestamptz NOT NULL)`)
  await run(`CREATE INDEX joint_meeting_case_idx ON joint_meeting (joint_case_id)`)
  await run(`CREATE TABLE joint_meeting_invite (
    meeting_id bigint NOT NULL REFERENCES joint_meeting(id),
    task_id bigint NOT NULL REFERENCES joint_task(id),
    unit_id bigint NOT NULL REFERENCES org_unit(id),
    attendance text NOT NULL CHECK (attendance IN ('invited','attended','excused','absent')),
    reason text,
    deemed boolean NOT NULL DEFAULT false,
    PRIMARY KEY (meeting_id, task_id),
    CHECK (attendance <> 'excused' OR coalesce(length(trim(reason)), 0) > 0))`)

  await run(`ALTER TABLE "case" ADD COLUMN joint_case_id bigint REFERENCES joint_case(id)`)
  await run(`ALTER TABLE "case" ADD COLUMN green_channel boolean NOT NULL DEFAULT false`)
  await run(`ALTER TABLE document ALTER COLUMN case_id DROP NOT NULL`)
  await run(`ALTER TABLE document ADD COLUMN joint_case_id bigint REFERENCES joint_case(id)`)
  await run(`ALTER TABLE document ADD CONSTRAINT document_owner CHECK (case_id IS NOT NULL OR joint_case_id IS NOT NULL)`)
  await run(`CREATE INDEX document_joint_idx ON document (joint_case_id) WHERE joint_case_id IS NOT NULL`)
  await run(`CREATE INDEX case_joint_idx ON "case" (joint_case_id) WHERE joint_case_id IS NOT NULL`)
}

