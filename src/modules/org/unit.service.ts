/** Organisation units: centres, departments, approval offices and windows. */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Actor, Ctx, Deps, Trx } from '../../server/context.js'
import { mutate, type Tx } from '../../server/mutate.js'
import { OrgErrors } from './org.errors.js'
import { canManageUnit, canReadUnit, readScope, type ReadScope } from './org.policy.js'
import type { UnitKind } from './org.tables.js'
import * as regions from './region.repository.js'
import * as repo from './unit.repository.js'
import { childPath, derivedRefs, isUnitPhone, unitShapeProblem, type UnitRef } from './unit.rules.js'

type Q = Kysely<DB> | Trx

export interface UnitDto {
  id: number
  kind: UnitKind
  subtype: string | null
  name: string
  code: string | null
  regionCode: string
  regionName: string | null
  parentId: number | null
  parentName: string | null
  departmentId: number | null
  departmentName: string | null
  centreId: number | null
  centreName: string | null
  phone: string | null
  address: string | null
  description: string | null
  status: 'active' | 'closed'
  sort: number
}

const num = (v: number | null) => (v === null ? null : Number(v))

export function unitDto(r: repo.UnitRow): UnitDto {
  return {
    id: Number(r.id),
    kind: r.kind,
    subtype: r.subtype,
    name: r.name,
    code: r.code,
    regionCode: r.region_code,
    regionName: r.region_name,
    parentId: num(r.parent_id),
    parentName: r.parent_name,
    departmentId: num(r.department_id),
    departmentName: r.department_name,
    centreId: num(r.centre_id),
    centreName: r.centre_name,
    phone: r.phone,
    address: r.address,
    description: r.description,
    status: r.status,
    sort: Number(r.sort),
  }
}

/** The actor's read scope, with the regions of their granted units looked up. */
export async function readScopeFor(db: Q, actor: Actor): Promise<ReadScope> {
  const ids = actor.grants.flatMap((g) => (g.unitId !== null ? [g.unitId] : []))
  return readScope(actor, await repo.unitRegions(db, ids))
}

/** The unit, or NOT_FOUND when it does not exist or lies outside the actor's scope. */
export async function getUnit(db: Q, actor: Actor, id: number, rs?: ReadScope): Promise<repo.UnitRow> {
  const row = await repo.findUnit(db, id)
  const scope = rs ?? (await readScopeFor(db, actor))
  if (!row || !canReadUnit(scope, row)) throw OrgErrors.NOT_FOUND('单位不存在')
  return row
}

export async function listUnits(db: Q, actor: Actor, f: repo.UnitFilter, page: number, pageSize: number) {
  const rs = await readScopeFor(db, actor)
  const { rows, total } = await repo.listUnits(db, f, rs, page, pageSize)
  return { items: rows.map(unitDto), total, page, pageSize }
}

export interface UnitInput {
  kind: UnitKind
  subtype?: string | null | undefined
  name: string
  code?: string | null | undefined
  regionCode: string
  parentId?: number | null | undefined
  departmentId?: number | null | undefined
  centreId?: number | null | undefined
  phone?: string | null | undefined
  address?: string | null | undefined
  description?: string | null | undefined
  sort?: number | undefined
}

export type UnitPatch = Partial<Omit<UnitInput, 'kind'>> & { kind?: UnitKind; status?: 'active' | 'closed' }

/** '' and whitespace count as "not given". */
function clean(s: string | null | undefined): string | null {
  if (s === undefined || s === null) return null
  const t = s.trim()
  return t === '' ? null : t
}

function cleanPhone(s: string | null | undefined): string | null {
  const p = clean(s)?.replace(/[\s\u3000]/g, '').replace(/[－—]/g, '-') ?? null
  if (p !== null && !isUnitPhone(p)) throw OrgErrors.INVALID_PHONE('联系电话格式不正确（如 0534-2689001、13953400001 或 12345）')
  return p
}

interface Refs {
  parent: UnitRef | null
  department: UnitRef | null
  centre: UnitRef | null
}

/**
 * Resolves the referenced units. The parent must be a unit the actor may manage (the new unit
 * lands in its subtree); the department and centre need only be visible to the actor. Units the
 * actor cannot see are reported exactly like units that do not exist.
 */
