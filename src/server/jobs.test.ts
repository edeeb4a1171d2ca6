import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from '../test/harness.js'
import { enqueue } from './jobs.js'
import { mutate } from './mutate.js'
import { systemCtx } from './context.js'

// Two server instances on ONE database: each has its own job runner and instance id.
let a: TestApp
let b: TestApp
beforeAll(async () => {
  a = await createTestApp()
  b = await createTestApp({ testDb: a.testDb, database: await a.testDb.openAnother(), clock: a.clock })
})
afterAll(async () => {
  await b.close()
  await a.close()
})

async function queue(app: TestApp, name: string, n: number, opts: { runAt?: Date } = {}) {
  await mutate(app.deps, systemCtx(), async (tx) => {
    for (let i = 0; i < n; i++) await enqueue(tx.db, name, { i }, opts.runAt ?? tx.now)
    await tx.audit({ action: 'test.jobs.enqueue', targetType: 'job', summary: `${n} jobs` })
  })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('background work shared by two server instances', () => {
  it('runs every queued job exactly once, with both instances taking part', async () => {
    const ran: { instance: string; i: number }[] = []
    for (const app of [a, b]) {
      app.app.jobs.work('test.parallel', async (p: { i: number }) => {
        ran.push({ instance: app.deps.config.instanceId, i: p.i })
        await sleep(5)
      })
    }
    await queue(a, 'test.parallel', 60)
    while ((await Promise.all([a.app.jobs.tick(10), b.app.jobs.tick(10)])).some((n) => n > 0)) {
      /* keep both instances claiming until the queue is empty */
    }
    expect(ran).toHaveLength(60)
    expect(new Set(ran.map((r) => r.i)).size).toBe(60)
    expect(new Set(ran.map((r) => r.instance))).toEqual(new Set([a.deps.config.instanceId, b.deps.config.instanceId]))
    const left = await a.deps.db.selectFrom('job').select('status').where('queue', '=', 'test.parallel').where('status', '<>', 'done').execute()
    expect(left).toEqual([])
  })

  it('runs a periodic sweep once per period across instances, however many instances tick', async () => {
    const runs: string[] = []
    for (const app of [a, b]) app.app.jobs.sweep('test.sweep', 60_000, async () => void runs.push(app.deps.config.instanceId))
    await a.app.jobs.init()
    await b.app.jobs.init()
    await Promise.all([a.app.jobs.tick(), b.app.jobs.tick(), a.app.jobs.tick(), b.app.jobs.tick()])
    expect(runs).toHaveLength(1)
    a.clock.advance(30_000)
    await Promise.all([a.app.jobs.tick(), b.app.jobs.tick()])
    expect(runs).toHaveLength(1)
    a.clock.advance(31_000)
    await Promise.all([a.app.jobs.tick(), b.app.jobs.tick()])
    expect(runs).toHaveLength(2)
    const row = await a.deps.db.selectFrom('sweep').selectAll().where('name', '=', 'test.sweep').executeTakeFirstOrThrow()
    expect(Number(row.run_count)).toBe(2)
    expect(row.running_until).toBeNull()
  })

  it('queues nothing when the enqueuing transaction rolls back (the outbox rule)', async () => {
    await expect(
      mutate(a.deps, systemCtx(), async (tx) => {
        await enqueue(tx.db, 'test.rollback', {}, tx.now)
        await tx.audit({ action: 'test.jobs.enqueue', targetType: 'job' })
        throw new Error('change refused')
      }),
    ).rejects.toThrow('change refused')
    const rows = await a.deps.db.selectFrom('job').select('id').where('queue', '=', 'test.rollback').execute()
    expect(rows).toHaveLength(0)
  })

  it('retries a failing job with backoff and marks it failed after its last attempt', async () => {
    let calls = 0
    a.app.jobs.work('test.flaky', async () => {
      calls++
      throw new Error('downstream unavailable')
    })
    await mutate(a.deps, systemCtx(), async (tx) => {
      await enqueue(tx.db, 'test.flaky', {}, tx.now, { maxAttempts: 2 })
      await tx.audit({ action: 'test.jobs.enqueue', targetType: 'job' })
    })
    await a.app.jobs.tick()
    let job = await a.deps.db.selectFrom('job').selectAll().where('queue', '=', 'test.flaky').executeTakeFirstOrThrow()
    expect(job).toMatchObject({ status: 'queued', attempts: 1, last_error: 'downstream unavailable' })
    await a.app.jobs.tick() // not yet due: backoff
    expect(calls).toBe(1)
    a.clock.advance(5_000)
    await a.app.jobs.tick()
    job = await a.deps.db.selectFrom('job').selectAll().where('queue', '=', 'test.flaky').executeTakeFirstOrThrow()
    expect(job).toMatchObject({ status: 'failed', attempts: 2 })
    expect(calls).toBe(2)
  })

  it('lets another instance take over a job whose worker died (its lease expired)', async () => {
    const done: string[] = []
    b.app.jobs.work('test.lease', async () => void done.push('b'))
    await queue(a, 'test.lease', 1)
    // instance "a" claimed it and died: the row is running with a lease that has now expired
    await sql`UPDATE job SET status = 'running', locked_by = 'dead-instance', locked_until = ${new Date(a.clock.now().getTime() - 1000)}, attempts = 1 WHERE queue = 'test.lease'`.execute(a.deps.db)
    await b.app.jobs.tick()
    expect(done).toEqual(['b'])
    const job = await a.deps.db.selectFrom('job').selectAll().where('queue', '=', 'test.lease').executeTakeFirstOrThrow()
    expect(job.status).toBe('done')
  })
})
