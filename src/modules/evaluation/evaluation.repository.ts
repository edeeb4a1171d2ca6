/**
 * SQL of the evaluation module: its own tables, and read-only look-ups of the rows it refers to by
 * id (the case rated, its item, units, staff names). Plain rows out; no rules.
 */
import { sql, type Kysely, type Selectable } from 'kysely'
import type { DB } from '../../db/schema.js'
import { scopeWhere, type Scope } from '../org/index.js'
import type { EvaluationVisitTable, RatingAppealTable, RectificationCallbackTable, RectificationTable } from './evaluation.tables.js'
import { DEFAULT_EVALUATION_SETTINGS, type EvaluationSettings, type RatingChannel, type RectificationStatus } from './evaluation.types.js'

type Db = Kysely<DB>
export type VisitRow = Selectable<EvaluationVisitTable>
export type RectRow = Selectable<RectificationTable>
export type CallbackRow = Selectable<RectificationCallbackTable>
export type AppealRow = Selectable<RatingAppealTable>

const nn = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v))
export const validId = (id: number) => Number.isSafeInteger(id) && id > 0
const SETTINGS_KEY = '*'

// ------------------------------------------------------------------ settings
export async function getSettings(db: Db): Promise<EvaluationSettings> {
  const r = await db.selectFrom('evaluation_settings').selectAll().where('region_code', '=', SETTINGS_KEY).executeTakeFirst()
  if (!r) return { ...DEFAULT_EVALUATION_SETTINGS }
  return { rectifyDays: r.rectify_days, callbackDays: r.callback_days, ratingWindowDays: r.rating_window_days, verdictDays: r.verdict_days }
}

export async function putSettings(db: Db, s: EvaluationSettings, now: Date, by: number | null): Promise<void> {
  const v = { rectify_days: s.rectifyDays, callback_days: s.callbackDays, rating_window_days: s.ratingWindowDays, verdict_days: s.verdictDays, updated_at: now, updated_by: by }
  await db.insertInto('evaluation_settings').values({ region_code: SETTINGS_KEY, ...v }).onConflict((oc) => oc.column('region_code').doUpdateSet(v)).execute()
}

