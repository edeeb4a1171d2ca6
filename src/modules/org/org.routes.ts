/** The org module's HTTP interface, under /api/org. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { requireStaff } from '../../server/guards.js'
import { ROLES, STAFF_ROLES } from '../../shared/roles.js'
import { isManager } from './org.policy.js'
import { isSystemAdmin } from './org.scope.js'
import { Errors, RolesSchema, SummarySchema, UnitTypesSchema } from './org.schemas.js'
import { regionRoutes } from './region.routes.js'
import { staffRoutes } from './staff.routes.js'
import { orgSummary } from './summary.service.js'
import { CENTRE_SUBTYPES, UNIT_KIND_NAMES, UNIT_KINDS, WINDOW_SUBTYPES } from './unit.rules.js'
import { unitRoutes } from './unit.routes.js'
import { publicCentres } from './unit.repository.js'
import { Type } from 'typebox'

export const orgRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/org/roles',
    { schema: { tags: ['org'], summary: '工作人员角色列表', response: { 200: RolesSchema, 401: Errors[401], 403: Errors[403] } } },
    async (req) => {
      const actor = requireStaff(req)
      const manager = isManager(actor)
      const admin = isSystemAdmin(actor)
      // a centre administrator may give every role but system_admin, inside their scope
      return { items: STAFF_ROLES.map((role) => ({ role, name: ROLES[role], assignable: admin || (manager && role !== 'system_admin') })) }
    },
  )

  // Public: where an applicant can pick up a result (选地取件) — centres' names, addresses and phones
  app.get(
    '/org/centres',
    {
      schema: {
        tags: ['org'],
        summary: '服务中心列表（公开：名称、地址、电话，供选地取件）',
        querystring: Type.Object({ regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$' })) }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.Integer(),
                name: Type.String(),
                subtype: Type.Union([Type.String(), Type.Null()]),
                regionCode: Type.String(),
                regionName: Type.String(),
                address: Type.Union([Type.String(), Type.Null()]),
                phone: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
          }),
          400: Errors[400],
        },
      },
    },
    async (req) => {
      const rows = await publicCentres(app.deps.db, req.query.regionCode)
      return {
        items: rows.map((r) => ({ id: Number(r.id), name: r.name, subtype: r.subtype, regionCode: r.region_code, regionName: r.region_name, address: r.address, phone: r.phone })),
      }
    },
  )

  app.get(
    '/org/unit-types',
    { schema: { tags: ['org'], summary: '单位类型及其子类型', response: { 200: UnitTypesSchema } } },
    async () => ({
      items: UNIT_KINDS.map((kind) => ({
        kind,
        name: UNIT_KIND_NAMES[kind],
        subtypes: Object.entries(kind === 'centre' ? CENTRE_SUBTYPES : kind === 'window' ? WINDOW_SUBTYPES : {}).map(([subtype, name]) => ({ subtype, name })),
      })),
    }),
  )

  app.get(
    '/org/summary',
    { schema: { tags: ['org'], summary: '组织机构概况（本市及管辖范围内的数量）', response: { 200: SummarySchema, 401: Errors[401], 403: Errors[403] } } },
    async (req) => orgSummary(app.deps.db, requireStaff(req)),
  )

  await app.register(regionRoutes)
  await app.register(unitRoutes)
  await app.register(staffRoutes)
}
