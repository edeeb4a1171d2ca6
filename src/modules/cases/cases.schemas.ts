import { Type } from 'typebox'

export const ErrorSchema = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) })

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()])
const NStr = Nullable(Type.String())
const NInt = Type.Union([Type.Integer(), Type.Null()])
const Id = Type.Integer({ minimum: 1, maximum: 9007199254740991 })

export const IdParams = Type.Object({ id: Id })
export const StepParams = Type.Object({ id: Id, stepId: Id })
export const PauseParams = Type.Object({ id: Id, pauseId: Id })
export const MaterialParams = Type.Object({ id: Id, materialId: Id })
export const DocParams = Type.Object({ id: Id, docId: Id })

const CorrectionItem = Type.Object({ materialKey: Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()]), problem: Type.String({ minLength: 1, maxLength: 500 }) })
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })

export const CreateBody = Type.Object({ itemId: Id })
export const FormBody = Type.Object({
  form: Type.Record(Type.String(), Type.Unknown()),
  quantities: Type.Optional(Type.Record(Type.String(), Type.Number({ minimum: 0, maximum: 1e9 }))),
  exemptions: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 20 })),
})
export const ReuseBody = Type.Object({
  materialKey: Type.String({ minLength: 1, maxLength: 100 }),
  fromMaterialId: Type.Optional(Id),
  eCertificateId: Type.Optional(Id),
})
export const NoteBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 1000 })) })
export const WithdrawBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 1000 })) })
export const WindowBody = Type.Object({
  itemId: Id,
  windowId: Id,
  applicant: Type.Union([
    Type.Object({ userId: Id }),
    Type.Object({ kind: Type.Literal('person'), name: Type.String({ minLength: 1, maxLength: 50 }), idNumber: Type.String({ minLength: 15, maxLength: 18 }), phone: Type.String({ minLength: 11, maxLength: 20 }) }),
    Type.Object({
      kind: Type.Literal('enterprise'),
      name: Type.String({ minLength: 1, maxLength: 100 }),
      creditCode: Type.String({ minLength: 18, maxLength: 18 }),
      legalRepresentative: Type.String({ minLength: 1, maxLength: 50 }),
      phone: Type.String({ minLength: 11, maxLength: 20 }),
    }),
  ]),
  form: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
})
export const PrereviewBody = Type.Object({ outcome: Type.Union([Type.Literal('pass'), Type.Literal('return')]), items: Type.Optional(Type.Array(CorrectionItem, { maxItems: 50 })) })
export const IntakeBody = Type.Object({
  decision: Type.Union([Type.Literal('accept'), Type.Literal('refuse'), Type.Literal('correction'), Type.Literal('conditional'), Type.Literal('pledge')]),
  reasons: Type.Optional(Type.String({ maxLength: 2000 })),
  refusalKind: Type.Optional(Type.Union([Type.Literal('not_required'), Type.Literal('not_our_authority'), Type.Literal('not_qualified'), Type.Literal('other')])),
  competentAuthority: Type.Optional(Type.String({ maxLength: 200 })),
  items: Type.Optional(Type.Array(CorrectionItem, { maxItems: 50 })),
  pending: Type.Optional(Type.Array(Type.Object({ materialKey: Type.String({ minLength: 1, maxLength: 100 }), dueDate: Day }), { maxItems: 50 })),
  commitment: Type.Optional(Type.String({ maxLength: 2000 })),
  pledge: Type.Optional(Type.String({ maxLength: 2000 })),
})
export const StepBody = Type.Object({ opinion: Type.String({ minLength: 1, maxLength: 2000 }), outcome: Type.Union([Type.Literal('pass'), Type.Literal('return')]) })
export const PauseBody = Type.Object({ kind: Type.String({ minLength: 1, maxLength: 50 }), reason: Type.String({ minLength: 1, maxLength: 1000 }), expectedDays: Type.Integer({ minimum: 1, maximum: 365 }) })
export const ExtensionBody = Type.Object({ days: Type.Integer({ minimum: 1, maximum: 60 }), reason: Type.String({ minLength: 1, maxLength: 1000 }), approvedBy: Type.String({ minLength: 1, maxLength: 100 }) })
export const DecisionBody = Type.Object({ outcome: Type.Union([Type.Literal('grant'), Type.Literal('deny')]), reasons: Type.Optional(Type.String({ maxLength: 2000 })) })
export const DeliveryBody = Type.Object({
  method: Type.Union([Type.Literal('pickup'), Type.Literal('post'), Type.Literal('download')]),
  pickupCentreId: Type.Optional(Id),
  address: Type.Optional(Type.String({ maxLength: 300 })),
  trackingNumber: Type.Optional(Type.String({ maxLength: 60 })),
})

