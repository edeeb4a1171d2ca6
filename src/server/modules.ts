/** The modules of the platform, in registration order. */
import type { AppModule } from './module.js'
import { auditModule } from '../modules/audit/index.js'
import { authModule } from '../modules/auth/index.js'
import { orgModule } from '../modules/org/index.js'
import { calendarModule } from '../modules/calendar/index.js'

export const MODULES: AppModule[] = [auditModule, authModule, orgModule, calendarModule]
