/**
 * The benchmarks' data sets: a synthetic city (src/synth buildCity) of a given size in a PostgreSQL
 * database `ow_bench_*` beside the server's maintenance database, or in a PGlite folder under
 * bench/.data/. A finished build is marked (a database comment, or a .json beside the folder) with
 * its spec and SYNTH_VERSION; a later run reuses it (opening it runs any newer migrations), anything
 * else (half-built, an older generator) is dropped and rebuilt. `fresh` sets are private to one run and
 * removed by dispose() (smoke mode, tests).
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { loadConfig, type Config } from '../src/server/config.js'
import { startPlatform, type Platform } from '../src/server/platform.js'
import { buildCity } from '../src/synth/build.js'
import type { CityOptions, CityResult } from '../src/synth/city.js'
import type { BenchEnv } from './lib.js'

/** Bump when the generator's output changes: cached data sets are rebuilt. */
export const SYNTH_VERSION = 1

const here = path.dirname(fileURLToPath(import.meta.url))
const DATA = path.join(here, '.data')

export interface DatasetSpec extends Omit<CityOptions, 'onProgress' | 'asOf' | 'cases'> {
  cases: number
  kind: 'postgres' | 'pglite'
  /** a private set for this run, removed by dispose() */
  fresh?: boolean
}

export interface Dataset {
  name: string
  kind: 'postgres' | 'pglite'
  /** set for postgres */
  databaseUrl: string | null
  /** set for pglite */
  dataDir: string | null
  /** built in this run (false: reused) */
  built: boolean
  buildMs: number | null
  city: CityResult | null
  /** the platform config that opens this data set (logLevel warn, no demo, port 0) */
  config(overrides?: Partial<Config>): Config
  /** start the platform on it in this process */
  start(opts?: { listen?: boolean; jobs?: boolean }, overrides?: Partial<Config>): Promise<Platform>
  dispose(): Promise<void>
}

function nameOf(spec: DatasetSpec): string {
  if (spec.fresh) return `ow_bench_tmp_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
  const k = (n: number) => (n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}m` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n))
  return ['ow_bench', k(spec.cases), spec.openCases ? `o${k(spec.openCases)}` : '', spec.items ? `i${k(spec.items)}` : '', `s${spec.seed ?? 1}`].filter(Boolean).join('_')
}

function signature(spec: DatasetSpec): string {
  const { kind: _k, fresh: _f, ...rest } = spec
  return JSON.stringify({ onewindowBench: SYNTH_VERSION, spec: rest })
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

function withDb(url: string, db: string): string {
  const u = new URL(url)
  u.pathname = `/${db}`
  return u.toString()
}

async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}

