/**
 * The hash chain: each record's hash covers its own fields and the previous record's hash, so an
 * edit or a deletion anywhere breaks every later link. SM3 by default (GB/T 32905, from
 * node:crypto), SHA-256 as a setting; each record names its algorithm, so the setting can change.
 */
import crypto from 'node:crypto'

export const GENESIS_HASH = '0'.repeat(64)

/** JSON with sorted keys: the same value always gives the same text, whatever jsonb did to key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (value instanceof Date) return JSON.stringify(value.toISOString())
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`
  }
  return JSON.stringify(value)
}

export interface ChainFields {
  id: number
  at: Date
  actorId: number | null
  actorName: string
  actorKind: string
  unitId: number | null
  action: string
  targetType: string
  targetId: string | null
  summary: string
  before: unknown
  after: unknown
  ip: string | null
  requestId: string | null
}

export function linkHash(alg: string, prevHash: string, f: ChainFields): string {
  const body = canonicalJson({ ...f, at: f.at.toISOString(), before: f.before ?? null, after: f.after ?? null })
  return crypto.createHash(alg).update(prevHash).update('|').update(body).digest('hex')
}
