/**
 * Pure rules of 好差评 (RULES.md R21–R23): indicator validation per channel, the rating window,
 * masking for the public board, the rectification's next state and its overdue flag.
 */
import { INDICATORS, type EvaluationSettings, type FixVerdict, type RatingChannel, type RectificationStatus } from './evaluation.types.js'

/** R21: overall 1–5 and every level-2 indicator of the channel, each 1–5; nothing else. null = valid. */
export function indicatorProblem(channel: RatingChannel, stars: number, indicators: Record<string, unknown>): string | null {
  if (!Number.isInteger(stars) || stars < 1 || stars > 5) return '总体评价须为 1～5 星'
  const names = INDICATORS[channel] as Record<string, string>
  for (const k of Object.keys(indicators)) if (!Object.hasOwn(names, k)) return `评价指标「${k}」不属于${channel === 'online' ? '网上办事' : '窗口服务'}评价`
  for (const [k, label] of Object.entries(names)) {
    const v = indicators[k]
    if (v === undefined) return `请对「${label}」作出评价`
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 5) return `「${label}」须为 1～5 星`
  }
  return null
}

/** The last moment a case completed (or visit ended) at `from` may be rated: end of the Nth calendar day (Asia/Shanghai). */
export function ratingDeadline(from: Date, days: number): Date {
  const shanghai = new Date(from.getTime() + 8 * 3600_000)
  const endOfDay = Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth(), shanghai.getUTCDate() + days, 23, 59, 59, 999)
  return new Date(endOfDay - 8 * 3600_000)
}

export function withinWindow(from: Date, now: Date, days: number): boolean {
  return now.getTime() <= ratingDeadline(from, days).getTime()
}

/** 张三 → 张*, 欧阳娜娜 → 欧***; a company keeps its first two characters; empty → 匿名用户. */
export function maskRater(name: string | null): string {
  const c = [...(name ?? '').trim()]
  if (c.length === 0) return '匿名用户'
  if (c.length > 6) return `${c.slice(0, 2).join('')}${'*'.repeat(4)}`
  return `${c[0]}${'*'.repeat(Math.max(1, c.length - 1))}`
}

/** A rectification is overdue when it is still being worked on after its due date. */
export function isOverdue(status: RectificationStatus, due: string | null, today: string): boolean {
  return (status === 'open' || status === 'called_back') && due !== null && today > due
}

/** What the rater's verdict does: 不满意 the first time reopens; anything else (or a second verdict) closes. */
export function afterVerdict(verdict: FixVerdict, reopened: boolean): 'reopen' | 'close' {
  return verdict === 'unsatisfied' && !reopened ? 'reopen' : 'close'
}

export function settingsProblem(s: EvaluationSettings): string | null {
  const ranges: [keyof EvaluationSettings, string, number, number][] = [
    ['rectifyDays', '整改期限', 1, 60],
    ['callbackDays', '回访期限', 1, 30],
    ['ratingWindowDays', '评价有效期', 1, 365],
    ['verdictDays', '整改评价期限', 1, 60],
  ]
  for (const [k, label, min, max] of ranges) {
    const v = s[k]
    if (!Number.isInteger(v) || v < min || v > max) return `${label}须为 ${min}～${max} 之间的整数`
  }
  if (s.callbackDays > s.rectifyDays) return '回访期限不能长于整改期限'
  return null
}

/** Personal data a rater may have typed into a comment (ID numbers, mobile numbers) masked for the public. */
export function maskText(s: string | null): string | null {
  if (s === null) return null
  return s
    .replace(/(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])/g, '$1********$2')
    .replace(/(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g, '$1****$2')
}
