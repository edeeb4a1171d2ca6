/** The whole database as Kysely sees it: each module contributes the tables it owns. */
import type { CoreTables } from './core.tables.js'
import type { AuditTables } from '../modules/audit/audit.tables.js'
import type { OrgTables } from '../modules/org/org.tables.js'
import type { AuthTables } from '../modules/auth/auth.tables.js'
import type { CalendarTables } from '../modules/calendar/calendar.tables.js'
import type { CatalogTables } from '../modules/catalog/catalog.tables.js'
import type { FilesTables } from '../modules/files/files.tables.js'
import type { DocumentsTables } from '../modules/documents/documents.tables.js'
import type { NotifyTables } from '../modules/notify/notify.tables.js'
import type { FeesTables } from '../modules/fees/fees.tables.js'
import type { CasesTables } from '../modules/cases/cases.tables.js'
import type { JointTables } from '../modules/joint/joint.tables.js'
import type { SupervisionTables } from '../modules/supervision/supervision.tables.js'
import type { EvaluationTables } from '../modules/evaluation/evaluation.tables.js'
import type { StatsTables } from '../modules/stats/stats.tables.js'

export interface DB
  extends CoreTables,
    AuditTables,
    OrgTables,
    AuthTables,
    CalendarTables,
    CatalogTables,
    FilesTables,
    DocumentsTables,
    NotifyTables,
    FeesTables,
    CasesTables,
    JointTables,
    SupervisionTables,
    EvaluationTables,
    StatsTables {}
