/**
 * The demo, in order: the city (regions, centres, departments, windows, accounts), its service
 * catalogue, cases in every state, and parallel approval (schemes, bundles, projects, joint cases).
 * Each part is idempotent, so loading twice changes nothing.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { Deps } from '../server/context.js'
import { loadDemoCity, type DemoResult } from './demo.js'
import { loadDemoCatalogue } from './catalog.js'
import { loadDemoCases } from './cases.js'
import { loadDemoJoint } from './joint.js'
import { loadDemoSupervision } from './supervision.js'

export async function loadDemo(deps: Deps, log: FastifyBaseLogger): Promise<DemoResult> {
  const city = await loadDemoCity(deps, log)
  await loadDemoCatalogue(deps, log)
  await loadDemoCases(deps, log)
  await loadDemoJoint(deps, log)
  await loadDemoSupervision(deps, log)
  return city
}
