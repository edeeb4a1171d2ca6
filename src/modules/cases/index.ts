/**
 * Applications and cases (办件): materials, pre-review, the intake decision, steps, pauses,
 * extensions, decision, completion and delivery, the clock on every case, and the progress query.
 *   [CONTRACT — the cases owner implements these; keep the signatures]
 */
import type { Deps, Actor } from '../../server/context.js'
import type { AppModule } from '../../server/module.js'

export interface CaseAccess {
  caseId: number
  caseNumber: string
  /** the unit handling it (implementing department / approval office) */
  unitId: number
  applicantUserId: number
  applicantName: string
  /** 'applicant': the actor applied; 'staff': a staff member with the case in scope */
  as: 'applicant' | 'staff'
}

/**
 * Whether the actor may see the case: its applicant, or staff whose grants cover the case's unit
 * (or the window/centre that received it). null when not — answer 404, as if it did not exist.
 */
export async function caseAccess(_deps: Deps, _actor: Actor | null, _caseId: number): Promise<CaseAccess | null> {
  throw new Error('cases.caseAccess: not implemented yet')
}

export const casesModule: AppModule = { name: 'cases' }
