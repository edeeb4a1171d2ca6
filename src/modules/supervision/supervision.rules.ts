/**
 * The detectors: one set-based SELECT per alert kind, each with its rule. A detector yields the rows
 * that should have an alert (dedupe_key, case_id, joint_case_id, step_id, unit_id, user_id, evidence,
 * evidence_text, due, region_code); the scan inserts them with ON CONFLICT (dedupe_key) DO NOTHING,
 * so an alert is raised once per subject however many passes or instances see it.
 * Hand-written SQL (not the query builder) because these are the hot path of the scan: each reads
 * only a partial index (open cases, active steps) or the rows changed since the last pass.
 */
import { sql, type RawBuilder } from 'kysely'
import type { AlertKind } from './supervision.types.js'
import { thresholdsTable, type Pass } from './supervision.thresholds.js'

export interface DetectorInput {
  pass: Pass
  /** incremental detectors: rows changed after this instant (last pass's watermark minus a margin) */
  since: Date
  /**
   * The deadline detectors (deadline_near, yellow_card, red_card, step_overdue): set when the last complete pass
   * ran on the same day with the same settings (its watermark minus the margin). Their thresholds
   * (today, warnDate) are then the same as in that pass, so only cases changed since can have
   * started to match: they read the recently changed cases instead of every case in the window.
   * Null: the first pass of a day (or after a settings change) reads them all.
   */
  sameDaySince: Date | null
}

/**
 * The cases whose steps may have started or stopped being overdue since: updated cases, and cases with
 * a step activated (partial index, migration 20261121T1410) or completed (case_step_completed_idx) since.
 * A UNION of three index range scans, so the planner starts from the few changes, not the many alerts.
 */
const stepChanges = (since: Date) => sql`ARRAY(SELECT id FROM "case" WHERE updated_at > ${since}
   UNION SELECT case_id FROM case_step WHERE status = 'active' AND started_at > ${since}
   UNION SELECT case_id FROM case_step WHERE completed_at > ${since})`

/** The ids of the cases updated since, as an array: `col = ANY(…)` makes the plan start from them (whatever the statistics say). */
const caseChanges = (since: Date) => sql`ARRAY(SELECT id FROM "case" WHERE updated_at > ${since})`

/** `AND <case changed since>` on the deadline detectors when the pass is incremental within a day. */
const changedSince = (since: Date | null, col = sql`c.id`) => (since ? sql`AND ${col} = ANY(${caseChanges(since)})` : sql``)

/**
 * The open alerts of a kind a closer reads: within a day only those of the changed cases, found FROM
 * the changed ids (a nested loop into supervision_alert_open_idx (kind, case_id)). Written as
 * `a.case_id = ANY(…)` on the alert table instead, the planner read every open alert of the kind
 * (389 k step alerts at 1 M open cases, 0.5 s) whenever its statistics were stale.
 */
const openAlerts = (kind: string, since: Date | null, changes: (s: Date) => RawBuilder<unknown> = caseChanges) =>
  since
    ? sql`(SELECT a.* FROM unnest(${changes(since)}) AS ch(case_id) JOIN supervision_alert a ON a.kind = ${kind} AND a.status = 'open' AND a.case_id = ch.case_id)`
    : sql`supervision_alert`

export type Detector = (i: DetectorInput) => RawBuilder<unknown>

const activeStep = sql`LEFT JOIN LATERAL (SELECT s.id, s.assignee_id FROM case_step s WHERE s.case_id = c.id AND s.status = 'active' ORDER BY s.seq LIMIT 1) st ON true`

