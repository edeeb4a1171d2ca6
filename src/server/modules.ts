/** The modules of the platform, in registration order. */
import type { AppModule } from './module.js'
import { auditModule } from '../modules/audit/index.js'
import { authModule } from '../modules/auth/index.js'
import { orgModule } from '../modules/org/index.js'
import { calendarModule } from '../modules/calendar/index.js'
import { filesModule } from '../modules/files/index.js'
import { documentsModule } from '../modules/documents/index.js'
import { notifyModule } from '../modules/notify/index.js'
import { catalogModule } from '../modules/catalog/index.js'
import { feesModule } from '../modules/fees/index.js'
import { casesModule } from '../modules/cases/index.js'
import { jointModule } from '../modules/joint/index.js'
import { supervisionModule } from '../modules/supervision/index.js'
import { evaluationModule } from '../modules/evaluation/index.js'
import { statsModule } from '../modules/stats/index.js'

export const MODULES: AppModule[] = [
  auditModule,
  authModule,
  orgModule,
  calendarModule,
  filesModule,
  documentsModule,
  notifyModule,
  catalogModule,
  feesModule,
  casesModule,
  jointModule,
  supervisionModule,
  evaluationModule,
  statsModule,
]
