/**
 * `npm run bench` runs every benchmark in full (the standard data sets are built on the PostgreSQL
 * server first, or reused); `npm run bench -- --smoke` runs them at tiny sizes (CI runs that through
 * bench/bench.test.ts). `--only a,b` runs some of them; `--prepare` only builds the data sets.
 * Each benchmark prints its figure and its ratio to a baseline measured in the same run; a full run
 * writes bench/results.json (with --only, its results replace those of the same name).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { dataset, LARGE, MEDIUM, SMALL } from './datasets.js'
import { defaultPgUrl, type BenchEnv, type BenchResult } from './lib.js'

export const BENCHES = ['calendar', 'catalogue', 'progress', 'intake', 'supervision', 'kpi', 'startup'] as const
type BenchName = (typeof BENCHES)[number]

const loaders: Record<BenchName, () => Promise<{ run(env: BenchEnv): Promise<BenchResult[]> }>> = {
  calendar: () => import('./calendar.run.js'),
  catalogue: () => import('./catalogue.bench.js'),
  progress: () => import('./progress.bench.js'),
  intake: () => import('./intake.bench.js'),
  supervision: () => import('./supervision.bench.js'),
  kpi: () => import('./kpi.bench.js'),
  startup: () => import('./startup.bench.js'),
}

export async function runBench(name: BenchName, env: BenchEnv): Promise<BenchResult[]> {
  const m = await loaders[name]()
  return m.run(env)
}

export function formatResult(r: BenchResult): string {
  const n = (x: number) => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : String(Number(x.toPrecision(3))))
  const verdict = r.target === null ? '' : r.met === null ? ` (target ${r.target})` : ` (target ${r.target}: ${r.met ? 'met' : 'MISSED'})`
  return `${r.name}: ${n(r.value)} ${r.unit} vs ${r.baseline.name} ${n(r.baseline.value)} ${r.baseline.unit} → ratio ${n(r.ratio)} [${r.ratioMeaning}]${verdict}`
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  const smoke = argv.includes('--smoke')
  const onlyArg = argv.find((a) => a.startsWith('--only'))
  const only = onlyArg ? (onlyArg.includes('=') ? onlyArg.split('=')[1]! : argv[argv.indexOf(onlyArg) + 1] ?? '').split(',').filter(Boolean) : null
  const unknown = (only ?? []).filter((o) => !(BENCHES as readonly string[]).includes(o))
  if (unknown.length) {
    process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHES.join(', ')}\n`)
    process.exit(2)
  }
  const env: BenchEnv = { smoke, pgUrl: defaultPgUrl(), log: (s) => process.stderr.write(`${s}\n`) }
  const here = path.dirname(fileURLToPath(import.meta.url))
  const started = Date.now()
  if (!smoke && !only) {
    // the standard data sets first, so their build time is reported and no benchmark pays for it
    for (const spec of [SMALL, MEDIUM, LARGE]) {
      const d = await dataset(env, spec)
      env.log(`data set ${d.name}: ${d.built ? `built in ${((d.buildMs ?? 0) / 1000).toFixed(1)} s` : 'reused'}`)
    }
    if (argv.includes('--prepare')) return
  }
  const results: BenchResult[] = []
  const failures: string[] = []
  for (const name of BENCHES) {
    if (only && !only.includes(name)) continue
    env.log(`— ${name} …`)
    const t = Date.now()
    try {
      for (const r of await runBench(name, env)) {
        results.push(r)
        console.log(formatResult(r))
      }
      env.log(`  (${name}: ${((Date.now() - t) / 1000).toFixed(1)} s)`)
    } catch (e) {
      failures.push(name)
      console.log(`${name}: FAILED — ${(e as Error)?.stack ?? e}`)
    }
  }
  const cpu = os.cpus()
  const out = {
    when: new Date().toISOString(),
    mode: smoke ? 'smoke' : 'full',
    seconds: Math.round((Date.now() - started) / 1000),
    machine: { cpus: cpu.length, model: cpu[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()}` },
    results,
  }
  if (!smoke) {
    const file = path.join(here, 'results.json')
    if (only && fs.existsSync(file)) {
      const old = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof out
      const names = new Set(results.map((r) => r.name))
      out.results = [...old.results.filter((r) => !names.has(r.name)), ...results]
    }
    fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`)
  }
  const missed = results.filter((r) => r.met === false).map((r) => r.name)
  console.log(`${results.length} figures; targets missed: ${missed.length ? missed.join(', ') : 'none'}${failures.length ? `; FAILED: ${failures.join(', ')}` : ''}`)
  if (failures.length) process.exit(1)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main()
