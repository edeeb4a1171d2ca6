/**
 * Shared internals of the cases use cases: roles, access and scope, locking, the per-transaction calendar, and the small helpers (audit, notices, documents) every use case calls.
 */
import { type Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Actor, Ctx, Deps } from '../../server/context.js'
import { mutate, type Tx } from '../../server/mutate.js'
import type { Role } from '../../shared/roles.js'
import { STAFF_ROLES } from '../../shared/roles.js'
import { unitInScope } from '../org/index.js'
import { getCalendar, type Calendar } from '../calendar/index.js'
type Db = Kysely<DB>
import { getItemVersion, type ItemGuide, type ItemVersion } from '../catalog/index.js'
import { issueDocument, type DocumentBody, type DocumentKind, type IssuedDocument } from '../documents/index.js'
import { notify, type NoticeEvent } from '../notify/index.js'
import { CasesErrors } from './cases.errors.js'
import * as repo from './cases.repository.js'
import type { CaseRow, MaterialRow, UnitRow } from './cases.repository.js'
import { shanghaiDate, type MaterialState } from './cases.rules.js'

export const EXTENSION_LIMITS: Partial<Record<string, number>> = { '01': 10 }
export const DEFAULT_EXTENSION_LIMIT = 10

export const INTAKE_ROLES: Role[] = ['window_staff', 'centre_admin']
export const APPROVER_ROLES: Role[] = ['approver']
export const HANDLING_ROLES: Role[] = ['reviewer', 'approver', 'handling_unit', 'window_staff', 'centre_admin']
export const SEE_ROLES: Role[] = STAFF_ROLES.filter((r) => r !== 'hotline_operator' && r !== 'disclosure_officer' && r !== 'trading_staff')

// ---------------------------------------------------------------------------------------------
// Access and scope

interface CaseUnits {
  handling: UnitRow | null
  centre: UnitRow | null
  window: UnitRow | null
}

async function unitsOf(db: Db, c: CaseRow): Promise<CaseUnits> {
  const units = await repo.unitRows(db, [c.unit_id, c.centre_id, c.window_id])
  const names = txMemo(db)
  if (names) for (const u of units.values()) names.units.set(u.id, u.name)
  const of = (id: number | null) => (id === null ? null : (units.get(id) ?? null))
  return { handling: of(c.unit_id), centre: of(c.centre_id), window: of(c.window_id) }
}

/**
 * Lookups a transaction repeats (a use case checks scope, issues a notice and sends a message, each
 * naming the same unit and item): read once per transaction. Only inside a transaction, so nothing
 * outlives it (unit names change; an item version's status follows its item).
 */
interface TxMemo {
  units: Map<number, string>
  versions: Map<number, Promise<ItemVersion | null>>
}
const TX_MEMO = new WeakMap<object, TxMemo>()
function txMemo(db: Db): TxMemo | null {
  if (!db.isTransaction) return null
  let m = TX_MEMO.get(db)
  if (!m) TX_MEMO.set(db, (m = { units: new Map(), versions: new Map() }))
  return m
}

/** getItemVersion, read once per transaction. */
export function itemVersionIn(db: Db, versionId: number): Promise<ItemVersion | null> {
  const m = txMemo(db)
  if (!m) return getItemVersion(db, versionId)
  let v = m.versions.get(versionId)
  if (!v) m.versions.set(versionId, (v = getItemVersion(db, versionId)))
  return v
}

/** Staff in scope: the handling unit's subtree, the receiving centre (and its windows), region grants over the case's region. */
export function staffInScope(actor: Actor | null, roles: readonly Role[], c: CaseRow, u: CaseUnits): boolean {
  if (!actor || actor.kind === 'applicant') return false
  if (u.handling && unitInScope(actor, roles, u.handling)) return true
  if (u.centre) {
    const centre = u.centre
    if (unitInScope(actor, roles, centre)) return true
    if (actor.grants.some((g) => roles.includes(g.role) && g.unitPath !== null && g.unitPath.startsWith(centre.path))) return true
  }
  if (u.window && unitInScope(actor, roles, u.window)) return true
  return actor.grants.some((g) => roles.includes(g.role) && g.regionCode !== null && c.region_code.startsWith(g.regionCode))
}

export async function accessTo(deps: Deps, actor: Actor | null, c: CaseRow): Promise<'applicant' | 'staff' | null> {
  if (!actor) return null
  if (actor.kind === 'applicant') return actor.userId === c.applicant_user_id ? 'applicant' : null
  return staffInScope(actor, SEE_ROLES, c, await unitsOf(deps.db, c)) ? 'staff' : null
}

/** The case if the actor may see it, else 404 (as if absent). */
export async function loadVisible(deps: Deps, actor: Actor | null, caseId: number): Promise<{ c: CaseRow; as: 'applicant' | 'staff' }> {
  const c = await repo.findCase(deps.db, caseId)
  const as = c ? await accessTo(deps, actor, c) : null
  if (!c || !as) throw CasesErrors.NOT_FOUND('办件不存在')
  return { c, as }
}

