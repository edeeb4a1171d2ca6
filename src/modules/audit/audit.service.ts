import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { AuditHash } from '../../server/config.js'
import type { Ctx, Trx } from '../../server/context.js'
import { canonicalJson, GENESIS_HASH, linkHash, type ChainFields } from './audit.chain.js'
import * as repo from './audit.repository.js'

export interface AuditEntry {
  /** dotted verb, module first: 'calendar.override.create', 'auth.login', 'org.unit.update' */
  action: string
  targetType: string
  targetId?: string | number | null
  /** the unit the change belongs to (for scoped browsing); defaults to the actor's unit */
  unitId?: number | null
  /** a one-line human summary in Chinese */
  summary?: string
  before?: unknown
  after?: unknown
}

const ALG: Record<AuditHash, string> = { sm3: 'sm3', sha256: 'sha256' }

function maskUsername(u: string): string {
  return u.length > 8 ? `${u.slice(0, 4)}${'*'.repeat(u.length - 8)}${u.slice(-4)}` : u
}

/** Appends one record to the chain inside the caller's transaction (Outline's createWithCtx). */
export async function appendRecord(trx: Trx, ctx: Ctx, entry: AuditEntry, at: Date, hash: AuditHash): Promise<number> {
  const headRow = await repo.lockHead(trx)
  const id = await repo.nextId(trx)
  const actor = ctx.actor
  const fields: ChainFields = {
    id,
    at,
    actorId: actor && actor.kind !== 'system' ? actor.userId : null,
    // applicants log in with their ID number or credit code: the trail names them without it
    actorName: actor ? `${actor.displayName}(${actor.kind === 'applicant' ? maskUsername(actor.username) : actor.username})` : '匿名',
    actorKind: actor?.kind ?? 'anonymous',
    unitId: entry.unitId !== undefined ? entry.unitId : (actor?.unitId ?? null),
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId === undefined || entry.targetId === null ? null : String(entry.targetId),
    summary: entry.summary ?? '',
    before: entry.before === undefined ? null : JSON.parse(canonicalJson(entry.before)),
    after: entry.after === undefined ? null : JSON.parse(canonicalJson(entry.after)),
    ip: ctx.ip,
    requestId: ctx.requestId,
  }
  const alg = ALG[hash]
  const h = linkHash(alg, headRow.last_hash, fields)
  await repo.insertRecord(trx, {
    id,
    at,
    actor_id: fields.actorId,
    actor_name: fields.actorName,
    actor_kind: fields.actorKind,
    unit_id: fields.unitId,
    action: fields.action,
    target_type: fields.targetType,
    target_id: fields.targetId,
    summary: fields.summary,
    before: fields.before === null ? null : canonicalJson(fields.before),
    after: fields.after === null ? null : canonicalJson(fields.after),
    ip: fields.ip,
    request_id: fields.requestId,
    hash_alg: alg,
    prev_hash: headRow.last_hash,
    hash: h,
  })
  await repo.setHead(trx, id, h)
  return id
}

export interface VerifyResult {
  ok: boolean
  checked: number
  lastId: number
  /** the first record whose link does not hold, and why */
  firstBroken: { id: number; reason: 'modified' | 'predecessor_missing_or_modified' | 'tail_deleted' } | null
}

/** Walks the chain from the start and reports the first broken link. */
export async function verifyChain(db: Kysely<DB>, batch = 2000): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH
  let lastId = 0
  let checked = 0
  for (;;) {
    const rows = await repo.chainBatch(db, lastId, batch)
    for (const r of rows) {
      checked++
      if (r.prev_hash !== prevHash) {
        return { ok: false, checked, lastId: r.id, firstBroken: { id: r.id, reason: 'predecessor_missing_or_modified' } }
      }
      const expect = linkHash(r.hash_alg, r.prev_hash, {
        id: r.id,
        at: new Date(r.at),
        actorId: r.actor_id === null ? null : Number(r.actor_id),
        actorName: r.actor_name,
        actorKind: r.actor_kind,
        unitId: r.unit_id === null ? null : Number(r.unit_id),
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        summary: r.summary,
        before: r.before,
        after: r.after,
        ip: r.ip,
        requestId: r.request_id,
      })
      if (expect !== r.hash) return { ok: false, checked, lastId: r.id, firstBroken: { id: r.id, reason: 'modified' } }
      prevHash = r.hash
      lastId = r.id
    }
    if (rows.length < batch) break
  }
  const h = await repo.head(db)
  if (Number(h.last_id) !== lastId || h.last_hash !== prevHash) {
    return { ok: false, checked, lastId, firstBroken: { id: lastId + 1, reason: 'tail_deleted' } }
  }
  return { ok: true, checked, lastId, firstBroken: null }
}

export interface TrailEntry {
  at: string
  action: string
  actorName: string
  summary: string
}

/** What happened to one target, oldest first, for timelines shown to those allowed to see the target. */
export async function trailOf(db: Kysely<DB>, targetType: string, targetId: string | number): Promise<TrailEntry[]> {
  const rows = await repo.trailOf(db, targetType, String(targetId))
  return rows.map((r) => ({ at: new Date(r.at).toISOString(), action: r.action, actorName: r.actor_name, summary: r.summary }))
}
