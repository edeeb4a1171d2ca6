import type { FastifyBaseLogger } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Deps } from './context.js'
import type { JobRunner } from './jobs.js'

/** What a module contributes to the application. */
export interface AppModule {
  name: string
  /** HTTP routes, registered under /api */
  routes?: FastifyPluginAsyncTypebox
  /** background workers and sweeps */
  jobs?(runner: JobRunner, deps: Deps, log: FastifyBaseLogger): void
  /** idempotent start-up work after migrations (e.g. the admin account) */
  bootstrap?(deps: Deps, log: FastifyBaseLogger): Promise<void>
}
