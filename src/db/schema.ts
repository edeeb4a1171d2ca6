/** The whole database as Kysely sees it: each module contributes the tables it owns. */
import type { CoreTables } from './core.tables.js'
import type { AuditTables } from '../modules/audit/audit.tables.js'
import type { OrgTables } from '../modules/org/org.tables.js'
import type { AuthTables } from '../modules/auth/auth.tables.js'
import type { CalendarTables } from '../modules/calendar/calendar.tables.js'

export interface DB extends CoreTables, AuditTables, OrgTables, AuthTables, CalendarTables {}
