/**
 * The bad-review loop (R22): callbacks, measures, the rater's verdict (不满意 reopens once), the
 * verdict period's expiry, appeals (申诉复核) and their decision; the rater's own view; the public
 * board (R23). Every change in mutate() with its audit record.
 */
import type { Actor, Ctx, Deps } from '../../server/context.js'
import { mutate, type Tx } from '../../server/mutate.js'
import { addOrPending, getCalendar, toShanghaiDate } from '../calendar/index.js'
import { notify } from '../notify/index.js'
import { EvaluationErrors as E } from './evaluation.errors.js'
import * as repo from './evaluation.repository.js'
import type { RectRow } from './evaluation.repository.js'
import { DECIDE_ROLES, inScope, isStaff, readScope, READ_ROLES, UNIT_ROLES, type RatingUnits } from './evaluation.policy.js'
import { afterVerdict } from './evaluation.rules.js'
import { appealDto, publicBadReview, ratingDto, rectDtos } from './evaluation.view.js'
import { subjectOf, tellUnit } from './evaluation.work.js'
import {
  FIX_VERDICT_NAMES,
  RECTIFICATION_STATUS_NAMES,
  type AppealDto,
  type CallbackDto,
  type FixVerdict,
  type PublicBadReview,
  type PublicBoard,
  type RatingDto,
  type RectificationDto,
  type RectificationStatus,
} from './evaluation.types.js'

const today = (deps: Pick<Deps, 'clock'>) => toShanghaiDate(deps.clock.now())
const notFound = () => E.RECTIFICATION_NOT_FOUND('整改任务不存在')
const WORKING: RectificationStatus[] = ['open', 'called_back']

async function unitsOfRating(db: Deps['db'], r: { unit_id: number | string; window_id: number | string | null }): Promise<RatingUnits> {
  return { unit: await repo.unitRow(db, Number(r.unit_id)), window: r.window_id ? await repo.unitRow(db, Number(r.window_id)) : null }
}

type Access = 'unit' | 'reader' | 'rater'
async function accessTo(deps: Deps, actor: Actor | null, x: RectRow): Promise<{ as: Access; units: RatingUnits; raterUserId: number | null }> {
  const r = (await repo.ratingById(deps.db, x.rating_id))!
  const units = await unitsOfRating(deps.db, r)
  const raterUserId = r.rater_user_id === null ? null : Number(r.rater_user_id)
  if (actor?.kind === 'applicant' && raterUserId === actor.userId) return { as: 'rater', units, raterUserId }
  // the unit answerable, and the staff of the window rated (a general window answers for its centre)
  if (isStaff(actor) && inScope(actor, UNIT_ROLES, units)) return { as: 'unit', units, raterUserId }
  if (inScope(actor, READ_ROLES, units)) return { as: 'reader', units, raterUserId }
  throw notFound()
}

export async function rectificationDetail(deps: Deps, actor: Actor | null, id: number): Promise<RectificationDto> {
  const x = await repo.findRect(deps.db, id)
  if (!x) throw notFound()
  await accessTo(deps, actor, x)
  return (await rectDtos(deps.db, [x], today(deps)))[0]!
}

/** Lock the rectification for a unit action (its staff only; a reader outside the unit gets 403). */
async function mutateAsUnit<T>(deps: Deps, ctx: Ctx, id: number, fn: (tx: Tx, x: RectRow) => Promise<T>): Promise<T> {
  const pre = await repo.findRect(deps.db, id)
  if (!pre) throw notFound()
  const a = await accessTo(deps, ctx.actor, pre)
  if (a.as !== 'unit') throw E.FORBIDDEN('只有责任单位的工作人员可以办理整改')
  return mutate(deps, ctx, async (tx) => fn(tx, (await repo.findRect(tx.db, id, true))!))
}

function mustBe(x: RectRow, allowed: RectificationStatus[], doing: string): void {
  if (!allowed.includes(x.status)) throw E.INVALID_RECTIFICATION_STATE(`整改任务当前为「${RECTIFICATION_STATUS_NAMES[x.status]}」，不能${doing}`)
}

async function auditRect(tx: Tx, x: RectRow, verb: string, summary: string, after?: unknown, before?: unknown) {
  await tx.audit({ action: `evaluation.rectification.${verb}`, targetType: 'rectification', targetId: x.id, unitId: x.unit_id, summary: `${x.number}：${summary}`, after, before })
}

export interface CallbackInput {
  method: CallbackDto['method']
  reached: boolean
  content: string
}

