/** Accounts, passwords and sessions. */
import type { AppModule } from '../../server/module.js'
import { authRoutes } from './auth.routes.js'
import { ensureAdmin, sweepSessions } from './auth.service.js'

export { sessionHook } from './auth.plugin.js'
export {
  createStaffAccount,
  endSessions,
  loadGrants,
  login,
  register,
  resetPassword,
  updateStaffAccount,
  type AccountDto,
  type StaffAccountFields,
  type StaffAccountInput,
} from './auth.service.js'
export { hashPassword, passwordProblem } from './passwords.js'
export { AuthErrors } from './auth.errors.js'

export const authModule: AppModule = {
  name: 'auth',
  routes: authRoutes,
  bootstrap: ensureAdmin,
  jobs(runner, deps) {
    runner.sweep('auth.sessions.expire', 15 * 60_000, async (now) => {
      await sweepSessions(deps, now)
    })
  },
}
