/**
 * Who hears of an alert or an order (R19: the handler and their leader; in-app, SMS through the outbox):
 *  - the handler: the alert's user, else the active step's assignee, else the unit's staff with the step's role;
 *  - the leaders: users granted `approver` on the unit or its department; none → the region's centre admins.
 */
import { sql } from 'kysely'
import type { Trx } from '../../server/context.js'

export interface Person {
  id: number
  name: string
  phone: string | null
}

async function people(db: Trx, ids: number[]): Promise<Person[]> {
  if (ids.length === 0) return []
  const rows = await db
    .selectFrom('user_account')
    .select(['id', 'display_name', 'phone'])
    .where('id', 'in', [...new Set(ids)])
    .where('status', '=', 'active')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ id: Number(r.id), name: r.display_name, phone: r.phone }))
}

export async function handlersOf(db: Trx, a: { user_id: number | null; case_id: number | null; step_id: number | null }): Promise<Person[]> {
  if (a.user_id) return people(db, [Number(a.user_id)])
  const step = a.step_id
    ? await db.selectFrom('case_step').select(['assignee_id', 'role', 'unit_id']).where('id', '=', a.step_id).executeTakeFirst()
    : a.case_id
      ? await db.selectFrom('case_step').select(['assignee_id', 'role', 'unit_id']).where('case_id', '=', a.case_id).where('status', '=', 'active').orderBy('seq').executeTakeFirst()
      : undefined
  if (!step) return []
  if (step.assignee_id) return people(db, [Number(step.assignee_id)])
  const ids = await db.selectFrom('role_grant').select('user_id').where('role', '=', step.role).where('unit_id', '=', step.unit_id).execute()
  return people(db, ids.map((r) => Number(r.user_id)))
}

export async function leadersOf(db: Trx, unitId: number): Promise<Person[]> {
  const u = await db.selectFrom('org_unit').select(['id', 'department_id', 'parent_id', 'region_code']).where('id', '=', unitId).executeTakeFirst()
  if (!u) return []
  const units = [u.id, u.department_id, u.parent_id].filter((x): x is number => x !== null).map(Number)
  const approvers = await db.selectFrom('role_grant').select('user_id').where('role', '=', 'approver').where('unit_id', 'in', units).execute()
  if (approvers.length) return people(db, approvers.map((r) => Number(r.user_id)))
  const admins = await db
    .selectFrom('role_grant as g')
    .leftJoin('org_unit as gu', 'gu.id', 'g.unit_id')
    .select('g.user_id')
    .where('g.role', '=', 'centre_admin')
    .where((eb) =>
      eb.or([
        eb('gu.region_code', '=', u.region_code),
        eb.and([eb('g.region_code', 'is not', null), sql<boolean>`${u.region_code} LIKE g.region_code || '%'`]),
      ]),
    )
    .execute()
  return people(db, admins.map((r) => Number(r.user_id)))
}

/** The unit's staff: everyone granted a role on the unit itself (the 督办 inbox's readers). */
export async function unitStaff(db: Trx, unitId: number): Promise<Person[]> {
  const ids = await db.selectFrom('role_grant').select('user_id').where('unit_id', '=', unitId).execute()
  return people(db, ids.map((r) => Number(r.user_id)))
}

export function dedupePeople(...lists: Person[][]): Person[] {
  const seen = new Map<number, Person>()
  for (const l of lists) for (const p of l) if (!seen.has(p.id)) seen.set(p.id, p)
  return [...seen.values()]
}
