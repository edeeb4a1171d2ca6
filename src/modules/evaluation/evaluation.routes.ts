/** HTTP of 好差评 (README.md beside this file): schema → service → DTO. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { requireActor } from '../../server/guards.js'
import { sendXlsx, type XlsxColumn } from '../../server/xlsx.js'
import { EvaluationErrors } from './evaluation.errors.js'
import * as svc from './evaluation.service.js'
import * as rect from './evaluation.rectify.js'
import * as S from './evaluation.schemas.js'
import { CHANNEL_SHORT, INDICATORS, RATING_STATUS_NAMES, SOURCE_NAMES, FIX_VERDICT_NAMES, type RatingDto, type RectificationDto } from './evaluation.types.js'

const tags = ['evaluation']
const E = S.E
const EXPORT_MAX = 5000

const indicatorText = (r: RatingDto) =>
  Object.entries(INDICATORS[r.channel] as Record<string, string>)
    .filter(([k]) => r.indicators[k] !== undefined)
    .map(([k, label]) => `${label}${r.indicators[k]}星`)
    .join('，')

const RATING_COLUMNS: XlsxColumn<RatingDto>[] = [
  { header: '评价时间', value: (r) => new Date(r.createdAt), width: 20 },
  { header: '渠道', value: (r) => CHANNEL_SHORT[r.channel] },
  { header: '来源', value: (r) => SOURCE_NAMES[r.source] },
  { header: '评价等级', value: (r) => `${r.starsName}（${r.stars}星）`, width: 16 },
  { header: '分项评价', value: indicatorText, width: 40 },
  { header: '评价内容', value: (r) => r.comment, width: 40 },
  { header: '办件编号', value: (r) => r.caseNumber, width: 22 },
  { header: '事项或服务', value: (r) => r.itemName, width: 30 },
  { header: '责任单位', value: (r) => r.unitName, width: 28 },
  { header: '窗口', value: (r) => r.windowName, width: 20 },
  { header: '工作人员', value: (r) => r.staffName },
  { header: '评价人', value: (r) => r.raterName },
  { header: '实名', value: (r) => (r.realName ? '是' : '否') },
  { header: '状态', value: (r) => RATING_STATUS_NAMES[r.status] },
]

const RECT_COLUMNS: XlsxColumn<RectificationDto>[] = [
  { header: '整改编号', value: (x) => x.number, width: 18 },
  { header: '差评时间', value: (x) => new Date(x.rating.createdAt), width: 20 },
  { header: '评价等级', value: (x) => x.rating.starsName },
  { header: '评价内容', value: (x) => x.rating.comment, width: 40 },
  { header: '办件编号', value: (x) => x.rating.caseNumber, width: 22 },
  { header: '事项或服务', value: (x) => x.rating.itemName, width: 30 },
  { header: '责任单位', value: (x) => x.unitName, width: 28 },
  { header: '整改期限', value: (x) => x.due },
  { header: '状态', value: (x) => x.statusName, width: 14 },
  { header: '是否超期', value: (x) => (x.overdue ? '超期' : '') },
  { header: '回访次数', value: (x) => x.callbacks.length },
  { header: '整改措施', value: (x) => x.measures, width: 40 },
  { header: '整改评价', value: (x) => (x.verdict ? FIX_VERDICT_NAMES[x.verdict] : null) },
  { header: '申诉', value: (x) => x.appeal?.statusName ?? null },
]

export const evaluationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = app.deps
  const publicLimit = { rateLimit: { max: deps.config.loginRateLimitPerMinute, timeWindow: '1 minute' } }

  // ---------------------------------------------------------------- online (一事一评)
  app.post('/evaluation/ratings', { schema: { tags, summary: '申请人评价已办结的办件（一事一评）', body: S.RateCaseBody, response: { 201: S.Rating, ...E } } }, async (req, reply) => {
    requireActor(req)
    const id = await svc.rateCase(deps, req.ctx, req.body)
    return reply.status(201).send(await svc.ratingForActor(deps, req.actor, id))
  })

  app.get('/evaluation/cases/:caseId/rating', { schema: { tags, summary: '办件的评价及能否评价', params: S.CaseParams, response: { 200: S.CaseRatingResponse, ...E } } }, async (req) => {
    requireActor(req)
    return svc.caseRating(deps, req.actor, req.params.caseId)
  })

  // ---------------------------------------------------------------- window visits (一次一评)
  app.post('/evaluation/visits', { schema: { tags, summary: '窗口开始接待（结束本窗口上一次接待）', body: S.VisitBody, response: { 201: S.Visit, ...E } } }, async (req, reply) => {
    requireActor(req)
    const id = await svc.openVisit(deps, req.ctx, req.body)
    return reply.status(201).send(await svc.visitById(deps, req.actor, id))
  })

  app.post('/evaluation/visits/:id/end', { schema: { tags, summary: '结束接待', params: S.IdParams, response: { 200: S.Visit, ...E } } }, async (req) => {
    requireActor(req)
    await svc.endVisit(deps, req.ctx, req.params.id)
    return svc.visitById(deps, req.actor, req.params.id)
  })

  app.get('/evaluation/windows/:windowId/current-visit', { schema: { tags, summary: '窗口当前接待（评价平板轮询）', params: S.WindowParams, response: { 200: S.VisitResponse, ...E } } }, async (req) => {
    requireActor(req)
    return { visit: await svc.currentVisit(deps, req.actor, req.params.windowId) }
  })

  app.post('/evaluation/visits/:id/rating', { schema: { tags, summary: '评价平板：评价本次窗口服务', params: S.IdParams, body: S.RateBody, response: { 201: S.Rating, ...E } } }, async (req, reply) => {
    requireActor(req)
    const id = await svc.rateVisit(deps, req.ctx, { id: req.params.id }, req.body, 'tablet')
    return reply.status(201).send(await svc.ratingForActor(deps, req.actor, id))
  })

  app.get('/public/visits/:token', { config: publicLimit, schema: { tags, summary: '扫码评价：接待信息', params: S.TokenParams, response: { 200: S.PublicVisitResponse, ...E, 429: S.ErrorSchema } } }, async (req) => ({
    visit: await svc.publicVisit(deps, req.params.token),
  }))

  app.post('/public/visits/:token/rating', { config: publicLimit, schema: { tags, summary: '扫码或短信链接评价窗口服务', params: S.TokenParams, body: S.RateBody, response: { 201: S.PublicVisitResponse, ...E, 429: S.ErrorSchema } } }, async (req, reply) => {
    await svc.rateVisit(deps, req.ctx, { token: req.params.token }, req.body, 'qr')
    return reply.status(201).send({ visit: await svc.publicVisit(deps, req.params.token) })
  })

  // ---------------------------------------------------------------- lists and exports
  app.get('/evaluation/ratings', { schema: { tags, summary: '评价记录', querystring: S.RatingQuery, response: { 200: S.RatingList, ...E } } }, async (req) => {
    requireActor(req)
    return svc.listRatings(deps, req.actor, req.query)
  })

  app.get('/evaluation/ratings.xlsx', { schema: { tags, summary: '导出评价记录（xlsx）', querystring: S.RatingQuery, response: { 200: S.Binary, ...E } } }, async (req, reply) => {
    requireActor(req)
    const r = await svc.listRatings(deps, req.actor, req.query, EXPORT_MAX)
    return sendXlsx(reply, '评价记录.xlsx', '评价记录', RATING_COLUMNS, r.items)
  })

  app.get('/evaluation/rectifications', { schema: { tags, summary: '差评整改', querystring: S.RectQuery, response: { 200: S.RectList, ...E } } }, async (req) => {
    requireActor(req)
    return rect.listRectifications(deps, req.actor, req.query)
  })

  app.get('/evaluation/rectifications.xlsx', { schema: { tags, summary: '导出差评整改（xlsx）', querystring: S.RectQuery, response: { 200: S.Binary, ...E } } }, async (req, reply) => {
    requireActor(req)
    const r = await rect.listRectifications(deps, req.actor, req.query, EXPORT_MAX)
    return sendXlsx(reply, '差评整改.xlsx', '差评整改', RECT_COLUMNS, r.items)
  })

  app.get('/evaluation/rectifications/:id', { schema: { tags, summary: '整改详情', params: S.IdParams, response: { 200: S.Rectification, ...E } } }, async (req) => {
    requireActor(req)
    return rect.rectificationDetail(deps, req.actor, req.params.id)
  })

  // ---------------------------------------------------------------- the rectification loop
  app.post('/evaluation/rectifications/:id/callbacks', { schema: { tags, summary: '记录回访', params: S.IdParams, body: S.CallbackBody, response: { 200: S.Rectification, ...E } } }, async (req) => {
    requireActor(req)
    await rect.recordCallback(deps, req.ctx, req.params.id, req.body)
    return rect.rectificationDetail(deps, req.actor, req.params.id)
  })

  app.post('/evaluation/rectifications/:id/rectify', { schema: { tags, summary: '录入整改措施', params: S.IdParams, body: S.RectifyBody, response: { 200: S.Rectification, ...E } } }, async (req) => {
    requireActor(req)
    await rect.rectify(deps, req.ctx, req.params.id, req.body.measures)
    return rect.rectificationDetail(deps, req.actor, req.params.id)
  })

  app.post('/evaluation/rectifications/:id/verdict', { schema: { tags, summary: '评价人评价整改结果', params: S.IdParams, body: S.VerdictBody, response: { 200: S.Rectification, ...E } } }, async (req) => {
    requireActor(req)
    await rect.giveVerdict(deps, req.ctx, req.params.id, req.body.verdict)
    return rect.rectificationDetail(deps, req.actor, req.params.id)
  })

  app.post('/evaluation/ratings/:id/appeal', { schema: { tags, summary: '责任单位对差评提出申诉', params: S.IdParams, body: S.AppealBody, response: { 201: S.Appeal, ...E } } }, async (req, reply) => {
    requireActor(req)
    const appealId = await rect.appeal(deps, req.ctx, req.params.id, req.body)
    return reply.status(201).send(await rect.appealDetail(deps, appealId))
  })

  app.post('/evaluation/appeals/:id/decide', { schema: { tags, summary: '复核差评申诉', params: S.IdParams, body: S.DecideBody, response: { 200: S.Appeal, ...E } } }, async (req) => {
    requireActor(req)
    await rect.decideAppeal(deps, req.ctx, req.params.id, req.body)
    return rect.appealDetail(deps, req.params.id)
  })

  app.get('/evaluation/my', { schema: { tags, summary: '我的评价及差评整改', response: { 200: S.MyResponse, ...E } } }, async (req) => {
    requireActor(req)
    return rect.mine(deps, req.actor)
  })

  app.get('/public/bad-reviews', { config: publicLimit, schema: { tags, summary: '差评公示（个人信息已脱敏）', querystring: S.PageQuery, response: { 200: S.PublicBoard, 400: S.ErrorSchema, 429: S.ErrorSchema } } }, async (req) =>
    rect.publicBoard(deps, req.query),
  )

  // ---------------------------------------------------------------- settings
  app.get('/evaluation/settings', { schema: { tags, summary: '好差评设置', response: { 200: S.SettingsBody, ...E } } }, async (req) => {
    const actor = requireActor(req)
    if (actor.kind !== 'staff') throw EvaluationErrors.FORBIDDEN('仅限工作人员查看')
    return svc.getSettings(deps)
  })

  app.put('/evaluation/settings', { schema: { tags, summary: '修改好差评设置（整改期限等）', body: S.SettingsBody, response: { 200: S.SettingsBody, ...E } } }, async (req) => {
    requireActor(req)
    return svc.putSettings(deps, req.ctx, req.body)
  })
}
