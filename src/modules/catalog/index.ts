/**
 * The service catalogue (事项目录): items, their versions and guides. Other modules use it only
 * through these functions.   [CONTRACT — the catalog owner implements these; keep the signatures]
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { AppModule } from '../../server/module.js'
import type { ItemVersion } from './catalog.types.js'
import { catalogRoutes } from './catalog.routes.js'
import * as repo from './catalog.repository.js'
import { versionDto } from './catalog.service.js'

export * from './catalog.types.js'
export { checkGuide, normalizeGuide, promisedCutOk, searchForm, searchTextOf, transitionRefusal, DEFAULT_PROMISED_CUT_PERCENT, STANDARD_STEPS, type GuideCheck, type GuideProblem } from './catalog.rules.js'
export { CatalogErrors } from './catalog.errors.js'
export { createItem, saveDraft, publish, suspend, restart, abolish, itemDetail, listItems } from './catalog.service.js'
export type { ItemDetail, ItemSummary } from './catalog.schemas.js'

/**
 * A version by id (any status), or null. `status` is the item's status now (published / suspended /
 * abolished): a case keeps its version's guide, and can still see that the item was frozen.
 */
export async function getItemVersion(db: Kysely<DB>, versionId: number): Promise<ItemVersion | null> {
  const v = await repo.findVersion(db, versionId)
  return v ? versionDto(v) : null
}

/**
 * The item's current published version, with the item's status (published / suspended / abolished),
 * or null (no such item, or never published). Only status 'published' accepts applications.
 */
export async function currentItemVersion(db: Kysely<DB>, itemId: number): Promise<ItemVersion | null> {
  if (!Number.isSafeInteger(itemId) || itemId < 1) return null
  const item = await db.selectFrom('item').select('current_version_id').where('id', '=', itemId).executeTakeFirst()
  if (!item || item.current_version_id === null) return null
  return getItemVersion(db, Number(item.current_version_id))
}

export const catalogModule: AppModule = { name: 'catalog', routes: catalogRoutes }
