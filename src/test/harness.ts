/**
 * Test harness: the real server in-process (`app.inject`) on a real database of its own — a PGlite
 * loaded from the run's migrated template, or a fresh copy of the template database on the
 * PostgreSQL server when DATABASE_URL is set. No mocks of our own database.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import crypto from 'node:crypto'
import { inject } from 'vitest'
import pg from 'pg'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { PGlite } from '@electric-sql/pglite'
import { openDatabase, PGLITE_EXTENSIONS, type Database } from '../db/database.js'
import { loadConfig, type Config } from '../server/config.js'
import { ManualClock, type Clock } from '../server/clock.js'
import { buildApp, bootstrap } from '../server/app.js'
import { mutate } from '../server/mutate.js'
import type { Deps } from '../server/context.js'
import { createStaffAccount } from '../modules/auth/index.js'
import type { Role } from '../shared/roles.js'
import { adminUrl } from './global-setup.js'

export const ADMIN_PASSWORD = 'Admin12345'

export interface TestDb {
  database: Database
  /** another connection to the same database (a second server instance) */
  openAnother(): Promise<Database>
  drop(): Promise<void>
  kind: 'pglite' | 'postgres'
  /** the database's URL on a PostgreSQL server (undefined on PGlite) */
  url?: string
}

export async function createTestDb(): Promise<TestDb> {
  const url = process.env.DATABASE_URL
  if (url) {
    const tpl = inject('pgTemplate')
    // named after this run's template, so a run cleans up only its own databases (runs may overlap)
    const name = `ow_t_${tpl.replace(/^ow_tpl_/, '')}_${crypto.randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${tpl}`)
        break
      } catch (e) {
        // two files copying the template at the same moment: wait and retry
        if (attempt > 20 || !/being accessed by other users/.test(String(e))) throw e
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200))
      }
    }
    await admin.end()
    const dbUrl = adminUrl(url, name)
    const opened: Database[] = []
    const open = async () => {
      const d = await openDatabase({ databaseUrl: dbUrl, poolSize: 5 })
      opened.push(d)
      return d
    }
    const database = await open()
    return {
      database,
      kind: 'postgres',
      url: dbUrl,
      openAnother: open,
      async drop() {
        for (const d of opened) await d.close()
        const c = new pg.Client({ connectionString: url })
        await c.connect()
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
        await c.end()
      },
    }
  }
  const file = inject('pgliteTemplate')
  const pglite = await PGlite.create({ loadDataDir: new Blob([fs.readFileSync(file)]), extensions: PGLITE_EXTENSIONS })
  const database = await openDatabase({ pglite })
  return {
    database,
    kind: 'pglite',
    // PGlite is one in-process session: a second pool over it would interleave protocol messages.
    // A second instance shares the one connection, queued, as two processes could not share the
    // folder at all (the lock file refuses the second).
    openAnother: async () => ({ ...database, close: async () => {} }),
    async drop() {
      await database.close()
      await pglite.close()
    },
  }
}

export interface TestApp {
  app: FastifyInstance
  deps: Deps
  clock: ManualClock
  testDb: TestDb
  /** logs in and returns the cookie header value */
  login(username: string, password: string): Promise<string>
  close(): Promise<void>
}

const TEST_FILE_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-files-'))

export function testConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig({ ADMIN_PASSWORD, LOG_LEVEL: 'silent', AUDIT_HASH: 'sm3', LOGIN_RATE_LIMIT: '10000', FILE_DIR: TEST_FILE_DIR }, overrides)
}

export async function createTestApp(
  opts: { clock?: ManualClock | Clock; config?: Partial<Config>; testDb?: TestDb; database?: Database } = {},
): Promise<TestApp> {
  const testDb = opts.testDb ?? (await createTestDb())
  const clock = (opts.clock as ManualClock) ?? new ManualClock('2026-03-02T09:00:00+08:00')
  const config = testConfig(opts.config)
  const app = await buildApp({ config, database: opts.database ?? testDb.database, clock, logger: false, webRoot: null })
  await bootstrap(app)
  await app.ready()
  return {
    app,
    deps: app.deps,
    clock,
    testDb,
    async login(username, password) {
      const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } })
      if (r.statusCode !== 200) throw new Error(`login ${username} failed: ${r.statusCode} ${r.body}`)
      return cookieOf(r)
    },
    async close() {
      await app.close()
      if (!opts.testDb) await testDb.drop()
    },
  }
}

export function cookieOf(r: LightMyRequestResponse): string {
  const c = r.cookies.find((x) => x.name === 'ow_sid')
  if (!c) throw new Error('no session cookie')
  return `ow_sid=${c.value}`
}

let seq = 0
/** A unique suffix for names in this test file. */
export function uniq(prefix = 'u'): string {
  return `${prefix}${process.pid.toString(36)}${(++seq).toString(36)}${crypto.randomBytes(2).toString('hex')}`
}

/** Creates a staff account directly (with its audit record), for tests that need one. */
export async function makeStaff(deps: Deps, input: { role: Role; unitId?: number | null; regionCode?: string | null; homeUnitId?: number | null; password?: string }) {
  const username = uniq('s')
  const password = input.password ?? 'Passw0rd1'
  const row = await mutate(deps, { actor: null, ip: null, requestId: 'test' }, async (tx) => {
    const r = await createStaffAccount(tx, {
      username,
      displayName: `测试${input.role}`,
      password,
      unitId: input.homeUnitId ?? input.unitId ?? null,
      grants: [{ role: input.role, unitId: input.unitId ?? null, regionCode: input.regionCode ?? null }],
    })
    await tx.audit({ action: 'test.staff.create', targetType: 'user', targetId: r.id })
    return r
  })
  return { id: Number(row.id), username, password }
}
