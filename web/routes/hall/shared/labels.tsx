/** Chinese names and colours the hall pages share: case statuses, material requirements, money. */
import { Tag } from 'antd'
import type { CaseStatus, ItemMaterial } from '../../../hooks/api/hall'

export const STATUS_NAMES: Record<CaseStatus, string> = {
  draft: '草稿',
  submitted: '已提交（待预审）',
  returned: '预审退回',
  received: '已收件（待受理）',
  correction_requested: '待补正',
  accepted: '已受理（办理中）',
  paused: '特别程序（暂停计时）',
  refused: '不予受理',
  decided: '已决定',
  completed: '已办结',
  delivered: '已送达',
  withdrawn: '已撤回',
}

const STATUS_COLORS: Record<CaseStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  returned: 'warning',
  received: 'processing',
  correction_requested: 'warning',
  accepted: 'blue',
  paused: 'purple',
  refused: 'error',
  decided: 'cyan',
  completed: 'success',
  delivered: 'success',
  withdrawn: 'default',
}

export function StatusTag({ status, name }: { status: CaseStatus; name?: string | null }) {
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid="case-status" data-status={status}>
      {name || STATUS_NAMES[status] || status}
    </Tag>
  )
}

export const REQUIREMENT_NAMES: Record<ItemMaterial['requirement'], string> = { required: '必要', conditional: '容缺/视情形', optional: '非必要' }
export const REQUIREMENT_COLORS: Record<ItemMaterial['requirement'], string> = { required: 'red', conditional: 'orange', optional: 'default' }
export const FORM_NAMES: Record<ItemMaterial['form'], string> = { original: '原件', copy: '复印件', original_and_copy: '原件和复印件', electronic: '电子材料' }
export const CHANNEL_NAMES: Record<string, string> = { online: '网上办理', window: '窗口办理', post: '邮寄办理' }
export const LEVEL_NAMES: Record<string, string> = { province: '省级', city: '市级', county: '县级', township: '乡镇（街道）级', village: '村（社区）级' }
export const RESULT_NAMES: Record<string, string> = { licence: '证照', approval_document: '批准文件', certificate: '证明', registration: '登记', other: '其他' }
export const ROLE_STEP_NAMES: Record<string, string> = {
  window_staff: '窗口受理人员',
  reviewer: '审查人员',
  approver: '审批负责人',
  centre_admin: '中心管理员',
  system_admin: '系统管理员',
  supervisor: '监督人员',
  applicant: '申请人',
}
export const DOC_KIND_NAMES: Record<string, string> = {
  receipt: '收件回执',
  acceptance_notice: '受理通知书',
  refusal_notice: '不予受理通知书',
  correction_notice: '补正告知书',
  conditional_acceptance_notice: '容缺受理告知书',
  pledge_acceptance_notice: '告知承诺受理通知书',
  pause_notice: '特别程序告知书',
  extension_notice: '延期告知书',
  grant_decision: '准予许可决定书',
  denial_decision: '不予许可决定书',
  result: '审批结果',
}

/** fen → ¥1,234.50 */
export function yuan(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '—'
  return `¥${(cents / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

const EXEMPTIONS: Record<string, string> = {
  new_enterprise: '新开办企业首次办理免收（无费区）',
  small_micro: '小微企业减免',
  low_income: '低保、特困人员减免',
  disabled: '残疾人减免',
  veteran: '优抚对象减免',
}
export function EXEMPTION_LABEL(key: string): string {
  return EXEMPTIONS[key] ?? key
}