async function resolveRefs(
  db: Trx,
  actor: Actor,
  rs: ReadScope,
  ids: { parentId: number | null; departmentId: number | null; centreId: number | null },
  /** references kept from before are not re-checked against the actor's scope (an admin of a township centre may rename it though its county centre is beyond them) */
  kept: { parent: boolean; department: boolean; centre: boolean } = { parent: false, department: false, centre: false },
): Promise<Refs> {
  const parent = ids.parentId !== null ? await repo.findRef(db, ids.parentId) : null
  if (ids.parentId !== null && (!parent || (!kept.parent && !canManageUnit(actor, parent)))) throw OrgErrors.INVALID_PARENT('上级单位不存在')
  const department = ids.departmentId !== null ? await repo.findRef(db, ids.departmentId) : null
  if (ids.departmentId !== null && (!department || (!kept.department && !canReadUnit(rs, department)))) throw OrgErrors.INVALID_DEPARTMENT('所属部门不存在')
  const centre = ids.centreId !== null ? await repo.findRef(db, ids.centreId) : null
  if (ids.centreId !== null && (!centre || (!kept.centre && !canReadUnit(rs, centre)))) throw OrgErrors.INVALID_CENTRE('所在中心不存在')
  return { parent: parent ?? null, department: department ?? null, centre: centre ?? null }
}

async function regionLevel(db: Trx, code: string): Promise<number> {
  const r = await regions.findRegion(db, code)
  if (!r) throw OrgErrors.INVALID_REGION(`行政区划代码 ${code} 不存在`)
  return Number(r.level)
}

/** Units referred to anew (or all of them, when a unit is reopened) must be open. */
function checkOpen(refs: Refs, which: { parent: boolean; department: boolean; centre: boolean }): void {
  if (which.parent && refs.parent && refs.parent.status !== 'active') throw OrgErrors.INVALID_PARENT('上级单位已撤销')
  if (which.department && refs.department && refs.department.status !== 'active') throw OrgErrors.INVALID_DEPARTMENT('所属部门已撤销')
  if (which.centre && refs.centre && refs.centre.status !== 'active') throw OrgErrors.INVALID_CENTRE('所在中心已撤销')
}

function checkShape(kind: UnitKind, subtype: string | null, regionCode: string, level: number, refs: Refs): void {
  const p = unitShapeProblem({ kind, subtype, regionCode, regionLevel: level, ...refs })
  if (p) throw OrgErrors[p.code](p.message)
}

export async function createUnit(deps: Deps, ctx: Ctx, input: UnitInput): Promise<UnitDto> {
  const actor = ctx.actor!
  const name = clean(input.name)
  if (!name) throw OrgErrors.INVALID_NAME('单位名称不能为空')
  const code = clean(input.code)
  const phone = cleanPhone(input.phone)
  const subtype = clean(input.subtype)
  return mutate(deps, ctx, async (tx) => {
    await repo.lockTree(tx.db)
    const rs = await readScopeFor(tx.db, actor)
    const level = await regionLevel(tx.db, input.regionCode)
    const derived = derivedRefs(input.kind, input.parentId ?? null, input.departmentId ?? null, input.centreId ?? null)
    const refs = await resolveRefs(tx.db, actor, rs, { parentId: input.parentId ?? null, departmentId: input.departmentId ?? null, centreId: input.centreId ?? null })
    checkShape(input.kind, subtype, input.regionCode, level, refs)
    checkOpen(refs, { parent: true, department: true, centre: true })
    if (code && (await repo.codeTaken(tx.db, code))) throw OrgErrors.UNIT_CODE_TAKEN(`单位编码 ${code} 已被使用`)
    const [id] = await repo.nextIds(tx.db, 1)
    const path = childPath(refs.parent?.path ?? null, id!)
    if (!canManageUnit(actor, { path, region_code: input.regionCode })) throw OrgErrors.OUT_OF_SCOPE('不能在您的管辖范围之外新建单位')
    await repo.insertUnits(tx.db, [
      {
        id: id!,
        kind: input.kind,
        subtype,
        name,
        code,
        region_code: input.regionCode,
        parent_id: input.parentId ?? null,
        department_id: derived.departmentId,
        centre_id: derived.centreId,
        path,
        phone,
        address: clean(input.address),
        description: clean(input.description),
        sort: input.sort ?? 0,
        created_at: tx.now,
        updated_at: tx.now,
      },
    ])
    const row = (await repo.findUnit(tx.db, id!))!
    const dto = unitDto(row)
    await tx.audit({ action: 'org.unit.create', targetType: 'org_unit', targetId: id!, unitId: id!, summary: `新建单位：${name}`, after: dto })
    return dto
  })
}

const EDITABLE = ['subtype', 'name', 'code', 'regionCode', 'parentId', 'departmentId', 'centreId', 'phone', 'address', 'description', 'sort', 'status'] as const

