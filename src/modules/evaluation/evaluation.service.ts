/**
 * Ratings (一事一评 online, 一次一评 at the window), visits, the invitation sweep, settings and the
 * read side. Every change runs in mutate() with its audit record; a bad review opens its
 * rectification in the same transaction (evaluation.work.ts).
 */
import crypto from 'node:crypto'
import type { Actor, Ctx, Deps } from '../../server/context.js'
import { mutate, type Tx } from '../../server/mutate.js'
import { getCalendar, toShanghaiDate } from '../calendar/index.js'
import { caseAccess } from '../cases/index.js'
import { notify } from '../notify/index.js'
import { EvaluationErrors as E } from './evaluation.errors.js'
import * as repo from './evaluation.repository.js'
import type { VisitRow } from './evaluation.repository.js'
import { DECIDE_ROLES, inScope, isStaff, readScope, SETTINGS_ROLES, VISIT_ROLES } from './evaluation.policy.js'
import { indicatorProblem, ratingDeadline, settingsProblem, withinWindow } from './evaluation.rules.js'
import { openRectification } from './evaluation.work.js'
import { ratingDto, visitDto } from './evaluation.view.js'
import { isBadReview, STAR_NAMES, type EvaluationSettings, type RatingDto, type RatingSource, type Stars, type VisitDto } from './evaluation.types.js'

export interface RatingInput {
  stars: number
  indicators: Record<string, number>
  comment?: string | null
}

const today = (deps: Pick<Deps, 'clock'>) => toShanghaiDate(deps.clock.now())
const cleanComment = (c: string | null | undefined) => (c?.trim() ? c.trim() : null)

export const getSettings = (deps: Deps) => repo.getSettings(deps.db)

// ------------------------------------------------------------------ online (一事一评)
/** POST /evaluation/ratings: the applicant rates their completed case once, within the rating window. */
export async function rateCase(deps: Deps, ctx: Ctx, input: RatingInput & { caseId: number }): Promise<number> {
  const actor = ctx.actor
  if (!actor) throw E.FORBIDDEN('请先登录')
  const access = await caseAccess(deps, actor, input.caseId)
  if (!access) throw E.NOT_FOUND('办件不存在')
  if (access.as !== 'applicant') throw E.RATING_NOT_ALLOWED('只有办件的申请人可以评价本次办事')
  const problem = indicatorProblem('online', input.stars, input.indicators)
  if (problem) throw E.INVALID_RATING(problem)
  const pre = await repo.caseRow(deps.db, input.caseId)
  if (!pre) throw E.NOT_FOUND('办件不存在')
  const settings = await repo.getSettings(deps.db)
  const cal = await getCalendar(deps, pre.region_code)
  const staffId = await repo.intakeStaff(deps.db, pre.id)
  const item = await repo.itemName(deps.db, Number(pre.item_id))
  return mutate(deps, ctx, async (tx) => {
    const c = (await repo.caseRow(tx.db, input.caseId, true))!
    if (c.status !== 'completed' && c.status !== 'delivered') throw E.RATING_NOT_ALLOWED('办件办结后才能评价')
    if (!c.completed_at || !withinWindow(new Date(c.completed_at), tx.now, settings.ratingWindowDays)) {
      throw E.RATING_NOT_ALLOWED(`已超过评价期限（办结后 ${settings.ratingWindowDays} 日内）`)
    }
    if (await repo.ratingOfCase(tx.db, c.id)) throw E.ALREADY_RATED('该办件已评价，每件办件只能评价一次')
    const id = await insertRating(tx, {
      channel: 'online',
      source: 'online',
      input,
      caseId: c.id,
      visitId: null,
      unitId: c.unit_id,
      windowId: c.window_id,
      staffId,
      raterUserId: c.applicant_user_id,
      raterName: c.applicant_name,
      raterPhone: c.applicant_phone,
      realName: true,
      regionCode: c.region_code,
      summary: `${c.number}`,
    })
    if (isBadReview(input.stars)) {
      await openRectification(tx, { id, stars: input.stars, unitId: c.unit_id, caseNumber: c.number, itemName: item, comment: cleanComment(input.comment), realName: true, regionCode: c.region_code }, cal, settings)
    }
    return id
  })
}

interface RatingRowInput {
  channel: 'online' | 'window'
  source: RatingSource
  input: RatingInput
  caseId: number | null
  visitId: number | null
  unitId: number
  windowId: number | null
  staffId: number | null
  raterUserId: number | null
  raterName: string | null
  raterPhone: string | null
  realName: boolean
  regionCode: string
  summary: string
}

