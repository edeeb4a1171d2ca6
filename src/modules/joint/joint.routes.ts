import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import multipart from '@fastify/multipart'
import { Type } from 'typebox'
import { requireActor } from '../../server/guards.js'
import { CommonErrors } from '../../server/errors.js'
import { uploadLimits } from '../files/index.js'
import type { IssuedDocument } from '../documents/index.js'
import { JointErrors } from './joint.errors.js'
import * as svc from './joint.service.js'
import * as S from './joint.schemas.js'

const tags = ['joint']
const E = { 400: S.ErrorSchema, 401: S.ErrorSchema, 403: S.ErrorSchema, 404: S.ErrorSchema, 409: S.ErrorSchema }

function docDto(d: IssuedDocument) {
  return { id: d.id, kind: d.kind, title: d.title, issuedAt: d.issuedAt, verificationCode: d.verificationCode, verificationUrl: d.verificationUrl }
}

/** Reads `materialKey` and `file` from a multipart upload. */
async function readUpload(req: FastifyRequest, maxMb: number): Promise<{ materialKey: string; data: Buffer; originalName: string }> {
  if (!req.isMultipart()) throw JointErrors.VALIDATION_ERROR('请以 multipart/form-data 上传（字段 materialKey 和 file）')
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
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw CommonErrors.VALIDATION_ERROR(`文件超过 ${maxMb} MB`)
    throw JointErrors.VALIDATION_ERROR('上传内容无法读取')
  }
  if (!materialKey) throw JointErrors.VALIDATION_ERROR('请指明材料（字段 materialKey）')
  if (!data) throw JointErrors.VALIDATION_ERROR('请选择文件（字段 file）')
  return { materialKey, data, originalName: originalName || 'file' }
}