export async function updateUnit(deps: Deps, ctx: Ctx, id: number, patch: UnitPatch): Promise<UnitDto> {
  const actor = ctx.actor!
  return mutate(deps, ctx, async (tx) => {
    await repo.lockTree(tx.db)
    const rs = await readScopeFor(tx.db, actor)
    const cur = await repo.findRef(tx.db, id, true)
    const before = cur ? await repo.findUnit(tx.db, id) : undefined
    if (!cur || !before || !canReadUnit(rs, before)) throw OrgErrors.NOT_FOUND('单位不存在')
    if (!canManageUnit(actor, cur)) throw OrgErrors.OUT_OF_SCOPE('该单位不在您的管理范围内')
    if (patch.kind !== undefined && patch.kind !== before.kind) throw OrgErrors.INVALID_UNIT('单位类型不能修改，请撤销后重新建立')

    const b = unitDto(before)
    const has = (k: keyof UnitPatch) => patch[k] !== undefined
    const next = {
      subtype: has('subtype') ? clean(patch.subtype) : b.subtype,
      name: has('name') ? clean(patch.name) : b.name,
      code: has('code') ? clean(patch.code) : b.code,
      regionCode: patch.regionCode ?? b.regionCode,
      parentId: has('parentId') ? (patch.parentId ?? null) : b.parentId,
      departmentId: has('departmentId') ? (patch.departmentId ?? null) : b.departmentId,
      centreId: has('centreId') ? (patch.centreId ?? null) : b.centreId,
      phone: has('phone') ? cleanPhone(patch.phone) : b.phone,
      address: has('address') ? clean(patch.address) : b.address,
      description: has('description') ? clean(patch.description) : b.description,
      sort: patch.sort ?? b.sort,
      status: patch.status ?? b.status,
    }
    if (!next.name) throw OrgErrors.INVALID_NAME('单位名称不能为空')
    // a window follows its parent centre, an office its parent department, unless told otherwise
    // (a form that echoes the old value back counts as not telling)
    if (b.kind === 'window' && (!has('centreId') || patch.centreId === b.centreId)) next.centreId = next.parentId
    if (b.kind === 'approval_office' && (!has('departmentId') || patch.departmentId === b.departmentId)) next.departmentId = next.parentId

    const level = await regionLevel(tx.db, next.regionCode)
    const moved = next.parentId !== b.parentId
    if (moved && next.parentId === id) throw OrgErrors.INVALID_PARENT('不能把单位设为自己的上级')
    const refs = await resolveRefs(
      tx.db,
      actor,
      rs,
      { parentId: next.parentId, departmentId: next.departmentId, centreId: next.centreId },
      { parent: !moved, department: next.departmentId === b.departmentId, centre: next.centreId === b.centreId },
    )
    if (moved && refs.parent && refs.parent.path.startsWith(cur.path)) throw OrgErrors.INVALID_PARENT('不能把单位移到它自己的下级单位之下')
    checkShape(b.kind, next.subtype, next.regionCode, level, refs)
    const reopening = next.status === 'active' && b.status === 'closed'
    checkOpen(refs, {
      parent: moved || reopening,
      department: next.departmentId !== b.departmentId || reopening,
      centre: next.centreId !== b.centreId || reopening,
    })
    if (next.regionCode !== b.regionCode && (await repo.descendantsOutsideRegion(tx.db, cur.path, next.regionCode)) > 0) {
      throw OrgErrors.INVALID_REGION('下级单位的行政区划不在新的行政区划之内，请先调整下级单位')
    }
    if (next.code && next.code !== b.code && (await repo.codeTaken(tx.db, next.code, id))) throw OrgErrors.UNIT_CODE_TAKEN(`单位编码 ${next.code} 已被使用`)
    if (next.status === 'closed' && b.status === 'active' && (await repo.activeDependants(tx.db, id)) > 0) {
      throw OrgErrors.UNIT_HAS_ACTIVE_CHILDREN('该单位下还有正常运行的单位（下级单位、窗口或进驻科室），请先撤销或调整它们')
    }
    const path = moved ? childPath(refs.parent?.path ?? null, id) : cur.path
    if (!canManageUnit(actor, { path, region_code: next.regionCode })) throw OrgErrors.OUT_OF_SCOPE('不能把单位移出您的管辖范围')

    await repo.updateUnit(tx.db, id, {
      subtype: next.subtype,
      name: next.name,
      code: next.code,
      region_code: next.regionCode,
      parent_id: next.parentId,
      department_id: next.departmentId,
      centre_id: next.centreId,
      phone: next.phone,
      address: next.address,
      description: next.description,
      sort: next.sort,
      status: next.status,
      updated_at: tx.now,
    })
    const rewritten = path !== cur.path ? await repo.rewritePaths(tx.db, cur.path, path) : 0
    const after = unitDto((await repo.findUnit(tx.db, id))!)
    const changed = EDITABLE.filter((k) => JSON.stringify(b[k]) !== JSON.stringify(after[k]))
    const pick = (o: UnitDto) => Object.fromEntries(changed.map((k) => [k, o[k]]))
    const what =
      next.status !== b.status ? (next.status === 'closed' ? '撤销' : '恢复') : moved ? `调整隶属关系（${rewritten} 个单位路径已更新）` : '修改'
    await tx.audit({
      action: next.status !== b.status ? `org.unit.${next.status === 'closed' ? 'close' : 'reopen'}` : moved ? 'org.unit.move' : 'org.unit.update',
      targetType: 'org_unit',
      targetId: id,
      unitId: id,
      summary: `${what}单位：${after.name}`,
      before: pick(b),
      after: pick(after),
    })
    return after
  })
}

