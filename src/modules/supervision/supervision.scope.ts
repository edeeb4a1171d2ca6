/**
 * Data scope of the supervision console: a supervisor (or centre admin, system admin) sees the units
 * their grants cover (a unit's subtree, a region by code prefix, or everything) and, for a unit grant,
 * every unit of the same district (the district's departments and offices are what its centre's
 * e-supervision office watches).
 */
import { sql, type RawBuilder } from 'kysely'
import type { Actor, Deps } from '../../server/context.js'
import type { Role } from '../../shared/roles.js'
import { scopeOf } from '../org/index.js'
import { SupervisionErrors } from './supervision.errors.js'

export const SUPERVISOR_ROLES: readonly Role[] = ['supervisor', 'centre_admin', 'system_admin']

export interface SupScope {
  all: boolean
  paths: string[]
  regionPrefixes: string[]
  regions: string[]
}

export async function supScope(deps: Deps, actor: Actor | null): Promise<SupScope> {
  if (!actor || actor.kind !== 'staff' || !actor.grants.some((g) => SUPERVISOR_ROLES.includes(g.role))) throw SupervisionErrors.FORBIDDEN('仅电子监察人员可以使用')
  const s = scopeOf(actor, SUPERVISOR_ROLES)
  if (s.all) return { all: true, paths: [], regionPrefixes: [], regions: [] }
  const unitIds = actor.grants.filter((g) => SUPERVISOR_ROLES.includes(g.role) && g.unitId !== null).map((g) => g.unitId!)
  const regions = unitIds.length ? (await deps.db.selectFrom('org_unit').select('region_code').where('id', 'in', unitIds).execute()).map((r) => r.region_code) : []
  return { all: false, paths: s.paths, regionPrefixes: s.regions, regions: [...new Set(regions)] }
}

/** SQL condition on an org_unit alias. */
export function unitVisible(s: SupScope, alias: string): RawBuilder<boolean> {
  if (s.all) return sql<boolean>`true`
  const t = sql.ref(alias)
  const ors: RawBuilder<boolean>[] = [
    ...s.paths.map((p) => sql<boolean>`${t}.path LIKE ${p + '%'}`),
    ...s.regionPrefixes.map((r) => sql<boolean>`${t}.region_code LIKE ${r + '%'}`),
    ...(s.regions.length ? [sql<boolean>`${t}.region_code IN (${sql.join(s.regions)})`] : []),
  ]
  return ors.length ? sql<boolean>`(${sql.join(ors, sql` OR `)})` : sql<boolean>`false`
}

export async function unitInSupScope(deps: Deps, s: SupScope, unitId: number): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`SELECT ${unitVisible(s, 'u')} AS ok FROM org_unit u WHERE u.id = ${unitId}`.execute(deps.db)
  return !!r.rows[0]?.ok
}
