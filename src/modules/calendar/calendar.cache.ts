/**
 * getCalendar: the calendar of a region, from indexes cached in this process. Several server
 * instances share one database, so before reusing its cache an instance reads calendar_version
 * (one primary-key look-up), which every override or import bumps in its own transaction; on a new
 * version it reloads the imported years and the overrides and rebuilds lazily.
 *
 * The cache lives with the `deps` object (one per application instance; pass the app's own, not a
 * copy), so two instances in one process — tests, or two tenants — never share an index even when
 * they share a connection. Regions whose chain of ancestors has the same overrides share one
 * index: a village with no overrides of its own uses its county's.
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import { loadPackageYears, mergeYears, yearFromHolidayCn } from './calendar.data.js'
import { Calendar, NationalBase, type OverrideData } from './calendar.index.js'
import { CalendarErrors } from './calendar.errors.js'
import { ancestorsOf, isRegionCode } from './calendar.regions.js'
import * as repo from './calendar.repository.js'

interface State {
  version: number
  base: NationalBase
  national: Calendar
  /** overrides by region code */
  overrides: Map<string, OverrideData[]>
  /** region code → its calendar (known regions only) */
  regions: Map<string, Calendar>
  /** index by the chain of regions that contribute overrides ('37/371402') */
  bySignature: Map<string, Calendar>
}

/** Past this many regions the map starts over (regions with no overrides cost one pointer each). */
const MAX_REGIONS = 50_000

const states = new WeakMap<object, State>()

async function load(db: Kysely<DB>, version: number): Promise<State> {
  // Read after the version: the data is at least that new, so at worst we rebuild once more.
  const [imported, rows] = await Promise.all([repo.importedYears(db), repo.allOverrides(db)])
  const years = mergeYears(
    loadPackageYears(),
    imported.map((y) => yearFromHolidayCn(y.year, y.days)),
  )
  const base = new NationalBase(years)
  const overrides = new Map<string, OverrideData[]>()
  for (const r of rows) {
    const list = overrides.get(r.region_code) ?? []
    list.push({ id: Number(r.id), regionCode: r.region_code, date: r.date, kind: r.kind, name: r.name })
    overrides.set(r.region_code, list)
  }
  return { version, base, national: new Calendar(base, { version }), overrides, regions: new Map(), bySignature: new Map() }
}

async function state(deps: CalendarDeps): Promise<State> {
  const version = await repo.version(deps.db)
  const cached = states.get(deps)
  if (cached && cached.version === version) return cached
  const fresh = await load(deps.db, version)
  const now = states.get(deps)
  if (!now || now.version <= version) states.set(deps, fresh)
  return fresh
}

/** What getCalendar needs: the application's deps (or anything with its database handle). */
export interface CalendarDeps {
  db: Kysely<DB>
}

/**
 * The working-day calendar of a region: national data plus the overrides of the region and its
 * ancestors; no region (null/undefined/'') = national only. UNKNOWN_REGION for a code that is not
 * in the region table. Call it once per batch and use the returned object's pure methods.
 */
export async function getCalendar(deps: CalendarDeps, regionCode?: string | null): Promise<Calendar> {
  const st = await state(deps)
  if (!regionCode) return st.national
  const known = st.regions.get(regionCode)
  if (known) return known
  if (!isRegionCode(regionCode) || !(await repo.findRegion(deps.db, regionCode))) {
    throw CalendarErrors.UNKNOWN_REGION(`行政区划代码不存在：${regionCode}`)
  }
  const chain = [...ancestorsOf(regionCode), regionCode].filter((c) => st.overrides.has(c))
  const signature = chain.join('/')
  let shared = signature ? st.bySignature.get(signature) : st.national
  if (!shared) {
    shared = new Calendar(st.base, { regionCode: chain[chain.length - 1]!, overrides: chain.flatMap((c) => st.overrides.get(c)!), version: st.version })
    st.bySignature.set(signature, shared)
  }
  const cal = shared.forRegion(regionCode)
  if (st.regions.size >= MAX_REGIONS) st.regions.clear()
  st.regions.set(regionCode, cal)
  return cal
}
