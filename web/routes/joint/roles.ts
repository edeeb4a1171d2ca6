/** Who does what in the joint pages (the server decides; these only choose menus and buttons). */
import type { Role } from '../../lib/roles'

/** Everyone who works on joint cases (system administrators only run the system). */
export const JOINT_ROLES: readonly Role[] = ['window_staff', 'centre_admin', 'reviewer', 'approver', 'handling_unit', 'supervisor', 'agent']
export const JOINT_WINDOW_ROLES: readonly Role[] = ['window_staff', 'centre_admin']
/** who files a joint case in the back office: the general window, or an agent for a principal */
export const JOINT_FILE_ROLES: readonly Role[] = ['window_staff', 'centre_admin', 'agent']
export const JOINT_DEPT_ROLES: readonly Role[] = ['reviewer', 'approver', 'handling_unit']
export const JOINT_ADMIN_ROLES: readonly Role[] = ['centre_admin']
export const AUTH_ROLES: readonly Role[] = ['window_staff', 'centre_admin', 'agent']
