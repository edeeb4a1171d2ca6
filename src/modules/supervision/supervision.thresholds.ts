/**
 * The pass's threshold dates, computed once per region calendar in JS (working days), so that the
 * detectors' SQL compares dates only. One row per region that has units; joined to cases by region.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { DB } from '../../db/schema.js'
import { addOrPending, getCalendar, toShanghaiDate, type Calendar } from '../calendar/index.js'
import { loadSettingsTable, settingsFor, type SettingsTable } from './supervision.settings.js'
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

/**
 * The thresholds of the last pass per database: the sweep builds the same ones every minute of a
 * day. getCalendar checks the calendar version once per call, i.e. once per region (50+ round trips
 * per pass); the national calendar object stays the same while the version does, so it keys the reuse.
 */
const lastPass = new WeakMap<object, { key: string; national: Calendar; regions: RegionThreshold[] }>()

export async function buildPass(deps: { db: Kysely<DB> }, now: Date, regionCodes?: string[]): Promise<Pass> {
  const today = toShanghaiDate(now)
  const table = await loadSettingsTable(deps.db)
  const codes = regionCodes ?? (await deps.db.selectFrom('org_unit').select('region_code').distinct().orderBy('region_code').execute()).map((r) => r.region_code)
  const national = await getCalendar(deps)
  const key = JSON.stringify([today, codes, [...table]])
  const cached = lastPass.get(deps.db)
  const regions: RegionThreshold[] = cached && cached.key === key && cached.national === national ? cached.regions : await thresholdsOf(deps, now, today, table, codes, national)
  lastPass.set(deps.db, { key, national, regions })
  const maxWarnDate = regions.reduce((m, r) => (r.warnDate && r.warnDate > m ? r.warnDate : m), today)
  const maxBurstWindow = regions.reduce((m, r) => Math.max(m, r.settings.burstWindowMinutes), 1)
  return { now, today, regions, byRegion: new Map(regions.map((r) => [r.region, r])), maxWarnDate, maxBurstWindow }
}

async function thresholdsOf(deps: { db: Kysely<DB> }, now: Date, today: string, table: SettingsTable, codes: string[], national: Calendar): Promise<RegionThreshold[]> {
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
  return regions
}

/**
 * `jsonb_to_recordset(…) AS th(region_code, warn_date, …)` for joining to cases by region: the whole
 * table is ONE parameter (a VALUES list was 14 per region, thousands per pass over a city's 50+ regions,
 * in a statement that uses it in several detectors).
 */
export function thresholdsTable(p: Pass): RawBuilder<unknown> {
  const rows = p.regions.map((r) => ({
    region_code: r.region,
    warn_date: r.warnDate,
    warn_days: r.settings.warnDays,
    fwd_before: r.forwardBefore,
    fwd_days: r.settings.forwardingDays,
    step_min: r.settings.stepMinMinutes,
    burst_count: r.settings.burstCount,
    burst_window: r.settings.burstWindowMinutes,
    burst_lag_date: r.burstLagDate,
    burst_lag_days: r.settings.burstLagDays,
    off_count: r.settings.offHoursCount,
    work_start: r.settings.workStart,
    work_end: r.settings.workEnd,
    off_dates: r.offDates,
  }))
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS th(region_code text, warn_date text, warn_days int, fwd_before text, fwd_days int, step_min int, burst_count int, burst_window int, burst_lag_date text, burst_lag_days int, off_count int, work_start time, work_end time, off_dates date[])`
}