export async function nextNumber(db: Db, day: string): Promise<string> {
  const key = `rect:${day}`
  const r = await db
    .insertInto('evaluation_counter')
    .values({ key, last: 1 })
    .onConflict((oc) => oc.column('key').doUpdateSet({ last: sql<number>`evaluation_counter.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow()
  return `ZG${day.replace(/-/g, '')}${String(r.last).padStart(4, '0')}`
}

// ------------------------------------------------------------------ other modules' rows (read only)
export async function unitRow(db: Db, id: number) {
  if (!validId(id)) return null
  const r = await db.selectFrom('org_unit').select(['id', 'kind', 'name', 'path', 'region_code', 'department_id', 'centre_id', 'status']).where('id', '=', id).executeTakeFirst()
  return r ? { ...r, id: Number(r.id), department_id: nn(r.department_id), centre_id: nn(r.centre_id) } : null
}
export type UnitRow = NonNullable<Awaited<ReturnType<typeof unitRow>>>

/** The case rated (the cases module has no facade for its completion time; read its row by id). */
export async function caseRow(db: Db, id: number, lock = false) {
  if (!validId(id)) return null
  let q = db
    .selectFrom('case')
    .select(['id', 'number', 'item_id', 'unit_id', 'window_id', 'region_code', 'status', 'completed_at', 'applicant_user_id', 'applicant_name', 'applicant_phone'])
    .where('id', '=', id)
  if (lock) q = q.forUpdate()
  const r = await q.executeTakeFirst()
  return r ? { ...r, id: Number(r.id), unit_id: Number(r.unit_id), window_id: nn(r.window_id), applicant_user_id: Number(r.applicant_user_id) } : null
}
export type CaseRow = NonNullable<Awaited<ReturnType<typeof caseRow>>>

export async function itemName(db: Db, itemId: number): Promise<string | null> {
  return (await db.selectFrom('item').select('name').where('id', '=', itemId).executeTakeFirst())?.name ?? null
}

/** The staff member who recorded the intake of the case (its intake step). */
export async function intakeStaff(db: Db, caseId: number): Promise<number | null> {
  const r = await db
    .selectFrom('case_step')
    .select('assignee_id')
    .where('case_id', '=', caseId)
    .where('assignee_id', 'is not', null)
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst()
  return nn(r?.assignee_id)
}

/** Staff whose grants lie on the unit or inside it, with one of the roles (who answer for it). */
export async function unitStaff(db: Db, unitId: number, roles: readonly string[]): Promise<{ id: number; name: string }[]> {
  const rows = await db
    .selectFrom('role_grant as g')
    .innerJoin('org_unit as gu', 'gu.id', 'g.unit_id')
    .innerJoin('org_unit as target', (j) => j.on('target.id', '=', unitId))
    .innerJoin('user_account as u', 'u.id', 'g.user_id')
    .select(['u.id', 'u.display_name'])
    .where('g.role', 'in', [...roles])
    .where(sql<boolean>`gu.path LIKE target.path || '%'`)
    .where('u.status', '=', 'active')
    .distinct()
    .orderBy('u.id')
    .execute()
  return rows.map((r) => ({ id: Number(r.id), name: r.display_name }))
}

export async function fileExists(db: Db, id: string): Promise<boolean> {
  return !!(await db.selectFrom('stored_file').select('id').where('id', '=', id).executeTakeFirst())
}

// ------------------------------------------------------------------ visits
export async function findVisit(db: Db, id: number, lock = false): Promise<VisitRow | null> {
  if (!validId(id)) return null
  let q = db.selectFrom('evaluation_visit').selectAll().where('id', '=', id)
  if (lock) q = q.forUpdate()
  return normVisit(await q.executeTakeFirst())
}
export async function visitByToken(db: Db, token: string): Promise<VisitRow | null> {
  return normVisit(await db.selectFrom('evaluation_visit').selectAll().where('token', '=', token).executeTakeFirst())
}
export async function openVisitOf(db: Db, windowId: number): Promise<VisitRow | null> {
  return normVisit(await db.selectFrom('evaluation_visit').selectAll().where('window_id', '=', windowId).where('ended_at', 'is', null).orderBy('id', 'desc').executeTakeFirst())
}
function normVisit(r: VisitRow | undefined): VisitRow | null {
  return r ? { ...r, id: Number(r.id), window_id: Number(r.window_id), unit_id: Number(r.unit_id), staff_id: Number(r.staff_id), case_id: nn(r.case_id) } : null
}
export async function visitRated(db: Db, visitId: number): Promise<boolean> {
  return !!(await db.selectFrom('rating').select('id').where('visit_id', '=', visitId).executeTakeFirst())
}

// ------------------------------------------------------------------ ratings
/** Ratings with what their DTO shows (case number, item, unit, window, staff, rectification). */
export function ratingQuery(db: Db) {
  return db
    .selectFrom('rating as r')
    .innerJoin('org_unit as u', 'u.id', 'r.unit_id')
    .leftJoin('org_unit as w', 'w.id', 'r.window_id')
    .leftJoin('case as c', 'c.id', 'r.case_id')
    .leftJoin('item as i', 'i.id', 'c.item_id')
    .leftJoin('evaluation_visit as v', 'v.id', 'r.visit_id')
    .leftJoin('user_account as s', 's.id', 'r.staff_id')
    .leftJoin('rectification as x', 'x.rating_id', 'r.id')
    .select([
      'r.id', 'r.channel', 'r.source', 'r.stars', 'r.indicators', 'r.comment', 'r.case_id', 'r.visit_id', 'r.unit_id', 'r.window_id',
      'r.staff_id', 'r.rater_user_id', 'r.rater_name', 'r.rater_phone', 'r.real_name', 'r.status', 'r.created_at', 'r.region_code',
      'c.number as case_number', 'i.name as item_name', 'u.name as unit_name', 'u.path as unit_path', 'w.name as window_name',
      's.display_name as staff_name', 'v.purpose as visit_purpose', 'x.id as rectification_id',
    ])
}
export type RatingRow = Awaited<ReturnType<ReturnType<typeof ratingQuery>['executeTakeFirstOrThrow']>>

export async function ratingById(db: Db, id: number): Promise<RatingRow | null> {
  if (!validId(id)) return null
  return (await ratingQuery(db).where('r.id', '=', id).executeTakeFirst()) ?? null
}

export async function lockRating(db: Db, id: number) {
  if (!validId(id)) return null
  return (await db.selectFrom('rating').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()) ?? null
}

export async function ratingOfCase(db: Db, caseId: number): Promise<RatingRow | null> {
  return (await ratingQuery(db).where('r.case_id', '=', caseId).where('r.channel', '=', 'online').executeTakeFirst()) ?? null
}

export interface RatingFilter {
  scope: Scope | null
  raterUserId?: number
  channel?: RatingChannel
  stars?: number
  unitId?: number
  /** inclusive 'YYYY-MM-DD' (Asia/Shanghai) */
  from?: string
  to?: string
  badOnly?: boolean
  excludeVoid?: boolean
}

function filtered(db: Db, f: RatingFilter) {
  let q = ratingQuery(db)
  if (f.scope) {
    const scope = f.scope
    q = q.where((eb) => eb.or([scopeWhere(eb as never, scope, 'u') as never, scopeWhere(eb as never, scope, 'w') as never]))
  }
  if (f.raterUserId !== undefined) q = q.where('r.rater_user_id', '=', f.raterUserId)
  if (f.channel) q = q.where('r.channel', '=', f.channel)
  if (f.stars) q = q.where('r.stars', '=', f.stars)
  if (f.unitId) {
    const unitId = f.unitId
    q = q.where((eb) => eb.or([eb('r.unit_id', '=', unitId), eb('r.window_id', '=', unitId)]))
  }
  if (f.from) q = q.where(sql<boolean>`r.created_at >= (${f.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`)
  if (f.to) q = q.where(sql<boolean>`r.created_at < ((${f.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`)
  if (f.badOnly) q = q.where('r.stars', '<=', 2)
  if (f.excludeVoid) q = q.where('r.status', '<>', 'void')
  return q
}

export async function listRatings(db: Db, f: RatingFilter, page: { offset: number; limit: number }): Promise<{ rows: RatingRow[]; total: number }> {
  const rows = await filtered(db, f).orderBy('r.id', 'desc').offset(page.offset).limit(page.limit).execute()
  const t = await filtered(db, f).clearSelect().select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()
  return { rows, total: Number(t.n) }
}

export async function ratingSummary(db: Db): Promise<{ ratings: number; satisfied: number; bad: number; rectified: number }> {
  const r = await db
    .selectFrom('rating as r')
    .leftJoin('rectification as x', 'x.rating_id', 'r.id')
    .select([
      sql<number>`count(*)`.as('ratings'),
      sql<number>`count(*) FILTER (WHERE r.stars >= 3)`.as('satisfied'),
      sql<number>`count(*) FILTER (WHERE r.stars <= 2)`.as('bad'),
      sql<number>`count(*) FILTER (WHERE x.status IN ('rectified','closed'))`.as('rectified'),
    ])
    .where('r.status', '<>', 'void')
    .executeTakeFirstOrThrow()
  return { ratings: Number(r.ratings), satisfied: Number(r.satisfied), bad: Number(r.bad), rectified: Number(r.rectified) }
}

// ------------------------------------------------------------------ rectifications
export async function findRect(db: Db, id: number, lock = false): Promise<RectRow | null> {
  if (!validId(id)) return null
  let q = db.selectFrom('rectification').selectAll().where('id', '=', id)
  if (lock) q = q.forUpdate()
  return normRect(await q.executeTakeFirst())
}
export async function rectOfRating(db: Db, ratingId: number, lock = false): Promise<RectRow | null> {
  let q = db.selectFrom('rectification').selectAll().where('rating_id', '=', ratingId)
  if (lock) q = q.forUpdate()
  return normRect(await q.executeTakeFirst())
}
function normRect(r: RectRow | undefined): RectRow | null {
  return r ? { ...r, id: Number(r.id), rating_id: Number(r.rating_id), unit_id: Number(r.unit_id) } : null
}

export async function callbacksOf(db: Db, rectIds: number[]): Promise<CallbackRow[]> {
  if (!rectIds.length) return []
  return db.selectFrom('rectification_callback').selectAll().where('rectification_id', 'in', rectIds).orderBy('id').execute()
}
export async function reachedCallbacks(db: Db, rectId: number): Promise<number> {
  const r = await db.selectFrom('rectification_callback').select(sql<number>`count(*)`.as('n')).where('rectification_id', '=', rectId).where('reached', '=', true).executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function appealsOf(db: Db, ratingIds: number[]): Promise<AppealRow[]> {
  if (!ratingIds.length) return []
  return db.selectFrom('rating_appeal').selectAll().where('rating_id', 'in', ratingIds).execute()
}
export async function findAppeal(db: Db, id: number, lock = false): Promise<AppealRow | null> {
  if (!validId(id)) return null
  let q = db.selectFrom('rating_appeal').selectAll().where('id', '=', id)
  if (lock) q = q.forUpdate()
  const r = await q.executeTakeFirst()
  return r ? { ...r, id: Number(r.id), rating_id: Number(r.rating_id) } : null
}

export interface RectFilter {
  scope: Scope | null
  raterUserId?: number
  status?: RectificationStatus
  unitId?: number
  overdueOn?: string
  appealStatus?: 'pending' | 'upheld' | 'rejected'
}

function rectFiltered(db: Db, f: RectFilter) {
  let q = db
    .selectFrom('rectification as x')
    .innerJoin('rating as r', 'r.id', 'x.rating_id')
    .innerJoin('org_unit as u', 'u.id', 'x.unit_id')
    .leftJoin('org_unit as w', 'w.id', 'r.window_id')
    .select(['x.id'])
  if (f.scope) {
    const scope = f.scope
    q = q.where((eb) => eb.or([scopeWhere(eb as never, scope, 'u') as never, scopeWhere(eb as never, scope, 'w') as never]))
  }
  if (f.raterUserId !== undefined) q = q.where('r.rater_user_id', '=', f.raterUserId)
  if (f.status) q = q.where('x.status', '=', f.status)
  if (f.unitId) q = q.where('x.unit_id', '=', f.unitId)
  if (f.overdueOn) q = q.where('x.status', 'in', ['open', 'called_back']).where('x.due', '<', f.overdueOn)
  if (f.appealStatus) {
    const s = f.appealStatus
    q = q.where((eb) => eb.exists(eb.selectFrom('rating_appeal as a').select('a.id').whereRef('a.rating_id', '=', 'r.id').where('a.status', '=', s)))
  }
  return q
}

export async function listRectIds(db: Db, f: RectFilter, page: { offset: number; limit: number }): Promise<{ ids: number[]; total: number }> {
  const rows = await rectFiltered(db, f).orderBy('x.id', 'desc').offset(page.offset).limit(page.limit).execute()
  const t = await rectFiltered(db, f).clearSelect().select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()
  return { ids: rows.map((r) => Number(r.id)), total: Number(t.n) }
}

export async function rectsByIds(db: Db, ids: number[]): Promise<RectRow[]> {
  if (!ids.length) return []
  const rows = await db.selectFrom('rectification').selectAll().where('id', 'in', ids).execute()
  const by = new Map(rows.map((r) => [Number(r.id), normRect(r)!]))
  return ids.map((id) => by.get(id)!).filter(Boolean)
}

export async function ratingsByIds(db: Db, ids: number[]): Promise<Map<number, RatingRow>> {
  if (!ids.length) return new Map()
  const rows = await ratingQuery(db).where('r.id', 'in', ids).execute()
  return new Map(rows.map((r) => [Number(r.id), r]))
}

/** Rectified ones whose verdict period ended before `today` (the sweep closes them). */
export async function verdictExpired(db: Db, today: string, limit = 200): Promise<number[]> {
  const rows = await db.selectFrom('rectification').select('id').where('status', '=', 'rectified').where('verdict_due', '<', today).orderBy('id').limit(limit).execute()
  return rows.map((r) => Number(r.id))
}

/** Completed cases within the rating window not yet invited. */
export async function casesToInvite(db: Db, since: Date, limit = 200) {
  const rows = await db
    .selectFrom('case as c')
    .leftJoin('evaluation_watermark as m', 'm.case_id', 'c.id')
    .leftJoin('rating as r', (j) => j.onRef('r.case_id', '=', 'c.id').on('r.channel', '=', 'online'))
    .select(['c.id'])
    .where('c.status', 'in', ['completed', 'delivered'])
    .where('c.completed_at', '>=', since)
    .where('m.case_id', 'is', null)
    .where('r.id', 'is', null)
    .orderBy('c.completed_at')
    .limit(limit)
    .execute()
  return rows.map((r) => Number(r.id))
}
