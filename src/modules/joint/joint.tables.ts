// The joint module's tables (created by migration 20261121T1200-joint-create).
// Parallel approval (并联审批): schemes of construction stages, one-thing bundles, projects (一号制),
// joint cases split into department tasks (each backed by a sub-case in the cases module),
// pre-check corrections merged into one notice, joint meetings and inspections, agent authorisations.
import type { ColumnType, Generated } from 'kysely'
import type { Timestamp } from '../../db/core.tables.js'
import type {
  Attendance,
  DeemedKind,
  JointCaseKind,
  JointCaseStatus,
  MeetingKind,
  ReplyKind,
  TaskStatus,
} from './joint.types.js'

type JsonCol<T> = ColumnType<T, string, string>
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>

/** A city's construction-approval scheme: national 4 stages, or a local 5-stage variant (永川, 大足). */
export interface JointSchemeTable {
  id: Generated<number>
  code: string
  name: string
  region_code: string
  /** the whole project's target in working days (national 120; a city setting, e.g. 德州 25) */
  target_days: number
  /** green channel: each limit is cut by this percentage (rounded up, at least 1 day) */
  green_cut_percent: number
  is_default: boolean
  description: string
  created_at: Timestamp
  updated_at: Timestamp
}

export interface JointStageDefTable {
  id: Generated<number>
  scheme_id: number
  seq: number
  key: string
  name: string
  lead_unit_id: number
  /** the stage's limit in working days (限时完成) */
  limit_days: number
  item_ids: JsonCol<number[]>
  /** the joint procedures this stage normally holds (联合踏勘 / 联合审图 / 联合验收 / 联席会议) */
  meeting_kinds: JsonCol<MeetingKind[]>
}

/** A one-thing bundle (一件事一次办), defined in the catalogue. */
export interface JointBundleTable {
  id: Generated<number>
  code: string
  name: string
  description: string
  region_code: string
  lead_unit_id: number
  limit_days: number
  item_ids: JsonCol<number[]>
  audiences: JsonCol<('person' | 'enterprise')[]>
  status: 'published' | 'suspended'
  created_at: Timestamp
  updated_at: Timestamp
}

/** A construction project, followed through every stage by its project code (一号制). */
export interface JointProjectTable {
  id: Generated<number>
  code: string
  name: string
  scheme_id: number
  region_code: string
  applicant_user_id: number
  applicant_name: string
  applicant_credit_code: string | null
  location: string
  investment_cents: number
  industry_code: string
  green_channel: boolean
  green_reason: string | null
  /** the project manager (一个项目、一人、一套方案、一办到底): a staff account */
  manager_user_id: number | null
  target_days: number
  status: 'active' | 'completed' | 'closed'
  created_at: Timestamp
  created_by: number | null
  completed_at: TsNull
}

/** One application for several items: a stage of a project, or a bundle. */
export interface JointCaseTable {
  id: Generated<number>
  number: string
  kind: JointCaseKind
  project_id: number | null
  stage_def_id: number | null
  bundle_id: number | null
  name: string
  lead_unit_id: number
  region_code: string
  centre_id: number | null
  window_id: number | null
  channel: 'online' | 'window'
  status: JointCaseStatus
  applicant_user_id: number
  applicant_kind: 'person' | 'enterprise'
  applicant_name: string
  applicant_id_number: string | null
  applicant_credit_code: string | null
  applicant_phone: string | null
  /** the agent (帮办/代办) who filed or follows it, under the recorded authorisation */
  agent_user_id: number | null
  authorisation_id: number | null
  form: JsonCol<Record<string, unknown>>
  green_channel: boolean
  limit_days: number
  created_at: Timestamp
  received_at: TsNull
  /** the departments' pre-check (抄告) is due by this date: 2 working days after receipt (R15 art 10) */
  precheck_due: string | null
  accepted_at: TsNull
  /** the stage / bundle limit, from acceptance */
  due: string | null
  predicted_completion: string | null
  correction_count: Generated<number>
  last_correction_at: TsNull
  last_material_at: TsNull
  refusal_reasons: string | null
  replied_at: TsNull
  reply_document_id: number | null
  completed_at: TsNull
  delivered_at: TsNull
  delivery_method: 'pickup' | 'post' | 'download' | null
  pickup_centre_id: number | null
  delivery_address: string | null
  tracking_number: string | null
  withdrawn_at: TsNull
  updated_at: Timestamp
}

