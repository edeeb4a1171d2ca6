/**
 * Data scope: a staff member acts only inside the units their role grants cover. A grant covers a
 * unit and its subtree (by materialised path), or every unit in a region (by code prefix: GB/T 2260
 * codes nest, 37 ⊃ 3714 ⊃ 371402 ⊃ 371402001 ⊃ 371402001001), or the whole system.
 * Records outside scope are answered as "not found" (immich's requireAccess).
 */
import type { ExpressionBuilder } from 'kysely'
import type { Actor } from '../../server/context.js'
import type { Role } from '../../shared/roles.js'

export interface ScopedUnit {
  path: string
  region_code: string
}

export function hasRole(actor: Actor | null, roles: readonly Role[]): boolean {
  return !!actor && actor.grants.some((g) => roles.includes(g.role))
}

export function isSystemAdmin(actor: Actor | null): boolean {
  return !!actor && actor.grants.some((g) => g.role === 'system_admin' && g.unitId === null && g.regionCode === null)
}

export function unitInScope(actor: Actor | null, roles: readonly Role[], unit: ScopedUnit): boolean {
  if (!actor) return false
  return actor.grants.some(
    (g) =>
      roles.includes(g.role) &&
      ((g.unitPath === null && g.regionCode === null) ||
        (g.unitPath !== null && unit.path.startsWith(g.unitPath)) ||
        (g.regionCode !== null && unit.region_code.startsWith(g.regionCode))),
  )
}

/** Whether a region (by code) lies inside the actor's grants for these roles (unit grants count by their region). */
export function regionInScope(actor: Actor | null, roles: readonly Role[], regionCode: string, unitRegions: Map<number, string> = new Map()): boolean {
  if (!actor) return false
  return actor.grants.some((g) => {
    if (!roles.includes(g.role)) return false
    if (g.unitPath === null && g.regionCode === null) return true
    if (g.regionCode !== null) return regionCode.startsWith(g.regionCode)
    const r = g.unitId !== null ? unitRegions.get(g.unitId) : undefined
    return r !== undefined && regionCode.startsWith(r)
  })
}

export type Scope = { all: true } | { all: false; paths: string[]; regions: string[] }

export function scopeOf(actor: Actor | null, roles: readonly Role[]): Scope {
  if (!actor) return { all: false, paths: [], regions: [] }
  const gs = actor.grants.filter((g) => roles.includes(g.role))
  if (gs.some((g) => g.unitPath === null && g.regionCode === null)) return { all: true }
  return {
    all: false,
    paths: gs.flatMap((g) => (g.unitPath ? [g.unitPath] : [])),
    regions: gs.flatMap((g) => (g.regionCode ? [g.regionCode] : [])),
  }
}

/**
 * A Kysely filter on a table with `path` and `region_code` columns (org_unit, or a join of it).
 * Usage: `.where((eb) => scopeWhere(eb, scope, 'org_unit'))`.
 */
export function scopeWhere<DB, TB extends keyof DB & string>(eb: ExpressionBuilder<DB, TB>, scope: Scope, table: string) {
  if (scope.all) return eb.val(true)
  const ors = [
    ...scope.paths.map((p) => eb(`${table}.path` as never, 'like', `${p}%` as never)),
    ...scope.regions.map((r) => eb(`${table}.region_code` as never, 'like', `${r}%` as never)),
  ]
  return ors.length ? eb.or(ors) : eb.val(false)
}
