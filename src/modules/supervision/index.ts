/**
 * The supervision module (see README.md beside this file). Other modules use only what this file exports.
 */
import type { AppModule } from '../../server/module.js'
import { supervisionRoutes } from './supervision.routes.js'
import { scan } from './supervision.scan.js'
import { escalateOrders } from './supervision.orders.js'

export * from './supervision.types.js'
export { scan, type ScanResult } from './supervision.scan.js'
export { lightCounts } from './supervision.queries.js'
export { sendOrder, replyOrder, closeOrder, returnOrder, escalateOrders, type SendOrderInput } from './supervision.orders.js'
export { getSupervisionSettings } from './supervision.settings.js'
export { SupervisionErrors } from './supervision.errors.js'

export const supervisionModule: AppModule = {
  name: 'supervision',
  routes: supervisionRoutes,
  jobs(runner, deps) {
    // R19 / S5: lights, alerts and cards within a minute of their condition, exactly once across instances
    runner.sweep('supervision.scan', 60_000, async (now) => {
      await scan(deps, now)
    })
    // 催办 unanswered → 督办; 督办 unanswered → escalated to the unit's leaders
    runner.sweep('supervision.orders.escalate', 60_000, async (now) => {
      await escalateOrders(deps, now)
    })
  },
}
