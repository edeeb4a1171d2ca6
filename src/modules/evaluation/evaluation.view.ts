/** DTOs of the evaluation module, built from the repository's rows. */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import * as repo from './evaluation.repository.js'
import type { AppealRow, CallbackRow, RatingRow, RectRow, VisitRow } from './evaluation.repository.js'
import { isOverdue, maskRater, maskText } from './evaluation.rules.js'
import {
  APPEAL_STATUS_NAMES,
  RECTIFICATION_STATUS_NAMES,
  STAR_NAMES,
  type AppealDto,
  type CallbackDto,
  type PublicBadReview,
  type RatingDto,
  type RectificationDto,
  type Stars,
  type VisitDto,
} from './evaluation.types.js'

const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null)
const nn = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v))

function indicatorsOf(v: unknown): Record<string, number> {
  if (typeof v === 'string') return JSON.parse(v) as Record<string, number>
  return (v ?? {}) as Record<string, number>
}

export function ratingDto(r: RatingRow): RatingDto {
  const stars = Number(r.stars) as Stars
  return {
    id: Number(r.id),
    channel: r.channel,
    source: r.source,
    stars,
    starsName: STAR_NAMES[stars],
    indicators: indicatorsOf(r.indicators),
    comment: r.comment,
    caseId: nn(r.case_id),
    caseNumber: r.case_number ?? null,
    itemName: r.item_name ?? (r.visit_purpose ?? null),
    visitId: nn(r.visit_id),
    unitId: Number(r.unit_id),
    unitName: r.unit_name,
    windowId: nn(r.window_id),
    windowName: r.window_name ?? null,
    staffId: nn(r.staff_id),
    staffName: r.staff_name ?? null,
    raterName: r.rater_name,
    raterPhone: r.rater_phone,
    realName: r.real_name,
    status: r.status,
    createdAt: iso(r.created_at)!,
    rectificationId: nn(r.rectification_id),
  }
}

export function callbackDto(c: CallbackRow): CallbackDto {
  return { id: Number(c.id), at: iso(c.at)!, byName: c.by_name, method: c.method, reached: c.reached, content: c.content }
}

export function appealDto(a: AppealRow): AppealDto {
  return {
    id: Number(a.id),
    ratingId: Number(a.rating_id),
    reason: a.reason,
    fileId: a.file_id,
    status: a.status,
    statusName: APPEAL_STATUS_NAMES[a.status],
    submittedAt: iso(a.submitted_at)!,
    submittedByName: a.submitted_by_name,
    decidedAt: iso(a.decided_at),
    decidedByName: a.decided_by_name,
    decisionNote: a.decision_note,
  }
}

/** Full DTOs of rectifications (in the given order), each with its rating, callbacks and appeal. */
export async function rectDtos(db: Kysely<DB>, rects: RectRow[], today: string): Promise<RectificationDto[]> {
  const ratings = await repo.ratingsByIds(db, rects.map((x) => x.rating_id))
  const callbacks = await repo.callbacksOf(db, rects.map((x) => x.id))
  const appeals = new Map((await repo.appealsOf(db, rects.map((x) => x.rating_id))).map((a) => [Number(a.rating_id), a]))
  return rects.map((x) => {
    const rating = ratings.get(x.rating_id)!
    const appeal = appeals.get(x.rating_id)
    return {
      id: x.id,
      number: x.number,
      status: x.status,
      statusName: RECTIFICATION_STATUS_NAMES[x.status],
      rating: ratingDto(rating),
      unitId: x.unit_id,
      unitName: rating.unit_name,
      due: x.due ?? '',
      overdue: isOverdue(x.status, x.due, today),
      callbacks: callbacks.filter((c) => Number(c.rectification_id) === x.id).map(callbackDto),
      measures: x.measures,
      rectifiedAt: iso(x.rectified_at),
      verdict: x.verdict,
      verdictAt: iso(x.verdict_at),
      appeal: appeal ? appealDto(appeal) : null,
    }
  })
}

export function publicBadReview(r: RatingRow, x: RectRow | null): PublicBadReview {
  const stars = Number(r.stars) as Stars
  const status = x?.status ?? 'open'
  return {
    id: Number(r.id),
    createdAt: iso(r.created_at)!,
    channel: r.channel,
    stars,
    starsName: STAR_NAMES[stars],
    itemName: r.item_name ?? r.visit_purpose ?? null,
    unitName: r.unit_name,
    raterName: maskRater(r.rater_name),
    comment: maskText(r.comment),
    rectificationStatus: status,
    rectificationStatusName: RECTIFICATION_STATUS_NAMES[status],
    measures: maskText(x?.measures ?? null),
    verdict: x?.verdict ?? null,
  }
}

export function visitDto(v: VisitRow, names: { windowName: string; caseNumber: string | null }, rated: boolean): VisitDto {
  return {
    id: v.id,
    windowId: v.window_id,
    windowName: names.windowName,
    staffId: v.staff_id,
    staffName: v.staff_name,
    caseId: v.case_id,
    caseNumber: names.caseNumber,
    purpose: v.purpose,
    applicantName: v.applicant_name,
    startedAt: iso(v.started_at)!,
    endedAt: iso(v.ended_at),
    rated,
    token: v.token,
  }
}
