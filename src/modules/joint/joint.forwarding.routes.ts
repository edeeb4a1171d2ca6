import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { requireActor } from '../../server/guards.js'
import { jointCaseDetail } from './joint.service.js'
import { recordForwarding } from './joint.forwarding.js'
import * as S from './joint.schemas.js'

const E = { 400: S.ErrorSchema, 401: S.ErrorSchema, 403: S.ErrorSchema, 404: S.ErrorSchema, 409: S.ErrorSchema }

/** R17: the department records its forwarding to the upper level. */
export const jointForwardingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = app.deps
  app.post(
    '/joint/tasks/:id/forwarded',
    {
      schema: {
        tags: ['joint'],
        summary: '“同意但需转报”的部门登记已向上级转报（R17）',
        params: S.IdParams,
        body: Type.Object({ ref: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 200: S.CaseResponse, ...E },
      },
    },
    async (req) => {
      requireActor(req)
      const id = await recordForwarding(deps, req.ctx, req.params.id, req.body)
      return { case: await jointCaseDetail(deps, req.actor, id) }
    },
  )
}
