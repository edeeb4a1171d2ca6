/**
 * Who may see and change which parts of the organisation.
 *
 *  - Reading: a staff member sees the units their grants cover (org.scope.ts: a unit's subtree by
 *    path, a region by code prefix, or everything), and the staff whose home unit is covered.
 *    On top of that they see the *departments* of the governments their units belong to (the
 *    department's region is the region, or an ancestor region, of a unit or region they cover):
 *    a centre administrator must be able to pick 市场监督管理局 when opening its window in the hall,
 *    without seeing that department's offices or staff. Nothing of another district is visible.
 *  - Changing: centre_admin inside their scope, system_admin everywhere. The unit must be in the
 *    actor's scope both before and after the change.
 *  - Granting: a grant must itself lie inside the actor's scope, and only a system administrator
 *    gives system_admin or system-wide grants.
 */
import type { ExpressionBuilder } from 'kysely'
import type { Actor } from '../../server/context.js'
import { STAFF_ROLES, type Role } from '../../shared/roles.js'
import { isSystemAdmin, regionInScope, scopeOf, scopeWhere, unitInScope, type Scope, type ScopedUnit } from './org.scope.js'
import { ancestorCodes } from './region.source.js'

export const READ_ROLES: readonly Role[] = STAFF_ROLES
export const MANAGE_ROLES: readonly Role[] = ['centre_admin', 'system_admin']

export interface ReadScope {
  actor: Actor
  scope: Scope
  /** regions whose departments are visible besides the scope (see above) */
  deptRegions: string[]
}

/** Builds the read scope; `unitRegions` maps the actor's granted unit ids to their region codes. */
export function readScope(actor: Actor, unitRegions: Map<number, string>): ReadScope {
  const scope = scopeOf(actor, READ_ROLES)
  if (scope.all) return { actor, scope, deptRegions: [] }
  const covered = new Set<string>(scope.regions)
  for (const g of actor.grants) {
    if (!READ_ROLES.includes(g.role) || g.unitId === null) continue
    const r = unitRegions.get(g.unitId)
    if (r) covered.add(r)
  }
  const dept = new Set<string>()
  for (const r of covered) for (const c of [...ancestorCodes(r), r]) dept.add(c)
  return { actor, scope, deptRegions: [...dept].sort() }
}

export interface VisibleUnit extends ScopedUnit {
  kind: string
}

export function canReadUnit(rs: ReadScope, unit: VisibleUnit): boolean {
  return unitInScope(rs.actor, READ_ROLES, unit) || (unit.kind === 'department' && rs.deptRegions.includes(unit.region_code))
}

/** The SQL form of canReadUnit on an org_unit alias. */
export function unitReadWhere<DB, TB extends keyof DB & string>(eb: ExpressionBuilder<DB, TB>, rs: ReadScope, table: string) {
  const inScope = scopeWhere(eb, rs.scope, table)
  if (rs.scope.all || !rs.deptRegions.length) return inScope
  return eb.or([
    inScope,
    eb.and([eb(`${table}.kind` as never, '=', 'department' as never), eb(`${table}.region_code` as never, 'in', rs.deptRegions as never)]),
  ])
}

/** Staff are visible by their home unit only; accounts without one only to the whole-system scope. */
export function canReadStaff(actor: Actor, home: ScopedUnit | null): boolean {
  return home ? unitInScope(actor, READ_ROLES, home) : scopeOf(actor, READ_ROLES).all
}

export function canManageUnit(actor: Actor, unit: ScopedUnit): boolean {
  return unitInScope(actor, MANAGE_ROLES, unit)
}

export function isManager(actor: Actor): boolean {
  return actor.grants.some((g) => MANAGE_ROLES.includes(g.role))
}

export interface ResolvedGrant {
  role: Role
  /** the granted unit, resolved (null for region or system-wide grants) */
  unit: ScopedUnit | null
  regionCode: string | null
}

/** Whether the actor may give (or take away) this grant. */
export function grantAllowed(actor: Actor, g: ResolvedGrant): boolean {
  if (isSystemAdmin(actor)) return true
  if (g.role === 'system_admin' || g.role === 'applicant') return false
  if (g.unit) return unitInScope(actor, MANAGE_ROLES, g.unit)
  if (g.regionCode) return regionInScope(actor, MANAGE_ROLES, g.regionCode)
  return scopeOf(actor, MANAGE_ROLES).all
}

/** A staff member may be changed by the actor when their home unit and every grant they hold are inside the actor's reach. */
export function canManageStaff(actor: Actor, home: ScopedUnit | null, grants: ResolvedGrant[]): boolean {
  if (isSystemAdmin(actor)) return true
  const homeOk = home ? canManageUnit(actor, home) : scopeOf(actor, MANAGE_ROLES).all
  return homeOk && grants.every((g) => grantAllowed(actor, g))
}