/** Joint cases, department tasks, corrections, meetings, central reply, delivery. */
export const jointRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = app.deps
  await app.register(multipart, { limits: uploadLimits(deps.config) })
  const detail = (req: FastifyRequest, id: number) => svc.jointCaseDetail(deps, req.actor, id)
  const withDoc = async (req: FastifyRequest, id: number, doc: IssuedDocument) => ({ case: await detail(req, id), document: docDto(doc) })

  // ---------------------------------------------------------------- applications
  app.post(
    '/joint/cases',
    { schema: { tags, summary: '申请人或帮办代办员创建联办件草稿（一件事或项目阶段）', body: S.CreateBody, response: { 201: S.CaseResponse, ...E } } },
    async (req, reply) => {
      requireActor(req)
      const id = await svc.createJointCase(deps, req.ctx, req.body)
      return reply.status(201).send({ case: await detail(req, id) })
    },
  )

  app.post(
    '/joint/window-cases',
    { schema: { tags, summary: '综合窗口代为填报联办件', body: S.WindowBody, response: { 201: S.CaseResponse, ...E } } },
    async (req, reply) => {
      requireActor(req)
      const id = await svc.fileAtWindow(deps, req.ctx, req.body)
      return reply.status(201).send({ case: await detail(req, id) })
    },
  )

  app.put(
    '/joint/cases/:id/form',
    { schema: { tags, summary: '填写联办件申请表（一表申请）', params: S.IdParams, body: S.FormBody, response: { 200: S.CaseResponse, ...E } } },
    async (req) => {
      requireActor(req)
      await svc.saveForm(deps, req.ctx, req.params.id, req.body.form)
      return { case: await detail(req, req.params.id) }
    },
  )

  app.post(
    '/joint/cases/:id/materials',
    {
      schema: {
        tags,
        summary: '上传联办件材料（一套材料，multipart：materialKey + file）',
        consumes: ['multipart/form-data'],
        params: S.IdParams,
        response: { 201: S.MaterialResponse, ...E, 413: S.ErrorSchema, 415: S.ErrorSchema },
      },
    },
    async (req, reply) => {
      requireActor(req)
      const u = await readUpload(req, deps.config.fileMaxMb)
      const material = await svc.uploadMaterial(deps, req.ctx, req.params.id, u.materialKey, { data: u.data, originalName: u.originalName })
      return reply.status(201).send({ material })
    },
  )

  app.delete(
    '/joint/cases/:id/materials/:materialId',
    { schema: { tags, summary: '删除联办件材料', params: S.MaterialParams, response: { 204: Type.Null(), ...E } } },
    async (req, reply) => {
      requireActor(req)
      await svc.deleteMaterial(deps, req.ctx, req.params.id, req.params.materialId)
      return reply.status(204).send(null)
    },
  )

  app.post(
    '/joint/cases/:id/submit',
    { schema: { tags, summary: '提交联办件（统一收件）', params: S.IdParams, response: { 200: S.CaseDocResponse, ...E } } },
    async (req) => {
      requireActor(req)
      return withDoc(req, req.params.id, await svc.submit(deps, req.ctx, req.params.id))
    },
  )

  app.post(
    '/joint/cases/:id/supply',
    { schema: { tags, summary: '提交补正材料', params: S.IdParams, body: S.SupplyBody, response: { 200: S.CaseResponse, ...E } } },
    async (req) => {
      requireActor(req)
      await svc.supply(deps, req.ctx, req.params.id, req.body.note?.trim() || null)
      return { case: await detail(req, req.params.id) }
    },
  )

  app.post(
    '/joint/cases/:id/withdraw',
    { schema: { tags, summary: '撤回联办件', params: S.IdParams, body: S.WithdrawBody, response: { 200: S.CaseResponse, ...E } } },
    async (req) => {
      requireActor(req)
      await svc.withdraw(deps, req.ctx, req.params.id, req.body.reason?.trim() || null)
      return { case: await detail(req, req.params.id) }
    },
  )

  // ---------------------------------------------------------------- reads
  app.get(
    '/joint/cases',
    { schema: { tags, summary: '联办件列表（绿色通道优先）', querystring: S.CaseListQuery, response: { 200: S.CaseListResponse, ...E } } },
    async (req) => svc.listCases(deps, requireActor(req), req.query),
  )

  app.get(
    '/joint/cases/:id',
    { schema: { tags, summary: '联办件详情', params: S.IdParams, response: { 200: S.CaseResponse, ...E } } },
    async (req) => {
      requireActor(req)
      return { case: await detail(req, req.params.id) }
    },
  )

  app.get(
    '/joint/cases/:id/prediction',
    { schema: { tags, summary: '预计办结时间（关键路径）', params: S.IdParams, response: { 200: S.PredictionSchema, ...E } } },
    async (req) => svc.prediction(deps, requireActor(req), req.params.id),
  )

  app.get(
    '/joint/cases/:id/documents/:docId',
    { schema: { tags, summary: '下载联办件或其子件的文书（PDF）', params: S.DocParams, response: { 200: S.Binary, ...E } } },
    async (req, reply) => {
      const pdf = await svc.documentOf(deps, requireActor(req), req.params.id, req.params.docId)
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(`${pdf.document.title}.pdf`)}`)
        .send(pdf.data)
    },
  )

  // ---------------------------------------------------------------- window and lead department
  app.post(
    '/joint/cases/:id/correction-notice',
    { schema: { tags, summary: '合并各部门预审意见，一次性告知补正', params: S.IdParams, response: { 200: S.CaseDocResponse, ...E } } },
    async (req) => {
      requireActor(req)
      return withDoc(req, req.params.id, await svc.sendCorrectionNotice(deps, req.ctx, req.params.id))
    },
  )

  app.post(
    '/joint/cases/:id/accept',
    { schema: { tags, summary: '统一受理（拆分为各部门子件并行审批）', params: S.IdParams, response: { 200: S.CaseDocResponse, ...E } } },
    async (req) => {
      requireActor(req)
      return withDoc(req, req.params.id, await svc.accept(deps, req.ctx, req.params.id))
    },
  )

  app.post(
    '/joint/cases/:id/refuse',
    { schema: { tags, summary: '不予受理', params: S.IdParams, body: S.RefuseBody, response: { 200: S.CaseDocResponse, ...E } } },
    async (req) => {
      requireActor(req)
      return withDoc(req, req.params.id, await svc.refuse(deps, req.ctx, req.params.id, req.body.reasons))
    },
  )

  app.post(
    '/joint/cases/:id/meetings',
    { schema: { tags, summary: '组织联席会议 / 联合踏勘 / 联合审图 / 联合验收', params: S.IdParams, body: S.MeetingBody, response: { 201: S.MeetingResponse, ...E } } },
    async (req, reply) => {
      requireActor(req)
      const meetingId = await svc.scheduleMeeting(deps, req.ctx, req.params.id, req.body)
      const meeting = (await detail(req, req.params.id)).meetings.find((m) => m.id === meetingId)!
      return reply.status(201).send({ meeting })
    },
  )

  app.post(
    '/joint/meetings/:id/attendance',
    { schema: { tags, summary: '记录会议出席情况（无正当理由缺席视为同意）', params: S.IdParams, body: S.AttendanceBody, response: { 200: S.CaseResponse, ...E } } },
    async (req) => {
      requireActor(req)
      const caseId = await svc.recordAttendance(deps, req.ctx, req.params.id, req.body)
      return { case: await detail(req, caseId) }
    },
  )

  app.post(
    '/joint/cases/:id/reply',
    { schema: { tags, summary: '集中回复各部门意见', params: S.IdParams, response: { 200: S.CaseDocResponse, ...E } } },
    async (req) => {
      requireActor(req)
      return withDoc(req, req.params.id, await svc.centralReply(deps, req.ctx, req.params.id))
    },
  )

  app.post(
    '/joint/cases/:id/deliver',
    { schema: { tags, summary: '全部结果统一送达', params: S.IdParams, body: S.DeliverBody, response: { 200: S.CaseResponse, ...E } } },
    async (req) => {
      requireActor(req)
      await svc.deliver(deps, req.ctx, req.params.id, req.body)
      return { case: await detail(req, req.params.id) }
    },
  )

  // ---------------------------------------------------------------- departments
  app.get(
    '/joint/tasks',
    { schema: { tags, summary: '部门的并联审批任务（绿色通道优先，再按期限）', querystring: S.TaskListQuery, response: { 200: S.TaskListResponse, ...E } } },
    async (req) => svc.listTasks(deps, requireActor(req), req.query),
  )

  app.post(
    '/joint/tasks/:id/precheck',
    { schema: { tags, summary: '部门预审（通过，或列明补正问题）', params: S.IdParams, body: S.PrecheckBody, response: { 200: S.CaseResponse, ...E } } },
    async (req) => {
      requireActor(req)
      const caseId = await svc.precheck(deps, req.ctx, req.params.id, req.body)
      return { case: await detail(req, caseId) }
    },
  )

  app.post(
    '/joint/tasks/:id/reply',
    { schema: { tags, summary: '部门答复：同意 / 不同意 / 同意但需转报', params: S.IdParams, body: S.ReplyBody, response: { 200: S.CaseResponse, ...E } } },
    async (req) => {
      requireActor(req)
      const caseId = await svc.replyTask(deps, req.ctx, req.params.id, req.body)
      return { case: await detail(req, caseId) }
    },
  )

  app.post(
    '/joint/tasks/:id/issue',
    { schema: { tags, summary: '部门出具审批文件', params: S.IdParams, response: { 200: S.CaseResponse, ...E } } },
    async (req) => {
      requireActor(req)
      const caseId = await svc.issueTask(deps, req.ctx, req.params.id)
      return { case: await detail(req, caseId) }
    },
  )
}