/** One unit of a bulk creation; references point at other specs of the same batch by key, or at existing units by id. */
export interface UnitSpec {
  key: string
  kind: UnitKind
  subtype?: string | null
  name: string
  code?: string | null
  regionCode: string
  parent?: string | number | null
  department?: string | number | null
  centre?: string | number | null
  phone?: string | null
  address?: string | null
  description?: string | null
  sort?: number
}

/**
 * Creates many units inside the caller's transaction (the demo city, bulk set-up by a system
 * process), each checked against the same rules as one created through the API, with a few
 * statements in all and one summary audit record. Parents must come before their children.
 * Returns key → id.
 */
export async function createUnits(tx: Tx, specs: UnitSpec[], summary: string): Promise<Map<string, number>> {
  await repo.lockTree(tx.db)
  const levels = new Map((await regions.findRegions(tx.db, [...new Set(specs.map((s) => s.regionCode))])).map((r) => [r.code, Number(r.level)]))
  const existingIds = specs.flatMap((s) => [s.parent, s.department, s.centre].filter((v): v is number => typeof v === 'number'))
  const existing = await repo.findRefs(tx.db, existingIds)
  const codes = specs.flatMap((s) => (s.code ? [s.code] : []))
  if (new Set(codes).size !== codes.length) throw OrgErrors.UNIT_CODE_TAKEN('批量新建的单位编码有重复')
  for (const code of codes) if (await repo.codeTaken(tx.db, code)) throw OrgErrors.UNIT_CODE_TAKEN(`单位编码 ${code} 已被使用`)
  const ids = await repo.nextIds(tx.db, specs.length)
  const made = new Map<string, UnitRef>()
  const rows: repo.NewUnit[] = []
  const ref = (v: string | number | null | undefined, what: string): UnitRef | null => {
    if (v === null || v === undefined) return null
    const r = typeof v === 'number' ? existing.get(v) : made.get(v)
    if (!r) throw OrgErrors.INVALID_UNIT(`批量新建：${what} ${v} 不存在（上级须排在前面）`)
    return r
  }
  specs.forEach((s, i) => {
    const id = ids[i]!
    const level = levels.get(s.regionCode)
    if (level === undefined) throw OrgErrors.INVALID_REGION(`${s.name}：行政区划代码 ${s.regionCode} 不存在`)
    const refs = { parent: ref(s.parent, '上级单位'), department: ref(s.department, '所属部门'), centre: ref(s.centre, '所在中心') }
    const p = unitShapeProblem({ kind: s.kind, subtype: s.subtype ?? null, regionCode: s.regionCode, regionLevel: level, ...refs })
    if (p) throw OrgErrors[p.code](`${s.name}：${p.message}`)
    const path = childPath(refs.parent?.path ?? null, id)
    const d = derivedRefs(s.kind, refs.parent?.id ?? null, refs.department?.id ?? null, refs.centre?.id ?? null)
    made.set(s.key, { id, kind: s.kind, subtype: s.subtype ?? null, region_code: s.regionCode, path, status: 'active' })
    rows.push({
      id,
      kind: s.kind,
      subtype: s.subtype ?? null,
      name: s.name,
      code: s.code ?? null,
      region_code: s.regionCode,
      parent_id: refs.parent?.id ?? null,
      department_id: d.departmentId,
      centre_id: d.centreId,
      path,
      phone: cleanPhone(s.phone),
      address: clean(s.address),
      description: clean(s.description),
      sort: s.sort ?? 0,
      created_at: tx.now,
      updated_at: tx.now,
    })
  })
  await repo.insertUnits(tx.db, rows)
  const byKind: Record<string, number> = {}
  for (const s of specs) byKind[s.kind] = (byKind[s.kind] ?? 0) + 1
  await tx.audit({ action: 'org.unit.bulk_create', targetType: 'org_unit', targetId: null, unitId: null, summary: `${summary}：共 ${specs.length} 个单位`, after: byKind })
  return new Map([...made].map(([k, v]) => [k, v.id]))
}
