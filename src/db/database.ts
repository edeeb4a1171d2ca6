/**
 * The one system of record: PGlite (in-process PostgreSQL) in DATA_DIR by default, a PostgreSQL
 * server when DATABASE_URL is set. Both are reached through node-postgres and Kysely's
 * PostgresDialect (PGlite via its node-postgres adapter), so type parsing and SQL are identical.
 */
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin'
import { createPgConfig } from '@electric-sql/pglite/node-postgres'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { DB } from './schema.js'
import { lockDataDir, type DirLock } from './lock.js'

// int8 (counts, ids) as JS numbers; dates as 'YYYY-MM-DD' strings (no time-zone drift);
// numeric stays a string (money is formatted, not computed in floats).
pg.types.setTypeParser(20, (v) => Number(v))
pg.types.setTypeParser(1082, (v) => v)

export type DbKind = 'pglite' | 'postgres'

export interface Database {
  db: Kysely<DB>
  kind: DbKind
  close(): Promise<void>
}

export const PGLITE_EXTENSIONS = { pg_trgm, btree_gin }

const pgliteOfDb = new WeakMap<object, PGlite>()
/** The PGlite instance under a database handle (bulk loads use its COPY … FROM '/dev/blob'); undefined on PostgreSQL. */
export const pgliteOf = (db: Kysely<DB>): PGlite | undefined => pgliteOfDb.get(db)
const poolOfDb = new WeakMap<object, pg.Pool>()
/** The node-postgres pool under a PostgreSQL database handle (bulk loads take a client for COPY … FROM STDIN). */
export const pgPoolOf = (db: Kysely<DB>): pg.Pool | undefined => poolOfDb.get(db)

export interface OpenOptions {
  databaseUrl?: string | undefined
  /** PGlite data folder; 'memory' for an in-memory database. */
  dataDir?: string
  /** An existing PGlite (tests); owned by the caller. */
  pglite?: PGlite
  poolSize?: number
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 })
    pool.on('error', () => {
      /* idle client errors are reported on next use */
    })
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
    poolOfDb.set(db, pool)
    return { db, kind: 'postgres', close: () => db.destroy() }
  }

  let lock: DirLock | undefined
  let pglite = opts.pglite
  const owned = !pglite
  if (!pglite) {
    const dir = opts.dataDir ?? 'memory'
    if (dir === 'memory') {
      pglite = await PGlite.create({ extensions: PGLITE_EXTENSIONS })
    } else {
      lock = lockDataDir(dir)
      try {
        pglite = await PGlite.create(path.join(dir, 'pgdata'), { extensions: PGLITE_EXTENSIONS })
      } catch (e) {
        lock.release()
        throw e
      }
    }
  }
  const pool = new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig)
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
  pgliteOfDb.set(db, pglite)
  const p = pglite
  return {
    db,
    kind: 'pglite',
    async close() {
      await db.destroy()
      if (owned) await p.close()
      lock?.release()
    },
  }
}
