import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import { createTestApp, makeStaff, ADMIN_PASSWORD, type TestApp } from '../../test/harness.js'
import { mutate } from '../../server/mutate.js'
import { systemCtx } from '../../server/context.js'
import { openDatabase } from '../../db/database.js'
import { migrateToLatest } from '../../db/migrate.js'
import { loadConfig } from '../../server/config.js'
import { verifyChain } from './index.js'
import { linkHash } from './audit.chain.js'

/**
 * Tampering as someone with superuser rights would: triggers off for the transaction
 * (the append-only trigger refuses the application's own connection).
 */
async function tamper(db: Kysely<DB>, statement: ReturnType<typeof sql>) {
  await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx)
    await statement.execute(trx)
  })
}

let t: TestApp | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

async function writeRecords(app: TestApp, n: number) {
  for (let i = 0; i < n; i++) {
    await mutate(app.deps, systemCtx(`req-${i}`), (tx) =>
      tx.audit({ action: 'test.thing.update', targetType: 'thing', targetId: i, summary: `第 ${i} 次修改`, before: { n: i, tags: ['a'] }, after: { n: i + 1, nested: { b: 2, a: 1 } } }),
    )
  }
  return app.deps.db.selectFrom('audit_record').select(['id']).where('action', '=', 'test.thing.update').orderBy('id').execute()
}

describe('the audit chain', () => {
  it('verifies intact after many writes, and links each record to the one before', async () => {
    t = await createTestApp()
    await writeRecords(t, 12)
    const r = await verifyChain(t.deps.db)
    expect(r.ok).toBe(true)
    expect(r.checked).toBeGreaterThanOrEqual(13) // + the admin account's record
    const rows = await t.deps.db.selectFrom('audit_record').select(['prev_hash', 'hash']).orderBy('id').execute()
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash)
  })

  it('uses SM3 by default, recomputable from the stored fields with node:crypto', async () => {
    t = await createTestApp()
    const [first] = await writeRecords(t, 1)
    const row = await t.deps.db.selectFrom('audit_record').selectAll().where('id', '=', first!.id).executeTakeFirstOrThrow()
    expect(row.hash_alg).toBe('sm3')
    const recomputed = linkHash('sm3', row.prev_hash, {
      id: Number(row.id), at: new Date(row.at), actorId: null, actorName: row.actor_name, actorKind: row.actor_kind, unitId: null,
      action: row.action, targetType: row.target_type, targetId: row.target_id, summary: row.summary, before: row.before, after: row.after, ip: row.ip, requestId: row.request_id,
    })
    expect(recomputed).toBe(row.hash)
    expect(recomputed).toMatch(/^[0-9a-f]{64}$/)
  })

  it('reports an edited record as the first broken link, through the service and the admin endpoint', async () => {
    t = await createTestApp()
    const ids = await writeRecords(t, 8)
    const victim = ids[4]!.id
    await tamper(t.deps.db, sql`UPDATE audit_record SET summary = '篡改' WHERE id = ${victim}`)
    expect((await verifyChain(t.deps.db)).firstBroken).toEqual({ id: victim, reason: 'modified' })
    const cookie = await t.login('admin', ADMIN_PASSWORD)
    const r = await t.app.inject({ method: 'GET', url: '/api/audit/verify', headers: { cookie } })
    expect(r.statusCode).toBe(200)
    expect(r.json()).toMatchObject({ ok: false, firstBroken: { id: victim, reason: 'modified' } })
  })

  it('reports a deleted record at the record that followed it', async () => {
    t = await createTestApp()
    const ids = await writeRecords(t, 6)
    await tamper(t.deps.db, sql`DELETE FROM audit_record WHERE id = ${ids[2]!.id}`)
    expect((await verifyChain(t.deps.db)).firstBroken).toEqual({ id: ids[3]!.id, reason: 'predecessor_missing_or_modified' })
  })

  it('reports the deletion of the newest records against the chain head', async () => {
    t = await createTestApp()
    const ids = await writeRecords(t, 4)
    await tamper(t.deps.db, sql`DELETE FROM audit_record WHERE id = ${ids[3]!.id}`)
    expect((await verifyChain(t.deps.db)).firstBroken?.reason).toBe('tail_deleted')
  })

  it('still verifies a chain that mixes SM3 and SHA-256 records after the setting changed', async () => {
    t = await createTestApp()
    await writeRecords(t, 2)
    const sha = { ...t.deps, config: { ...t.deps.config, auditHash: 'sha256' as const } }
    await mutate(sha, systemCtx(), (tx) => tx.audit({ action: 'test.sha', targetType: 'thing' }))
    const algs = await t.deps.db.selectFrom('audit_record').select('hash_alg').distinct().execute()
    expect(algs.map((a) => a.hash_alg).sort()).toEqual(['sha256', 'sm3'])
    expect((await verifyChain(t.deps.db)).ok).toBe(true)
  })
})

