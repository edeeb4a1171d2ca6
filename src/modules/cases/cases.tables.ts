// The cases module's tables (created by migration 20261121T1150-cases-create).
import type { ColumnType, Generated } from 'kysely'
import type { Timestamp } from '../../db/core.tables.js'
import type { CaseStatus } from './cases.rules.js'

type JsonCol<T> = ColumnType<T, string, string>
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>

export interface CaseTable {
  id: Generated<number>
  number: string
  item_id: number
  item_version_id: number
  unit_id: number
  region_code: string
  /** the centre that receives it (the window's centre, or the region's centre for online cases) */
  centre_id: number | null
  window_id: number | null
  channel: 'online' | 'window'
  status: CaseStatus
  applicant_user_id: number
  applicant_kind: 'person' | 'enterprise'
  applicant_name: string
  applicant_id_number: string | null
  applicant_credit_code: string | null
  applicant_phone: string | null
  form: JsonCol<Record<string, unknown>>
  quantities: JsonCol<Record<string, number>>
  exemptions: JsonCol<string[]>
  created_at: Timestamp
  submitted_at: TsNull
  prereview_due: string | null
  received_at: TsNull
  accepted_at: TsNull
  decided_at: TsNull
  completed_at: TsNull
  delivered_at: TsNull
  withdrawn_at: TsNull
  intake_kind: 'accept' | 'refuse' | 'conditional' | 'pledge' | 'deemed' | null
  deemed: Generated<boolean>
  refusal_kind: string | null
  competent_authority: string | null
  decision: 'grant' | 'deny' | null
  decision_reasons: string | null
  decided_by: string | null
  legal_days: number
  promised_days: number
  legal_due: string | null
  promised_due: string | null
  conditional_due: string | null
  conditional_pending: JsonCol<{ materialKey: string; dueDate: string }[]>
  commitment: string | null
  pledge: string | null
  correction_count: Generated<number>
  last_correction_at: TsNull
  last_material_at: TsNull
  withdraw_reason: string | null
  /** the joint case (并联审批 / 一件事) this case is a department's part of */
  joint_case_id: ColumnType<number | null, number | null | undefined, number | null>
  /** green channel (绿色通道): ordered first in every queue */
  green_channel: Generated<boolean>
  updated_at: Timestamp
}

export interface CaseMaterialTable {
  id: Generated<number>
  case_id: number
  material_key: string
  name: string
  file_id: string
  source: 'upload' | 'reuse' | 'e_certificate'
  reused_from: number | null
  e_certificate_id: number | null
  uploaded_at: Timestamp
  uploaded_by: number | null
}

export interface CaseCorrectionTable {
  id: Generated<number>
  case_id: number
  items: JsonCol<{ materialKey: string | null; problem: string }[]>
  stage: 'prereview' | 'intake'
  requested_at: Timestamp
  requested_by: number | null
  supplied_at: TsNull
  note: string | null
  document_id: number | null
}

export interface CaseStepTable {
  id: Generated<number>
  case_id: number
  seq: number
  key: string
  name: string
  role: string
  unit_id: number
  limit_days: number
  status: 'waiting' | 'active' | 'done' | 'skipped'
  assignee_id: number | null
  assignee_name: string | null
  opinion: string | null
  outcome: string | null
  started_at: TsNull
  completed_at: TsNull
  due: string | null
}

export interface CasePauseTable {
  id: Generated<number>
  case_id: number
  kind: string
  reason: string
  expected_days: number
  started_at: Timestamp
  ended_at: TsNull
  by_user_id: number | null
  document_id: number | null
}

export interface CaseExtensionTable {
  id: Generated<number>
  case_id: number
  days: number
  reason: string
  approved_by: string
  at: Timestamp
  by_user_id: number | null
  document_id: number | null
}

export interface CaseDeliveryTable {
  case_id: number
  method: 'pickup' | 'post' | 'download'
  pickup_centre_id: number | null
  address: string | null
  tracking_number: string | null
  delivered_at: TsNull
  by_user_id: number | null
}

export interface ECertificateTable {
  id: Generated<number>
  type: string
  name: string
  number: string
  holder_user_id: number
  holder_name: string
  issued_at: Timestamp
  case_id: number
  document_id: number | null
  file_id: string | null
}

export interface CaseNumberCounterTable {
  region_code: string
  day: string
  last: number
}

export interface CasesTables {
  case: CaseTable
  case_material: CaseMaterialTable
  case_correction: CaseCorrectionTable
  case_step: CaseStepTable
  case_pause: CasePauseTable
  case_extension: CaseExtensionTable
  case_delivery: CaseDeliveryTable
  e_certificate: ECertificateTable
  case_number_counter: CaseNumberCounterTable
}
