import { sql, type Kysely } from 'kysely'

/**
 * The supervision pass within a day reads only what changed since its watermark (README "Same-day
 * passes"): for step_overdue that includes the steps activated since, found by this partial index
 * (active steps by start time), on the cases module's table, read only by supervision.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`CREATE INDEX case_step_sup_active_started_idx ON case_step (started_at) WHERE status = 'active'`).execute(db)
}
