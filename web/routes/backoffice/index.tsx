/** The back office for cases and the catalogue: routes and navigation inside the signed-in layout. */
import { lazy } from 'react'
import type { RouteObject } from 'react-router-dom'
import { AppstoreOutlined, AuditOutlined, BellOutlined, DesktopOutlined, FileSearchOutlined } from '@ant-design/icons'
import { hasRole, type User } from '../../hooks/api/auth'
import type { NavItem } from '../../app/nav'
import { RequireRole } from '../../app/guards'
import { STAFF_ROLES, type Role } from '../../lib/roles'
import { jointBackofficeNav, jointBackofficeRoutes } from '../joint'
import { evaluationBackofficeNav, evaluationBackofficeRoutes } from '../evaluation'
import { supervisionBackofficeNav, supervisionBackofficeRoutes } from '../supervision'

const WindowPage = lazy(() => import('./window/WindowPage'))
const QueuePage = lazy(() => import('./queue/QueuePage'))
const CasesPage = lazy(() => import('./cases/CasesPage'))
const CaseDetailPage = lazy(() => import('./cases/CaseDetailPage'))
const CatalogPage = lazy(() => import('./catalog/CatalogPage'))
const TemplatesPage = lazy(() => import('./notify/TemplatesPage'))
const OutboxPage = lazy(() => import('./notify/OutboxPage'))

export const WINDOW_ROLES: readonly Role[] = ['window_staff', 'centre_admin']
export const QUEUE_ROLES: readonly Role[] = ['reviewer', 'approver']
export const CATALOG_ROLES: readonly Role[] = ['centre_admin', 'system_admin']
export const NOTIFY_ROLES: readonly Role[] = ['centre_admin', 'system_admin']
export const OUTBOX_ROLES: readonly Role[] = ['centre_admin', 'system_admin', 'supervisor']

const guard = (roles: readonly Role[], el: React.ReactNode) => (
  <RequireRole roles={roles} staffOnly>
    {el}
  </RequireRole>
)

export const backofficeAppRoutes: RouteObject[] = [
  { path: 'desk/window', element: guard(WINDOW_ROLES, <WindowPage />) },
  { path: 'desk/queue', element: guard(QUEUE_ROLES, <QueuePage />) },
  { path: 'desk/cases', element: guard(STAFF_ROLES, <CasesPage />) },
  { path: 'desk/cases/:id', element: guard(STAFF_ROLES, <CaseDetailPage />) },
  { path: 'desk/catalog', element: guard(CATALOG_ROLES, <CatalogPage />) },
  { path: 'desk/templates', element: guard(NOTIFY_ROLES, <TemplatesPage />) },
  { path: 'desk/outbox', element: guard(OUTBOX_ROLES, <OutboxPage />) },
  ...jointBackofficeRoutes,
  ...supervisionBackofficeRoutes,
  ...evaluationBackofficeRoutes,
]

export function backofficeNav(user: User): NavItem[] {
  if (user.kind !== 'staff') return []
  const items: NavItem[] = []
  if (hasRole(user, WINDOW_ROLES)) items.push({ key: '/desk/window', label: '窗口工作台', icon: <DesktopOutlined /> })
  if (hasRole(user, QUEUE_ROLES)) items.push({ key: '/desk/queue', label: '审批待办', icon: <AuditOutlined /> })
  items.push({ key: '/desk/cases', label: '办件查询', icon: <FileSearchOutlined /> })
  const joint = jointBackofficeNav(user)
  if (joint.group) items.push(joint.group)
  if (hasRole(user, CATALOG_ROLES)) items.push({ key: '/desk/catalog', label: '事项管理', icon: <AppstoreOutlined /> })
  if (joint.catalog) items.push(joint.catalog)
  items.push(...supervisionBackofficeNav(user))
  const evaluation = evaluationBackofficeNav(user)
  if (evaluation) items.push(evaluation)
  const notify: NavItem[] = []
  if (hasRole(user, NOTIFY_ROLES)) notify.push({ key: '/desk/templates', label: '通知模板' })
  if (hasRole(user, OUTBOX_ROLES)) notify.push({ key: '/desk/outbox', label: '发送记录' })
  if (notify.length) items.push({ key: 'notify', label: '通知管理', icon: <BellOutlined />, children: notify })
  return items
}
