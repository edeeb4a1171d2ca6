/**
 * Pure rules of parallel approval: R17 reply normalisation, the union of materials, green-channel
 * limits, lights. Table-tested in joint.rules.test.ts. [CONTRACT: signatures fixed; core owner implements]
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

/**
 * R17: a co-department's reply must be 同意 / 不同意 / 同意但需转报 (or agree / disagree / agree_forward).
 * Anything else, or 不同意 without reasons, counts as 同意 (deemedKind 'irregular_reply').
 * Traditional characters are accepted (同意但需轉報, 不同意). 同意但需转报 needs forwardTo (the upper authority).
 */
export function normaliseReply(raw: string, reasons?: string | null, forwardTo?: string | null): NormalisedReply {
  throw new Error('not implemented')
}

/** The union of several items' materials by key: a material submitted once serves every item that needs it. */
export function unionMaterials(items: { itemId: number; guide: ItemGuide }[]): UnionMaterialDto[] {
  throw new Error('not implemented')
}

/** Green channel: a limit cut by cutPercent, rounded up, at least 1 working day (0 stays 0). */
export function greenLimit(days: number, cutPercent: number): number {
  throw new Error('not implemented')
}

/** Light of a pending task: red when today is past due, yellow when ≤ yellowDays working days are left, else green. */
export function taskLight(daysLeft: number | null, yellowDays = 1): 'green' | 'yellow' | 'red' | null {
  throw new Error('not implemented')
}
