/**
 * Pure rules of parallel approval: R17 reply normalisation, the union of materials, green-channel
 * limits, lights. Table-tested in joint.rules.test.ts.
 */
import type { ItemGuide } from '../catalog/catalog.types.js'
import type { DeemedKind, ReplyKind, UnionMaterialDto } from './joint.types.js'

export interface NormalisedReply {
  reply: ReplyKind
  /** set when R17 turns the reply into 同意 (any other reply, or 不同意 without reasons) */
  deemedKind: DeemedKind | null
  reasons: string | null
  forwardTo: string | null
}

/** The accepted spellings of each reply (Simplified, Traditional, English), compared after trimming. */
const REPLY_SPELLINGS: Record<ReplyKind, readonly string[]> = {
  agree: ['同意', 'agree'],
  disagree: ['不同意', 'disagree'],
  agree_forward: ['同意但需转报', '同意但需轉報', 'agree_forward'],
}

function blankToNull(s: string | null | undefined): string | null {
  const t = s?.trim()
  return t ? t : null
}

function replyKindOf(raw: string): ReplyKind | null {
  const text = raw.trim().replace(/[。．.！!]$/u, '').toLowerCase()
  for (const kind of Object.keys(REPLY_SPELLINGS) as ReplyKind[]) {
    if (REPLY_SPELLINGS[kind].includes(text)) return kind
  }
  return null
}

/**
 * R17: a co-department's reply must be 同意 / 不同意 / 同意但需转报 (or agree / disagree / agree_forward).
 * Anything else, or 不同意 without reasons, counts as 同意 (deemedKind 'irregular_reply').
 * Traditional characters are accepted (同意但需轉報, 不同意). 同意但需转报 needs forwardTo (the upper authority).
 */
export function normaliseReply(raw: string, reasons?: string | null, forwardTo?: string | null): NormalisedReply {
  const kind = replyKindOf(raw)
  const why = blankToNull(reasons)
  const irregular: NormalisedReply = { reply: 'agree', deemedKind: 'irregular_reply', reasons: why, forwardTo: null }
  switch (kind) {
    case 'agree':
      return { reply: 'agree', deemedKind: null, reasons: why, forwardTo: null }
    case 'disagree':
      return why ? { reply: 'disagree', deemedKind: null, reasons: why, forwardTo: null } : irregular
    case 'agree_forward':
      return { reply: 'agree_forward', deemedKind: null, reasons: why, forwardTo: blankToNull(forwardTo) }
    default:
      return irregular
  }
}

const REQUIREMENT_RANK = { optional: 0, conditional: 1, required: 2 } as const

/** The union of several items' materials by key: a material submitted once serves every item that needs it. */
export function unionMaterials(items: { itemId: number; guide: ItemGuide }[]): UnionMaterialDto[] {
  const byKey = new Map<string, UnionMaterialDto>()
  for (const { itemId, guide } of items) {
    for (const m of guide.materials) {
      const seen = byKey.get(m.key)
      if (!seen) {
        byKey.set(m.key, { key: m.key, name: m.name, requirement: m.requirement, usedBy: [itemId], eCertificateType: m.eCertificateType ?? null })
        continue
      }
      if (!seen.usedBy.includes(itemId)) seen.usedBy.push(itemId)
      if (REQUIREMENT_RANK[m.requirement] > REQUIREMENT_RANK[seen.requirement]) seen.requirement = m.requirement
      seen.eCertificateType ??= m.eCertificateType ?? null
    }
  }
  return [...byKey.values()]
}

/** Green channel: a limit cut by cutPercent, rounded up, at least 1 working day (0 stays 0). */
export function greenLimit(days: number, cutPercent: number): number {
  if (days <= 0) return 0
  const pct = Math.min(100, Math.max(0, cutPercent))
  return Math.max(1, Math.ceil((days * (100 - pct)) / 100))
}

/** Light of a pending task: red when today is past due, yellow when ≤ yellowDays working days are left, else green. */
export function taskLight(daysLeft: number | null, yellowDays = 1): 'green' | 'yellow' | 'red' | null {
  if (daysLeft === null) return null
  if (daysLeft < 0) return 'red'
  if (daysLeft <= yellowDays) return 'yellow'
  return 'green'
}
