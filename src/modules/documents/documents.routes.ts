import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import * as service from './documents.service.js'
import { KIND_NAMES, maskName } from './documents.numbering.js'
import { ErrorSchema, VerifyParams, VerifyResponse } from './documents.schemas.js'

const tags = ['documents']

export const documentsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = app.deps

  app.get(
    '/verify/:code',
    {
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: '文书核验：凭二维码或核验码查验文书真伪（无需登录；文书的 PDF 尚未生成时先生成）',
        params: VerifyParams,
        response: { 200: VerifyResponse, 400: ErrorSchema, 404: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (req) => {
      const d = await service.verify(deps, req.params.code)
      return {
        valid: true as const,
        document: {
          kind: d.kind,
          kindName: KIND_NAMES[d.kind],
          title: d.title,
          docNumber: d.docNumber,
          caseNumber: d.caseNumber,
          unitName: d.unitName,
          applicantName: maskName(d.applicantName),
          issuedAt: d.issuedAt,
          // verify() renders a pending document first, so its file's hash is always there
          sha256: d.sha256 ?? '',
          contentSha256: d.contentSha256,
        },
      }
    },
  )
}
