// The catalog module's tables (owned by the catalog module; filled in by its migrations).
import type { ColumnType, Generated } from 'kysely'
import type { Timestamp } from '../../db/core.tables.js'
import type { ItemGuide, ItemStatus } from './catalog.types.js'

type JsonCol<T> = ColumnType<T, string, string>

export interface ItemTable {
  id: Generated<number>
  code: string
  status: Generated<ItemStatus>
  status_reason: string | null
  department_id: number
  current_version_id: number | null
  draft: ColumnType<ItemGuide | null, string | null, string | null>
  name: string
  search_text: string
  type_code: string
  audiences: ColumnType<string[], string[] | undefined, string[]>
  topics: ColumnType<string[], string[] | undefined, string[]>
  instant: Generated<boolean>
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface ItemVersionTable {
  id: Generated<number>
  item_id: number
  version: number
  guide: JsonCol<ItemGuide>
  published_at: Timestamp
  published_by: number | null
}

export interface ItemStatusChangeTable {
  id: Generated<number>
  item_id: number
  action: 'publish' | 'suspend' | 'restart' | 'abolish'
  from_status: string
  to_status: string
  reason: string | null
  approval_ref: string | null
  version: number | null
  by_user_id: number | null
  by_name: string
  at: Timestamp
}

export interface CatalogTables {
  item: ItemTable
  item_version: ItemVersionTable
  item_status_change: ItemStatusChangeTable
}
