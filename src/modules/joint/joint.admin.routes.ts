import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import multipart from '@fastify/multipart'
import { requireActor, requireRole, requireStaff } from '../../server/guards.js'
import { CommonErrors } from '../../server/errors.js'
import { uploadLimits } from '../files/index.js'
import { JointErrors } from './joint.errors.js'
import * as bundles from './joint.bundles.js'
import * as schemes from './joint.schemes.js'
import * as projects from './joint.projects.js'
import * as agents from './joint.agents.js'
import * as S from './joint.admin.schemas.js'

const tags = ['joint']

interface GrantFields {
  agentUserId: number
  scope: 'project' | 'all'
  projectId?: number | null
  validUntil: string
  note?: string | null
  principalUserId?: number
}

const positiveInt = (v: string | undefined, what: string): number | undefined => {
  if (v === undefined || v === '') return undefined
  if (!/^\d{1,15}$/.test(v) || Number(v) < 1) throw JointErrors.VALIDATION_ERROR(`${what}应为正整数`)
  return Number(v)
}

/** The paper letter: multipart fields + file `letter` (PDF/JPG/PNG). */
async function readLetter(req: FastifyRequest, maxMb: number): Promise<{ fields: GrantFields & { principalUserId: number }; letter: { data: Buffer; originalName: string } }> {
  const raw: Record<string, string> = {}
  let data: Buffer | null = null
  let originalName = ''
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'letter') {
          await part.toBuffer()
          continue
        }
        data = await part.toBuffer()
        originalName = part.filename
      } else raw[part.fieldname] = String(part.value)
    }
  } catch (e) {
    const code = (e as { code?: string }).code
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw CommonErrors.VALIDATION_ERROR(`文件超过 ${maxMb} MB`)
    throw JointErrors.VALIDATION_ERROR('上传内容无法读取')
  }
  if (!data) throw JointErrors.VALIDATION_ERROR('请上传授权委托书（字段 letter，PDF、JPG 或 PNG）')
  const principalUserId = positiveInt(raw.principalUserId, '委托人（principalUserId）')
  const agentUserId = positiveInt(raw.agentUserId, '受托人（agentUserId）')
  if (!principalUserId || !agentUserId) throw JointErrors.VALIDATION_ERROR('请填写委托人和受托人')
  if (raw.scope !== 'all' && raw.scope !== 'project') throw JointErrors.VALIDATION_ERROR('授权范围应为 all 或 project')
  if (!raw.validUntil) throw JointErrors.VALIDATION_ERROR('请填写有效期截止日期')
  return {
    fields: { principalUserId, agentUserId, scope: raw.scope, projectId: positiveInt(raw.projectId, '项目（projectId）') ?? null, validUntil: raw.validUntil, note: raw.note ?? null },
    letter: { data, originalName: originalName || 'letter' },
  }
}

