/**
 * The supervision and statistics pages (电子监察, 效能排行, 数据统计, 数据大屏): routes and navigation,
 * registered by routes/backoffice/index.tsx, routes/hall/index.tsx and app/router.tsx.
 */
import { lazy, Suspense } from 'react'
import type { RouteObject } from 'react-router-dom'
import { AlertOutlined, BarChartOutlined, InboxOutlined } from '@ant-design/icons'
import { hasRole, type User } from '../../hooks/api/auth'
import type { NavItem } from '../../app/nav'
import { FullPageSpin, RequireRole } from '../../app/guards'
import { STAFF_ROLES, type Role } from '../../lib/roles'
import { HallFrame } from '../hall/shared/HallFrame'
import { INBOX_ROLES, ORDER_SEND_ROLES, STATS_ROLES, SUPERVISOR_ROLES } from './shared/bits'

const SupervisionConsolePage = lazy(() => import('./console/SupervisionConsolePage'))
const SupervisionCasePage = lazy(() => import('./console/SupervisionCasePage'))
const OrdersPage = lazy(() => import('./orders/OrdersPage'))
const StatsPage = lazy(() => import('./stats/StatsPage'))
const RankingsPage = lazy(() => import('./stats/RankingsPage'))
const ScreenPage = lazy(() => import('./screen/ScreenPage'))
const PublicRankingsPage = lazy(() => import('./hall/PublicRankingsPage'))
const SupervisionSettingsPage = lazy(() => import('./settings/SupervisionSettingsPage'))

const guard = (roles: readonly Role[], el: React.ReactNode) => (
  <RequireRole roles={roles} staffOnly>
    {el}
  </RequireRole>
)

/** back-office pages (inside the signed-in layout: desk/supervision/…, desk/stats/…) */
export const supervisionBackofficeRoutes: RouteObject[] = [
  { path: 'desk/supervision', element: guard(ORDER_SEND_ROLES, <SupervisionConsolePage />) },
  { path: 'desk/supervision/cases/:id', element: guard(ORDER_SEND_ROLES, <SupervisionCasePage />) },
  { path: 'desk/supervision/orders', element: guard(STAFF_ROLES, <OrdersPage />) },
  { path: 'desk/supervision/inbox', element: guard(STAFF_ROLES, <OrdersPage defaultBox="inbox" key="inbox" />) },
  { path: 'desk/stats', element: guard(STATS_ROLES, <StatsPage />) },
  { path: 'desk/stats/rankings', element: guard(STATS_ROLES, <RankingsPage />) },
  { path: 'desk/supervision/settings', element: guard(ORDER_SEND_ROLES, <SupervisionSettingsPage />) },
]
/** public hall pages (/hall/rankings) */
export const supervisionHallPublicRoutes: RouteObject[] = [{ path: '/hall/rankings', element: <HallFrame><PublicRankingsPage /></HallFrame> }]
/** full-screen pages outside the layout (the lobby screen /screen) */
export const supervisionStandaloneRoutes: RouteObject[] = [
  {
    path: '/screen',
    element: (
      <Suspense fallback={<div style={{ position: 'fixed', inset: 0, background: '#06142b' }}><FullPageSpin /></div>}>
        <ScreenPage />
      </Suspense>
    ),
  },
]

/**
 * supervisor: 电子监察 (console, 催办督办, 数据统计, 效能排行); centre_admin: 数据统计, 效能排行, 催办督办;
 * the staff of a unit that can receive orders: 督办收件箱.
 */
export function supervisionBackofficeNav(user: User): NavItem[] {
  if (user.kind !== 'staff') return []
  const children: NavItem[] = []
  if (hasRole(user, SUPERVISOR_ROLES)) children.push({ key: '/desk/supervision', label: '实时监察' })
  if (hasRole(user, ORDER_SEND_ROLES)) children.push({ key: '/desk/supervision/orders', label: '催办督办' })
  if (hasRole(user, STATS_ROLES)) children.push({ key: '/desk/stats', label: '数据统计' }, { key: '/desk/stats/rankings', label: '效能排行' })
  if (hasRole(user, ORDER_SEND_ROLES)) children.push({ key: '/desk/supervision/settings', label: '监察设置' })
  const items: NavItem[] = []
  if (children.length) {
    const supervisor = hasRole(user, SUPERVISOR_ROLES)
    items.push({ key: 'supervision', label: supervisor ? '电子监察' : '监察与统计', icon: supervisor ? <AlertOutlined /> : <BarChartOutlined />, children })
  }
  if (hasRole(user, INBOX_ROLES) && !hasRole(user, ORDER_SEND_ROLES)) items.push({ key: '/desk/supervision/inbox', label: '督办收件箱', icon: <InboxOutlined /> })
  return items
}
