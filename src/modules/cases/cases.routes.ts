import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import multipart from '@fastify/multipart'
import { Type } from 'typebox'
import { requireActor, requireStaff } from '../../server/guards.js'
import { CommonErrors } from '../../server/errors.js'
import type { Actor } from '../../server/context.js'
import { readFile, uploadLimits } from '../files/index.js'
import { documentPdf, type IssuedDocument } from '../documents/index.js'
import { CasesErrors } from './cases.errors.js'
import * as svc from './cases.service.js'
import * as S from './cases.schemas.js'

const tags = ['cases']
const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' })
const E = { 400: S.ErrorSchema, 401: S.ErrorSchema, 403: S.ErrorSchema, 404: S.ErrorSchema, 409: S.ErrorSchema }

function docDto(d: IssuedDocument) {
  return { id: d.id, kind: d.kind, title: d.title, issuedAt: d.issuedAt, verificationCode: d.verificationCode, verificationUrl: d.verificationUrl }
}

function requireApplicant(req: FastifyRequest): Actor {
  const a = requireActor(req)
  if (a.kind !== 'applicant') throw CommonErrors.FORBIDDEN('仅限申请人使用')
  return a
}

export const casesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = app.deps
  await app.register(multipart, { limits: uploadLimits(deps.config) })
  const detail = (req: FastifyRequest, id: number) => svc.caseDetail(deps, req.actor, id)

  // ---------------------------------------------------------------- applicant
  app.post(
    '/cases',
    { schema: { tags, summary: '申请人创建网上申请草稿', body: S.CreateBody, response: { 201: S.CaseResponse, ...E } } },
    async (req, reply) => {
      requireApplicant(req)
      const id = await svc.createDraft(deps, req.ctx, req.body.itemId)
      return reply.status(201).send({ case: await detail(req, id) })
    },
  )

  app.get(
    '/cases/mine',
    { schema: { tags, summary: '我的办件', querystring: S.MineQuery, response: { 200: S.CaseListResponse, ...E } } },
    async (req) => {
      const a = requireApplicant(req)
      return svc.listMine(deps, a, { status: req.query.status, page: req.query.page ?? 1, pageSize: req.query.pageSize ?? 20 })
    },
  )

  app.get(
    '/ecertificates/mine',
    { schema: { tags, summary: '我的电子证照', response: { 200: S.ECertListResponse, ...E } } },
    async (req) => svc.myECertificates(deps, requireApplicant(req)),
  )

  app.put(
    '/cases/:id/form',
    { schema: { tags, summary: '填写申请表', params: S.IdParams, body: S.FormBody, response: { 200: S.CaseResponse, ...E } } },
    async (req) => {
      requireActor(req)
      await svc.saveForm(deps, req.ctx, req.params.id, req.body)
      return { case: await detail(req, req.params.id) }
    },
  )

  app.post(
    '/cases/:id/materials',
    {
      schema: {
        tags,
        summary: '上传申请材料（multipart：materialKey + file）',
        consumes: ['multipart/form-data'],
        params: S.IdParams,
        response: { 201: S.MaterialResponse, ...E, 413: S.ErrorSchema, 415: S.ErrorSchema },
      },
    },
    async (req, reply) => {
      requireActor(req)
      if (!req.isMultipart()) throw CasesErrors.VALIDATION_ERROR('请以 multipart/form-data 上传（字段 materialKey 和 file）')
      let materialKey: string | null = null
      let data: Buffer | null = null
      let originalName = ''
      try {
        for await (const part of req.parts()) {
          if (part.type === 'file') {
            data = await part.toBuffer()
            originalName = part.filename
          } else if (part.fieldname === 'materialKey') materialKey = String(part.value)
        }
      } catch (e) {
        const code = (e as { code?: string }).code
        if (code === 'FST_REQ_FILE_TOO_LARGE') throw CommonErrors.VALIDATION_ERROR(`文件超过 ${deps.config.fileMaxMb} MB`)
        throw CasesErrors.VALIDATION_ERROR('上传内容无法读取')
      }
      if (!materialKey) throw CasesErrors.VALIDATION_ERROR('请指明材料（字段 materialKey）')
      if (!data) throw CasesErrors.VALIDATION_ERROR('请选择文件（字段 file）')
      const material = await svc.uploadMaterial(deps, req.ctx, req.params.id, materialKey, { data, originalName: originalName || 'file' })
      return reply.status(201).send({ material })
    },
  )

  app.post(
    '/cases/:id/materials/reuse',
    { schema: { tags, summary: '复用已提交的材料或电子证照（不再重复提交）', params: S.IdParams, body: S.ReuseBody, response: { 201: S.MaterialResponse, ...E } } },
    async (req, reply) => {
      requireActor(req)
      const material = await svc.reuseMaterial(deps, req.ctx, req.params.id, req.body)
      return reply.status(201).send({ material })
    },
  )

  app.get(
    '/cases/:id/materials/reusable',
    { schema: { tags, summary: '可复用的历史材料', params: S.IdParams, response: { 200: S.ReusableResponse, ...E } } },
    async (req) => svc.reusableMaterials(deps, requireActor(req), req.params.id),
  )

  app.delete(
    '/cases/:id/materials/:materialId',
    { schema: { tags, summary: '删除材料', params: S.MaterialParams, response: { 200: S.OkResponse, ...E } } },
    async (req) => {
      requireActor(req)
      await svc.deleteMaterial(deps, req.ctx, req.params.id, req.params.materialId)
      return { ok: true as const }
    },
  )

  app.post(
    '/cases/:id/submit',
    { schema: { tags, summary: '提交申请（网上）', params: S.IdParams, response: { 200: S.CaseResponse, ...E } } },
    async (req) => {
      requireApplicant(req)
      await svc.submit(deps, req.ctx, req.params.id)
      return { case: await detail(req, req.params.id) }
    },
  )

  app.post(
    '/cases/:id/correction',
    { schema: { tags, summary: '提交补正（或补齐容缺材料）', params: S.IdParams, body: Type.Optional(S.NoteBody), response: { 200: S.CaseResponse, ...E } } },
    async (req) => {
      requireActor(req)
      await svc.supplyCorrection(deps, req.ctx, req.params.id, req.body?.note?.trim() || null)
      return { case: await detail(req, req.params.id) }
    },
  )

  app.post(
    '/cases/:id/withdraw',
    { schema: { tags, summary: '撤回申请', params: S.IdParams, body: Type.Optional(S.WithdrawBody), response: { 200: S.CaseResponse, ...E } } },
    async (req) => {
      requireActor(req)
      await svc.withdraw(deps, req.ctx, req.params.id, req.body?.reason?.trim() || null)
      return { case: await detail(req, req.params.id) }
    },
  )

  // ---------------------------------------------------------------- staff
  app.post(
    '/cases/window',
    { schema: { tags, summary: '窗口代为申请并收件（未注册的申请人当场注册）', body: S.WindowBody, response: { 201: S.CaseResponse, ...E } } },
    async (req, reply) => {
      requireStaff(req)
      const id = await svc.fileAtWindow(deps, req.ctx, req.body)
      return reply.status(201).send({ case: await detail(req, id) })
    },
  )

  app.get(
    '/cases',
    { schema: { tags, summary: '办件查询（数据范围内；queue=prereview|intake|mine 为待办）', querystring: S.StaffQuery, response: { 200: S.CaseListResponse, ...E } } },
    async (req) => {
      const a = requireStaff(req)
      return svc.listForStaff(deps, a, { ...req.query, page: req.query.page ?? 1, pageSize: req.query.pageSize ?? 20 })
    },
  )

  app.post(
    '/cases/:id/prereview',
    { schema: { tags, summary: '网上申请预审：通过收件或一次性告知退回', params: S.IdParams, body: S.PrereviewBody, response: { 200: S.CaseDocResponse, ...E } } },
    async (req) => {
      requireStaff(req)
      const doc = await svc.prereview(deps, req.ctx, req.params.id, req.body)
      return { case: await detail(req, req.params.id), document: docDto(doc) }
    },
  )

  app.post(
    '/cases/:id/intake',
    { schema: { tags, summary: '受理决定：受理、不予受理、一次性告知补正、容缺受理、告知承诺', params: S.IdParams, body: S.IntakeBody, response: { 200: S.CaseDocResponse, ...E } } },
    async (req) => {
      requireStaff(req)
      const doc = await svc.intake(deps, req.ctx, req.params.id, req.body)
      return { case: await detail(req, req.params.id), document: docDto(doc) }
    },
  )

  app.post(
    '/cases/:id/steps/:stepId/complete',
    { schema: { tags, summary: '完成办理环节（签署意见，或退回上一环节）', params: S.StepParams, body: S.StepBody, response: { 200: S.CaseResponse, ...E } } },
    async (req) => {
      requireStaff(req)
      await svc.completeStep(deps, req.ctx, req.params.id, req.params.stepId, req.body)
      return { case: await detail(req, req.params.id) }
    },
  )

  app.post(
    '/cases/:id/pauses',
    { schema: { tags, summary: '启动特别程序（暂停计时）', params: S.IdParams, body: S.PauseBody, response: { 200: S.CaseDocResponse, ...E } } },
    async (req) => {
      requireStaff(req)
      const doc = await svc.pause(deps, req.ctx, req.params.id, req.body)
      return { case: await detail(req, req.params.id), document: docDto(doc) }
    },
  )

  app.post(
    '/cases/:id/pauses/:pauseId/resume',
    { schema: { tags, summary: '结束特别程序，恢复计时', params: S.PauseParams, response: { 200: S.CaseResponse, ...E } } },
    async (req) => {
      requireStaff(req)
      await svc.resume(deps, req.ctx, req.params.id, req.params.pauseId)
      return { case: await detail(req, req.params.id) }
    },
  )

  app.post(
    '/cases/:id/extensions',
    { schema: { tags, summary: '延长办理期限（经负责人批准，限一次）', params: S.IdParams, body: S.ExtensionBody, response: { 200: S.CaseDocResponse, ...E } } },
    async (req) => {
      requireStaff(req)
      const doc = await svc.extend(deps, req.ctx, req.params.id, req.body)
      return { case: await detail(req, req.params.id), document: docDto(doc) }
    },
  )

  app.post(
    '/cases/:id/decision',
    { schema: { tags, summary: '作出准予或不予许可决定', params: S.IdParams, body: S.DecisionBody, response: { 200: S.CaseDocResponse, ...E } } },
    async (req) => {
      requireStaff(req)
      const doc = await svc.decide(deps, req.ctx, req.params.id, req.body)
      return { case: await detail(req, req.params.id), document: docDto(doc) }
    },
  )

  app.post(
    '/cases/:id/complete',
    { schema: { tags, summary: '办结（出具结果并记入电子证照；费用未缴清不能办结）', params: S.IdParams, response: { 200: S.CaseResponse, ...E } } },
    async (req) => {
      requireStaff(req)
      await svc.complete(deps, req.ctx, req.params.id)
      return { case: await detail(req, req.params.id) }
    },
  )

  app.post(
    '/cases/:id/delivery',
    { schema: { tags, summary: '送达结果：窗口领取（选地取件）、邮寄或网上下载', params: S.IdParams, body: S.DeliveryBody, response: { 200: S.CaseResponse, ...E } } },
    async (req) => {
      requireActor(req)
      await svc.deliver(deps, req.ctx, req.params.id, req.body)
      return { case: await detail(req, req.params.id) }
    },
  )

  // ---------------------------------------------------------------- both
  app.get(
    '/cases/:id',
    { schema: { tags, summary: '办件详情', params: S.IdParams, response: { 200: S.CaseResponse, ...E } } },
    async (req) => {
      requireActor(req)
      return { case: await detail(req, req.params.id) }
    },
  )

  app.get(
    '/cases/:id/timeline',
    { schema: { tags, summary: '办件时间线（来自审计记录）', params: S.IdParams, response: { 200: S.TimelineResponse, ...E } } },
    async (req) => svc.timeline(deps, requireActor(req), req.params.id),
  )

  app.get(
    '/cases/:id/clock/explain',
    { schema: { tags, summary: '办理期限逐日说明', params: S.IdParams, response: { 200: S.ExplainResponse, ...E } } },
    async (req) => svc.clockExplain(deps, requireActor(req), req.params.id),
  )

  app.get(
    '/cases/:id/documents/:docId.pdf',
    { schema: { tags, summary: '下载办件文书 PDF', params: S.DocParams, response: { 200: Binary, 404: S.ErrorSchema, 401: S.ErrorSchema } } },
    async (req, reply) => {
      const docId = await svc.documentOfCase(deps, requireActor(req), req.params.id, req.params.docId)
      const pdf = await documentPdf(deps, docId)
      if (!pdf) throw CasesErrors.NOT_FOUND('文书不存在')
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(pdf.document.title)}.pdf`)
        .send(pdf.data)
    },
  )

  app.get(
    '/cases/:id/materials/:materialId/file',
    { schema: { tags, summary: '查看材料文件', params: S.MaterialParams, response: { 200: Binary, 404: S.ErrorSchema, 401: S.ErrorSchema } } },
    async (req, reply) => {
      const fileId = await svc.materialFile(deps, requireActor(req), req.params.id, req.params.materialId)
      const f = await readFile(deps, fileId)
      if (!f) throw CasesErrors.NOT_FOUND('材料文件不存在')
      return reply
        .header('content-type', f.file.mime)
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.file.originalName)}`)
        .header('x-content-type-options', 'nosniff')
        .send(f.data)
    },
  )

  // ---------------------------------------------------------------- public
  app.get(
    '/progress',
    {
      config: { rateLimit: { max: deps.config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
      schema: { tags, summary: '办件进度查询（办件编号 + 证件号码或手机号）', querystring: S.ProgressQuery, response: { 200: S.ProgressResponse, 400: S.ErrorSchema, 404: S.ErrorSchema, 429: S.ErrorSchema } },
    },
    async (req) => svc.progress(deps, req.query),
  )
}