async function insertRating(tx: Tx, r: RatingRowInput): Promise<number> {
  const row = await tx.db
    .insertInto('rating')
    .values({
      channel: r.channel,
      source: r.source,
      stars: r.input.stars,
      indicators: JSON.stringify(r.input.indicators),
      comment: cleanComment(r.input.comment),
      case_id: r.caseId,
      visit_id: r.visitId,
      unit_id: r.unitId,
      window_id: r.windowId,
      staff_id: r.staffId,
      rater_user_id: r.raterUserId,
      rater_name: r.raterName,
      rater_phone: r.raterPhone,
      real_name: r.realName,
      created_at: tx.now,
      region_code: r.regionCode,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const id = Number(row.id)
  await tx.audit({
    action: 'evaluation.rating.create',
    targetType: 'rating',
    targetId: id,
    unitId: r.unitId,
    summary: `${r.channel === 'online' ? '网上评价' : '窗口评价'}：${r.summary} ${STAR_NAMES[r.input.stars as Stars]}`,
    after: { stars: r.input.stars, indicators: r.input.indicators, source: r.source, caseId: r.caseId, visitId: r.visitId },
  })
  return id
}

/** GET /evaluation/cases/:caseId/rating */
export async function caseRating(deps: Deps, actor: Actor | null, caseId: number): Promise<{ rating: RatingDto | null; canRate: boolean; rateBy: string | null }> {
  const access = await caseAccess(deps, actor, caseId)
  if (!access) throw E.NOT_FOUND('办件不存在')
  const c = (await repo.caseRow(deps.db, caseId))!
  const r = await repo.ratingOfCase(deps.db, caseId)
  const s = await repo.getSettings(deps.db)
  const completed = (c.status === 'completed' || c.status === 'delivered') && !!c.completed_at
  const rateBy = completed ? ratingDeadline(new Date(c.completed_at!), s.ratingWindowDays).toISOString() : null
  const canRate = access.as === 'applicant' && !r && completed && withinWindow(new Date(c.completed_at!), deps.clock.now(), s.ratingWindowDays)
  return { rating: r ? ratingDto(r) : null, canRate, rateBy }
}

// ------------------------------------------------------------------ window visits (一次一评)
async function windowFor(deps: Deps, actor: Actor | null, windowId: number) {
  const w = await repo.unitRow(deps.db, windowId)
  if (!w || w.kind !== 'window') throw E.NOT_FOUND('窗口不存在')
  if (!inScope(actor, VISIT_ROLES, { unit: w, window: null })) throw E.FORBIDDEN('您不是该窗口的工作人员')
  return w
}

export interface VisitInput {
  windowId: number
  caseId?: number | null
  purpose: string
  applicantName?: string | null
  applicantPhone?: string | null
}

/** POST /evaluation/visits: the window starts serving someone; the window's previous open visit ends. */
export async function openVisit(deps: Deps, ctx: Ctx, input: VisitInput): Promise<number> {
  const w = await windowFor(deps, ctx.actor, input.windowId)
  let c: repo.CaseRow | null = null
  if (input.caseId) {
    if (!(await caseAccess(deps, ctx.actor, input.caseId))) throw E.NOT_FOUND('办件不存在')
    c = await repo.caseRow(deps.db, input.caseId)
  }
  const actor = ctx.actor!
  return mutate(deps, ctx, async (tx) => {
    const ended = await tx.db.updateTable('evaluation_visit').set({ ended_at: tx.now }).where('window_id', '=', w.id).where('ended_at', 'is', null).returning('id').execute()
    const row = await tx.db
      .insertInto('evaluation_visit')
      .values({
        token: crypto.randomBytes(9).toString('base64url'),
        window_id: w.id,
        unit_id: w.department_id ?? w.centre_id ?? w.id,
        region_code: w.region_code,
        staff_id: actor.userId,
        staff_name: actor.displayName,
        case_id: c?.id ?? null,
        purpose: input.purpose.trim(),
        applicant_name: input.applicantName?.trim() || c?.applicant_name || null,
        applicant_phone: input.applicantPhone?.trim() || c?.applicant_phone || null,
        started_at: tx.now,
        ended_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const id = Number(row.id)
    await tx.audit({
      action: 'evaluation.visit.open',
      targetType: 'evaluation_visit',
      targetId: id,
      unitId: w.id,
      summary: `${w.name}开始接待：${input.purpose.trim()}`,
      after: { caseId: c?.id ?? null, endedPrevious: ended.map((e) => Number(e.id)) },
    })
    return id
  })
}

async function visitForStaff(deps: Deps, actor: Actor | null, id: number): Promise<VisitRow> {
  const v = await repo.findVisit(deps.db, id)
  if (!v) throw E.VISIT_NOT_FOUND('接待记录不存在')
  const w = await repo.unitRow(deps.db, v.window_id)
  if (!w || !inScope(actor, VISIT_ROLES, { unit: w, window: null })) throw E.VISIT_NOT_FOUND('接待记录不存在')
  return v
}

/** POST /evaluation/visits/:id/end */
export async function endVisit(deps: Deps, ctx: Ctx, id: number): Promise<void> {
  await visitForStaff(deps, ctx.actor, id)
  await mutate(deps, ctx, async (tx) => {
    const v = (await repo.findVisit(tx.db, id, true))!
    if (v.ended_at) throw E.VISIT_CLOSED('本次接待已结束')
    await tx.db.updateTable('evaluation_visit').set({ ended_at: tx.now }).where('id', '=', id).execute()
    await tx.audit({ action: 'evaluation.visit.end', targetType: 'evaluation_visit', targetId: id, unitId: v.window_id, summary: `结束接待：${v.purpose}` })
  })
}

export async function visitDetail(deps: Deps, v: VisitRow): Promise<VisitDto> {
  const w = await repo.unitRow(deps.db, v.window_id)
  const c = v.case_id ? await repo.caseRow(deps.db, v.case_id) : null
  return visitDto(v, { windowName: w?.name ?? '', caseNumber: c?.number ?? null }, await repo.visitRated(deps.db, v.id))
}

export async function visitById(deps: Deps, actor: Actor | null, id: number): Promise<VisitDto> {
  return visitDetail(deps, await visitForStaff(deps, actor, id))
}

/** GET /evaluation/windows/:windowId/current-visit (the counter tablet polls it) */
export async function currentVisit(deps: Deps, actor: Actor | null, windowId: number): Promise<VisitDto | null> {
  const w = await windowFor(deps, actor, windowId)
  const v = await repo.openVisitOf(deps.db, w.id)
  return v ? visitDetail(deps, v) : null
}

/** The visit's rating: on the counter tablet (staff session, the visit still open) or by its token (within the rating window). */
export async function rateVisit(deps: Deps, ctx: Ctx, visit: { id: number } | { token: string }, input: RatingInput, source: RatingSource): Promise<number> {
  const pre = 'token' in visit ? await repo.visitByToken(deps.db, visit.token) : await visitForStaff(deps, ctx.actor, visit.id)
  if (!pre) throw E.VISIT_NOT_FOUND('评价链接无效或已失效')
  const problem = indicatorProblem('window', input.stars, input.indicators)
  if (problem) throw E.INVALID_RATING(problem)
  const settings = await repo.getSettings(deps.db)
  const cal = await getCalendar(deps, pre.region_code)
  const c = pre.case_id ? await repo.caseRow(deps.db, pre.case_id) : null
  const item = c ? await repo.itemName(deps.db, Number(c.item_id)) : null
  return mutate(deps, ctx, async (tx) => {
    const v = (await repo.findVisit(tx.db, pre.id, true))!
    if (await repo.visitRated(tx.db, v.id)) throw E.ALREADY_RATED('本次服务已评价，每次服务只能评价一次')
    if (source === 'tablet' && v.ended_at) throw E.VISIT_CLOSED('本次接待已结束，请扫描回执二维码评价')
    if (source !== 'tablet' && !withinWindow(new Date(v.ended_at ?? v.started_at), tx.now, settings.ratingWindowDays)) {
      throw E.RATING_NOT_ALLOWED(`已超过评价期限（服务后 ${settings.ratingWindowDays} 日内）`)
    }
    const raterUserId = c?.applicant_user_id ?? null
    const raterPhone = v.applicant_phone ?? c?.applicant_phone ?? null
    const realName = raterUserId !== null || (!!v.applicant_name && !!raterPhone)
    const id = await insertRating(tx, {
      channel: 'window',
      source,
      input,
      caseId: v.case_id,
      visitId: v.id,
      unitId: v.unit_id,
      windowId: v.window_id,
      staffId: v.staff_id,
      raterUserId,
      raterName: v.applicant_name ?? c?.applicant_name ?? null,
      raterPhone,
      realName,
      regionCode: v.region_code,
      summary: c?.number ?? v.purpose,
    })
    if (isBadReview(input.stars)) {
      await openRectification(tx, { id, stars: input.stars, unitId: v.unit_id, caseNumber: c?.number ?? null, itemName: item ?? v.purpose, comment: cleanComment(input.comment), realName, regionCode: v.region_code }, cal, settings)
    }
    return id
  })
}

/** GET /public/visits/:token */
export async function publicVisit(deps: Deps, token: string): Promise<{ windowName: string; purpose: string; startedAt: string; rated: boolean }> {
  const v = await repo.visitByToken(deps.db, token)
  if (!v) throw E.VISIT_NOT_FOUND('评价链接无效或已失效')
  const d = await visitDetail(deps, v)
  return { windowName: d.windowName, purpose: d.purpose, startedAt: d.startedAt, rated: d.rated }
}

// ------------------------------------------------------------------ reads
export async function ratingForActor(deps: Deps, actor: Actor | null, id: number): Promise<RatingDto> {
  const r = await repo.ratingById(deps.db, id)
  if (!r) throw E.NOT_FOUND('评价不存在')
  const unit = await repo.unitRow(deps.db, Number(r.unit_id))
  const window = r.window_id ? await repo.unitRow(deps.db, Number(r.window_id)) : null
  const mine = actor?.kind === 'applicant' && Number(r.rater_user_id) === actor.userId
  if (!mine && !inScope(actor, [...DECIDE_ROLES, 'window_staff', 'reviewer', 'approver', 'handling_unit', 'system_admin'], { unit, window })) throw E.NOT_FOUND('评价不存在')
  return ratingDto(r)
}

export interface RatingQuery {
  channel?: 'online' | 'window'
  stars?: number
  unitId?: number
  from?: string
  to?: string
  page?: number
  pageSize?: number
}

export async function listRatings(deps: Deps, actor: Actor | null, q: RatingQuery, max?: number): Promise<{ items: RatingDto[]; total: number }> {
  if (!isStaff(actor)) throw E.FORBIDDEN('仅限工作人员查看')
  if (q.from && q.to && q.from > q.to) throw E.VALIDATION_ERROR('开始日期不能晚于结束日期')
  const pageSize = max ?? q.pageSize ?? 20
  const page = max ? 1 : (q.page ?? 1)
  const r = await repo.listRatings(deps.db, { scope: readScope(actor), channel: q.channel, stars: q.stars, unitId: q.unitId, from: q.from, to: q.to }, { offset: (page - 1) * pageSize, limit: pageSize })
  return { items: r.rows.map(ratingDto), total: r.total }
}

// ------------------------------------------------------------------ settings
export async function putSettings(deps: Deps, ctx: Ctx, s: EvaluationSettings): Promise<EvaluationSettings> {
  if (!isStaff(ctx.actor) || !ctx.actor.grants.some((g) => SETTINGS_ROLES.includes(g.role))) throw E.FORBIDDEN('只有中心管理员或系统管理员可以修改评价设置')
  const problem = settingsProblem(s)
  if (problem) throw E.INVALID_SETTINGS(problem)
  return mutate(deps, ctx, async (tx) => {
    const before = await repo.getSettings(tx.db)
    await repo.putSettings(tx.db, s, tx.now, ctx.actor!.userId)
    await tx.audit({ action: 'evaluation.settings.update', targetType: 'evaluation_settings', targetId: '*', summary: '修改好差评设置', before, after: s })
    return s
  })
}

// ------------------------------------------------------------------ the invitation sweep
/**
 * evaluation.invite: every case completed within the rating window and not yet invited gets one
 * `evaluation.invited` notice. The marker row (unique case_id) is inserted in the same transaction,
 * so of several instances exactly one sends it.
 */
export async function sweepInvitations(deps: Deps, ctx: Ctx, now: Date = deps.clock.now()): Promise<number> {
  const s = await repo.getSettings(deps.db)
  const since = new Date(now.getTime() - (s.ratingWindowDays + 1) * 86400_000)
  let sent = 0
  for (;;) {
    const ids = await repo.casesToInvite(deps.db, since, 100)
    if (!ids.length) break
    const n = await mutate(deps, ctx, async (tx) => {
      const marked = await tx.db
        .insertInto('evaluation_watermark')
        .values(ids.map((case_id) => ({ case_id, invited_at: tx.now })))
        .onConflict((oc) => oc.column('case_id').doNothing())
        .returning('case_id')
        .execute()
      for (const m of marked) {
        const c = (await repo.caseRow(tx.db, Number(m.case_id)))!
        if (!c.completed_at || !withinWindow(new Date(c.completed_at), tx.now, s.ratingWindowDays)) continue
        const unit = await repo.unitRow(tx.db, c.unit_id)
        await notify(tx, {
          event: 'evaluation.invited',
          userId: c.applicant_user_id,
          phone: c.applicant_phone,
          name: c.applicant_name,
          caseId: c.id,
          data: {
            caseNumber: c.number,
            itemName: (await repo.itemName(tx.db, Number(c.item_id))) ?? '',
            unitName: unit?.name ?? '',
            due: toShanghaiDate(ratingDeadline(new Date(c.completed_at), s.ratingWindowDays)),
          },
        })
      }
      await tx.audit({ action: 'evaluation.invite.send', targetType: 'case', targetId: null, summary: `邀请评价 ${marked.length} 件`, after: { caseIds: marked.map((m) => Number(m.case_id)) } })
      return marked.length
    })
    sent += n
    if (ids.length < 100) break
  }
  return sent
}

export { today }
