import 'fastify'
import type { Actor, Ctx, Deps } from './context.js'
import type { JobRunner } from './jobs.js'
import type { RouteInfo } from './app.js'
import type { RouteRateLimit } from './rate-limit.js'

declare module 'fastify' {
  interface FastifyInstance {
    deps: Deps
    jobs: JobRunner
    routeList: RouteInfo[]
  }
  interface FastifyRequest {
    actor: Actor | null
    ctx: Ctx
  }
  interface FastifyContextConfig {
    /** per-address limit of this route (src/server/rate-limit.ts) */
    rateLimit?: RouteRateLimit
  }
}