export const MineQuery = Type.Object({
  status: Type.Optional(Type.String({ maxLength: 30 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
})
export const StaffQuery = Type.Object({
  status: Type.Optional(Type.String({ maxLength: 30 })),
  itemId: Type.Optional(Id),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  queue: Type.Optional(Type.Union([Type.Literal('prereview'), Type.Literal('intake'), Type.Literal('mine')])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
})
export const ProgressQuery = Type.Object({
  number: Type.String({ minLength: 1, maxLength: 40 }),
  idNumber: Type.Optional(Type.String({ maxLength: 30 })),
  phone: Type.Optional(Type.String({ maxLength: 20 })),
})

export const CaseClockSchema = Type.Object({
  legalDays: Type.Integer(),
  promisedDays: Type.Integer(),
  start: NStr,
  legalDue: NStr,
  promisedDue: NStr,
  usedDays: Type.Integer(),
  leftDays: NInt,
  pausedDays: Type.Integer(),
  extensionDays: Type.Integer(),
  paused: Type.Boolean(),
  overdue: Type.Boolean(),
  calendarPending: Type.Boolean({ description: '到期日落在尚未公布节假日安排的年份：待导入该年安排后计算' }),
})

export const MaterialSchema = Type.Object({
  id: Type.Integer(),
  materialKey: Type.String(),
  name: Type.String(),
  fileId: Type.String(),
  fileName: Type.String(),
  mime: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  source: Type.String(),
  uploadedAt: Type.String(),
})

const FeeLine = Type.Object({
  ruleKey: Type.String(),
  name: Type.String(),
  basis: Type.String(),
  quantity: Type.Number(),
  amountCents: Type.Integer(),
  exemptCents: Type.Integer(),
  exemption: NStr,
})
const FeeOrderSchema = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  caseId: Type.Integer(),
  caseNumber: Type.String(),
  status: Type.String(),
  lines: Type.Array(FeeLine),
  totalCents: Type.Integer(),
  exemptCents: Type.Integer(),
  payableCents: Type.Integer(),
  paidCents: Type.Integer(),
  createdAt: Type.String(),
  paidAt: NStr,
})

export const CaseDetailSchema = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  itemId: Type.Integer(),
  itemVersionId: Type.Integer(),
  itemCode: Type.String(),
  itemName: Type.String(),
  departmentId: Type.Integer(),
  departmentName: Type.String(),
  unitId: Type.Integer(),
  channel: Type.String(),
  status: Type.String(),
  statusName: Type.String(),
  instant: Type.Boolean(),
  deemed: Type.Boolean(),
  intakeKind: NStr,
  applicant: Type.Object({ userId: Type.Integer(), kind: Type.String(), name: Type.String(), idNumberMasked: NStr, phoneMasked: NStr }),
  form: Type.Record(Type.String(), Type.Unknown()),
  quantities: Type.Record(Type.String(), Type.Number()),
  exemptions: Type.Array(Type.String()),
  submittedAt: NStr,
  receivedAt: NStr,
  acceptedAt: NStr,
  decidedAt: NStr,
  completedAt: NStr,
  deliveredAt: NStr,
  prereviewDue: NStr,
  conditionalDue: NStr,
  requiredMaterials: Type.Array(
    Type.Object({
      key: Type.String(),
      name: Type.String(),
      requirement: Type.String(),
      form: Type.String(),
      copies: Type.Integer(),
      secondary: Type.Boolean(),
      eCertificateType: NStr,
      satisfied: Type.Boolean(),
      pending: Type.Boolean(),
    }),
  ),
  materials: Type.Array(MaterialSchema),
  corrections: Type.Array(
    Type.Object({ id: Type.Integer(), stage: Type.String(), requestedAt: Type.String(), items: Type.Array(Type.Object({ materialKey: NStr, problem: Type.String() })), suppliedAt: NStr }),
  ),
  steps: Type.Array(
    Type.Object({
      id: Type.Integer(),
      key: Type.String(),
      name: Type.String(),
      role: Type.String(),
      unitName: Type.String(),
      status: Type.String(),
      assigneeName: NStr,
      opinion: NStr,
      outcome: NStr,
      startedAt: NStr,
      completedAt: NStr,
      due: NStr,
    }),
  ),
  pauses: Type.Array(Type.Object({ id: Type.Integer(), kind: Type.String(), kindName: Type.String(), reason: Type.String(), expectedDays: Type.Integer(), startedAt: Type.String(), endedAt: NStr })),
  extensions: Type.Array(Type.Object({ id: Type.Integer(), days: Type.Integer(), reason: Type.String(), approvedBy: Type.String(), at: Type.String() })),
  decision: Type.Union([Type.Object({ outcome: Type.String(), reasons: NStr, at: Type.String(), by: Type.String() }), Type.Null()]),
  /** the applicant's choice (选地取件 / 邮寄 / 网上下载), saved with the form */
  deliveryChoice: Type.Union([Type.Object({ method: Type.String(), centreId: Type.Union([Type.Integer(), Type.Null()]), centreName: NStr, address: NStr }), Type.Null()]),
  delivery: Type.Union([Type.Object({ method: Type.String(), centreName: NStr, address: NStr, trackingNumber: NStr, deliveredAt: NStr }), Type.Null()]),
  documents: Type.Array(Type.Object({ id: Type.Integer(), kind: Type.String(), title: Type.String(), issuedAt: Type.String(), verificationCode: Type.String() })),
  feeOrder: Type.Union([FeeOrderSchema, Type.Null()]),
  clock: CaseClockSchema,
  allowedActions: Type.Array(Type.String()),
  jointCaseId: Type.Union([Type.Integer(), Type.Null()]),
  greenChannel: Type.Boolean(),
})

