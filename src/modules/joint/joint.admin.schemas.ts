/** TypeBox schemas of the bundles / schemes / projects / agents routes (they appear in /api/openapi.json). */
import { Type } from 'typebox'
import { MEETING_KINDS } from './joint.types.js'

export const ErrorSchema = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) })
export const E = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema }

const Id = Type.Integer({ minimum: 1, maximum: 9007199254740991 })
const NStr = Type.Union([Type.String(), Type.Null()])
const NInt = Type.Union([Type.Integer(), Type.Null()])
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
const Audience = Type.Union([Type.Literal('person'), Type.Literal('enterprise')])
const MeetingKind = Type.Union(Object.keys(MEETING_KINDS).map((k) => Type.Literal(k)))

export const IdParams = Type.Object({ id: Id })
export const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) })

// ------------------------------------------------------------------ bundles

const BundleItem = Type.Object({
  itemId: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  departmentId: Type.Integer(),
  departmentName: Type.String(),
  promisedLimitDays: Type.Integer(),
  legalLimitDays: Type.Integer(),
})
const UnionMaterial = Type.Object({
  key: Type.String(),
  name: Type.String(),
  requirement: Type.Union([Type.Literal('required'), Type.Literal('conditional'), Type.Literal('optional')]),
  usedBy: Type.Array(Type.Integer()),
  eCertificateType: NStr,
})
const Bundle = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  description: Type.String(),
  regionCode: Type.String(),
  leadUnitId: Type.Integer(),
  leadUnitName: Type.String(),
  limitDays: Type.Integer(),
  audiences: Type.Array(Audience),
  status: Type.Union([Type.Literal('published'), Type.Literal('suspended')]),
  items: Type.Array(BundleItem),
  materials: Type.Array(UnionMaterial),
})
export const BundleListQuery = Type.Object({ audience: Type.Optional(Audience), all: Type.Optional(Type.Boolean()) })
export const BundleListResponse = Type.Object({ items: Type.Array(Bundle) })
export const BundleResponse = Type.Object({ bundle: Bundle })
export const BundleBody = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 40 }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  description: Type.String({ maxLength: 2000 }),
  leadUnitId: Id,
  limitDays: Type.Integer({ minimum: 1, maximum: 3650 }),
  itemIds: Type.Array(Id, { minItems: 1, maxItems: 50 }),
  audiences: Type.Array(Audience, { minItems: 1, maxItems: 2 }),
})
export const StatusBody = Type.Object({ status: Type.Union([Type.Literal('published'), Type.Literal('suspended')]) })

// ------------------------------------------------------------------ schemes

const StageDef = Type.Object({
  id: Type.Integer(),
  seq: Type.Integer(),
  key: Type.String(),
  name: Type.String(),
  leadUnitId: Type.Integer(),
  leadUnitName: Type.String(),
  limitDays: Type.Integer(),
  items: Type.Array(BundleItem),
  meetingKinds: Type.Array(Type.String()),
})
const Scheme = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  regionCode: Type.String(),
  targetDays: Type.Integer(),
  greenCutPercent: Type.Integer(),
  isDefault: Type.Boolean(),
  description: Type.String(),
  stages: Type.Array(StageDef),
})
export const SchemeListResponse = Type.Object({ items: Type.Array(Scheme) })
export const SchemeResponse = Type.Object({ scheme: Scheme })
export const SchemeBody = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 40 }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  regionCode: Type.String({ pattern: '^\\d{2,12}$' }),
  targetDays: Type.Integer({ minimum: 1, maximum: 3650 }),
  greenCutPercent: Type.Integer({ minimum: 0, maximum: 90 }),
  description: Type.String({ maxLength: 2000 }),
  stages: Type.Array(
    Type.Object({
      key: Type.String({ minLength: 1, maxLength: 40 }),
      name: Type.String({ minLength: 1, maxLength: 100 }),
      leadUnitId: Id,
      limitDays: Type.Integer({ minimum: 1, maximum: 3650 }),
      itemIds: Type.Array(Id, { minItems: 1, maxItems: 50 }),
      meetingKinds: Type.Array(MeetingKind, { maxItems: 4 }),
    }),
    { minItems: 1, maxItems: 10 },
  ),
})

