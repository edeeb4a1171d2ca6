/**
 * The city's supervision settings: one row per region code (usually the city, e.g. '3714'); a case
 * or unit takes the row with the longest code that is a prefix of its region, else the defaults.
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Actor } from '../../server/context.js'
import { DEFAULT_SUPERVISION_SETTINGS, type SupervisionSettings } from './supervision.types.js'
import { SupervisionErrors } from './supervision.errors.js'

type Db = Kysely<DB>

export type SettingsTable = Map<string, SupervisionSettings>

export async function loadSettingsTable(db: Db): Promise<SettingsTable> {
  const rows = await db.selectFrom('supervision_settings').select(['region_code', 'settings']).execute()
  return new Map(rows.map((r) => [r.region_code, { ...DEFAULT_SUPERVISION_SETTINGS, ...(r.settings as Partial<SupervisionSettings>) }]))
}

export function settingsFor(table: SettingsTable, regionCode: string): SupervisionSettings {
  let best: string | null = null
  for (const code of table.keys()) if (regionCode.startsWith(code) && (best === null || code.length > best.length)) best = code
  return best === null ? { ...DEFAULT_SUPERVISION_SETTINGS } : table.get(best)!
}

/** The settings that apply to a region (for other modules: stats, the demo loader). */
export async function getSupervisionSettings(deps: { db: Db }, regionCode = ''): Promise<SupervisionSettings> {
  return settingsFor(await loadSettingsTable(deps.db), regionCode)
}

/** The caller's city: the first region of their grants (a unit grant by the unit's region), cut to the city level. */
export async function cityOf(db: Db, actor: Actor): Promise<string> {
  for (const g of actor.grants) if (g.regionCode) return g.regionCode.slice(0, 4)
  for (const g of actor.grants) {
    if (g.unitId === null) continue
    const u = await db.selectFrom('org_unit').select('region_code').where('id', '=', g.unitId).executeTakeFirst()
    if (u) return u.region_code.slice(0, 4)
  }
  return ''
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/

/** Checks a full settings object; INVALID_SETTINGS with the first problem in Chinese. */
export function validateSettings(s: SupervisionSettings): SupervisionSettings {
  const ints: [keyof SupervisionSettings, number, number, string][] = [
    ['warnDays', 0, 30, '预警提前工作日'],
    ['cardFollowupDays', 1, 60, '黄牌整改期限'],
    ['orderReplyDays', 1, 60, '督办回复期限'],
    ['forwardingDays', 1, 60, '转报期限'],
    ['stepMinMinutes', 0, 1440, '环节合理最短用时'],
    ['burstCount', 2, 1000, '集中补录条数'],
    ['burstWindowMinutes', 1, 1440, '集中补录时间窗'],
    ['burstLagDays', 0, 365, '补录滞后工作日'],
    ['offHoursCount', 2, 1000, '非工作时间录入条数'],
  ]
  for (const [k, min, max, name] of ints) {
    const v = s[k]
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw SupervisionErrors.INVALID_SETTINGS(`${name}应为 ${min} 至 ${max} 之间的整数`)
  }
  if (!HHMM.test(s.workStart) || !HHMM.test(s.workEnd)) throw SupervisionErrors.INVALID_SETTINGS('工作时间应为 HH:MM 格式')
  if (s.workStart >= s.workEnd) throw SupervisionErrors.INVALID_SETTINGS('上班时间应早于下班时间')
  return s
}
