/**
 * The stats use cases: KPIs, trends and breakdowns for a period and scope, rankings (with the fair
 * view), publishing, quarterly grades, settings and the lobby screen. Reads go to the rollups
 * (stats.repository.ts); the only writes (publish, settings) go through mutate with their audit record.
 */
import { sql } from 'kysely'
import type { Actor, Ctx, Deps } from '../../server/context.js'
import { mutate } from '../../server/mutate.js'
import { STAFF_ROLES, type Role } from '../../shared/roles.js'
import { regionInScope, scopeOf, unitInScope, type Scope } from '../org/index.js'
import { getSupervisionSettings } from '../supervision/index.js'
import { addOrPending, getCalendar } from '../calendar/index.js'
import { maskName } from '../cases/index.js'
import { StatsErrors } from './stats.errors.js'
import * as repo from './stats.repository.js'
import {
  addDays,
  byName,
  gradeName,
  gradeOf,
  gradeScore,
  kpiSet,
  LEVEL_NAMES,
  maskApplicant,
  periodRange,
  periodsBetween,
  quarterRange,
  ratio,
  scoreRows,
  shanghaiDay,
  validThresholds,
  type RankInput,
} from './stats.kpis.js'
import {
  DEFAULT_GRADE_THRESHOLDS,
  type BreakdownBy,
  type BreakdownRow,
  type GradeRow,
  type GradeThresholds,
  type KpiSet,
  type Period,
  type PublishedRanking,
  type Ranking,
  type RankingScope,
  type ScreenData,
  type TrendPoint,
} from './stats.types.js'

export const READ_ROLES: readonly Role[] = STAFF_ROLES
export const RANK_ROLES: readonly Role[] = ['supervisor', 'centre_admin', 'system_admin']
export const SETTINGS_ROLES: readonly Role[] = ['centre_admin', 'system_admin']

const esc = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)

/** The SQL filter of a scope on the handling unit u and the receiving window w of a stats_day row. */
export function scopeSql(scope: Scope): repo.Where {
  if (scope.all) return sql`true`
  const ors = [
    ...scope.paths.flatMap((p) => [sql`u.path LIKE ${`${esc(p)}%`}`, sql`coalesce(w.path, '') LIKE ${`${esc(p)}%`}`]),
    ...scope.regions.map((r) => sql`u.region_code LIKE ${`${esc(r)}%`}`),
  ]
  return ors.length ? sql`(${sql.join(ors, sql` OR `)})` : sql`false`
}

/** For staff rollups (no window join): the unit u only. */
function unitOnlySql(scope: Scope): repo.Where {
  if (scope.all) return sql`true`
  const ors = [...scope.paths.map((p) => sql`u.path LIKE ${`${esc(p)}%`}`), ...scope.regions.map((r) => sql`u.region_code LIKE ${`${esc(r)}%`}`)]
  return ors.length ? sql`(${sql.join(ors, sql` OR `)})` : sql`false`
}

export function today(deps: Deps): string {
  return shanghaiDay(deps.clock.now())
}

/** The scope of a request: one unit (its subtree) the actor may read, or all the actor's scope. */
async function resolveScope(deps: Deps, actor: Actor, roles: readonly Role[], unitId?: number): Promise<Scope> {
  if (unitId === undefined) return scopeOf(actor, roles)
  const u = await deps.db.selectFrom('org_unit').select(['id', 'path', 'region_code']).where('id', '=', unitId).executeTakeFirst()
  if (!u || !unitInScope(actor, roles, u)) throw StatsErrors.NOT_FOUND('单位不存在')
  return { all: false, paths: [u.path], regions: [] }
}

// ---------------------------------------------------------------------------------------------
// KPIs, trends, breakdowns

export async function kpis(deps: Deps, actor: Actor, q: { period: Period; date?: string; unitId?: number }): Promise<KpiSet> {
  const scope = await resolveScope(deps, actor, READ_ROLES, q.unitId)
  return kpisFor(deps, scopeSql(scope), q.period, q.date ?? today(deps))
}

