import type { Generated } from 'kysely'
import type { Json, Timestamp } from '../../db/core.tables.js'

export interface AuditRecordTable {
  id: Generated<number>
  at: Timestamp
  actor_id: number | null
  actor_name: string
  actor_kind: string
  unit_id: number | null
  action: string
  target_type: string
  target_id: string | null
  summary: Generated<string>
  before: Json | null
  after: Json | null
  ip: string | null
  request_id: string | null
  hash_alg: string
  prev_hash: string
  hash: string
}

export interface AuditTables {
  audit_record: AuditRecordTable
  audit_chain_head: { id: number; last_id: number; last_hash: string }
}
