/**
 * The supervision module's public types (电子监察): lights, alerts and cards, 催办/督办 orders and the
 * city's supervision settings. The web imports this file; keep it free of server imports.
 * Rules: RULES.md S4, S5, S10, R17–R20. Routes: README.md beside this file.
 */

/** A case's or step's light: green on time, yellow when the promised deadline is near, red when overdue. */
export type Light = 'green' | 'yellow' | 'red'
export const LIGHT_NAMES: Record<Light, string> = { green: '绿灯', yellow: '黄灯', red: '红灯' }

/** The signal level of an alert (R19: 预警 / 黄牌 / 红牌). */
export type AlertLevel = 'prompt' | 'yellow' | 'red'
export const ALERT_LEVEL_NAMES: Record<AlertLevel, string> = { prompt: '预警', yellow: '黄牌', red: '红牌' }

/**
 * What raised an alert. Each kind has one rule (RULES.md) and one detector in supervision.rules.ts.
 * "condition" kinds close by themselves when their condition stops being true (the case is completed,
 * the step is done…); "event" kinds record something that happened and close when a supervisor closes
 * them or a 督办 about them is answered and accepted.
 */
export const ALERT_KINDS = {
  deadline_near: { name: '预警提示', level: 'prompt', rule: 'R19', nature: 'condition', text: '距承诺办结期限不足设定的工作日（默认1个工作日）' },
  yellow_card: { name: '黄牌', level: 'yellow', rule: 'R18-2 / R19', nature: 'condition', text: '超过承诺办结期限仍未办结；限期整改' },
  red_card: { name: '红牌', level: 'red', rule: 'R19', nature: 'condition', text: '黄牌限期届满仍未办结；提出整改建议并问责' },
  step_overdue: { name: '环节超时', level: 'prompt', rule: 'R18-3', nature: 'condition', text: '环节超过其时限，而办件总时限未超' },
  prereview_overdue: { name: '预审超时', level: 'prompt', rule: 'R10 / R18-1', nature: 'condition', text: '网上申请超过预审期限仍未预审' },
  no_reasons: { name: '未说明理由', level: 'yellow', rule: 'R18-5', nature: 'event', text: '不予受理或不予许可而未说明理由' },
  fee_irregular: { name: '违规收费', level: 'yellow', rule: 'R18-7', nature: 'event', text: '收费项目或金额不在事项收费标准之内' },
  suspended_item: { name: '受理暂停事项', level: 'yellow', rule: 'S10', nature: 'event', text: '事项已暂停审批，仍受理了申请' },
  late_forwarding: { name: '转报超时', level: 'prompt', rule: 'R17 / R18-4', nature: 'condition', text: '下级部门“同意但需转报”后未在期限内转报上级' },
  deemed_followup_overdue: { name: '默许后未补发批文', level: 'prompt', rule: 'R16', nature: 'condition', text: '超时默许或缺席默认后，部门未在1个工作日内出具审批文书' },
  backfill_burst: { name: '集中补录', level: 'yellow', rule: 'S4 / R20', nature: 'event', text: '同一人员在短时间内集中录入大量环节，且距实际受理已久（先办后录）' },
  backfill_too_fast: { name: '办理过快', level: 'prompt', rule: 'S4 / R20', nature: 'event', text: '环节完成时间短于事项设定的合理最短时间' },
  backfill_intake_after_step: { name: '受理晚于办理', level: 'yellow', rule: 'S4', nature: 'event', text: '受理记录时间晚于后续环节的办理时间' },
  backfill_off_hours: { name: '非工作时间批量录入', level: 'prompt', rule: 'S4 / R20', nature: 'event', text: '在非工作时间批量录入办件环节' },
  order_unanswered: { name: '督办逾期未复', level: 'yellow', rule: 'R19 / R20', nature: 'condition', text: '催办或督办超过回复期限仍未回复' },
} as const satisfies Record<string, { name: string; level: AlertLevel; rule: string; nature: 'condition' | 'event'; text: string }>
export type AlertKind = keyof typeof ALERT_KINDS

export type AlertStatus = 'open' | 'closed'

