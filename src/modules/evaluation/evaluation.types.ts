/**
 * The evaluation module's public types (好差评): ratings after each online case (一事一评) and each
 * window visit (一次一评), the bad-review rectification loop and appeals. The web imports this file;
 * keep it free of server imports. Rules: RULES.md R21–R23. Routes: README.md beside this file.
 */

/** R21: five levels; ★1 and ★2 are bad reviews (差评). */
export const STAR_NAMES = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' } as const
export type Stars = 1 | 2 | 3 | 4 | 5
export const isBadReview = (stars: number): boolean => stars <= 2

export type RatingChannel = 'online' | 'window'
export const RATING_CHANNEL_NAMES: Record<RatingChannel, string> = { online: '网上办事（一事一评）', window: '窗口服务（一次一评）' }

/** R21 level-2 indicators by channel (each rated 1–5 like the overall level). */
export const INDICATORS = {
  online: { efficiency: '办事效率', guideAccuracy: '办事指南精确度', convenience: '办事便捷度', usability: '平台操作性' },
  window: { efficiency: '服务效率', competence: '服务水平', attitude: '服务态度' },
} as const
export type OnlineIndicator = keyof (typeof INDICATORS)['online']
export type WindowIndicator = keyof (typeof INDICATORS)['window']

/** Where a rating came from. */
export type RatingSource = 'online' | 'tablet' | 'qr' | 'sms'

/** normal → counted; appealed (an appeal is pending: still counted); void (appeal upheld: not counted). */
export type RatingStatus = 'normal' | 'appealed' | 'void'

export interface RatingDto {
  id: number
  channel: RatingChannel
  source: RatingSource
  stars: Stars
  starsName: string
  indicators: Record<string, number>
  comment: string | null
  caseId: number | null
  caseNumber: string | null
  itemName: string | null
  visitId: number | null
  unitId: number
  unitName: string
  windowId: number | null
  windowName: string | null
  staffId: number | null
  staffName: string | null
  /** the rater as staff see them (masked for the public board) */
  raterName: string | null
  raterPhone: string | null
  realName: boolean
  status: RatingStatus
  createdAt: string
  rectificationId: number | null
}

/** A window visit (一次一评): opened by the window staff when they serve someone; rated once. */
export interface VisitDto {
  id: number
  windowId: number
  windowName: string
  staffId: number
  staffName: string
  caseId: number | null
  caseNumber: string | null
  /** what was done, e.g. 受理 企业设立登记 */
  purpose: string
  applicantName: string | null
  startedAt: string
  endedAt: string | null
  rated: boolean
  /** a short code for rating later by QR code or SMS link (/rate/:token) */
  token: string
}

/**
 * The rectification of a bad review (差评整改, R22): assigned to the unit with a deadline; the unit
 * calls the rater back (real-name: 100 %), records its measures; the rater rates the fix.
 * open → called_back → rectified → closed (rater's verdict given, or the verdict period passed);
 * an upheld appeal ends it as void; past its due date while open it is overdue.
 */
export type RectificationStatus = 'open' | 'called_back' | 'rectified' | 'closed' | 'void'
export const RECTIFICATION_STATUS_NAMES: Record<RectificationStatus, string> = {
  open: '待整改',
  called_back: '已回访',
  rectified: '已整改待评价',
  closed: '已办结',
  void: '申诉成立已撤销',
}
export type FixVerdict = 'satisfied' | 'basic' | 'unsatisfied'
export const FIX_VERDICT_NAMES: Record<FixVerdict, string> = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' }

export interface CallbackDto {
  id: number
  at: string
  byName: string
  method: 'phone' | 'sms' | 'visit' | 'other'
  reached: boolean
  content: string
}

export interface RectificationDto {
  id: number
  number: string
  status: RectificationStatus
  statusName: string
  rating: RatingDto
  unitId: number
  unitName: string
  due: string
  overdue: boolean
  callbacks: CallbackDto[]
  measures: string | null
  rectifiedAt: string | null
  verdict: FixVerdict | null
  verdictAt: string | null
  appeal: AppealDto | null
}

export type AppealStatus = 'pending' | 'upheld' | 'rejected'
export const APPEAL_STATUS_NAMES: Record<AppealStatus, string> = { pending: '待复核', upheld: '申诉成立', rejected: '申诉不成立' }

/** 申诉复核: a unit appeals a mistaken or malicious bad review; a supervisor decides. */
export interface AppealDto {
  id: number
  ratingId: number
  reason: string
  fileId: string | null
  status: AppealStatus
  statusName: string
  submittedAt: string
  submittedByName: string
  decidedAt: string | null
  decidedByName: string | null
  decisionNote: string | null
}

/** A bad review on the public board (R23): personal data masked. */
export interface PublicBadReview {
  id: number
  createdAt: string
  channel: RatingChannel
  stars: Stars
  starsName: string
  itemName: string | null
  unitName: string
  /** e.g. 张** */
  raterName: string
  comment: string | null
  rectificationStatus: RectificationStatus
  rectificationStatusName: string
  measures: string | null
  verdict: FixVerdict | null
}

export interface EvaluationSettings {
  /** R22: a bad review is rectified within this many working days (德州 5, 四川 15) */
  rectifyDays: number
  /** R22 (安阳): a real-name bad review is called back within this many working days */
  callbackDays: number
  /** GB/T 39734 7.2: a case or visit can be rated within this many days of completion */
  ratingWindowDays: number
  /** the rater gives a verdict on the fix within this many days; after it the rectification closes */
  verdictDays: number
}
export const DEFAULT_EVALUATION_SETTINGS: EvaluationSettings = { rectifyDays: 5, callbackDays: 1, ratingWindowDays: 15, verdictDays: 7 }

/** GET /public/bad-reviews (R23): the board and its headline figures (rates are fractions 0..1, null without ratings). */
export interface PublicBoard {
  items: PublicBadReview[]
  total: number
  summary: { ratings: number; satisfactionRate: number | null; badReviews: number; rectified: number }
}

/** The public page of a visit's rating link (/rate/:token). */
export interface PublicVisit {
  windowName: string
  purpose: string
  startedAt: string
  rated: boolean
}

export interface CaseRatingState {
  rating: RatingDto | null
  canRate: boolean
  /** the end of the rating window (ISO), null while the case is not completed */
  rateBy: string | null
}

export const CHANNEL_SHORT: Record<RatingChannel, string> = { online: '网上办事', window: '窗口服务' }
export const SOURCE_NAMES: Record<RatingSource, string> = { online: '网上大厅', tablet: '窗口评价器', qr: '扫码评价', sms: '短信评价' }
export const RATING_STATUS_NAMES: Record<RatingStatus, string> = { normal: '有效', appealed: '申诉中', void: '已撤销（申诉成立）' }
