/** Request and response schemas of the catalogue routes (TypeBox); the response schemas are the DTOs. */
import { Type, type Static, type TSchema } from 'typebox'
import { STAFF_ROLES, type Role } from '../../shared/roles.js'
import { ITEM_TYPES, PAUSE_KINDS, type ItemTypeCode, type PauseKind } from './catalog.types.js'

const Nullable = <T extends TSchema>(t: T) => Type.Union([Type.Null(), t])
const Str = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max })
const Int = (min = 0, max = 1_000_000_000) => Type.Integer({ minimum: min, maximum: max })
const Lit = <T extends string>(vals: readonly T[]) => Type.Unsafe<T>(Type.String({ enum: [...vals] }))

export const ErrorSchema = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) })
export const Errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema }

const TypeCode = Lit(Object.keys(ITEM_TYPES) as ItemTypeCode[])
const PauseKindSchema = Lit(Object.keys(PAUSE_KINDS) as PauseKind[])
const RoleSchema = Lit(STAFF_ROLES as Role[])
const AudienceSchema = Lit(['person', 'enterprise'] as const)
const StatusSchema = Lit(['draft', 'published', 'suspended', 'abolished'] as const)

const Material = Type.Object({
  key: Str(60, 1),
  name: Str(200, 1),
  requirement: Lit(['required', 'conditional', 'optional'] as const),
  condition: Type.Optional(Nullable(Str(500))),
  form: Lit(['original', 'copy', 'original_and_copy', 'electronic'] as const),
  copies: Int(1, 99),
  blankFormFileId: Type.Optional(Nullable(Str(100))),
  sampleFileId: Type.Optional(Nullable(Str(100))),
  eCertificateType: Type.Optional(Nullable(Str(100))),
  secondary: Type.Boolean(),
  note: Type.Optional(Nullable(Str(500))),
})

const Step = Type.Object({ key: Str(60, 1), name: Str(50, 1), role: RoleSchema, limitDays: Int(0, 3650) })

const feeBase = { key: Str(60, 1), name: Str(100, 1), basis: Str(500, 1), exemptions: Type.Optional(Type.Array(Str(40, 1), { maxItems: 20 })) }
const FeeRuleSchema = Type.Union([
  Type.Object({ ...feeBase, kind: Type.Literal('flat'), amountCents: Int(0) }),
  Type.Object({
    ...feeBase,
    kind: Type.Literal('per_unit'),
    unitName: Str(20, 1),
    unitPriceCents: Int(0),
    minQuantity: Type.Optional(Int(0, 1_000_000)),
    maxQuantity: Type.Optional(Int(1, 1_000_000)),
  }),
  Type.Object({
    ...feeBase,
    kind: Type.Literal('tiered'),
    unitName: Str(20, 1),
    tiers: Type.Array(Type.Object({ upTo: Nullable(Int(1)), unitPriceCents: Int(0) }), { minItems: 1, maxItems: 20 }),
  }),
])

export const GuideSchema = Type.Object({
  code: Str(50, 1),
  name: Str(200, 1),
  typeCode: TypeCode,
  departmentId: Int(1, Number.MAX_SAFE_INTEGER),
  level: Lit(['province', 'city', 'county', 'township', 'village'] as const),
  legalBasis: Str(4000, 1),
  conditions: Str(4000, 1),
  audiences: Type.Array(AudienceSchema, { minItems: 1, maxItems: 2 }),
  topics: Type.Array(Str(30, 1), { maxItems: 20 }),
  materials: Type.Array(Material, { maxItems: 100 }),
  legalLimitDays: Int(0, 3650),
  promisedLimitDays: Int(0, 3650),
  instant: Type.Boolean(),
  steps: Type.Array(Step, { minItems: 1, maxItems: 30 }),
  pausesAllowed: Type.Array(PauseKindSchema, { maxItems: 10 }),
  conditionalAcceptance: Type.Boolean(),
  pledgeAllowed: Type.Boolean(),
  fees: Type.Array(FeeRuleSchema, { maxItems: 30 }),
  result: Type.Object({
    type: Lit(['licence', 'approval_document', 'certificate', 'registration', 'other'] as const),
    name: Str(100, 1),
    eCertificateType: Type.Optional(Nullable(Str(100))),
  }),
  channels: Type.Array(Lit(['online', 'window', 'post'] as const), { minItems: 1, maxItems: 3 }),
  visits: Int(0, 10),
  consultPhone: Str(50, 1),
  complaintPhone: Str(50, 1),
  remedies: Type.Object({ review: Str(200, 1), litigation: Str(200, 1) }),
  faq: Type.Array(Type.Object({ q: Str(500, 1), a: Str(2000, 1) }), { maxItems: 50 }),
})

