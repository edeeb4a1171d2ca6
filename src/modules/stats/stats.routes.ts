import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { requireRole } from '../../server/guards.js'
import { sendXlsx, type XlsxColumn } from '../../server/xlsx.js'
import { StatsErrors } from './stats.errors.js'
import { isDay, KPI_DEFINITIONS, periodRange } from './stats.kpis.js'
import { renderReport, reportData, pct, num } from './stats.report.js'
import * as svc from './stats.service.js'
import * as S from './stats.schemas.js'
import { PERIOD_NAMES, RANKING_SCOPE_NAMES, type GradeRow, type RankingRow } from './stats.types.js'

const tags = ['stats']
const E = { 400: S.ErrorSchema, 401: S.ErrorSchema, 403: S.ErrorSchema, 404: S.ErrorSchema }

/** The pattern admits 2026-02-30; the calendar does not. */
function day(d: string | undefined, name = '日期'): string | undefined {
  if (d !== undefined && !isDay(d)) throw StatsErrors.VALIDATION_ERROR(`${name}不是有效日期：${d}`)
  return d
}

const kpiColumns: XlsxColumn<{ name: string; kpis: import('./stats.types.js').KpiSet }>[] = [
  { header: '名称', value: (r) => r.name, width: 30 },
  { header: '收件', value: (r) => r.kpis.received },
  { header: '受理', value: (r) => r.kpis.accepted },
  { header: '办结', value: (r) => r.kpis.completed },
  { header: '按时办结', value: (r) => r.kpis.completedOnTime },
  { header: '即办件', value: (r) => r.kpis.instant },
  { header: '办结率', value: (r) => pct(r.kpis.completionRate) },
  { header: '按时办结率', value: (r) => pct(r.kpis.onTimeRate) },
  { header: '即办率', value: (r) => pct(r.kpis.instantRate) },
  { header: '件均办理工作日', value: (r) => num(r.kpis.avgWorkdays, 2) },
  { header: '提速率', value: (r) => pct(r.kpis.speedUpRate) },
  { header: '评价数', value: (r) => r.kpis.ratings },
  { header: '满意率', value: (r) => pct(r.kpis.satisfactionRate) },
  { header: '差评', value: (r) => r.kpis.badReviews },
  { header: '超期件', value: (r) => r.kpis.overdue },
  { header: '补正告知', value: (r) => r.kpis.corrections },
  { header: '预警', value: (r) => r.kpis.alerts },
  { header: '黄牌', value: (r) => r.kpis.yellowCards },
  { header: '红牌', value: (r) => r.kpis.redCards },
]

const rankingColumns: XlsxColumn<RankingRow>[] = [
  { header: '名次', value: (r) => r.rank },
  { header: '名称', value: (r) => r.name, width: 28 },
  { header: '所属单位', value: (r) => r.parentName ?? '', width: 24 },
  { header: '办结件数', value: (r) => r.handled },
  { header: '按时办结率', value: (r) => pct(r.onTimeRate) },
  { header: '提前办结', value: (r) => r.completedEarly },
  { header: '件均办理工作日', value: (r) => num(r.avgWorkdays, 2) },
  { header: '件均补正次数', value: (r) => num(r.correctionsPerCase, 2) },
  { header: '预警', value: (r) => r.alerts },
  { header: '亮牌', value: (r) => r.cards },
  { header: '满意率', value: (r) => pct(r.satisfactionRate) },
  { header: '相对用时（同事项历史=1）', value: (r) => num(r.relativeSpeed, 3), width: 26 },
  { header: '综合得分', value: (r) => r.score },
]

