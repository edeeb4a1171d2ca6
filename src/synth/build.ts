/**
 * A synthetic city from an empty database: the demo city's organisation, accounts and catalogue
 * (loaded when absent), then synthesizeCity. The `synth` command and the benchmarks' data sets use it.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { Deps } from '../server/context.js'
import { loadDemoCity } from '../demo/demo.js'
import { loadDemoCatalogue } from '../demo/catalog.js'
import { synthesizeCity, type CityOptions, type CityResult } from './city.js'

export async function buildCity(deps: Deps, log: FastifyBaseLogger, opts: CityOptions): Promise<CityResult> {
  await loadDemoCity(deps, log)
  await loadDemoCatalogue(deps, log)
  return synthesizeCity(deps, opts)
}
