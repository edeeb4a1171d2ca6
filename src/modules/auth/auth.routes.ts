import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { requireActor, requireRole } from '../../server/guards.js'
import { unitInScope, isSystemAdmin } from '../org/index.js'
import * as auth from './auth.service.js'
import { AccountSchema, ErrorSchema, IdParams, LoginBody, PasswordChangeBody, RegisterBody, ResetBody } from './auth.schemas.js'

const Ok = Type.Object({ ok: Type.Literal(true) })

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const cookieOpts = () => ({
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: app.deps.config.publicBaseUrl.startsWith('https://'),
  })

  app.post(
    '/auth/login',
    {
      config: { rateLimit: { max: app.deps.config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: '登录（工作人员用户名；申请人身份证号、统一社会信用代码或手机号）',
        body: LoginBody,
        response: { 200: Type.Object({ user: AccountSchema }), 401: ErrorSchema, 403: ErrorSchema, 423: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (req, reply) => {
      const r = await auth.login(app.deps, req.ctx, req.body.username, req.body.password, req.headers['user-agent'] ?? null)
      reply.setCookie(auth.SESSION_COOKIE, r.token, { ...cookieOpts(), expires: r.expiresAt })
      return { user: r.account }
    },
  )

  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: '退出登录', response: { 200: Ok } } },
    async (req, reply) => {
      if (req.actor?.sessionId) await auth.logout(app.deps, req.ctx, req.actor.sessionId)
      reply.clearCookie(auth.SESSION_COOKIE, cookieOpts())
      return { ok: true as const }
    },
  )

  app.post(
    '/auth/register',
    {
      config: { rateLimit: { max: app.deps.config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: '申请人注册（自然人 / 法人）',
        body: RegisterBody,
        response: { 201: Type.Object({ user: AccountSchema }), 400: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (req, reply) => {
      const user = await auth.register(app.deps, req.ctx, req.body)
      return reply.status(201).send({ user })
    },
  )

  app.get(
    '/auth/me',
    { schema: { tags: ['auth'], summary: '当前登录账号', response: { 200: Type.Object({ user: AccountSchema }), 401: ErrorSchema } } },
    async (req) => ({ user: await auth.me(app.deps, requireActor(req)) }),
  )

  app.post(
    '/auth/password',
    { schema: { tags: ['auth'], summary: '修改密码', body: PasswordChangeBody, response: { 200: Ok, 400: ErrorSchema, 401: ErrorSchema } } },
    async (req) => {
      requireActor(req)
      await auth.changePassword(app.deps, req.ctx, req.body.currentPassword, req.body.newPassword)
      return { ok: true as const }
    },
  )

  app.post(
    '/auth/accounts/:id/reset-password',
    {
      schema: {
        tags: ['auth'],
        summary: '管理员重置工作人员密码并解锁账号',
        params: IdParams,
        body: ResetBody,
        response: { 200: Type.Object({ temporaryPassword: Type.String() }), 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req) => {
      const actor = requireRole(req, ['system_admin', 'centre_admin'])
      return auth.resetPassword(
        app.deps,
        req.ctx,
        req.params.id,
        (unit) => isSystemAdmin(actor) || (unit !== null && unitInScope(actor, ['centre_admin'], unit)),
        req.body.password,
      )
    },
  )
}
