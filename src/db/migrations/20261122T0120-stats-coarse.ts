import { sql, type Kysely } from 'kysely'

/**
 * Statistics rollups whose size does not grow with the number of cases (issue 6: KPI queries at
 * 5 M cases). stats_day was keyed down to item, window and user: almost a row per case. In its place:
 *
 *  - stats_unit_{day,month,total}: one row per (period, handling unit, receiving window, channel,
 *    level), every measure a column (received, accepted, completed …, ratings, alerts). Period
 *    queries read whole months from the month table and only the edge days from the day table; the
 *    overdue-open count at a date is the all-time total minus what lies after that date.
 *  - stats_item_{day,month,total}: the same per item (item breakdown, the fair view's expectations).
 *  - stats_staff_day gains the ratings and alerts of each staff member (the staff ranking).
 *  - stats_open: open cases by region, unit, promised date and paused, for the lobby screen's lights.
 *  - stats_rating_fact / stats_alert_fact: what each rating or alert contributed, so a change is
 *    applied by difference; stats_event_queue: ids of ratings and alerts inserted, updated or
 *    deleted since the last refresh, filled by statement triggers (commit order safe).
 *
 * Every rollup is maintained by difference (old fact subtracted, new fact added) instead of being
 * re-aggregated. The old tables are dropped and the watermarks reset: the next refresh rebuilds all.
 */
const MEASURES = [
  'received', 'received_corrections', 'accepted', 'accepted_online', 'accepted_window', 'accepted_completed', 'accepted_withdrawn',
  'completed', 'instant', 'on_time', 'early', 'late', 'workdays', 'legal_days', 'completed_corrections', 'overdue_in', 'overdue_out',
  'ratings', 'satisfied', 'bad', 'alerts', 'yellow', 'red',
]
const measureCols = MEASURES.map((m) => `${m} bigint NOT NULL DEFAULT 0`).join(',\n    ')

export async function up(db: Kysely<any>): Promise<void> {
  const run = (q: string) => sql.raw(q).execute(db)
  await run(`DROP TABLE stats_day`)
  await run(`DROP TABLE stats_dirty`)
  await run(`DROP TABLE stats_staff_day`)
  await run(`TRUNCATE stats_case_fact, stats_step_fact`)
  await run(`UPDATE stats_watermark SET at = NULL, last_id = 0, refreshed_at = NULL`)
  await run(`ALTER TABLE stats_case_fact ADD COLUMN promised_due text`)

  const unitKey = `unit_id bigint NOT NULL, window_id bigint NOT NULL, channel text NOT NULL, level smallint NOT NULL`
  await run(`CREATE TABLE stats_unit_day (day text NOT NULL, ${unitKey},\n    ${measureCols},\n    PRIMARY KEY (day, unit_id, window_id, channel, level))`)
  await run(`CREATE TABLE stats_unit_month (month text NOT NULL, ${unitKey},\n    ${measureCols},\n    PRIMARY KEY (month, unit_id, window_id, channel, level))`)
  await run(`CREATE TABLE stats_unit_total (${unitKey},\n    ${measureCols},\n    PRIMARY KEY (unit_id, window_id, channel, level))`)
  const itemKey = `item_id bigint NOT NULL, unit_id bigint NOT NULL, window_id bigint NOT NULL, level smallint NOT NULL`
  await run(`CREATE TABLE stats_item_day (day text NOT NULL, ${itemKey},\n    ${measureCols},\n    PRIMARY KEY (day, item_id, unit_id, window_id, level))`)
  await run(`CREATE TABLE stats_item_month (month text NOT NULL, ${itemKey},\n    ${measureCols},\n    PRIMARY KEY (month, item_id, unit_id, window_id, level))`)
  await run(`CREATE TABLE stats_item_total (${itemKey},\n    ${measureCols},\n    PRIMARY KEY (item_id, unit_id, window_id, level))`)
  await run(`CREATE TABLE stats_staff_day (
    day text NOT NULL,
    user_id bigint NOT NULL,
    unit_id bigint NOT NULL,
    steps bigint NOT NULL DEFAULT 0,
    on_time bigint NOT NULL DEFAULT 0,
    early bigint NOT NULL DEFAULT 0,
    workdays bigint NOT NULL DEFAULT 0,
    ratings bigint NOT NULL DEFAULT 0,
    satisfied bigint NOT NULL DEFAULT 0,
    bad bigint NOT NULL DEFAULT 0,
    alerts bigint NOT NULL DEFAULT 0,
    yellow bigint NOT NULL DEFAULT 0,
    red bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (day, user_id, unit_id))`)
  await run(`CREATE TABLE stats_open (
    region_code text NOT NULL,
    unit_id bigint NOT NULL,
    due text NOT NULL,
    paused boolean NOT NULL,
    n bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (region_code, unit_id, due, paused))`)
  await run(`CREATE TABLE stats_rating_fact (
    rating_id bigint PRIMARY KEY,
    day text NOT NULL,
    unit_id bigint NOT NULL,
    window_id bigint NOT NULL,
    user_id bigint NOT NULL,
    channel text NOT NULL,
    counted smallint NOT NULL,
    satisfied smallint NOT NULL,
    bad smallint NOT NULL)`)
  await run(`CREATE TABLE stats_alert_fact (
    alert_id bigint PRIMARY KEY,
    day text NOT NULL,
    unit_id bigint NOT NULL,
    user_id bigint NOT NULL,
    alerts smallint NOT NULL,
    yellow smallint NOT NULL,
    red smallint NOT NULL)`)
  await run(`CREATE TABLE stats_event_queue (kind text NOT NULL, id bigint NOT NULL, PRIMARY KEY (kind, id))`)
  // statement-level triggers with transition tables: one INSERT … SELECT per statement, however
  // many rows it wrote (the supervision pass raises alerts in bulk)
  for (const [table, kind, events] of [
    ['rating', 'rating', ['INSERT', 'UPDATE', 'DELETE']],
    ['supervision_alert', 'alert', ['INSERT', 'DELETE']],
  ] as const) {
    for (const ev of events) {
      const rows = ev === 'DELETE' ? 'old_rows' : 'new_rows'
      const fn = `stats_queue_${kind}_${ev.toLowerCase()}`
      await run(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO stats_event_queue (kind, id) SELECT '${kind}', id FROM ${rows} ON CONFLICT DO NOTHING;
          RETURN NULL;
        END $$`)
      await run(`CREATE TRIGGER ${fn} AFTER ${ev} ON ${table} REFERENCING ${ev === 'DELETE' ? 'OLD' : 'NEW'} TABLE AS ${rows}
        FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`)
    }
  }
}