export const CaseResponse = Type.Object({ case: CaseDetailSchema })
export const DocumentSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  title: Type.String(),
  issuedAt: Type.String(),
  verificationCode: Type.String(),
  verificationUrl: Type.String(),
})
export const CaseDocResponse = Type.Object({ case: CaseDetailSchema, document: DocumentSchema })

export const CaseSummarySchema = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  itemName: Type.String(),
  status: Type.String(),
  statusName: Type.String(),
  channel: Type.String(),
  applicantName: Type.String(),
  submittedAt: NStr,
  receivedAt: NStr,
  acceptedAt: NStr,
  promisedDue: NStr,
  completedAt: NStr,
  greenChannel: Type.Boolean(),
  jointCaseId: Type.Union([Type.Integer(), Type.Null()]),
})
export const CaseListResponse = Type.Object({ items: Type.Array(CaseSummarySchema), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() })

export const TimelineResponse = Type.Object({ items: Type.Array(Type.Object({ at: Type.String(), action: Type.String(), actorName: Type.String(), summary: Type.String() })) })

export const ExplainResponse = Type.Object({
  clock: CaseClockSchema,
  explanation: Type.Union([
    Type.Object({
      from: Type.String(),
      days: Type.Integer(),
      extensionDays: Type.Integer(),
      due: NStr,
      pausedWorkdays: Type.Integer(),
      entries: Type.Array(Type.Object({ date: Type.String(), kind: Type.String(), counted: Type.Boolean(), ordinal: NInt, name: NStr })),
    }),
    Type.Null(),
  ]),
})

export const ProgressResponse = Type.Object({
  case: Type.Object({
    number: Type.String(),
    itemName: Type.String(),
    departmentName: Type.String(),
    status: Type.String(),
    statusName: Type.String(),
    currentStep: NStr,
    receivedAt: NStr,
    acceptedAt: NStr,
    promisedDue: NStr,
    completedAt: NStr,
    applicantName: Type.String(),
  }),
})

export const ECertListResponse = Type.Object({
  items: Type.Array(
    Type.Object({ id: Type.Integer(), type: Type.String(), name: Type.String(), number: Type.String(), holderName: Type.String(), issuedAt: Type.String(), caseId: Type.Integer(), documentId: NInt }),
  ),
})
export const ReusableResponse = Type.Object({
  items: Type.Array(Type.Object({ id: Type.Integer(), materialKey: Type.String(), name: Type.String(), caseNumber: Type.String(), uploadedAt: Type.String() })),
})
export const MaterialResponse = Type.Object({ material: MaterialSchema })
export const OkResponse = Type.Object({ ok: Type.Literal(true) })
