/**
 * The joint module's pages (并联审批, 建设项目, 一件事一次办, 帮办代办): routes and navigation for the
 * back office and the hall, registered by routes/backoffice/index.tsx and routes/hall/index.tsx.
 */
import { lazy } from 'react'
import type { RouteObject } from 'react-router-dom'
import { ApartmentOutlined, ClusterOutlined, SolutionOutlined } from '@ant-design/icons'
import { hasRole, type User } from '../../hooks/api/auth'
import type { NavItem } from '../../app/nav'
import { RequireRole } from '../../app/guards'
import type { Role } from '../../lib/roles'
import { AUTH_ROLES, JOINT_ADMIN_ROLES, JOINT_DEPT_ROLES, JOINT_FILE_ROLES, JOINT_ROLES } from './roles'
import { HallFrame } from '../hall/shared/HallFrame'

const JointCasesPage = lazy(() => import('./backoffice/JointCasesPage'))
const JointFilePage = lazy(() => import('./backoffice/JointFilePage'))
const JointCaseDetailPage = lazy(() => import('./backoffice/JointCaseDetailPage'))
const TaskInboxPage = lazy(() => import('./backoffice/TaskInboxPage'))
const ProjectsPage = lazy(() => import('./backoffice/ProjectsPage'))
const ProjectDetailPage = lazy(() => import('./backoffice/ProjectDetailPage'))
const JointCatalogPage = lazy(() => import('./backoffice/JointCatalogPage'))
const AuthorisationsPage = lazy(() => import('./backoffice/AuthorisationsPage'))
const BundlesPage = lazy(() => import('./hall/BundlesPage'))
const BundlePage = lazy(() => import('./hall/BundlePage'))
const BundleApplyPage = lazy(() => import('./hall/BundleApplyPage'))
const MyJointCasesPage = lazy(() => import('./hall/MyJointCasesPage'))
const MyJointCasePage = lazy(() => import('./hall/MyJointCasePage'))
const MyProjectPage = lazy(() => import('./hall/MyProjectPage'))
const MyAgentsPage = lazy(() => import('./hall/MyAgentsPage'))

const guard = (roles: readonly Role[], el: React.ReactNode) => (
  <RequireRole roles={roles} staffOnly>
    {el}
  </RequireRole>
)

export const jointBackofficeRoutes: RouteObject[] = [
  { path: 'desk/joint/cases', element: guard(JOINT_ROLES, <JointCasesPage />) },
  { path: 'desk/joint/cases/:id', element: guard(JOINT_ROLES, <JointCaseDetailPage />) },
  { path: 'desk/joint/new', element: guard(JOINT_FILE_ROLES, <JointFilePage />) },
  { path: 'desk/joint/tasks', element: guard(JOINT_DEPT_ROLES, <TaskInboxPage />) },
  { path: 'desk/joint/projects', element: guard(JOINT_ROLES, <ProjectsPage />) },
  { path: 'desk/joint/projects/:id', element: guard(JOINT_ROLES, <ProjectDetailPage />) },
  { path: 'desk/joint/authorisations', element: guard(AUTH_ROLES, <AuthorisationsPage />) },
  { path: 'desk/catalog/joint', element: guard(JOINT_ADMIN_ROLES, <JointCatalogPage />) },
]

/** 并联审批 group (staff in the joint workflow) and 一件事与审批方案 beside 事项管理 (centre administrators). */
export function jointBackofficeNav(user: User): { group: NavItem | null; catalog: NavItem | null } {
  if (user.kind !== 'staff' || !hasRole(user, JOINT_ROLES)) return { group: null, catalog: null }
  const children: NavItem[] = [{ key: '/desk/joint/cases', label: '联办件' }]
  if (hasRole(user, JOINT_DEPT_ROLES)) children.push({ key: '/desk/joint/tasks', label: '协办任务' })
  if (hasRole(user, JOINT_FILE_ROLES)) children.push({ key: '/desk/joint/new', label: '综合窗口收件' })
  children.push({ key: '/desk/joint/projects', label: '建设项目' })
  if (hasRole(user, AUTH_ROLES)) children.push({ key: '/desk/joint/authorisations', label: '帮办代办授权' })
  return {
    group: { key: 'joint', label: '并联审批', icon: <ClusterOutlined />, children },
    catalog: hasRole(user, JOINT_ADMIN_ROLES) ? { key: '/desk/catalog/joint', label: '一件事与审批方案', icon: <ApartmentOutlined /> } : null,
  }
}

export const jointHallPublicRoutes: RouteObject[] = [
  { path: '/hall/bundles', element: <HallFrame><BundlesPage /></HallFrame> },
  { path: '/hall/bundles/:id', element: <HallFrame><BundlePage /></HallFrame> },
]

export const jointHallAppRoutes: RouteObject[] = [
  { path: 'my/bundles', element: <BundlesPage /> },
  { path: 'my/bundles/:id', element: <BundlePage /> },
  { path: 'my/bundles/:id/apply', element: <BundleApplyPage /> },
  { path: 'my/joint', element: <MyJointCasesPage /> },
  { path: 'my/joint/:id', element: <MyJointCasePage /> },
  { path: 'my/projects/:id', element: <MyProjectPage /> },
  { path: 'my/agents', element: <MyAgentsPage /> },
]

export function jointHallNav(user: User): NavItem[] {
  if (user.kind !== 'applicant') return []
  return [
    { key: '/my/bundles', label: '一件事一次办', icon: <SolutionOutlined /> },
    { key: '/my/joint', label: '我的联办件', icon: <ClusterOutlined /> },
    { key: '/my/agents', label: '帮办代办授权', icon: <ApartmentOutlined /> },
  ]
}
