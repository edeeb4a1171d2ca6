/**
 * The real platform, in-process, on a free port with a fresh data folder and the demo city: on
 * PGlite by default, or — when E2E_DATABASE_URL points at a PostgreSQL server (e.g.
 * postgres://postgres@127.0.0.1:5432/ow_dev) — on a fresh database created there for the run and
 * dropped afterwards.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import crypto from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { loadConfig } from '../../src/server/config.js'
import { startPlatform, type Platform } from '../../src/server/platform.js'

export const ADMIN_PASSWORD = 'Admin12345'
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export interface RunningPlatform {
  platform: Platform
  baseUrl: string
  stop(): Promise<void>
}

async function onServer(server: string, sqlText: string): Promise<void> {
  const c = new pg.Client({ connectionString: server })
  await c.connect()
  try {
    await c.query(sqlText)
  } finally {
    await c.end()
  }
}

export async function startTestPlatform(): Promise<RunningPlatform> {
  if (!fs.existsSync(path.join(ROOT, 'web', 'dist', 'index.html'))) {
    throw new Error('web/dist is missing: run the journeys with `npm run test:e2e`, which builds the web app first')
  }
  const server = process.env.E2E_DATABASE_URL
  let databaseUrl = ''
  let dbName = ''
  if (server) {
    dbName = `ow_e2e_${crypto.randomBytes(5).toString('hex')}`
    await onServer(server, `CREATE DATABASE ${dbName}`)
    const url = new URL(server)
    url.pathname = `/${dbName}`
    databaseUrl = url.toString()
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-e2e-data-'))
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: databaseUrl, ADMIN_PASSWORD, LOG_LEVEL: 'warn' })
  const platform = await startPlatform(config, { demo: true })
  const { port } = platform.app.server.address() as AddressInfo
  return {
    platform,
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      await platform.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
      if (server) await onServer(server, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
    },
  }
}