export async function dataset(env: BenchEnv, spec: DatasetSpec): Promise<Dataset> {
  const name = nameOf(spec)
  const sig = signature(spec)
  let databaseUrl: string | null = null
  let dataDir: string | null = null
  let ready = false
  if (spec.kind === 'postgres') {
    if (!env.pgUrl) throw new Error('no PostgreSQL server (set BENCH_PG_URL or DATABASE_URL)')
    databaseUrl = withDb(env.pgUrl, name)
    ready = await admin(env.pgUrl, async (c) => {
      const r = await c.query<{ comment: string | null }>('select shobj_description(oid, $2) as comment from pg_database where datname = $1', [name, 'pg_database'])
      const comment = r.rows[0]?.comment ?? null
      if (comment === sig) return true
      // another process on this machine may be building it right now: never drop that
      const builder = /^building:(\d+)$/.exec(comment ?? '')
      if (builder && builder[1] !== String(process.pid) && alive(Number(builder[1]))) throw new Error(`data set ${name} is being built by process ${builder[1]}; wait for it`)
      if (r.rows.length) await c.query(`DROP DATABASE "${name}" WITH (FORCE)`)
      await c.query(`CREATE DATABASE "${name}"`)
      await c.query(`COMMENT ON DATABASE "${name}" IS ${c.escapeLiteral(`building:${process.pid}`)}`)
      return false
    })
  } else {
    dataDir = path.join(DATA, name)
    const mark = `${dataDir}.json`
    ready = fs.existsSync(mark) && fs.readFileSync(mark, 'utf8') === sig && fs.existsSync(dataDir)
    if (!ready) {
      fs.rmSync(dataDir, { recursive: true, force: true })
      fs.rmSync(mark, { force: true })
      fs.mkdirSync(dataDir, { recursive: true })
    }
  }
  const config = (overrides: Partial<Config> = {}): Config =>
    loadConfig({ ...process.env, DATABASE_URL: databaseUrl ?? '', DATA_DIR: dataDir ?? path.join(DATA, 'unused'), DEMO: 'false', LOG_LEVEL: 'warn', PORT: '0', ADMIN_PASSWORD: 'Bench@20261121' }, { fileDir: path.join(DATA, `${name}.files`), ...overrides })
  const start = (opts: { listen?: boolean; jobs?: boolean } = {}, overrides: Partial<Config> = {}) => startPlatform(config(overrides), { listen: opts.listen ?? false, jobs: opts.jobs ?? false, demo: false })

  let city: CityResult | null = null
  let buildMs: number | null = null
  if (!ready) {
    env.log(`data set ${name}: building ${spec.cases.toLocaleString()} cases …`)
    const t = Date.now()
    const p = await start()
    try {
      const { kind: _k, fresh: _f, ...opts } = spec
      let last = 0
      city = await buildCity(p.app.deps, p.app.log, {
        ...opts,
        onProgress: (pr) => {
          if (Date.now() - last > 10_000) {
            last = Date.now()
            env.log(`  ${pr.phase} ${pr.done.toLocaleString()}/${pr.total.toLocaleString()}`)
          }
        },
      })
    } finally {
      await p.stop()
    }
    buildMs = Date.now() - t
    if (spec.kind === 'postgres') await admin(env.pgUrl!, (c) => c.query(`COMMENT ON DATABASE "${name}" IS ${c.escapeLiteral(sig)}`))
    else fs.writeFileSync(`${dataDir}.json`, sig)
    env.log(`data set ${name}: built in ${(buildMs / 1000).toFixed(1)} s`)
  }
  return {
    name,
    kind: spec.kind,
    databaseUrl,
    dataDir,
    built: !ready,
    buildMs,
    city,
    config,
    start,
    async dispose() {
      if (!spec.fresh) return
      if (spec.kind === 'postgres') await admin(env.pgUrl!, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
      else {
        fs.rmSync(dataDir!, { recursive: true, force: true })
        fs.rmSync(`${dataDir}.json`, { force: true })
      }
      fs.rmSync(path.join(DATA, `${name}.files`), { recursive: true, force: true })
    },
  }
}

/** The standard data sets of the full runs: the same shape, 10× and 100× apart. */
export const SMALL: DatasetSpec = { cases: 50_000, openCases: 10_000, items: 5000, kind: 'postgres' }
export const MEDIUM: DatasetSpec = { cases: 500_000, openCases: 100_000, items: 5000, kind: 'postgres' }
// LARGE's statistics rollups are built by the first stats refresh after the load (the KPI benchmark times that catch-up)
export const LARGE: DatasetSpec = { cases: 5_000_000, openCases: 1_000_000, items: 5000, stats: false, kind: 'postgres' }

/** The kind of database a smoke run uses: the test run's (DATABASE_URL set → the server). */
export function smokeKind(): 'postgres' | 'pglite' {
  return process.env.DATABASE_URL ? 'postgres' : 'pglite'
}

/** Runs fn on a data set, removing it afterwards when it was a fresh one. */
export async function withDataset<T>(env: BenchEnv, spec: DatasetSpec, fn: (ds: Dataset) => Promise<T>): Promise<T> {
  const ds = await dataset(env, spec)
  try {
    return await fn(ds)
  } finally {
    await ds.dispose()
  }
}