/** One set of materials for the whole joint case: a material submitted once serves every item that needs it. */
export interface JointMaterialTable {
  id: Generated<number>
  joint_case_id: number
  material_key: string
  name: string
  file_id: string
  /** 'prior_stage': pushed from an earlier stage's result (R15 art 16) */
  source: 'upload' | 'prior_stage' | 'e_certificate'
  source_case_id: number | null
  e_certificate_id: number | null
  uploaded_at: Timestamp
  uploaded_by: number | null
}

/** A department's part of a joint case (统一受理、抄告相关、并行审批). */
export interface JointTaskTable {
  id: Generated<number>
  joint_case_id: number
  item_id: number
  item_version_id: number
  unit_id: number
  role: 'lead' | 'co'
  /** the sub-case in the cases module, created at acceptance */
  case_id: number | null
  limit_days: number
  due: string | null
  status: TaskStatus
  precheck_done_at: TsNull
  reply: ReplyKind | null
  /** the reply exactly as the department gave it (R17: anything else counts as 同意) */
  reply_raw: string | null
  reasons: string | null
  forward_to: string | null
  replied_at: TsNull
  replied_by: number | null
  replied_by_name: string | null
  deemed_kind: DeemedKind | null
  deemed_at: TsNull
  /** after a deemed approval the department issues its approval document within 1 working day (R16) */
  followup_due: string | null
  /** a reply that arrived after the task was deemed: recorded, never applied */
  late_reply: JsonCol<{ reply: string; reasons: string | null; at: string; by: string } | null>
  /** R17: when a 同意但需转报 department recorded its forwarding upward (joint.forwarding.ts) */
  forwarded_at: TsNull
  forwarded_ref: ColumnType<string | null, string | null | undefined, string | null>
}

/** A department's pre-check findings; the lead merges open ones into one one-time notice. */
export interface JointCorrectionTable {
  id: Generated<number>
  joint_case_id: number
  task_id: number
  items: JsonCol<{ materialKey: string | null; problem: string }[]>
  requested_at: Timestamp
  requested_by: number | null
  notice_document_id: number | null
  notified_at: TsNull
  supplied_at: TsNull
}

export interface JointMeetingTable {
  id: Generated<number>
  joint_case_id: number
  kind: MeetingKind
  title: string
  scheduled_at: Timestamp
  location: string
  status: 'scheduled' | 'held' | 'cancelled'
  held_at: TsNull
  minutes: string | null
  created_by: number | null
  created_at: Timestamp
}

export interface JointMeetingInviteTable {
  meeting_id: number
  task_id: number
  unit_id: number
  attendance: Attendance
  reason: string | null
  /** absent without a valid reason → the department is deemed to agree (缺席默认) */
  deemed: Generated<boolean>
}

/** A recorded authorisation for an agent (帮办/代办) to file and follow cases for an applicant. */
export interface AgentAuthorisationTable {
  id: Generated<number>
  agent_user_id: number
  principal_user_id: number
  principal_name: string
  scope: 'project' | 'all'
  project_id: number | null
  valid_from: string
  valid_until: string
  letter_file_id: string | null
  note: string | null
  created_at: Timestamp
  created_by: number | null
  revoked_at: TsNull
  revoked_by: number | null
  revoke_reason: string | null
}

export interface JointCounterTable {
  /** 'case:<region>:<yyyymmdd>' or 'project:<year>:<region>' */
  key: string
  last: number
}

export interface JointTables {
  joint_scheme: JointSchemeTable
  joint_stage_def: JointStageDefTable
  joint_bundle: JointBundleTable
  joint_project: JointProjectTable
  joint_case: JointCaseTable
  joint_material: JointMaterialTable
  joint_task: JointTaskTable
  joint_correction: JointCorrectionTable
  joint_meeting: JointMeetingTable
  joint_meeting_invite: JointMeetingInviteTable
  agent_authorisation: AgentAuthorisationTable
  joint_counter: JointCounterTable
}
