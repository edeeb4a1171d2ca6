import type { ColumnType, Generated } from 'kysely'

export type Timestamp = ColumnType<Date, Date | string, Date | string>
export type Json<T = unknown> = ColumnType<T, string, string>

export interface JobTable {
  id: Generated<number>
  queue: string
  payload: ColumnType<unknown, string | undefined, string>
  run_at: Timestamp
  status: Generated<'queued' | 'running' | 'done' | 'failed'>
  attempts: Generated<number>
  max_attempts: Generated<number>
  locked_by: string | null
  locked_until: Timestamp | null
  last_error: string | null
  dedupe_key: string | null
  created_at: Generated<Date>
  finished_at: Timestamp | null
}

export interface SweepTable {
  name: string
  interval_ms: number
  next_run_at: Timestamp
  last_run_at: Timestamp | null
  last_run_by: string | null
  running_until: Timestamp | null
  last_error: string | null
  run_count: Generated<number>
}

export interface CoreTables {
  job: JobTable
  sweep: SweepTable
}
