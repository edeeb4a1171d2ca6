/**
 * Notices to applicants and staff (S7): outbox rows written in the same transaction as the change,
 * delivered later by pluggable senders (in-app, log, SMTP, SMS HTTP gateway) with retries, from
 * Chinese templates the centre can edit.   [CONTRACT — the notify owner implements; keep the signatures]
 */
import type { Tx } from '../../server/mutate.js'
import type { AppModule } from '../../server/module.js'

export type NoticeEvent =
  | 'case.submitted'
  | 'case.prereview_returned'
  | 'case.received'
  | 'case.accepted'
  | 'case.refused'
  | 'case.correction_requested'
  | 'case.conditionally_accepted'
  | 'case.paused'
  | 'case.resumed'
  | 'case.extended'
  | 'case.decided'
  | 'case.completed'
  | 'case.withdrawn'
  | 'case.fee_due'

export interface NoticeInput {
  event: NoticeEvent
  /** in-app message to this account */
  userId?: number | null
  phone?: string | null
  email?: string | null
  /** the person addressed */
  name: string
  /** template values: caseNumber, itemName, unitName, date, nextStep, reason, … */
  data: Record<string, string | number>
  caseId?: number | null
}

/** Queues the notice on every channel the recipient has, inside the caller's transaction. */
export async function notify(_tx: Tx, _input: NoticeInput): Promise<void> {
  throw new Error('notify.notify: not implemented yet')
}

export const notifyModule: AppModule = { name: 'notify' }
