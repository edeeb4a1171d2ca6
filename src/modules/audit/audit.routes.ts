import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { requireRole } from '../../server/guards.js'
import { scopeOf } from '../org/index.js'
import { verifyChain } from './audit.service.js'
import { listPage } from './audit.repository.js'

const AUDIT_ROLES = ['system_admin', 'supervisor', 'centre_admin'] as const
const ErrorSchema = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) })

const AuditItem = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorId: Type.Union([Type.Integer(), Type.Null()]),
  actorName: Type.String(),
  actorKind: Type.String(),
  unitId: Type.Union([Type.Integer(), Type.Null()]),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Type.Union([Type.String(), Type.Null()]),
  summary: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
  ip: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  hash: Type.String(),
})

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: '审计日志查询（全程留痕）',
        querystring: Type.Object({
          actorId: Type.Optional(Type.Integer({ minimum: 1 })),
          action: Type.Optional(Type.String({ maxLength: 100 })),
          targetType: Type.Optional(Type.String({ maxLength: 50 })),
          targetId: Type.Optional(Type.String({ maxLength: 100 })),
          from: Type.Optional(Type.String({ format: 'date-time' })),
          to: Type.Optional(Type.String({ format: 'date-time' })),
          q: Type.Optional(Type.String({ maxLength: 100 })),
          page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
          pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
        }),
        response: {
          200: Type.Object({ items: Type.Array(AuditItem), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }),
          401: ErrorSchema,
          403: ErrorSchema,
        },
      },
    },
    async (req) => {
      const actor = requireRole(req, AUDIT_ROLES)
      const q = req.query
      const { rows, total } = await listPage(
        app.deps.db,
        {
          actorId: q.actorId,
          action: q.action,
          targetType: q.targetType,
          targetId: q.targetId,
          from: q.from ? new Date(q.from) : undefined,
          to: q.to ? new Date(q.to) : undefined,
          q: q.q,
          scope: scopeOf(actor, AUDIT_ROLES),
          selfId: actor.userId,
        },
        q.page,
        q.pageSize,
      )
      return {
        items: rows.map((r) => ({
          id: Number(r.id),
          at: new Date(r.at).toISOString(),
          actorId: r.actor_id === null ? null : Number(r.actor_id),
          actorName: r.actor_name,
          actorKind: r.actor_kind,
          unitId: r.unit_id === null ? null : Number(r.unit_id),
          action: r.action,
          targetType: r.target_type,
          targetId: r.target_id,
          summary: r.summary,
          before: r.before,
          after: r.after,
          ip: r.ip,
          requestId: r.request_id,
          hash: r.hash,
        })),
        total,
        page: q.page,
        pageSize: q.pageSize,
      }
    },
  )

  app.get(
    '/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: '校验审计哈希链，报告第一个断链位置',
        response: {
          200: Type.Object({
            ok: Type.Boolean(),
            checked: Type.Integer(),
            lastId: Type.Integer(),
            firstBroken: Type.Union([Type.Object({ id: Type.Integer(), reason: Type.String() }), Type.Null()]),
          }),
          401: ErrorSchema,
          403: ErrorSchema,
        },
      },
    },
    async (req) => {
      requireRole(req, ['system_admin', 'supervisor'])
      return verifyChain(app.deps.db)
    },
  )
}
