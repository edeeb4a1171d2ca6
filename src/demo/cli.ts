/**
 * `npm run demo` / `npm start -- --demo`: loads the demo city into the configured database
 * (PGlite in DATA_DIR, or DATABASE_URL) and prints the demo accounts. Safe to run again.
 */
import { loadConfig, type Config } from '../server/config.js'
import { startPlatform } from '../server/platform.js'
import { demoAccountsMarkdown } from './accounts.js'
import type { DemoResult } from './demo.js'
import { loadDemo } from './index.js'

export async function runDemo(config: Config = loadConfig(), out: (s: string) => void = (s) => process.stdout.write(s)): Promise<DemoResult> {
  const p = await startPlatform({ ...config, logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel }, { listen: false, jobs: false, demo: false })
  try {
    const r = await loadDemo(p.app.deps, p.app.log)
    const c = r.counts
    out(
      `${r.loaded ? `示范城市德州市已加载（${(r.ms / 1000).toFixed(1)} 秒）` : '示范城市德州市已存在，未做改动'}\n` +
        `  行政区划：省 ${c.regions.provinces}、市 ${c.regions.cities}、县区 ${c.regions.counties}、乡镇街道 ${c.regions.townships}、村社区 ${c.regions.villages}\n` +
        `  服务中心 ${c.centres}、部门 ${c.departments}、审批科室 ${c.approvalOffices}、窗口 ${c.windows}、工作人员 ${c.staff}、申请人 ${c.applicants}\n\n` +
        `${demoAccountsMarkdown()}\n`,
    )
    return r
  } finally {
    await p.stop()
  }
}
