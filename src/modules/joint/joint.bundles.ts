/** One-thing bundles (一件事一次办): defined by centre administrators over published items. */
import type { Actor, Ctx, Deps } from '../../server/context.js'
import { mutate, type Tx } from '../../server/mutate.js'
import { currentItemVersion } from '../catalog/index.js'
import type { BundleDto } from './joint.types.js'
import { JointErrors } from './joint.errors.js'
import { bundleDto } from './joint.catalog.js'
import * as repo from './joint.admin.repository.js'

export const BUNDLE_ADMIN_ROLES = ['centre_admin', 'system_admin'] as const

export interface BundleInput {
  code: string
  name: string
  description: string
  leadUnitId: number
  limitDays: number
  itemIds: number[]
  audiences: ('person' | 'enterprise')[]
}

/** A unique-constraint violation (two administrators saving the same code at once): answered as DUPLICATE_CODE. */
export function duplicateCodeOr(e: unknown, what: string): unknown {
  const err = e as { code?: string; constraint?: string } | null
  const onCode = err?.code === '23505' && (!err.constraint || err.constraint.endsWith('_code_key'))
  return onCode ? JointErrors.DUPLICATE_CODE(`${what}编码已被使用`) : e
}

const adminScope = (deps: Deps, actor: Actor | null) =>
  actor ? repo.regionScopeOf(deps.db, actor.grants, BUNDLE_ADMIN_ROLES) : Promise.resolve({ all: false, paths: [], regions: [] } as repo.RegionScope)

const isAdmin = (actor: Actor | null) => !!actor && actor.grants.some((g) => (BUNDLE_ADMIN_ROLES as readonly string[]).includes(g.role))

/** Published bundles for everyone; with all=true an administrator also sees the suspended ones in scope. */
export async function listBundles(deps: Deps, actor: Actor | null, q: { audience?: 'person' | 'enterprise'; all?: boolean }): Promise<BundleDto[]> {
  const withSuspended = !!q.all && isAdmin(actor)
  const scope = await adminScope(deps, actor)
  const rows = await repo.listBundles(deps.db, { includeSuspended: withSuspended })
  const visible = rows.filter((r) => r.status === 'published' || repo.regionCovered(scope, r.region_code))
  const out: BundleDto[] = []
  for (const r of visible) {
    if (q.audience && !r.audiences.includes(q.audience)) continue
    out.push(await bundleDto(deps.db, r))
  }
  return out
}

/** A bundle: published ones for everyone, suspended ones only for administrators in scope (else 404). */
export async function bundleDetail(deps: Deps, actor: Actor | null, id: number): Promise<BundleDto> {
  const row = await repo.findBundle(deps.db, id)
  if (!row) throw JointErrors.NOT_FOUND('一件事不存在')
  if (row.status !== 'published' && !repo.regionCovered(await adminScope(deps, actor), row.region_code)) throw JointErrors.NOT_FOUND('一件事不存在')
  return bundleDto(deps.db, row)
}

async function validItems(tx: Tx, itemIds: number[]): Promise<number[]> {
  const ids = [...new Set(itemIds)]
  if (ids.length < 2) throw JointErrors.BUNDLE_INVALID('一件事至少包含两个不同的事项')
  for (const id of ids) {
    const v = await currentItemVersion(tx.db, id)
    if (!v || v.status !== 'published') throw JointErrors.BUNDLE_INVALID(`事项（编号 ${id}）不存在或未发布`)
  }
  return ids
}