export const DETECTORS: Partial<Record<AlertKind, Detector>> = {
  // R19: a prompt when warnDays (default 1) or fewer working days are left before the promised date
  deadline_near: ({ pass, sameDaySince }) => sql`
    SELECT 'deadline_near:case:' || c.id AS dedupe_key, c.id AS case_id, c.joint_case_id, NULL::bigint AS step_id, c.unit_id,
           st.assignee_id AS user_id,
           jsonb_build_object('promisedDue', c.promised_due, 'warnDays', th.warn_days, 'today', ${pass.today}::text) AS evidence,
           '承诺办结期限为 ' || c.promised_due || '，剩余不足 ' || th.warn_days || ' 个工作日' AS evidence_text,
           c.promised_due AS due, c.region_code
      FROM "case" c JOIN ${thresholdsTable(pass)} ON th.region_code = c.region_code
      ${activeStep}
     WHERE c.status = 'accepted' AND c.promised_due >= ${pass.today}::text AND c.promised_due <= ${pass.maxWarnDate}::text AND c.promised_due <= th.warn_date
       ${changedSince(sameDaySince)}`,

  // R18-2 / R19: past the promised date → yellow card (its due, promised + cardFollowupDays, is set by the scan)
  yellow_card: ({ pass, sameDaySince }) => sql`
    SELECT 'yellow_card:case:' || c.id AS dedupe_key, c.id AS case_id, c.joint_case_id, NULL::bigint AS step_id, c.unit_id,
           st.assignee_id AS user_id,
           jsonb_build_object('promisedDue', c.promised_due, 'today', ${pass.today}::text) AS evidence,
           '承诺办结期限 ' || c.promised_due || ' 已过，仍未办结' AS evidence_text,
           NULL::date AS due, c.region_code
      FROM "case" c ${activeStep}
     WHERE c.status = 'accepted' AND c.promised_due < ${pass.today}::text ${changedSince(sameDaySince)}`,

  // R19: the yellow card's follow-up period has passed and the case is still open → red card
  red_card: ({ pass, sameDaySince }) => sql`
    SELECT 'red_card:case:' || c.id AS dedupe_key, c.id AS case_id, c.joint_case_id, NULL::bigint AS step_id, c.unit_id,
           st.assignee_id AS user_id,
           jsonb_build_object('promisedDue', c.promised_due, 'yellowCardId', y.id, 'yellowCardDue', y.due, 'today', ${pass.today}::text) AS evidence,
           '黄牌限期 ' || y.due || ' 已过（承诺期限 ' || c.promised_due || '），仍未办结' AS evidence_text,
           NULL::date AS due, c.region_code
      FROM supervision_alert y JOIN "case" c ON c.id = y.case_id ${activeStep}
     WHERE y.kind = 'yellow_card' AND y.status = 'open' AND y.due < ${pass.today}::date AND c.status = 'accepted'
       ${sameDaySince ? sql`AND y.id = ANY(ARRAY(SELECT a2.id FROM supervision_alert a2 WHERE a2.kind = 'yellow_card' AND a2.status = 'open' AND a2.case_id = ANY(${caseChanges(sameDaySince)})
                                             UNION SELECT a3.id FROM supervision_alert a3 WHERE a3.raised_at > ${sameDaySince} AND a3.kind = 'yellow_card'))` : sql``}`,

  // R18-3: an active step past its own limit while the case as a whole is within its promised date
  step_overdue: ({ pass, sameDaySince }) => sql`
    SELECT 'step_overdue:step:' || s.id AS dedupe_key, c.id AS case_id, c.joint_case_id, s.id AS step_id, s.unit_id,
           s.assignee_id AS user_id,
           jsonb_build_object('step', s.name, 'stepDue', s.due, 'promisedDue', c.promised_due, 'today', ${pass.today}::text) AS evidence,
           '「' || s.name || '」环节时限 ' || s.due || ' 已过，办件承诺期限为 ' || c.promised_due AS evidence_text,
           s.due AS due, c.region_code
      FROM case_step s JOIN "case" c ON c.id = s.case_id
     WHERE s.status = 'active' AND s.due < ${pass.today}::text AND c.status = 'accepted' AND c.promised_due >= ${pass.today}::text
       ${sameDaySince ? sql`AND c.id = ANY(${stepChanges(sameDaySince)})` : sql``}`,

  // R10 / R18-1: an online application not pre-reviewed by its pre-review date
  prereview_overdue: ({ pass }) => sql`
    SELECT 'prereview_overdue:case:' || c.id AS dedupe_key, c.id AS case_id, c.joint_case_id, NULL::bigint AS step_id, coalesce(c.centre_id, c.unit_id) AS unit_id,
           NULL::bigint AS user_id,
           jsonb_build_object('submittedAt', c.submitted_at, 'prereviewDue', c.prereview_due) AS evidence,
           '网上申请应于 ' || c.prereview_due || ' 前完成预审，至今未预审' AS evidence_text,
           c.prereview_due AS due, c.region_code
      FROM "case" c
     WHERE c.status = 'submitted' AND c.prereview_due < ${pass.today}::text`,

  // R17 / R18-4: 同意但需转报, and no forwarding recorded within forwardingDays working days of the reply
  late_forwarding: ({ pass }) => sql`
    SELECT 'late_forwarding:task:' || t.id AS dedupe_key, t.case_id, t.joint_case_id, NULL::bigint AS step_id, t.unit_id,
           t.replied_by AS user_id,
           jsonb_build_object('taskId', t.id, 'repliedAt', t.replied_at, 'forwardTo', t.forward_to, 'forwardingDays', th.fwd_days) AS evidence,
           '于 ' || to_char(t.replied_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') || ' 答复“同意但需转报”（转报' || coalesce(t.forward_to, '上级机关') || '），' || th.fwd_days || ' 个工作日内未登记转报' AS evidence_text,
           NULL::date AS due, j.region_code
      FROM joint_task t JOIN joint_case j ON j.id = t.joint_case_id JOIN ${thresholdsTable(pass)} ON th.region_code = j.region_code
     WHERE t.reply = 'agree_forward' AND t.forwarded_at IS NULL AND t.status = 'replied' AND j.status <> 'withdrawn'
       AND to_char(t.replied_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') < th.fwd_before`,

  // R16: after 超时默许 / 缺席默认 the department issues its approval document by followup_due
  deemed_followup_overdue: ({ pass }) => sql`
    SELECT 'deemed_followup_overdue:task:' || t.id AS dedupe_key, t.case_id, t.joint_case_id, NULL::bigint AS step_id, t.unit_id,
           NULL::bigint AS user_id,
           jsonb_build_object('taskId', t.id, 'deemedKind', t.deemed_kind, 'followupDue', t.followup_due) AS evidence,
           '视为同意后应于 ' || t.followup_due || ' 前出具审批文书，至今未出具' AS evidence_text,
           t.followup_due AS due, j.region_code
      FROM joint_task t JOIN joint_case j ON j.id = t.joint_case_id JOIN "case" sc ON sc.id = t.case_id
     WHERE t.status = 'deemed' AND t.followup_due < ${pass.today}::text AND sc.completed_at IS NULL AND sc.status <> 'withdrawn'`,

  // R18-5: 不予受理 or 不予许可 without reasons (records imported from a department's own system)
  no_reasons: ({ since }) => sql`
    SELECT 'no_reasons:case:' || c.id AS dedupe_key, c.id AS case_id, c.joint_case_id, NULL::bigint AS step_id, c.unit_id,
           NULL::bigint AS user_id,
           jsonb_build_object('status', c.status, 'intakeKind', c.intake_kind, 'decision', c.decision, 'decidedAt', c.decided_at) AS evidence,
           CASE WHEN c.intake_kind = 'refuse' THEN '作出不予受理决定，未说明理由' ELSE '作出不予许可决定，未说明理由' END AS evidence_text,
           NULL::date AS due, c.region_code
      FROM "case" c
     WHERE c.updated_at > ${since} AND (c.intake_kind = 'refuse' OR c.decision = 'deny')
       AND coalesce(length(btrim(c.decision_reasons)), 0) = 0`,

  // R18-7: a fee line whose rule is not among the item version's fee rules, or above the rule's standard
  fee_irregular: ({ since }) => sql`
    WITH changed AS (SELECT c.id FROM "case" c WHERE c.updated_at > ${since}
                     UNION SELECT o.case_id FROM fee_order o WHERE o.created_at > ${since})
    SELECT 'fee_irregular:line:' || l.id AS dedupe_key, c.id AS case_id, c.joint_case_id, NULL::bigint AS step_id, o.unit_id,
           NULL::bigint AS user_id,
           jsonb_build_object('orderNumber', o.number, 'ruleKey', l.rule_key, 'name', l.name, 'quantity', l.quantity, 'amountCents', l.amount_cents, 'standardCents', r.std) AS evidence,
           CASE WHEN r.std IS NULL THEN '收费项目「' || l.name || '」不在该事项的收费标准之内（' || to_char(l.amount_cents / 100.0, 'FM999999990.00') || ' 元）'
                ELSE '收费项目「' || l.name || '」金额 ' || to_char(l.amount_cents / 100.0, 'FM999999990.00') || ' 元，超过标准 ' || to_char(r.std / 100.0, 'FM999999990.00') || ' 元' END AS evidence_text,
           NULL::date AS due, c.region_code
      FROM changed ch JOIN fee_order o ON o.case_id = ch.id JOIN fee_line l ON l.order_id = o.id JOIN "case" c ON c.id = ch.id
      JOIN item_version v ON v.id = c.item_version_id
      LEFT JOIN LATERAL (
        SELECT max(CASE f->>'kind'
                     WHEN 'flat' THEN (f->>'amountCents')::numeric * greatest(l.quantity, 1)
                     WHEN 'per_unit' THEN (f->>'unitPriceCents')::numeric * l.quantity
                     ELSE (SELECT max((x->>'unitPriceCents')::numeric) FROM jsonb_array_elements(f->'tiers') x) * l.quantity END) AS std
          FROM jsonb_array_elements(coalesce(v.guide->'fees', '[]'::jsonb)) f WHERE f->>'key' = l.rule_key) r ON true
     WHERE o.status <> 'cancelled' AND (r.std IS NULL OR l.amount_cents > r.std)`,

  // S10: accepted while the item stood suspended (its latest status change before the acceptance was a suspension)
  suspended_item: ({ since }) => sql`
    SELECT 'suspended_item:case:' || c.id AS dedupe_key, c.id AS case_id, c.joint_case_id, NULL::bigint AS step_id, c.unit_id,
           NULL::bigint AS user_id,
           jsonb_build_object('acceptedAt', c.accepted_at, 'suspendedAt', sc.at, 'reason', sc.reason) AS evidence,
           '事项于 ' || to_char(sc.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') || ' 暂停审批，仍于 ' || to_char(c.accepted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') || ' 受理' AS evidence_text,
           NULL::date AS due, c.region_code
      FROM "case" c
      JOIN LATERAL (SELECT h.to_status, h.at, h.reason FROM item_status_change h WHERE h.item_id = c.item_id AND h.at <= c.accepted_at ORDER BY h.at DESC, h.id DESC LIMIT 1) sc ON true
     WHERE c.updated_at > ${since} AND c.accepted_at IS NOT NULL AND sc.to_status = 'suspended'`,

  // S4 (先办后录): the intake was recorded after a later step had already started or been completed
  backfill_intake_after_step: ({ since }) => sql`
    SELECT 'backfill_intake_after_step:case:' || c.id AS dedupe_key, c.id AS case_id, c.joint_case_id, NULL::bigint AS step_id, c.unit_id,
           e.assignee_id AS user_id,
           jsonb_build_object('acceptedAt', c.accepted_at, 'step', e.name, 'stepAt', e.at) AS evidence,
           '受理时间 ' || to_char(c.accepted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') || ' 晚于「' || e.name || '」环节办理时间 ' || to_char(e.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS evidence_text,
           NULL::date AS due, c.region_code
      FROM "case" c
      JOIN LATERAL (SELECT s.name, s.assignee_id, least(s.started_at, s.completed_at) AS at FROM case_step s
                     WHERE s.case_id = c.id AND s.key <> 'intake' AND (s.started_at < c.accepted_at OR s.completed_at < c.accepted_at)
                     ORDER BY least(s.started_at, s.completed_at) LIMIT 1) e ON true
     WHERE c.updated_at > ${since} AND c.accepted_at IS NOT NULL`,

  // S4 / R20 (先办后录): a review or approval step completed faster than plausible (the item's step minMinutes, else the setting)
  backfill_too_fast: ({ pass, since }) => sql`
    SELECT 'backfill_too_fast:step:' || s.id AS dedupe_key, c.id AS case_id, c.joint_case_id, s.id AS step_id, s.unit_id,
           s.assignee_id AS user_id,
           jsonb_build_object('step', s.name, 'startedAt', s.started_at, 'completedAt', s.completed_at, 'seconds', extract(epoch FROM s.completed_at - s.started_at)::int, 'minMinutes', m.min) AS evidence,
           '「' || s.name || '」环节用时 ' || round(extract(epoch FROM s.completed_at - s.started_at) / 60.0, 1) || ' 分钟，短于合理最短用时 ' || m.min || ' 分钟' AS evidence_text,
           NULL::date AS due, c.region_code
      FROM case_step s JOIN "case" c ON c.id = s.case_id JOIN item_version v ON v.id = c.item_version_id
      JOIN ${thresholdsTable(pass)} ON th.region_code = c.region_code
      CROSS JOIN LATERAL (SELECT coalesce((SELECT (x->>'minMinutes')::int FROM jsonb_array_elements(coalesce(v.guide->'steps', '[]'::jsonb)) x
                                            WHERE x->>'key' = s.key AND jsonb_typeof(x->'minMinutes') = 'number' LIMIT 1), th.step_min) AS min) m
     WHERE s.completed_at > ${since} AND s.key IN ('review', 'approve') AND s.started_at IS NOT NULL
       AND s.completed_at - s.started_at < make_interval(mins => m.min)
       -- a person's record only: instant items are done at the counter in one go, and a joint sub-case's
       -- steps are closed by the department's reply (its work is timed by the joint task), not entered by hand
       AND s.assignee_id IS NOT NULL AND c.joint_case_id IS NULL
       AND NOT EXISTS (SELECT 1 FROM item i WHERE i.id = c.item_id AND i.instant)`,

  // S4 / R20 (先办后录): burstCount or more step records by one person within burstWindowMinutes, on cases
  // accepted burstLagDays or more working days before: work done long ago entered in one go
  backfill_burst: ({ pass, since }) => sql`
    WITH recent AS (
      SELECT s.id, s.assignee_id, s.completed_at, s.unit_id, c.id AS case_id, c.number, c.region_code, th.burst_count, th.burst_window, th.burst_lag_days
        FROM case_step s JOIN "case" c ON c.id = s.case_id JOIN ${thresholdsTable(pass)} ON th.region_code = c.region_code
       WHERE s.completed_at > ${since}::timestamptz - make_interval(mins => ${pass.maxBurstWindow}::int) AND s.assignee_id IS NOT NULL AND s.key <> 'intake'
         AND to_char(c.accepted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') <= th.burst_lag_date),
    -- per record: the same person's records within burstWindowMinutes before it (inclusive), counted and
    -- listed by a sliding window frame in one ordered pass (not a scan of all records per record, which
    -- grew with the square of the history on a first pass). A RANGE frame needs a constant offset: one
    -- branch per distinct window length of the regions (usually one).
    bursts AS (${sql.join(
      [...new Set(pass.regions.map((r) => r.settings.burstWindowMinutes))].map(
        (w) => sql`
      SELECT * FROM (
        SELECT r.assignee_id, r.completed_at, r.unit_id, r.region_code, r.burst_count, r.burst_window, r.burst_lag_days,
               count(*) OVER win AS n, array_agg(r.number) OVER win AS numbers
          FROM recent r
        WINDOW win AS (PARTITION BY r.assignee_id ORDER BY r.completed_at RANGE BETWEEN ${sql.lit(`${Number(w)} minutes`)}::interval PRECEDING AND CURRENT ROW)) x
       WHERE x.burst_window = ${Number(w)}::int`,
      ),
      sql` UNION ALL `,
    )}${pass.regions.length === 0 ? sql`SELECT NULL::bigint AS assignee_id, NULL::timestamptz AS completed_at, NULL::bigint AS unit_id, NULL::text AS region_code, NULL::int AS burst_count, NULL::int AS burst_window, NULL::int AS burst_lag_days, 0::bigint AS n, NULL::text[] AS numbers WHERE false` : sql``})
    SELECT DISTINCT ON (b.assignee_id, (b.completed_at AT TIME ZONE 'Asia/Shanghai')::date)
           'backfill_burst:user:' || b.assignee_id || ':' || to_char(b.completed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS dedupe_key,
           NULL::bigint AS case_id, NULL::bigint AS joint_case_id, NULL::bigint AS step_id, b.unit_id, b.assignee_id AS user_id,
           jsonb_build_object('count', b.n, 'windowMinutes', b.burst_window, 'lagDays', b.burst_lag_days, 'caseNumbers', to_jsonb(b.numbers), 'until', b.completed_at) AS evidence,
           to_char(b.completed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') || ' 前 ' || b.burst_window || ' 分钟内集中录入 ' || b.n || ' 个环节，所涉办件受理已超过 ' || b.burst_lag_days || ' 个工作日' AS evidence_text,
           NULL::date AS due, b.region_code
      FROM bursts b
     WHERE b.n >= b.burst_count
     ORDER BY b.assignee_id, (b.completed_at AT TIME ZONE 'Asia/Shanghai')::date, b.n DESC, b.completed_at`,

  // S4 / R20 (先办后录): offHoursCount or more step records by one person within one hour outside working hours
  backfill_off_hours: ({ pass, since }) => sql`
    SELECT 'backfill_off_hours:user:' || g.assignee_id || ':' || to_char(g.hour, 'YYYY-MM-DD"T"HH24') AS dedupe_key,
           NULL::bigint AS case_id, NULL::bigint AS joint_case_id, NULL::bigint AS step_id, g.unit_id, g.assignee_id AS user_id,
           jsonb_build_object('count', g.n, 'hour', to_char(g.hour, 'YYYY-MM-DD HH24:00'), 'caseNumbers', to_jsonb(g.numbers)) AS evidence,
           to_char(g.hour, 'YYYY-MM-DD HH24:00') || ' 起一小时内（非工作时间）录入 ' || g.n || ' 个环节' AS evidence_text,
           NULL::date AS due, g.region_code
      FROM (
        SELECT s.assignee_id, date_trunc('hour', s.completed_at AT TIME ZONE 'Asia/Shanghai') AS hour, min(s.unit_id) AS unit_id, min(c.region_code) AS region_code,
               count(*) AS n, array_agg(c.number ORDER BY s.completed_at) AS numbers, min(th.off_count) AS off_count
          FROM case_step s JOIN "case" c ON c.id = s.case_id JOIN ${thresholdsTable(pass)} ON th.region_code = c.region_code
         WHERE s.completed_at > ${since}::timestamptz - interval '1 hour' AND s.assignee_id IS NOT NULL AND s.key <> 'intake'
           AND ((s.completed_at AT TIME ZONE 'Asia/Shanghai')::time < th.work_start
                OR (s.completed_at AT TIME ZONE 'Asia/Shanghai')::time >= th.work_end
                OR (s.completed_at AT TIME ZONE 'Asia/Shanghai')::date = ANY (th.off_dates))
         GROUP BY s.assignee_id, date_trunc('hour', s.completed_at AT TIME ZONE 'Asia/Shanghai')) g
     WHERE g.n >= g.off_count`,
}

