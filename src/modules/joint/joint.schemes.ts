/**
 * Construction-approval schemes (R15): the national 4 stages, or a local variant (永川, 大足: 5 stages),
 * each stage with its lead department, limit, items and joint procedures. One default per region.
 */
import type { Actor, Ctx, Deps } from '../../server/context.js'
import { mutate, type Tx } from '../../server/mutate.js'
import { currentItemVersion } from '../catalog/index.js'
import { MEETING_KINDS, type MeetingKind, type SchemeDto } from './joint.types.js'
import { JointErrors } from './joint.errors.js'
import { stageDefDto } from './joint.catalog.js'
import { duplicateCodeOr } from './joint.bundles.js'
import * as repo from './joint.admin.repository.js'

export const SCHEME_ADMIN_ROLES = ['centre_admin', 'system_admin'] as const

export interface StageInput {
  key: string
  name: string
  leadUnitId: number
  limitDays: number
  itemIds: number[]
  meetingKinds: MeetingKind[]
}

export interface SchemeInput {
  code: string
  name: string
  regionCode: string
  targetDays: number
  greenCutPercent: number
  description: string
  stages: StageInput[]
}

export async function schemeDto(deps: Deps, row: repo.SchemeRow): Promise<SchemeDto> {
  const stages = await repo.stagesOfScheme(deps.db, Number(row.id))
  return {
    id: Number(row.id),
    code: row.code,
    name: row.name,
    regionCode: row.region_code,
    targetDays: row.target_days,
    greenCutPercent: row.green_cut_percent,
    isDefault: row.is_default,
    description: row.description,
    stages: await Promise.all(stages.map((s) => stageDefDto(deps.db, s))),
  }
}

export async function listSchemes(deps: Deps): Promise<SchemeDto[]> {
  const rows = await repo.listSchemes(deps.db)
  return Promise.all(rows.map((r) => schemeDto(deps, r)))
}

async function schemeById(deps: Deps, id: number): Promise<SchemeDto> {
  const row = await repo.findScheme(deps.db, id)
  if (!row) throw JointErrors.NOT_FOUND('审批方案不存在')
  return schemeDto(deps, row)
}

const adminScope = (deps: Deps, actor: Actor) => repo.regionScopeOf(deps.db, actor.grants, SCHEME_ADMIN_ROLES)

async function validStage(tx: Tx, scope: repo.RegionScope, s: StageInput, n: number): Promise<repo.StageValues> {
  const key = s.key.trim()
  const name = s.name.trim()
  if (!/^[a-z][a-z0-9_]{0,39}$/.test(key)) throw JointErrors.SCHEME_INVALID(`第 ${n} 阶段的标识须为小写字母、数字或下划线`)
  if (!name) throw JointErrors.SCHEME_INVALID(`请填写第 ${n} 阶段的名称`)
  if (!Number.isInteger(s.limitDays) || s.limitDays < 1) throw JointErrors.SCHEME_INVALID(`“${name}”的时限至少 1 个工作日`)
  const lead = await repo.findUnit(tx.db, s.leadUnitId)
  if (!lead || lead.kind !== 'department' || !repo.unitCovered(scope, lead)) throw JointErrors.SCHEME_INVALID(`“${name}”的牵头部门不存在或不在您的管辖范围内`)
  const itemIds = [...new Set(s.itemIds)]
  if (!itemIds.length) throw JointErrors.SCHEME_INVALID(`“${name}”至少包含一个事项`)
  for (const id of itemIds) {
    const v = await currentItemVersion(tx.db, id)
    if (!v || v.status !== 'published') throw JointErrors.SCHEME_INVALID(`“${name}”的事项（编号 ${id}）不存在或未发布`)
  }
  const kinds = [...new Set(s.meetingKinds)]
  if (kinds.some((k) => !Object.hasOwn(MEETING_KINDS, k))) throw JointErrors.SCHEME_INVALID(`“${name}”的联合办理方式无效`)
  return { key, name, lead_unit_id: Number(lead.id), limit_days: s.limitDays, item_ids: itemIds, meeting_kinds: kinds }
}

async function validScheme(tx: Tx, scope: repo.RegionScope, input: SchemeInput): Promise<{ values: repo.SchemeValues; stages: repo.StageValues[] }> {
  const code = input.code.trim()
  const name = input.name.trim()
  if (!code || !name) throw JointErrors.SCHEME_INVALID('请填写方案编码和名称')
  if (!(await repo.findRegion(tx.db, input.regionCode)) || !repo.regionCovered(scope, input.regionCode)) {
    throw JointErrors.SCHEME_INVALID('行政区划不存在或不在您的管辖范围内')
  }
  if (!Number.isInteger(input.targetDays) || input.targetDays < 1) throw JointErrors.SCHEME_INVALID('全流程目标时限至少 1 个工作日')
  if (!Number.isInteger(input.greenCutPercent) || input.greenCutPercent < 0 || input.greenCutPercent > 90) throw JointErrors.SCHEME_INVALID('绿色通道压缩比例应在 0–90% 之间')
  if (!input.stages.length) throw JointErrors.SCHEME_INVALID('方案至少包含一个阶段')
  const keys = new Set(input.stages.map((s) => s.key.trim()))
  if (keys.size !== input.stages.length) throw JointErrors.SCHEME_INVALID('阶段标识不能重复')
  const stages: repo.StageValues[] = []
  for (const [i, s] of input.stages.entries()) stages.push(await validStage(tx, scope, s, i + 1))
  return {
    values: { code, name, region_code: input.regionCode, target_days: input.targetDays, green_cut_percent: input.greenCutPercent, description: input.description.trim() },
    stages,
  }
}

