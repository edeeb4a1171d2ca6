/**
 * Who may manage which items: centre administrators for the items of departments in their scope,
 * system administrators everywhere. A department is in a centre administrator's scope when its
 * org_unit row lies in the grant's subtree or region (scopeOf / scopeWhere), or when it belongs to
 * the same government as the centre the grant names (its region equals the granted unit's region):
 * the city centre's administrators maintain the city departments' items (the departments are not
 * children of the centre in the org tree), a district centre's administrators those of the district's
 * departments. Everyone reads published items; unpublished ones only the managers see, and
 * an item outside the actor's reach is answered as not found.
 */
import type { ExpressionBuilder, Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Actor } from '../../server/context.js'
import type { Role } from '../../shared/roles.js'
import { scopeOf, scopeWhere, unitInScope, type Scope } from '../org/index.js'

export const ADMIN_ROLES: readonly Role[] = ['centre_admin', 'system_admin']

export interface ManageScope {
  actor: Actor
  scope: Scope
  /** regions of the units the admin grants name: departments of exactly these regions are managed too */
  regions: string[]
}

export function isCatalogAdmin(actor: Actor | null): actor is Actor {
  return !!actor && actor.grants.some((g) => ADMIN_ROLES.includes(g.role))
}

/** The actor's manage scope, or null for anyone who is not a catalogue administrator. */
export async function manageScopeOf(db: Kysely<DB>, actor: Actor | null): Promise<ManageScope | null> {
  if (!isCatalogAdmin(actor)) return null
  const scope = scopeOf(actor, ADMIN_ROLES)
  if (scope.all) return { actor, scope, regions: [] }
  const ids = actor.grants.filter((g) => ADMIN_ROLES.includes(g.role) && g.unitId !== null).map((g) => g.unitId!)
  const rows = ids.length ? await db.selectFrom('org_unit').select('region_code').where('id', 'in', ids).execute() : []
  return { actor, scope, regions: [...new Set(rows.map((r) => r.region_code))] }
}

export function canManageDepartment(ms: ManageScope | null, dept: { path: string; region_code: string }): boolean {
  if (!ms) return false
  return unitInScope(ms.actor, ADMIN_ROLES, dept) || ms.regions.includes(dept.region_code)
}

/** The SQL form of canManageDepartment on an org_unit alias. */
export function manageWhere<D, TB extends keyof D & string>(eb: ExpressionBuilder<D, TB>, ms: ManageScope | null, table: string) {
  if (!ms) return eb.val(false)
  const inScope = scopeWhere(eb, ms.scope, table)
  if (ms.scope.all || !ms.regions.length) return inScope
  return eb.or([inScope, eb(`${table}.region_code` as never, 'in', ms.regions as never)])
}
