/** Request and response schemas of the evaluation routes (the DTOs of evaluation.types.ts). */
import { Type, type TSchema } from 'typebox'
import { APPEAL_STATUS_NAMES, FIX_VERDICT_NAMES, RECTIFICATION_STATUS_NAMES } from './evaluation.types.js'

export const ErrorSchema = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) })
export const E = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema }

const N = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])
const NStr = N(Type.String())
const NInt = N(Type.Integer())
const Id = Type.Integer({ minimum: 1, maximum: 9007199254740991 })
const Enum = <K extends string>(o: Record<K, string>) => Type.Unsafe<K>({ type: 'string', enum: Object.keys(o) })
const Str = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max })
const Day = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$' })

export const IdParams = Type.Object({ id: Id })
export const CaseParams = Type.Object({ caseId: Id })
export const WindowParams = Type.Object({ windowId: Id })
export const TokenParams = Type.Object({ token: Type.String({ minLength: 8, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' }) })

// stars and indicators are checked by the service (INVALID_RATING with the indicator's name, R21)
const Indicators = Type.Record(Type.String({ maxLength: 40 }), Type.Number({ minimum: -1000, maximum: 1000 }), { maxProperties: 10 })
const RatingFields = { stars: Type.Number({ minimum: -1000, maximum: 1000 }), indicators: Indicators, comment: Type.Optional(N(Type.String({ maxLength: 1000 }))) }
export const RateBody = Type.Object(RatingFields)
export const RateCaseBody = Type.Object({ caseId: Id, ...RatingFields })
export const VisitBody = Type.Object({
  windowId: Id,
  caseId: Type.Optional(N(Id)),
  purpose: Str(200),
  applicantName: Type.Optional(N(Type.String({ maxLength: 50 }))),
  applicantPhone: Type.Optional(N(Type.String({ maxLength: 20, pattern: '^[0-9+\\- ]*$' }))),
})
export const CallbackBody = Type.Object({
  method: Type.Union([Type.Literal('phone'), Type.Literal('sms'), Type.Literal('visit'), Type.Literal('other')]),
  reached: Type.Boolean(),
  content: Str(2000),
})
export const RectifyBody = Type.Object({ measures: Str(4000) })
export const VerdictBody = Type.Object({ verdict: Enum(FIX_VERDICT_NAMES) })
export const AppealBody = Type.Object({ reason: Str(2000), fileId: Type.Optional(N(Type.String({ minLength: 1, maxLength: 100 }))) })
export const DecideBody = Type.Object({ upheld: Type.Boolean(), note: Str(2000) })
export const SettingsBody = Type.Object({
  rectifyDays: Type.Integer({ minimum: 1, maximum: 60 }),
  callbackDays: Type.Integer({ minimum: 1, maximum: 30 }),
  ratingWindowDays: Type.Integer({ minimum: 1, maximum: 365 }),
  verdictDays: Type.Integer({ minimum: 1, maximum: 60 }),
})

const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
}
export const RatingQuery = Type.Object({
  channel: Type.Optional(Type.Union([Type.Literal('online'), Type.Literal('window')])),
  stars: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  unitId: Type.Optional(Id),
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  ...Paging,
})
export const RectQuery = Type.Object({
  status: Type.Optional(Enum(RECTIFICATION_STATUS_NAMES)),
  unitId: Type.Optional(Id),
  overdue: Type.Optional(Type.Boolean()),
  appeal: Type.Optional(Enum(APPEAL_STATUS_NAMES)),
  ...Paging,
})
export const PageQuery = Type.Object(Paging)

// ------------------------------------------------------------------ responses
export const Rating = Type.Object({
  id: Type.Integer(),
  channel: Type.String(),
  source: Type.String(),
  stars: Type.Integer(),
  starsName: Type.String(),
  indicators: Type.Record(Type.String(), Type.Number()),
  comment: NStr,
  caseId: NInt,
  caseNumber: NStr,
  itemName: NStr,
  visitId: NInt,
  unitId: Type.Integer(),
  unitName: Type.String(),
  windowId: NInt,
  windowName: NStr,
  staffId: NInt,
  staffName: NStr,
  raterName: NStr,
  raterPhone: NStr,
  realName: Type.Boolean(),
  status: Type.String(),
  createdAt: Type.String(),
  rectificationId: NInt,
})
export const Visit = Type.Object({
  id: Type.Integer(),
  windowId: Type.Integer(),
  windowName: Type.String(),
  staffId: Type.Integer(),
  staffName: Type.String(),
  caseId: NInt,
  caseNumber: NStr,
  purpose: Type.String(),
  applicantName: NStr,
  startedAt: Type.String(),
  endedAt: NStr,
  rated: Type.Boolean(),
  token: Type.String(),
})
export const Appeal = Type.Object({
  id: Type.Integer(),
  ratingId: Type.Integer(),
  reason: Type.String(),
  fileId: NStr,
  status: Type.String(),
  statusName: Type.String(),
  submittedAt: Type.String(),
  submittedByName: Type.String(),
  decidedAt: NStr,
  decidedByName: NStr,
  decisionNote: NStr,
})
const Callback = Type.Object({ id: Type.Integer(), at: Type.String(), byName: Type.String(), method: Type.String(), reached: Type.Boolean(), content: Type.String() })
export const Rectification = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  status: Type.String(),
  statusName: Type.String(),
  rating: Rating,
  unitId: Type.Integer(),
  unitName: Type.String(),
  due: Type.String(),
  overdue: Type.Boolean(),
  callbacks: Type.Array(Callback),
  measures: NStr,
  rectifiedAt: NStr,
  verdict: NStr,
  verdictAt: NStr,
  appeal: N(Appeal),
})
export const CaseRatingResponse = Type.Object({ rating: N(Rating), canRate: Type.Boolean(), rateBy: NStr })
export const VisitResponse = Type.Object({ visit: N(Visit) })
export const PublicVisitResponse = Type.Object({ visit: Type.Object({ windowName: Type.String(), purpose: Type.String(), startedAt: Type.String(), rated: Type.Boolean() }) })
export const RatingList = Type.Object({ items: Type.Array(Rating), total: Type.Integer() })
export const RectList = Type.Object({ items: Type.Array(Rectification), total: Type.Integer() })
export const MyResponse = Type.Object({ ratings: Type.Array(Rating), rectifications: Type.Array(Rectification) })
export const PublicBoard = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      createdAt: Type.String(),
      channel: Type.String(),
      stars: Type.Integer(),
      starsName: Type.String(),
      itemName: NStr,
      unitName: Type.String(),
      raterName: Type.String(),
      comment: NStr,
      rectificationStatus: Type.String(),
      rectificationStatusName: Type.String(),
      measures: NStr,
      verdict: NStr,
    }),
  ),
  total: Type.Integer(),
  summary: Type.Object({ ratings: Type.Integer(), satisfactionRate: N(Type.Number()), badReviews: Type.Integer(), rectified: Type.Integer() }),
})
export const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' })
