/**
 * The calendar's use cases: reading it (public), keeping local overrides (centre and system
 * administrators) and importing years of national data (system administrators). Every change
 * bumps calendar_version in its own transaction, with its audit record.
 */
import type { Actor, Ctx, Deps } from '../../server/context.js'
import { CommonErrors, notFound } from '../../server/errors.js'
import { mutate } from '../../server/mutate.js'
import { getCalendar } from './calendar.cache.js'
import type { HolidayCnDay, YearSource } from './calendar.data.js'
import { dayOfDate } from './calendar.dates.js'
import { CalendarErrors } from './calendar.errors.js'
import type { OverrideKind } from './calendar.index.js'
import { grantUnitIds, mayEditRegion } from './calendar.policy.js'
import { ancestorsOf, isRegionCode } from './calendar.regions.js'
import * as repo from './calendar.repository.js'

export const OVERRIDE_KIND_NAMES: Record<OverrideKind, string> = {
  closure: '闭厅（不计工作日）',
  local_holiday: '地方假日（不计工作日）',
  extra_workday: '加班工作日（计工作日）',
}

export interface OverrideDto {
  id: number
  regionCode: string
  regionName: string
  date: string
  kind: OverrideKind
  name: string
  reason: string | null
  createdAt: string
}

type OverrideRow = NonNullable<Awaited<ReturnType<typeof repo.findOverride>>>

function toDto(r: OverrideRow): OverrideDto {
  return {
    id: Number(r.id),
    regionCode: r.region_code,
    regionName: r.region_name,
    date: r.date,
    kind: r.kind,
    name: r.name,
    reason: r.reason,
    createdAt: new Date(r.created_at).toISOString(),
  }
}

export async function listYears(deps: Deps): Promise<{ year: number; source: YearSource }[]> {
  return (await getCalendar(deps)).years()
}

async function requireRegion(deps: Deps, code: string) {
  const region = isRegionCode(code) ? await repo.findRegion(deps.db, code) : undefined
  if (!region) throw CalendarErrors.UNKNOWN_REGION(`行政区划代码不存在：${code}`)
  return region
}

/** The overrides that apply to a region (its ancestors' and its own) and those of every region under it. */
export async function listOverrides(deps: Deps, regionCode: string, year: number | null): Promise<OverrideDto[]> {
  await requireRegion(deps, regionCode)
  const rows = await repo.overridesAround(deps.db, regionCode, ancestorsOf(regionCode), year)
  return rows.map(toDto)
}

async function mayEdit(deps: Deps, actor: Actor, regionCode: string): Promise<boolean> {
  return mayEditRegion(actor, regionCode, await repo.unitRegions(deps.db, grantUnitIds(actor)))
}

export interface CreateOverrideInput {
  regionCode: string
  date: string
  kind: OverrideKind
  name: string
  reason?: string | null
}

export async function createOverride(deps: Deps, ctx: Ctx, actor: Actor, input: CreateOverrideInput): Promise<OverrideDto> {
  // Outside the actor's scope the region is "not found", whether or not it exists.
  if (isRegionCode(input.regionCode) && !(await mayEdit(deps, actor, input.regionCode))) {
    throw CommonErrors.NOT_FOUND('地区不存在或不在您的管理范围内')
  }
  const region = await requireRegion(deps, input.regionCode)
  if (dayOfDate(input.date) === null) throw CalendarErrors.INVALID_DATE(`日期不正确：${input.date}`)
  const name = input.name.trim()
  if (!name) throw CommonErrors.VALIDATION_ERROR('请填写名称')
  const reason = input.reason?.trim() || null
  return mutate(deps, ctx, async (tx) => {
    const inserted = await repo.insertOverride(tx.db, {
      region_code: region.code,
      date: input.date,
      kind: input.kind,
      name,
      reason,
      created_by: actor.kind === 'staff' ? actor.userId : null,
      created_at: tx.now,
    })
    if (!inserted) throw CalendarErrors.OVERRIDE_EXISTS(`${region.name}在 ${input.date} 已有特殊日期设置，请先删除原设置`)
    const id = Number(inserted.id)
    await repo.bumpVersion(tx.db)
    const dto = toDto((await repo.findOverride(tx.db, id))!)
    await tx.audit({
      action: 'calendar.override.create',
      targetType: 'calendar_override',
      targetId: id,
      summary: `设置${region.name} ${input.date} 为${OVERRIDE_KIND_NAMES[input.kind]}：${name}`,
      after: dto,
    })
    return dto
  })
}

export async function deleteOverride(deps: Deps, ctx: Ctx, actor: Actor, id: number): Promise<void> {
  const row = await repo.findOverride(deps.db, id)
  if (!row || !(await mayEdit(deps, actor, row.region_code))) throw notFound('特殊日期设置')
  const before = toDto(row)
  await mutate(deps, ctx, async (tx) => {
    if (!(await repo.deleteOverride(tx.db, id))) throw notFound('特殊日期设置')
    await repo.bumpVersion(tx.db)
    await tx.audit({
      action: 'calendar.override.delete',
      targetType: 'calendar_override',
      targetId: id,
      summary: `删除${before.regionName} ${before.date} 的特殊日期设置：${before.name}`,
      before,
    })
  })
}

/**
 * Imports a year of national data in holiday-cn's format; it replaces the package's data for that
 * year (and any earlier import of it). Every date must be a real date in that year, listed once.
 */
export async function importYear(deps: Deps, ctx: Ctx, actor: Actor, year: number, days: HolidayCnDay[]): Promise<{ year: number; days: number }> {
  const seen = new Set<string>()
  const clean: HolidayCnDay[] = []
  for (const d of days) {
    if (dayOfDate(d.date) === null) throw CalendarErrors.INVALID_IMPORT(`日期不正确：${d.date}`)
    if (!d.date.startsWith(`${year}-`)) throw CalendarErrors.INVALID_IMPORT(`${d.date} 不属于 ${year} 年`)
    if (seen.has(d.date)) throw CalendarErrors.INVALID_IMPORT(`${d.date} 重复出现`)
    const name = d.name.trim()
    if (!name) throw CalendarErrors.INVALID_IMPORT(`${d.date} 缺少节日名称`)
    seen.add(d.date)
    clean.push({ name, date: d.date, isOffDay: d.isOffDay })
  }
  clean.sort((a, b) => a.date.localeCompare(b.date))
  const off = clean.filter((d) => d.isOffDay).length
  await mutate(deps, ctx, async (tx) => {
    const previous = await repo.findYear(tx.db, year)
    await repo.upsertYear(tx.db, year, clean, actor.kind === 'staff' ? actor.userId : null, tx.now)
    await repo.bumpVersion(tx.db)
    await tx.audit({
      action: 'calendar.year.import',
      targetType: 'calendar_year',
      targetId: year,
      summary: `导入 ${year} 年法定节假日安排：放假 ${off} 天，调休上班 ${clean.length - off} 天${previous ? '（替换此前导入的数据）' : ''}`,
      before: previous ? { year, days: previous.days } : null,
      after: { year, days: clean },
    })
  })
  return { year, days: clean.length }
}
