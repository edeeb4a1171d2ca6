import { sql, type Kysely } from 'kysely'

/**
 * The fair view's expectations (each item's average working days over the 365 days before a ranking
 * period), kept once computed: they read up to twelve months of every item's rollups, and they change
 * only when a case completed inside that window changes, at which point the refresh deletes them
 * (stats.deltas.ts). A window row marks a computed window, even one with no items.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`CREATE TABLE stats_item_expect_window (from_day text NOT NULL, to_day text NOT NULL, computed_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (from_day, to_day))`).execute(db)
  await sql.raw(`CREATE TABLE stats_item_expect (
    from_day text NOT NULL,
    to_day text NOT NULL,
    item_id bigint NOT NULL,
    avg_workdays double precision NOT NULL,
    PRIMARY KEY (from_day, to_day, item_id),
    FOREIGN KEY (from_day, to_day) REFERENCES stats_item_expect_window (from_day, to_day) ON DELETE CASCADE)`).execute(db)
}
