import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { requireRole, requireStaff } from '../../server/guards.js'
import { MANAGE_ROLES } from './org.policy.js'
import { Errors, IdParams, Page, UnitCreateBody, UnitPatchBody, UnitQuery, UnitSchema } from './org.schemas.js'
import { createUnit, getUnit, listUnits, unitDto, updateUnit } from './unit.service.js'

const UnitBody = Type.Object({ unit: UnitSchema })

export const unitRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/org/units',
    {
      schema: {
        tags: ['org'],
        summary: '单位列表（服务中心、部门、审批科室、窗口；仅限管辖范围内）',
        querystring: UnitQuery,
        response: { 200: Page(UnitSchema), 400: Errors[400], 401: Errors[401], 403: Errors[403] },
      },
    },
    async (req) => {
      const actor = requireStaff(req)
      const { page, pageSize, ...f } = req.query
      return listUnits(app.deps.db, actor, f, page, pageSize)
    },
  )

  app.get(
    '/org/units/:id',
    {
      schema: {
        tags: ['org'],
        summary: '单位详情',
        params: IdParams,
        response: { 200: UnitBody, 401: Errors[401], 403: Errors[403], 404: Errors[404] },
      },
    },
    async (req) => {
      const actor = requireStaff(req)
      return { unit: unitDto(await getUnit(app.deps.db, actor, req.params.id)) }
    },
  )

  app.post(
    '/org/units',
    {
      schema: {
        tags: ['org'],
        summary: '新建单位（中心管理员在管辖范围内；系统管理员）',
        body: UnitCreateBody,
        response: { 201: UnitBody, ...Errors },
      },
    },
    async (req, reply) => {
      requireRole(req, MANAGE_ROLES)
      const unit = await createUnit(app.deps, req.ctx, req.body)
      return reply.status(201).send({ unit })
    },
  )

  app.patch(
    '/org/units/:id',
    {
      schema: {
        tags: ['org'],
        summary: '修改、调整隶属、撤销或恢复单位',
        params: IdParams,
        body: UnitPatchBody,
        response: { 200: UnitBody, ...Errors },
      },
    },
    async (req) => {
      requireRole(req, MANAGE_ROLES)
      return { unit: await updateUnit(app.deps, req.ctx, req.params.id, req.body) }
    },
  )
}
