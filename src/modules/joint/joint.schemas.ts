/** Request and response schemas of the joint case routes (the DTOs of joint.types.ts). */
import { Type, type TSchema } from 'typebox'
import { ATTENDANCE, DEEMED_KINDS, JOINT_CASE_STATUSES, MEETING_KINDS, REPLY_KINDS, TASK_STATUSES } from './joint.types.js'

export const ErrorSchema = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) })

const N = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])
const NStr = N(Type.String())
const NInt = N(Type.Integer())
const Id = Type.Integer({ minimum: 1, maximum: 9007199254740991 })
const Enum = <K extends string>(o: Record<K, string>) => Type.Unsafe<K>({ type: 'string', enum: Object.keys(o) })
const Str = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max })

export const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' })
export const IdParams = Type.Object({ id: Id })
export const MaterialParams = Type.Object({ id: Id, materialId: Id })
export const DocParams = Type.Object({ id: Id, docId: Id })

const Principal = { principalUserId: Type.Optional(Id) }
const BundleTarget = { kind: Type.Literal('bundle'), bundleId: Id }
const StageTarget = { kind: Type.Literal('stage'), projectId: Id, stageKey: Str(50) }
export const CreateBody = Type.Union([Type.Object({ ...BundleTarget, ...Principal }), Type.Object({ ...StageTarget, ...Principal })])

const Applicant = Type.Union([
  Type.Object({ userId: Id }),
  Type.Object({ kind: Type.Literal('person'), name: Str(50), idNumber: Type.String({ minLength: 15, maxLength: 18 }), phone: Type.String({ minLength: 11, maxLength: 20 }) }),
  Type.Object({ kind: Type.Literal('enterprise'), name: Str(100), creditCode: Type.String({ minLength: 18, maxLength: 18 }), legalRepresentative: Str(50), phone: Type.String({ minLength: 11, maxLength: 20 }) }),
])
const Form = Type.Record(Type.String(), Type.Unknown())
const WindowExtra = { windowId: Id, applicant: Applicant, form: Type.Optional(Form) }
export const WindowBody = Type.Union([Type.Object({ ...BundleTarget, ...WindowExtra }), Type.Object({ ...StageTarget, ...WindowExtra })])

export const FormBody = Type.Object({ form: Form })
export const SupplyBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 1000 })) })
export const WithdrawBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 1000 })) })
export const RefuseBody = Type.Object({ reasons: Str(2000) })
export const PrecheckBody = Type.Object({
  ok: Type.Optional(Type.Boolean()),
  items: Type.Optional(Type.Array(Type.Object({ materialKey: N(Str(100)), problem: Str(500) }), { maxItems: 50 })),
})
export const ReplyBody = Type.Object({
  reply: Str(200),
  reasons: Type.Optional(N(Type.String({ maxLength: 2000 }))),
  forwardTo: Type.Optional(N(Type.String({ maxLength: 200 }))),
  issueNow: Type.Optional(Type.Boolean()),
})
export const MeetingBody = Type.Object({
  kind: Enum(MEETING_KINDS),
  title: Str(200),
  scheduledAt: Type.String({ minLength: 10, maxLength: 40 }),
  location: Str(200),
  taskIds: Type.Optional(Type.Array(Id, { maxItems: 100 })),
})
export const AttendanceBody = Type.Object({
  entries: Type.Array(
    Type.Object({ taskId: Id, attendance: Type.Union([Type.Literal('attended'), Type.Literal('excused'), Type.Literal('absent')]), reason: Type.Optional(N(Type.String({ maxLength: 500 }))) }),
    { maxItems: 100 },
  ),
  minutes: Type.String({ maxLength: 10000 }),
})
export const DeliverBody = Type.Object({
  method: Type.Union([Type.Literal('pickup'), Type.Literal('post'), Type.Literal('download')]),
  centreId: Type.Optional(N(Id)),
  address: Type.Optional(N(Type.String({ maxLength: 300 }))),
  trackingNumber: Type.Optional(N(Type.String({ maxLength: 60 }))),
})

