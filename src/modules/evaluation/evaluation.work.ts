/** Helpers shared by the evaluation use cases: opening a rectification, notices to a unit. */
import type { Tx } from '../../server/mutate.js'
import { addOrPending, toShanghaiDate, type Calendar } from '../calendar/index.js'
import { notify, type NoticeEvent } from '../notify/index.js'
import * as repo from './evaluation.repository.js'
import { UNIT_ROLES } from './evaluation.policy.js'
import { STAR_NAMES, type EvaluationSettings, type Stars } from './evaluation.types.js'

export interface NewRating {
  id: number
  stars: number
  unitId: number
  caseNumber: string | null
  itemName: string | null
  comment: string | null
  realName: boolean
  regionCode: string
}

/** The subject of a rating in notices: the case number, or 窗口服务 for a visit without a case. */
export const subjectOf = (r: { caseNumber: string | null }) => r.caseNumber ?? '窗口服务'

export async function tellUnit(tx: Tx, unitId: number, event: NoticeEvent, data: Record<string, string | number>): Promise<void> {
  const unit = await repo.unitRow(tx.db, unitId)
  for (const u of await repo.unitStaff(tx.db, unitId, UNIT_ROLES)) {
    await notify(tx, { event, userId: u.id, name: u.name, data: { unitName: unit?.name ?? '', ...data } })
  }
}

/** R22: a bad review opens its rectification in the same transaction, with its due date and a notice to the unit. */
export async function openRectification(tx: Tx, r: NewRating, cal: Calendar, s: EvaluationSettings): Promise<number> {
  const today = toShanghaiDate(tx.now)
  const due = addOrPending(cal, today, s.rectifyDays)
  const row = await tx.db
    .insertInto('rectification')
    .values({
      number: await repo.nextNumber(tx.db, today),
      rating_id: r.id,
      unit_id: r.unitId,
      status: 'open',
      due,
      callback_due: r.realName ? addOrPending(cal, today, s.callbackDays) : null,
      measures: null,
      rectified_at: null,
      verdict: null,
      verdict_at: null,
      verdict_due: null,
      first_measures: null,
      first_verdict: null,
      created_at: tx.now,
      closed_at: null,
      region_code: r.regionCode,
    })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow()
  const id = Number(row.id)
  await tx.audit({
    action: 'evaluation.rectification.create',
    targetType: 'rectification',
    targetId: id,
    unitId: r.unitId,
    summary: `差评整改 ${row.number}：${STAR_NAMES[r.stars as Stars]}，期限 ${due ?? '待定'}`,
    after: { ratingId: r.id, due },
  })
  await tellUnit(tx, r.unitId, 'evaluation.rectification_assigned', {
    caseNumber: subjectOf(r),
    itemName: r.itemName ?? '窗口服务',
    stars: STAR_NAMES[r.stars as Stars],
    due: due ?? '待定',
    reason: r.comment?.trim() || '评价人未填写意见',
  })
  return id
}
