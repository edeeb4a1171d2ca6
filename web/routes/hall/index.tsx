/**
 * The online service hall (网上办事大厅) and the public pages: routes and navigation.
 * Public routes render outside the signed-in layout; app routes inside it.
 */
import type { RouteObject } from 'react-router-dom'
import type { User } from '../../hooks/api/auth'
import type { NavItem } from '../../app/nav'

export const hallPublicRoutes: RouteObject[] = []
export const hallAppRoutes: RouteObject[] = []
export function hallNav(_user: User): NavItem[] {
  return []
}
