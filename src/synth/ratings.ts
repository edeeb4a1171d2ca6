/**
 * Ratings on synthetic history (好差评, RULES.md R21): whether a completed case is rated, its level
 * (★5 and ★4 nearly always, a few ★3, optionally a few ★1–★2 bad reviews), the level-2 indicators of
 * its channel and a comment. Pure and seeded; the demo (src/demo/supervision.ts) and the synthetic
 * city (city.ts) both draw their history ratings from here.
 */
import type { Rng } from './prng.js'

export const RATING_COMMENTS = ['办事效率高，一次就办好了', '窗口工作人员很耐心', '网上办理很方便，不用跑腿', '流程清楚，材料一次告知', null, null, null]
export const BAD_COMMENTS = ['等待时间太长，窗口人手不够', '材料要求前后说法不一致，多跑了一趟', '网上系统经常卡顿，提交不了', '工作人员态度生硬']
export const ONLINE_INDICATORS = ['efficiency', 'guideAccuracy', 'convenience', 'usability']
export const WINDOW_INDICATORS = ['efficiency', 'competence', 'attitude']

export interface RatingOptions {
  /** share of rated online cases (default 0.6) and of window cases (default 0.5) */
  onlineRate?: number
  windowRate?: number
  /** share of ★1–★2 bad reviews (default 0: ★5/★4/★3 only) */
  badShare?: number
}

export interface HistoryRating {
  channel: 'online' | 'window'
  stars: number
  indicators: Record<string, number>
  comment: string | null
  /** online: when it was rated (ms); window: rated at the counter as the visit ended (the writer knows when) */
  at: number | null
}

/**
 * The rating of one completed case, or null (not rated). Draws from rng in a fixed order, so a
 * history's ratings are reproducible.
 */
export function historyRating(rng: Rng, f: { completedAt: string | null; channel: 'online' | 'window' }, nowMs: number, o: RatingOptions = {}): HistoryRating | null {
  if (!f.completedAt) return null
  const bad = o.badShare ?? 0
  let s: number
  const x = rng.next()
  s = x < 0.86 ? 5 : x < 0.975 ? 4 : 3
  if (bad > 0 && rng.chance(bad)) s = rng.chance(0.4) ? 1 : 2
  const ind = (k: string[]) => Object.fromEntries(k.map((key) => [key, Math.max(1, s - (rng.chance(0.1) ? 1 : 0))]))
  let comment = rng.pick(RATING_COMMENTS)
  if (s <= 2) comment = rng.pick(BAD_COMMENTS)
  const at = Math.min(Date.parse(f.completedAt) + rng.int(10, 48 * 60) * 60_000, nowMs - 60_000)
  if (f.channel === 'online' && rng.chance(o.onlineRate ?? 0.6)) return { channel: 'online', stars: s, indicators: ind(ONLINE_INDICATORS), comment, at }
  if (f.channel === 'window' && rng.chance(o.windowRate ?? 0.5)) return { channel: 'window', stars: s, indicators: ind(WINDOW_INDICATORS), comment, at: null }
  return null
}
