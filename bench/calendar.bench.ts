/**
 * Deadline arithmetic: our precomputed working-day index against the holiday package's own
 * add-working-days function (chinese-days `findWorkday`), on the same random (date, N) pairs.
 * Both must give the same answers; the figure is the speed ratio measured in the same run.
 */
import chineseDays from 'chinese-days'
import { openDatabase } from '../src/db/database.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { getCalendar } from '../src/modules/calendar/index.js'

export interface CalendarBenchResult {
  name: 'calendar.addWorkingDays'
  pairs: number
  oursNsPerCall: number
  packageNsPerCall: number
  speedup: number
  mismatches: number
  target: string
  met: boolean
}

/** A small deterministic generator (mulberry32), so runs are comparable. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export async function runCalendarBench(pairs: number, seed = 20261121): Promise<CalendarBenchResult> {
  const database = await openDatabase({ dataDir: 'memory' })
  try {
    await migrateToLatest(database.db)
    const cal = await getCalendar({ db: database.db })
    const rand = rng(seed)
    const start = Date.UTC(2019, 0, 1)
    const span = Date.UTC(2025, 11, 1) - start // late enough that +60 working days stays inside 2026
    const dates: string[] = new Array(pairs)
    const ns: number[] = new Array(pairs)
    for (let i = 0; i < pairs; i++) {
      dates[i] = new Date(start + Math.floor(rand() * (span / 86400000)) * 86400000).toISOString().slice(0, 10)
      ns[i] = 1 + Math.floor(rand() * 60)
    }
    const ours: string[] = new Array(pairs)
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < pairs; i++) ours[i] = cal.addWorkingDays(dates[i]!, ns[i]!)
    const t1 = process.hrtime.bigint()
    const theirs: string[] = new Array(pairs)
    for (let i = 0; i < pairs; i++) theirs[i] = chineseDays.findWorkday(ns[i]!, dates[i]!)
    const t2 = process.hrtime.bigint()
    let mismatches = 0
    for (let i = 0; i < pairs; i++) if (ours[i] !== theirs[i]) mismatches++
    const oursNs = Number(t1 - t0) / pairs
    const pkgNs = Number(t2 - t1) / pairs
    const speedup = pkgNs / oursNs
    return {
      name: 'calendar.addWorkingDays',
      pairs,
      oursNsPerCall: Math.round(oursNs),
      packageNsPerCall: Math.round(pkgNs),
      speedup: Math.round(speedup * 10) / 10,
      mismatches,
      target: '≥ 50× faster than chinese-days findWorkday, identical answers',
      met: speedup >= 50 && mismatches === 0,
    }
  } finally {
    await database.close()
  }
}
