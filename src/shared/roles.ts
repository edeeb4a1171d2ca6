/** The roles of ARCHITECTURE.md, with their Chinese names as the UI shows them. */
export const ROLES = {
  applicant: '申请人',
  window_staff: '窗口人员',
  reviewer: '审核人员',
  approver: '审批人 / 首席代表',
  centre_admin: '中心管理员',
  supervisor: '电子监察员',
  hotline_operator: '热线话务员',
  handling_unit: '承办单位',
  agent: '帮办代办员',
  disclosure_officer: '政务公开专员',
  trading_staff: '交易中心人员',
  system_admin: '系统管理员',
} as const

export type Role = keyof typeof ROLES
export const ROLE_NAMES = Object.keys(ROLES) as Role[]
export const STAFF_ROLES = ROLE_NAMES.filter((r) => r !== 'applicant')

export function isRole(x: string): x is Role {
  return Object.hasOwn(ROLES, x)
}
