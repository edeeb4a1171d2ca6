/** Organisation: regions, centres, departments, approval offices, windows, staff, roles and data scope. */
import type { AppModule } from '../../server/module.js'
import { orgRoutes } from './org.routes.js'

export { hasRole, isSystemAdmin, regionInScope, scopeOf, scopeWhere, unitInScope, type Scope, type ScopedUnit } from './org.scope.js'
export { canReadUnit, readScope, unitReadWhere, READ_ROLES, MANAGE_ROLES, type ReadScope } from './org.policy.js'
export { importRegions, listRegions, regionDetail, type ImportRegionsOptions, type ImportRegionsResult, type RegionDto } from './region.service.js'
export { createUnit, createUnits, getUnit, listUnits, readScopeFor, unitDto, updateUnit, type UnitDto, type UnitInput, type UnitPatch, type UnitSpec } from './unit.service.js'
export { createStaff, getStaff, listStaff, setGrants, updateStaff, type StaffDto, type StaffInput, type GrantInput } from './staff.service.js'
export { orgSummary, type OrgSummary } from './summary.service.js'
export { CENTRE_SUBTYPES, WINDOW_SUBTYPES, UNIT_KIND_NAMES, childPath, type CentreSubtype, type WindowSubtype } from './unit.rules.js'
export { OrgErrors } from './org.errors.js'

export const orgModule: AppModule = { name: 'org', routes: orgRoutes }
