/**
 * Notices to applicants and staff (S7): outbox rows written in the same transaction as the change,
 * delivered later by pluggable senders (in-app, log, SMTP, SMS HTTP gateway) with retries, from
 * Chinese templates the centre can edit (GET/PUT /api/notify/templates).
 */
import type { AppModule } from '../../server/module.js'
import { notifyRoutes } from './notify.routes.js'
import { ensureTemplates, setNotifyLogger } from './notify.service.js'
import { defaultSenders, deliverDue } from './notify.delivery.js'

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
  | 'joint.received'
  | 'joint.correction_requested'
  | 'joint.accepted'
  | 'joint.refused'
  | 'joint.replied'
  | 'joint.completed'
  | 'joint.task_assigned'
  | 'joint.task_deemed'
  | 'joint.meeting_invited'
  | 'supervision.alert'
  | 'supervision.card'
  | 'supervision.digest'
  | 'supervision.order_sent'
  | 'supervision.order_replied'
  | 'supervision.order_escalated'
  | 'evaluation.invited'
  | 'evaluation.rectification_assigned'
  | 'evaluation.rectified'
  | 'evaluation.appeal_decided'

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

/**
 * notify(tx, input): queues the notice on every channel the recipient has (userId → in-app, phone →
 * SMS, email → e-mail; none of them → the log), rendered now from the event's template, inside the
 * caller's transaction. Template values: see PLACEHOLDERS (name and date are filled in unless given);
 * a value not given renders as empty and is logged.
 * notifyMany(tx, inputs): the same for many notices (templates read once, one INSERT per 2,000 rows).
 */
export { notify, notifyMany, setNotifyLogger } from './notify.service.js'
export { EVENT_NAMES as NOTICE_EVENT_NAMES, NOTICE_EVENTS, PLACEHOLDERS as NOTICE_PLACEHOLDERS, renderTemplate } from './notify.templates.js'
export { deliverDue, defaultSenders, httpSmsSender, logSender, mailSender, type DeliverResult, type OutboxMessage, type Sender, type Senders } from './notify.delivery.js'
export { NotifyErrors } from './notify.errors.js'
export type { NoticeChannel, OutboxStatus } from './notify.tables.js'

/** How often the outbox is swept for due notices. */
export const OUTBOX_SWEEP_MS = 3000

export const notifyModule: AppModule = {
  name: 'notify',
  routes: notifyRoutes,
  bootstrap: (deps) => ensureTemplates(deps),
  jobs(runner, deps, log) {
    setNotifyLogger(log)
    const senders = defaultSenders(deps, log)
    runner.sweep('notify.outbox.deliver', OUTBOX_SWEEP_MS, async () => {
      await deliverDue(deps, { senders, instanceId: runner.instanceId, log })
    })
  },
}
