/**
 * The online service hall (网上办事大厅) and the public pages: routes and navigation.
 * Public routes render outside the signed-in layout (inside the hall's own frame); app routes
 * inside it. Every page is its own lazily loaded chunk.
 */
import { lazy } from 'react'
import type { RouteObject } from 'react-router-dom'
import { BellOutlined, FileProtectOutlined, ProfileOutlined, ShopOutlined } from '@ant-design/icons'
import type { User } from '../../hooks/api/auth'
import type { NavItem } from '../../app/nav'
import { HallFrame } from './shared/HallFrame'
import { jointHallAppRoutes, jointHallNav, jointHallPublicRoutes } from '../joint'
import { evaluationHallAppRoutes, evaluationHallNav, evaluationHallPublicRoutes } from '../evaluation'
import { supervisionHallPublicRoutes } from '../supervision'

const HallHomePage = lazy(() => import('./home/HallHomePage'))
const GuidePage = lazy(() => import('./guide/GuidePage'))
const ProgressPage = lazy(() => import('./progress/ProgressPage'))
const VerifyPage = lazy(() => import('./verify/VerifyPage'))
const ApplyPage = lazy(() => import('./apply/ApplyPage'))
const MyCasesPage = lazy(() => import('./cases/MyCasesPage'))
const MyCasePage = lazy(() => import('./cases/MyCasePage'))
const CertificatesPage = lazy(() => import('./certificates/CertificatesPage'))
const MessagesPage = lazy(() => import('./messages/MessagesPage'))

export const hallPublicRoutes: RouteObject[] = [
  { path: '/hall', element: <HallFrame><HallHomePage /></HallFrame> },
  { path: '/hall/items/:id', element: <HallFrame><GuidePage /></HallFrame> },
  { path: '/progress', element: <HallFrame narrow><ProgressPage /></HallFrame> },
  { path: '/verify/:code', element: <HallFrame narrow><VerifyPage /></HallFrame> },
  ...jointHallPublicRoutes,
  ...evaluationHallPublicRoutes,
  ...supervisionHallPublicRoutes,
]

export const hallAppRoutes: RouteObject[] = [
  { path: 'my/apply/:itemId', element: <ApplyPage /> },
  { path: 'my/cases', element: <MyCasesPage /> },
  { path: 'my/cases/:id', element: <MyCasePage /> },
  { path: 'my/certificates', element: <CertificatesPage /> },
  { path: 'my/messages', element: <MessagesPage /> },
  ...jointHallAppRoutes,
  ...evaluationHallAppRoutes,
]

export function hallNav(user: User): NavItem[] {
  // staff menus stay as they are (the public hall is one link away at /hall)
  if (user.kind !== 'applicant') return []
  return [
    { key: '/hall', label: '办事大厅', icon: <ShopOutlined /> },
    { key: '/my/cases', label: '我的办件', icon: <ProfileOutlined /> },
    ...jointHallNav(user),
    ...evaluationHallNav(user),
    { key: '/my/certificates', label: '我的证照', icon: <FileProtectOutlined /> },
    { key: '/my/messages', label: '消息', icon: <BellOutlined /> },
  ]
}
