/**
 * The stats module's public types: the headline KPIs (S9), their written definitions, efficiency
 * rankings (效能排行榜), quarterly grades (R20) and the lobby screen. The web imports this file; keep
 * it free of server imports. Routes and the exact definitions: README.md beside this file.
 */

export type Period = 'day' | 'week' | 'month' | 'quarter' | 'year'
export const PERIOD_NAMES: Record<Period, string> = { day: '日', week: '周', month: '月', quarter: '季度', year: '年' }

/**
 * The headline figures for one period and scope. Rates are fractions 0..1, or null when their
 * denominator is 0 (shown as "—", never as 0 % or 100 %).
 */
export interface KpiSet {
  /** the period's first and last day (inclusive, Asia/Shanghai dates) */
  from: string
  to: string
  received: number
  accepted: number
  completed: number
  completedOnTime: number
  instant: number
  /** 办结率 */
  completionRate: number | null
  /** 按时办结率 */
  onTimeRate: number | null
  /** 即办率 */
  instantRate: number | null
  /** average working days per completed case (pauses excluded) */
  avgWorkdays: number | null
  /** 提速率 = 1 − Σ actual working days / Σ legal working days, over completed cases */
  speedUpRate: number | null
  ratings: number
  /** 满意率 */
  satisfactionRate: number | null
  badReviews: number
  /** cases completed late in the period, plus cases open past their promised deadline at its end */
  overdue: number
  corrections: number
  alerts: number
  yellowCards: number
  redCards: number
  byChannel: { online: number; window: number }
  /** accepted cases by the level of the handling unit's region: 市级 / 县级 / 乡镇 / 村社区 */
  byLevel: Record<string, number>
}

export type KpiKey =
  | 'completionRate'
  | 'onTimeRate'
  | 'instantRate'
  | 'avgWorkdays'
  | 'speedUpRate'
  | 'satisfactionRate'
  | 'overdue'
  | 'byChannel'
  | 'byLevel'

/** A KPI's written definition, as the code computes it (also in README.md). */
export interface KpiDefinition {
  key: KpiKey
  name: string
  formula: string
  notes: string
}

export interface TrendPoint extends KpiSet {
  /** the bucket's label, e.g. 2026-11, 2026-W47, 2026Q4 */
  label: string
}

export type RankingScope = 'department' | 'window' | 'staff'
export const RANKING_SCOPE_NAMES: Record<RankingScope, string> = { department: '部门', window: '窗口', staff: '工作人员' }

export interface RankingRow {
  rank: number
  scope: RankingScope
  id: number
  name: string
  /** the department a window or staff member belongs to */
  parentName: string | null
  handled: number
  onTimeRate: number | null
  completedEarly: number
  avgWorkdays: number | null
  correctionsPerCase: number | null
  alerts: number
  cards: number
  satisfactionRate: number | null
  /**
   * The fairer view: the unit's average working days against the expected average of the same items
   * in the previous 12 months across the city (< 1 is faster than usual for those items).
   */
  relativeSpeed: number | null
  /** the composite score (0–100) that orders the ranking; its weights are in the README */
  score: number
}

export interface Ranking {
  scope: RankingScope
  period: 'week' | 'month'
  from: string
  to: string
  fair: boolean
  rows: RankingRow[]
}

export type Grade = 'excellent' | 'good' | 'pass' | 'fail'
export const GRADE_NAMES: Record<Grade, string> = { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' }

export interface GradeRow {
  unitId: number
  unitName: string
  quarter: string
  score: number
  grade: Grade
  gradeName: string
  /** the inputs of R20 that made the score */
  parts: Record<string, number | null>
}

/** Quarterly grade thresholds (R20), a setting per city. */
export interface GradeThresholds {
  excellent: number
  good: number
  pass: number
}
export const DEFAULT_GRADE_THRESHOLDS: GradeThresholds = { excellent: 90, good: 80, pass: 60 }

/** A ranking published on the public page. */
export interface PublishedRanking extends Ranking {
  id: number
  title: string
  publishedAt: string
}

/** Everything the lobby screen (数据大屏) shows, in one public, aggregate-only answer. */
export interface ScreenData {
  asOf: string
  today: KpiSet
  month: KpiSet
  year: KpiSet
  /** the last 30 days, one point a day */
  trend: TrendPoint[]
  /** accepted cases this month by department (top 10) */
  byDepartment: { name: string; accepted: number; onTimeRate: number | null }[]
  lights: { green: number; yellow: number; red: number }
  /** the latest completions, masked: 2026-11-21 10:32 企业设立登记 张** 已办结 */
  recent: { at: string; itemName: string; applicant: string; status: string }[]
}

/** GET /stats/breakdown?by=…: the KPIs of each group (department, channel, region level or item). */
export type BreakdownBy = 'department' | 'channel' | 'level' | 'item'
export interface BreakdownRow {
  key: string
  name: string
  kpis: KpiSet
}