export interface AlertDto {
  id: number
  kind: AlertKind
  kindName: string
  level: AlertLevel
  /** the rule that raised it (RULES.md numbering) and its text */
  rule: string
  ruleText: string
  status: AlertStatus
  caseId: number | null
  caseNumber: string | null
  itemName: string | null
  jointCaseId: number | null
  /** the unit answerable for it (department or window) */
  unitId: number
  unitName: string
  /** the staff member answerable, when one is known (step assignee, the person who entered records) */
  userId: number | null
  userName: string | null
  /** what was seen, as data and as one Chinese sentence */
  evidence: Record<string, unknown>
  evidenceText: string
  raisedAt: string
  /** for cards: the date by which the unit must complete (yellow card follow-up period) */
  due: string | null
  closedAt: string | null
  closeReason: string | null
  /** 催办/督办 sent about it */
  orderIds: number[]
}

/** One open case as the supervision console shows it. */
export interface LightedCase {
  caseId: number
  number: string
  itemName: string
  unitId: number
  unitName: string
  status: string
  statusName: string
  channel: 'online' | 'window'
  acceptedAt: string | null
  promisedDue: string | null
  /** working days left until the promised deadline (negative when overdue); null while paused or pending */
  daysLeft: number | null
  light: Light | null
  paused: boolean
  greenChannel: boolean
  /** the active step, with its own deadline and light */
  stepName: string | null
  stepAssignee: string | null
  stepDue: string | null
  stepLight: Light | null
  openAlerts: number
}

export interface LightCounts {
  green: number
  yellow: number
  red: number
  /** open alerts by level */
  prompts: number
  yellowCards: number
  redCards: number
}

/** The unit tree (centre → department → office/window) with each unit's counts, its own and below. */
export interface UnitTreeNode extends LightCounts {
  id: number
  name: string
  kind: string
  children: UnitTreeNode[]
}

export type OrderKind = 'urge' | 'supervise'
export const ORDER_KIND_NAMES: Record<OrderKind, string> = { urge: '催办', supervise: '督办' }
/** sent → replied → closed (accepted by the supervisor) or returned (reply not accepted: sent again);
 *  sent past its reply date → escalated (a 催办 becomes a 督办; a 督办 goes to the unit's leader). */
export type OrderStatus = 'sent' | 'replied' | 'closed' | 'escalated'
export const ORDER_STATUS_NAMES: Record<OrderStatus, string> = { sent: '待回复', replied: '已回复', closed: '已办结', escalated: '已升级' }

export interface OrderDto {
  id: number
  /** e.g. 督办〔2026〕12号 */
  number: string
  kind: OrderKind
  kindName: string
  status: OrderStatus
  statusName: string
  /** what it is about: a case, an alert, or a pattern (free text, e.g. "11月以来审批环节普遍超时") */
  caseId: number | null
  caseNumber: string | null
  alertId: number | null
  pattern: string | null
  unitId: number
  unitName: string
  content: string
  replyDue: string
  overdue: boolean
  sentById: number
  sentByName: string
  sentAt: string
  reply: string | null
  repliedByName: string | null
  repliedAt: string | null
  closedAt: string | null
  closeNote: string | null
  /** the order this one escalated from */
  parentId: number | null
  escalatedAt: string | null
}

/** The city's supervision settings (one row per region; these defaults where a city sets nothing). */
export interface SupervisionSettings {
  /** R19: a prompt this many working days before the promised deadline */
  warnDays: number
  /** R19: a yellow card demands completion within this many working days; past it, a red card */
  cardFollowupDays: number
  /** 催办/督办: the unit replies within this many working days */
  orderReplyDays: number
  /** R17: a lower level forwards upward within this many working days */
  forwardingDays: number
  /** 先办后录: a step completed in fewer minutes than this is "too fast" (an item's own minimum wins) */
  stepMinMinutes: number
  /** 先办后录: this many step records by one person within burstWindowMinutes is a burst … */
  burstCount: number
  burstWindowMinutes: number
  /** … when the cases were accepted at least this many working days before */
  burstLagDays: number
  /** working hours (local time, HH:MM); bulk entries outside them are flagged */
  workStart: string
  workEnd: string
  /** this many step records by one person outside working hours within an hour is "bulk" */
  offHoursCount: number
}

export const DEFAULT_SUPERVISION_SETTINGS: SupervisionSettings = {
  warnDays: 1,
  cardFollowupDays: 3,
  orderReplyDays: 3,
  forwardingDays: 3,
  stepMinMinutes: 3,
  burstCount: 8,
  burstWindowMinutes: 10,
  burstLagDays: 3,
  workStart: '08:30',
  workEnd: '18:00',
  offHoursCount: 5,
}
