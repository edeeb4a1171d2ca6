/** The real platform, in-process, on a free port with a fresh data folder and the demo city. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../../src/server/config.js'
import { startPlatform, type Platform } from '../../src/server/platform.js'

export const ADMIN_PASSWORD = 'Admin12345'
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export interface RunningPlatform {
  platform: Platform
  baseUrl: string
  stop(): Promise<void>
}

export async function startTestPlatform(): Promise<RunningPlatform> {
  if (!fs.existsSync(path.join(ROOT, 'web', 'dist', 'index.html'))) {
    throw new Error('web/dist is missing: run the journeys with `npm run test:e2e`, which builds the web app first')
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-e2e-data-'))
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_PASSWORD, LOG_LEVEL: 'warn' })
  const platform = await startPlatform(config, { demo: true })
  const { port } = platform.app.server.address() as AddressInfo
  return {
    platform,
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      await platform.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
