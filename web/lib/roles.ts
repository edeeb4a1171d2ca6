/** The roles and their Chinese names: the one table in src/shared/roles.ts, used by server and browser. */
import { ROLES, type Role } from '../../src/shared/roles'

export { ROLES, ROLE_NAMES, STAFF_ROLES, type Role } from '../../src/shared/roles'

export function roleName(role: string): string {
  return (ROLES as Record<string, string>)[role] ?? role
}

export const ADMIN_ROLES: readonly Role[] = ['system_admin', 'centre_admin']
export const AUDIT_ROLES: readonly Role[] = ['system_admin', 'supervisor', 'centre_admin']
export const AUDIT_VERIFY_ROLES: readonly Role[] = ['system_admin', 'supervisor']
