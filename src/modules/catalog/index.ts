/**
 * The service catalogue (事项目录): items, their versions and guides. Other modules use it only
 * through these functions.   [CONTRACT — the catalog owner implements these; keep the signatures]
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { AppModule } from '../../server/module.js'
import type { ItemVersion } from './catalog.types.js'

export * from './catalog.types.js'

/** A version by id (any status), or null. */
export async function getItemVersion(_db: Kysely<DB>, _versionId: number): Promise<ItemVersion | null> {
  throw new Error('catalog.getItemVersion: not implemented yet')
}

/** The item's current published version, with the item's status (published / suspended / abolished), or null. */
export async function currentItemVersion(_db: Kysely<DB>, _itemId: number): Promise<ItemVersion | null> {
  throw new Error('catalog.currentItemVersion: not implemented yet')
}

export const catalogModule: AppModule = { name: 'catalog' }
