/**
 * Bundles (一件事) and construction schemes/stages as the joint cases use them.
 * [CONTRACT: owned by the projects/bundles helper; the core calls these two functions]
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { ItemGuide } from '../catalog/catalog.types.js'
import type { BundleDto, StageDefDto } from './joint.types.js'

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

/** A published bundle and its items; NOT_FOUND when absent, ITEM_NOT_AVAILABLE when it or an item is suspended. */
export async function bundleForApplication(db: Db, bundleId: number): Promise<{ bundle: BundleDto; items: ResolvedItem[] }> {
  throw new Error('not implemented')
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
  throw new Error('not implemented')
}