/** POST /evaluation/rectifications/:id/callbacks (回访): a call that reached the rater moves it to called_back. */
export async function recordCallback(deps: Deps, ctx: Ctx, id: number, input: CallbackInput): Promise<void> {
  await mutateAsUnit(deps, ctx, id, async (tx, x) => {
    mustBe(x, WORKING, '记录回访')
    await tx.db
      .insertInto('rectification_callback')
      .values({ rectification_id: x.id, at: tx.now, by_user_id: ctx.actor!.userId, by_name: ctx.actor!.displayName, method: input.method, reached: input.reached, content: input.content.trim() })
      .execute()
    if (input.reached && x.status === 'open') await tx.db.updateTable('rectification').set({ status: 'called_back' }).where('id', '=', x.id).execute()
    await auditRect(tx, x, 'callback', input.reached ? '回访评价人（已联系上）' : '回访评价人（未联系上）', input)
  })
}

/** POST /evaluation/rectifications/:id/rectify: measures recorded; the rater is asked for a verdict. */
export async function rectify(deps: Deps, ctx: Ctx, id: number, measures: string): Promise<void> {
  const s = await repo.getSettings(deps.db)
  await mutateAsUnit(deps, ctx, id, async (tx, x) => {
    mustBe(x, WORKING, '录入整改措施')
    const rating = (await repo.ratingById(tx.db, x.rating_id))!
    if (rating.real_name && (await repo.reachedCallbacks(tx.db, x.id)) === 0) throw E.CALLBACK_REQUIRED('实名差评须先回访评价人（回访率100%），再录入整改措施')
    const day = toShanghaiDate(tx.now)
    const verdictDue = toShanghaiDate(new Date(Date.parse(`${day}T12:00:00+08:00`) + s.verdictDays * 86400_000))
    await tx.db.updateTable('rectification').set({ status: 'rectified', measures: measures.trim(), rectified_at: tx.now, verdict_due: verdictDue }).where('id', '=', x.id).execute()
    await auditRect(tx, x, 'rectify', '录入整改措施', { measures: measures.trim(), verdictDue })
    if (rating.rater_user_id !== null || rating.rater_phone) {
      await notify(tx, {
        event: 'evaluation.rectified',
        userId: rating.rater_user_id === null ? null : Number(rating.rater_user_id),
        phone: rating.rater_phone,
        name: rating.rater_name ?? '评价人',
        caseId: rating.case_id === null ? null : Number(rating.case_id),
        data: { caseNumber: subjectOf({ caseNumber: rating.case_number }), itemName: rating.item_name ?? rating.visit_purpose ?? '窗口服务', unitName: rating.unit_name, reason: measures.trim(), due: verdictDue },
      })
    }
  })
}

/** POST /evaluation/rectifications/:id/verdict: the rater rates the fix; 不满意 the first time reopens it. */
export async function giveVerdict(deps: Deps, ctx: Ctx, id: number, verdict: FixVerdict): Promise<void> {
  const pre = await repo.findRect(deps.db, id)
  if (!pre) throw notFound()
  const a = await accessTo(deps, ctx.actor, pre)
  if (a.as !== 'rater') throw E.FORBIDDEN('只有评价人本人可以评价整改结果')
  const s = await repo.getSettings(deps.db)
  const cal = await getCalendar(deps, pre.region_code)
  await mutate(deps, ctx, async (tx) => {
    const x = (await repo.findRect(tx.db, id, true))!
    mustBe(x, ['rectified'], '评价整改结果')
    const rating = (await repo.ratingById(tx.db, x.rating_id))!
    if (afterVerdict(verdict, x.reopened) === 'reopen') {
      const due = addOrPending(cal, toShanghaiDate(tx.now), s.rectifyDays)
      await tx.db
        .updateTable('rectification')
        .set({ status: 'open', reopened: true, first_measures: x.measures, first_verdict: verdict, measures: null, rectified_at: null, verdict_due: null, due })
        .where('id', '=', x.id)
        .execute()
      await auditRect(tx, x, 'reopen', `评价人对整改结果不满意，重新整改（期限 ${due ?? '待定'}）`, { verdict, due }, { measures: x.measures })
      await tellUnit(tx, x.unit_id, 'evaluation.rectification_assigned', {
        caseNumber: subjectOf({ caseNumber: rating.case_number }),
        itemName: rating.item_name ?? rating.visit_purpose ?? '窗口服务',
        stars: '整改不满意',
        due: due ?? '待定',
        reason: '评价人对整改结果不满意，请重新整改',
      })
    } else {
      await tx.db.updateTable('rectification').set({ status: 'closed', verdict, verdict_at: tx.now, closed_at: tx.now }).where('id', '=', x.id).execute()
      await auditRect(tx, x, 'verdict', `评价人评价整改结果：${FIX_VERDICT_NAMES[verdict]}，办结`, { verdict })
    }
  })
}

