/** Request and response schemas of the supervision routes. */
import { Type, type TSchema } from 'typebox'
import { ALERT_KINDS } from './supervision.types.js'

export const ErrorSchema = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) })
export const E = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema }
const Id = Type.Integer({ minimum: 1, maximum: 9007199254740991 })
const DateStr = Type.String({ format: 'date' })
const Page = { page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }
const N = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])
const Light = Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red')])
const Level = Type.Union([Type.Literal('prompt'), Type.Literal('yellow'), Type.Literal('red')])
const Kind = Type.Unsafe<string>({ type: 'string', enum: Object.keys(ALERT_KINDS) })
const OrderStatus = Type.Union([Type.Literal('sent'), Type.Literal('replied'), Type.Literal('closed'), Type.Literal('escalated')])
const OrderKind = Type.Union([Type.Literal('urge'), Type.Literal('supervise')])
const Region = Type.String({ pattern: '^[0-9]{2,12}$' })

export const IdParams = Type.Object({ id: Id })
export const LightsQuery = Type.Object({ unitId: Type.Optional(Id), light: Type.Optional(Light), q: Type.Optional(Type.String({ maxLength: 100 })), ...Page })
export const AlertsQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
  kind: Type.Optional(Kind),
  level: Type.Optional(Level),
  unitId: Type.Optional(Id),
  caseId: Type.Optional(Id),
  from: Type.Optional(DateStr),
  to: Type.Optional(DateStr),
  ...Page,
})
export const OrdersQuery = Type.Object({ box: Type.Optional(Type.Union([Type.Literal('inbox'), Type.Literal('outbox')])), status: Type.Optional(OrderStatus), ...Page })
export const NoteBody = Type.Object({ note: Type.String({ minLength: 1, maxLength: 2000 }) })
export const OptionalNoteBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) })
export const ReplyBody = Type.Object({ reply: Type.String({ minLength: 1, maxLength: 4000 }) })
export const SendBody = Type.Object({
  kind: OrderKind,
  unitId: Id,
  content: Type.String({ minLength: 1, maxLength: 2000 }),
  caseId: Type.Optional(N(Id)),
  alertId: Type.Optional(N(Id)),
  pattern: Type.Optional(N(Type.String({ maxLength: 500 }))),
  replyDays: Type.Optional(N(Type.Integer({ minimum: 1, maximum: 60 }))),
})
const Int = (min: number, max: number) => Type.Integer({ minimum: min, maximum: max })
const HHMM = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' })
export const Settings = Type.Object({
  warnDays: Int(0, 30),
  cardFollowupDays: Int(1, 60),
  orderReplyDays: Int(1, 60),
  forwardingDays: Int(1, 60),
  stepMinMinutes: Int(0, 1440),
  burstCount: Int(2, 1000),
  burstWindowMinutes: Int(1, 1440),
  burstLagDays: Int(0, 365),
  workStart: HHMM,
  workEnd: HHMM,
  offHoursCount: Int(2, 1000),
})
export const SettingsQuery = Type.Object({ region: Type.Optional(Region) })
export const SettingsResponse = Type.Object({ regionCode: Type.String(), settings: Settings })
// responses are the DTOs of supervision.types.ts (kept open: the types file is the contract)
export const Any = Type.Any()