/** The incremental detectors (over history): they read only rows changed since the watermark. */
/**
 * Detectors that read alerts another detector raises: they run after it in the same pass whenever it
 * raised something, whatever the pass's opening probe saw (a yellow card raised for a case found
 * long after its deadline may already be past its follow-up date).
 */
export const READS_RAISED: Partial<Record<AlertKind, AlertKind>> = { red_card: 'yellow_card' }

export const INCREMENTAL: ReadonlySet<AlertKind> = new Set([
  'no_reasons',
  'fee_irregular',
  'suspended_item',
  'backfill_intake_after_step',
  'backfill_too_fast',
  'backfill_burst',
  'backfill_off_hours',
])

/**
 * Closing condition alerts whose condition is gone: for each kind, the open alerts to close and why.
 * Yields (id, reason).
 */
export const CLOSERS: Partial<Record<AlertKind, (p: Pass, sameDaySince: Date | null) => RawBuilder<unknown>>> = {
  // within a day only a changed case can stop matching (its thresholds are those of the last pass)
  deadline_near: (p, since) => sql`
    SELECT a.id, CASE WHEN c.status NOT IN ('accepted', 'paused') THEN '办件已' || CASE c.status WHEN 'withdrawn' THEN '撤回' WHEN 'decided' THEN '作出决定' ELSE '办结' END
                      WHEN c.status = 'accepted' AND c.promised_due < ${p.today}::text THEN '已超过承诺期限，转为黄牌'
                      ELSE '承诺期限已延后，不再临近' END AS reason
      FROM ${openAlerts('deadline_near', since)} a JOIN "case" c ON c.id = a.case_id LEFT JOIN ${thresholdsTable(p)} ON th.region_code = c.region_code
     WHERE a.kind = 'deadline_near' AND a.status = 'open'
       AND (c.status NOT IN ('accepted', 'paused') OR (c.status = 'accepted' AND (c.promised_due < ${p.today}::text OR c.promised_due > th.warn_date)))`,
  yellow_card: (_p, since) => caseClosed('yellow_card', since),
  red_card: (_p, since) => caseClosed('red_card', since),
  // a step is done (completed_at set) or skipped / the case leaves accepted (the case is updated)
  step_overdue: (_p, since) => sql`
    SELECT a.id, CASE WHEN s.status <> 'active' THEN '该环节已办理' ELSE '办件已结束或暂停' END AS reason
      FROM ${openAlerts('step_overdue', since, stepChanges)} a JOIN case_step s ON s.id = a.step_id JOIN "case" c ON c.id = s.case_id
     WHERE a.kind = 'step_overdue' AND a.status = 'open' AND (s.status <> 'active' OR c.status <> 'accepted')`,
  prereview_overdue: () => sql`
    SELECT a.id, '已完成预审' AS reason FROM supervision_alert a JOIN "case" c ON c.id = a.case_id
     WHERE a.kind = 'prereview_overdue' AND a.status = 'open' AND c.status <> 'submitted'`,
  late_forwarding: () => sql`
    SELECT a.id, CASE WHEN t.forwarded_at IS NOT NULL THEN '已登记转报（' || coalesce(t.forwarded_ref, '') || '）' ELSE '部门任务已结束' END AS reason
      FROM supervision_alert a JOIN joint_task t ON t.id = (a.evidence->>'taskId')::bigint
     WHERE a.kind = 'late_forwarding' AND a.status = 'open' AND (t.forwarded_at IS NOT NULL OR t.status <> 'replied')`,
  deemed_followup_overdue: () => sql`
    SELECT a.id, '审批文书已出具' AS reason
      FROM supervision_alert a JOIN joint_task t ON t.id = (a.evidence->>'taskId')::bigint JOIN "case" sc ON sc.id = t.case_id
     WHERE a.kind = 'deemed_followup_overdue' AND a.status = 'open' AND (sc.completed_at IS NOT NULL OR sc.status = 'withdrawn')`,
  order_unanswered: () => sql`
    SELECT a.id, '督办已回复' AS reason
      FROM supervision_alert a JOIN supervision_order o ON o.id = (a.evidence->>'orderId')::bigint
     WHERE a.kind = 'order_unanswered' AND a.status = 'open' AND o.status NOT IN ('sent', 'escalated')`,
}

/** A card closes when its case is no longer open: a status change, which bumps updated_at (so within a day: changed cases only). */
function caseClosed(kind: 'yellow_card' | 'red_card', since: Date | null) {
  return sql`
    SELECT a.id, '办件已' || CASE c.status WHEN 'withdrawn' THEN '撤回' WHEN 'decided' THEN '作出决定' ELSE '办结' END AS reason
      FROM ${openAlerts(kind, since)} a JOIN "case" c ON c.id = a.case_id
     WHERE a.kind = ${kind} AND a.status = 'open' AND c.status NOT IN ('accepted', 'paused')`
}
