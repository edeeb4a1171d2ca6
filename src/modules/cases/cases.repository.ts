/** Queries of the cases module (its own tables; org/auth rows by id). */
import { sql, type Kysely, type Selectable } from 'kysely'
import type { DB } from '../../db/schema.js'
import { pgPoolOf } from '../../db/database.js'
import type { CaseTable, CaseMaterialTable, CaseStepTable, CasePauseTable, CaseExtensionTable, CaseCorrectionTable } from './cases.tables.js'
import { formatCaseNumber } from './cases.rules.js'

export type CaseRow = Selectable<CaseTable>
export type MaterialRow = Selectable<CaseMaterialTable>
export type StepRow = Selectable<CaseStepTable>
export type PauseRow = Selectable<CasePauseTable>
export type ExtensionRow = Selectable<CaseExtensionTable>
export type CorrectionRow = Selectable<CaseCorrectionTable>

type Db = Kysely<DB>

export async function findCase(db: Db, id: number, forUpdate = false): Promise<CaseRow | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null
  let q = db.selectFrom('case').selectAll().where('id', '=', id)
  if (forUpdate) q = q.forUpdate()
  const r = await q.executeTakeFirst()
  return r ? normaliseCase(r) : null
}

export async function findCaseByNumber(db: Db, number: string): Promise<CaseRow | null> {
  const r = await db.selectFrom('case').selectAll().where('number', '=', number).executeTakeFirst()
  return r ? normaliseCase(r) : null
}