export async function kpisFor(deps: Deps, where: repo.Where, period: Period, date: string): Promise<KpiSet> {
  const r = periodRange(period, date)
  const m = await repo.sumsBy(deps.db, where, r.from, r.to)
  return kpiSet(r.from, r.to, m.get('') ?? repo.newSums())
}

export async function trend(deps: Deps, actor: Actor, q: { grain: 'day' | 'week' | 'month'; from: string; to: string; unitId?: number }): Promise<TrendPoint[]> {
  if (q.from > q.to) throw StatsErrors.VALIDATION_ERROR('开始日期不能晚于结束日期')
  const buckets = periodsBetween(q.grain, q.from, q.to, 10_000)
  if (buckets.length > 400) throw StatsErrors.VALIDATION_ERROR('时间跨度过大，请缩短区间或改用更粗的粒度')
  const scope = await resolveScope(deps, actor, READ_ROLES, q.unitId)
  return trendFor(deps, scopeSql(scope), q.grain, q.from, q.to)
}

export async function trendFor(deps: Deps, where: repo.Where, grain: 'day' | 'week' | 'month', from: string, to: string): Promise<TrendPoint[]> {
  const buckets = periodsBetween(grain, from, to)
  const first = buckets[0]?.from ?? from
  const last = buckets[buckets.length - 1]?.to ?? to
  // one row per day (or per whole month for a trend by month); each falls inside one bucket
  const [rows, openAtLast] = await Promise.all([
    repo.sumsBy(deps.db, where, first, last, { key: sql`d.p`, daysOnly: grain !== 'month', overdueOpen: false }),
    repo.overdueOpenAt(deps.db, 'unit', where, last, sql`''`),
  ])
  const periods = [...rows.entries()].map(([p, v]) => ({ start: p.length === 7 ? `${p}-01` : p, v }))
  // the open count at a bucket's end: the count at the end of the range minus what came after it
  let open = openAtLast.get('') ?? 0
  for (const x of periods) open -= x.v.overdueDelta
  const out: TrendPoint[] = []
  for (const b of buckets) {
    const s = repo.newSums()
    for (const { start, v } of periods) {
      if (start < b.from || start > b.to) continue
      for (const k of Object.keys(s) as (keyof repo.Sums)[]) {
        if (k === 'byLevel') for (const [lv, n] of Object.entries(v.byLevel)) s.byLevel[lv] = (s.byLevel[lv] ?? 0) + n
        else (s[k] as number) += v[k] as number
      }
    }
    open += s.overdueDelta
    s.overdueOpen = open
    out.push({ label: b.label, ...kpiSet(b.from, b.to, s) })
  }
  return out
}

export const BREAKDOWN_NAMES: Record<BreakdownBy, string> = { department: '部门', channel: '渠道', level: '层级', item: '事项' }
const CHANNEL_NAMES: Record<string, string> = { online: '网上', window: '窗口' }

export async function breakdown(deps: Deps, actor: Actor, q: { by: BreakdownBy; period: Period; date?: string; unitId?: number; limit?: number; offset?: number }): Promise<{ total: number; rows: BreakdownRow[] }> {
  const scope = await resolveScope(deps, actor, READ_ROLES, q.unitId)
  const page = q.limit !== undefined ? { limit: q.limit, offset: q.offset ?? 0 } : undefined
  return breakdownPage(deps, scopeSql(scope), q.by, q.period, q.date ?? today(deps), page)
}

export async function breakdownFor(deps: Deps, where: repo.Where, by: BreakdownBy, period: Period, date: string, page?: { limit: number; offset: number }): Promise<BreakdownRow[]> {
  return (await breakdownPage(deps, where, by, period, date, page)).rows
}

/**
 * The KPIs per department, channel, level or item: all groups, or one page of them busiest first
 * (the item breakdown of a city has thousands of rows; the page shows ten at a time).
 */
