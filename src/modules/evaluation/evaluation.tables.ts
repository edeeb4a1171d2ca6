// The evaluation module's tables (created by migration 20261121T1310-evaluation-create; see README.md).
import type { ColumnType, Generated } from 'kysely'
import type { Timestamp } from '../../db/core.tables.js'

type JsonCol<T> = ColumnType<T, string, string>
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>

export interface EvaluationCounterTable {
  key: string
  last: number
}

export interface EvaluationSettingsTable {
  region_code: string
  rectify_days: number
  callback_days: number
  rating_window_days: number
  verdict_days: number
  updated_at: Timestamp
  updated_by: number | null
}

export interface EvaluationVisitTable {
  id: Generated<number>
  token: string
  window_id: number
  unit_id: number
  region_code: string
  staff_id: number
  staff_name: string
  case_id: number | null
  purpose: string
  applicant_name: string | null
  applicant_phone: string | null
  started_at: Timestamp
  ended_at: TsNull
}

export interface RatingTable {
  id: Generated<number>
  channel: 'online' | 'window'
  source: 'online' | 'tablet' | 'qr' | 'sms'
  stars: number
  indicators: JsonCol<Record<string, number>>
  comment: string | null
  case_id: number | null
  visit_id: number | null
  unit_id: number
  window_id: number | null
  staff_id: number | null
  rater_user_id: number | null
  rater_name: string | null
  rater_phone: string | null
  real_name: boolean
  status: Generated<'normal' | 'appealed' | 'void'>
  created_at: Timestamp
  region_code: string
}

export interface RectificationTable {
  id: Generated<number>
  number: string
  rating_id: number
  unit_id: number
  status: 'open' | 'called_back' | 'rectified' | 'closed' | 'void'
  /** 'YYYY-MM-DD' (date; null while the calendar year is not yet published) */
  due: string | null
  callback_due: string | null
  measures: string | null
  rectified_at: TsNull
  verdict: 'satisfied' | 'basic' | 'unsatisfied' | null
  verdict_at: TsNull
  verdict_due: string | null
  reopened: Generated<boolean>
  first_measures: string | null
  first_verdict: string | null
  created_at: Timestamp
  closed_at: TsNull
  region_code: string
}

export interface RectificationCallbackTable {
  id: Generated<number>
  rectification_id: number
  at: Timestamp
  by_user_id: number | null
  by_name: string
  method: 'phone' | 'sms' | 'visit' | 'other'
  reached: boolean
  content: string
}

export interface RatingAppealTable {
  id: Generated<number>
  rating_id: number
  reason: string
  file_id: string | null
  status: 'pending' | 'upheld' | 'rejected'
  submitted_at: Timestamp
  submitted_by: number | null
  submitted_by_name: string
  decided_at: TsNull
  decided_by: number | null
  decided_by_name: string | null
  decision_note: string | null
}

/** One row per case invited to rate (the sweep's exactly-once marker). */
export interface EvaluationWatermarkTable {
  case_id: number
  invited_at: Timestamp
}

export interface EvaluationTables {
  evaluation_counter: EvaluationCounterTable
  evaluation_settings: EvaluationSettingsTable
  evaluation_visit: EvaluationVisitTable
  rating: RatingTable
  rectification: RectificationTable
  rectification_callback: RectificationCallbackTable
  rating_appeal: RatingAppealTable
  evaluation_watermark: EvaluationWatermarkTable
}
