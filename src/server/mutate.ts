/**
 * Every mutation runs here: one transaction, and the audit record written in it (Outline's
 * createWithCtx). A mutation that writes no audit record is refused: the trail cannot be forgotten.
 */
import { appendRecord, type AuditEntry } from '../modules/audit/index.js'
import type { Ctx, Deps, Trx } from './context.js'

export interface Tx {
  db: Trx
  ctx: Ctx
  deps: Deps
  /** the transaction's "now", from the injectable clock */
  now: Date
  audit(entry: AuditEntry): Promise<void>
}

export async function mutate<T>(deps: Deps, ctx: Ctx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return deps.db.transaction().execute(async (trx) => {
    let audited = 0
    const now = deps.clock.now()
    const tx: Tx = {
      db: trx,
      ctx,
      deps,
      now,
      async audit(entry) {
        await appendRecord(trx, ctx, entry, now, deps.config.auditHash)
        audited++
      },
    }
    const result = await fn(tx)
    if (audited === 0) throw new Error('mutation committed no audit record (every action must be recorded)')
    return result
  })
}
