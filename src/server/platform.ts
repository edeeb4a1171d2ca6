/** Starting and stopping the whole platform: database, migrations, app, jobs, HTTP. */
import type { FastifyInstance } from 'fastify'
import { loadConfig, type Config } from './config.js'
import { openDatabase, type Database } from '../db/database.js'
import { migrateToLatest } from '../db/migrate.js'
import { buildApp, bootstrap } from './app.js'

export interface Platform {
  app: FastifyInstance
  database: Database
  config: Config
  stop(): Promise<void>
}

export async function startPlatform(config: Config = loadConfig(), opts: { listen?: boolean; jobs?: boolean; demo?: boolean } = {}): Promise<Platform> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  try {
    await migrateToLatest(database.db)
    const app = await buildApp({ config, database })
    await bootstrap(app)
    if (opts.demo ?? config.demo) {
      const { loadDemo } = await import('../demo/index.js')
      await loadDemo(app.deps, app.log)
    }
    if (opts.listen !== false) await app.listen({ port: config.port, host: config.host })
    if (opts.jobs !== false) app.jobs.start()
    let stopping: Promise<void> | null = null
    const stop = () =>
      (stopping ??= (async () => {
        await app.jobs.stop()
        await app.close() // finishes in-flight requests, refuses new ones with 503
        await database.close()
      })())
    return { app, database, config, stop }
  } catch (e) {
    await database.close()
    throw e
  }
}
