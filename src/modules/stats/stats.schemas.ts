/** Request and response schemas of the stats routes (the DTOs of stats.types.ts). */
import { Type, type TSchema } from 'typebox'

export const ErrorSchema = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) })

const N = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])
const NNum = N(Type.Number())
const Id = Type.Integer({ minimum: 1, maximum: 9007199254740991 })
const Lit = <K extends string>(...ks: K[]) => Type.Unsafe<K>({ type: 'string', enum: ks })
/** A day of this century (the calendar holds no other years); checked again for real dates. */
export const Day = Type.String({ pattern: '^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' })

export const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' })

export const KpiSetSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  received: Type.Integer(),
  accepted: Type.Integer(),
  completed: Type.Integer(),
  completedOnTime: Type.Integer(),
  instant: Type.Integer(),
  completionRate: NNum,
  onTimeRate: NNum,
  instantRate: NNum,
  avgWorkdays: NNum,
  speedUpRate: NNum,
  ratings: Type.Integer(),
  satisfactionRate: NNum,
  badReviews: Type.Integer(),
  overdue: Type.Integer(),
  corrections: Type.Integer(),
  alerts: Type.Integer(),
  yellowCards: Type.Integer(),
  redCards: Type.Integer(),
  byChannel: Type.Object({ online: Type.Integer(), window: Type.Integer() }),
  byLevel: Type.Record(Type.String(), Type.Integer()),
})
export const TrendPointSchema = Type.Object({ label: Type.String(), ...KpiSetSchema.properties })

export const DefinitionSchema = Type.Object({ key: Type.String(), name: Type.String(), formula: Type.String(), notes: Type.String() })

export const PeriodQ = Lit('day', 'week', 'month', 'quarter', 'year')
export const KpisQuery = Type.Object({ period: Type.Optional(PeriodQ), date: Type.Optional(Day), unitId: Type.Optional(Id) })
export const TrendQuery = Type.Object({ grain: Type.Optional(Lit('day', 'week', 'month')), from: Day, to: Day, unitId: Type.Optional(Id) })
export const BreakdownQuery = Type.Object({
  by: Lit('department', 'channel', 'level', 'item'),
  period: Type.Optional(PeriodQ),
  date: Type.Optional(Day),
  unitId: Type.Optional(Id),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
})
export const BreakdownRowSchema = Type.Object({ key: Type.String(), name: Type.String(), kpis: KpiSetSchema })

export const RankingQuery = Type.Object({
  scope: Lit('department', 'window', 'staff'),
  period: Type.Optional(Lit('week', 'month')),
  date: Type.Optional(Day),
  fair: Type.Optional(Type.Boolean()),
})
export const RankingRowSchema = Type.Object({
  rank: Type.Integer(),
  scope: Type.String(),
  id: Type.Integer(),
  name: Type.String(),
  parentName: N(Type.String()),
  handled: Type.Integer(),
  onTimeRate: NNum,
  completedEarly: Type.Integer(),
  avgWorkdays: NNum,
  correctionsPerCase: NNum,
  alerts: Type.Integer(),
  cards: Type.Integer(),
  satisfactionRate: NNum,
  relativeSpeed: NNum,
  score: Type.Number(),
})
const RankingFields = {
  scope: Type.String(),
  period: Type.String(),
  from: Type.String(),
  to: Type.String(),
  fair: Type.Boolean(),
  rows: Type.Array(RankingRowSchema),
}
export const RankingSchema = Type.Object(RankingFields)
/** Published rankings leave out account ids: a staff row's id is its rank. */
export const PublishedSchema = Type.Object({ ...RankingFields, id: Type.Integer(), title: Type.String(), publishedAt: Type.String() })
export const PublishBody = Type.Object({
  scope: Lit('department', 'window', 'staff'),
  period: Lit('week', 'month'),
  date: Day,
  fair: Type.Boolean(),
  title: Type.Optional(Type.String({ maxLength: 100 })),
})

export const GradesQuery = Type.Object({ quarter: Type.Optional(Type.String({ pattern: '^20[0-9]{2}Q[1-4]$' })) })
export const GradeRowSchema = Type.Object({
  unitId: Type.Integer(),
  unitName: Type.String(),
  quarter: Type.String(),
  score: Type.Number(),
  grade: Type.String(),
  gradeName: Type.String(),
  parts: Type.Record(Type.String(), NNum),
})

const Score = Type.Number({ minimum: 0, maximum: 100 })
export const Thresholds = Type.Object({ excellent: Score, good: Score, pass: Score })
export const SettingsQuery = Type.Object({ regionCode: Type.Optional(Type.String({ pattern: '^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$' })) })
export const SettingsBody = Type.Object({ regionCode: Type.Optional(Type.String({ pattern: '^(|[0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$' })), grades: Thresholds })
export const SettingsSchema = Type.Object({ regionCode: Type.String(), grades: Thresholds })

export const ReportQuery = Type.Object({ month: Type.Optional(Type.String({ pattern: '^20[0-9]{2}-(0[1-9]|1[0-2])$' })) })
export const ScreenQuery = Type.Object({ regionCode: Type.Optional(Type.String({ pattern: '^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$' })) })
export const ScreenSchema = Type.Object({
  asOf: Type.String(),
  today: KpiSetSchema,
  month: KpiSetSchema,
  year: KpiSetSchema,
  trend: Type.Array(TrendPointSchema),
  byDepartment: Type.Array(Type.Object({ name: Type.String(), accepted: Type.Integer(), onTimeRate: NNum })),
  lights: Type.Object({ green: Type.Integer(), yellow: Type.Integer(), red: Type.Integer() }),
  recent: Type.Array(Type.Object({ at: Type.String(), itemName: Type.String(), applicant: Type.String(), status: Type.String() })),
})