export async function breakdownPage(deps: Deps, where: repo.Where, by: BreakdownBy, period: Period, date: string, page?: { limit: number; offset: number }): Promise<{ total: number; rows: BreakdownRow[] }> {
  const r = periodRange(period, date)
  const key = { department: repo.DEPT_OF, channel: sql`d.channel`, level: sql`d.level`, item: sql`d.item_id` }[by]
  // ratings and alerts carry no level or item: the item rollups have none, and in the unit rollups
  // they sit under level 0, which is left out below
  const family = by === 'item' ? 'item' : 'unit'
  let scoped = where
  let total: number | null = null
  let order: Map<string, number> | null = null
  if (page) {
    const p = await repo.groupPage(deps.db, where, r.from, r.to, key, family, page.limit, page.offset)
    total = p.total
    order = new Map(p.keys.map((k, i) => [k, i]))
    if (p.keys.length === 0) return { total, rows: [] }
    // items by their id (the rollups' primary key leads with period and item); other keys as text
    scoped = by === 'item' ? sql`(${where}) AND d.item_id = ANY(${p.keys.map(Number)}::bigint[])` : sql`(${where}) AND (${key})::text = ANY(${p.keys}::text[])`
  }
  const m = await repo.sumsBy(deps.db, scoped, r.from, r.to, { key, family })
  const keys = [...m.keys()].filter((k) => k !== '' && k !== '0')
  let names = new Map<string, string>()
  if (by === 'department') names = new Map([...(await repo.unitNames(deps.db, keys.map(Number)))].map(([id, u]) => [String(id), u.name]))
  else if (by === 'item') {
    names = await repo.itemNames(deps.db, keys.map(Number))
  } else if (by === 'channel') names = new Map(Object.entries(CHANNEL_NAMES))
  else names = new Map(Object.entries(LEVEL_NAMES))
  const rows = keys
    .map((k) => ({ key: k, name: names.get(k) ?? k, kpis: kpiSet(r.from, r.to, m.get(k)!) }))
    .sort(order ? (a, b) => order.get(a.key)! - order.get(b.key)! : (a, b) => b.kpis.accepted - a.kpis.accepted || b.kpis.completed - a.kpis.completed || byName.compare(a.name, b.name))
  return { total: total ?? rows.length, rows }
}

// ---------------------------------------------------------------------------------------------
// Rankings

export async function rankings(deps: Deps, actor: Actor, q: { scope: RankingScope; period: 'week' | 'month'; date?: string; fair?: boolean }): Promise<Ranking> {
  return rankingFor(deps, scopeOf(actor, RANK_ROLES), q.scope, q.period, q.date ?? today(deps), !!q.fair)
}

export async function rankingFor(deps: Deps, scope: Scope, kind: RankingScope, period: 'week' | 'month', date: string, fair: boolean): Promise<Ranking> {
  const r = periodRange(period, date)
  const where = scopeSql(scope)
  const inputs: RankInput[] = []
  if (kind === 'staff') {
    const steps = (await repo.staffSums(deps.db, unitOnlySql(scope), r.from, r.to)).filter((s) => s.steps > 0)
    const names = await repo.userNames(deps.db, steps.map((s) => s.user_id))
    for (const s of steps) {
      const n = names.get(s.user_id)
      inputs.push({
        scope: 'staff',
        id: s.user_id,
        name: n?.name ?? `#${s.user_id}`,
        parentName: n?.unitName ?? null,
        handled: s.steps,
        onTimeRate: ratio(s.on_time, s.steps),
        completedEarly: s.early,
        avgWorkdays: ratio(s.workdays, s.steps),
        correctionsPerCase: null,
        alerts: s.alerts,
        cards: s.cards,
        satisfactionRate: ratio(s.satisfied, s.ratings),
        relativeSpeed: null,
      })
    }
  } else {
    const key = kind === 'department' ? repo.DEPT_OF : sql`d.window_id`
    const m = await repo.sumsBy(deps.db, where, r.from, r.to, { key })
    const rel = await relativeSpeeds(deps, where, r.from, r.to, key)
    const ids = [...m.entries()].filter(([k, s]) => k !== '0' && k !== '' && s.completed > 0).map(([k]) => Number(k))
    const names = await repo.unitNames(deps.db, ids)
    for (const id of ids) {
      const s = m.get(String(id))!
      const n = names.get(id)
      inputs.push({
        scope: kind,
        id,
        name: n?.name ?? `#${id}`,
        parentName: kind === 'window' ? (n?.parentName ?? null) : null,
        handled: s.completed,
        onTimeRate: ratio(s.completedOnTime, s.completed),
        completedEarly: s.completedEarly,
        avgWorkdays: ratio(s.workdays, s.completed),
        correctionsPerCase: ratio(s.completedCorrections, s.completed),
        alerts: s.alerts,
        cards: s.yellowCards + s.redCards,
        satisfactionRate: ratio(s.satisfied, s.ratings),
        relativeSpeed: rel.get(String(id)) ?? null,
      })
    }
  }
  return { scope: kind, period, from: r.from, to: r.to, fair, rows: scoreRows(inputs, fair) }
}

