import 'fastify'
import type { Actor, Ctx, Deps } from './context.js'
import type { JobRunner } from './jobs.js'

declare module 'fastify' {
  interface FastifyInstance {
    deps: Deps
    jobs: JobRunner
  }
  interface FastifyRequest {
    actor: Actor | null
    ctx: Ctx
  }
}
