import { sql, type Kysely } from 'kysely'

/**
 * The day and month rollups' measures as integer, not bigint: `sum(integer)` runs on a 64-bit
 * accumulator and returns bigint, while `sum(bigint)` accumulates and returns numeric, which at 8,000
 * rows × 23 measures took twice the time and spilled the hash aggregate to disk (EXPLAIN ANALYZE on
 * the 500 k-case set: 88 → 48 ms for a month's item breakdown). A day or a month of one unit and
 * window stays far below 2^31 for every measure; the all-time rows keep bigint.
 */
const MEASURES = [
  'received', 'received_corrections', 'accepted', 'accepted_online', 'accepted_window', 'accepted_completed', 'accepted_withdrawn',
  'completed', 'instant', 'on_time', 'early', 'late', 'workdays', 'legal_days', 'completed_corrections', 'overdue_in', 'overdue_out',
  'ratings', 'satisfied', 'bad', 'alerts', 'yellow', 'red',
]
const STAFF = ['steps', 'on_time', 'early', 'workdays', 'ratings', 'satisfied', 'bad', 'alerts', 'yellow', 'red']

export async function up(db: Kysely<any>): Promise<void> {
  for (const t of ['stats_unit_day', 'stats_unit_month', 'stats_item_day', 'stats_item_month']) {
    await sql.raw(`ALTER TABLE ${t} ${MEASURES.map((m) => `ALTER COLUMN ${m} TYPE integer`).join(', ')}`).execute(db)
  }
  await sql.raw(`ALTER TABLE stats_staff_day ${STAFF.map((m) => `ALTER COLUMN ${m} TYPE integer`).join(', ')}`).execute(db)
}
