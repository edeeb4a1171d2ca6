/**
 * The stats module (see README.md beside this file). Other modules use only what this file exports.
 */
import type { AppModule } from '../../server/module.js'
import { statsRoutes } from './stats.routes.js'
import { refreshStats } from './stats.refresh.js'

export * from './stats.types.js'
export { refreshStats, markEventsStale, markRollupsStale, type RefreshResult } from './stats.refresh.js'
export { KPI_DEFINITIONS, periodRange, scoreRows, gradeScore, gradeOf } from './stats.kpis.js'
export { kpisFor, trendFor, breakdownFor, rankingFor, scopeSql, screen, publishRanking } from './stats.service.js'

export const statsModule: AppModule = {
  name: 'stats',
  routes: statsRoutes,
  jobs(runner, deps) {
    // the rollups follow the cases within a minute (the sweep's lease runs it once across instances)
    runner.sweep('stats.refresh', 60_000, async (now) => {
      await refreshStats(deps, now)
    })
  },
}
