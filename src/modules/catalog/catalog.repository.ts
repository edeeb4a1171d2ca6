/** SQL only (Kysely): plain rows out, an optional transaction in. */
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Trx } from '../../server/context.js'
import type { Audience, ItemGuide, ItemStatus, ItemTypeCode } from './catalog.types.js'
import { manageWhere, type ManageScope } from './catalog.policy.js'

type Q = Kysely<DB> | Trx

export interface ItemRow {
  id: number
  code: string
  status: ItemStatus
  status_reason: string | null
  department_id: number
  current_version_id: number | null
  draft: ItemGuide | null
  dept_name: string
  dept_path: string
  dept_region: string
}

const itemColumns = [
  'i.id',
  'i.code',
  'i.status',
  'i.status_reason',
  'i.department_id',
  'i.current_version_id',
  'i.draft',
  'd.name as dept_name',
  'd.path as dept_path',
  'd.region_code as dept_region',
] as const

function fix(r: ItemRow): ItemRow {
  return { ...r, id: Number(r.id), department_id: Number(r.department_id), current_version_id: r.current_version_id === null ? null : Number(r.current_version_id) }
}

export async function findItem(db: Q, id: number, lock = false): Promise<ItemRow | undefined> {
  let q = db.selectFrom('item as i').innerJoin('org_unit as d', 'd.id', 'i.department_id').select(itemColumns).where('i.id', '=', id)
  if (lock) q = q.forUpdate('i')
  const r = await q.executeTakeFirst()
  return r ? fix(r as ItemRow) : undefined
}

export async function findItemByCode(db: Q, code: string): Promise<ItemRow | undefined> {
  const r = await db.selectFrom('item as i').innerJoin('org_unit as d', 'd.id', 'i.department_id').select(itemColumns).where('i.code', '=', code).executeTakeFirst()
  return r ? fix(r as ItemRow) : undefined
}

export async function findUnit(db: Q, id: number) {
  if (!Number.isSafeInteger(id) || id < 1) return undefined
  return db.selectFrom('org_unit').select(['id', 'kind', 'name', 'path', 'region_code', 'status']).where('id', '=', id).executeTakeFirst()
}

export interface SearchCols {
  name: string
  search_text: string
  type_code: ItemTypeCode
  audiences: Audience[]
  topics: string[]
  instant: boolean
}

