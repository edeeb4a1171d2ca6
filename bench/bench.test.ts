import { describe, expect, it } from 'vitest'
import { runCalendarBench } from './calendar.bench.js'

// The smoke mode of the benchmarks: they keep working, and agree with their baselines. Speed is
// reported by `npm run bench`, not asserted here (the machine is shared and noisy).
describe('benchmark smoke runs', () => {
  it('calendar: the index gives the same due dates as chinese-days on 5,000 random pairs', async () => {
    const r = await runCalendarBench(5_000)
    expect(r.mismatches).toBe(0)
    expect(r.pairs).toBe(5_000)
    expect(r.speedup).toBeGreaterThan(0)
  })
})
