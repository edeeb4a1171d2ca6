/** The calendar benchmark in the common result shape. */
import { runCalendarBench } from './calendar.bench.js'
import type { BenchEnv, BenchResult } from './lib.js'

export async function run(env: BenchEnv): Promise<BenchResult[]> {
  const r = await runCalendarBench(env.smoke ? 10_000 : 1_000_000)
  return [
    {
      name: 'calendar.addWorkingDays',
      title: '期限计算：工作日索引 vs chinese-days findWorkday（相同随机日期与天数） deadline arithmetic vs the holiday package',
      value: r.oursNsPerCall,
      unit: 'ns/call',
      baseline: { name: 'chinese-days findWorkday', value: r.packageNsPerCall, unit: 'ns/call' },
      ratio: r.speedup,
      ratioMeaning: 'baseline time ÷ our time (× faster)',
      target: '≥ 50× faster, identical answers',
      met: env.smoke ? null : r.met,
      details: { pairs: r.pairs, mismatches: r.mismatches },
    },
  ]
}
