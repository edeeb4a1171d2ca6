import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { requireRole } from '../../server/guards.js'
import { CommonErrors } from '../../server/errors.js'
import { getCalendar } from './calendar.cache.js'
import { EDITOR_ROLES, mayImportYears } from './calendar.policy.js'
import * as service from './calendar.service.js'
import {
  CreateOverrideBody,
  CreateOverrideResponse,
  DueQuery,
  DueResponse,
  ErrorSchema,
  ExplainQuery,
  ExplainResponse,
  IdParams,
  ImportYearBody,
  ImportYearResponse,
  MonthQuery,
  MonthResponse,
  OkResponse,
  OverridesQuery,
  OverridesResponse,
  WorkdaysQuery,
  WorkdaysResponse,
  YearsResponse,
} from './calendar.schemas.js'

const tags = ['calendar']

export const calendarRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = app.deps

  app.get(
    '/calendar/due',
    {
      schema: {
        tags,
        summary: '计算办理期限：起算日之后第 N 个工作日（起算日不计入）',
        querystring: DueQuery,
        response: { 200: DueResponse, 400: ErrorSchema },
      },
    },
    async (req) => {
      const cal = await getCalendar(deps, req.query.region)
      return { due: cal.addWorkingDays(req.query.from, req.query.days) }
    },
  )

  app.get(
    '/calendar/workdays',
    {
      schema: {
        tags,
        summary: '统计工作日数：from 之后（不含）至 to（含）之间的工作日',
        querystring: WorkdaysQuery,
        response: { 200: WorkdaysResponse, 400: ErrorSchema },
      },
    },
    async (req) => {
      const cal = await getCalendar(deps, req.query.region)
      return { workdays: cal.workdaysBetween(req.query.from, req.query.to) }
    },
  )

  app.get(
    '/calendar/month',
    {
      schema: {
        tags,
        summary: '月历：每天是否工作日、节假日、调休或本地特殊日期',
        querystring: MonthQuery,
        response: { 200: MonthResponse, 400: ErrorSchema },
      },
    },
    async (req) => {
      const { year, month, region } = req.query
      const cal = await getCalendar(deps, region)
      return { year, month, regionCode: region || null, days: cal.month(year, month) }
    },
  )

  app.get(
    '/calendar/explain',
    {
      schema: {
        tags,
        summary: '期限说明：逐日列出是否计入工作日',
        querystring: ExplainQuery,
        response: { 200: ExplainResponse, 400: ErrorSchema },
      },
    },
    async (req) => {
      const cal = await getCalendar(deps, req.query.region)
      const e = cal.explain(req.query.from, req.query.days)
      return { from: e.from, days: e.days, due: e.due!, entries: e.entries }
    },
  )

  app.get(
    '/calendar/years',
    { schema: { tags, summary: '已有法定节假日数据的年份及来源', response: { 200: YearsResponse } } },
    async () => ({ years: await service.listYears(deps) }),
  )

  app.get(
    '/calendar/overrides',
    {
      schema: {
        tags,
        summary: '本地特殊日期列表（本地区及上级地区、下级地区的设置）',
        querystring: OverridesQuery,
        response: { 200: OverridesResponse, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (req) => {
      requireRole(req, EDITOR_ROLES)
      return { items: await service.listOverrides(deps, req.query.region, req.query.year ?? null) }
    },
  )

  app.post(
    '/calendar/overrides',
    {
      schema: {
        tags,
        summary: '设置本地特殊日期（闭厅、地方假日、加班工作日）',
        body: CreateOverrideBody,
        response: { 201: CreateOverrideResponse, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (req, reply) => {
      const actor = requireRole(req, EDITOR_ROLES)
      const override = await service.createOverride(deps, req.ctx, actor, req.body)
      return reply.status(201).send({ override })
    },
  )

  app.delete(
    '/calendar/overrides/:id',
    {
      schema: {
        tags,
        summary: '删除本地特殊日期',
        params: IdParams,
        response: { 200: OkResponse, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req) => {
      const actor = requireRole(req, EDITOR_ROLES)
      await service.deleteOverride(deps, req.ctx, actor, req.params.id)
      return { ok: true as const }
    },
  )

  app.post(
    '/calendar/years/import',
    {
      schema: {
        tags,
        summary: '导入某年法定节假日安排（holiday-cn 格式，优先于内置数据）',
        body: ImportYearBody,
        response: { 201: ImportYearResponse, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (req, reply) => {
      const actor = requireRole(req, ['system_admin'])
      if (!mayImportYears(actor)) throw CommonErrors.FORBIDDEN('只有系统管理员可以导入法定节假日安排')
      const r = await service.importYear(deps, req.ctx, actor, req.body.year, req.body.days)
      return reply.status(201).send(r)
    },
  )
}
