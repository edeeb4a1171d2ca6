/** Organisation: regions, centres, departments, approval offices, windows, staff, roles and data scope. */
import type { AppModule } from '../../server/module.js'

export { hasRole, isSystemAdmin, regionInScope, scopeOf, scopeWhere, unitInScope, type Scope, type ScopedUnit } from './org.scope.js'

export const orgModule: AppModule = { name: 'org' }
