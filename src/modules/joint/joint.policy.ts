/**
 * Who may see and do what on a joint case: the applicant, an authorised agent, the general window,
 * the lead department, the departments of its tasks, the project manager, region-wide staff.
 * Pure checks over the actor's grants and the case's units (loaded once per request).
 */
import type { Actor, Deps } from '../../server/context.js'
import { STAFF_ROLES, type Role } from '../../shared/roles.js'
import { unitInScope } from '../org/index.js'
import { activeAuthorisation } from './joint.agents.js'
import * as repo from './joint.repository.js'
import type { JointCaseRow, TaskRow, UnitRow } from './joint.repository.js'

export type AccessAs = 'applicant' | 'agent' | 'staff'

/** How the actor stands to the case: what the service enforces and the DTO's actions show. */
export interface ActorRoles {
  as: AccessAs
  /** the applicant, the authorised agent, or the general window: may edit, submit, supply, withdraw */
  filer: boolean
  window: boolean
  lead: boolean
  /** the tasks whose department the actor belongs to */
  deptTasks: Set<number>
}

/** Who sees joint cases by data scope. Agents (帮办代办员) see their principals' cases only, by authorisation. */
export const SEE_ROLES: Role[] = STAFF_ROLES.filter((r) => !['hotline_operator', 'disclosure_officer', 'trading_staff', 'agent'].includes(r))
export const WINDOW_ROLES: Role[] = ['window_staff', 'centre_admin']
export const LEAD_ROLES: Role[] = ['reviewer', 'approver']
export const DEPT_ROLES: Role[] = ['reviewer', 'approver', 'handling_unit']
export const AGENT_ROLES: Role[] = ['agent', 'window_staff', 'centre_admin']


export interface CaseUnits {
  lead: UnitRow | null
  centre: UnitRow | null
  window: UnitRow | null
  tasks: Map<number, UnitRow>
}

export async function unitsOf(db: Deps['db'], c: JointCaseRow, tasks: TaskRow[]): Promise<CaseUnits> {
  const all = await repo.unitRows(db, [c.lead_unit_id, c.centre_id ?? 0, c.window_id ?? 0, ...tasks.map((t) => t.unit_id)])
  return {
    lead: all.get(c.lead_unit_id) ?? null,
    centre: c.centre_id ? (all.get(c.centre_id) ?? null) : null,
    window: c.window_id ? (all.get(c.window_id) ?? null) : null,
    tasks: new Map(tasks.map((t) => [t.id, all.get(t.unit_id)!])),
  }
}

const regionGrant = (actor: Actor, roles: readonly Role[], regionCode: string) =>
  actor.grants.some((g) => roles.includes(g.role) && g.regionCode !== null && regionCode.startsWith(g.regionCode))

/** The general window: intake roles over the receiving centre (or its windows), the window, or the region. */
export function isWindow(actor: Actor | null, c: JointCaseRow, u: CaseUnits): boolean {
  if (!actor || actor.kind !== 'staff') return false
  if (u.centre && unitInScope(actor, WINDOW_ROLES, u.centre)) return true
  if (u.centre && actor.grants.some((g) => WINDOW_ROLES.includes(g.role) && g.unitPath !== null && g.unitPath.startsWith(u.centre!.path))) return true
  if (u.window && unitInScope(actor, WINDOW_ROLES, u.window)) return true
  return regionGrant(actor, WINDOW_ROLES, c.region_code)
}

export function isLead(actor: Actor | null, u: CaseUnits): boolean {
  return !!actor && actor.kind === 'staff' && !!u.lead && unitInScope(actor, LEAD_ROLES, u.lead)
}

export function deptTaskIds(actor: Actor | null, u: CaseUnits): Set<number> {
  const out = new Set<number>()
  if (!actor || actor.kind !== 'staff') return out
  for (const [taskId, unit] of u.tasks) if (unit && unitInScope(actor, DEPT_ROLES, unit)) out.add(taskId)
  return out
}

async function managerOf(db: Deps['db'], c: JointCaseRow): Promise<number | null> {
  return (await repo.projectRef(db, c.project_id))?.managerUserId ?? null
}

/** An agent follows the principal's cases while an authorisation (scope all, or this project) is active. */
async function isActiveAgent(db: Deps['db'], actor: Actor, c: JointCaseRow, today: string): Promise<boolean> {
  return (await activeAuthorisation(db, { agentUserId: actor.userId, principalUserId: c.applicant_user_id, projectId: c.project_id, today })) !== null
}

export async function resolveAccess(db: Deps['db'], actor: Actor | null, c: JointCaseRow, u: CaseUnits, today: string): Promise<AccessAs | null> {
  if (!actor) return null
  if (actor.kind === 'applicant') return actor.userId === c.applicant_user_id ? 'applicant' : null
  // the system's sweeps act on every case; they hold no role, so they pass no role check
  if (actor.kind === 'system') return 'staff'
  if (await isActiveAgent(db, actor, c, today)) return 'agent'
  const units = [u.lead, u.centre, u.window, ...u.tasks.values()].filter((x): x is UnitRow => !!x)
  if (units.some((unit) => unitInScope(actor, SEE_ROLES, unit))) return 'staff'
  if (u.centre && actor.grants.some((g) => SEE_ROLES.includes(g.role) && g.unitPath !== null && g.unitPath.startsWith(u.centre!.path))) return 'staff'
  if (regionGrant(actor, SEE_ROLES, c.region_code)) return 'staff'
  if ((await managerOf(db, c)) === actor.userId) return 'staff'
  return null
}

export function taskUnitNames(u: CaseUnits): Map<number, string> {
  return new Map([...u.tasks].map(([id, unit]) => [id, unit?.name ?? '']))
}

export function rolesOf(actor: Actor | null, as: AccessAs, c: JointCaseRow, u: CaseUnits): ActorRoles {
  const window = isWindow(actor, c, u)
  return {
    as,
    filer: as === 'applicant' || as === 'agent' || window,
    window,
    lead: isLead(actor, u),
    deptTasks: deptTaskIds(actor, u),
  }
}