const gradeColumns: XlsxColumn<GradeRow>[] = [
  { header: '单位', value: (r) => r.unitName, width: 28 },
  { header: '季度', value: (r) => r.quarter },
  { header: '得分', value: (r) => r.score },
  { header: '等次', value: (r) => r.gradeName },
  { header: '受理', value: (r) => r.parts.accepted ?? null },
  { header: '办结', value: (r) => r.parts.handled ?? null },
  { header: '办结率', value: (r) => pct(r.parts.completionRate ?? null) },
  { header: '按时办结率', value: (r) => pct(r.parts.onTimeRate ?? null) },
  { header: '提速率', value: (r) => pct(r.parts.speedUpRate ?? null) },
  { header: '满意率', value: (r) => pct(r.parts.satisfactionRate ?? null) },
  { header: '件均补正次数', value: (r) => num(r.parts.correctionsPerCase ?? null, 2) },
  { header: '预警', value: (r) => r.parts.alerts ?? null },
  { header: '黄牌', value: (r) => r.parts.yellowCards ?? null },
  { header: '红牌', value: (r) => r.parts.redCards ?? null },
]

export const statsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = app.deps
  const publicLimit = { rateLimit: { max: deps.config.loginRateLimitPerMinute, timeWindow: '1 minute' } }

  app.get('/stats/definitions', { schema: { tags, summary: '指标口径（定义、公式、说明）', response: { 200: Type.Array(S.DefinitionSchema), ...E } } }, async (req) => {
    requireRole(req, svc.READ_ROLES)
    return KPI_DEFINITIONS
  })

  app.get('/stats/kpis', { schema: { tags, summary: '期间主要指标', querystring: S.KpisQuery, response: { 200: S.KpiSetSchema, ...E } } }, async (req) => {
    const actor = requireRole(req, svc.READ_ROLES)
    return svc.kpis(deps, actor, { period: req.query.period ?? 'month', date: day(req.query.date), unitId: req.query.unitId })
  })

  app.get('/stats/trend', { schema: { tags, summary: '指标趋势', querystring: S.TrendQuery, response: { 200: Type.Array(S.TrendPointSchema), ...E } } }, async (req) => {
    const actor = requireRole(req, svc.READ_ROLES)
    return svc.trend(deps, actor, { grain: req.query.grain ?? 'day', from: day(req.query.from, '开始日期')!, to: day(req.query.to, '结束日期')!, unitId: req.query.unitId })
  })

  type BreakdownReq = { query: { by: import('./stats.types.js').BreakdownBy; period?: import('./stats.types.js').Period; date?: string; unitId?: number; limit?: number; offset?: number } }
  const breakdown = (req: BreakdownReq, actor: import('../../server/context.js').Actor, paged: boolean) =>
    svc.breakdown(deps, actor, { by: req.query.by, period: req.query.period ?? 'month', date: day(req.query.date), unitId: req.query.unitId, ...(paged ? { limit: req.query.limit, offset: req.query.offset } : {}) })

  // with limit (and offset): one page, busiest first, and the number of all groups in X-Total-Count
  app.get('/stats/breakdown', { schema: { tags, summary: '按部门、渠道、层级或事项分组的指标（可分页：limit、offset，总数见 X-Total-Count）', querystring: S.BreakdownQuery, response: { 200: Type.Array(S.BreakdownRowSchema), ...E } } }, async (req, reply) => {
    const r = await breakdown(req, requireRole(req, svc.READ_ROLES), true)
    reply.header('x-total-count', String(r.total))
    return r.rows
  })

  app.get('/stats/breakdown.xlsx', { schema: { tags, summary: '分组指标导出 Excel', querystring: S.BreakdownQuery, response: { 200: S.Binary, ...E } } }, async (req, reply) => {
    const rows = (await breakdown(req, requireRole(req, svc.READ_ROLES), false)).rows
    const r = periodRange(req.query.period ?? 'month', req.query.date ?? svc.today(deps))
    return sendXlsx(reply, `按${svc.BREAKDOWN_NAMES[req.query.by]}统计_${r.label}.xlsx`, `按${svc.BREAKDOWN_NAMES[req.query.by]}统计`, kpiColumns, rows)
  })

  const ranking = (req: { query: { scope: 'department' | 'window' | 'staff'; period?: 'week' | 'month'; date?: string; fair?: boolean } }, actor: import('../../server/context.js').Actor) =>
    svc.rankings(deps, actor, { scope: req.query.scope, period: req.query.period ?? 'month', date: day(req.query.date), fair: req.query.fair })

  app.get('/stats/rankings', { schema: { tags, summary: '效能排行榜', querystring: S.RankingQuery, response: { 200: S.RankingSchema, ...E } } }, async (req) => ranking(req, requireRole(req, svc.RANK_ROLES)))

  app.get('/stats/rankings.xlsx', { schema: { tags, summary: '效能排行榜导出 Excel', querystring: S.RankingQuery, response: { 200: S.Binary, ...E } } }, async (req, reply) => {
    const r = await ranking(req, requireRole(req, svc.RANK_ROLES))
    const name = `${RANKING_SCOPE_NAMES[r.scope]}效能排行榜${r.fair ? '（校正）' : ''}_${r.from}_${r.to}`
    return sendXlsx(reply, `${name}.xlsx`, `${RANKING_SCOPE_NAMES[r.scope]}${PERIOD_NAMES[r.period]}排行`, rankingColumns, r.rows)
  })

  app.post('/stats/rankings/publish', { schema: { tags, summary: '发布排行榜到公开页面', body: S.PublishBody, response: { 201: S.PublishedSchema, ...E } } }, async (req, reply) => {
    const actor = requireRole(req, svc.RANK_ROLES)
    day(req.body.date)
    return reply.status(201).send(await svc.publishRanking(deps, req.ctx, actor, req.body))
  })

  app.get('/public/rankings', { config: publicLimit, schema: { tags, summary: '已发布的效能排行榜（公开）', response: { 200: Type.Array(S.PublishedSchema), 429: S.ErrorSchema } } }, async () => svc.publishedRankings(deps))

  app.get('/stats/grades', { schema: { tags, summary: '季度考核等次', querystring: S.GradesQuery, response: { 200: Type.Array(S.GradeRowSchema), ...E } } }, async (req) => {
    const actor = requireRole(req, svc.RANK_ROLES)
    return svc.grades(deps, actor, req.query.quarter ?? svc.currentQuarter(deps))
  })

  app.get('/stats/grades.xlsx', { schema: { tags, summary: '季度考核等次导出 Excel', querystring: S.GradesQuery, response: { 200: S.Binary, ...E } } }, async (req, reply) => {
    const actor = requireRole(req, svc.RANK_ROLES)
    const quarter = req.query.quarter ?? svc.currentQuarter(deps)
    return sendXlsx(reply, `季度考核等次_${quarter}.xlsx`, `${quarter}考核等次`, gradeColumns, await svc.grades(deps, actor, quarter))
  })

  app.get('/stats/settings', { schema: { tags, summary: '统计设置（季度考核等次分数线）', querystring: S.SettingsQuery, response: { 200: S.SettingsSchema, ...E } } }, async (req) =>
    svc.getSettings(deps, requireRole(req, svc.READ_ROLES), req.query.regionCode),
  )

  app.put('/stats/settings', { schema: { tags, summary: '修改季度考核等次分数线', body: S.SettingsBody, response: { 200: S.SettingsSchema, ...E } } }, async (req) =>
    svc.putSettings(deps, req.ctx, requireRole(req, svc.SETTINGS_ROLES), req.body),
  )

  app.get('/stats/report.pdf', { schema: { tags, summary: '电子监察月报（PDF）', querystring: S.ReportQuery, response: { 200: S.Binary, ...E } } }, async (req, reply) => {
    const actor = requireRole(req, svc.RANK_ROLES)
    const month = req.query.month ?? svc.today(deps).slice(0, 7)
    const pdf = await renderReport(await reportData(deps, actor, month))
    return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="report.pdf"; filename*=UTF-8''${encodeURIComponent(`电子监察月报_${month}.pdf`)}`).send(pdf)
  })

  app.get('/public/screen', { config: publicLimit, schema: { tags, summary: '数据大屏（仅汇总数据）', querystring: S.ScreenQuery, response: { 200: S.ScreenSchema, 400: S.ErrorSchema, 429: S.ErrorSchema } } }, async (req) =>
    svc.screen(deps, req.query.regionCode),
  )
}
