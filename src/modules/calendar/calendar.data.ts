/**
 * The national data: official days off and make-up workdays (调休) per year. Years come from the
 * chinese-days package's per-year files, or from an administrator's import in holiday-cn's format
 * (NateScarlet/holiday-cn: {year, days:[{name, date, isOffDay}]}), which takes precedence.
 */
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'

export type YearSource = 'package' | 'imported'

export interface YearData {
  year: number
  source: YearSource
  /** official days off, weekends inside a holiday included: date → holiday name */
  offDays: Map<string, string>
  /** official make-up workdays (调休上班, usually a Saturday or Sunday): date → holiday name */
  makeupDays: Map<string, string>
}

/** One day of a holiday-cn year file. */
export interface HolidayCnDay {
  name: string
  date: string
  isOffDay: boolean
}

// chinese-days says 端午 / 中秋 / 清明; holiday-cn and the State Council notices say 端午节 / 中秋节 / 清明节.
const FULL_NAMES: Record<string, string> = { 端午: '端午节', 中秋: '中秋节', 清明: '清明节' }

export function holidayName(raw: string): string {
  const name = raw.trim()
  return FULL_NAMES[name] ?? name
}

/** chinese-days' value "National Day,国庆节,3" → "国庆节". */
function chineseName(value: string): string {
  const parts = value.split(',')
  return holidayName(parts.length >= 2 ? parts[1]! : value)
}

let packageYears: YearData[] | undefined

/** Every year the installed chinese-days has (dist/years/YYYY.json), read once. */
export function loadPackageYears(): YearData[] {
  if (packageYears) return packageYears
  const require = createRequire(import.meta.url)
  const dir = path.join(path.dirname(require.resolve('chinese-days/package.json')), 'dist', 'years')
  const out: YearData[] = []
  for (const f of fs.readdirSync(dir).filter((n) => /^\d{4}\.json$/.test(n)).sort()) {
    const year = Number(f.slice(0, 4))
    const raw = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { holidays?: Record<string, string>; workdays?: Record<string, string> }
    const offDays = new Map<string, string>()
    const makeupDays = new Map<string, string>()
    for (const [date, v] of Object.entries(raw.holidays ?? {})) if (date.startsWith(`${year}-`)) offDays.set(date, chineseName(v))
    for (const [date, v] of Object.entries(raw.workdays ?? {})) if (date.startsWith(`${year}-`)) makeupDays.set(date, chineseName(v))
    out.push({ year, source: 'package', offDays, makeupDays })
  }
  if (!out.length) throw new Error(`chinese-days has no year files in ${dir}`)
  packageYears = out
  return out
}

/** A year in holiday-cn's format (already validated: every date a real date in `year`, none repeated). */
export function yearFromHolidayCn(year: number, days: readonly HolidayCnDay[], source: YearSource = 'imported'): YearData {
  const offDays = new Map<string, string>()
  const makeupDays = new Map<string, string>()
  for (const d of days) (d.isOffDay ? offDays : makeupDays).set(d.date, holidayName(d.name))
  return { year, source, offDays, makeupDays }
}

/** The package's years with the imported ones put in their place (an import wins for its year). */
export function mergeYears(pkg: readonly YearData[], imported: readonly YearData[]): YearData[] {
  const byYear = new Map<number, YearData>()
  for (const y of pkg) byYear.set(y.year, y)
  for (const y of imported) byYear.set(y.year, y)
  return [...byYear.values()].sort((a, b) => a.year - b.year)
}
