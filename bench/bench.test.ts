import { describe, expect, it } from 'vitest'
import { runCalendarBench } from './calendar.bench.js'
import { defaultPgUrl, type BenchEnv } from './lib.js'
import { BENCHES, formatResult, runBench } from './run.js'

// The smoke mode of every benchmark (tiny sizes, on the database this test run uses): they keep
// working and their figures come with baselines measured in the same run. Speed is reported by
// `npm run bench`, never asserted here (the machine is shared and noisy). Each benchmark checks its
// own answers (same due dates, 200s and 404s where expected, the same rows) and throws otherwise.
const env: BenchEnv = { smoke: true, pgUrl: defaultPgUrl(), log: () => {} }

describe('benchmark smoke runs', () => {
  it('calendar: the index gives the same due dates as chinese-days on 5,000 random pairs', async () => {
    const r = await runCalendarBench(5_000)
    expect(r.mismatches).toBe(0)
    expect(r.pairs).toBe(5_000)
    expect(r.speedup).toBeGreaterThan(0)
  })

  for (const name of BENCHES) {
    it(`${name}: figures with their baselines, measured in the same run`, async () => {
      const results = await runBench(name, env)
      expect(results.length).toBeGreaterThan(0)
      for (const r of results) {
        expect(r.name.length, formatResult(r)).toBeGreaterThan(0)
        expect(Number.isFinite(r.value) && r.value > 0, formatResult(r)).toBe(true)
        expect(Number.isFinite(r.baseline.value) && r.baseline.value > 0, formatResult(r)).toBe(true)
        expect(Number.isFinite(r.ratio) && r.ratio > 0, formatResult(r)).toBe(true)
        expect(r.met, 'smoke runs judge no target').toBeNull()
      }
    }, 240_000)
  }
})
