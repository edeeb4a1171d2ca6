/**
 * The public progress query (GET /api/progress?number=…&idNumber=…|phone=…) over HTTP under
 * concurrent keep-alive clients, against a bare Fastify route doing one primary-key SELECT on "case"
 * on the same database, both servers in their own child process. The platform runs as `npm start`
 * runs it (src/main.ts through tsx, jobs on, LOG_LEVEL at its default); its memory is sampled during
 * the load.
 *
 * Rate limiting: the public route is limited per client address (LOGIN_RATE_LIMIT a minute, default
 * 20). Citizens come from many addresses, so the clients here do too: the platform runs behind a
 * trusted proxy (TRUST_PROXY=true) and each request carries X-Forwarded-For from a pool of 1,024
 * addresses, with LOGIN_RATE_LIMIT at its documented maximum (10,000). The limiter still runs on
 * every request; no 429 is expected and any is counted as an error.
 *
 * Background sweeps: the platform runs with its jobs on. A data set fresh from the generator has
 * never been swept, so on its first start every sweep is due at once, and their one-time catch-up
 * (the first supervision pass over a million open cases runs for hours, the first statistics rollup
 * for about twenty minutes) would run inside the measured window, in one round and not in the
 * other, depending on which process holds their lease. What is measured is the steady state: before
 * each platform round the sweeps are marked as just run (next run one interval on), as a running
 * server keeps them; their rows are put back as they were afterwards. Sweeps with short intervals
 * (documents, outbox: seconds) still run during the load.
 */
import { sql } from 'kysely'
import { openDatabase } from '../src/db/database.js'
import { dataset, LARGE, MEDIUM, SMALL, type Dataset, type DatasetSpec } from './datasets.js'
import { mergeLoads, runLoad, type LoadRequest, type LoadResult } from './http-load.js'
import { freePort, ROOT, spawnPlatform, spawnServer, type ServerProcess } from './http-server.js'
import { round, type BenchEnv, type BenchResult } from './lib.js'
import { rng } from './calendar.bench.js'
import path from 'node:path'

/** full mode runs on LARGE; BENCH_PROGRESS_SET=SMALL|MEDIUM for a quicker look */
const SPECS: Record<string, DatasetSpec> = { SMALL, MEDIUM, LARGE }

interface Sampled {
  id: number
  number: string
  idNumber: string | null
  phone: string | null
}

/** A sample of real, non-draft cases with their applicant's ID number (or credit code) and phone. */
export async function sampleCases(ds: Dataset, n: number): Promise<Sampled[]> {
  const database = await openDatabase({ databaseUrl: ds.databaseUrl ?? undefined, dataDir: ds.dataDir ?? undefined, poolSize: 1 })
  try {
    const est = await sql<{ n: number }>`select greatest(reltuples, 0)::bigint as n from pg_class where relname = 'case'`.execute(database.db)
    const total = Math.max(1, Number(est.rows[0]?.n ?? 0))
    const pct = Math.min(100, Math.max(0.01, ((n * 3) / total) * 100))
    const r = await sql<{ id: number; number: string; applicant_id_number: string | null; applicant_credit_code: string | null; applicant_phone: string | null }>`
      select id, number, applicant_id_number, applicant_credit_code, applicant_phone
      from "case" tablesample system (${sql.lit(pct)}) where status <> 'draft' limit ${n}`.execute(database.db)
    let rows = r.rows
    if (rows.length < Math.min(n, 50)) {
      rows = (await sql<(typeof rows)[number]>`select id, number, applicant_id_number, applicant_credit_code, applicant_phone from "case" where status <> 'draft' order by id limit ${n}`.execute(database.db)).rows
    }
    return rows
      .map((x) => ({ id: Number(x.id), number: x.number, idNumber: x.applicant_id_number ?? x.applicant_credit_code, phone: x.applicant_phone }))
      .filter((x) => x.idNumber || x.phone)
  } finally {
    await database.close()
  }
}

/** Marks every sweep as just run (steady state); returns a function that puts the rows back. */
async function steadySweeps(ds: Dataset): Promise<() => Promise<void>> {
  if (!ds.databaseUrl) return async () => {}
  const database = await openDatabase({ databaseUrl: ds.databaseUrl, poolSize: 1 })
  try {
    const saved = await sql<{ name: string; next_run_at: Date }>`SELECT name, next_run_at FROM sweep`.execute(database.db)
    await sql`UPDATE sweep SET next_run_at = now() + interval_ms * interval '1 millisecond'`.execute(database.db)
    return async () => {
      const db2 = await openDatabase({ databaseUrl: ds.databaseUrl!, poolSize: 1 })
      try {
        for (const r of saved.rows) await sql`UPDATE sweep SET next_run_at = ${r.next_run_at} WHERE name = ${r.name}`.execute(db2.db)
      } finally {
        await db2.close()
      }
    }
  } finally {
    await database.close()
  }
}

