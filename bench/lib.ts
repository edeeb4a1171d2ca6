/**
 * What every benchmark shares: the result shape (a figure AND its ratio to a baseline measured in
 * the same run, because this machine is shared and noisy), the run environment, and sample
 * statistics. CONTRACT: bench/run.ts prints and stores BenchResult; bench.test.ts runs smoke mode.
 */
export interface BenchEnv {
  /** tiny sizes, as CI runs them: they keep working, their figures mean nothing */
  smoke: boolean
  /** the PostgreSQL server's maintenance URL (databases are created beside it), or null if none */
  pgUrl: string | null
  log(line: string): void
}

export interface BenchResult {
  /** stable key, e.g. 'progress.http' */
  name: string
  /** one line in Chinese/English for the report */
  title: string
  /** the figure, e.g. { value: 4120, unit: 'req/s' } */
  value: number
  unit: string
  /** the baseline measured in the same run */
  baseline: { name: string; value: number; unit: string }
  /** value ÷ baseline (or the inverse where the target says so; `ratioMeaning` tells) */
  ratio: number
  ratioMeaning: string
  /** e.g. '≥ 0.6', '≤ 3×'; null for figures without a target (memory, start-up) */
  target: string | null
  /** null when there is no target, or in smoke mode */
  met: boolean | null
  /** sizes, percentiles, counts: whatever a reader needs to reproduce or judge it */
  details: Record<string, unknown>
}

export interface Summary {
  n: number
  mean: number
  p50: number
  p95: number
  p99: number
  max: number
}

export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return Number.NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]!
}

export function summarize(samples: readonly number[]): Summary {
  const s = [...samples].sort((a, b) => a - b)
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1)
  return { n: s.length, mean, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1] ?? Number.NaN }
}

/** Milliseconds of each of `n` calls of fn (after `warm` unmeasured calls). */
export async function sample(fn: (i: number) => Promise<unknown>, n: number, warm = Math.min(20, n)): Promise<number[]> {
  for (let i = 0; i < warm; i++) await fn(i)
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    await fn(i)
    out.push(performance.now() - t)
  }
  return out
}

export const round = (x: number, digits = 2): number => Number(x.toFixed(digits))

export function defaultPgUrl(): string | null {
  return process.env.BENCH_PG_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres'
}
