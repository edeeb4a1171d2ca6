/**
 * The cases use cases, one file per part of a case's life; routes and index.ts import them from here.
 *   cases.internals.ts  roles, access and scope, locking, the per-transaction calendar, shared helpers
 *   cases.apply.ts      drafts, forms, materials, submission, withdrawal, correction, pre-review, window filing
 *   cases.intake.ts     the intake decision and acceptance (clock, steps, fees)
 *   cases.handling.ts   steps, pauses, extensions, decision, completion, delivery
 *   cases.sweeps.ts     deemed acceptance, lapsed 容缺, pending deadlines
 *   cases.queries.ts    detail, lists, timeline, clock explanation, files, progress, certificates
 *   cases.subcases.ts   sub-cases of a joint case (called by the joint module inside its transaction)
 */
export { EXTENSION_LIMITS, DEFAULT_EXTENSION_LIMIT, staffInScope, accessTo, loadVisible } from './cases.internals.js'
export * from './cases.apply.js'
export { intake } from './cases.intake.js'
export { completeStep, pause, resume, extend, decide, complete, deliver } from './cases.handling.js'
export * from './cases.sweeps.js'
export * from './cases.queries.js'
export * from './cases.subcases.js'
