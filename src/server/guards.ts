import type { FastifyRequest } from 'fastify'
import type { Actor } from './context.js'
import { CommonErrors } from './errors.js'
import type { Role } from '../shared/roles.js'

export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw CommonErrors.UNAUTHENTICATED('请先登录')
  return req.actor
}

/** The actor must hold one of these roles somewhere; scope checks against records come after. */
export function requireRole(req: FastifyRequest, roles: readonly Role[]): Actor {
  const actor = requireActor(req)
  if (!actor.grants.some((g) => roles.includes(g.role))) throw CommonErrors.FORBIDDEN('您没有执行此操作的权限')
  return actor
}

export function requireStaff(req: FastifyRequest): Actor {
  const actor = requireActor(req)
  if (actor.kind !== 'staff') throw CommonErrors.FORBIDDEN('仅限工作人员使用')
  return actor
}
