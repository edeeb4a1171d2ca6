import type { Generated } from 'kysely'
import type { Timestamp } from '../../db/core.tables.js'

export type RegionLevel = 1 | 2 | 3 | 4 | 5
export type UnitKind = 'centre' | 'department' | 'approval_office' | 'window'

export interface RegionTable {
  code: string
  name: string
  level: number
  parent_code: string | null
}

export interface OrgUnitTable {
  id: Generated<number>
  kind: UnitKind
  subtype: string | null
  name: string
  code: string | null
  region_code: string
  parent_id: number | null
  department_id: number | null
  centre_id: number | null
  path: string
  phone: string | null
  address: string | null
  description: string | null
  status: Generated<'active' | 'closed'>
  sort: Generated<number>
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface RoleGrantTable {
  id: Generated<number>
  user_id: number
  role: string
  unit_id: number | null
  region_code: string | null
  created_at: Generated<Date>
}

export interface OrgTables {
  region: RegionTable
  org_unit: OrgUnitTable
  role_grant: RoleGrantTable
}

export type { Timestamp }