/** Bundles, schemes, projects, green channel, agent authorisations. */
export const jointAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = app.deps
  await app.register(multipart, { limits: uploadLimits(deps.config) })

  // ---------------------------------------------------------------- bundles (一件事)
  app.get(
    '/joint/bundles',
    { schema: { tags, summary: '一件事一次办：清单（公众仅见办理中的；管理员 all=true 另见已暂停的）', querystring: S.BundleListQuery, response: { 200: S.BundleListResponse, 400: S.ErrorSchema } } },
    async (req) => ({ items: await bundles.listBundles(deps, req.actor, req.query) }),
  )

  app.get(
    '/joint/bundles/:id',
    { schema: { tags, summary: '一件事详情（包含的事项及合并后的材料清单）', params: S.IdParams, response: { 200: S.BundleResponse, 400: S.ErrorSchema, 404: S.ErrorSchema } } },
    async (req) => ({ bundle: await bundles.bundleDetail(deps, req.actor, req.params.id) }),
  )

  app.post(
    '/joint/bundles',
    { schema: { tags, summary: '新建一件事（中心管理员）', body: S.BundleBody, response: { 201: S.BundleResponse, ...S.E } } },
    async (req, reply) => {
      const actor = requireRole(req, bundles.BUNDLE_ADMIN_ROLES)
      return reply.status(201).send({ bundle: await bundles.createBundle(deps, req.ctx, actor, req.body) })
    },
  )

  app.put(
    '/joint/bundles/:id',
    { schema: { tags, summary: '修改一件事（中心管理员）', params: S.IdParams, body: S.BundleBody, response: { 200: S.BundleResponse, ...S.E } } },
    async (req) => ({ bundle: await bundles.updateBundle(deps, req.ctx, requireRole(req, bundles.BUNDLE_ADMIN_ROLES), req.params.id, req.body) }),
  )

  app.post(
    '/joint/bundles/:id/status',
    { schema: { tags, summary: '暂停或恢复一件事（中心管理员）', params: S.IdParams, body: S.StatusBody, response: { 200: S.BundleResponse, ...S.E } } },
    async (req) => ({ bundle: await bundles.setBundleStatus(deps, req.ctx, requireRole(req, bundles.BUNDLE_ADMIN_ROLES), req.params.id, req.body.status) }),
  )

  // ---------------------------------------------------------------- schemes
  app.get(
    '/joint/schemes',
    { schema: { tags, summary: '工程建设项目审批方案（阶段、牵头部门、时限）', response: { 200: S.SchemeListResponse, ...S.E } } },
    async (req) => {
      requireStaff(req)
      return { items: await schemes.listSchemes(deps) }
    },
  )

  app.post(
    '/joint/schemes',
    { schema: { tags, summary: '新建审批方案（中心管理员）', body: S.SchemeBody, response: { 201: S.SchemeResponse, ...S.E } } },
    async (req, reply) => {
      const actor = requireRole(req, schemes.SCHEME_ADMIN_ROLES)
      return reply.status(201).send({ scheme: await schemes.createScheme(deps, req.ctx, actor, req.body) })
    },
  )

  app.put(
    '/joint/schemes/:id',
    { schema: { tags, summary: '修改审批方案（已有项目使用时阶段不可再改）', params: S.IdParams, body: S.SchemeBody, response: { 200: S.SchemeResponse, ...S.E } } },
    async (req) => ({ scheme: await schemes.updateScheme(deps, req.ctx, requireRole(req, schemes.SCHEME_ADMIN_ROLES), req.params.id, req.body) }),
  )

  app.post(
    '/joint/schemes/:id/default',
    { schema: { tags, summary: '设为本地区默认审批方案', params: S.IdParams, response: { 200: S.SchemeResponse, ...S.E } } },
    async (req) => ({ scheme: await schemes.setDefaultScheme(deps, req.ctx, requireRole(req, schemes.SCHEME_ADMIN_ROLES), req.params.id) }),
  )

  // ---------------------------------------------------------------- projects (一号制)
  app.post(
    '/joint/projects',
    { schema: { tags, summary: '项目赋码（企业自行申报、窗口代为登记，或持授权的代办员）', body: S.ProjectBody, response: { 201: S.ProjectResponse, ...S.E } } },
    async (req, reply) => {
      const actor = requireActor(req)
      return reply.status(201).send({ project: await projects.createProject(deps, req.ctx, actor, req.body) })
    },
  )

  app.get(
    '/joint/projects',
    { schema: { tags, summary: '项目清单（绿色通道优先）', querystring: S.ProjectListQuery, response: { 200: S.ProjectListResponse, ...S.E } } },
    async (req) => projects.listProjects(deps, requireActor(req), req.query),
  )

  app.get(
    '/joint/projects/by-code/:code',
    { schema: { tags, summary: '按项目代码查询项目', params: S.CodeParams, response: { 200: S.ProjectResponse, ...S.E } } },
    async (req) => ({ project: await projects.projectByCode(deps, requireActor(req), req.params.code) }),
  )

  app.get(
    '/joint/projects/:id',
    { schema: { tags, summary: '项目详情（各阶段进度、已用与预计工作日）', params: S.IdParams, response: { 200: S.ProjectResponse, ...S.E } } },
    async (req) => ({ project: await projects.projectDetail(deps, requireActor(req), req.params.id) }),
  )

  app.put(
    '/joint/projects/:id/green-channel',
    { schema: { tags, summary: '开启或关闭绿色通道（开启须写明理由；在办的并联申请及其子件一并标记）', params: S.IdParams, body: S.GreenBody, response: { 200: S.ProjectResponse, ...S.E } } },
    async (req) =>
      ({ project: await projects.setGreenChannel(deps, req.ctx, requireRole(req, projects.PROJECT_ADMIN_ROLES), req.params.id, req.body.on, req.body.reason) }),
  )

  app.put(
    '/joint/projects/:id/manager',
    { schema: { tags, summary: '指定项目经理（一人一办到底）', params: S.IdParams, body: S.ManagerBody, response: { 200: S.ProjectResponse, ...S.E } } },
    async (req) => ({ project: await projects.setManager(deps, req.ctx, requireRole(req, projects.PROJECT_ADMIN_ROLES), req.params.id, req.body.userId) }),
  )

  // ---------------------------------------------------------------- agents (帮办/代办)
  app.get(
    '/joint/authorisations',
    { schema: { tags, summary: '帮办代办授权（代办员：本人的；申请人：本人授出的；管理员：辖区内的）', response: { 200: S.AuthorisationListResponse, ...S.E } } },
    async (req) => ({ items: await agents.listAuthorisations(deps, requireActor(req)) }),
  )

  app.post(
    '/joint/authorisations',
    {
      schema: {
        tags,
        summary: '授权帮办代办：申请人网上授权（JSON），或窗口登记书面授权委托书（multipart：字段 + principalUserId + 文件 letter）',
        consumes: ['application/json', 'multipart/form-data'],
        body: { content: { 'application/json': { schema: S.GrantBody } } } as never,
        response: { 201: S.AuthorisationResponse, ...S.E, 413: S.ErrorSchema, 415: S.ErrorSchema },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req)
      if (req.isMultipart()) {
        requireRole(req, agents.RECORDING_ROLES)
        const { fields, letter } = await readLetter(req, deps.config.fileMaxMb)
        return reply.status(201).send({ authorisation: await agents.recordLetter(deps, req.ctx, fields, letter) })
      }
      if (actor.kind !== 'applicant') throw JointErrors.FORBIDDEN('工作人员登记授权须上传书面授权委托书（multipart，文件 letter）')
      const body = req.body as GrantFields | undefined
      if (!body || typeof body !== 'object') throw JointErrors.VALIDATION_ERROR('请求内容无效')
      return reply.status(201).send({ authorisation: await agents.grantOnline(deps, req.ctx, actor, body) })
    },
  )

  app.post(
    '/joint/authorisations/:id/revoke',
    { schema: { tags, summary: '撤销授权（委托人或中心管理员，须写明原因）', params: S.IdParams, body: S.RevokeBody, response: { 200: S.AuthorisationResponse, ...S.E } } },
    async (req) => ({ authorisation: await agents.revoke(deps, req.ctx, requireActor(req), req.params.id, req.body.reason) }),
  )

  app.get(
    '/joint/agents',
    { schema: { tags, summary: '帮办代办员名单（供申请人选择）', response: { 200: S.AgentListResponse, ...S.E } } },
    async (req) => {
      requireActor(req)
      return { items: await agents.listAgents(deps.db) }
    },
  )
}
