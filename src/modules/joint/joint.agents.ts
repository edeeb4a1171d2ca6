/**
 * Agent service (帮办/代办): recorded authorisations for an agent to file and follow cases for an
 * applicant. [CONTRACT: owned by the projects/bundles helper; the core calls these]
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'

type Db = Kysely<DB>

/**
 * The authorisation under which agentUserId may act for principalUserId today (YYYY-MM-DD):
 * not revoked, valid_from ≤ today ≤ valid_until, scope 'all' or scope 'project' for projectId.
 */
export async function activeAuthorisation(
  db: Db,
  q: { agentUserId: number; principalUserId: number; projectId: number | null; today: string },
): Promise<{ id: number } | null> {
  throw new Error('not implemented')
}

/** Everyone the agent may act for today (for listing their joint cases). */
export async function authorisedPrincipals(db: Db, agentUserId: number, today: string): Promise<{ principalUserId: number; projectId: number | null }[]> {
  throw new Error('not implemented')
}
