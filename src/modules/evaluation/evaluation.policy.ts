/**
 * Who may do what with ratings: the applicant rates their own case; window staff run visits on their
 * window; the unit answerable (its staff) works the rectification and may appeal; supervisors and
 * centre administrators decide appeals; everyone in scope reads. Records outside scope are 404.
 */
import type { Actor } from '../../server/context.js'
import type { Role } from '../../shared/roles.js'
import { scopeOf, unitInScope, type Scope, type ScopedUnit } from '../org/index.js'

export const READ_ROLES: Role[] = ['window_staff', 'reviewer', 'approver', 'handling_unit', 'centre_admin', 'supervisor', 'system_admin']
export const UNIT_ROLES: Role[] = ['window_staff', 'reviewer', 'approver', 'handling_unit', 'centre_admin']
export const VISIT_ROLES: Role[] = ['window_staff', 'centre_admin']
export const DECIDE_ROLES: Role[] = ['supervisor', 'centre_admin']
export const SETTINGS_ROLES: Role[] = ['centre_admin', 'system_admin']

export const isStaff = (a: Actor | null): a is Actor => !!a && a.kind === 'staff'

/** The units a rating belongs to: the department answerable and (for a window rating) the window. */
export interface RatingUnits {
  unit: ScopedUnit | null
  window: ScopedUnit | null
}

export function inScope(actor: Actor | null, roles: readonly Role[], u: RatingUnits): boolean {
  if (!isStaff(actor)) return false
  return (!!u.unit && unitInScope(actor, roles, u.unit)) || (!!u.window && unitInScope(actor, roles, u.window))
}

export function readScope(actor: Actor): Scope {
  return scopeOf(actor, READ_ROLES)
}
