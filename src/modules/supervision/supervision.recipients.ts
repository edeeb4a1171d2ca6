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

/** The subject of an alert for finding its handler (see handlersOf). */
export interface HandlerKey {
  user_id: number | null
  case_id: number | null
  step_id: number | null
}

/**
 * handlersOf for a whole batch in ONE query (a pass raising thousands of alerts): element i of the
 * result is handlersOf(alerts[i]), the same people in the same order (by id).
 */
export async function handlersOfMany(db: Trx, alerts: HandlerKey[]): Promise<Person[][]> {
  const out: Person[][] = alerts.map(() => [])
  if (alerts.length === 0) return out
  const num = (x: number | null) => (x === null || x === undefined ? null : Number(x))
  const rows = await sql<{ idx: number; id: number; display_name: string; phone: string | null }>`
    WITH a AS (SELECT * FROM unnest(${alerts.map((_, i) => i)}::int[], ${alerts.map((a) => num(a.user_id))}::bigint[],
                                    ${alerts.map((a) => num(a.case_id))}::bigint[], ${alerts.map((a) => num(a.step_id))}::bigint[]) AS a(idx, user_id, case_id, step_id)),
    -- no user on the alert: its step (by id), else the case's first active step
    st AS (SELECT a.idx, coalesce(s1.assignee_id, s2.assignee_id) AS assignee_id, coalesce(s1.role, s2.role) AS role, coalesce(s1.unit_id, s2.unit_id) AS unit_id,
                  (s1.id IS NOT NULL OR s2.id IS NOT NULL) AS found
             FROM a
             LEFT JOIN case_step s1 ON a.step_id IS NOT NULL AND s1.id = a.step_id
             LEFT JOIN LATERAL (SELECT s.id, s.assignee_id, s.role, s.unit_id FROM case_step s
                                 WHERE a.step_id IS NULL AND s.case_id = a.case_id AND s.status = 'active' ORDER BY s.seq LIMIT 1) s2 ON true
            WHERE a.user_id IS NULL),
    who AS (SELECT idx, user_id FROM a WHERE user_id IS NOT NULL
            UNION ALL SELECT idx, assignee_id FROM st WHERE found AND assignee_id IS NOT NULL
            UNION ALL SELECT st.idx, g.user_id FROM st JOIN role_grant g ON g.role = st.role AND g.unit_id = st.unit_id WHERE st.found AND st.assignee_id IS NULL)
    SELECT DISTINCT w.idx, u.id, u.display_name, u.phone
      FROM who w JOIN user_account u ON u.id = w.user_id AND u.status = 'active'
     ORDER BY w.idx, u.id`.execute(db)
  for (const r of rows.rows) out[Number(r.idx)]!.push({ id: Number(r.id), name: r.display_name, phone: r.phone })
  return out
}

/**
 * leadersOf for every unit of a batch in ONE query: approvers granted on the unit, its department
 * or its parent (if any such grant exists, only those, active or not, as leadersOf); else the centre
 * admins of the unit's region. Keyed by unit id; each list ordered by user id.
 */
export async function leadersOfMany(db: Trx, unitIds: number[]): Promise<Map<number, Person[]>> {
  const ids = [...new Set(unitIds.map(Number))]
  const out = new Map<number, Person[]>(ids.map((id) => [id, []]))
  if (ids.length === 0) return out
  const rows = await sql<{ unit_id: number; id: number; display_name: string; phone: string | null }>`
    WITH u AS (SELECT id, department_id, parent_id, region_code FROM org_unit WHERE id = ANY(${ids}::bigint[])),
    ap AS (SELECT u.id AS unit_id, g.user_id FROM u JOIN role_grant g ON g.role = 'approver' AND g.unit_id IN (u.id, u.department_id, u.parent_id)),
    ad AS (SELECT u.id AS unit_id, g.user_id FROM u JOIN role_grant g ON g.role = 'centre_admin' LEFT JOIN org_unit gu ON gu.id = g.unit_id
            WHERE NOT EXISTS (SELECT 1 FROM ap WHERE ap.unit_id = u.id)
              AND (gu.region_code = u.region_code OR (g.region_code IS NOT NULL AND u.region_code LIKE g.region_code || '%')))
    SELECT DISTINCT x.unit_id, p.id, p.display_name, p.phone
      FROM (SELECT * FROM ap UNION ALL SELECT * FROM ad) x JOIN user_account p ON p.id = x.user_id AND p.status = 'active'
     ORDER BY x.unit_id, p.id`.execute(db)
  for (const r of rows.rows) out.get(Number(r.unit_id))!.push({ id: Number(r.id), name: r.display_name, phone: r.phone })
  return out
}
