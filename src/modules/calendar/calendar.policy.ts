/**
 * Who may change the calendar. Local overrides: a centre administrator for the regions at or under
 * their grant's region (a unit grant counts by the unit's region), a system administrator anywhere.
 * National data (year imports): system administrators only. Reading is public: the month view
 * shows the same overrides to anyone.
 */
import type { Actor } from '../../server/context.js'
import type { Role } from '../../shared/roles.js'
import { isSystemAdmin, regionInScope } from '../org/index.js'

export const EDITOR_ROLES: readonly Role[] = ['centre_admin', 'system_admin']

/** unitRegions: the region of each unit the actor's grants name (org_unit.region_code). */
export function mayEditRegion(actor: Actor, regionCode: string, unitRegions: Map<number, string>): boolean {
  return isSystemAdmin(actor) || regionInScope(actor, EDITOR_ROLES, regionCode, unitRegions)
}

export function mayImportYears(actor: Actor): boolean {
  return isSystemAdmin(actor)
}

/** The units whose regions mayEditRegion needs to know. */
export function grantUnitIds(actor: Actor): number[] {
  return actor.grants.filter((g) => EDITOR_ROLES.includes(g.role) && g.unitId !== null).map((g) => g.unitId!)
}