async function validValues(tx: Tx, scope: repo.RegionScope, input: BundleInput): Promise<repo.BundleValues> {
  const code = input.code.trim()
  const name = input.name.trim()
  if (!code || !name) throw JointErrors.BUNDLE_INVALID('请填写一件事的编码和名称')
  if (!Number.isInteger(input.limitDays) || input.limitDays < 1) throw JointErrors.BUNDLE_INVALID('办理时限至少 1 个工作日')
  const audiences = [...new Set(input.audiences)]
  if (!audiences.length) throw JointErrors.BUNDLE_INVALID('请选择服务对象')
  const lead = await repo.findUnit(tx.db, input.leadUnitId)
  if (!lead || lead.kind !== 'department' || !repo.unitCovered(scope, lead)) throw JointErrors.BUNDLE_INVALID('牵头部门不存在或不在您的管辖范围内')
  const itemIds = await validItems(tx, input.itemIds)
  return { code, name, description: input.description.trim(), region_code: lead.region_code, lead_unit_id: Number(lead.id), limit_days: input.limitDays, item_ids: itemIds, audiences }
}

async function codeFree(tx: Tx, code: string, selfId: number | null) {
  const other = await repo.findBundleByCode(tx.db, code.trim())
  if (other && Number(other.id) !== selfId) throw JointErrors.DUPLICATE_CODE(`一件事编码 ${code.trim()} 已被使用`)
}

export async function createBundle(deps: Deps, ctx: Ctx, actor: Actor, input: BundleInput): Promise<BundleDto> {
  const scope = await adminScope(deps, actor)
  const id = await mutate(deps, ctx, async (tx) => {
    const v = await validValues(tx, scope, input)
    await codeFree(tx, v.code, null)
    const id = await repo.insertBundle(tx.db, v, tx.now)
    await tx.audit({ action: 'joint.bundle.create', targetType: 'joint_bundle', targetId: id, unitId: v.lead_unit_id, summary: `新建一件事：${v.name}（${v.code}）`, after: v })
    return id
  }).catch((e) => {
    throw duplicateCodeOr(e, '一件事')
  })
  return bundleDetail(deps, actor, id)
}

async function loadManaged(tx: Tx, scope: repo.RegionScope, id: number) {
  const row = await repo.findBundle(tx.db, id)
  if (!row || !repo.regionCovered(scope, row.region_code)) throw JointErrors.NOT_FOUND('一件事不存在')
  return row
}

export async function updateBundle(deps: Deps, ctx: Ctx, actor: Actor, id: number, input: BundleInput): Promise<BundleDto> {
  const scope = await adminScope(deps, actor)
  await mutate(deps, ctx, async (tx) => {
    const before = await loadManaged(tx, scope, id)
    const v = await validValues(tx, scope, input)
    await codeFree(tx, v.code, id)
    await repo.updateBundle(tx.db, id, v, tx.now)
    await tx.audit({
      action: 'joint.bundle.update',
      targetType: 'joint_bundle',
      targetId: id,
      unitId: v.lead_unit_id,
      summary: `修改一件事：${v.name}（${v.code}）`,
      before: { code: before.code, name: before.name, limitDays: before.limit_days, itemIds: before.item_ids },
      after: v,
    })
  }).catch((e) => {
    throw duplicateCodeOr(e, '一件事')
  })
  return bundleDetail(deps, actor, id)
}

export async function setBundleStatus(deps: Deps, ctx: Ctx, actor: Actor, id: number, status: 'published' | 'suspended'): Promise<BundleDto> {
  const scope = await adminScope(deps, actor)
  await mutate(deps, ctx, async (tx) => {
    const row = await loadManaged(tx, scope, id)
    if (row.status === status) throw JointErrors.INVALID_TRANSITION(status === 'published' ? '该一件事已在办理中' : '该一件事已暂停')
    await repo.setBundleStatus(tx.db, id, status, tx.now)
    await tx.audit({
      action: status === 'published' ? 'joint.bundle.publish' : 'joint.bundle.suspend',
      targetType: 'joint_bundle',
      targetId: id,
      unitId: Number(row.lead_unit_id),
      summary: `${status === 'published' ? '恢复' : '暂停'}一件事：${row.name}`,
      before: { status: row.status },
      after: { status },
    })
  })
  return bundleDetail(deps, actor, id)
}
