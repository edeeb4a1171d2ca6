/**
 * The supervision pass (`scan(deps, now)`, the sweep that runs every minute) over the open cases of a
 * data set, against a plain `SELECT count(*)` of the same open cases (the partial index
 * `case_sup_open_due_idx`, which the pass's deadline detectors read), measured in the same run.
 *
 *  - first pass: from no alerts (the set's alerts and the scan watermark are cleared first, so the run
 *    is repeatable); it raises many alerts. Reported (count, time), not compared.
 *  - steady state: the pass again with nothing changed (the clock moved one minute each time, as the
 *    sweep would): median of several passes ÷ median of several count(*) — target ≤ 3×.
 *  - incremental: 1,000 open cases completed by plain SQL updates that bump updated_at (their active
 *    step done too), then one pass: its time and its ratio to the steady-state pass. The cases are
 *    put back afterwards, so the cached data set keeps its shape for the next run.
 *
 * The clock is the data set's own: the day after its last acceptance (09:30 Asia/Shanghai), so the
 * run is repeatable. Smoke mode: a fresh tiny set with a backlog of open cases added by SQL.
 */
import { sql, type Kysely } from 'kysely'
import type { DB } from '../src/db/schema.js'
import { scan } from '../src/modules/supervision/index.js'
import { dataset, smokeKind, withDataset, LARGE, MEDIUM, SMALL, type Dataset, type DatasetSpec } from './datasets.js'
import { round, summarize, type BenchEnv, type BenchResult } from './lib.js'


const median = (xs: number[]) => summarize(xs).p50

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now()
  const value = await fn()
  return { ms: performance.now() - t, value }
}

/** The data set's clock: 09:30 (Asia/Shanghai) of the day after its last acceptance. */
export async function clockOf(db: Kysely<DB>): Promise<Date> {
  const r = await sql<{ d: string | null }>`SELECT to_char(max(accepted_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS d FROM "case"`.execute(db)
  const d = r.rows[0]?.d ?? new Date().toISOString().slice(0, 10)
  return new Date(new Date(`${d}T09:30:00+08:00`).getTime() + 86_400_000)
}

