import { Type } from 'typebox'

export const ErrorSchema = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) })

const Id = Type.Integer({ minimum: 1, maximum: 2147483647 })
const Cents = Type.Integer({ minimum: 0, description: '金额（分）' })
const NullableString = Type.Union([Type.String(), Type.Null()])

export const IdParams = Type.Object({ id: Id })

export const FeeLineSchema = Type.Object({
  ruleKey: Type.String(),
  name: Type.String(),
  basis: Type.String({ description: '收费依据' }),
  quantity: Type.Integer(),
  amountCents: Cents,
  exemptCents: Cents,
  exemption: Type.Union([Type.String(), Type.Null()], { description: '适用的减免政策' }),
})

export const FeeQuoteSchema = Type.Object({
  lines: Type.Array(FeeLineSchema),
  totalCents: Cents,
  exemptCents: Cents,
  payableCents: Cents,
})

export const PaymentSchema = Type.Object({
  id: Type.Integer(),
  method: Type.String({ enum: ['cash', 'bank', 'pos', 'online'] }),
  methodName: Type.String(),
  provider: Type.String(),
  reference: NullableString,
  amountCents: Cents,
  at: Type.String(),
  recordedByName: NullableString,
})

/** The fee order DTO (FeeOrder in fees/index.ts); cases may reuse it in CaseDetail.feeOrder. */
export const FeeOrderSchema = Type.Object({
  id: Type.Integer(),
  number: Type.String({ description: '缴费单号' }),
  caseId: Type.Integer(),
  caseNumber: Type.String(),
  status: Type.String({ enum: ['unpaid', 'paid', 'waived', 'cancelled'] }),
  statusName: Type.String(),
  unitId: Type.Integer(),
  payerName: Type.String(),
  lines: Type.Array(FeeLineSchema),
  totalCents: Cents,
  exemptCents: Cents,
  payableCents: Cents,
  paidCents: Cents,
  createdAt: Type.String(),
  paidAt: NullableString,
  payments: Type.Array(PaymentSchema),
})

export const OrderResponse = Type.Object({ order: FeeOrderSchema })
export const MaybeOrderResponse = Type.Object({ order: Type.Union([FeeOrderSchema, Type.Null()]) })

export const QuoteQuery = Type.Object({
  itemId: Id,
  quantities: Type.Optional(Type.String({ maxLength: 2000, description: '各收费项目的数量，JSON：{"ruleKey": 数量}' })),
  exemptions: Type.Optional(Type.String({ maxLength: 500, description: '申请适用的减免政策，逗号分隔' })),
})
export const QuoteResponse = Type.Object({ quote: FeeQuoteSchema })

export const ExemptionsResponse = Type.Object({ items: Type.Array(Type.Object({ key: Type.String(), name: Type.String() })) })

export const WindowPaymentBody = Type.Object(
  {
    method: Type.Union([Type.Literal('cash'), Type.Literal('bank'), Type.Literal('pos')], { description: '现金 / 银行转账 / 刷卡' }),
    reference: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
    amountCents: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: '收费金额（分），须与应缴金额一致' }),
  },
  { additionalProperties: false },
)

export const PayBody = Type.Object({ provider: Type.Literal('simulated') }, { additionalProperties: false })
export const PayResponse = Type.Object({ redirectUrl: Type.String() })

export const CheckoutQuery = Type.Object({ order: Id, sig: Type.String({ minLength: 1, maxLength: 128 }) })

export const NotifyBody = Type.Object({
  orderId: Id,
  amountCents: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
  providerRef: Type.String({ minLength: 1, maxLength: 64 }),
  sig: Type.String({ minLength: 1, maxLength: 128 }),
})
export const NotifyResponse = Type.Object({ ok: Type.Literal(true), repeated: Type.Boolean(), order: FeeOrderSchema })