describe('append-only in the database', () => {
  it('refuses UPDATE, DELETE and TRUNCATE of audit records on the ordinary connection', async () => {
    t = await createTestApp()
    const [first] = await writeRecords(t, 1)
    for (const stmt of [
      sql`UPDATE audit_record SET summary = 'x' WHERE id = ${first!.id}`,
      sql`DELETE FROM audit_record WHERE id = ${first!.id}`,
      sql`TRUNCATE audit_record`,
    ]) {
      await expect(stmt.execute(t.deps.db)).rejects.toThrow(/append-only/)
    }
    expect((await verifyChain(t.deps.db)).ok).toBe(true)
  })
})

describe('every action is recorded', () => {
  it('refuses to commit a mutation that wrote no audit record, and rolls it back', async () => {
    t = await createTestApp()
    await expect(
      mutate(t.deps, systemCtx(), async (tx) => {
        await tx.db.insertInto('region').values({ code: '99', name: '无审计', level: 1, parent_code: null }).execute()
      }),
    ).rejects.toThrow(/audit/)
    expect(await t.deps.db.selectFrom('region').select('code').where('code', '=', '99').executeTakeFirst()).toBeUndefined()
  })

  it('rolls the audit record back with a change that fails', async () => {
    t = await createTestApp()
    const before = await t.deps.db.selectFrom('audit_record').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    await expect(
      mutate(t.deps, systemCtx(), async (tx) => {
        await tx.audit({ action: 'test.fail', targetType: 'thing' })
        throw new Error('business rule failed')
      }),
    ).rejects.toThrow('business rule failed')
    const after = await t.deps.db.selectFrom('audit_record').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
    expect((await verifyChain(t.deps.db)).ok).toBe(true)
  })

  it('records actor, IP and request id of an HTTP action', async () => {
    t = await createTestApp()
    await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'x-request-id': 'req-audit-1' }, payload: { username: 'admin', password: ADMIN_PASSWORD } })
    const row = await t.deps.db.selectFrom('audit_record').selectAll().where('request_id', '=', 'req-audit-1').executeTakeFirstOrThrow()
    expect(row).toMatchObject({ action: 'auth.login', actor_name: '系统管理员(admin)', actor_kind: 'staff', ip: '127.0.0.1' })
  })
})