async function openCount(db: Kysely<DB>): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM "case" WHERE status = 'accepted'`.execute(db)
  return Number(r.rows[0]?.n ?? 0)
}

/**
 * Smoke sets only: an open backlog cloned from finished cases (accepted, one active review step),
 * promised dates mostly 0–40 days ahead, 2 % up to 20 days past, so every deadline detector has work.
 */
export async function addBacklog(db: Kysely<DB>, n: number, now: Date): Promise<void> {
  const today = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
  await sql`
    INSERT INTO "case" (number, item_id, item_version_id, unit_id, region_code, centre_id, window_id, channel, status, applicant_user_id,
                        applicant_kind, applicant_name, created_at, received_at, accepted_at, legal_days, promised_days, legal_due, promised_due, updated_at)
    SELECT 'BK' || g || '-' || c.number, c.item_id, c.item_version_id, c.unit_id, c.region_code, c.centre_id, c.window_id, c.channel, 'accepted', c.applicant_user_id,
           c.applicant_kind, c.applicant_name, ${now}::timestamptz - interval '30 days', ${now}::timestamptz - interval '30 days', ${now}::timestamptz - interval '30 days',
           c.legal_days, c.promised_days, to_char(${today}::date + 60, 'YYYY-MM-DD'), to_char(${today}::date + CASE WHEN g % 50 = 0 THEN -1 - (g / 50) % 20 ELSE g % 40 END, 'YYYY-MM-DD'),
           ${now}::timestamptz - interval '1 day'
      FROM generate_series(1, ${n}::int) g
      JOIN (SELECT c.*, row_number() OVER (ORDER BY c.id) AS rn, count(*) OVER () AS total FROM "case" c WHERE c.accepted_at IS NOT NULL AND c.status = 'completed') c
        ON c.rn = 1 + g % c.total`.execute(db)
  await sql`
    INSERT INTO case_step (case_id, seq, key, name, role, unit_id, limit_days, status, started_at, due)
    SELECT c.id, 1, 'review', '审查', 'reviewer', c.unit_id, 3, 'active', c.accepted_at, c.promised_due
      FROM "case" c WHERE c.number LIKE 'BK%' AND NOT EXISTS (SELECT 1 FROM case_step s WHERE s.case_id = c.id)`.execute(db)
}

export async function run(env: BenchEnv): Promise<BenchResult[]> {
  // full mode runs on LARGE (1 M open cases); BENCH_SUPERVISION_SET=SMALL|MEDIUM for a quicker look
  const spec: DatasetSpec = env.smoke ? { cases: 600, years: 1, seed: 5, kind: smokeKind(), fresh: true } : ({ SMALL, MEDIUM, LARGE } as Record<string, DatasetSpec>)[process.env.BENCH_SUPERVISION_SET ?? 'LARGE'] ?? LARGE
  return withDataset(env, spec, (ds) => measure(env, ds))
}

/** The measurement on a data set (exported for development runs on other sets). */
export async function measure(env: BenchEnv, ds: Dataset): Promise<BenchResult[]> {
  const p = await ds.start()
  const db = p.app.deps.db
  // the platform's clock follows the pass's `now` (raised_at, audit times), as in production
  let at = new Date()
  const deps = { ...p.app.deps, clock: { now: () => at } }
  const scanAt = (t: Date) => {
    at = t
    return scan(deps, t)
  }
  try {
    const now = await clockOf(db)
    if (ds.name.startsWith('ow_bench_tmp_') && (await openCount(db)) < 1000) await addBacklog(db, 1000 - (await openCount(db)), now)
    if (ds.kind === 'postgres') await sql`VACUUM ANALYZE "case", case_step`.execute(db)
    else await sql`ANALYZE`.execute(db)
    const open = await openCount(db)
    // a repeatable start: no alerts, no watermark (earlier runs of this benchmark left theirs)
    await sql`DELETE FROM supervision_alert WHERE id NOT IN (SELECT alert_id FROM supervision_order WHERE alert_id IS NOT NULL)`.execute(db)
    await sql`DELETE FROM supervision_watermark`.execute(db)

    env.log(`supervision: ${open.toLocaleString()} open cases (${ds.name}); first pass …`)
    const first = await timed(() => scanAt(now))
    const raised = Object.values(first.value.raised).reduce((a, b) => a + (b ?? 0), 0)
    env.log(`supervision: first pass ${round(first.ms / 1000, 1)} s, ${raised.toLocaleString()} alerts raised`)

    const runs = env.smoke ? 3 : 7
    const minute = (i: number) => new Date(now.getTime() + (i + 1) * 60_000)
    const counts: number[] = []
    const passes: number[] = []
    const steadyRaised: number[] = []
    for (let i = 0; i < runs; i++) {
      counts.push((await timed(() => openCount(db))).ms)
      const s = await timed(() => scanAt(minute(i)))
      passes.push(s.ms)
      steadyRaised.push(Object.values(s.value.raised).reduce((a, b) => a + (b ?? 0), 0) + s.value.closed)
    }
    const plan = (await sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT count(*) FROM "case" WHERE status = 'accepted'`.execute(db)).rows.map((r) => r['QUERY PLAN']).join(' | ')

    // 1,000 changes: open cases completed by plain updates (updated_at bumped), then one pass
    const changeAt = minute(runs + 1)
    const ids = (await sql<{ id: string }>`SELECT id FROM "case" WHERE status = 'accepted' ORDER BY promised_due, id LIMIT 1000`.execute(db)).rows.map((r) => Number(r.id))
    await sql`UPDATE "case" SET status = 'completed', decision = 'grant', decided_at = ${changeAt}, completed_at = ${changeAt}, updated_at = ${changeAt} WHERE id = ANY(${ids}::bigint[])`.execute(db)
    await sql`UPDATE case_step SET status = 'done', completed_at = ${changeAt} WHERE case_id = ANY(${ids}::bigint[]) AND status = 'active'`.execute(db)
    const inc = await timed(() => scanAt(new Date(changeAt.getTime() + 60_000)))
    // put them back (open again, step active): the cached set keeps its shape
    await sql`UPDATE "case" SET status = 'accepted', decision = NULL, decided_at = NULL, completed_at = NULL WHERE id = ANY(${ids}::bigint[])`.execute(db)
    await sql`UPDATE case_step SET status = 'active', completed_at = NULL WHERE case_id = ANY(${ids}::bigint[]) AND completed_at = ${changeAt}`.execute(db)

    const steady = median(passes)
    const count = median(counts)
    const ratio = steady / count
    const incRatio = inc.ms / steady
    env.log(`supervision: steady pass ${round(steady)} ms vs count(*) ${round(count)} ms → ${round(ratio)}× (≤ 3×); after 1,000 changes ${round(inc.ms)} ms (${round(incRatio)}× the steady pass)`)
    const sizes = { dataset: ds.name, kind: ds.kind, openCases: open, now: now.toISOString() }
    return [
      {
        name: 'supervision.pass',
        title: '电子监察扫描（无变化）÷ 在办件 count(*) / supervision pass, nothing changed, vs count(*) of open cases',
        value: round(steady),
        unit: 'ms',
        baseline: { name: "SELECT count(*) FROM case WHERE status = 'accepted'", value: round(count), unit: 'ms' },
        ratio: round(ratio),
        ratioMeaning: 'pass ÷ count(*) (medians)',
        target: '≤ 3×',
        met: env.smoke ? null : ratio <= 3,
        details: {
          ...sizes,
          runs,
          passesMs: passes.map((x) => round(x)),
          countsMs: counts.map((x) => round(x)),
          steadyRaisedOrClosed: steadyRaised,
          countPlan: plan,
          firstPass: { ms: round(first.ms), raised: first.value.raised, raisedTotal: raised, closed: first.value.closed },
        },
      },
      {
        name: 'supervision.pass.incremental',
        title: '1,000 件变化后的监察扫描 / supervision pass after 1,000 cases changed, vs the steady pass',
        value: round(inc.ms),
        unit: 'ms',
        baseline: { name: 'steady-state pass (median)', value: round(steady), unit: 'ms' },
        ratio: round(incRatio),
        ratioMeaning: 'incremental pass ÷ steady-state pass',
        target: null,
        met: null,
        details: { ...sizes, changed: ids.length, how: 'completed by plain UPDATE (updated_at bumped, active step done), then one pass; put back afterwards', raised: inc.value.raised, closed: inc.value.closed },
      },
    ]
  } finally {
    await p.stop()
  }
}
