/** Use cases of the catalogue: create and edit drafts, publish versions, suspend / restart / abolish, read and search. */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Actor, Ctx, Deps } from '../../server/context.js'
import { DomainError, notFound } from '../../server/errors.js'
import { mutate, type Tx } from '../../server/mutate.js'
import { ITEM_TYPES, type ItemGuide, type ItemStatus, type ItemVersion } from './catalog.types.js'
import { CatalogErrors } from './catalog.errors.js'
import { canManageDepartment, manageScopeOf, type ManageScope } from './catalog.policy.js'
import * as repo from './catalog.repository.js'
import { checkGuide, normalizeGuide, queryWords, searchForm, searchTextOf, STATUS_NAMES, transitionRefusal } from './catalog.rules.js'
import type { ItemDetail, ItemSummary, ListQuery } from './catalog.schemas.js'

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString()

export function versionDto(v: repo.VersionRow): ItemVersion {
  return { itemId: v.item_id, versionId: v.id, version: v.version, status: v.status, guide: v.guide, publishedAt: iso(v.published_at) }
}

/** Loads a department for a guide and checks it: exists, is a department, and (for admins) is in scope. */
async function departmentFor(db: Kysely<DB> | Tx['db'], ms: ManageScope | null, departmentId: number) {
  const dept = await repo.findUnit(db, departmentId)
  const kind = dept ? dept.kind : null
  return { dept, kind, inScope: !!dept && canManageDepartment(ms, dept) }
}

/** Validates a guide; throws the first problem's code with every problem in details. */
export function assertGuide(guide: ItemGuide, departmentKind: string | null) {
  const check = checkGuide(guide, { departmentKind })
  const first = check.errors[0]
  if (first) {
    const make = (CatalogErrors as Record<string, (m: string, d?: Record<string, unknown>) => DomainError>)[first.code] ?? CatalogErrors.INVALID_GUIDE
    throw make(check.errors.length > 1 ? `${first.message}（共 ${check.errors.length} 处问题）` : first.message, { problems: check.errors })
  }
  return check
}

function searchCols(g: ItemGuide, departmentName: string): repo.SearchCols {
  return { name: g.name, search_text: searchTextOf(g, departmentName), type_code: g.typeCode, audiences: g.audiences, topics: g.topics, instant: g.instant }
}

async function loadManaged(tx: Tx, ms: ManageScope | null, id: number): Promise<repo.ItemRow> {
  const item = await repo.findItem(tx.db, id, true)
  if (!item || !canManageDepartment(ms, { path: item.dept_path, region_code: item.dept_region })) throw notFound('事项')
  return item
}

const actorName = (a: Actor | null) => (a ? a.displayName : '系统')
const actorId = (a: Actor | null) => (a && a.kind !== 'system' ? a.userId : null)

/** Writes a new item (a draft) inside the caller's transaction. The guide must be valid and its department in scope. */
export async function createItemTx(tx: Tx, ms: ManageScope | null, input: ItemGuide): Promise<number> {
  const guide = normalizeGuide(input)
  const { dept, kind, inScope } = await departmentFor(tx.db, ms, guide.departmentId)
  if (dept && !inScope) throw CatalogErrors.UNKNOWN_DEPARTMENT('实施机构不存在或不在您的管辖范围内')
  assertGuide(guide, kind)
  if (await repo.findItemByCode(tx.db, guide.code)) throw CatalogErrors.CODE_TAKEN(`事项编码 ${guide.code} 已被使用`)
  const id = await repo.insertItem(tx.db, { code: guide.code, department_id: guide.departmentId, draft: guide, at: tx.now, ...searchCols(guide, dept!.name) })
  await tx.audit({ action: 'catalog.item.create', targetType: 'item', targetId: id, unitId: guide.departmentId, summary: `新建事项草稿：${guide.name}（${guide.code}）`, after: { code: guide.code, name: guide.name } })
  return id
}

