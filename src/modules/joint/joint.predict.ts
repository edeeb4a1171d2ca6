/**
 * Predicted completion (R15 art 19): the critical path of the departments' limits and, where history
 * exists, their actual lead times. [CONTRACT: owned by the projects/bundles helper; the core calls it]
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Calendar } from '../calendar/index.js'
import type { PredictionDto } from './joint.types.js'

type Db = Kysely<DB>

/**
 * For an accepted joint case: each pending task is expected to take min(its limit, the median working
 * days its department actually took for the same item over its last completed cases, if ≥ 3 exist);
 * a replied or deemed task counts with its actual date. The joint case completes when the last task does.
 * Before acceptance: from `today` as if accepted today.
 */
export async function predictCompletion(db: Db, cal: Calendar, jointCaseId: number, today: string): Promise<PredictionDto> {
  throw new Error('not implemented')
}
