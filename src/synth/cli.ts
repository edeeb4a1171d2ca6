/**
 * `npm run synth -- --cases 5000000 --years 10 --seed 1 --open 1000000 --items 5000 [--no-ratings]
 * [--no-joint] [--no-stats] [--audit one]`: a synthetic city into the configured database
 * (DATABASE_URL, else PGlite in DATA_DIR), the demo city's organisation and catalogue loaded first
 * when absent. A progress line on stderr; a summary on stdout. Exit 2 on bad flags.
 */
import type { Config } from '../server/config.js'
import { startPlatform } from '../server/platform.js'
import { buildCity } from './build.js'
import type { CityOptions } from './city.js'

export class SynthUsageError extends Error {}

export function parseSynthArgs(argv: string[]): CityOptions {
  const o: CityOptions = { cases: 0 }
  const num = (flag: string, v: string | undefined, min: number): number => {
    const n = Number(v?.replace(/_/g, ''))
    if (v === undefined || !Number.isInteger(n) || n < min) throw new SynthUsageError(`${flag} needs a whole number ≥ ${min} (got ${v ?? 'nothing'})`)
    return n
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined]
    const value = () => inline ?? argv[++i]
    switch (flag) {
      case '--cases': o.cases = num(flag, value(), 1); break
      case '--years': o.years = num(flag, value(), 1); break
      case '--seed': o.seed = num(flag, value(), 0); break
      case '--open': o.openCases = num(flag, value(), 0); break
      case '--items': o.items = num(flag, value(), 1); break
      case '--region': { const v = value(); if (!v || !/^\d{2,12}$/.test(v)) throw new SynthUsageError('--region needs a region code'); o.regionCode = v; break }
      case '--audit': { const v = value(); if (v !== 'one' && v !== 'per-case') throw new SynthUsageError('--audit is per-case or one'); o.audit = v; break }
      case '--no-ratings': o.ratings = false; break
      case '--no-joint': o.joint = false; break
      case '--no-stats': o.stats = false; break
      case '--chunk': o.chunkSize = num(flag, value(), 100); break
      default: throw new SynthUsageError(`unknown flag ${a}`)
    }
  }
  if (!o.cases) throw new SynthUsageError('--cases is required')
  if ((o.openCases ?? 0) > o.cases) throw new SynthUsageError('--open cannot exceed --cases')
  return o
}

export async function runSynth(config: Config, argv: string[]): Promise<number> {
  let opts: CityOptions
  try {
    opts = parseSynthArgs(argv)
  } catch (e) {
    if (!(e instanceof SynthUsageError)) throw e
    process.stderr.write(`synth: ${e.message}\nusage: npm run synth -- --cases N [--years N] [--seed N] [--open N] [--items N] [--no-ratings] [--no-joint] [--no-stats] [--audit per-case|one]\n`)
    return 2
  }
  const tty = process.stderr.isTTY
  const t0 = Date.now()
  let phaseStart = Date.now()
  let phase = ''
  let lastLine = 0
  const show = (p: { phase: string; done: number; total: number }) => {
    if (p.phase !== phase) {
      phase = p.phase
      phaseStart = Date.now()
    }
    const now = Date.now()
    if (!tty && now - lastLine < 10_000 && p.done < p.total) return
    lastLine = now
    const s = (now - phaseStart) / 1000
    const rate = s > 0 ? p.done / s : 0
    const pct = p.total ? Math.min(100, (100 * p.done) / p.total) : 0
    const eta = rate > 0 && p.total > p.done ? `${Math.round((p.total - p.done) / rate)} s` : '—'
    const line = `${p.phase.padEnd(9)} ${pct.toFixed(1).padStart(5)} %  ${p.done.toLocaleString()}/${p.total.toLocaleString()}  ${Math.round(rate).toLocaleString()} rows/s  ETA ${eta}`
    process.stderr.write(tty ? `\r${line.padEnd(100)}` : `${line}\n`)
  }
  const platform = await startPlatform({ ...config, demo: false } as Config, { listen: false, jobs: false, demo: false })
  try {
    const r = await buildCity(platform.app.deps, platform.app.log, { ...opts, onProgress: show })
    if (tty) process.stderr.write('\n')
    const secs = (Date.now() - t0) / 1000
    const rows = r.cases + r.steps + r.pauses + r.corrections + r.ratings + r.auditRecords
    process.stdout.write(
      [
        `synthetic city (${platform.app.deps.dbKind}, ${r.method}): ${r.cases.toLocaleString()} cases (${r.open.toLocaleString()} open), ${r.steps.toLocaleString()} steps, ${r.pauses.toLocaleString()} pauses, ${r.corrections.toLocaleString()} corrections,`,
        `  ${r.jointCases.toLocaleString()} joint cases, ${r.ratings.toLocaleString()} ratings, ${r.auditRecords.toLocaleString()} audit records, ${r.items.toLocaleString()} items`,
        `  phases: ${Object.entries(r.phases).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')}`,
        `  total ${secs.toFixed(1)} s; ${Math.round(r.cases / ((r.phases.history ?? 0) + (r.phases.open ?? 0)) * 1000).toLocaleString()} cases/s and ${Math.round(rows / secs).toLocaleString()} rows/s overall`,
      ].join('\n') + '\n',
    )
    return 0
  } finally {
    await platform.stop()
  }
}