/** evaluation.verdict.expire: a fix the rater did not rate within verdictDays closes. */
export async function sweepVerdicts(deps: Deps, ctx: Ctx, now: Date = deps.clock.now()): Promise<number> {
  const ids = await repo.verdictExpired(deps.db, toShanghaiDate(now))
  let closed = 0
  for (const id of ids) {
    closed += await mutate(deps, ctx, async (tx) => {
      const x = (await repo.findRect(tx.db, id, true))!
      if (x.status !== 'rectified' || !x.verdict_due || x.verdict_due >= toShanghaiDate(tx.now)) {
        await auditRect(tx, x, 'expire_skip', '整改评价期已由他处处理')
        return 0
      }
      await tx.db.updateTable('rectification').set({ status: 'closed', closed_at: tx.now }).where('id', '=', x.id).where('status', '=', 'rectified').execute()
      await auditRect(tx, x, 'expire', `评价人未在 ${x.verdict_due} 前评价整改结果，自动办结`)
      return 1
    })
  }
  return closed
}

// ------------------------------------------------------------------ appeals (申诉复核)
export async function appeal(deps: Deps, ctx: Ctx, ratingId: number, input: { reason: string; fileId?: string | null }): Promise<number> {
  const r = await repo.ratingById(deps.db, ratingId)
  if (!r) throw E.NOT_FOUND('评价不存在')
  const units = await unitsOfRating(deps.db, r)
  if (!inScope(ctx.actor, READ_ROLES, units)) throw E.NOT_FOUND('评价不存在')
  if (!inScope(ctx.actor, UNIT_ROLES, units)) throw E.FORBIDDEN('只有被评价的责任单位可以申诉')
  if (input.fileId && !(await repo.fileExists(deps.db, input.fileId))) throw E.VALIDATION_ERROR('证明材料文件不存在')
  return mutate(deps, ctx, async (tx) => {
    const rating = (await repo.lockRating(tx.db, ratingId))!
    const x = await repo.rectOfRating(tx.db, ratingId, true)
    if (!x) throw E.INVALID_RECTIFICATION_STATE('只能对差评提出申诉')
    if ((await repo.appealsOf(tx.db, [ratingId])).length) throw E.APPEAL_EXISTS('该差评已提出过申诉')
    mustBe(x, ['open', 'called_back', 'rectified'], '提出申诉')
    const row = await tx.db
      .insertInto('rating_appeal')
      .values({ rating_id: ratingId, reason: input.reason.trim(), file_id: input.fileId ?? null, status: 'pending', submitted_at: tx.now, submitted_by: ctx.actor!.userId, submitted_by_name: ctx.actor!.displayName })
      .returning('id')
      .executeTakeFirstOrThrow()
    await tx.db.updateTable('rating').set({ status: 'appealed' }).where('id', '=', ratingId).execute()
    await tx.audit({ action: 'evaluation.appeal.create', targetType: 'rating_appeal', targetId: Number(row.id), unitId: Number(rating.unit_id), summary: `对差评（${x.number}）提出申诉`, after: { ratingId, reason: input.reason.trim() } })
    return Number(row.id)
  })
}