describe('browsing the trail', () => {
  it('lets admins filter by action and refuses applicants and window staff', async () => {
    t = await createTestApp()
    await writeRecords(t, 3)
    const cookie = await t.login('admin', ADMIN_PASSWORD)
    const r = await t.app.inject({ method: 'GET', url: '/api/audit?action=test.thing&pageSize=2', headers: { cookie } })
    expect(r.statusCode).toBe(200)
    expect(r.json().total).toBe(3)
    expect(r.json().items).toHaveLength(2)
    expect(r.json().items[0].after).toEqual({ n: 3, nested: { a: 1, b: 2 } })
    const staff = await makeStaff(t.deps, { role: 'window_staff' })
    const c2 = await t.login(staff.username, staff.password)
    expect((await t.app.inject({ method: 'GET', url: '/api/audit', headers: { cookie: c2 } })).statusCode).toBe(403)
    expect((await t.app.inject({ method: 'GET', url: '/api/audit' })).statusCode).toBe(401)
  })

  it('shows a centre admin only the records of units inside their scope (and their own)', async () => {
    t = await createTestApp()
    const db = t.deps.db
    await mutate(t.deps, systemCtx(), async (tx) => {
      await tx.db.insertInto('region').values([{ code: '37', name: '山东省', level: 1, parent_code: null }, { code: '3714', name: '德州市', level: 2, parent_code: '37' }]).execute()
      await tx.audit({ action: 'test.setup', targetType: 'region' })
    })
    const unit = async (name: string) => {
      const u = await db.insertInto('org_unit').values({ kind: 'centre', name, region_code: '3714', path: '/' }).returning('id').executeTakeFirstOrThrow()
      await db.updateTable('org_unit').set({ path: `/${u.id}/` }).where('id', '=', u.id).execute()
      return Number(u.id)
    }
    const mine = await unit('甲中心')
    const other = await unit('乙中心')
    for (const [u, s] of [[mine, '甲中心的记录'], [other, '乙中心的记录']] as const) {
      await mutate(t.deps, systemCtx(), (tx) => tx.audit({ action: 'test.unit', targetType: 'org_unit', targetId: u, unitId: u, summary: s }))
    }
    const admin = await makeStaff(t.deps, { role: 'centre_admin', unitId: mine })
    const cookie = await t.login(admin.username, admin.password)
    const r = await t.app.inject({ method: 'GET', url: '/api/audit?action=test.unit', headers: { cookie } })
    expect(r.json().items.map((i: { summary: string }) => i.summary)).toEqual(['甲中心的记录'])
  })
})

describe('the audit-verify command', () => {
  it('exits 0 on an intact chain and 1 naming the first broken record after tampering', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-audit-'))
    const env = process.env.DATABASE_URL ? {} : { DATA_DIR: dir }
    let url: string | undefined
    if (process.env.DATABASE_URL) {
      // a fresh database of its own on the server, so other files' records are not involved
      t = await createTestApp()
      url = (t.testDb as { url?: string }).url
    }
    const database = await openDatabase(url ? { databaseUrl: url } : { dataDir: dir })
    let victim = 0
    try {
      await migrateToLatest(database.db)
      const deps = { db: database.db, dbKind: database.kind, config: loadConfig({}), clock: { now: () => new Date() } }
      for (let i = 0; i < 3; i++) await mutate(deps, systemCtx(), (tx) => tx.audit({ action: 'test.cli', targetType: 'thing', targetId: i }))
      victim = Number((await database.db.selectFrom('audit_record').select('id').where('target_id', '=', '1').executeTakeFirstOrThrow()).id)
    } finally {
      await database.close()
    }
    const run = () =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'audit-verify'], {
        env: { ...process.env, ...env, ...(url ? { DATABASE_URL: url } : {}), LOG_LEVEL: 'silent' },
        encoding: 'utf8',
      })
    const ok = run()
    expect(ok.stdout).toContain('audit chain intact')
    expect(ok.status).toBe(0)
    const again = await openDatabase(url ? { databaseUrl: url } : { dataDir: dir })
    await tamper(again.db, sql`UPDATE audit_record SET action = 'test.forged' WHERE id = ${victim}`)
    await again.close()
    const broken = run()
    expect(broken.status).toBe(1)
    expect(broken.stdout).toContain(`#${victim}`)
    fs.rmSync(dir, { recursive: true, force: true })
  })
})

describe('personal data in the trail', () => {
  it("names an applicant without their full ID number", async () => {
    t = await createTestApp()
    const body = '37140219900307123'
    const { idCheckDigit } = await import('../../shared/identity.js')
    const idNumber = body + idCheckDigit(body)
    const r = await t.app.inject({ method: 'POST', url: '/api/auth/register', payload: { kind: 'person', name: '周小红', idNumber, phone: '13953409876', password: 'Secret123' } })
    expect(r.statusCode).toBe(201)
    await t.login(idNumber, 'Secret123')
    const rows = await t.deps.db.selectFrom('audit_record').select(['actor_name', 'summary']).where('action', '=', 'auth.login').execute()
    const mine = rows.find((x) => x.actor_name.startsWith('周小红'))
    expect(mine?.actor_name).toBe(`周小红(3714${'*'.repeat(10)}${idNumber.slice(-4)})`)
    expect(JSON.stringify(rows)).not.toContain(idNumber)
  })
})
