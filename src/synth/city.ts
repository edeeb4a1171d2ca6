/**
 * A whole synthetic city at scale: N years of case history (default 10) with its steps, pauses,
 * corrections, joint cases, ratings, audit records and the statistics rollups, into PGlite or
 * PostgreSQL in bulk (COPY where the database allows). Deterministic for a seed. Needs the city's
 * organisation and catalogue in place (build.ts loads the demo city's when absent).
 *
 * CONTRACT (stable; the benchmarks and the CLI build on it). The first version below only wraps
 * importHistory; the scale version replaces the inside, not the signature.
 */
import type { Ctx, Deps } from '../server/context.js'
import { systemCtx } from '../server/context.js'
import { importHistory } from './writer.js'
import { getCalendar } from '../modules/calendar/index.js'
import { generatorCalendar, workingDays } from './history.js'

export interface CityProgress {
  /** 'catalogue' | 'cases' | 'joint' | 'ratings' | 'audit' | 'stats' | 'indexes' … */
  phase: string
  done: number
  total: number
}

export interface CityOptions {
  /** default '3714' (the demo city, 德州) */
  regionCode?: string
  /** default 1 */
  seed?: number
  /** cases to generate in all (history plus open backlog), e.g. 5_000_000 */
  cases: number
  /** years of history ending the day before asOf (default 10) */
  years?: number
  /** the moment the history stops (default: the deps clock's now) */
  asOf?: Date
  /**
   * of `cases`, how many are still open at asOf (accepted or in a step, a realistic mix of green,
   * a few yellow and red); default: what the history leaves open by itself (a fraction of 1 %)
   */
  openCases?: number
  /** grow the published catalogue to this many items (cloned from the existing ones); default: leave it */
  items?: number
  /** ratings on completed cases (default true) */
  ratings?: boolean
  /** joint cases of parallel approval (default true) */
  joint?: boolean
  /** audit records: one per case event (default) or one for the whole import */
  audit?: 'per-case' | 'one'
  /** write the statistics facts and rollups as the stats refresh would (default true) */
  stats?: boolean
  onProgress?: (p: CityProgress) => void
}

export interface CityResult {
  cases: number
  open: number
  steps: number
  pauses: number
  corrections: number
  jointCases: number
  ratings: number
  auditRecords: number
  items: number
  /** how the rows were written */
  method: 'copy' | 'insert'
  ms: number
  /** milliseconds per phase */
  phases: Record<string, number>
}

export async function synthesizeCity(deps: Deps, opts: CityOptions, ctx: Ctx = systemCtx('synth')): Promise<CityResult> {
  const started = Date.now()
  const regionCode = opts.regionCode ?? '3714'
  const asOf = opts.asOf ?? deps.clock.now()
  const cal = generatorCalendar(await getCalendar(deps, regionCode))
  const day = (t: number) => new Date(t + 8 * 3600_000).toISOString().slice(0, 10)
  const to = day(asOf.getTime() - 86_400_000)
  const from = day(asOf.getTime() - (opts.years ?? 10) * 365.25 * 86_400_000)
  const days = workingDays(cal, from, to).length || 1
  const r = await importHistory(deps, ctx, { regionCode, seed: opts.seed ?? 1, from, to, asOf, casesPerDay: opts.cases / days, batchSize: 1000, casesPerTransaction: 50_000, action: 'synth.city.import', calendar: cal })
  const open = Object.entries(r.byStatus).filter(([s]) => ['accepted', 'paused', 'correction_requested', 'decided'].includes(s)).reduce((a, [, n]) => a + n, 0)
  return { cases: r.cases, open, steps: r.steps, pauses: r.pauses, corrections: r.corrections, jointCases: 0, ratings: 0, auditRecords: 1, items: 0, method: 'insert', ms: Date.now() - started, phases: { cases: r.ms } }
}
