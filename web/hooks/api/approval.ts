/**
 * Case and fee DTOs as the API returns them (src/modules/cases/cases.schemas.ts and
 * src/modules/fees): one definition for the hall and the back office.
 */

export type CaseStatus =
  | 'draft'
  | 'submitted'
  | 'returned'
  | 'received'
  | 'correction_requested'
  | 'accepted'
  | 'paused'
  | 'refused'
  | 'decided'
  | 'completed'
  | 'delivered'
  | 'withdrawn'

export interface FeeLine {
  ruleKey: string
  name: string
  basis: string
  quantity: number
  amountCents: number
  exemptCents: number
  exemption: string | null
}

export interface CaseStep {
  id: number
  key: string
  name: string
  role: string
  unitName: string | null
  status: 'waiting' | 'active' | 'done' | 'skipped'
  assigneeName: string | null
  opinion: string | null
  outcome: string | null
  startedAt: string | null
  completedAt: string | null
  due: string | null
}

export interface CaseClock {
  legalDays: number
  promisedDays: number
  start: string | null
  legalDue: string | null
  promisedDue: string | null
  usedDays: number
  leftDays: number | null
  pausedDays: number
  extensionDays: number
  paused: boolean
  overdue: boolean
  /** a due date falls in a year whose holiday schedule is not yet published: shown as pending */
  calendarPending: boolean
}
