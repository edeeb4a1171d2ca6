import querystring from 'node:querystring'
import { Type } from 'typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { requireActor } from '../../server/guards.js'
import { notFound } from '../../server/errors.js'
import * as repo from './fees.repository.js'
import * as service from './fees.service.js'
import { checkoutHtml } from './fees.checkout.js'
import { FeesErrors } from './fees.errors.js'
import { accessToCase, mayPayOnline, mayReadOrder, mayTakePayment } from './fees.policy.js'
import { EXEMPTIONS, quoteFees } from './fees.quote.js'
import {
  CheckoutQuery,
  ErrorSchema,
  ExemptionsResponse,
  IdParams,
  MaybeOrderResponse,
  NotifyBody,
  NotifyResponse,
  OrderResponse,
  PayBody,
  PayResponse,
  QuoteQuery,
  QuoteResponse,
  WindowPaymentBody,
} from './fees.schemas.js'

const tags = ['fees']

function parseQuantities(raw: string | undefined): Record<string, number> {
  if (raw === undefined || raw.trim() === '') return {}
  let v: unknown
  try {
    v = JSON.parse(raw)
  } catch {
    throw FeesErrors.INVALID_QUANTITY('数量格式不正确，应为 JSON：{"收费项目": 数量}')
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v) || !Object.values(v).every((n) => typeof n === 'number')) {
    throw FeesErrors.INVALID_QUANTITY('数量格式不正确，应为 JSON：{"收费项目": 数量}')
  }
  return v as Record<string, number>
}

const scopedOrder = (o: NonNullable<Awaited<ReturnType<typeof repo.orderById>>>) => ({
  caseId: Number(o.case_id),
  unit: { path: o.unit_path, region_code: o.unit_region_code },
})

export const feesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = app.deps

  // The simulated checkout page posts a plain HTML form (urlencoded); only this plugin accepts it.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 8192 }, (_req, body, done) => {
    done(null, { ...querystring.parse(String(body)) })
  })

  app.get(
    '/fees/exemptions',
    { schema: { tags, summary: '减免政策列表', response: { 200: ExemptionsResponse } } },
    async () => ({ items: Object.entries(EXEMPTIONS).map(([key, name]) => ({ key, name })) }),
  )

  app.get(
    '/fees/quote',
    {
      schema: {
        tags,
        summary: '按事项收费标准试算费用（含减免）',
        querystring: QuoteQuery,
        response: { 200: QuoteResponse, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req) => {
      const quantities = parseQuantities(req.query.quantities)
      const exemptions = (req.query.exemptions ?? '').split(',').map((s) => s.trim()).filter(Boolean)
      const { currentItemVersion } = await import('../catalog/index.js')
      const version = await currentItemVersion(deps.db, req.query.itemId)
      if (!version) throw notFound('事项')
      return { quote: quoteFees(version.guide.fees ?? [], { quantities, exemptions }) }
    },
  )

  app.get(
    '/cases/:id/fees',
    {
      schema: {
        tags,
        summary: '办件的缴费单',
        params: IdParams,
        response: { 200: MaybeOrderResponse, 401: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req) => {
      const actor = requireActor(req)
      if (!(await accessToCase(deps, actor, req.params.id))) throw notFound('办件')
      return { order: await service.feeOrderOfCase(deps.db, req.params.id) }
    },
  )

  app.get(
    '/fees/orders/:id',
    {
      schema: { tags, summary: '缴费单详情', params: IdParams, response: { 200: OrderResponse, 401: ErrorSchema, 404: ErrorSchema } },
    },
    async (req) => {
      const actor = requireActor(req)
      const o = await repo.orderById(deps.db, req.params.id)
      if (!o || !(await mayReadOrder(deps, actor, scopedOrder(o)))) throw notFound('缴费单')
      return { order: (await service.orderDto(deps.db, req.params.id))! }
    },
  )

  app.post(
    '/fees/orders/:id/payments',
    {
      schema: {
        tags,
        summary: '窗口收费登记（现金、银行转账、刷卡；金额须与应缴金额一致）',
        params: IdParams,
        body: WindowPaymentBody,
        response: { 200: OrderResponse, 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (req) => {
      const actor = requireActor(req)
      const o = await repo.orderById(deps.db, req.params.id)
      if (!o || !(await mayTakePayment(deps, actor, scopedOrder(o)))) throw notFound('缴费单')
      return { order: await service.recordWindowPayment(deps, req.ctx, actor, req.params.id, req.body) }
    },
  )

  app.post(
    '/fees/orders/:id/pay',
    {
      schema: {
        tags,
        summary: '申请人网上缴费：返回支付平台的支付页面地址',
        params: IdParams,
        body: PayBody,
        response: { 200: PayResponse, 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (req) => {
      const actor = requireActor(req)
      const o = await repo.orderById(deps.db, req.params.id)
      if (!o || !(await mayPayOnline(deps, actor, Number(o.case_id)))) throw notFound('缴费单')
      return service.startOnlinePayment(deps, req.params.id, req.body.provider)
    },
  )

  app.get(
    '/fees/simulated/checkout',
    {
      schema: {
        tags,
        summary: '模拟支付平台的支付页面（演示用）',
        querystring: CheckoutQuery,
        produces: ['text/html'],
        response: { 200: Type.String({ description: 'HTML 支付页面' }), 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req, reply) => {
      const { order: o, sim } = await service.checkoutOrder(deps, req.query.order, req.query.sig)
      const n = { orderId: Number(o.id), amountCents: Number(o.payable_cents), providerRef: sim.newReference() }
      const html = checkoutHtml({
        orderId: n.orderId,
        orderNumber: o.number,
        caseNumber: o.case_number,
        payerName: o.payer_name,
        amountCents: n.amountCents,
        status: o.status,
        providerRef: n.providerRef,
        sig: sim.notificationSig(n),
      })
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html)
    },
  )

  app.post(
    '/fees/simulated/notify',
    {
      schema: {
        tags,
        summary: '模拟支付平台的支付结果通知（HMAC-SHA256 签名；重复通知幂等）',
        body: NotifyBody,
        response: { 200: NotifyResponse, 400: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (req, reply) => {
      const r = await service.handleNotification(deps, req.ctx, 'simulated', req.body)
      // the checkout page's form: back to the applicant's case page; the JSON callback: an answer
      if (String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
        return reply.redirect(`/my/cases/${r.order.caseId}?paid=1`, 303)
      }
      return { ok: true as const, repeated: r.repeated, order: r.order }
    },
  )
}
