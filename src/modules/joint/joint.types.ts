/**
 * The joint module's vocabulary and DTOs. Pure types and constants: the web imports this file.
 * Parallel approval (并联审批), construction stages, one-thing bundles (一件事), green channel, agents.
 */

export type JointCaseKind = 'stage' | 'bundle'

/**
 * draft → received (统一收件; departments pre-check, 抄告) → correction_requested (one merged notice) → received …
 * received → accepted (统一受理: split into sub-cases, 并行审批) | refused (不予受理)
 * accepted → replied (集中回复: every department has answered or is deemed to) → completed (every result issued)
 * → delivered (one delivery of all results). draft / received / correction_requested → withdrawn.
 */
export const JOINT_CASE_STATUSES = {
  draft: '草稿',
  received: '已收件（部门预审）',
  correction_requested: '待补正',
  accepted: '并联审批中',
  refused: '不予受理',
  replied: '已集中回复',
  completed: '已办结',
  delivered: '已送达',
  withdrawn: '已撤回',
} as const
export type JointCaseStatus = keyof typeof JOINT_CASE_STATUSES

/** A department's part: pre-check before acceptance, pending after, then replied or deemed. */
export const TASK_STATUSES = {
  prechecking: '预审中',
  pending: '审批中',
  replied: '已答复',
  deemed: '视为同意',
  withdrawn: '已撤回',
} as const
export type TaskStatus = keyof typeof TASK_STATUSES

/** R17: the only three replies a co-department may give. */
export const REPLY_KINDS = {
  agree: '同意',
  disagree: '不同意',
  agree_forward: '同意但需转报',
} as const
export type ReplyKind = keyof typeof REPLY_KINDS

/** How a reply came to be deemed 同意 (R16, R17). */
export const DEEMED_KINDS = {
  timeout: '超时默许',
  absence: '缺席默认',
  irregular_reply: '答复不规范，视为同意',
} as const
export type DeemedKind = keyof typeof DEEMED_KINDS

export const MEETING_KINDS = {
  meeting: '联席会议',
  inspection: '联合踏勘',
  drawing_review: '联合审图',
  acceptance: '联合验收',
} as const
export type MeetingKind = keyof typeof MEETING_KINDS

export const ATTENDANCE = {
  invited: '已邀请',
  attended: '出席',
  excused: '请假（理由正当）',
  absent: '缺席',
} as const
export type Attendance = keyof typeof ATTENDANCE

/** R15: the four national stages and their lead departments (Binzhou rules art 3). */
export const NATIONAL_STAGES = [
  { key: 'land_planning', name: '立项用地规划许可', lead: '发展改革' },
  { key: 'construction_permit_planning', name: '工程建设许可', lead: '自然资源和规划' },
  { key: 'construction_permit', name: '施工许可', lead: '行政审批' },
  { key: 'completion_acceptance', name: '竣工验收', lead: '住房和城乡建设' },
] as const

/** R15: the national target for the whole construction approval, in working days. */
export const NATIONAL_TARGET_DAYS = 120
/** R15 art 10: departments' pre-check findings are due within 2 working days of receipt. */
export const PRECHECK_DAYS = 2
/** R16 (Taizhou 2022): after a deemed approval the department issues its document within 1 working day. */
export const FOLLOWUP_DAYS = 1

// ---------------------------------------------------------------------------------------------
// DTOs (what the HTTP API returns; dates are 'YYYY-MM-DD', instants ISO strings)

export interface BundleItemDto {
  itemId: number
  code: string
  name: string
  departmentId: number
  departmentName: string
  promisedLimitDays: number
  legalLimitDays: number
}

/** One material of the union: submitted once, used by every item listed in usedBy (item ids). */
export interface UnionMaterialDto {
  key: string
  name: string
  requirement: 'required' | 'conditional' | 'optional'
  usedBy: number[]
  eCertificateType: string | null
}