/** Replaces the item's draft inside the caller's transaction (a published version is never touched). */
export async function saveDraftTx(tx: Tx, ms: ManageScope | null, item: repo.ItemRow, input: ItemGuide): Promise<void> {
  const guide = normalizeGuide(input)
  const refusal = transitionRefusal(item.status, 'edit', item.draft !== null)
  if (refusal) throw CatalogErrors[refusal.code](refusal.message)
  if (guide.code !== item.code) throw CatalogErrors.CODE_IMMUTABLE(`事项编码不能修改（${item.code}）`)
  const { dept, kind, inScope } = await departmentFor(tx.db, ms, guide.departmentId)
  if (dept && !inScope) throw CatalogErrors.UNKNOWN_DEPARTMENT('实施机构不存在或不在您的管辖范围内')
  assertGuide(guide, kind)
  const neverPublished = item.current_version_id === null
  await repo.updateItem(tx.db, item.id, {
    draft: guide,
    at: tx.now,
    ...(neverPublished ? { ...searchCols(guide, dept!.name), department_id: guide.departmentId } : {}),
  })
  await tx.audit({
    action: 'catalog.item.draft',
    targetType: 'item',
    targetId: item.id,
    unitId: item.department_id,
    summary: `修改事项草稿：${guide.name}（${guide.code}）`,
    before: item.draft ? { name: item.draft.name } : undefined,
    after: { name: guide.name },
  })
}

export async function createItem(deps: Deps, ctx: Ctx, actor: Actor, guide: ItemGuide): Promise<ItemDetail> {
  const ms = await manageScopeOf(deps.db, actor)
  const id = await mutate(deps, ctx, (tx) => createItemTx(tx, ms, guide))
  return itemDetail(deps, actor, id)
}

export async function saveDraft(deps: Deps, ctx: Ctx, actor: Actor, id: number, guide: ItemGuide): Promise<ItemDetail> {
  const ms = await manageScopeOf(deps.db, actor)
  await mutate(deps, ctx, async (tx) => saveDraftTx(tx, ms, await loadManaged(tx, ms, id), guide))
  return itemDetail(deps, actor, id)
}

export async function publish(deps: Deps, ctx: Ctx, actor: Actor, id: number): Promise<ItemDetail> {
  const ms = await manageScopeOf(deps.db, actor)
  await mutate(deps, ctx, async (tx) => {
    const item = await loadManaged(tx, ms, id)
    const refusal = transitionRefusal(item.status, 'publish', item.draft !== null)
    if (refusal) throw CatalogErrors[refusal.code](refusal.message)
    const guide = item.draft!
    // the department may have changed since the draft was saved
    const { dept, kind } = await departmentFor(tx.db, ms, guide.departmentId)
    assertGuide(guide, kind)
    const version = (await repo.latestVersionNumber(tx.db, id)) + 1
    const versionId = await repo.insertVersion(tx.db, { item_id: id, version, guide, published_at: tx.now, published_by: actorId(actor) })
    await repo.updateItem(tx.db, id, {
      draft: null,
      status: 'published',
      status_reason: null,
      current_version_id: versionId,
      department_id: guide.departmentId,
      at: tx.now,
      ...searchCols(guide, dept!.name),
    })
    await repo.insertStatusChange(tx.db, { item_id: id, action: 'publish', from_status: item.status, to_status: 'published', reason: null, approval_ref: null, version, by_user_id: actorId(actor), by_name: actorName(actor), at: tx.now })
    await tx.audit({ action: 'catalog.item.publish', targetType: 'item', targetId: id, unitId: guide.departmentId, summary: `发布事项：${guide.name}（${guide.code}）第 ${version} 版`, after: { version, versionId } })
  })
  return itemDetail(deps, actor, id)
}

async function changeStatus(
  deps: Deps,
  ctx: Ctx,
  actor: Actor,
  id: number,
  action: 'suspend' | 'restart' | 'abolish',
  to: ItemStatus,
  reason: string,
  approvalRef: string | null,
): Promise<ItemDetail> {
  const ms = await manageScopeOf(deps.db, actor)
  await mutate(deps, ctx, async (tx) => {
    const item = await loadManaged(tx, ms, id)
    const refusal = transitionRefusal(item.status, action, item.draft !== null)
    if (refusal) throw CatalogErrors[refusal.code](refusal.message)
    await repo.updateItem(tx.db, id, { status: to, status_reason: action === 'restart' ? null : reason, at: tx.now })
    await repo.insertStatusChange(tx.db, { item_id: id, action, from_status: item.status, to_status: to, reason, approval_ref: approvalRef, version: null, by_user_id: actorId(actor), by_name: actorName(actor), at: tx.now })
    const verb = { suspend: '暂停', restart: '恢复', abolish: '取消' }[action]
    await tx.audit({
      action: `catalog.item.${action}`,
      targetType: 'item',
      targetId: id,
      unitId: item.department_id,
      summary: `${verb}事项 ${item.code}：${reason}${approvalRef ? `（恢复审批：${approvalRef}）` : ''}`,
      before: { status: item.status },
      after: { status: to, reason, approvalRef },
    })
  })
  return itemDetail(deps, actor, id)
}

