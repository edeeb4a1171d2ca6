/**
 * The evaluation module's pages (好差评): routes and navigation, registered by
 * routes/backoffice/index.tsx, routes/hall/index.tsx and app/router.tsx.
 */
import type { RouteObject } from 'react-router-dom'
import type { User } from '../../hooks/api/auth'
import type { NavItem } from '../../app/nav'

/** back-office pages (inside the signed-in layout, paths without a leading slash: desk/evaluation/…) */
export const evaluationBackofficeRoutes: RouteObject[] = []
/** hall pages for the signed-in applicant (my/…) */
export const evaluationHallAppRoutes: RouteObject[] = []
/** public hall pages (/hall/…, /rate/:token) */
export const evaluationHallPublicRoutes: RouteObject[] = []
/** full-screen pages outside the layout (the counter tablet /counter/rate) */
export const evaluationStandaloneRoutes: RouteObject[] = []

export function evaluationBackofficeNav(_user: User): NavItem | null {
  return null
}
export function evaluationHallNav(_user: User): NavItem[] {
  return []
}
