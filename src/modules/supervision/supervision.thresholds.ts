/**
 * The pass's threshold dates, computed once per region calendar in JS (working days), so that the
 * detectors' SQL compares dates only. One row per region that has units; joined to cases by region.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { DB } from '../../db/schema.js'
import { addOrPending, getCalendar, toShanghaiDate, type Calendar } from '../calendar/index.js'
import { loadSettingsTable, settingsFor } from './supervision.settings.js'
import type { SupervisionSettings } from './supervision.types.js'

export interface RegionThreshold {
  region: string
  settings: SupervisionSettings
  cal: Calendar
  /** promised_due <= warnDate → yellow light (warnDays working days or fewer left) */
  warnDate: string | null
  /** a 同意但需转报 reply dated before this is late (its forwardingDays working days have passed) */
  forwardBefore: string | null
  /** cases accepted on or before this date are "long ago" for the burst rule */
  burstLagDate: string | null
  /** non-working days of the last weeks (for the off-hours rule) */
  offDates: string[]
}

export interface Pass {
  now: Date
  today: string
  regions: RegionThreshold[]
  byRegion: Map<string, RegionThreshold>
  /** the latest warnDate of any region: a constant bound, so the planner can use the open-case index */
  maxWarnDate: string
  /** the longest burst window of any region (minutes): how far before the watermark the burst rule reads */
  maxBurstWindow: number
}

const DAY = 86_400_000

export async function buildPass(deps: { db: Kysely<DB> }, now: Date, regionCodes?: string[]): Promise<Pass> {
  const today = toShanghaiDate(now)
  const table = await loadSettingsTable(deps.db)
  const codes = regionCodes ?? (await deps.db.selectFrom('org_unit').select('region_code').distinct().execute()).map((r) => r.region_code)
  const national = await getCalendar(deps)
  const regions: RegionThreshold[] = []
  for (const region of codes) {
    let cal: Calendar
    try {
      cal = await getCalendar(deps, region)
    } catch {
      cal = national
    }
    const s = settingsFor(table, region)
    const offDates: string[] = []
    for (let i = 0; i < 35; i++) {
      const d = toShanghaiDate(new Date(now.getTime() - i * DAY))
      try {
        if (!cal.isWorkingDay(d)) offDates.push(d)
      } catch {
        /* beyond the calendar's data: not known to be a rest day */
      }
    }
    regions.push({
      region,
      settings: s,
      cal,
      warnDate: addOrPending(cal, today, s.warnDays),
      forwardBefore: addOrPending(cal, today, -s.forwardingDays),
      burstLagDate: addOrPending(cal, today, -s.burstLagDays),
      offDates,
    })
  }
  const maxWarnDate = regions.reduce((m, r) => (r.warnDate && r.warnDate > m ? r.warnDate : m), today)
  const maxBurstWindow = regions.reduce((m, r) => Math.max(m, r.settings.burstWindowMinutes), 1)
  return { now, today, regions, byRegion: new Map(regions.map((r) => [r.region, r])), maxWarnDate, maxBurstWindow }
}

/** `(VALUES …) AS th(region_code, warn_date, …)` for joining to cases by region. */
export function thresholdsTable(p: Pass): RawBuilder<unknown> {
  if (p.regions.length === 0) {
    return sql`(SELECT NULL::text AS region_code, NULL::text AS warn_date, NULL::int AS warn_days, NULL::text AS fwd_before, NULL::int AS fwd_days, NULL::int AS step_min, NULL::int AS burst_count, NULL::int AS burst_window, NULL::text AS burst_lag_date, NULL::int AS burst_lag_days, NULL::int AS off_count, NULL::time AS work_start, NULL::time AS work_end, NULL::date[] AS off_dates WHERE false) th`
  }
  const rows = p.regions.map(
    (r) =>
      sql`(${r.region}::text, ${r.warnDate}::text, ${r.settings.warnDays}::int, ${r.forwardBefore}::text, ${r.settings.forwardingDays}::int, ${r.settings.stepMinMinutes}::int, ${r.settings.burstCount}::int, ${r.settings.burstWindowMinutes}::int, ${r.burstLagDate}::text, ${r.settings.burstLagDays}::int, ${r.settings.offHoursCount}::int, ${r.settings.workStart}::time, ${r.settings.workEnd}::time, ${'{' + r.offDates.join(',') + '}'}::date[])`,
  )
  return sql`(VALUES ${sql.join(rows)}) AS th(region_code, warn_date, warn_days, fwd_before, fwd_days, step_min, burst_count, burst_window, burst_lag_date, burst_lag_days, off_count, work_start, work_end, off_dates)`
}
