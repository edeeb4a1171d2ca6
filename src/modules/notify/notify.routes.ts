import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { requireActor, requireRole } from '../../server/guards.js'
import type { Role } from '../../shared/roles.js'
import type { NoticeEvent } from './index.js'
import type { NoticeChannel, OutboxStatus } from './notify.tables.js'
import * as service from './notify.service.js'
import { PLACEHOLDERS } from './notify.templates.js'
import {
  ErrorSchema,
  EventParams,
  IdParams,
  MessagesQuery,
  MessagesResponse,
  OkResponse,
  OutboxQuery,
  OutboxResponse,
  ReadAllResponse,
  TemplateBody,
  TemplateResponse,
  TemplatesResponse,
} from './notify.schemas.js'

const tags = ['notify']
export const TEMPLATE_ROLES: readonly Role[] = ['centre_admin', 'system_admin']
export const OUTBOX_ROLES: readonly Role[] = ['system_admin', 'centre_admin', 'supervisor']
export const RETRY_ROLES: readonly Role[] = ['system_admin', 'centre_admin']

export const notifyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = app.deps

  app.get(
    '/notify/messages',
    {
      schema: {
        tags,
        summary: '我的站内消息（可只看未读）',
        querystring: MessagesQuery,
        response: { 200: MessagesResponse, 400: ErrorSchema, 401: ErrorSchema },
      },
    },
    async (req) => {
      const actor = requireActor(req)
      return service.listMessages(deps, actor, { unread: req.query.unread, page: req.query.page ?? 1, pageSize: req.query.pageSize ?? 20 })
    },
  )

  app.post(
    '/notify/messages/:id/read',
    {
      schema: {
        tags,
        summary: '将一条站内消息标为已读',
        params: IdParams,
        response: { 200: OkResponse, 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req) => {
      const actor = requireActor(req)
      await service.markRead(deps, req.ctx, actor, req.params.id)
      return { ok: true as const }
    },
  )

  app.post(
    '/notify/messages/read-all',
    {
      schema: { tags, summary: '将全部站内消息标为已读', response: { 200: ReadAllResponse, 401: ErrorSchema } },
    },
    async (req) => {
      const actor = requireActor(req)
      return { ok: true as const, updated: await service.markAllRead(deps, req.ctx, actor) }
    },
  )

  app.get(
    '/notify/templates',
    {
      schema: { tags, summary: '通知模板列表（短信、站内信、邮件）', response: { 200: TemplatesResponse, 401: ErrorSchema, 403: ErrorSchema } },
    },
    async (req) => {
      requireRole(req, TEMPLATE_ROLES)
      return {
        items: await service.listTemplates(deps),
        placeholders: Object.entries(PLACEHOLDERS).map(([key, description]) => ({ key, description })),
      }
    },
  )

  app.put(
    '/notify/templates/:event',
    {
      schema: {
        tags,
        summary: '修改通知模板（已排队的通知不受影响）',
        params: EventParams,
        body: TemplateBody,
        response: { 200: TemplateResponse, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req) => {
      const actor = requireRole(req, TEMPLATE_ROLES)
      return { template: await service.updateTemplate(deps, req.ctx, actor, req.params.event as NoticeEvent, req.body) }
    },
  )

  app.get(
    '/notify/outbox',
    {
      schema: {
        tags,
        summary: '通知发送记录（发件箱）',
        querystring: OutboxQuery,
        response: { 200: OutboxResponse, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (req) => {
      requireRole(req, OUTBOX_ROLES)
      const q = req.query
      return service.listOutbox(deps, {
        status: q.status as OutboxStatus | undefined,
        channel: q.channel as NoticeChannel | undefined,
        event: q.event,
        caseId: q.caseId,
        page: q.page ?? 1,
        pageSize: q.pageSize ?? 20,
      })
    },
  )

  app.post(
    '/notify/outbox/:id/retry',
    {
      schema: {
        tags,
        summary: '重新发送一条发送失败的通知',
        params: IdParams,
        response: { 200: OkResponse, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (req) => {
      requireRole(req, RETRY_ROLES)
      await service.retryNotice(deps, req.ctx, req.params.id)
      return { ok: true as const }
    },
  )
}
