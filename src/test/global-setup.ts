/**
 * Once per test run: a migrated template database. On PGlite it is a data-folder dump that every
 * test file loads (much faster than initdb + migrations each time); on a PostgreSQL server
 * (DATABASE_URL) it is a template database that every test file copies with CREATE DATABASE.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import pg from 'pg'
import { PGlite } from '@electric-sql/pglite'
import { openDatabase, PGLITE_EXTENSIONS } from '../db/database.js'
import { migrateToLatest } from '../db/migrate.js'

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string
    pgTemplate: string
  }
}

export function adminUrl(url: string, database = 'postgres'): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL
  if (url) {
    const name = `ow_tpl_${process.pid}_${Date.now().toString(36)}`
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name}`)
    await admin.end()
    const database = await openDatabase({ databaseUrl: adminUrl(url, name), poolSize: 2 })
    await migrateToLatest(database.db)
    await database.close()
    project.provide('pgTemplate', name)
    project.provide('pgliteTemplate', '')
    return async () => {
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      // only this run's databases: another run may be using the server at the same time
      const left = await c.query(`SELECT datname FROM pg_database WHERE starts_with(datname, $1) OR datname = $2`, [`ow_t_${name.replace(/^ow_tpl_/, '')}_`, name])
      for (const r of left.rows) await c.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`)
      await c.end()
    }
  }
  const pglite = await PGlite.create({ extensions: PGLITE_EXTENSIONS })
  const database = await openDatabase({ pglite })
  await migrateToLatest(database.db)
  await database.close()
  const dump = await pglite.dumpDataDir('none')
  await pglite.close()
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ow-tpl-')), 'template.tar')
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
  project.provide('pgliteTemplate', file)
  project.provide('pgTemplate', '')
  return () => fs.rmSync(path.dirname(file), { recursive: true, force: true })
}
