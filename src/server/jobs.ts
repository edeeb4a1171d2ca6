/**
 * Background work on PostgreSQL, so any number of server instances can share one database
 * (no in-memory queues, no local-only timers):
 *  - jobs: rows claimed with `FOR UPDATE SKIP LOCKED` and a lease; a crashed worker's lease
 *    expires and the job is claimed again; failures retry with backoff;
 *  - sweeps: periodic passes; an instance runs one only after winning the row's `next_run_at`
 *    with a conditional UPDATE that also takes a lease, so each period runs once across instances
 *    and passes never overlap. (No transaction is held while a pass runs: PGlite has a single
 *    connection, and long transactions would block other work on a server too.)
 */
import { sql } from 'kysely'
import type { Deps, Trx } from './context.js'

export type JobHandler = (payload: any, job: { id: number; attempts: number }) => Promise<void>
export type SweepHandler = (now: Date) => Promise<void>

interface SweepDef {
  name: string
  intervalMs: number
  handler: SweepHandler
}

export interface EnqueueOptions {
  runAt?: Date
  /** a job with the same key is not queued twice */
  dedupeKey?: string
  maxAttempts?: number
}

/** Queues a job inside the caller's transaction (the outbox pattern: it exists only if the change commits). */
export async function enqueue(trx: Trx, queue: string, payload: unknown, runAt: Date, opts: EnqueueOptions = {}): Promise<void> {
  await trx
    .insertInto('job')
    .values({
      queue,
      payload: JSON.stringify(payload ?? {}),
      run_at: opts.runAt ?? runAt,
      dedupe_key: opts.dedupeKey ?? null,
      ...(opts.maxAttempts ? { max_attempts: opts.maxAttempts } : {}),
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute()
}

export class JobRunner {
  private handlers = new Map<string, JobHandler>()
  private sweeps: SweepDef[] = []
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null
  private stopped = true

  constructor(
    private readonly deps: Deps,
    private readonly onError: (what: string, e: unknown) => void = () => {},
    private readonly leaseMs = 5 * 60_000,
  ) {}

  get instanceId(): string {
    return this.deps.config.instanceId
  }

  work(queue: string, handler: JobHandler): void {
    this.handlers.set(queue, handler)
  }

  sweep(name: string, intervalMs: number, handler: SweepHandler): void {
    this.sweeps.push({ name, intervalMs, handler })
  }

  /** Registers the sweeps' rows (first run one interval from now, unless already scheduled). */
  async init(): Promise<void> {
    const now = this.deps.clock.now()
    for (const s of this.sweeps) {
      await this.deps.db
        .insertInto('sweep')
        .values({ name: s.name, interval_ms: s.intervalMs, next_run_at: now })
        .onConflict((oc) => oc.column('name').doUpdateSet({ interval_ms: s.intervalMs }))
        .execute()
    }
  }

  start(): void {
    if (!this.stopped) return
    this.stopped = false
    const loop = async () => {
      if (this.stopped) return
      this.running = this.tick().then(
        () => undefined,
        (e) => this.onError('jobs.tick', e),
      )
      await this.running
      if (!this.stopped) this.timer = setTimeout(loop, this.deps.config.jobPollMs)
    }
    this.timer = setTimeout(loop, 0)
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    await this.running
  }

  /** One pass: due sweeps, then due jobs until none are left (bounded). Returns the jobs run. */
  async tick(maxJobs = 100): Promise<number> {
    for (const s of this.sweeps) await this.runSweepIfDue(s)
    let done = 0
    while (done < maxJobs) {
      const batch = await this.claim(Math.min(10, maxJobs - done))
      if (batch.length === 0) break
      for (const j of batch) await this.runJob(j)
      done += batch.length
    }
    return done
  }

  private async claim(limit: number) {
    const now = this.deps.clock.now()
    const leaseUntil = new Date(now.getTime() + this.leaseMs)
    const queues = [...this.handlers.keys()]
    if (queues.length === 0) return []
    const r = await sql<{ id: number; queue: string; payload: unknown; attempts: number; max_attempts: number }>`
      UPDATE job SET status = 'running', locked_by = ${this.instanceId}, locked_until = ${leaseUntil},
             attempts = attempts + 1
       WHERE id IN (
         SELECT id FROM job
          WHERE queue IN (${sql.join(queues)})
            AND ((status = 'queued' AND run_at <= ${now}) OR (status = 'running' AND locked_until < ${now}))
          ORDER BY run_at, id
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED)
      RETURNING id, queue, payload, attempts, max_attempts`.execute(this.deps.db)
    return r.rows
  }

  private async runJob(j: { id: number; queue: string; payload: unknown; attempts: number; max_attempts: number }) {
    const handler = this.handlers.get(j.queue)
    try {
      if (!handler) throw new Error(`no handler for queue ${j.queue}`)
      await handler(j.payload, { id: j.id, attempts: j.attempts })
      await this.deps.db
        .updateTable('job')
        .set({ status: 'done', finished_at: this.deps.clock.now(), locked_by: null, locked_until: null })
        .where('id', '=', j.id)
        .where('locked_by', '=', this.instanceId)
        .execute()
    } catch (e) {
      this.onError(`job ${j.queue}#${j.id}`, e)
      const now = this.deps.clock.now()
      const final = j.attempts >= j.max_attempts
      await this.deps.db
        .updateTable('job')
        .set({
          status: final ? 'failed' : 'queued',
          run_at: new Date(now.getTime() + Math.min(3600_000, 1000 * 2 ** j.attempts)),
          last_error: String((e as Error)?.message ?? e).slice(0, 2000),
          locked_by: null,
          locked_until: null,
          finished_at: final ? now : null,
        })
        .where('id', '=', j.id)
        .execute()
    }
  }

  private async runSweepIfDue(s: SweepDef): Promise<boolean> {
    const now = this.deps.clock.now()
    // The conditional UPDATE is the claim: of several instances, exactly one moves next_run_at on.
    // running_until is a lease, so a pass that outlasts its interval is not started twice; a pass
    // whose instance died is taken over when the lease expires.
    const won = await this.deps.db
      .updateTable('sweep')
      .set({
        next_run_at: new Date(now.getTime() + s.intervalMs),
        last_run_at: now,
        last_run_by: this.instanceId,
        running_until: new Date(now.getTime() + this.leaseMs),
        run_count: sql`run_count + 1`,
      })
      .where('name', '=', s.name)
      .where('next_run_at', '<=', now)
      .where((eb) => eb.or([eb('running_until', 'is', null), eb('running_until', '<', now)]))
      .executeTakeFirst()
    if (Number(won.numUpdatedRows) === 0) return false
    let error: string | null = null
    try {
      await s.handler(now)
    } catch (e) {
      this.onError(`sweep ${s.name}`, e)
      error = String((e as Error)?.message ?? e).slice(0, 2000)
    }
    await this.deps.db
      .updateTable('sweep')
      .set({ running_until: null, last_error: error })
      .where('name', '=', s.name)
      .where('last_run_by', '=', this.instanceId)
      .execute()
    return true
  }
}
