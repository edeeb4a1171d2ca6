/**
 * Every mutation runs here: one transaction, and the audit record written in it (Outline's
 * createWithCtx). A mutation that writes no audit record is refused: the trail cannot be forgotten.
 *
 * The records go on the hash chain at the end of the transaction, in the order they were given.
 * Appending locks the chain head row until commit, and every mutation of the platform needs that
 * lock: taken at the first tx.audit(), it was held through whatever the mutation did next (an
 * accept at intake renders its notice PDF, ~50 ms, after its first record), so concurrent
 * mutations queued behind that work. Appended last, the lock is held for the inserts and the commit
 * only (bench/intake.bench.ts).
 */
import { appendRecord, canonicalJson, type AuditEntry } from '../modules/audit/index.js'
import type { Ctx, Deps, Trx } from './context.js'

export interface Tx {
  db: Trx
  ctx: Ctx
  deps: Deps
  /** the transaction's "now", from the injectable clock */
  now: Date
  /** records an audit entry (as it is now); it is written to the chain before the commit */
  audit(entry: AuditEntry): Promise<void>
}

export async function mutate<T>(deps: Deps, ctx: Ctx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return deps.db.transaction().execute(async (trx) => {
    const entries: AuditEntry[] = []
    const now = deps.clock.now()
    const tx: Tx = {
      db: trx,
      ctx,
      deps,
      now,
      async audit(entry) {
        // a snapshot, as the record will hold it: the caller may go on changing the objects it passed
        const snap = (v: unknown) => (v === undefined ? undefined : JSON.parse(canonicalJson(v)))
        entries.push({ ...entry, before: snap(entry.before), after: snap(entry.after) })
      },
    }
    const result = await fn(tx)
    if (entries.length === 0) throw new Error('mutation committed no audit record (every action must be recorded)')
    for (const entry of entries) await appendRecord(trx, ctx, entry, now, deps.config.auditHash)
    return result
  })
}