export interface BundleDto {
  id: number
  code: string
  name: string
  description: string
  regionCode: string
  leadUnitId: number
  leadUnitName: string
  limitDays: number
  audiences: ('person' | 'enterprise')[]
  status: 'published' | 'suspended'
  items: BundleItemDto[]
  materials: UnionMaterialDto[]
}

export interface StageDefDto {
  id: number
  seq: number
  key: string
  name: string
  leadUnitId: number
  leadUnitName: string
  limitDays: number
  items: BundleItemDto[]
  meetingKinds: MeetingKind[]
}

export interface SchemeDto {
  id: number
  code: string
  name: string
  regionCode: string
  targetDays: number
  greenCutPercent: number
  isDefault: boolean
  description: string
  stages: StageDefDto[]
}

export interface ProjectStageDto {
  stageDefId: number
  seq: number
  key: string
  name: string
  leadUnitName: string
  limitDays: number
  /** not_started | open (a joint case filed, not completed) | completed */
  state: 'not_started' | 'open' | 'completed'
  jointCaseId: number | null
  jointCaseNumber: string | null
  status: JointCaseStatus | null
  acceptedAt: string | null
  completedAt: string | null
  /** working days the government has spent on this stage (acceptance → completion, or → today) */
  workdaysUsed: number
  due: string | null
  predictedCompletion: string | null
}

export interface ProjectDto {
  id: number
  code: string
  name: string
  schemeId: number
  schemeName: string
  regionCode: string
  applicantUserId: number
  applicantName: string
  applicantCreditCode: string | null
  location: string
  investmentYuan: string
  industryCode: string
  greenChannel: boolean
  greenReason: string | null
  managerUserId: number | null
  managerName: string | null
  targetDays: number
  /** working days used so far over all stages (government time only) */
  workdaysUsed: number
  /** the expected total (used so far + the current stage's prediction + the remaining stages' limits or history) */
  predictedTotalDays: number
  predictedCompletion: string | null
  onTarget: boolean
  status: 'active' | 'completed' | 'closed'
  createdAt: string
  stages: ProjectStageDto[]
}

export interface ProjectSummaryDto {
  id: number
  code: string
  name: string
  applicantName: string
  greenChannel: boolean
  managerName: string | null
  currentStage: string | null
  workdaysUsed: number
  targetDays: number
  status: 'active' | 'completed' | 'closed'
}

export interface JointMaterialDto {
  id: number
  key: string
  name: string
  source: 'upload' | 'prior_stage' | 'e_certificate'
  fileName: string
  size: number
  uploadedAt: string
  usedBy: number[]
}

export interface TaskDto {
  id: number
  jointCaseId: number
  itemId: number
  itemName: string
  unitId: number
  unitName: string
  role: 'lead' | 'co'
  status: TaskStatus
  caseId: number | null
  caseNumber: string | null
  /** the sub-case's status in the cases module (decided, completed …) */
  caseStatus: string | null
  limitDays: number
  due: string | null
  /** working days left (negative when overdue); null before acceptance */
  daysLeft: number | null
  light: 'green' | 'yellow' | 'red' | null
  precheckDoneAt: string | null
  reply: ReplyKind | null
  replyRaw: string | null
  reasons: string | null
  forwardTo: string | null
  repliedAt: string | null
  repliedByName: string | null
  deemedKind: DeemedKind | null
  deemedAt: string | null
  followupDue: string | null
  /** the department's approval document has been issued (its sub-case completed) */
  documentIssuedAt: string | null
  followupOverdue: boolean
  lateReply: { reply: string; reasons: string | null; at: string; by: string } | null
  expectedDays: number | null
  expectedBasis: 'limit' | 'history' | null
}

export interface CorrectionDto {
  id: number
  taskId: number
  unitName: string
  items: { materialKey: string | null; materialName: string; problem: string }[]
  requestedAt: string
  notifiedAt: string | null
  noticeDocumentId: number | null
  suppliedAt: string | null
}

