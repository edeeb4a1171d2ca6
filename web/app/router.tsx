/** Routes; every page is its own lazily loaded chunk. */
import { lazy, Suspense } from 'react'
import { createBrowserRouter } from 'react-router-dom'
import { FullPageSpin, RequireAuth, RequireRole } from './guards'
import { PublicFrame } from './PublicFrame'
import { AUDIT_ROLES, STAFF_ROLES } from '../lib/roles'
import { hallAppRoutes, hallPublicRoutes } from '../routes/hall'
import { backofficeAppRoutes } from '../routes/backoffice'
import { evaluationStandaloneRoutes } from '../routes/evaluation'
import { supervisionStandaloneRoutes } from '../routes/supervision'

// the signed-in shell is a chunk of its own too, so the login page loads only what it needs
const AppLayout = lazy(() => import('./AppLayout').then((m) => ({ default: m.AppLayout })))
const LoginPage = lazy(() => import('../routes/auth/login/LoginPage'))
const RegisterPage = lazy(() => import('../routes/auth/register/RegisterPage'))
const DashboardPage = lazy(() => import('../routes/home/dashboard/DashboardPage'))
const CalendarPage = lazy(() => import('../routes/calendar/month/CalendarPage'))
const RegionsPage = lazy(() => import('../routes/org/regions/RegionsPage'))
const UnitsPage = lazy(() => import('../routes/org/units/UnitsPage'))
const StaffPage = lazy(() => import('../routes/org/staff/StaffPage'))
const AuditPage = lazy(() => import('../routes/audit/log/AuditPage'))
const AccountPage = lazy(() => import('../routes/account/settings/AccountPage'))
const NotFoundPage = lazy(() => import('../routes/errors/NotFoundPage'))

export const router = createBrowserRouter([
  { path: '/login', element: <PublicFrame><LoginPage /></PublicFrame> },
  { path: '/register', element: <PublicFrame><RegisterPage /></PublicFrame> },
  ...hallPublicRoutes,
  ...evaluationStandaloneRoutes,
  ...supervisionStandaloneRoutes,
  {
    path: '/',
    element: (
      <RequireAuth>
        <Suspense fallback={<FullPageSpin />}>
          <AppLayout />
        </Suspense>
      </RequireAuth>
    ),
    children: [
      { index: true, element: <DashboardPage /> },
      { path: 'calendar', element: <CalendarPage /> },
      { path: 'org/regions', element: <RequireRole roles={STAFF_ROLES} staffOnly><RegionsPage /></RequireRole> },
      { path: 'org/units', element: <RequireRole roles={STAFF_ROLES} staffOnly><UnitsPage /></RequireRole> },
      { path: 'org/staff', element: <RequireRole roles={STAFF_ROLES} staffOnly><StaffPage /></RequireRole> },
      { path: 'audit', element: <RequireRole roles={AUDIT_ROLES}><AuditPage /></RequireRole> },
      { path: 'account', element: <AccountPage /> },
      ...hallAppRoutes,
      ...backofficeAppRoutes,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
])