/**
 * The fair view: Σ actual working days ÷ Σ (expected days of each item × its count), where an
 * item's expected days are its average over the 12 months before the period, across all units.
 * Items with no history (or an expectation of 0 days, e.g. instant items) are left out.
 */
async function relativeSpeeds(deps: Deps, where: repo.Where, from: string, to: string, key: repo.Where): Promise<Map<string, number>> {
  const expected = await repo.itemAverages(deps.db, addDays(from, -365), addDays(from, -1))
  const rows = await repo.workdaysByKeyAndItem(deps.db, where, from, to, key)
  const acc = new Map<string, { actual: number; expected: number }>()
  for (const r of rows) {
    const e = expected.get(r.item)
    if (e === undefined || e <= 0) continue
    const a = acc.get(r.k) ?? { actual: 0, expected: 0 }
    a.actual += r.w
    a.expected += e * r.n
    acc.set(r.k, a)
  }
  const out = new Map<string, number>()
  for (const [k, a] of acc) if (a.expected > 0) out.set(k, Math.round((a.actual / a.expected) * 1000) / 1000)
  return out
}

export async function publishRanking(deps: Deps, ctx: Ctx, actor: Actor, b: { scope: RankingScope; period: 'week' | 'month'; date: string; fair: boolean; title?: string }): Promise<PublishedRanking> {
  const ranking = await rankingFor(deps, scopeOf(actor, RANK_ROLES), b.scope, b.period, b.date, b.fair)
  const region = await homeRegion(deps, actor)
  const title = b.title?.trim() || `${ranking.from} 至 ${ranking.to} ${({ department: '部门', window: '窗口', staff: '工作人员' } as const)[b.scope]}效能排行榜${b.fair ? '（按事项难度校正）' : ''}`
  // public rows: a staff member by masked name and unit only (no account id, 张*华)
  const rows = ranking.rows.map((r) => (r.scope === 'staff' ? { ...r, id: r.rank, name: maskName(r.name) } : r))
  return mutate(deps, ctx, async (tx) => {
    const ins = await tx.db
      .insertInto('stats_published_ranking')
      .values({ title, region_code: region, scope: b.scope, period: b.period, from_day: ranking.from, to_day: ranking.to, fair: b.fair, rows: JSON.stringify(rows), published_at: tx.now, published_by: actor.userId || null })
      .returning(['id', 'published_at'])
      .executeTakeFirstOrThrow()
    await tx.audit({ action: 'stats.ranking.publish', targetType: 'stats_published_ranking', targetId: Number(ins.id), unitId: actor.unitId, summary: `发布排行榜：${title}`, after: { scope: b.scope, period: b.period, from: ranking.from, to: ranking.to, fair: b.fair, rows: rows.length } })
    return { ...ranking, rows, id: Number(ins.id), title, publishedAt: new Date(ins.published_at).toISOString() }
  })
}

export async function publishedRankings(deps: Deps, limit = 50): Promise<PublishedRanking[]> {
  const rows = await deps.db.selectFrom('stats_published_ranking').selectAll().orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit).execute()
  return rows.map((r) => ({
    id: Number(r.id),
    title: r.title,
    scope: r.scope,
    period: r.period,
    from: r.from_day,
    to: r.to_day,
    fair: r.fair,
    rows: r.rows as PublishedRanking['rows'],
    publishedAt: new Date(r.published_at).toISOString(),
  }))
}

// ---------------------------------------------------------------------------------------------
// Settings and grades

