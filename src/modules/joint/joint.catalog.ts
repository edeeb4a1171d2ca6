/**
 * Bundles (一件事) and construction schemes/stages as the joint cases use them.
 *
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import { currentItemVersion } from '../catalog/index.js'
import type { ItemGuide, ItemVersion } from '../catalog/catalog.types.js'
import type { BundleDto, BundleItemDto, MeetingKind, StageDefDto } from './joint.types.js'
import { JointErrors } from './joint.errors.js'
import { unionMaterials } from './joint.rules.js'
import * as repo from './joint.admin.repository.js'

type Db = Kysely<DB>

/** An item of a bundle or stage at its current published version, with its implementing department. */
export interface ResolvedItem {
  itemId: number
  versionId: number
  guide: ItemGuide
  /** the department that handles it (the guide's departmentId) */
  unitId: number
}

/** A result of an earlier stage pushed into this stage as a material (R15 art 16: no re-submission). */
export interface PriorResult {
  materialKey: string
  name: string
  fileId: string
  caseId: number
  eCertificateId: number | null
}

const DONE = new Set(['completed', 'delivered'])
const CLOSED = new Set(['refused', 'withdrawn'])

/** Current versions of the items, in order (items never published are left out). */
export async function currentVersions(db: Db, itemIds: number[]): Promise<ItemVersion[]> {
  const out: ItemVersion[] = []
  for (const id of itemIds) {
    const v = await currentItemVersion(db, id)
    if (v) out.push(v)
  }
  return out
}

/** BundleItemDto for each version, with the department names. */
export async function itemDtos(db: Db, versions: ItemVersion[]): Promise<BundleItemDto[]> {
  const units = new Map((await repo.unitsByIds(db, [...new Set(versions.map((v) => v.guide.departmentId))])).map((u) => [Number(u.id), u.name]))
  return versions.map((v) => ({
    itemId: v.itemId,
    code: v.guide.code,
    name: v.guide.name,
    departmentId: v.guide.departmentId,
    departmentName: units.get(v.guide.departmentId) ?? '',
    promisedLimitDays: v.guide.promisedLimitDays,
    legalLimitDays: v.guide.legalLimitDays,
  }))
}

/** The items at their current published versions; ITEM_NOT_AVAILABLE when one is missing or not published. */
export async function resolveItems(db: Db, itemIds: number[]): Promise<ResolvedItem[]> {
  const out: ResolvedItem[] = []
  for (const id of itemIds) {
    const v = await currentItemVersion(db, id)
    if (!v || v.status !== 'published') throw JointErrors.ITEM_NOT_AVAILABLE(`事项（编号 ${id}）未发布或已暂停，暂不接受申请`)
    out.push({ itemId: v.itemId, versionId: v.versionId, guide: v.guide, unitId: v.guide.departmentId })
  }
  return out
}

export async function bundleDto(db: Db, row: repo.BundleRow): Promise<BundleDto> {
  const versions = await currentVersions(db, row.item_ids)
  const lead = await repo.findUnit(db, Number(row.lead_unit_id))
  return {
    id: Number(row.id),
    code: row.code,
    name: row.name,
    description: row.description,
    regionCode: row.region_code,
    leadUnitId: Number(row.lead_unit_id),
    leadUnitName: lead?.name ?? '',
    limitDays: row.limit_days,
    audiences: row.audiences,
    status: row.status,
    items: await itemDtos(db, versions),
    materials: unionMaterials(versions.map((v) => ({ itemId: v.itemId, guide: v.guide }))),
  }
}

export async function stageDefDto(db: Db, row: repo.StageDefRow): Promise<StageDefDto> {
  const versions = await currentVersions(db, row.item_ids)
  const lead = await repo.findUnit(db, Number(row.lead_unit_id))
  return {
    id: Number(row.id),
    seq: row.seq,
    key: row.key,
    name: row.name,
    leadUnitId: Number(row.lead_unit_id),
    leadUnitName: lead?.name ?? '',
    limitDays: row.limit_days,
    items: await itemDtos(db, versions),
    meetingKinds: row.meeting_kinds as MeetingKind[],
  }
}