// ------------------------------------------------------------------ projects

const ProjectStage = Type.Object({
  stageDefId: Type.Integer(),
  seq: Type.Integer(),
  key: Type.String(),
  name: Type.String(),
  leadUnitName: Type.String(),
  limitDays: Type.Integer(),
  state: Type.Union([Type.Literal('not_started'), Type.Literal('open'), Type.Literal('completed')]),
  jointCaseId: NInt,
  jointCaseNumber: NStr,
  status: NStr,
  acceptedAt: NStr,
  completedAt: NStr,
  workdaysUsed: Type.Integer(),
  due: NStr,
  predictedCompletion: NStr,
})
const ProjectStatus = Type.Union([Type.Literal('active'), Type.Literal('completed'), Type.Literal('closed')])
const Project = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  schemeId: Type.Integer(),
  schemeName: Type.String(),
  regionCode: Type.String(),
  applicantUserId: Type.Integer(),
  applicantName: Type.String(),
  applicantCreditCode: NStr,
  location: Type.String(),
  investmentYuan: Type.String(),
  industryCode: Type.String(),
  greenChannel: Type.Boolean(),
  greenReason: NStr,
  managerUserId: NInt,
  managerName: NStr,
  targetDays: Type.Integer(),
  workdaysUsed: Type.Integer(),
  predictedTotalDays: Type.Integer(),
  predictedCompletion: NStr,
  onTarget: Type.Boolean(),
  status: ProjectStatus,
  createdAt: Type.String(),
  stages: Type.Array(ProjectStage),
})
const ProjectSummary = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  applicantName: Type.String(),
  greenChannel: Type.Boolean(),
  managerName: NStr,
  currentStage: NStr,
  workdaysUsed: Type.Integer(),
  targetDays: Type.Integer(),
  status: ProjectStatus,
})
export const ProjectResponse = Type.Object({ project: Project })
export const ProjectBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  schemeId: Type.Optional(Id),
  applicantUserId: Type.Optional(Id),
  regionCode: Type.String({ pattern: '^\\d{6}(\\d{3}){0,2}$' }),
  location: Type.String({ maxLength: 500 }),
  investmentYuan: Type.String({ pattern: '^\\d{1,13}(\\.\\d{1,2})?$' }),
  industryCode: Type.String({ pattern: '^\\d{2}$' }),
})
export const ProjectListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  green: Type.Optional(Type.Boolean()),
  status: Type.Optional(ProjectStatus),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
})
export const ProjectListResponse = Type.Object({ items: Type.Array(ProjectSummary), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() })
export const GreenBody = Type.Object({ on: Type.Boolean(), reason: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])) })
export const ManagerBody = Type.Object({ userId: Id })

// ------------------------------------------------------------------ authorisations, agents

const Authorisation = Type.Object({
  id: Type.Integer(),
  agentUserId: Type.Integer(),
  agentName: Type.String(),
  principalUserId: Type.Integer(),
  principalName: Type.String(),
  scope: Type.Union([Type.Literal('project'), Type.Literal('all')]),
  projectId: NInt,
  projectCode: NStr,
  validFrom: Type.String(),
  validUntil: Type.String(),
  hasLetter: Type.Boolean(),
  note: NStr,
  createdAt: Type.String(),
  revokedAt: NStr,
  revokeReason: NStr,
  active: Type.Boolean(),
})
export const AuthorisationResponse = Type.Object({ authorisation: Authorisation })
export const AuthorisationListResponse = Type.Object({ items: Type.Array(Authorisation) })
/** The online grant (JSON); the paper letter is the same fields + principalUserId as multipart with file `letter`. */
export const GrantBody = Type.Object({
  agentUserId: Id,
  scope: Type.Union([Type.Literal('project'), Type.Literal('all')]),
  projectId: Type.Optional(Type.Union([Id, Type.Null()])),
  validUntil: Day,
  note: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  principalUserId: Type.Optional(Id),
})
export const RevokeBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) })
export const AgentListResponse = Type.Object({ items: Type.Array(Type.Object({ userId: Type.Integer(), name: Type.String(), unitName: Type.String() })) })