const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
}
export const CaseListQuery = Type.Object({
  status: Type.Optional(Enum(JOINT_CASE_STATUSES)),
  kind: Type.Optional(Type.Union([Type.Literal('stage'), Type.Literal('bundle')])),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  projectId: Type.Optional(Id),
  ...Paging,
})
export const TaskListQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('prechecking'), Type.Literal('pending'), Type.Literal('replied'), Type.Literal('deemed')])),
  ...Paging,
})

// ---------------------------------------------------------------------------------------------
// Responses

const Light = N(Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red')]))
const Requirement = Type.Union([Type.Literal('required'), Type.Literal('conditional'), Type.Literal('optional')])
const Action = Type.String()

export const JointMaterialSchema = Type.Object({
  id: Type.Integer(),
  key: Type.String(),
  name: Type.String(),
  source: Type.Union([Type.Literal('upload'), Type.Literal('prior_stage'), Type.Literal('e_certificate')]),
  fileName: Type.String(),
  size: Type.Integer(),
  uploadedAt: Type.String(),
  usedBy: Type.Array(Type.Integer()),
})

const TaskSchema = Type.Object({
  id: Type.Integer(),
  jointCaseId: Type.Integer(),
  itemId: Type.Integer(),
  itemName: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  role: Type.Union([Type.Literal('lead'), Type.Literal('co')]),
  status: Enum(TASK_STATUSES),
  caseId: NInt,
  caseNumber: NStr,
  caseStatus: NStr,
  limitDays: Type.Integer(),
  due: NStr,
  daysLeft: NInt,
  light: Light,
  precheckDoneAt: NStr,
  reply: N(Enum(REPLY_KINDS)),
  replyRaw: NStr,
  reasons: NStr,
  forwardTo: NStr,
  repliedAt: NStr,
  repliedByName: NStr,
  deemedKind: N(Enum(DEEMED_KINDS)),
  deemedAt: NStr,
  followupDue: NStr,
  documentIssuedAt: NStr,
  followupOverdue: Type.Boolean(),
  lateReply: N(Type.Object({ reply: Type.String(), reasons: NStr, at: Type.String(), by: Type.String() })),
  expectedDays: N(Type.Number()),
  expectedBasis: N(Type.Union([Type.Literal('limit'), Type.Literal('history')])),
})

const CorrectionSchema = Type.Object({
  id: Type.Integer(),
  taskId: Type.Integer(),
  unitName: Type.String(),
  items: Type.Array(Type.Object({ materialKey: NStr, materialName: Type.String(), problem: Type.String() })),
  requestedAt: Type.String(),
  notifiedAt: NStr,
  noticeDocumentId: NInt,
  suppliedAt: NStr,
})

export const MeetingSchema = Type.Object({
  id: Type.Integer(),
  kind: Enum(MEETING_KINDS),
  title: Type.String(),
  scheduledAt: Type.String(),
  location: Type.String(),
  status: Type.Union([Type.Literal('scheduled'), Type.Literal('held'), Type.Literal('cancelled')]),
  heldAt: NStr,
  minutes: NStr,
  invites: Type.Array(Type.Object({ taskId: Type.Integer(), unitId: Type.Integer(), unitName: Type.String(), attendance: Enum(ATTENDANCE), reason: NStr, deemed: Type.Boolean() })),
})

const DocumentSchema = Type.Object({ id: Type.Integer(), kind: Type.String(), title: Type.String(), issuedAt: Type.String(), verificationCode: Type.String(), caseId: NInt })

export const JointCaseSchema = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  kind: Type.Union([Type.Literal('stage'), Type.Literal('bundle')]),
  name: Type.String(),
  status: Enum(JOINT_CASE_STATUSES),
  statusName: Type.String(),
  channel: Type.Union([Type.Literal('online'), Type.Literal('window')]),
  project: N(Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), stageKey: Type.String(), stageName: Type.String() })),
  bundle: N(Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() })),
  leadUnitId: Type.Integer(),
  leadUnitName: Type.String(),
  applicant: Type.Object({ userId: Type.Integer(), kind: Type.Union([Type.Literal('person'), Type.Literal('enterprise')]), name: Type.String(), idNumber: NStr, creditCode: NStr, phone: NStr }),
  agent: N(Type.Object({ userId: Type.Integer(), name: Type.String(), authorisationId: Type.Integer() })),
  greenChannel: Type.Boolean(),
  limitDays: Type.Integer(),
  form: Form,
  receivedAt: NStr,
  precheckDue: NStr,
  acceptedAt: NStr,
  due: NStr,
  predictedCompletion: NStr,
  repliedAt: NStr,
  completedAt: NStr,
  deliveredAt: NStr,
  delivery: N(Type.Object({ method: Type.Union([Type.Literal('pickup'), Type.Literal('post'), Type.Literal('download')]), centreId: NInt, address: NStr, trackingNumber: NStr })),
  refusalReasons: NStr,
  correctionCount: Type.Integer(),
  materials: Type.Array(JointMaterialSchema),
  requiredMaterials: Type.Array(
    Type.Object({ key: Type.String(), name: Type.String(), requirement: Requirement, usedBy: Type.Array(Type.Integer()), eCertificateType: NStr, supplied: Type.Boolean() }),
  ),
  tasks: Type.Array(TaskSchema),
  corrections: Type.Array(CorrectionSchema),
  meetings: Type.Array(MeetingSchema),
  documents: Type.Array(DocumentSchema),
  actions: Type.Array(Action),
  taskActions: Type.Record(Type.String(), Type.Array(Action)),
})