export async function insertItem(db: Trx, v: { code: string; department_id: number; draft: ItemGuide; at: Date } & SearchCols): Promise<number> {
  const r = await db
    .insertInto('item')
    .values({
      code: v.code,
      status: 'draft',
      department_id: v.department_id,
      draft: JSON.stringify(v.draft),
      name: v.name,
      search_text: v.search_text,
      type_code: v.type_code,
      audiences: v.audiences,
      topics: v.topics,
      instant: v.instant,
      created_at: v.at,
      updated_at: v.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(r.id)
}

export async function updateItem(
  db: Trx,
  id: number,
  set: Partial<SearchCols> & { draft?: ItemGuide | null; status?: ItemStatus; status_reason?: string | null; department_id?: number; current_version_id?: number; at: Date },
): Promise<void> {
  const { at, draft, ...rest } = set
  await db
    .updateTable('item')
    .set({ ...rest, ...(draft !== undefined ? { draft: draft === null ? null : JSON.stringify(draft) } : {}), updated_at: at })
    .where('id', '=', id)
    .execute()
}

export async function latestVersionNumber(db: Q, itemId: number): Promise<number> {
  const r = await db.selectFrom('item_version').select((eb) => eb.fn.max('version').as('v')).where('item_id', '=', itemId).executeTakeFirst()
  return Number(r?.v ?? 0)
}

export async function insertVersion(db: Trx, v: { item_id: number; version: number; guide: ItemGuide; published_at: Date; published_by: number | null }): Promise<number> {
  const r = await db
    .insertInto('item_version')
    .values({ ...v, guide: JSON.stringify(v.guide) })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(r.id)
}

export interface VersionRow {
  id: number
  item_id: number
  version: number
  guide: ItemGuide
  published_at: Date
  status: ItemStatus
}

export async function findVersion(db: Q, versionId: number): Promise<VersionRow | undefined> {
  if (!Number.isSafeInteger(versionId) || versionId < 1) return undefined
  const r = await db
    .selectFrom('item_version as v')
    .innerJoin('item as i', 'i.id', 'v.item_id')
    .select(['v.id', 'v.item_id', 'v.version', 'v.guide', 'v.published_at', 'i.status'])
    .where('v.id', '=', versionId)
    .executeTakeFirst()
  return r ? { ...r, id: Number(r.id), item_id: Number(r.item_id), version: Number(r.version) } : undefined
}

export async function versionsOf(db: Q, itemId: number) {
  const rows = await db.selectFrom('item_version').select(['id', 'version', 'published_at']).where('item_id', '=', itemId).orderBy('version', 'desc').execute()
  return rows.map((r) => ({ id: Number(r.id), version: Number(r.version), published_at: r.published_at }))
}

export async function insertStatusChange(
  db: Trx,
  v: { item_id: number; action: 'publish' | 'suspend' | 'restart' | 'abolish'; from_status: string; to_status: string; reason: string | null; approval_ref: string | null; version: number | null; by_user_id: number | null; by_name: string; at: Date },
) {
  await db.insertInto('item_status_change').values(v).execute()
}

export async function statusChanges(db: Q, itemId: number) {
  return db.selectFrom('item_status_change').selectAll().where('item_id', '=', itemId).orderBy('id').execute()
}

export interface ListFilter {
  words: string[]
  similarTo: string | null
  departmentId?: number | undefined
  typeCode?: string | undefined
  audience?: string | undefined
  topic?: string | undefined
  /** none or 'published': published items (everyone); other statuses and 'all': managed items only */
  status?: ItemStatus | 'all' | undefined
  /** null: the public (published only) */
  manage: ManageScope | null
  /** only items the actor manages (export) */
  managedOnly?: boolean
}

export interface ListRow {
  id: number
  code: string
  status: ItemStatus
  name: string
  type_code: string
  audiences: string[]
  topics: string[]
  instant: boolean
  department_id: number
  dept_name: string
  version: number | null
  version_id: number | null
  guide: ItemGuide | null
  has_draft: boolean
}

/** The distinct 2-character substrings of a word, as catalog_grams() computes them in SQL (code points). */
export function grams(w: string): string[] {
  const cs = [...w]
  const out = new Set<string>()
  for (let i = 0; i + 1 < cs.length; i++) out.add(cs[i]! + cs[i + 1]!)
  return [...out]
}

const like = (w: string) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

function listBase(db: Q, f: ListFilter) {
  return db
    .selectFrom('item as i')
    .innerJoin('org_unit as d', 'd.id', 'i.department_id')
    .where((eb) => {
      const ands = []
      // published items are public; any other status (or 'all') only within the actor's manage scope
      if (f.managedOnly || f.status === 'all') ands.push(manageWhere(eb, f.manage, 'd'))
      else if (!f.status || f.status === 'published') ands.push(eb('i.status', '=', 'published'))
      else ands.push(eb.and([eb('i.status', '=', f.status), manageWhere(eb, f.manage, 'd')]))
      // LIKE, not ILIKE: search_text and the words are both lower-cased already (searchForm), and
      // ILIKE case-folds every row's text again (≈ 10× slower on Chinese text, and no cheaper via the index)
      // a word of 2+ characters is found through the bigram index (migration 20261121T1400), LIKE rechecks
      for (const w of f.words) {
        const g = grams(w)
        if (g.length) ands.push(sql<boolean>`catalog_grams(i.search_text) @> ${g}::text[]`)
        ands.push(eb('i.search_text', 'like', like(w)))
      }
      if (f.departmentId) ands.push(eb('i.department_id', '=', f.departmentId))
      if (f.typeCode) ands.push(eb('i.type_code', '=', f.typeCode))
      if (f.audience) ands.push(sql<boolean>`i.audiences @> array[${f.audience}]::text[]`)
      if (f.topic) ands.push(sql<boolean>`i.topics @> array[${f.topic}]::text[]`)
      return eb.and(ands)
    })
}

/**
 * A page of matches, and the total. With words: one scan (the bigram/trigram index finds the
 * matches, `count(*) OVER ()` counts them while they are ordered by similarity), then the page's
 * rows joined to their guide (the guide jsonb is read for the page only). Without words (a topic or
 * department only, or nothing) the page walks the code order and stops at the page's end, and the
 * total is a separate count: a window there would make the planner walk the whole code index.
 */
export async function listItems(db: Q, f: ListFilter, page: number, pageSize: number): Promise<{ rows: ListRow[]; total: number }> {
  const sim = f.similarTo ? sql<number>`similarity(i.search_text, ${f.similarTo})` : sql<number>`0`
  const windowed = f.words.length > 0
  const hits = listBase(db, f)
    .select(['i.id', 'i.code', sim.as('sim'), windowed ? sql<string>`count(*) OVER ()`.as('total') : sql<string>`NULL`.as('total')])
    .orderBy('sim', 'desc')
    .orderBy('i.code')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
  const rows = await db
    .selectFrom(hits.as('h'))
    .innerJoin('item as i', 'i.id', 'h.id')
    .innerJoin('org_unit as d', 'd.id', 'i.department_id')
    .leftJoin('item_version as v', 'v.id', 'i.current_version_id')
    .select([
      'i.id',
      'i.code',
      'i.status',
      'i.name',
      'i.type_code',
      'i.audiences',
      'i.topics',
      'i.instant',
      'i.department_id',
      'd.name as dept_name',
      'v.version',
      'v.id as version_id',
      sql<ItemGuide | null>`coalesce(v.guide, i.draft)`.as('guide'),
      sql<boolean>`i.draft is not null`.as('has_draft'),
      'h.total',
    ])
    .orderBy('h.sim', 'desc')
    .orderBy('h.code')
    .execute()
  // a page past the end has no row to carry the total: count then (rare)
  const total =
    windowed && rows.length ? Number(rows[0]!.total) : windowed && page === 1 ? 0 : Number((await listBase(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  return {
    total,
    rows: rows.map(({ total: _t, ...r }) => ({
      ...(r as unknown as ListRow),
      id: Number(r.id),
      department_id: Number(r.department_id),
      version: r.version === null ? null : Number(r.version),
      version_id: r.version_id === null ? null : Number(r.version_id),
    })),
  }
}

/** Published items per (topic, audience). */
export async function topicCounts(db: Q) {
  const r = await sql<{ topic: string; audience: string; n: number }>`
    select t.topic, a.audience, count(*)::int8 as n
    from item i, unnest(i.topics) as t(topic), unnest(i.audiences) as a(audience)
    where i.status = 'published'
    group by t.topic, a.audience
    order by count(*) desc, t.topic, a.audience`.execute(db)
  return r.rows.map((x) => ({ topic: x.topic, audience: x.audience, count: Number(x.n) }))
}

/** Departments with published items. */
export async function departmentCounts(db: Q) {
  const rows = await db
    .selectFrom('item as i')
    .innerJoin('org_unit as d', 'd.id', 'i.department_id')
    .select(['d.id', 'd.name', 'd.sort', (eb) => eb.fn.countAll<number>().as('n')])
    .where('i.status', '=', 'published')
    .groupBy(['d.id', 'd.name', 'd.sort'])
    .orderBy('d.sort')
    .orderBy('d.id')
    .execute()
  return rows.map((r) => ({ id: Number(r.id), name: r.name, count: Number(r.n) }))
}

/** Departments by exact name (the xlsx import resolves 实施机构 by name or unit code). */
export async function departmentsByNameOrCode(db: Q, names: string[]) {
  if (!names.length) return []
  return db
    .selectFrom('org_unit')
    .select(['id', 'name', 'code', 'kind', 'path', 'region_code'])
    .where('kind', '=', 'department')
    .where((eb) => eb.or([eb('name', 'in', names), eb('code', 'in', names)]))
    .execute()
}

export async function itemsByCodes(db: Q, codes: string[]) {
  if (!codes.length) return []
  const rows = await db.selectFrom('item as i').innerJoin('org_unit as d', 'd.id', 'i.department_id').select(itemColumns).where('i.code', 'in', codes).execute()
  return rows.map((r) => fix(r as ItemRow))
}