function mb(bytes: number): number {
  return round(bytes / 2 ** 20, 1)
}

export async function run(env: BenchEnv): Promise<BenchResult[]> {
  const kind = env.smoke ? (process.env.DATABASE_URL ? 'postgres' : 'pglite') : 'postgres'
  const setName = (process.env.BENCH_PROGRESS_SET ?? 'LARGE').toUpperCase()
  const spec: DatasetSpec = env.smoke ? { cases: 2000, kind, fresh: true } : SPECS[setName] ?? LARGE
  const connections = env.smoke ? 8 : Number(process.env.BENCH_CONNECTIONS || 64)
  const durationMs = env.smoke ? 1500 : Number(process.env.BENCH_DURATION_MS || 15_000)
  const warmupMs = env.smoke ? 500 : 3000
  const rounds = env.smoke ? 1 : Number(process.env.BENCH_ROUNDS || 2)
  const ds = await dataset(env, spec)
  const live = { server: null as ServerProcess | null }
  let restoreSweeps: (() => Promise<void>) | null = null
  try {
    const cases = await sampleCases(ds, env.smoke ? 200 : 5000)
    if (cases.length === 0) throw new Error(`progress bench: no cases in ${ds.name}`)
    env.log(`progress: ${ds.name} (${kind}), ${cases.length} sampled cases, ${connections} connections, ${durationMs / 1000} s after ${warmupMs / 1000} s warm-up`)
    const rand = rng(6)
    const pick = () => cases[Math.floor(rand() * cases.length)]!

    const wrongId = '110101190001010000'
    const nextProgress = (): LoadRequest => {
      const c = pick()
      const ip = `10.77.${Math.floor(rand() * 4)}.${1 + Math.floor(rand() * 254)}`
      const headers = `X-Forwarded-For: ${ip}\r\n`
      const r = rand()
      if (r < 0.1) return { path: `/api/progress?number=${encodeURIComponent(c.number)}&idNumber=${wrongId}`, expect: 404, headers }
      const byPhone = c.phone && (r < 0.55 || !c.idNumber)
      const q = byPhone ? `phone=${encodeURIComponent(c.phone!)}` : `idNumber=${encodeURIComponent(c.idNumber!)}`
      return { path: `/api/progress?number=${encodeURIComponent(c.number)}&${q}`, expect: 200, headers }
    }
    const nextBaseline = (): LoadRequest => ({ path: `/case?id=${pick().id}`, expect: 200 })

    // The machine is shared and noisy: rounds alternate which server goes first, and each server's
    // CPU time per request is reported beside its throughput (less sensitive to what else runs).
    const baseRounds: LoadResult[] = []
    const ourRounds: LoadResult[] = []
    const cpu = { base: [] as number[], ours: [] as number[] }
    let basePeakRss = 0
    let basePeakHeap = 0
    let peakRss = 0
    let peakHeap = 0
    const mem = { idleRss: null as number | null, after: null as { rss: number; heapUsed: number } | null }
    const runBaseline = async () => {
      const bport = await freePort()
      const server = (live.server = await spawnServer({ script: path.join(ROOT, 'bench', 'http-baseline.ts'), args: ['serve'], env: { DATABASE_URL: ds.databaseUrl ?? '', DATA_DIR: ds.dataDir ?? '', PORT: String(bport) }, port: bport, healthPath: '/health' }))
      server.resetPeak()
      const c0 = server.cpuMs()
      const r = await runLoad({ port: bport, connections, durationMs, warmupMs, next: nextBaseline })
      const c1 = server.cpuMs()
      if (c0 !== null && c1 !== null) cpu.base.push((c1 - c0) / (r.requests * (1 + warmupMs / durationMs)))
      await server.sampleNow()
      basePeakRss = Math.max(basePeakRss, server.peak().rss)
      basePeakHeap = Math.max(basePeakHeap, server.peak().heapUsed)
      await server.stop()
      live.server = null
      baseRounds.push(r)
      env.log(`  baseline: ${Math.round(r.rps)} req/s, p50 ${round(r.latency.p50)} ms, p99 ${round(r.latency.p99)} ms, errors ${r.unexpected + r.socketErrors}`)
    }
    const runPlatform = async () => {
      // the platform, as npm start runs it, its sweeps in their steady state (see the top)
      const restore = await steadySweeps(ds)
      restoreSweeps ??= restore // the rows as they were before the first round
      const server = (live.server = await spawnPlatform(ds, { TRUST_PROXY: 'true', LOGIN_RATE_LIMIT: '10000' }))
      const idle = await server.sampleNow()
      mem.idleRss ??= idle?.rss ?? null
      server.resetPeak()
      const c0 = server.cpuMs()
      const r = await runLoad({ port: server.port, connections, durationMs, warmupMs, next: nextProgress })
      const c1 = server.cpuMs()
      if (c0 !== null && c1 !== null) cpu.ours.push((c1 - c0) / (r.requests * (1 + warmupMs / durationMs)))
      const m = await server.sampleNow()
      peakRss = Math.max(peakRss, server.peak().rss)
      peakHeap = Math.max(peakHeap, server.peak().heapUsed)
      if (m) mem.after = { rss: m.rss, heapUsed: m.heapUsed }
      await server.stop()
      live.server = null
      ourRounds.push(r)
      env.log(`  platform: ${Math.round(r.rps)} req/s, p50 ${round(r.latency.p50)} ms, p99 ${round(r.latency.p99)} ms, unexpected ${r.unexpected} (valid failed ${r.failedValid}), socket errors ${r.socketErrors}, peak RSS ${mb(peakRss)} MB`)
      if (r.examples.length) env.log(`  e.g. ${r.examples.join('; ')}`)
    }
    for (let i = 0; i < rounds; i++) {
      if (i % 2 === 0) {
        await runBaseline()
        await runPlatform()
      } else {
        await runPlatform()
        await runBaseline()
      }
    }
    const base = mergeLoads(baseRounds)
    const ours = mergeLoads(ourRounds)
    const peak = { rss: peakRss, heapUsed: peakHeap }
    const basePeak = { rss: basePeakRss, heapUsed: basePeakHeap }
    const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : null)
    const cpuOurs = median(cpu.ours)
    const cpuBase = median(cpu.base)
    const ratio = ours.rps / base.rps
    const sizes = { dataset: ds.name, kind, cases: spec.cases, sampled: cases.length, connections, durationMsPerRound: durationMs, warmupMs, rounds, wrongIdShare: 0.1 }
    return [
      {
        name: 'progress.http',
        title: '办件进度查询 public progress query over HTTP (req/s)',
        value: round(ours.rps, 0),
        unit: 'req/s',
        baseline: { name: 'bare Fastify route, one primary-key SELECT on "case"', value: round(base.rps, 0), unit: 'req/s' },
        ratio: round(ratio, 3),
        ratioMeaning: 'platform throughput ÷ baseline throughput',
        target: '≥ 0.6',
        met: env.smoke ? null : ratio >= 0.6 && ours.unexpected === 0 && ours.socketErrors === 0,
        details: {
          ...sizes,
          platform: { requests: ours.requests, p50Ms: round(ours.latency.p50), p95Ms: round(ours.latency.p95), p99Ms: round(ours.latency.p99), maxMs: round(ours.latency.max), byStatus: ours.byStatus, unexpected: ours.unexpected, failedValid: ours.failedValid, socketErrors: ours.socketErrors, examples: ours.examples },
          baseline: { requests: base.requests, p50Ms: round(base.latency.p50), p95Ms: round(base.latency.p95), p99Ms: round(base.latency.p99), maxMs: round(base.latency.max), byStatus: base.byStatus, errors: base.unexpected + base.socketErrors },
          p99Ratio: round(ours.latency.p99 / base.latency.p99, 2),
          roundsRps: { platform: ourRounds.map((r) => Math.round(r.rps)), baseline: baseRounds.map((r) => Math.round(r.rps)) },
          serverCpuMsPerRequest: { platform: cpuOurs === null ? null : round(cpuOurs, 3), baseline: cpuBase === null ? null : round(cpuBase, 3) },
          server: 'src/main.ts via tsx (npm start), jobs on (sweeps in their steady state: marked as just run before each round), LOG_LEVEL default (info), TRUST_PROXY=true, LOGIN_RATE_LIMIT=10000, X-Forwarded-For from 1,024 addresses',
        },
      },
      {
        name: 'progress.memory',
        title: '进度查询负载下的服务器内存 server peak RSS under the progress-query load (MB)',
        value: mb(peak.rss),
        unit: 'MB',
        baseline: { name: 'bare Fastify baseline peak RSS under its load', value: mb(basePeak.rss), unit: 'MB' },
        ratio: round(peak.rss / basePeak.rss, 2),
        ratioMeaning: 'platform peak RSS ÷ baseline peak RSS',
        target: null,
        met: null,
        details: { ...sizes, idleRssMb: mem.idleRss === null ? null : mb(mem.idleRss), peakHeapUsedMb: mb(peak.heapUsed), afterRssMb: mem.after ? mb(mem.after.rss) : null, afterHeapUsedMb: mem.after ? mb(mem.after.heapUsed) : null, baselinePeakHeapUsedMb: mb(basePeak.heapUsed) },
      },
    ]
  } finally {
    if (live.server) await live.server.stop()
    if (restoreSweeps) await (restoreSweeps as () => Promise<void>)()
    await ds.dispose()
  }
}