async function codeFree(tx: Tx, code: string, selfId: number | null) {
  const other = await repo.findSchemeByCode(tx.db, code)
  if (other && Number(other.id) !== selfId) throw JointErrors.DUPLICATE_CODE(`方案编码 ${code} 已被使用`)
}

/** A new scheme; it becomes the region's default when the region has none. */
export async function createScheme(deps: Deps, ctx: Ctx, actor: Actor, input: SchemeInput): Promise<SchemeDto> {
  const scope = await adminScope(deps, actor)
  const id = await mutate(deps, ctx, async (tx) => {
    const { values, stages } = await validScheme(tx, scope, input)
    await codeFree(tx, values.code, null)
    const isDefault = !(await repo.regionHasDefault(tx.db, values.region_code))
    const id = await repo.insertScheme(tx.db, values, isDefault, tx.now)
    await repo.replaceStages(tx.db, id, stages)
    await tx.audit({ action: 'joint.scheme.create', targetType: 'joint_scheme', targetId: id, summary: `新建工程建设项目审批方案：${values.name}（${stages.length} 个阶段）`, after: { ...values, stages } })
    return id
  }).catch((e) => {
    throw duplicateCodeOr(e, '方案')
  })
  return schemeById(deps, id)
}

const sameStages = (a: repo.StageValues[], b: repo.StageValues[]) =>
  JSON.stringify(a.map((s) => [s.key, s.name, Number(s.lead_unit_id), s.limit_days, s.item_ids, s.meeting_kinds])) ===
  JSON.stringify(b.map((s) => [s.key, s.name, Number(s.lead_unit_id), s.limit_days, s.item_ids, s.meeting_kinds]))

async function loadManaged(tx: Tx, scope: repo.RegionScope, id: number) {
  const row = await repo.findScheme(tx.db, id)
  if (!row || !repo.regionCovered(scope, row.region_code)) throw JointErrors.NOT_FOUND('审批方案不存在')
  return row
}

/** Edits a scheme; its stages are replaceable only while no project uses it (409). */
export async function updateScheme(deps: Deps, ctx: Ctx, actor: Actor, id: number, input: SchemeInput): Promise<SchemeDto> {
  const scope = await adminScope(deps, actor)
  await mutate(deps, ctx, async (tx) => {
    const before = await loadManaged(tx, scope, id)
    const { values, stages } = await validScheme(tx, scope, input)
    await codeFree(tx, values.code, id)
    if (values.region_code !== before.region_code && before.is_default) throw JointErrors.SCHEME_INVALID('默认方案不能改到其他行政区划，请先将其他方案设为默认')
    const old = await repo.stagesOfScheme(tx.db, id)
    const changed = !sameStages(old, stages)
    if (changed && (await repo.schemeInUse(tx.db, id))) throw JointErrors.INVALID_TRANSITION('已有项目使用该方案，阶段不能再修改')
    await repo.updateScheme(tx.db, id, values, tx.now)
    if (changed) await repo.replaceStages(tx.db, id, stages)
    await tx.audit({
      action: 'joint.scheme.update',
      targetType: 'joint_scheme',
      targetId: id,
      summary: `修改审批方案：${values.name}${changed ? '（阶段已调整）' : ''}`,
      before: { code: before.code, name: before.name, targetDays: before.target_days, greenCutPercent: before.green_cut_percent, stages: changed ? old : undefined },
      after: { ...values, stages: changed ? stages : undefined },
    })
  }).catch((e) => {
    throw duplicateCodeOr(e, '方案')
  })
  return schemeById(deps, id)
}

export async function setDefaultScheme(deps: Deps, ctx: Ctx, actor: Actor, id: number): Promise<SchemeDto> {
  const scope = await adminScope(deps, actor)
  await mutate(deps, ctx, async (tx) => {
    const row = await loadManaged(tx, scope, id)
    await repo.makeDefault(tx.db, id, row.region_code, tx.now)
    await tx.audit({ action: 'joint.scheme.default', targetType: 'joint_scheme', targetId: id, summary: `设为${row.region_code}的默认审批方案：${row.name}`, before: { isDefault: row.is_default }, after: { isDefault: true } })
  })
  return schemeById(deps, id)
}
