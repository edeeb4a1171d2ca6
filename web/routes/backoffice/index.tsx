/** The back office for cases and the catalogue: routes and navigation inside the signed-in layout. */
import type { RouteObject } from 'react-router-dom'
import type { User } from '../../hooks/api/auth'
import type { NavItem } from '../../app/nav'

export const backofficeAppRoutes: RouteObject[] = []
export function backofficeNav(_user: User): NavItem[] {
  return []
}
