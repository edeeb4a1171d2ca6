/**
 * The evaluation module (好差评; see README.md beside this file): ratings after each online case and
 * each window visit, the bad-review rectification loop, appeals and the public board.
 * Other modules use only what this file exports.
 */
import type { AppModule } from '../../server/module.js'
import { systemCtx } from '../../server/context.js'
import { evaluationRoutes } from './evaluation.routes.js'
import { sweepInvitations } from './evaluation.service.js'
import { sweepVerdicts } from './evaluation.rectify.js'

export * from './evaluation.types.js'
export { EvaluationErrors } from './evaluation.errors.js'
// the use cases, for callers outside HTTP (the demo loader); each takes (deps, ctx, …) and records its audit
export { rateCase, openVisit, endVisit, rateVisit, sweepInvitations, putSettings, getSettings } from './evaluation.service.js'
export { recordCallback, rectify, giveVerdict, appeal, decideAppeal, sweepVerdicts } from './evaluation.rectify.js'

export const evaluationModule: AppModule = {
  name: 'evaluation',
  routes: evaluationRoutes,
  jobs(runner, deps) {
    // one invitation to rate per newly completed case (exactly once: the marker row is unique)
    runner.sweep('evaluation.invite', 60_000, async (now) => {
      await sweepInvitations(deps, systemCtx('sweep:evaluation.invite'), now)
    })
    // a fix the rater did not rate within verdictDays closes
    runner.sweep('evaluation.verdict.expire', 15 * 60_000, async (now) => {
      await sweepVerdicts(deps, systemCtx('sweep:evaluation.verdict.expire'), now)
    })
  },
}
