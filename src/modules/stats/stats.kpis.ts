/**
 * The headline figures (S9) as pure functions of summed rollup rows, their written definitions,
 * the periods (Asia/Shanghai dates), the ranking score and the quarterly grade (R20).
 * Table-tested in stats.kpis.test.ts; README.md repeats the definitions word for word.
 */
import type { Grade, GradeThresholds, KpiDefinition, KpiSet, Period, RankingRow } from './stats.types.js'
import { GRADE_NAMES } from './stats.types.js'

/** Chinese names in pinyin order; one collator (String.localeCompare builds one per call: 0.1 ms each). */
export const byName = new Intl.Collator('zh-CN')

export const KPI_DEFINITIONS: KpiDefinition[] = [
  {
    key: 'completionRate',
    name: '办结率',
    formula: '期内受理的办件中已办结的件数 ÷ 期内受理且未撤回的件数',
    notes: '按受理日（受理时间的北京时间日期，视为受理的以收件日为准）归入期间；办结以办结时间为准，截至最近一次统计刷新；受理后撤回的不计入分母；分母为 0 时为空（—）。',
  },
  {
    key: 'onTimeRate',
    name: '按时办结率',
    formula: '期内办结且在承诺期限内作出决定的件数 ÷ 期内办结件数',
    notes: '按办结日归入期间；计时自受理日次日起至作出决定之日止，扣除特别程序（暂停）期间；决定日不晚于承诺办结日（含暂停顺延、不超过法定期限）即为按时；即办件均为按时。',
  },
  {
    key: 'instantRate',
    name: '即办率',
    formula: '期内办结的即办件件数 ÷ 期内办结件数',
    notes: '即办件：事项版本为即办件且在受理当日办结（当场办结）；按办结日归入期间。',
  },
  {
    key: 'avgWorkdays',
    name: '件均办理工作日',
    formula: 'Σ 实际办理工作日 ÷ 期内办结件数',
    notes: '实际办理工作日 = 受理日（不计）至决定日之间的工作日数，按办件所在区划的工作日历（含调休、地方休息日），扣除特别程序期间；按办结日归入期间。',
  },
  {
    key: 'speedUpRate',
    name: '提速率',
    formula: '1 − Σ 实际办理工作日 ÷ Σ 法定时限工作日',
    notes: '对期内办结的办件求和（按办结日归入期间）；法定时限为事项版本的法定办结时限（不含延期）；法定时限合计为 0 时为空。',
  },
  {
    key: 'satisfactionRate',
    name: '满意率',
    formula: '期内有效评价中 ★3–★5（非常满意、满意、基本满意）的条数 ÷ 期内有效评价条数',
    notes: '按评价时间的日期归入期间；被申诉核实为恶意而作废（void）的评价不计入；★1–★2 为差评（badReviews）。',
  },
  {
    key: 'overdue',
    name: '超期件数',
    formula: '期内办结但超出承诺期限的件数 + 期末仍未作出决定且已超过承诺办结日的件数',
    notes: '承诺办结日次日起为超期；期末未决超期件按超期开始日与决定（或撤回）日计算，当前期间以最近一次刷新为准；特别程序中的办件不计超期。',
  },
  {
    key: 'byChannel',
    name: '办件渠道分布',
    formula: '期内受理件数，按申请渠道（网上 / 窗口）分组',
    notes: '按受理日归入期间。',
  },
  {
    key: 'byLevel',
    name: '办件层级分布',
    formula: '期内受理件数，按承办单位所在区划的层级（省级 / 市级 / 县级 / 乡镇 / 村社区）分组',
    notes: '按受理日归入期间；层级取承办单位的行政区划。',
  },
]

export const LEVEL_NAMES: Record<number, string> = { 1: '省级', 2: '市级', 3: '县级', 4: '乡镇', 5: '村社区' }

// ---------------------------------------------------------------------------------------------
// Dates and periods (Asia/Shanghai, 'YYYY-MM-DD')

const DAY = 86_400_000

export function shanghaiDay(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}

function utc(day: string): Date {
  return new Date(`${day}T00:00:00Z`)
}

export function addDays(day: string, n: number): string {
  return new Date(utc(day).getTime() + n * DAY).toISOString().slice(0, 10)
}

export function isDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
  const d = utc(s)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

/** ISO week: Monday first; the week belongs to the year of its Thursday. */
export function isoWeek(day: string): { year: number; week: number; monday: string } {
  const d = utc(day)
  const dow = (d.getUTCDay() + 6) % 7 // Monday 0
  const monday = addDays(day, -dow)
  const thursday = utc(addDays(monday, 3))
  const year = thursday.getUTCFullYear()
  const jan1 = Date.UTC(year, 0, 1)
  const week = Math.floor((thursday.getTime() - jan1) / DAY / 7) + 1
  return { year, week, monday }
}