export const ItemVersionSchema = Type.Object({
  itemId: Type.Integer(),
  versionId: Type.Integer({ description: '版本 id；草稿为 0' }),
  version: Type.Integer(),
  status: StatusSchema,
  guide: GuideSchema,
  publishedAt: Nullable(Type.String()),
})

export const ProblemSchema = Type.Object({ code: Type.String(), field: Type.String(), message: Type.String() })

export const ItemDetailSchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  status: StatusSchema,
  statusName: Type.String(),
  statusReason: Nullable(Type.String()),
  departmentId: Type.Integer(),
  departmentName: Type.String(),
  current: Nullable(ItemVersionSchema),
  draft: Nullable(ItemVersionSchema),
  versions: Type.Array(Type.Object({ versionId: Type.Integer(), version: Type.Integer(), publishedAt: Type.String() })),
  promisedCutOk: Type.Boolean({ description: 'S2：承诺期限比法定期限压缩 40% 以上（当前版本；未发布时为草稿）' }),
  promisedCutPercent: Type.Integer(),
  /** admins: the draft's warnings (flagged, not refused) */
  warnings: Type.Array(ProblemSchema),
  /** admins: the recorded status changes */
  statusChanges: Type.Array(
    Type.Object({
      action: Type.String(),
      fromStatus: Type.String(),
      toStatus: Type.String(),
      reason: Nullable(Type.String()),
      approvalRef: Nullable(Type.String()),
      version: Nullable(Type.Integer()),
      byName: Type.String(),
      at: Type.String(),
    }),
  ),
  canManage: Type.Boolean(),
})
export type ItemDetail = Static<typeof ItemDetailSchema>

export const ItemSummarySchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  typeCode: Type.String(),
  typeName: Type.String(),
  departmentId: Type.Integer(),
  departmentName: Type.String(),
  audiences: Type.Array(Type.String()),
  topics: Type.Array(Type.String()),
  instant: Type.Boolean(),
  legalLimitDays: Type.Integer(),
  promisedLimitDays: Type.Integer(),
  channels: Type.Array(Type.String()),
  visits: Type.Integer(),
  hasFees: Type.Boolean(),
  status: StatusSchema,
  version: Nullable(Type.Integer()),
  versionId: Nullable(Type.Integer()),
  hasDraft: Type.Boolean(),
})
export type ItemSummary = Static<typeof ItemSummarySchema>

export const ListQuery = Type.Object({
  q: Type.Optional(Str(100)),
  departmentId: Type.Optional(Int(1, Number.MAX_SAFE_INTEGER)),
  typeCode: Type.Optional(TypeCode),
  audience: Type.Optional(AudienceSchema),
  topic: Type.Optional(Str(30)),
  status: Type.Optional(Lit(['draft', 'published', 'suspended', 'abolished', 'all'] as const)),
  page: Type.Optional(Int(1, 100000)),
  pageSize: Type.Optional(Int(1, 100)),
})
export type ListQuery = Static<typeof ListQuery>

export const ListResponse = Type.Object({ items: Type.Array(ItemSummarySchema), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() })
export const IdParams = Type.Object({ id: Int(1, Number.MAX_SAFE_INTEGER) })
export const VersionParams = Type.Object({ id: Int(1, Number.MAX_SAFE_INTEGER), versionId: Int(1, Number.MAX_SAFE_INTEGER) })
export const ItemBody = Type.Object({ item: ItemDetailSchema })
export const GuideBody = Type.Object({ guide: GuideSchema })
export const ReasonBody = Type.Object({ reason: Str(500, 1) })
export const RestartBody = Type.Object({ reason: Str(500, 1), approvalRef: Str(100, 1) })
export const VersionBody = Type.Object({ version: ItemVersionSchema })
export const TopicsResponse = Type.Object({ items: Type.Array(Type.Object({ topic: Type.String(), audience: Type.String(), count: Type.Integer() })) })
export const DepartmentsResponse = Type.Object({ items: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), count: Type.Integer() })) })
export const ImportResponse = Type.Object({
  created: Type.Integer(),
  updated: Type.Integer(),
  errors: Type.Array(Type.Object({ row: Type.Integer(), code: Type.Optional(Type.String()), message: Type.String() })),
})
export const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' })