/** The region an actor works for: a region grant, else the region of a granted unit, else '' (whole system). */
export async function homeRegion(deps: Deps, actor: Actor): Promise<string> {
  const g = actor.grants.find((x) => x.regionCode !== null)
  if (g?.regionCode) return g.regionCode
  const unitId = actor.grants.find((x) => x.unitId !== null)?.unitId ?? actor.unitId
  if (unitId) {
    const u = await deps.db.selectFrom('org_unit').select('region_code').where('id', '=', unitId).executeTakeFirst()
    if (u) return u.region_code
  }
  return ''
}

/** The thresholds of the nearest region (itself or an ancestor) that has them, else the defaults. */
export async function thresholdsFor(deps: Deps, region: string): Promise<GradeThresholds> {
  const rows = await deps.db.selectFrom('stats_settings').select(['region_code', 'grades']).execute()
  const match = rows.filter((r) => region.startsWith(r.region_code)).sort((a, b) => b.region_code.length - a.region_code.length)[0]
  return match ? { ...DEFAULT_GRADE_THRESHOLDS, ...(match.grades as GradeThresholds) } : { ...DEFAULT_GRADE_THRESHOLDS }
}

export async function getSettings(deps: Deps, actor: Actor, regionCode?: string): Promise<{ regionCode: string; grades: GradeThresholds }> {
  const region = regionCode ?? (await homeRegion(deps, actor))
  return { regionCode: region, grades: await thresholdsFor(deps, region) }
}

export async function putSettings(deps: Deps, ctx: Ctx, actor: Actor, b: { regionCode?: string; grades: GradeThresholds }): Promise<{ regionCode: string; grades: GradeThresholds }> {
  if (!validThresholds(b.grades)) throw StatsErrors.VALIDATION_ERROR('等次分数线应在 0–100 之间，且 优秀 > 良好 > 合格')
  const region = b.regionCode ?? (await homeRegion(deps, actor))
  if (region === '' ? !scopeOf(actor, SETTINGS_ROLES).all : !regionInScope(actor, SETTINGS_ROLES, region, await grantedUnitRegions(deps, actor))) {
    throw StatsErrors.FORBIDDEN('只能设置本人管理范围内区划的等次分数线')
  }
  const grades = { excellent: b.grades.excellent, good: b.grades.good, pass: b.grades.pass }
  const before = await thresholdsFor(deps, region)
  await mutate(deps, ctx, async (tx) => {
    await tx.db
      .insertInto('stats_settings')
      .values({ region_code: region, grades: JSON.stringify(grades), updated_at: tx.now, updated_by: actor.userId || null })
      .onConflict((oc) => oc.column('region_code').doUpdateSet({ grades: JSON.stringify(grades), updated_at: tx.now, updated_by: actor.userId || null }))
      .execute()
    await tx.audit({ action: 'stats.settings.update', targetType: 'stats_settings', targetId: region || 'all', unitId: actor.unitId, summary: `设置季度考核等次分数线（优秀 ${grades.excellent}、良好 ${grades.good}、合格 ${grades.pass}）`, before, after: grades })
  })
  return { regionCode: region, grades }
}

async function grantedUnitRegions(deps: Deps, actor: Actor): Promise<Map<number, string>> {
  const ids = actor.grants.map((g) => g.unitId).filter((x): x is number => x !== null)
  if (ids.length === 0) return new Map()
  const rows = await deps.db.selectFrom('org_unit').select(['id', 'region_code']).where('id', 'in', ids).execute()
  return new Map(rows.map((r) => [Number(r.id), r.region_code]))
}

export function currentQuarter(deps: Deps): string {
  return periodRange('quarter', today(deps)).label
}

