/** `npm start`: the whole platform in one process. */
import { ConfigError, loadConfig } from './server/config.js'
import { DataDirLockedError } from './db/lock.js'
import { startPlatform } from './server/platform.js'

async function main() {
  let config
  try {
    config = loadConfig(process.env, process.argv.includes('--demo') ? { demo: true } : {})
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`)
      process.exit(2)
    }
    throw e
  }
  let platform
  try {
    platform = await startPlatform(config)
  } catch (e) {
    if (e instanceof DataDirLockedError) {
      process.stderr.write(`${e.message}\n`)
      process.exit(3)
    }
    throw e
  }
  const { app } = platform
  const db = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite (${config.dataDir})`
  process.stdout.write(`\n一窗通办 OneWindow 已启动: http://localhost:${config.port}  数据库: ${db}\n\n`)
  let signalled = false
  const shutdown = (signal: string) => {
    if (signalled) return
    signalled = true
    app.log.info({ signal }, 'shutting down: finishing in-flight requests')
    const force = setTimeout(() => {
      app.log.error('shutdown took too long; exiting')
      process.exit(1)
    }, 30_000)
    force.unref()
    platform.stop().then(
      () => process.exit(0),
      (e) => {
        app.log.error({ err: e }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
}

main().catch((e) => {
  process.stderr.write(`启动失败 (start-up failed): ${(e as Error)?.stack ?? e}\n`)
  process.exit(1)
})
