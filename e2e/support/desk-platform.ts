/**
 * The platform for the window journeys: the shared in-process platform on PGlite by default, or —
 * when E2E_DATABASE_URL points at a PostgreSQL server (e.g. postgres://postgres@127.0.0.1:5432/ow_dev)
 * — the same platform on a fresh database created there for the run and dropped afterwards.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import pg from 'pg'
import { loadConfig } from '../../src/server/config.js'
import { startPlatform } from '../../src/server/platform.js'
import { ADMIN_PASSWORD, startTestPlatform, type RunningPlatform } from './platform.js'

export async function startDeskPlatform(): Promise<RunningPlatform> {
  const server = process.env.E2E_DATABASE_URL
  if (!server) return startTestPlatform()
  const name = `ow_e2e_window_${Date.now().toString(36)}`
  const admin = new pg.Client({ connectionString: server })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(server)
  url.pathname = `/${name}`
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-e2e-data-'))
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: url.toString(), ADMIN_PASSWORD, LOG_LEVEL: 'warn' })
  const platform = await startPlatform(config, { demo: true })
  const { port } = platform.app.server.address() as AddressInfo
  return {
    platform,
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      await platform.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
      const c = new pg.Client({ connectionString: server })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await c.end()
    },
  }
}