/** Inside a transaction: lock the case, check the actor may act on it with one of the roles. */
export async function lockForStaff(tx: Tx, caseId: number, roles: readonly Role[]): Promise<CaseRow> {
  const c = await repo.findCase(tx.db, caseId, true)
  const actor = tx.ctx.actor
  if (!c || !actor) throw CasesErrors.NOT_FOUND('办件不存在')
  const units = await unitsOf(tx.db, c)
  if (!staffInScope(actor, SEE_ROLES, c, units)) throw CasesErrors.NOT_FOUND('办件不存在')
  if (!staffInScope(actor, roles, c, units)) throw CasesErrors.FORBIDDEN('您没有对该办件执行此操作的权限')
  return c
}

export async function lockForApplicant(tx: Tx, caseId: number): Promise<CaseRow> {
  const c = await repo.findCase(tx.db, caseId, true)
  const actor = tx.ctx.actor
  if (!c || !actor || actor.kind !== 'applicant' || actor.userId !== c.applicant_user_id) throw CasesErrors.NOT_FOUND('办件不存在')
  return c
}

export async function lockForEither(tx: Tx, caseId: number, roles: readonly Role[]): Promise<{ c: CaseRow; as: 'applicant' | 'staff' }> {
  const actor = tx.ctx.actor
  if (actor?.kind === 'applicant') return { c: await lockForApplicant(tx, caseId), as: 'applicant' }
  return { c: await lockForStaff(tx, caseId, roles), as: 'staff' }
}

// ---------------------------------------------------------------------------------------------
// Helpers

/**
 * The region's calendar is read before the transaction (getCalendar reads through the app's own
 * connection, which on PGlite is the one the transaction holds) and kept with the transaction.
 */
export const CALENDARS = new WeakMap<Tx, Calendar>()
export function calOf(tx: Tx): Calendar {
  const cal = CALENDARS.get(tx)
  if (!cal) throw new Error('cases: no calendar for this transaction')
  return cal
}

export async function mutateCase<T>(deps: Deps, ctx: Ctx, caseId: number, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const pre = await repo.findCase(deps.db, caseId)
  if (!pre) throw CasesErrors.NOT_FOUND('办件不存在')
  const cal = await getCalendar(deps, pre.region_code)
  return mutate(deps, ctx, (tx) => {
    CALENDARS.set(tx, cal)
    return fn(tx)
  })
}

export async function versionOf(db: Db, c: CaseRow): Promise<ItemVersion> {
  const v = await itemVersionIn(db, c.item_version_id)
  if (!v) throw new Error(`item version ${c.item_version_id} of case ${c.id} is missing`)
  return v
}

export async function unitName(db: Db, id: number | null): Promise<string> {
  const m = txMemo(db)
  if (m && id !== null && m.units.has(id)) return m.units.get(id)!
  const name = (await repo.unitRow(db, id))?.name ?? ''
  if (m && id !== null) m.units.set(id, name)
  return name
}

export function materialStates(guide: ItemGuide, mats: readonly MaterialRow[]): MaterialState[] {
  const present = new Set(mats.map((m) => m.material_key))
  return guide.materials.map((m) => ({ key: m.key, name: m.name, requirement: m.requirement, secondary: m.secondary, present: present.has(m.key) }))
}

export function pendingOpen(c: CaseRow, mats: readonly MaterialRow[]): string[] {
  const present = new Set(mats.map((m) => m.material_key))
  return (c.conditional_pending ?? []).filter((p) => !present.has(p.materialKey)).map((p) => p.materialKey)
}

export async function setCase(tx: Tx, id: number, set: Record<string, unknown>): Promise<void> {
  await tx.db.updateTable('case').set({ ...set, updated_at: tx.now } as never).where('id', '=', id).execute()
}

export async function audit(tx: Tx, c: CaseRow, verb: string, summary: string, after?: unknown, before?: unknown): Promise<void> {
  await tx.audit({ action: `cases.case.${verb}`, targetType: 'case', targetId: c.id, unitId: c.unit_id, summary: `${c.number}：${summary}`, after, before })
}

export async function tell(tx: Tx, c: CaseRow, event: NoticeEvent, data: Record<string, string | number>): Promise<void> {
  const v = await itemVersionIn(tx.db, c.item_version_id)
  await notify(tx, {
    event,
    userId: c.applicant_user_id,
    phone: c.applicant_phone,
    name: c.applicant_name,
    caseId: c.id,
    data: { caseNumber: c.number, itemName: v?.guide.name ?? '', unitName: await unitName(tx.db, c.unit_id), date: shanghaiDate(tx.now), ...data },
  })
}

export async function issue(tx: Tx, c: CaseRow, kind: DocumentKind, title: string, body: DocumentBody, unitId?: number | null): Promise<IssuedDocument> {
  const uid = unitId === undefined ? c.unit_id : unitId
  return issueDocument(tx, {
    kind,
    caseId: c.id,
    caseNumber: c.number,
    unitId: uid,
    unitName: await unitName(tx.db, uid),
    applicantName: c.applicant_name,
    title,
    body,
  })
}

export function baseFields(c: CaseRow, guide: ItemGuide, now: Date): [string, string][] {
  return [
    ['办件编号', c.number],
    ['申请人', c.applicant_name],
    ['申请事项', guide.name],
    ['日期', shanghaiDate(now)],
  ]
}

export function materialName(guide: ItemGuide, key: string | null): string {
  if (key === null) return '其他'
  return guide.materials.find((m) => m.key === key)?.name ?? key
}