export const CaseResponse = Type.Object({ case: JointCaseSchema })
const IssuedDocSchema = Type.Object({ id: Type.Integer(), kind: Type.String(), title: Type.String(), issuedAt: Type.String(), verificationCode: Type.String(), verificationUrl: Type.String() })
export const CaseDocResponse = Type.Object({ case: JointCaseSchema, document: IssuedDocSchema })
export const MaterialResponse = Type.Object({ material: JointMaterialSchema })
export const MeetingResponse = Type.Object({ meeting: MeetingSchema })

const CaseSummarySchema = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  kind: Type.Union([Type.Literal('stage'), Type.Literal('bundle')]),
  name: Type.String(),
  status: Enum(JOINT_CASE_STATUSES),
  applicantName: Type.String(),
  leadUnitName: Type.String(),
  greenChannel: Type.Boolean(),
  receivedAt: NStr,
  due: NStr,
  predictedCompletion: NStr,
  projectCode: NStr,
  tasksTotal: Type.Integer(),
  tasksAnswered: Type.Integer(),
  tasksDeemed: Type.Integer(),
})
export const CaseListResponse = Type.Object({ items: Type.Array(CaseSummarySchema), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() })

const TaskRowSchema = Type.Object({
  taskId: Type.Integer(),
  jointCaseId: Type.Integer(),
  jointCaseNumber: Type.String(),
  jointCaseName: Type.String(),
  itemName: Type.String(),
  unitName: Type.String(),
  role: Type.Union([Type.Literal('lead'), Type.Literal('co')]),
  status: Enum(TASK_STATUSES),
  greenChannel: Type.Boolean(),
  applicantName: Type.String(),
  due: NStr,
  precheckDue: NStr,
  daysLeft: NInt,
  light: Light,
})
export const TaskListResponse = Type.Object({ items: Type.Array(TaskRowSchema), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() })

export const PredictionSchema = Type.Object({
  jointCaseId: Type.Integer(),
  acceptedAt: NStr,
  predictedCompletion: NStr,
  criticalTaskId: NInt,
  tasks: Type.Array(
    Type.Object({
      taskId: Type.Integer(),
      unitName: Type.String(),
      limitDays: Type.Integer(),
      expectedDays: Type.Number(),
      basis: Type.Union([Type.Literal('limit'), Type.Literal('history'), Type.Literal('actual')]),
      historyCount: Type.Integer(),
      expectedDate: NStr,
    }),
  ),
})
