/**
 * The evaluation module's pages (好差评): routes and navigation, registered by
 * routes/backoffice/index.tsx, routes/hall/index.tsx and app/router.tsx.
 */
import { lazy, Suspense } from 'react'
import type { RouteObject } from 'react-router-dom'
import { LikeOutlined, StarOutlined } from '@ant-design/icons'
import { hasRole, type User } from '../../hooks/api/auth'
import type { NavItem } from '../../app/nav'
import { FullPageSpin, RequireAuth, RequireRole } from '../../app/guards'
import type { Role } from '../../lib/roles'
import { HallFrame } from '../hall/shared/HallFrame'

const RatingsPage = lazy(() => import('./backoffice/RatingsPage'))
const RectificationsPage = lazy(() => import('./backoffice/RectificationsPage'))
const RectificationDetailPage = lazy(() => import('./backoffice/RectificationDetailPage'))
const MyRatingsPage = lazy(() => import('./hall/MyRatingsPage'))
const PublicBoardPage = lazy(() => import('./hall/PublicBoardPage'))
const TokenRatePage = lazy(() => import('./hall/TokenRatePage'))
const CounterRatePage = lazy(() => import('./counter/CounterRatePage'))

/** who sees ratings and rectifications (in their scope) */
export const EVALUATION_ROLES: readonly Role[] = ['window_staff', 'reviewer', 'approver', 'handling_unit', 'centre_admin', 'supervisor', 'system_admin']
/** the 好差评 menu: the service roles (the system administrator reaches the pages by address only, as with other business menus) */
const NAV_ROLES: readonly Role[] = EVALUATION_ROLES.filter((r) => r !== 'system_admin')
/** who decides appeals (申诉复核) */
export const APPEAL_ROLES: readonly Role[] = ['supervisor', 'centre_admin']

const guard = (roles: readonly Role[], el: React.ReactNode) => (
  <RequireRole roles={roles} staffOnly>
    {el}
  </RequireRole>
)

/** back-office pages (inside the signed-in layout, paths without a leading slash: desk/evaluation/…) */
export const evaluationBackofficeRoutes: RouteObject[] = [
  { path: 'desk/evaluation/ratings', element: guard(EVALUATION_ROLES, <RatingsPage />) },
  { path: 'desk/evaluation/rectifications', element: guard(EVALUATION_ROLES, <RectificationsPage />) },
  { path: 'desk/evaluation/rectifications/:id', element: guard(EVALUATION_ROLES, <RectificationDetailPage />) },
  { path: 'desk/evaluation/appeals', element: guard(APPEAL_ROLES, <RectificationsPage appeals />) },
]
/** hall pages for the signed-in applicant (my/…) */
export const evaluationHallAppRoutes: RouteObject[] = [{ path: 'my/ratings', element: <MyRatingsPage /> }]
/** public hall pages (/hall/…, /rate/:token) */
export const evaluationHallPublicRoutes: RouteObject[] = [
  { path: '/hall/reviews', element: <HallFrame><PublicBoardPage /></HallFrame> },
  { path: '/rate/:token', element: <HallFrame narrow><TokenRatePage /></HallFrame> },
]
/** full-screen pages outside the layout (the counter tablet /counter/rate) */
export const evaluationStandaloneRoutes: RouteObject[] = [
  {
    path: '/counter/rate',
    element: (
      <RequireAuth>
        <Suspense fallback={<FullPageSpin />}>
          <CounterRatePage />
        </Suspense>
      </RequireAuth>
    ),
  },
]

export function evaluationBackofficeNav(user: User): NavItem | null {
  if (user.kind !== 'staff' || !hasRole(user, NAV_ROLES)) return null
  const children: NavItem[] = [
    { key: '/desk/evaluation/ratings', label: '评价记录' },
    { key: '/desk/evaluation/rectifications', label: '差评整改' },
  ]
  if (hasRole(user, APPEAL_ROLES)) children.push({ key: '/desk/evaluation/appeals', label: '申诉复核' })
  return { key: 'evaluation', label: '好差评', icon: <LikeOutlined />, children }
}
export function evaluationHallNav(user: User): NavItem[] {
  if (user.kind !== 'applicant') return []
  return [{ key: '/my/ratings', label: '我的评价', icon: <StarOutlined /> }]
}
