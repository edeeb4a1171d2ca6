/**
 * Applications and cases (办件): materials, pre-review, the intake decision, steps, pauses,
 * extensions, decision, completion and delivery, the clock on every case, and the progress query.
 */
import type { Deps, Actor } from '../../server/context.js'
import { systemCtx } from '../../server/context.js'
import type { AppModule } from '../../server/module.js'
import { casesRoutes } from './cases.routes.js'
import * as svc from './cases.service.js'
import { findCase } from './cases.repository.js'

export interface CaseAccess {
  caseId: number
  caseNumber: string
  /** the unit handling it (implementing department / approval office) */
  unitId: number
  applicantUserId: number
  applicantName: string
  /** 'applicant': the actor applied; 'staff': a staff member with the case in scope */
  as: 'applicant' | 'staff'
}

/**
 * Whether the actor may see the case: its applicant, or staff whose grants cover the case's unit
 * (or the window/centre that received it). null when not — answer 404, as if it did not exist.
 */
export async function caseAccess(deps: Deps, actor: Actor | null, caseId: number): Promise<CaseAccess | null> {
  const c = await findCase(deps.db, caseId)
  if (!c) return null
  const as = await svc.accessTo(deps, actor, c)
  if (!as) return null
  return { caseId: c.id, caseNumber: c.number, unitId: c.unit_id, applicantUserId: c.applicant_user_id, applicantName: c.applicant_name, as }
}

export {
  CASE_STATUSES,
  computeClock,
  decideIntake,
  deemedAccepted,
  conditionalLapsed,
  mayRequestCorrection,
  formatCaseNumber,
  maskName,
  maskIdNumber,
  maskPhone,
  type CaseStatus,
  type CaseAction,
  type CaseClock,
  type IntakeRequest,
  type IntakeOutcome,
} from './cases.rules.js'
export {
  createDraft,
  saveForm,
  uploadMaterial,
  reuseMaterial,
  deleteMaterial,
  submit,
  withdraw,
  supplyCorrection,
  prereview,
  fileAtWindow,
  intake,
  completeStep,
  pause,
  resume,
  extend,
  decide,
  complete,
  deliver,
  caseDetail,
  listMine,
  listForStaff,
  progress,
  sweepDeemed,
  sweepConditional,
  sweepPendingDeadlines,
  createSubCase,
  decideSubCase,
  completeSubCase,
  deliverSubCase,
  subCasesOf,
  type SubCaseInput,
  type SubCaseCreated,
  type SubCaseState,
  type CaseDetail,
  type CaseSummary,
  type WindowApplicant,
} from './cases.service.js'
export { CasesErrors } from './cases.errors.js'

export const casesModule: AppModule = {
  name: 'cases',
  routes: casesRoutes,
  jobs(runner, deps) {
    // R10: no one-time notice within config.intakeDeemedDays working days → accepted on the day received
    runner.sweep('cases.intake.deemed', 15 * 60_000, async (now) => {
      await svc.sweepDeemed(deps, systemCtx('sweep:cases.intake.deemed'), now)
    })
    // R11: 容缺 materials not supplied by the due date → the application is withdrawn
    runner.sweep('cases.conditional.lapse', 15 * 60_000, async (now) => {
      await svc.sweepConditional(deps, systemCtx('sweep:cases.conditional.lapse'), now)
    })
    // deadlines that waited for next year's holiday schedule, once an admin has imported it
    runner.sweep('cases.deadlines.fill', 60 * 60_000, async (now) => {
      await svc.sweepPendingDeadlines(deps, systemCtx('sweep:cases.deadlines.fill'), now)
    })
  },
}