export interface ProgressRow {
  number: string
  status: CaseRow['status']
  applicant_name: string
  applicant_id_number: string | null
  applicant_credit_code: string | null
  applicant_phone: string | null
  /** ISO 8601 in UTC (as Date.toISOString writes it), formatted by the database */
  received_at: string | null
  accepted_at: string | null
  promised_due: string | null
  completed_at: string | null
  item_name: string | null
  unit_name: string | null
  current_step: string | null
}

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`
/**
 * The public progress query's row in one round trip: the case by its number, its handling unit's
 * name and its first active step (by seq). Hand-written SQL on a hot path (a public,
 * unauthenticated route): one statement, only the columns it shows and checks. On PostgreSQL it runs
 * as a named prepared statement (pg keeps the plan per pooled connection; planning cost three times
 * the execution). At 5 M cases the tables and their big indexes are far larger than the buffer
 * cache, so what it reads besides the case itself is kept small:
 *  - the active step comes from case_step_active_idx, a partial index of active steps only (~1 M
 *    entries, stays cached); a closed case's lookup ends there, without reading its steps;
 *  - the unit's name in a scalar subquery (joined, the planner merge-joined the whole org_unit
 *    index with a sort). With a hundred units in four pages the planner scans the table rather
 *    than use its key; LIMIT 1 stops that scan at the match (the id is unique, it changes nothing
 *    else; with more units it uses the primary key);
 *  - the item's name is not read here: it is the name in the case's published item version, which
 *    never changes, so itemVersionName() keeps it in memory (reading it per request decompressed
 *    the version's whole guide);
 *  - times come formatted as ISO 8601 in UTC, so no Date is parsed and formatted again per request.
 */
const PROGRESS_SQL = `
    SELECT c.number, c.status, c.applicant_name, c.applicant_id_number, c.applicant_credit_code, c.applicant_phone,
           to_char(c.received_at AT TIME ZONE 'UTC', ${ISO}) AS received_at,
           to_char(c.accepted_at AT TIME ZONE 'UTC', ${ISO}) AS accepted_at,
           c.promised_due,
           to_char(c.completed_at AT TIME ZONE 'UTC', ${ISO}) AS completed_at,
           c.item_version_id,
           (SELECT u.name FROM org_unit u WHERE u.id = c.unit_id LIMIT 1) AS unit_name,
           (SELECT s.name FROM case_step s WHERE s.case_id = c.id AND s.status = 'active' ORDER BY s.seq LIMIT 1) AS current_step
    FROM "case" c
    WHERE c.number = $1`
const PROGRESS_QUERY = { name: 'cases.progress.v2', text: PROGRESS_SQL }
const [PROGRESS_BEFORE, PROGRESS_AFTER] = PROGRESS_SQL.split('$1') as [string, string]

export async function progressRow(db: Db, number: string): Promise<ProgressRow | null> {
  const pool = pgPoolOf(db)
  const rows = pool
    ? (await pool.query<Omit<ProgressRow, 'item_name'> & { item_version_id: string | number }>({ ...PROGRESS_QUERY, values: [number] })).rows
    : (await sql<Omit<ProgressRow, 'item_name'> & { item_version_id: string | number }>`${sql.raw(PROGRESS_BEFORE)}${number}${sql.raw(PROGRESS_AFTER)}`.execute(db)).rows
  const r = rows[0]
  if (!r) return null
  const { item_version_id, ...row } = r
  return { ...row, item_name: await itemVersionName(db, Number(item_version_id)) }
}

/**
 * The name of a published item version (its guide's name). Versions are immutable, so each is read
 * once per database handle and kept; there are as many as the catalogue has had publications (a few
 * thousand), and the map is emptied if it ever passes 50,000.
 */
const versionNames = new WeakMap<Db, Map<number, string | null>>()
export async function itemVersionName(db: Db, versionId: number): Promise<string | null> {
  let names = versionNames.get(db)
  if (!names) versionNames.set(db, (names = new Map()))
  const known = names.get(versionId)
  if (known !== undefined) return known
  const r = await sql<{ name: string | null }>`SELECT guide->>'name' AS name FROM item_version WHERE id = ${versionId}`.execute(db)
  if (!r.rows[0]) return null // not cached: a version that does not exist (yet) in this database
  if (names.size >= 50_000) names.clear()
  names.set(versionId, r.rows[0].name)
  return r.rows[0].name
}

/** bigint columns come back as strings on some drivers: make ids numbers. */
export function normaliseCase(r: CaseRow): CaseRow {
  return {
    ...r,
    id: Number(r.id),
    item_id: Number(r.item_id),
    item_version_id: Number(r.item_version_id),
    unit_id: Number(r.unit_id),
    centre_id: r.centre_id === null ? null : Number(r.centre_id),
    window_id: r.window_id === null ? null : Number(r.window_id),
    applicant_user_id: Number(r.applicant_user_id),
    correction_count: Number(r.correction_count),
  }
}

/** The next readable case number: one counter row per region and day, taken with an atomic upsert. */
export async function nextCaseNumber(db: Db, regionCode: string, day: string): Promise<string> {
  const r = await sql<{ last: number }>`
    INSERT INTO case_number_counter (region_code, day, last) VALUES (${regionCode}, ${day}, 1)
    ON CONFLICT (region_code, day) DO UPDATE SET last = case_number_counter.last + 1
    RETURNING last`.execute(db)
  return formatCaseNumber(regionCode, day, Number(r.rows[0]!.last))
}

export async function materialsOf(db: Db, caseId: number): Promise<MaterialRow[]> {
  const rows = await db.selectFrom('case_material').selectAll().where('case_id', '=', caseId).orderBy('id').execute()
  return rows.map((m) => ({ ...m, id: Number(m.id), case_id: Number(m.case_id), reused_from: m.reused_from === null ? null : Number(m.reused_from), e_certificate_id: m.e_certificate_id === null ? null : Number(m.e_certificate_id) }))
}

export async function stepsOf(db: Db, caseId: number): Promise<StepRow[]> {
  const rows = await db.selectFrom('case_step').selectAll().where('case_id', '=', caseId).orderBy('seq').execute()
  return rows.map((s) => ({ ...s, id: Number(s.id), case_id: Number(s.case_id), unit_id: Number(s.unit_id), assignee_id: s.assignee_id === null ? null : Number(s.assignee_id) }))
}

export async function pausesOf(db: Db, caseId: number): Promise<PauseRow[]> {
  const rows = await db.selectFrom('case_pause').selectAll().where('case_id', '=', caseId).orderBy('id').execute()
  return rows.map((p) => ({ ...p, id: Number(p.id), case_id: Number(p.case_id) }))
}

export async function extensionsOf(db: Db, caseId: number): Promise<ExtensionRow[]> {
  const rows = await db.selectFrom('case_extension').selectAll().where('case_id', '=', caseId).orderBy('id').execute()
  return rows.map((p) => ({ ...p, id: Number(p.id), case_id: Number(p.case_id) }))
}

export async function correctionsOf(db: Db, caseId: number): Promise<CorrectionRow[]> {
  const rows = await db.selectFrom('case_correction').selectAll().where('case_id', '=', caseId).orderBy('id').execute()
  return rows.map((p) => ({ ...p, id: Number(p.id), case_id: Number(p.case_id) }))
}

const UNIT_COLS = ['id', 'name', 'kind', 'path', 'region_code', 'parent_id', 'centre_id', 'department_id'] as const
type RawUnit = Pick<Selectable<DB['org_unit']>, (typeof UNIT_COLS)[number]>
function toUnit(r: RawUnit) {
  return { ...r, id: Number(r.id), parent_id: r.parent_id === null ? null : Number(r.parent_id), centre_id: r.centre_id === null ? null : Number(r.centre_id) }
}

export async function unitRow(db: Db, id: number | null) {
  if (id === null || !Number.isSafeInteger(id)) return null
  const r = await db.selectFrom('org_unit').select(UNIT_COLS).where('id', '=', id).executeTakeFirst()
  return r ? toUnit(r) : null
}
export type UnitRow = NonNullable<Awaited<ReturnType<typeof unitRow>>>

/** Several units in one query, by id (missing ones are absent from the map). */
export async function unitRows(db: Db, ids: readonly (number | null)[]): Promise<Map<number, UnitRow>> {
  const want = [...new Set(ids.filter((id): id is number => id !== null && Number.isSafeInteger(id)))]
  if (want.length === 0) return new Map()
  const rows = await db.selectFrom('org_unit').select(UNIT_COLS).where('id', 'in', want).execute()
  return new Map(rows.map((r) => [Number(r.id), toUnit(r)]))
}

/** The centre a window belongs to (its nearest centre ancestor), by materialised path. */
export async function centreOfUnit(db: Db, unit: UnitRow): Promise<UnitRow | null> {
  const ids = unit.path.split('/').filter(Boolean).map(Number).reverse()
  if (ids.length === 0) return null
  const rows = await db.selectFrom('org_unit').select(['id', 'kind']).where('id', 'in', ids).execute()
  const kinds = new Map(rows.map((r) => [Number(r.id), r.kind]))
  for (const id of ids) if (kinds.get(id) === 'centre') return unitRow(db, id)
  return null
}

/** The main centre of a region (the shallowest active centre whose region is the code or its parent). */
export async function centreOfRegion(db: Db, regionCode: string): Promise<UnitRow | null> {
  const codes = [regionCode]
  for (let n = regionCode.length - 2; n >= 2; n -= 2) codes.push(regionCode.slice(0, n))
  for (const code of codes) {
    const r = await db
      .selectFrom('org_unit')
      .select(['id'])
      .where('kind', '=', 'centre')
      .where('region_code', '=', code)
      .where('status', '=', 'active')
      .orderBy(sql`length(path)`)
      .orderBy('id')
      .executeTakeFirst()
    if (r) return unitRow(db, Number(r.id))
  }
  return null
}

/** The department's first active approval office (审批科室), or null. */
export async function approvalOfficeOf(db: Db, dept: UnitRow): Promise<UnitRow | null> {
  if (dept.kind !== 'department') return null
  const r = await db
    .selectFrom('org_unit')
    .select(['id'])
    .where('parent_id', '=', dept.id)
    .where('kind', '=', 'approval_office')
    .where('status', '=', 'active')
    .orderBy('sort')
    .orderBy('id')
    .executeTakeFirst()
  return r ? unitRow(db, Number(r.id)) : null
}
