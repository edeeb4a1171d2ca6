/**
 * One forward-only migration stream for both databases. Files in ./migrations are named
 * `YYYYMMDDTHHMM-<module>-<what>.ts` and export `up(db)`; they run in name order, each once.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely'

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')

class FolderProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {}
    const files = fs
      .readdirSync(dir)
      .filter((f) => /^\d{8}T\d{4}-.+\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
      .sort()
    for (const f of files) {
      const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as Migration
      out[f.replace(/\.(ts|js)$/, '')] = mod
    }
    return out
  }
}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new FolderProvider(), migrationTableName: 'schema_migration', migrationLockTableName: 'schema_migration_lock' })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? error}`, { cause: error })
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