export interface Range {
  from: string
  to: string
  label: string
}

/** The period of the given kind containing the day. */
export function periodRange(period: Period, day: string): Range {
  const y = Number(day.slice(0, 4))
  const m = Number(day.slice(5, 7))
  switch (period) {
    case 'day':
      return { from: day, to: day, label: day }
    case 'week': {
      const w = isoWeek(day)
      return { from: w.monday, to: addDays(w.monday, 6), label: `${w.year}-W${String(w.week).padStart(2, '0')}` }
    }
    case 'month': {
      const from = `${day.slice(0, 7)}-01`
      const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
      return { from, to: addDays(next, -1), label: day.slice(0, 7) }
    }
    case 'quarter': {
      const q = Math.floor((m - 1) / 3)
      const from = `${y}-${String(q * 3 + 1).padStart(2, '0')}-01`
      const next = q === 3 ? `${y + 1}-01-01` : `${y}-${String(q * 3 + 4).padStart(2, '0')}-01`
      return { from, to: addDays(next, -1), label: `${y}Q${q + 1}` }
    }
    case 'year':
      return { from: `${y}-01-01`, to: `${y}-12-31`, label: String(y) }
  }
}

/** Consecutive periods covering from..to (the first and last may stick out). */
export function periodsBetween(period: Period, from: string, to: string, max = 400): Range[] {
  const out: Range[] = []
  let r = periodRange(period, from)
  while (r.from <= to && out.length < max) {
    out.push(r)
    r = periodRange(period, addDays(r.to, 1))
  }
  return out
}

/** '2026Q4' → its range, or null when malformed. */
export function quarterRange(q: string): Range | null {
  const m = /^(\d{4})Q([1-4])$/.exec(q)
  if (!m) return null
  return periodRange('quarter', `${m[1]}-${String((Number(m[2]) - 1) * 3 + 1).padStart(2, '0')}-01`)
}

// ---------------------------------------------------------------------------------------------
// Sums → KpiSet

/** What period queries sum from stats_day (one object per scope and period). */
export interface KpiSums {
  received: number
  accepted: number
  acceptedCompleted: number
  acceptedWithdrawn: number
  completed: number
  completedOnTime: number
  completedLate: number
  completedEarly: number
  instant: number
  workdays: number
  legalDays: number
  corrections: number
  ratings: number
  satisfied: number
  bad: number
  alerts: number
  yellowCards: number
  redCards: number
  /** cases undecided past their promised date at the period's end (overdue_in − overdue_out up to it) */
  overdueOpen: number
  online: number
  window: number
  byLevel: Record<string, number>
}

export function emptySums(): KpiSums {
  return {
    received: 0, accepted: 0, acceptedCompleted: 0, acceptedWithdrawn: 0, completed: 0, completedOnTime: 0, completedLate: 0, completedEarly: 0,
    instant: 0, workdays: 0, legalDays: 0, corrections: 0, ratings: 0, satisfied: 0, bad: 0, alerts: 0, yellowCards: 0, redCards: 0,
    overdueOpen: 0, online: 0, window: 0, byLevel: {},
  }
}

export function ratio(n: number, d: number): number | null {
  return d > 0 ? n / d : null
}

export function kpiSet(from: string, to: string, s: KpiSums): KpiSet {
  return {
    from,
    to,
    received: s.received,
    accepted: s.accepted,
    completed: s.completed,
    completedOnTime: s.completedOnTime,
    instant: s.instant,
    completionRate: ratio(s.acceptedCompleted, s.accepted - s.acceptedWithdrawn),
    onTimeRate: ratio(s.completedOnTime, s.completed),
    instantRate: ratio(s.instant, s.completed),
    avgWorkdays: ratio(s.workdays, s.completed),
    speedUpRate: s.legalDays > 0 ? 1 - s.workdays / s.legalDays : null,
    ratings: s.ratings,
    satisfactionRate: ratio(s.satisfied, s.ratings),
    badReviews: s.bad,
    overdue: s.completedLate + s.overdueOpen,
    corrections: s.corrections,
    alerts: s.alerts,
    yellowCards: s.yellowCards,
    redCards: s.redCards,
    byChannel: { online: s.online, window: s.window },
    byLevel: { ...s.byLevel },
  }
}

// ---------------------------------------------------------------------------------------------
// Ranking score (weights in README.md)

export const SCORE_WEIGHTS = { onTime: 35, speed: 25, satisfaction: 20, corrections: 10, supervision: 10 } as const

export type RankInput = Omit<RankingRow, 'rank' | 'score'>

