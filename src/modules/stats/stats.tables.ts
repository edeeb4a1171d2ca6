// The stats module's tables (created by migration 20261121T1320-stats-create; see README.md).
import type { ColumnType, Generated } from 'kysely'
import type { Timestamp } from '../../db/core.tables.js'

type JsonCol<T> = ColumnType<T, string, string>
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>

export interface StatsCaseFactTable {
  case_id: number
  region_code: string
  level: number
  unit_id: number
  window_id: number
  intake_user_id: number
  item_id: number
  channel: string
  status: string
  received_day: string | null
  accepted_day: string | null
  decided_day: string | null
  completed_day: string | null
  withdrawn: boolean
  instant: boolean
  on_time: boolean | null
  early: boolean | null
  workdays: number | null
  legal_days: number
  corrections: number
  overdue_from: string | null
  overdue_to: string | null
  case_updated_at: Timestamp
}

export type StatsDayKind = 'received' | 'accepted' | 'completed' | 'overdue_in' | 'overdue_out' | 'rating' | 'alert'

export interface StatsDayTable {
  day: string
  kind: StatsDayKind
  unit_id: number
  item_id: number
  window_id: number
  user_id: number
  channel: string
  level: number
  n: number
  completed: number
  withdrawn: number
  instant: number
  on_time: number
  early: number
  late: number
  workdays: ColumnType<string | number, number, number>
  legal_days: ColumnType<string | number, number, number>
  corrections: number
  satisfied: number
  bad: number
  yellow: number
  red: number
}

export interface StatsStepFactTable {
  step_id: number
  case_id: number
  user_id: number
  unit_id: number
  day: string
  on_time: boolean
  early: boolean
  workdays: number
}

export interface StatsStaffDayTable {
  day: string
  user_id: number
  unit_id: number
  steps: number
  on_time: number
  early: number
  workdays: ColumnType<string | number, number, number>
}

export interface StatsDirtyTable {
  day: string
  unit_id: number
}

export interface StatsWatermarkTable {
  name: string
  at: TsNull
  last_id: number
  refreshed_at: TsNull
}

export interface StatsSettingsTable {
  region_code: string
  grades: JsonCol<{ excellent: number; good: number; pass: number }>
  updated_at: Timestamp
  updated_by: number | null
}

export interface StatsPublishedRankingTable {
  id: Generated<number>
  title: string
  region_code: string
  scope: 'department' | 'window' | 'staff'
  period: 'week' | 'month'
  from_day: string
  to_day: string
  fair: boolean
  rows: JsonCol<unknown[]>
  published_at: Timestamp
  published_by: number | null
}

export interface StatsTables {
  stats_case_fact: StatsCaseFactTable
  stats_day: StatsDayTable
  stats_step_fact: StatsStepFactTable
  stats_staff_day: StatsStaffDayTable
  stats_dirty: StatsDirtyTable
  stats_watermark: StatsWatermarkTable
  stats_settings: StatsSettingsTable
  stats_published_ranking: StatsPublishedRankingTable
}