export const suspend = (deps: Deps, ctx: Ctx, actor: Actor, id: number, reason: string) => changeStatus(deps, ctx, actor, id, 'suspend', 'suspended', reason, null)
export const restart = (deps: Deps, ctx: Ctx, actor: Actor, id: number, reason: string, approvalRef: string) =>
  changeStatus(deps, ctx, actor, id, 'restart', 'published', reason, approvalRef)
export const abolish = (deps: Deps, ctx: Ctx, actor: Actor, id: number, reason: string) => changeStatus(deps, ctx, actor, id, 'abolish', 'abolished', reason, null)

/** The item as the actor may see it; a never-published item outside the actor's reach is not found. */
export async function itemDetail(deps: Pick<Deps, 'db' | 'config'>, actor: Actor | null, id: number): Promise<ItemDetail> {
  const db = deps.db
  const cutPercent = deps.config.promisedCutPercent
  const item = await repo.findItem(db, id)
  if (!item) throw notFound('事项')
  const ms = await manageScopeOf(db, actor)
  const manages = canManageDepartment(ms, { path: item.dept_path, region_code: item.dept_region })
  if (!manages && item.current_version_id === null) throw notFound('事项')
  const cur = item.current_version_id !== null ? await repo.findVersion(db, item.current_version_id) : undefined
  const versions = await repo.versionsOf(db, id)
  const current = cur ? versionDto(cur) : null
  const draft: ItemVersion | null =
    manages && item.draft ? { itemId: id, versionId: 0, version: (versions[0]?.version ?? 0) + 1, status: 'draft', guide: item.draft, publishedAt: null } : null
  const shown = current?.guide ?? item.draft
  if (!shown) throw notFound('事项')
  const check = checkGuide(shown, { departmentKind: 'department', cutPercent })
  const warnings = manages && item.draft ? checkGuide(item.draft, { departmentKind: 'department', cutPercent }).warnings : []
  const changes = manages ? await repo.statusChanges(db, id) : []
  return {
    id,
    code: item.code,
    status: item.status,
    statusName: STATUS_NAMES[item.status],
    statusReason: item.status_reason,
    departmentId: item.department_id,
    departmentName: item.dept_name,
    current,
    draft,
    versions: versions.map((v) => ({ versionId: v.id, version: v.version, publishedAt: iso(v.published_at) })),
    promisedCutOk: check.promisedCutOk,
    promisedCutPercent: cutPercent,
    warnings,
    statusChanges: changes.map((c) => ({
      action: c.action,
      fromStatus: c.from_status,
      toStatus: c.to_status,
      reason: c.reason,
      approvalRef: c.approval_ref,
      version: c.version === null ? null : Number(c.version),
      byName: c.by_name,
      at: iso(c.at),
    })),
    canManage: manages,
  }
}

/** One published version of a visible item. */
export async function versionOf(db: Kysely<DB>, actor: Actor | null, id: number, versionId: number): Promise<ItemVersion> {
  const v = await repo.findVersion(db, versionId)
  if (!v || v.item_id !== id) throw notFound('事项版本')
  return versionDto(v)
}

export async function listItems(db: Kysely<DB>, actor: Actor | null, query: ListQuery) {
  const ms = await manageScopeOf(db, actor)
  const page = query.page ?? 1
  const pageSize = query.pageSize ?? 20
  const words = query.q ? queryWords(query.q) : []
  const { rows, total } = await repo.listItems(
    db,
    {
      words,
      similarTo: words.length ? searchForm(query.q!) : null,
      departmentId: query.departmentId,
      typeCode: query.typeCode,
      audience: query.audience,
      topic: query.topic?.trim() || undefined,
      status: query.status,
      manage: ms,
    },
    page,
    pageSize,
  )
  return { items: rows.map(summaryOf), total, page, pageSize }
}

export function summaryOf(r: repo.ListRow): ItemSummary {
  const g = r.guide
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    typeCode: r.type_code,
    typeName: ITEM_TYPES[r.type_code as keyof typeof ITEM_TYPES] ?? r.type_code,
    departmentId: r.department_id,
    departmentName: r.dept_name,
    audiences: r.audiences,
    topics: r.topics,
    instant: r.instant,
    legalLimitDays: g?.legalLimitDays ?? 0,
    promisedLimitDays: g?.promisedLimitDays ?? 0,
    channels: g?.channels ?? [],
    visits: g?.visits ?? 0,
    hasFees: (g?.fees?.length ?? 0) > 0,
    status: r.status,
    version: r.version,
    versionId: r.version_id,
    hasDraft: r.has_draft,
  }
}
