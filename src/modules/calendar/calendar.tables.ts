// The calendar module's tables (created by migration 20261121T0904-calendar-create).
import type { ColumnType, Generated } from 'kysely'
import type { Json } from '../../db/core.tables.js'
import type { HolidayCnDay } from './calendar.data.js'

export interface CalendarOverrideTable {
  id: Generated<number>
  region_code: string
  /** 'YYYY-MM-DD' (the pg date parser returns the string as stored) */
  date: string
  kind: 'closure' | 'local_holiday' | 'extra_workday'
  name: string
  reason: string | null
  created_by: number | null
  created_at: Generated<Date>
}

/** A year of national data imported by a system administrator; wins over the package for that year. */
export interface CalendarYearTable {
  year: number
  days: Json<HolidayCnDay[]>
  imported_by: number | null
  imported_at: ColumnType<Date, Date | string | undefined, Date | string>
}

/** One row (id = 1): bumped in the same transaction as every override or import, so every server instance knows when to rebuild. */
export interface CalendarVersionTable {
  id: number
  version: number
}

export interface CalendarTables {
  calendar_override: CalendarOverrideTable
  calendar_year: CalendarYearTable
  calendar_version: CalendarVersionTable
}
