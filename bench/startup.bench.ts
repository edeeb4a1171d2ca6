/**
 * Start-up time on an existing data folder: from spawning the server as `npm start` runs it
 * (src/main.ts through tsx, jobs on) to the first 200 of GET /api/health, on PGlite (a cached
 * SMALL-sized folder under bench/.data; its build time is reported when this run built it) and on
 * PostgreSQL (LARGE by default; BENCH_STARTUP_PG_SET=SMALL|MEDIUM for a quicker look). Baseline: a
 * bare Node process (same tsx loader) that opens the same database, runs `select 1` and exits.
 * The median of a few starts each; the server's memory right after start is reported too.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { dataset, LARGE, MEDIUM, SMALL, type Dataset, type DatasetSpec } from './datasets.js'
import { ROOT, spawnPlatform } from './http-server.js'
import { round, type BenchEnv, type BenchResult } from './lib.js'

const SETS: Record<string, DatasetSpec> = { SMALL, MEDIUM, LARGE }

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

/** Milliseconds from spawn to exit of the baseline (`select 1` on the data set). */
function timeSelect1(ds: Dataset): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'http-baseline.ts'), 'select1'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: ds.databaseUrl ?? '', DATA_DIR: ds.dataDir ?? '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`select1 baseline exited ${code}: ${err.slice(-2000)}`))))
  })
}

async function measure(env: BenchEnv, ds: Dataset, runs: number) {
  const ready: number[] = []
  const base: number[] = []
  let rss = 0
  let heap = 0
  for (let i = 0; i < runs; i++) {
    base.push(await timeSelect1(ds))
    const s = await spawnPlatform(ds)
    ready.push(s.readyMs)
    const m = await s.sampleNow()
    rss = Math.max(rss, m?.rss ?? 0)
    heap = Math.max(heap, m?.heapUsed ?? 0)
    await s.stop()
  }
  env.log(`  ${ds.name} (${ds.kind}): ready in ${ready.map((x) => Math.round(x)).join(', ')} ms; select 1 baseline ${base.map((x) => Math.round(x)).join(', ')} ms; RSS after start ${Math.round(rss / 2 ** 20)} MB`)
  return { ready: median(ready), base: median(base), readyAll: ready.map((x) => Math.round(x)), baseAll: base.map((x) => Math.round(x)), rssMb: round(rss / 2 ** 20, 1), heapMb: round(heap / 2 ** 20, 1) }
}

export async function run(env: BenchEnv): Promise<BenchResult[]> {
  const runs = env.smoke ? 1 : Number(process.env.BENCH_STARTUP_RUNS || 3)
  const kinds: ('pglite' | 'postgres')[] = env.smoke ? [process.env.DATABASE_URL ? 'postgres' : 'pglite'] : ['pglite', 'postgres']
  const out: BenchResult[] = []
  for (const kind of kinds) {
    const spec: DatasetSpec = env.smoke
      ? { cases: 1, kind, fresh: true }
      : kind === 'pglite'
        ? { ...SMALL, kind: 'pglite' }
        : (SETS[(process.env.BENCH_STARTUP_PG_SET ?? 'LARGE').toUpperCase()] ?? LARGE)
    const ds = await dataset(env, spec)
    try {
      const m = await measure(env, ds, runs)
      out.push({
        name: `startup.${kind}`,
        title: `启动时间 start-up on an existing ${kind === 'pglite' ? 'PGlite data folder' : 'PostgreSQL database'}: spawn → first 200 of /api/health (ms)`,
        value: Math.round(m.ready),
        unit: 'ms',
        baseline: { name: 'bare Node process (tsx) opening the same database and running select 1, spawn → exit', value: Math.round(m.base), unit: 'ms' },
        ratio: round(m.ready / m.base, 2),
        ratioMeaning: 'platform start-up ÷ baseline',
        target: null,
        met: null,
        details: {
          dataset: ds.name,
          kind,
          cases: spec.cases,
          runs,
          readyMs: m.readyAll,
          baselineMs: m.baseAll,
          rssAfterStartMb: m.rssMb,
          heapUsedAfterStartMb: m.heapMb,
          datasetBuiltThisRun: ds.built,
          datasetBuildMs: ds.buildMs,
          city: ds.city,
          server: 'src/main.ts via tsx (npm start), jobs on, LOG_LEVEL default',
        },
      })
    } finally {
      await ds.dispose()
    }
  }
  return out
}
