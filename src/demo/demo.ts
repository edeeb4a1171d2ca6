import type { FastifyBaseLogger } from 'fastify'
import type { Deps } from '../server/context.js'

export async function loadDemoCity(_deps: Deps, log: FastifyBaseLogger): Promise<void> {
  log.info('demo city: not yet available')
}
