import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import multipart from '@fastify/multipart'
import QRCode from 'qrcode'
import { requireRole } from '../../server/guards.js'
import { CommonErrors } from '../../server/errors.js'
import type { ItemGuide } from './catalog.types.js'
import { ADMIN_ROLES } from './catalog.policy.js'
import * as service from './catalog.service.js'
import { exportCatalogue, importCatalogue } from './catalog.transfer.js'
import { topicCounts, departmentCounts } from './catalog.repository.js'
import { CatalogErrors } from './catalog.errors.js'
import {
  Binary,
  DepartmentsResponse,
  ErrorSchema,
  Errors,
  GuideBody,
  IdParams,
  ImportResponse,
  ItemBody,
  ListQuery,
  ListResponse,
  ReasonBody,
  RestartBody,
  TopicsResponse,
  VersionBody,
  VersionParams,
} from './catalog.schemas.js'

const tags = ['catalog']

export const catalogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = app.deps
  await app.register(multipart, { limits: { fileSize: deps.config.fileMaxMb * 1024 * 1024, files: 1, fields: 5 } })

  app.get(
    '/catalog/items',
    {
      schema: {
        tags,
        summary: '事项目录检索（简繁体关键词、部门、类型、服务对象、主题；公众仅见已发布事项）',
        querystring: ListQuery,
        response: { 200: ListResponse, 400: ErrorSchema },
      },
    },
    async (req) => service.listItems(deps.db, req.actor, req.query),
  )

  app.get(
    '/catalog/items/:id',
    { schema: { tags, summary: '办事指南详情（当前版本；管理员另见草稿和状态变更记录）', params: IdParams, response: { 200: ItemBody, 400: ErrorSchema, 404: ErrorSchema } } },
    async (req) => ({ item: await service.itemDetail(deps, req.actor, req.params.id) }),
  )

  app.get(
    '/catalog/items/:id/versions/:versionId',
    { schema: { tags, summary: '事项的某一已发布版本（办件按受理时的版本办理）', params: VersionParams, response: { 200: VersionBody, 400: ErrorSchema, 404: ErrorSchema } } },
    async (req) => {
      await service.itemDetail(deps, req.actor, req.params.id)
      return { version: await service.versionOf(deps.db, req.actor, req.params.id, req.params.versionId) }
    },
  )

  app.get(
    '/catalog/items/:id/qr.png',
    { schema: { tags, summary: '办事指南页面二维码（PNG）', params: IdParams, response: { 200: Binary, 400: ErrorSchema, 404: ErrorSchema } } },
    async (req, reply) => {
      const item = await service.itemDetail(deps, null, req.params.id)
      const png = await QRCode.toBuffer(`${deps.config.publicBaseUrl}/hall/items/${item.id}`, { type: 'png', margin: 1, width: 256, errorCorrectionLevel: 'M' })
      return reply.type('image/png').header('cache-control', 'public, max-age=3600').send(png)
    },
  )

  app.get('/catalog/topics', { schema: { tags, summary: '主题（自然人、法人）及其已发布事项数', response: { 200: TopicsResponse } } }, async () => ({
    items: await topicCounts(deps.db),
  }))

  app.get('/catalog/departments', { schema: { tags, summary: '有已发布事项的实施部门及事项数', response: { 200: DepartmentsResponse } } }, async () => ({
    items: await departmentCounts(deps.db),
  }))

  app.post(
    '/catalog/items',
    { schema: { tags, summary: '新建事项（草稿；中心管理员、系统管理员）', body: GuideBody, response: { 201: ItemBody, ...Errors } } },
    async (req, reply) => {
      const actor = requireRole(req, ADMIN_ROLES)
      const item = await service.createItem(deps, req.ctx, actor, req.body.guide as ItemGuide)
      return reply.status(201).send({ item })
    },
  )

  app.put(
    '/catalog/items/:id/draft',
    { schema: { tags, summary: '修改事项草稿（已发布的事项在发布新版本前不受影响）', params: IdParams, body: GuideBody, response: { 200: ItemBody, ...Errors } } },
    async (req) => {
      const actor = requireRole(req, ADMIN_ROLES)
      return { item: await service.saveDraft(deps, req.ctx, actor, req.params.id, req.body.guide as ItemGuide) }
    },
  )

  app.post(
    '/catalog/items/:id/publish',
    { schema: { tags, summary: '发布事项（草稿成为新的不可变版本）', params: IdParams, response: { 200: ItemBody, ...Errors } } },
    async (req) => ({ item: await service.publish(deps, req.ctx, requireRole(req, ADMIN_ROLES), req.params.id) }),
  )

  app.post(
    '/catalog/items/:id/suspend',
    { schema: { tags, summary: '暂停事项（冻结，须写明原因；暂停期间不接受申请）', params: IdParams, body: ReasonBody, response: { 200: ItemBody, ...Errors } } },
    async (req) => ({ item: await service.suspend(deps, req.ctx, requireRole(req, ADMIN_ROLES), req.params.id, req.body.reason.trim()) }),
  )

  app.post(
    '/catalog/items/:id/restart',
    { schema: { tags, summary: '恢复已暂停的事项（须登记恢复审批的依据文号）', params: IdParams, body: RestartBody, response: { 200: ItemBody, ...Errors } } },
    async (req) =>
      ({ item: await service.restart(deps, req.ctx, requireRole(req, ADMIN_ROLES), req.params.id, req.body.reason.trim(), req.body.approvalRef.trim()) }),
  )

  app.post(
    '/catalog/items/:id/abolish',
    { schema: { tags, summary: '取消事项（终结，不可恢复）', params: IdParams, body: ReasonBody, response: { 200: ItemBody, ...Errors } } },
    async (req) => ({ item: await service.abolish(deps, req.ctx, requireRole(req, ADMIN_ROLES), req.params.id, req.body.reason.trim()) }),
  )

  app.get(
    '/catalog/export.xlsx',
    { schema: { tags, summary: '导出实施清单（xlsx；管辖范围内的事项，草稿优先）', response: { 200: Binary, 401: ErrorSchema, 403: ErrorSchema } } },
    async (req, reply) => {
      const actor = requireRole(req, ADMIN_ROLES)
      const data = await exportCatalogue(deps.db, actor)
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="catalog.xlsx"; filename*=UTF-8''${encodeURIComponent('事项实施清单.xlsx')}`)
        .send(data)
    },
  )

  app.post(
    '/catalog/import',
    {
      schema: {
        tags,
        summary: '导入实施清单（xlsx，表单字段 file；按事项编码新建或更新草稿，逐行报告错误）',
        consumes: ['multipart/form-data'],
        response: { 200: ImportResponse, ...Errors, 413: ErrorSchema },
      },
    },
    async (req) => {
      const actor = requireRole(req, ADMIN_ROLES)
      if (!req.isMultipart()) throw CatalogErrors.INVALID_IMPORT_FILE('请以 multipart/form-data 上传 xlsx 文件（字段 file）')
      let data: Buffer | null = null
      try {
        const file = await req.file()
        if (file) data = await file.toBuffer()
      } catch (e) {
        const code = (e as { code?: string }).code
        if (code === 'FST_REQ_FILE_TOO_LARGE') throw CommonErrors.VALIDATION_ERROR(`文件超过 ${deps.config.fileMaxMb} MB`)
        throw CatalogErrors.INVALID_IMPORT_FILE('上传的文件无法读取')
      }
      if (!data || data.length === 0) throw CatalogErrors.INVALID_IMPORT_FILE('请上传 xlsx 文件（字段 file）')
      return importCatalogue(deps, req.ctx, actor, data)
    },
  )
}
