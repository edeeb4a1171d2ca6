import { Type } from 'typebox'
import { NOTICE_EVENTS } from './notify.templates.js'

export const ErrorSchema = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) })
export const OkResponse = Type.Object({ ok: Type.Literal(true) })

const Page = Type.Integer({ minimum: 1, maximum: 100000, default: 1 })
const PageSize = Type.Integer({ minimum: 1, maximum: 100, default: 20 })
const NullableString = Type.Union([Type.String(), Type.Null()])
const NullableInt = Type.Union([Type.Integer(), Type.Null()])
const EventSchema = Type.String({ enum: [...NOTICE_EVENTS], description: '通知事件' })
const ChannelSchema = Type.String({ enum: ['inapp', 'sms', 'email', 'log'] })
const StatusSchema = Type.String({ enum: ['queued', 'sent', 'failed'] })

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }) })
export const EventParams = Type.Object({ event: EventSchema })

export const MessagesQuery = Type.Object({ unread: Type.Optional(Type.Boolean()), page: Type.Optional(Page), pageSize: Type.Optional(PageSize) })
export const Message = Type.Object({
  id: Type.Integer(),
  event: Type.String(),
  title: Type.String(),
  body: Type.String(),
  caseId: NullableInt,
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})
export const MessagesResponse = Type.Object({
  items: Type.Array(Message),
  total: Type.Integer(),
  unread: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
})
export const ReadAllResponse = Type.Object({ ok: Type.Literal(true), updated: Type.Integer() })

export const Template = Type.Object({
  event: Type.String(),
  eventName: Type.String(),
  sms: Type.String(),
  inappTitle: Type.String(),
  inappBody: Type.String(),
  emailSubject: Type.String(),
  emailBody: Type.String(),
  updatedAt: Type.String({ format: 'date-time' }),
})
export const TemplatesResponse = Type.Object({
  items: Type.Array(Template),
  placeholders: Type.Array(Type.Object({ key: Type.String(), description: Type.String() }), { description: '模板可用的占位符 {{key}}' }),
})
export const TemplateBody = Type.Object(
  {
    sms: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    inappTitle: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    inappBody: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    emailSubject: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    emailBody: Type.Optional(Type.String({ minLength: 1, maxLength: 8000 })),
  },
  { additionalProperties: false },
)
export const TemplateResponse = Type.Object({ template: Template })

export const OutboxQuery = Type.Object({
  status: Type.Optional(StatusSchema),
  channel: Type.Optional(ChannelSchema),
  event: Type.Optional(EventSchema),
  caseId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 })),
  page: Type.Optional(Page),
  pageSize: Type.Optional(PageSize),
})
export const OutboxItem = Type.Object({
  id: Type.Integer(),
  event: Type.String(),
  eventName: Type.String(),
  channel: ChannelSchema,
  recipient: Type.String({ description: '收件人（已脱敏）' }),
  caseId: NullableInt,
  status: StatusSchema,
  attempts: Type.Integer(),
  lastError: NullableString,
  createdAt: Type.String({ format: 'date-time' }),
  sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  nextAttemptAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})
export const OutboxResponse = Type.Object({ items: Type.Array(OutboxItem), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() })
