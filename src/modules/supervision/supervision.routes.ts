/** The supervision console's HTTP routes (README.md). Thin: schema → service → DTO. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { requireActor } from '../../server/guards.js'
import { sendXlsx } from '../../server/xlsx.js'
import * as S from './supervision.schemas.js'
import { allAlerts, getAlert, listAlerts, listLights, unitTree } from './supervision.queries.js'
import { closeOrder, getOrder, listOrders, replyOrder, returnOrder, sendOrder } from './supervision.orders.js'
import { caseDrillDown, closeAlert, readSettings, writeSettings } from './supervision.service.js'
import { ALERT_LEVEL_NAMES, type AlertDto, type OrderDto } from './supervision.types.js'

const tags = ['supervision']
const iso = (s: string | null) => (s ? new Date(s) : null)

export const supervisionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = app.deps

  app.get('/supervision/lights', { schema: { tags, summary: '在办件红黄绿灯（红灯在前）及计数', querystring: S.LightsQuery, response: { 200: S.Any, ...S.E } } }, async (req) => {
    requireActor(req)
    return listLights(deps, req.actor, req.query)
  })
  app.get('/supervision/tree', { schema: { tags, summary: '单位树及各单位红黄绿灯、预警计数', response: { 200: S.Any, ...S.E } } }, async (req) => {
    requireActor(req)
    return unitTree(deps, req.actor)
  })
  app.get('/supervision/alerts', { schema: { tags, summary: '预警、黄牌、红牌列表', querystring: S.AlertsQuery, response: { 200: S.Any, ...S.E } } }, async (req) => {
    requireActor(req)
    return listAlerts(deps, req.actor, req.query)
  })
  app.get('/supervision/alerts.xlsx', { schema: { tags, summary: '导出预警列表（xlsx）', querystring: S.AlertsQuery } }, async (req, reply) => {
    requireActor(req)
    const rows = await allAlerts(deps, req.actor, req.query)
    return sendXlsx<AlertDto>(reply, '电子监察预警.xlsx', '预警', [
      { header: '编号', value: (a) => a.id },
      { header: '类别', value: (a) => a.kindName },
      { header: '等级', value: (a) => ALERT_LEVEL_NAMES[a.level] },
      { header: '依据', value: (a) => a.rule },
      { header: '办件编号', value: (a) => a.caseNumber, width: 24 },
      { header: '事项', value: (a) => a.itemName, width: 24 },
      { header: '责任单位', value: (a) => a.unitName, width: 24 },
      { header: '责任人', value: (a) => a.userName },
      { header: '情况', value: (a) => a.evidenceText, width: 60 },
      { header: '产生时间', value: (a) => iso(a.raisedAt) },
      { header: '限期', value: (a) => a.due },
      { header: '状态', value: (a) => (a.status === 'open' ? '未解除' : '已解除') },
      { header: '解除原因', value: (a) => a.closeReason, width: 30 },
    ], rows)
  })
  app.get('/supervision/alerts/:id', { schema: { tags, summary: '预警详情', params: S.IdParams, response: { 200: S.Any, ...S.E } } }, async (req) => {
    requireActor(req)
    return getAlert(deps, req.actor, req.params.id)
  })
  app.post('/supervision/alerts/:id/close', { schema: { tags, summary: '人工关闭事件类预警（须说明理由）', params: S.IdParams, body: S.NoteBody, response: { 200: S.Any, ...S.E } } }, async (req) => {
    requireActor(req)
    await closeAlert(deps, req.ctx, req.params.id, req.body)
    return getAlert(deps, req.actor, req.params.id)
  })
  app.get('/supervision/cases/:id', { schema: { tags, summary: '办件穿透：详情、计时说明、预警、督办和操作留痕', params: S.IdParams, response: { 200: S.Any, ...S.E } } }, async (req) => {
    requireActor(req)
    return caseDrillDown(deps, req.actor, req.params.id)
  })

  app.post('/supervision/orders', { schema: { tags, summary: '发出催办或督办', body: S.SendBody, response: { 201: S.Any, ...S.E } } }, async (req, reply) => {
    requireActor(req)
    const id = await sendOrder(deps, req.ctx, req.body)
    return reply.status(201).send(await getOrder(deps, req.actor, id))
  })
  app.get('/supervision/orders', { schema: { tags, summary: '督办发件箱（outbox）或收件箱（inbox）', querystring: S.OrdersQuery, response: { 200: S.Any, ...S.E } } }, async (req) => {
    requireActor(req)
    return listOrders(deps, req.actor, { ...req.query, box: req.query.box ?? 'outbox' })
  })
  app.get('/supervision/orders.xlsx', { schema: { tags, summary: '导出催办督办（xlsx）', querystring: S.OrdersQuery } }, async (req, reply) => {
    requireActor(req)
    const r = await listOrders(deps, req.actor, { box: req.query.box ?? 'outbox', status: req.query.status, page: 1, pageSize: 10_000 })
    return sendXlsx<OrderDto>(reply, '催办督办.xlsx', '催办督办', [
      { header: '文号', value: (o) => o.number, width: 20 },
      { header: '类别', value: (o) => o.kindName },
      { header: '状态', value: (o) => o.statusName },
      { header: '责任单位', value: (o) => o.unitName, width: 24 },
      { header: '办件编号', value: (o) => o.caseNumber, width: 24 },
      { header: '事由', value: (o) => o.content, width: 50 },
      { header: '回复期限', value: (o) => o.replyDue },
      { header: '发出人', value: (o) => o.sentByName },
      { header: '发出时间', value: (o) => iso(o.sentAt) },
      { header: '回复', value: (o) => o.reply, width: 50 },
      { header: '回复时间', value: (o) => iso(o.repliedAt) },
      { header: '办结时间', value: (o) => iso(o.closedAt) },
    ], r.items)
  })
  app.get('/supervision/orders/:id', { schema: { tags, summary: '催办督办详情', params: S.IdParams, response: { 200: S.Any, ...S.E } } }, async (req) => {
    requireActor(req)
    return getOrder(deps, req.actor, req.params.id)
  })
  app.post('/supervision/orders/:id/reply', { schema: { tags, summary: '责任单位回复', params: S.IdParams, body: S.ReplyBody, response: { 200: S.Any, ...S.E } } }, async (req) => {
    requireActor(req)
    await replyOrder(deps, req.ctx, req.params.id, req.body)
    return getOrder(deps, req.actor, req.params.id)
  })
  app.post('/supervision/orders/:id/close', { schema: { tags, summary: '审核通过，办结', params: S.IdParams, body: S.OptionalNoteBody, response: { 200: S.Any, ...S.E } } }, async (req) => {
    requireActor(req)
    await closeOrder(deps, req.ctx, req.params.id, req.body)
    return getOrder(deps, req.actor, req.params.id)
  })
  app.post('/supervision/orders/:id/return', { schema: { tags, summary: '回复不通过，退回重办', params: S.IdParams, body: S.NoteBody, response: { 200: S.Any, ...S.E } } }, async (req) => {
    requireActor(req)
    await returnOrder(deps, req.ctx, req.params.id, req.body)
    return getOrder(deps, req.actor, req.params.id)
  })

  app.get('/supervision/settings', { schema: { tags, summary: '本市电子监察设置', querystring: S.SettingsQuery, response: { 200: S.SettingsResponse, ...S.E } } }, async (req) => {
    requireActor(req)
    return readSettings(deps, req.actor, req.query.region)
  })
  app.put('/supervision/settings', { schema: { tags, summary: '修改电子监察设置（中心管理员、系统管理员）', querystring: S.SettingsQuery, body: S.Settings, response: { 200: S.SettingsResponse, ...S.E } } }, async (req) => {
    requireActor(req)
    return writeSettings(deps, req.ctx, req.body, req.query.region)
  })
}
