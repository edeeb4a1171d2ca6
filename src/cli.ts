/**
 * Maintenance commands: `tsx src/cli.ts <command>`
 *   migrate        run the migrations
 *   demo           load the demo city (idempotent)
 *   audit-verify   verify the audit hash chain; exit 1 and name the first broken record if any
 *   synth          a synthetic city at scale (src/synth): --cases N --years N --seed N --open N --items N
 *                  [--no-ratings] [--no-joint] [--no-stats] [--audit per-case|one]
 */
import { ConfigError, loadConfig } from './server/config.js'
import { DataDirLockedError } from './db/lock.js'
import { openDatabase } from './db/database.js'
import { migrateToLatest } from './db/migrate.js'
import { runDemo } from './demo/cli.js'
import { verifyChain } from './modules/audit/index.js'
import { runSynth } from './synth/cli.js'

const USAGE = 'usage: tsx src/cli.ts migrate | demo | audit-verify | synth --cases N [--years N] [--seed N] [--open N] [--items N] [--no-ratings] [--no-joint] [--no-stats] [--audit per-case|one]'

async function run(cmd: string | undefined): Promise<number> {
  const config = loadConfig(process.env)
  switch (cmd) {
    case 'migrate': {
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
      try {
        const done = await migrateToLatest(database.db)
        process.stdout.write(done.length ? `applied: ${done.join(', ')}\n` : 'database is up to date\n')
      } finally {
        await database.close()
      }
      return 0
    }
    case 'demo':
      await runDemo(config)
      return 0
    case 'audit-verify': {
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
      try {
        await migrateToLatest(database.db)
        const r = await verifyChain(database.db)
        if (r.ok) {
          process.stdout.write(`审计链完整：已校验 ${r.checked} 条记录 (audit chain intact: ${r.checked} records)\n`)
          return 0
        }
        process.stdout.write(
          `审计链断裂：第一个断点是记录 #${r.firstBroken!.id}（${r.firstBroken!.reason}），已校验 ${r.checked} 条\n` +
            `audit chain BROKEN at record #${r.firstBroken!.id} (${r.firstBroken!.reason})\n`,
        )
        return 1
      } finally {
        await database.close()
      }
    }
    case 'synth':
      return runSynth(config, process.argv.slice(3))
    default:
      process.stderr.write(`${USAGE}\n`)
      return 2
  }
}

run(process.argv[2]).then(
  (code) => process.exit(code),
  (e) => {
    if (e instanceof ConfigError || e instanceof DataDirLockedError) process.stderr.write(`${e.message}\n`)
    else process.stderr.write(`${(e as Error)?.stack ?? e}\n`)
    process.exit(e instanceof DataDirLockedError ? 3 : 1)
  },
)
