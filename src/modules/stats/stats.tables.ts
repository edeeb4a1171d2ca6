// The stats module's tables (migrations 20261121T1320-stats-create and 20261122T0120-stats-coarse; see README.md).
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
  promised_due: string | null
  case_updated_at: Timestamp
}

/** The measures every unit and item rollup row carries (bigint columns; summed by period queries). */
export const MEASURES = [
  'received', 'received_corrections', 'accepted', 'accepted_online', 'accepted_window', 'accepted_completed', 'accepted_withdrawn',
  'completed', 'instant', 'on_time', 'early', 'late', 'workdays', 'legal_days', 'completed_corrections', 'overdue_in', 'overdue_out',
  'ratings', 'satisfied', 'bad', 'alerts', 'yellow', 'red',
] as const
export type Measure = (typeof MEASURES)[number]

type Big = ColumnType<string | number, number, number>
type Measures = { [K in Measure]: Big }

interface UnitKey {
  unit_id: number
  window_id: number
  channel: string
  level: number
}
interface ItemKey {
  item_id: number
  unit_id: number
  window_id: number
  level: number
}
export type StatsUnitDayTable = UnitKey & Measures & { day: string }
export type StatsUnitMonthTable = UnitKey & Measures & { month: string }
export type StatsUnitTotalTable = UnitKey & Measures
export type StatsItemDayTable = ItemKey & Measures & { day: string }
export type StatsItemMonthTable = ItemKey & Measures & { month: string }
export type StatsItemTotalTable = ItemKey & Measures

/** Open (accepted or paused) cases with a promised date, for the lobby screen's lights. */
export interface StatsOpenTable {
  region_code: string
  unit_id: number
  due: string
  paused: boolean
  n: Big
}

export interface StatsRatingFactTable {
  rating_id: number
  day: string
  unit_id: number
  window_id: number
  user_id: number
  channel: string
  counted: number
  satisfied: number
  bad: number
}

export interface StatsAlertFactTable {
  alert_id: number
  day: string
  unit_id: number
  user_id: number
  alerts: number
  yellow: number
  red: number
}

/** The fair view's expectations, kept per window until a change inside the window deletes them. */
export interface StatsItemExpectWindowTable {
  from_day: string
  to_day: string
  computed_at: ColumnType<Date, Date | undefined, never>
}
export interface StatsItemExpectTable {
  from_day: string
  to_day: string
  item_id: number
  avg_workdays: number
}

/** Ratings and alerts written since the last refresh (statement triggers on their tables). */
export interface StatsEventQueueTable {
  kind: 'rating' | 'alert'
  id: number
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
  steps: Big
  on_time: Big
  early: Big
  workdays: Big
  ratings: Big
  satisfied: Big
  bad: Big
  alerts: Big
  yellow: Big
  red: Big
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
  stats_unit_day: StatsUnitDayTable
  stats_unit_month: StatsUnitMonthTable
  stats_unit_total: StatsUnitTotalTable
  stats_item_day: StatsItemDayTable
  stats_item_month: StatsItemMonthTable
  stats_item_total: StatsItemTotalTable
  stats_open: StatsOpenTable
  stats_item_expect_window: StatsItemExpectWindowTable
  stats_item_expect: StatsItemExpectTable
  stats_rating_fact: StatsRatingFactTable
  stats_alert_fact: StatsAlertFactTable
  stats_event_queue: StatsEventQueueTable
  stats_step_fact: StatsStepFactTable
  stats_staff_day: StatsStaffDayTable
  stats_watermark: StatsWatermarkTable
  stats_settings: StatsSettingsTable
  stats_published_ranking: StatsPublishedRankingTable
}