/** A published bundle and its items; NOT_FOUND when absent, ITEM_NOT_AVAILABLE when it or an item is suspended. */
export async function bundleForApplication(db: Db, bundleId: number): Promise<{ bundle: BundleDto; items: ResolvedItem[] }> {
  const row = Number.isSafeInteger(bundleId) && bundleId > 0 ? await repo.findBundle(db, bundleId) : undefined
  if (!row) throw JointErrors.NOT_FOUND('一件事不存在')
  if (row.status !== 'published') throw JointErrors.ITEM_NOT_AVAILABLE(`“${row.name}”已暂停办理，暂不接受申请`)
  const items = await resolveItems(db, row.item_ids)
  return { bundle: await bundleDto(db, row), items }
}

export interface ProjectRow {
  id: number
  code: string
  name: string
  schemeId: number
  regionCode: string
  applicantUserId: number
  greenChannel: boolean
  greenCutPercent: number
  managerUserId: number | null
  status: 'active' | 'completed' | 'closed'
}

export function projectRowOf(p: repo.ProjectRowDb): ProjectRow {
  return {
    id: Number(p.id),
    code: p.code,
    name: p.name,
    schemeId: Number(p.scheme_id),
    regionCode: p.region_code,
    applicantUserId: Number(p.applicant_user_id),
    greenChannel: p.green_channel,
    greenCutPercent: p.green_cut_percent,
    managerUserId: p.manager_user_id === null ? null : Number(p.manager_user_id),
    status: p.status,
  }
}

/** The earlier stages' e-certificates whose type a material of this stage's items accepts. */
async function priorResultsOf(db: Db, projectId: number, earlierStageIds: number[], items: ResolvedItem[]): Promise<PriorResult[]> {
  const wanted = new Map<string, { key: string; name: string }[]>()
  for (const it of items) {
    for (const m of it.guide.materials) {
      if (!m.eCertificateType) continue
      const list = wanted.get(m.eCertificateType) ?? []
      if (!list.some((x) => x.key === m.key)) list.push({ key: m.key, name: m.name })
      wanted.set(m.eCertificateType, list)
    }
  }
  const certs = await repo.certificatesOfStages(db, projectId, earlierStageIds, [...wanted.keys()])
  const out = new Map<string, PriorResult>()
  for (const c of certs) {
    for (const m of wanted.get(c.type) ?? []) {
      if (out.has(m.key) || !c.file_id) continue // newest first: keep the latest certificate
      out.set(m.key, { materialKey: m.key, name: m.name, fileId: c.file_id, caseId: Number(c.case_id), eCertificateId: Number(c.id) })
    }
  }
  return [...out.values()]
}

/**
 * The stage of a project to apply for: STAGE_ORDER when an earlier stage is not completed,
 * STAGE_OPEN when this stage already has an open joint case. priorResults: the earlier stages'
 * e-certificates matching a material of this stage's items (by eCertificateType).
 */
export async function stageForApplication(
  db: Db,
  projectId: number,
  stageKey: string,
): Promise<{ project: ProjectRow; stage: StageDefDto; items: ResolvedItem[]; priorResults: PriorResult[] }> {
  const p = Number.isSafeInteger(projectId) && projectId > 0 ? await repo.findProject(db, projectId) : undefined
  if (!p) throw JointErrors.NOT_FOUND('项目不存在')
  if (p.status !== 'active') throw JointErrors.INVALID_TRANSITION('项目已办结或已关闭，不能再申报')
  const stages = await repo.stagesOfScheme(db, Number(p.scheme_id))
  const idx = stages.findIndex((s) => s.key === stageKey)
  if (idx < 0) throw JointErrors.NOT_FOUND(`阶段不存在：${stageKey}`)
  const stage = stages[idx]!
  const cases = await repo.jointCasesOfProjects(db, [Number(p.id)])
  const earlier = stages.slice(0, idx)
  for (const s of earlier) {
    if (!cases.some((c) => Number(c.stage_def_id) === Number(s.id) && DONE.has(c.status))) {
      throw JointErrors.STAGE_ORDER(`请先办结前一阶段“${s.name}”，再申报“${stage.name}”`)
    }
  }
  const existing = cases.find((c) => Number(c.stage_def_id) === Number(stage.id) && !CLOSED.has(c.status))
  if (existing) {
    throw JointErrors.STAGE_OPEN(DONE.has(existing.status) ? `“${stage.name}”阶段已办结（${existing.number}）` : `“${stage.name}”阶段已有在办的申请（${existing.number}）`)
  }
  const items = await resolveItems(db, stage.item_ids)
  const priorResults = await priorResultsOf(db, Number(p.id), earlier.map((s) => Number(s.id)), items)
  return { project: projectRowOf(p), stage: await stageDefDto(db, stage), items, priorResults }
}
