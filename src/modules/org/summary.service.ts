/** The numbers on the organisation dashboard, within the actor's scope. */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Actor } from '../../server/context.js'
import { READ_ROLES } from './org.policy.js'
import { scopeOf } from './org.scope.js'
import * as regions from './region.repository.js'
import * as staff from './staff.repository.js'
import * as units from './unit.repository.js'
import { readScopeFor } from './unit.service.js'

export interface OrgSummary {
  city: { code: string; name: string } | null
  counts: { regions: number; centres: number; departments: number; approvalOffices: number; windows: number; staff: number }
}

export async function orgSummary(db: Kysely<DB>, actor: Actor): Promise<OrgSummary> {
  const rs = await readScopeFor(db, actor)
  const scope = scopeOf(actor, READ_ROLES)
  // regions: everything for the whole-system scope, else the regions the actor's units and region grants lie in
  const unitRegionCodes = await units.unitRegions(db, actor.grants.flatMap((g) => (g.unitId !== null && READ_ROLES.includes(g.role) ? [g.unitId] : [])))
  const prefixes = scope.all ? null : [...new Set([...scope.regions, ...unitRegionCodes.values()])]
  const [city, byKind, regionCount, staffCount] = await Promise.all([
    units.firstCityCentreRegion(db),
    units.countByKind(db, rs),
    regions.countRegions(db, prefixes),
    staff.countStaff(db, scope),
  ])
  return {
    city: city ?? null,
    counts: {
      regions: regionCount,
      centres: byKind.centre,
      departments: byKind.department,
      approvalOffices: byKind.approval_office,
      windows: byKind.window,
      staff: staffCount,
    },
  }
}
