// The supervision module's tables (created by migration 20261121T1300-supervision-create; see README.md).
import type { ColumnType, Generated } from 'kysely'
import type { Timestamp } from '../../db/core.tables.js'

type JsonCol<T> = ColumnType<T, string, string>
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
/** a date column: read as 'YYYY-MM-DD' (see src/db/database.ts type parsers) */
type DateNull = ColumnType<string | null, string | null | undefined, string | null>

export interface SupervisionAlertTable {
  id: Generated<number>
  kind: string
  level: 'prompt' | 'yellow' | 'red'
  rule: string
  dedupe_key: string
  status: Generated<'open' | 'closed'>
  case_id: number | null
  joint_case_id: number | null
  step_id: number | null
  unit_id: number
  user_id: number | null
  evidence: JsonCol<Record<string, unknown>>
  evidence_text: string
  raised_at: Timestamp
  due: DateNull
  closed_at: TsNull
  close_reason: string | null
  closed_by: number | null
  region_code: string
}

export interface SupervisionOrderTable {
  id: Generated<number>
  number: string
  kind: 'urge' | 'supervise'
  status: 'sent' | 'replied' | 'closed' | 'escalated'
  case_id: number | null
  alert_id: number | null
  pattern: string | null
  unit_id: number
  content: string
  reply_due: string
  sent_by: number
  sent_at: Timestamp
  reply: string | null
  replied_by: number | null
  replied_at: TsNull
  closed_at: TsNull
  close_note: string | null
  parent_id: number | null
  escalated_at: TsNull
  region_code: string
}

export interface SupervisionOrderCounterTable {
  region_code: string
  year: number
  kind: string
  last: number
}

export interface SupervisionSettingsTable {
  region_code: string
  settings: JsonCol<Record<string, unknown>>
  updated_at: Timestamp
  updated_by: number | null
}

export interface SupervisionWatermarkTable {
  name: string
  at: Timestamp
}

export interface SupervisionTables {
  supervision_alert: SupervisionAlertTable
  supervision_order: SupervisionOrderTable
  supervision_order_counter: SupervisionOrderCounterTable
  supervision_settings: SupervisionSettingsTable
  supervision_watermark: SupervisionWatermarkTable
}