export async function grades(deps: Deps, actor: Actor, quarter: string): Promise<GradeRow[]> {
  const r = quarterRange(quarter)
  if (!r) throw StatsErrors.VALIDATION_ERROR('季度格式应为 2026Q4')
  const thresholds = await thresholdsFor(deps, await homeRegion(deps, actor))
  const m = await repo.sumsBy(deps.db, scopeSql(scopeOf(actor, RANK_ROLES)), r.from, r.to, { key: repo.DEPT_OF })
  const ids = [...m.entries()].filter(([k, s]) => k !== '' && (s.accepted > 0 || s.completed > 0)).map(([k]) => Number(k))
  const names = await repo.unitNames(deps.db, ids)
  const rows = ids.map((id) => {
    const s = m.get(String(id))!
    const k = kpiSet(r.from, r.to, s)
    const parts = {
      accepted: s.accepted,
      handled: s.completed,
      completionRate: k.completionRate,
      onTimeRate: k.onTimeRate,
      speedUpRate: k.speedUpRate,
      satisfactionRate: k.satisfactionRate,
      correctionsPerCase: ratio(s.completedCorrections, s.completed),
      badReviews: s.bad,
      alerts: s.alerts,
      yellowCards: s.yellowCards,
      redCards: s.redCards,
      overdue: k.overdue,
    }
    const score = gradeScore({ ...parts })
    const grade = gradeOf(score, thresholds)
    return { unitId: id, unitName: names.get(id)?.name ?? `#${id}`, quarter: r.label, score, grade, gradeName: gradeName(grade), parts }
  })
  return rows.sort((a, b) => b.score - a.score || byName.compare(a.unitName, b.unitName))
}

// ---------------------------------------------------------------------------------------------
// The lobby screen

export async function screen(deps: Deps, regionCode?: string): Promise<ScreenData> {
  const now = deps.clock.now()
  const day = shanghaiDay(now)
  const where = regionCode ? sql`u.region_code LIKE ${`${esc(regionCode)}%`}` : sql`true`
  const [t, mo, y, tr] = await Promise.all([
    kpisFor(deps, where, 'day', day),
    kpisFor(deps, where, 'month', day),
    kpisFor(deps, where, 'year', day),
    trendFor(deps, where, 'day', addDays(day, -29), day),
  ])
  const dept = await breakdownFor(deps, where, 'department', 'month', day)
  return {
    asOf: now.toISOString(),
    today: t,
    month: mo,
    year: y,
    trend: tr,
    byDepartment: dept.slice(0, 10).map((d) => ({ name: d.name, accepted: d.kpis.accepted, onTimeRate: d.kpis.onTimeRate })),
    lights: await lights(deps, regionCode, day),
    recent: await recentCompletions(deps, regionCode ?? '', day),
  }
}

/**
 * The lights of open cases from the maintained stats_open counts (as of the last refresh, like every
 * figure on the screen): red past the promised date, yellow within the region's warning days
 * (supervision settings, working days by the region's calendar), green otherwise; paused cases and
 * pending due dates have no light.
 */
async function lights(deps: Deps, regionCode: string | undefined, day: string): Promise<ScreenData['lights']> {
  const rows = await repo.openByDue(deps.db, regionCode ? sql`u.region_code LIKE ${`${esc(regionCode)}%`}` : sql`true`)
  const warn = new Map<string, string | null>()
  for (const region of new Set(rows.map((r) => r.region_code))) {
    const cal = await getCalendar(deps, region).catch(() => getCalendar(deps, null))
    warn.set(region, addOrPending(cal, day, (await getSupervisionSettings(deps, region)).warnDays))
  }
  const out = { green: 0, yellow: 0, red: 0 }
  for (const r of rows) {
    const w = warn.get(r.region_code)
    if (r.due < day) out.red += r.n
    else if (w && r.due <= w) out.yellow += r.n
    else out.green += r.n
  }
  return out
}

async function recentCompletions(deps: Deps, regionCode: string, day: string): Promise<ScreenData['recent']> {
  const rows = await deps.db
    .selectFrom('stats_case_fact as f')
    .innerJoin('case as c', 'c.id', 'f.case_id')
    .innerJoin('item as i', 'i.id', 'c.item_id')
    .select(['c.completed_at', 'c.applicant_name', 'i.name as item_name'])
    .where('f.completed_day', '>=', addDays(day, -30))
    .where('f.completed_day', 'is not', null)
    .where('f.region_code', 'like', `${esc(regionCode)}%`)
    .orderBy('f.completed_day', 'desc')
    .orderBy('f.case_id', 'desc')
    .limit(10)
    .execute()
  return rows.map((r) => {
    const at = r.completed_at ? new Date(r.completed_at) : new Date(0)
    return { at: new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' '), itemName: r.item_name, applicant: maskApplicant(r.applicant_name), status: '已办结' }
  })
}
