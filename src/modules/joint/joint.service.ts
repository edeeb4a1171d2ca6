/**
 * Joint cases: one application for several items, received once, pre-checked by every department,
 * one merged correction notice, accepted and split into sub-cases, replies (R17), deemed approvals
 * (R16), joint meetings, central reply, one delivery. [CONTRACT: core helper implements]
 */
import type { Actor, Ctx, Deps } from '../../server/context.js'
import type { JointCaseDto } from './joint.types.js'

export interface JointCaseAccess {
  jointCaseId: number
  /** applicant: the applicant; agent: an authorised agent; staff: staff with the lead unit, a task unit, or the receiving centre/window in scope (or the project manager) */
  as: 'applicant' | 'agent' | 'staff'
}

/** null when the actor may not see it (answer 404). */
export async function jointCaseAccess(deps: Deps, actor: Actor | null, jointCaseId: number): Promise<JointCaseAccess | null> {
  throw new Error('not implemented')
}

export async function jointCaseDetail(deps: Deps, actor: Actor | null, jointCaseId: number): Promise<JointCaseDto> {
  throw new Error('not implemented')
}

/** R16 超时默许: pending tasks whose due date has passed are deemed to agree. Returns how many. */
export async function sweepTimeouts(deps: Deps, ctx: Ctx, now: Date): Promise<number> {
  throw new Error('not implemented')
}