export async function decideAppeal(deps: Deps, ctx: Ctx, appealId: number, input: { upheld: boolean; note: string }): Promise<number> {
  const pre = await repo.findAppeal(deps.db, appealId)
  if (!pre) throw E.APPEAL_NOT_FOUND('申诉不存在')
  const r = (await repo.ratingById(deps.db, pre.rating_id))!
  const units = await unitsOfRating(deps.db, r)
  if (!inScope(ctx.actor, READ_ROLES, units)) throw E.APPEAL_NOT_FOUND('申诉不存在')
  if (!inScope(ctx.actor, DECIDE_ROLES, units)) throw E.FORBIDDEN('只有电子监察员或中心管理员可以复核申诉')
  return mutate(deps, ctx, async (tx) => {
    const a = (await repo.findAppeal(tx.db, appealId, true))!
    if (a.status !== 'pending') throw E.APPEAL_EXISTS('该申诉已复核，不能重复复核')
    const x = (await repo.rectOfRating(tx.db, a.rating_id, true))!
    const status = input.upheld ? 'upheld' : 'rejected'
    await tx.db.updateTable('rating_appeal').set({ status, decided_at: tx.now, decided_by: ctx.actor!.userId, decided_by_name: ctx.actor!.displayName, decision_note: input.note.trim() }).where('id', '=', a.id).execute()
    await tx.db.updateTable('rating').set({ status: input.upheld ? 'void' : 'normal' }).where('id', '=', a.rating_id).execute()
    if (input.upheld) await tx.db.updateTable('rectification').set({ status: 'void', closed_at: tx.now }).where('id', '=', x.id).execute()
    const outcome = input.upheld ? '申诉成立' : '申诉不成立'
    await tx.audit({ action: 'evaluation.appeal.decide', targetType: 'rating_appeal', targetId: a.id, unitId: x.unit_id, summary: `差评申诉复核（${x.number}）：${outcome}`, after: { upheld: input.upheld, note: input.note.trim() } })
    await tellUnit(tx, x.unit_id, 'evaluation.appeal_decided', {
      caseNumber: subjectOf({ caseNumber: r.case_number }),
      itemName: r.item_name ?? r.visit_purpose ?? '窗口服务',
      outcome,
      reason: input.note.trim(),
      nextStep: input.upheld ? '该差评已撤销，不计入满意度统计' : '请继续按期完成整改',
    })
    return a.id
  })
}

export async function appealDetail(deps: Deps, id: number): Promise<AppealDto> {
  const a = await repo.findAppeal(deps.db, id)
  if (!a) throw E.APPEAL_NOT_FOUND('申诉不存在')
  return appealDto(a)
}

// ------------------------------------------------------------------ reads
export interface RectQuery {
  status?: RectificationStatus
  unitId?: number
  overdue?: boolean
  appeal?: 'pending' | 'upheld' | 'rejected'
  page?: number
  pageSize?: number
}

export async function listRectifications(deps: Deps, actor: Actor | null, q: RectQuery, max?: number): Promise<{ items: RectificationDto[]; total: number }> {
  if (!isStaff(actor)) throw E.FORBIDDEN('仅限工作人员查看')
  const pageSize = max ?? q.pageSize ?? 20
  const page = max ? 1 : (q.page ?? 1)
  const day = today(deps)
  const r = await repo.listRectIds(deps.db, { scope: readScope(actor), status: q.status, unitId: q.unitId, overdueOn: q.overdue ? day : undefined, appealStatus: q.appeal }, { offset: (page - 1) * pageSize, limit: pageSize })
  return { items: await rectDtos(deps.db, await repo.rectsByIds(deps.db, r.ids), day), total: r.total }
}

export async function mine(deps: Deps, actor: Actor | null): Promise<{ ratings: RatingDto[]; rectifications: RectificationDto[] }> {
  if (!actor || actor.kind !== 'applicant') throw E.FORBIDDEN('仅限申请人查看')
  const ratings = (await repo.listRatings(deps.db, { scope: null, raterUserId: actor.userId }, { offset: 0, limit: 200 })).rows
  const ids = (await repo.listRectIds(deps.db, { scope: null, raterUserId: actor.userId }, { offset: 0, limit: 200 })).ids
  return { ratings: ratings.map(ratingDto), rectifications: await rectDtos(deps.db, await repo.rectsByIds(deps.db, ids), today(deps)) }
}

export async function publicBoard(deps: Deps, q: { page?: number; pageSize?: number }): Promise<PublicBoard> {
  const pageSize = q.pageSize ?? 20
  const page = q.page ?? 1
  const r = await repo.listRatings(deps.db, { scope: null, badOnly: true, excludeVoid: true }, { offset: (page - 1) * pageSize, limit: pageSize })
  const rects = new Map<number, RectRow>()
  for (const row of r.rows) {
    const x = await repo.rectOfRating(deps.db, Number(row.id))
    if (x) rects.set(Number(row.id), x)
  }
  const items: PublicBadReview[] = r.rows.map((row) => publicBadReview(row, rects.get(Number(row.id)) ?? null))
  const s = await repo.ratingSummary(deps.db)
  return {
    items,
    total: r.total,
    summary: { ratings: s.ratings, satisfactionRate: s.ratings ? s.satisfied / s.ratings : null, badReviews: s.bad, rectified: s.rectified },
  }
}
