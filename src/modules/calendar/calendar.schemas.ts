import { Type, type Static } from 'typebox'
import { DAY_KINDS, OVERRIDE_KINDS, type DayKind, type OverrideKind } from './calendar.index.js'

/**
 * The largest working-day count the HTTP API accepts: ten years' worth. Legal limits are far
 * shorter (the longest in the laws are months), and it bounds /explain at about 5,300 entries.
 */
export const MAX_DAYS = 3650

export const ErrorSchema = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) })

const DateStr = Type.String({ format: 'date', description: '日期 YYYY-MM-DD' })
const Days = Type.Integer({ minimum: 0, maximum: MAX_DAYS, description: `工作日数（0–${MAX_DAYS}）` })
const RegionCode = Type.String({ minLength: 1, maxLength: 12, description: '行政区划代码（GB/T 2260，如 37、3714、371402）' })
const Year = Type.Integer({ minimum: 1000, maximum: 9999 })

const DayKindSchema = Type.Unsafe<DayKind>(Type.String({ enum: [...DAY_KINDS] }))
const OverrideKindSchema = Type.Unsafe<OverrideKind>(Type.String({ enum: [...OVERRIDE_KINDS] }))
const ExplainKindSchema = Type.Unsafe<DayKind | 'paused'>(Type.String({ enum: [...DAY_KINDS, 'paused'] }))
const NullableString = Type.Union([Type.String(), Type.Null()])

export const DueQuery = Type.Object({ from: DateStr, days: Days, region: Type.Optional(RegionCode) })
export const DueResponse = Type.Object({ due: Type.String() })

export const WorkdaysQuery = Type.Object({ from: DateStr, to: DateStr, region: Type.Optional(RegionCode) })
export const WorkdaysResponse = Type.Object({ workdays: Type.Integer() })

export const MonthQuery = Type.Object({ year: Year, month: Type.Integer({ minimum: 1, maximum: 12 }), region: Type.Optional(RegionCode) })
export const MonthResponse = Type.Object({
  year: Type.Integer(),
  month: Type.Integer(),
  regionCode: NullableString,
  days: Type.Array(
    Type.Object({
      date: Type.String(),
      weekday: Type.Integer({ minimum: 0, maximum: 6, description: '0 = 星期日 … 6 = 星期六' }),
      workday: Type.Boolean(),
      kind: DayKindSchema,
      name: NullableString,
      overrideId: Type.Union([Type.Integer(), Type.Null()]),
      overrideRegionCode: NullableString,
    }),
  ),
})

export const ExplainQuery = DueQuery
export const ExplainResponse = Type.Object({
  from: Type.String(),
  days: Type.Integer(),
  due: Type.String(),
  entries: Type.Array(
    Type.Object({
      date: Type.String(),
      kind: ExplainKindSchema,
      counted: Type.Boolean(),
      ordinal: Type.Union([Type.Integer(), Type.Null()]),
      name: NullableString,
    }),
  ),
})

export const YearsResponse = Type.Object({
  years: Type.Array(Type.Object({ year: Type.Integer(), source: Type.Union([Type.Literal('package'), Type.Literal('imported')]) })),
})

export const OverrideItem = Type.Object({
  id: Type.Integer(),
  regionCode: Type.String(),
  regionName: Type.String(),
  date: Type.String(),
  kind: OverrideKindSchema,
  name: Type.String(),
  reason: NullableString,
  createdAt: Type.String({ format: 'date-time' }),
})

export const OverridesQuery = Type.Object({ region: RegionCode, year: Type.Optional(Year) })
export const OverridesResponse = Type.Object({ items: Type.Array(OverrideItem) })

export const CreateOverrideBody = Type.Object({
  regionCode: RegionCode,
  date: DateStr,
  kind: OverrideKindSchema,
  name: Type.String({ minLength: 1, maxLength: 50, description: '名称，如“中心搬迁闭厅”' }),
  reason: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
})
export type CreateOverrideBody = Static<typeof CreateOverrideBody>
export const CreateOverrideResponse = Type.Object({ override: OverrideItem })

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) })
export const OkResponse = Type.Object({ ok: Type.Literal(true) })

/** NateScarlet/holiday-cn's year file (its other fields, such as papers, are accepted and ignored). */
export const ImportYearBody = Type.Object({
  year: Type.Integer({ minimum: 1990, maximum: 2200 }),
  days: Type.Array(
    Type.Object({ name: Type.String({ minLength: 1, maxLength: 50 }), date: DateStr, isOffDay: Type.Boolean() }),
    { minItems: 1, maxItems: 366 },
  ),
})
export const ImportYearResponse = Type.Object({ year: Type.Integer(), days: Type.Integer() })
