import type { Generated } from 'kysely'
import type { Timestamp } from '../../db/core.tables.js'

export interface UserAccountTable {
  id: Generated<number>
  kind: 'staff' | 'applicant'
  username: string
  password_hash: string
  display_name: string
  phone: string | null
  applicant_kind: 'person' | 'enterprise' | null
  id_number: string | null
  credit_code: string | null
  legal_representative: string | null
  unit_id: number | null
  title: string | null
  status: Generated<'active' | 'disabled'>
  failed_logins: Generated<number>
  locked_until: Timestamp | null
  must_change_password: Generated<boolean>
  password_changed_at: Timestamp | null
  last_login_at: Timestamp | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface SessionTable {
  id: string
  user_id: number
  created_at: Timestamp
  expires_at: Timestamp
  last_seen_at: Timestamp
  ip: string | null
  user_agent: string | null
}

export interface AuthTables {
  user_account: UserAccountTable
  session: SessionTable
}
