/**
 * Who may do what with a fee order. Window staff and centre administrators take payments for
 * orders of units in their scope, or of cases they can see (the window that received the case
 * takes the money although the department handles it). The applicant pays their own case's order
 * online. Anyone else gets "not found", as if the order did not exist.
 */
import type { Actor, Deps } from '../../server/context.js'
import type { Role } from '../../shared/roles.js'
import type { CaseAccess } from '../cases/index.js'
import { hasRole, unitInScope, type ScopedUnit } from '../org/index.js'

export const PAYMENT_ROLES: readonly Role[] = ['window_staff', 'centre_admin']

/**
 * caseAccess from the cases module; while that module is still a stub ("not implemented yet")
 * nobody gets access through it — never a 500. Imported lazily: cases imports fees (it creates the
 * fee order at acceptance), and a static import back would make the two modules a load-time cycle.
 */
export async function accessToCase(deps: Deps, actor: Actor | null, caseId: number): Promise<CaseAccess | null> {
  try {
    const { caseAccess } = await import('../cases/index.js')
    return await caseAccess(deps, actor, caseId)
  } catch (e) {
    if (e instanceof Error && /not implemented yet/.test(e.message)) return null
    throw e
  }
}

export async function mayTakePayment(deps: Deps, actor: Actor | null, order: { caseId: number; unit: ScopedUnit }): Promise<boolean> {
  if (!actor || actor.kind !== 'staff' || !hasRole(actor, PAYMENT_ROLES)) return false
  if (unitInScope(actor, PAYMENT_ROLES, order.unit)) return true
  return (await accessToCase(deps, actor, order.caseId))?.as === 'staff'
}

export async function mayPayOnline(deps: Deps, actor: Actor | null, caseId: number): Promise<boolean> {
  if (!actor || actor.kind !== 'applicant') return false
  const a = await accessToCase(deps, actor, caseId)
  return a?.as === 'applicant' && a.applicantUserId === actor.userId
}

/** Reading an order: the applicant, staff who can see the case, or payment staff with the unit in scope. */
export async function mayReadOrder(deps: Deps, actor: Actor | null, order: { caseId: number; unit: ScopedUnit }): Promise<boolean> {
  if (!actor) return false
  if (actor.kind === 'staff' && unitInScope(actor, PAYMENT_ROLES, order.unit)) return true
  return (await accessToCase(deps, actor, order.caseId)) !== null
}