export interface MeetingDto {
  id: number
  kind: MeetingKind
  title: string
  scheduledAt: string
  location: string
  status: 'scheduled' | 'held' | 'cancelled'
  heldAt: string | null
  minutes: string | null
  invites: { taskId: number; unitId: number; unitName: string; attendance: Attendance; reason: string | null; deemed: boolean }[]
}

export interface JointDocumentDto {
  id: number
  kind: string
  title: string
  issuedAt: string
  verificationCode: string
  caseId: number | null
}

export type JointAction =
  | 'edit'
  | 'submit'
  | 'withdraw'
  | 'supply'
  | 'precheck'
  | 'send_correction'
  | 'accept'
  | 'refuse'
  | 'reply'
  | 'issue'
  | 'schedule_meeting'
  | 'record_meeting'
  | 'central_reply'
  | 'deliver'

export interface JointCaseDto {
  id: number
  number: string
  kind: JointCaseKind
  name: string
  status: JointCaseStatus
  statusName: string
  channel: 'online' | 'window'
  project: { id: number; code: string; name: string; stageKey: string; stageName: string } | null
  bundle: { id: number; code: string; name: string } | null
  leadUnitId: number
  leadUnitName: string
  applicant: { userId: number; kind: 'person' | 'enterprise'; name: string; idNumber: string | null; creditCode: string | null; phone: string | null }
  agent: { userId: number; name: string; authorisationId: number } | null
  greenChannel: boolean
  limitDays: number
  form: Record<string, unknown>
  receivedAt: string | null
  precheckDue: string | null
  acceptedAt: string | null
  due: string | null
  predictedCompletion: string | null
  repliedAt: string | null
  completedAt: string | null
  deliveredAt: string | null
  delivery: { method: 'pickup' | 'post' | 'download'; centreId: number | null; address: string | null; trackingNumber: string | null } | null
  refusalReasons: string | null
  correctionCount: number
  materials: JointMaterialDto[]
  /** the union of the items' materials, with what is still missing */
  requiredMaterials: (UnionMaterialDto & { supplied: boolean })[]
  tasks: TaskDto[]
  corrections: CorrectionDto[]
  meetings: MeetingDto[]
  documents: JointDocumentDto[]
  /** what the current actor may do now */
  actions: JointAction[]
  /** per-task actions of the current actor: task id → actions ('precheck' | 'reply' | 'issue') */
  taskActions: Record<number, JointAction[]>
}

export interface JointCaseSummaryDto {
  id: number
  number: string
  kind: JointCaseKind
  name: string
  status: JointCaseStatus
  applicantName: string
  leadUnitName: string
  greenChannel: boolean
  receivedAt: string | null
  due: string | null
  predictedCompletion: string | null
  projectCode: string | null
  tasksTotal: number
  tasksAnswered: number
  tasksDeemed: number
}

/** A department's inbox row: its tasks, green channel first, then by due date. */
export interface TaskInboxRowDto {
  taskId: number
  jointCaseId: number
  jointCaseNumber: string
  jointCaseName: string
  itemName: string
  unitName: string
  role: 'lead' | 'co'
  status: TaskStatus
  greenChannel: boolean
  applicantName: string
  due: string | null
  precheckDue: string | null
  daysLeft: number | null
  light: 'green' | 'yellow' | 'red' | null
}

export interface PredictionDto {
  jointCaseId: number
  acceptedAt: string | null
  predictedCompletion: string | null
  /** the task on the critical path (the one finishing last) */
  criticalTaskId: number | null
  tasks: { taskId: number; unitName: string; limitDays: number; expectedDays: number; basis: 'limit' | 'history' | 'actual'; historyCount: number; expectedDate: string | null }[]
}

export interface AuthorisationDto {
  id: number
  agentUserId: number
  agentName: string
  principalUserId: number
  principalName: string
  scope: 'project' | 'all'
  projectId: number | null
  projectCode: string | null
  validFrom: string
  validUntil: string
  hasLetter: boolean
  note: string | null
  createdAt: string
  revokedAt: string | null
  revokeReason: string | null
  active: boolean
}
