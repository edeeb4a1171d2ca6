import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildApp } from './app.js'
import { ConfigError, loadConfig } from './config.js'
import { createTestDb, testConfig } from '../test/harness.js'
import { lockDataDir, DataDirLockedError } from '../db/lock.js'

describe('graceful shutdown', () => {
  it('finishes a request in flight and refuses new ones while closing', async () => {
    const testDb = await createTestDb()
    const app = await buildApp({ config: testConfig(), database: testDb.database, logger: false, webRoot: null })
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    app.get('/api/test/slow', async () => {
      await gate
      return { done: true }
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = app.server.address() as { port: number }
    const inFlight = fetch(`http://127.0.0.1:${port}/api/test/slow`)
    await new Promise((r) => setTimeout(r, 100))
    const closing = app.close()
    await new Promise((r) => setTimeout(r, 50))
    const refused = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.status,
      () => 'connection refused',
    )
    expect([503, 'connection refused']).toContain(refused)
    release()
    const r = await inFlight
    expect(r.status).toBe(200)
    expect(await r.json()).toEqual({ done: true })
    await closing
    await testDb.drop()
  })
})

describe('the PGlite data folder lock', () => {
  it('makes a second process on the same DATA_DIR exit with a clear message instead of opening it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-lock-'))
    const lock = lockDataDir(dir)
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'migrate'], {
        env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '' },
        encoding: 'utf8',
      })
      expect(r.status).toBe(3)
      expect(r.stderr).toContain('正被另一个 OneWindow 进程')
      expect(r.stderr).toContain(`pid ${process.pid}`)
      expect(fs.existsSync(path.join(dir, 'pgdata'))).toBe(false)
    } finally {
      lock.release()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)

  it('refuses a second lock in the same process and takes over a lock left by a dead process', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-lock-'))
    const lock = lockDataDir(dir)
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError)
    lock.release()
    fs.writeFileSync(path.join(dir, 'onewindow.lock'), JSON.stringify({ pid: 2 ** 22 + 12345 })) // no such process
    const again = lockDataDir(dir)
    again.release()
    expect(fs.existsSync(path.join(dir, 'onewindow.lock'))).toBe(false)
    fs.rmSync(dir, { recursive: true, force: true })
  })
})

describe('configuration', () => {
  it('reports every bad value at once, by name', () => {
    let err: unknown
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', ADMIN_PASSWORD: 'short', AUDIT_HASH: 'md5', LOGIN_MAX_FAILURES: '0' })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ConfigError)
    const problems = (err as ConfigError).problems.join('\n')
    for (const name of ['PORT', 'DATABASE_URL', 'ADMIN_PASSWORD', 'AUDIT_HASH', 'LOGIN_MAX_FAILURES']) expect(problems).toContain(name)
  })

  it('has working defaults', () => {
    const c = loadConfig({})
    expect(c).toMatchObject({ port: 3000, auditHash: 'sm3', databaseUrl: undefined, demo: false })
    expect(c.dataDir).toBe(path.resolve('./data'))
  })

  it('stops the start command with a clear message and exit code 2 on a bad value', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, PORT: '-5' }, encoding: 'utf8' })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('PORT')
    expect(r.stderr).not.toMatch(/at \S+\.ts:\d+/)
  }, 60_000)
})

describe('restarting on an existing data folder', () => {
  it('keeps every record, runs no migration twice, and keeps the audit chain intact', async () => {
    const { startPlatform } = await import('./platform.js')
    const { verifyChain } = await import('../modules/audit/index.js')
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-restart-'))
    // PGlite: a data folder; PostgreSQL server: a database of its own
    const serverDb = process.env.DATABASE_URL ? await createTestDb() : null
    const config = loadConfig({ DATA_DIR: dir, ADMIN_PASSWORD: 'Admin12345', LOG_LEVEL: 'silent', DATABASE_URL: serverDb?.url ?? '' })
    if (serverDb) await serverDb.database.close()
    try {
      const first = await startPlatform(config, { listen: false, jobs: false })
      const login = await first.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'Admin12345' } })
      expect(login.statusCode).toBe(200)
      const records = Number((await first.database.db.selectFrom('audit_record').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
      const migrations = await first.database.db.selectFrom('schema_migration' as never).selectAll().execute()
      await first.stop()

      const second = await startPlatform({ ...config, adminPassword: 'Changed12345' }, { listen: false, jobs: false })
      try {
        const again = await second.database.db.selectFrom('schema_migration' as never).selectAll().execute()
        expect(again).toEqual(migrations)
        const n = Number((await second.database.db.selectFrom('audit_record').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
        expect(n).toBe(records)
        // ADMIN_PASSWORD applies on first start only: the existing admin keeps its password
        const old = await second.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'Admin12345' } })
        expect(old.statusCode).toBe(200)
        expect((await verifyChain(second.database.db)).ok).toBe(true)
      } finally {
        await second.stop()
      }
      expect(fs.existsSync(path.join(dir, 'onewindow.lock'))).toBe(false)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
      await serverDb?.drop()
    }
  }, 120_000)
})
