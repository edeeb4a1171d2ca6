import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { requireRole, requireStaff } from '../../server/guards.js'
import { MANAGE_ROLES } from './org.policy.js'
import { Errors, GrantsBody, IdParams, Page, StaffCreateBody, StaffPatchBody, StaffQuery, StaffSchema } from './org.schemas.js'
import { createStaff, getStaff, listStaff, setGrants, updateStaff } from './staff.service.js'

const StaffBody = Type.Object({ staff: StaffSchema })

export const staffRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/org/staff',
    {
      schema: {
        tags: ['org'],
        summary: '工作人员列表（按所属单位在管辖范围内）',
        querystring: StaffQuery,
        response: { 200: Page(StaffSchema), 400: Errors[400], 401: Errors[401], 403: Errors[403] },
      },
    },
    async (req) => {
      const actor = requireStaff(req)
      const { page, pageSize, ...f } = req.query
      return listStaff(app.deps.db, actor, f, page, pageSize, app.deps.clock.now())
    },
  )

  app.get(
    '/org/staff/:id',
    {
      schema: {
        tags: ['org'],
        summary: '工作人员详情',
        params: IdParams,
        response: { 200: StaffBody, 401: Errors[401], 403: Errors[403], 404: Errors[404] },
      },
    },
    async (req) => {
      const actor = requireStaff(req)
      return { staff: await getStaff(app.deps.db, actor, req.params.id, app.deps.clock.now()) }
    },
  )

  app.post(
    '/org/staff',
    {
      schema: {
        tags: ['org'],
        summary: '新建工作人员账号并授权',
        body: StaffCreateBody,
        response: { 201: StaffBody, ...Errors },
      },
    },
    async (req, reply) => {
      requireRole(req, MANAGE_ROLES)
      const staff = await createStaff(app.deps, req.ctx, req.body)
      return reply.status(201).send({ staff })
    },
  )

  app.patch(
    '/org/staff/:id',
    {
      schema: {
        tags: ['org'],
        summary: '修改工作人员信息，停用或启用账号（停用即注销其全部登录）',
        params: IdParams,
        body: StaffPatchBody,
        response: { 200: StaffBody, ...Errors },
      },
    },
    async (req) => {
      requireRole(req, MANAGE_ROLES)
      return { staff: await updateStaff(app.deps, req.ctx, req.params.id, req.body) }
    },
  )

  app.put(
    '/org/staff/:id/grants',
    {
      schema: {
        tags: ['org'],
        summary: '设置工作人员的角色授权（整体替换）',
        params: IdParams,
        body: GrantsBody,
        response: { 200: StaffBody, ...Errors },
      },
    },
    async (req) => {
      requireRole(req, MANAGE_ROLES)
      return { staff: await setGrants(app.deps, req.ctx, req.params.id, req.body.grants) }
    },
  )
}
