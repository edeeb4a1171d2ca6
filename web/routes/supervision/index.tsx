/**
 * The supervision and statistics pages (电子监察, 效能排行, 数据统计, 数据大屏): routes and navigation,
 * registered by routes/backoffice/index.tsx, routes/hall/index.tsx and app/router.tsx.
 */
import type { RouteObject } from 'react-router-dom'
import type { User } from '../../hooks/api/auth'
import type { NavItem } from '../../app/nav'

/** back-office pages (inside the signed-in layout: desk/supervision/…, desk/stats/…) */
export const supervisionBackofficeRoutes: RouteObject[] = []
/** public hall pages (/hall/rankings) */
export const supervisionHallPublicRoutes: RouteObject[] = []
/** full-screen pages outside the layout (the lobby screen /screen) */
export const supervisionStandaloneRoutes: RouteObject[] = []

export function supervisionBackofficeNav(_user: User): NavItem[] {
  return []
}
