import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../db/schema.js'
import type { DbKind } from '../db/database.js'
import type { Config } from './config.js'
import type { Clock } from './clock.js'
import type { Role } from '../shared/roles.js'

/** A role held over a unit's subtree, a region's units, or (both null) the whole system. */
export interface RoleGrant {
  role: Role
  unitId: number | null
  /** Materialised path of the unit ('/1/4/'), so scope checks need no query. */
  unitPath: string | null
  unitName: string | null
  regionCode: string | null
}

export interface Actor {
  userId: number
  username: string
  displayName: string
  kind: 'staff' | 'applicant' | 'system'
  unitId: number | null
  grants: RoleGrant[]
  sessionId?: string
}

/** Who is acting, from where: carried into every service call and into the audit record. */
export interface Ctx {
  actor: Actor | null
  ip: string | null
  requestId: string | null
}

/** What services need from the application: the database, config and clock. */
export interface Deps {
  db: Kysely<DB>
  dbKind: DbKind
  config: Config
  clock: Clock
}

export type Trx = Transaction<DB>

export const SYSTEM_ACTOR: Actor = {
  userId: 0,
  username: 'system',
  displayName: '系统',
  kind: 'system',
  unitId: null,
  grants: [],
}

export const systemCtx = (requestId: string | null = null): Ctx => ({ actor: SYSTEM_ACTOR, ip: null, requestId })