/**
 * The composite score of each row, 0–100:
 *  on-time 35 × 按时办结率;
 *  speed 25 × (best ÷ own): raw view on average working days (+1 so that 0-day units compare),
 *    fair view on relativeSpeed; no figure → half the weight;
 *  satisfaction 20 × 满意率 (no ratings → the mean of the rated rows, or full when none is rated);
 *  corrections 10 × max(0, 1 − corrections per case);
 *  supervision 10 × max(0, 1 − (alerts + 3 × cards) ÷ handled).
 * Ordered by score, then handled (more first), then name.
 */
export function scoreRows(rows: RankInput[], fair: boolean): RankingRow[] {
  const W = SCORE_WEIGHTS
  const speedOf = (r: RankInput) => (fair ? r.relativeSpeed : r.avgWorkdays === null ? null : r.avgWorkdays + 1)
  const speeds = rows.map(speedOf).filter((x): x is number => x !== null)
  const best = speeds.length ? Math.min(...speeds) : null
  const rated = rows.map((r) => r.satisfactionRate).filter((x): x is number => x !== null)
  const meanSat = rated.length ? rated.reduce((a, b) => a + b, 0) / rated.length : 1
  const scored = rows.map((r) => {
    const sp = speedOf(r)
    const speed = sp === null || best === null ? 0.5 : sp <= 0 ? 1 : Math.min(1, Math.max(0, best) / sp)
    const onTime = r.onTimeRate ?? 0
    const sat = r.satisfactionRate ?? meanSat
    const corr = r.correctionsPerCase === null ? 1 : Math.max(0, 1 - r.correctionsPerCase)
    const sup = r.handled > 0 ? Math.max(0, 1 - (r.alerts + 3 * r.cards) / r.handled) : r.alerts + r.cards > 0 ? 0 : 1
    const score = W.onTime * onTime + W.speed * speed + W.satisfaction * sat + W.corrections * corr + W.supervision * sup
    return { ...r, score: Math.round(score * 10) / 10 }
  })
  scored.sort((a, b) => b.score - a.score || b.handled - a.handled || byName.compare(a.name, b.name) || a.id - b.id)
  return scored.map((r, i) => ({ ...r, rank: i + 1 }))
}

// ---------------------------------------------------------------------------------------------
// Quarterly grade (R20)

export const GRADE_WEIGHTS = { onTime: 40, completion: 10, speedUp: 10, satisfaction: 20, corrections: 10, supervision: 10 } as const

export interface GradeInputs {
  handled: number
  completionRate: number | null
  onTimeRate: number | null
  speedUpRate: number | null
  satisfactionRate: number | null
  correctionsPerCase: number | null
  alerts: number
  yellowCards: number
  redCards: number
}

/**
 * The quarter's score on an absolute scale (not against the others), 0–100:
 *  按时办结率 × 40 + 办结率 × 10 + min(1, max(0, 提速率) ÷ 0.5) × 10 + 满意率 × 20
 *  + max(0, 1 − 件均补正次数) × 10 + max(0, 10 − 0.5 × 预警 − 2 × 黄牌 − 5 × 红牌).
 * A figure with no data (no completed case, no rating) counts in full: there is nothing against it.
 */
export function gradeScore(p: GradeInputs): number {
  const W = GRADE_WEIGHTS
  const s =
    W.onTime * (p.onTimeRate ?? 1) +
    W.completion * (p.completionRate ?? 1) +
    W.speedUp * (p.speedUpRate === null ? 1 : Math.min(1, Math.max(0, p.speedUpRate) / 0.5)) +
    W.satisfaction * (p.satisfactionRate ?? 1) +
    W.corrections * (p.correctionsPerCase === null ? 1 : Math.max(0, 1 - p.correctionsPerCase)) +
    Math.max(0, W.supervision - 0.5 * p.alerts - 2 * p.yellowCards - 5 * p.redCards)
  return Math.round(s * 10) / 10
}

export function gradeOf(score: number, t: GradeThresholds): Grade {
  if (score >= t.excellent) return 'excellent'
  if (score >= t.good) return 'good'
  if (score >= t.pass) return 'pass'
  return 'fail'
}

export function gradeName(g: Grade): string {
  return GRADE_NAMES[g]
}

export function validThresholds(t: GradeThresholds): boolean {
  const ok = (x: number) => Number.isFinite(x) && x >= 0 && x <= 100
  return ok(t.excellent) && ok(t.good) && ok(t.pass) && t.excellent > t.good && t.good > t.pass
}

/** 张** (people: the family name), 德州**公司 (organisations: first two and last two characters). */
export function maskApplicant(name: string): string {
  const chars = [...name.trim()]
  if (chars.length === 0) return '**'
  if (chars.length >= 6) return `${chars.slice(0, 2).join('')}**${chars.slice(-2).join('')}`
  return `${chars[0]}**`
}
