/**
 * Reads the "world" the history generator draws from: a region's published items (current version:
 * limits, steps, instant flag, channels), its windows and the centre each belongs to, and the staff
 * who hold each step's role over each unit. A handful of set-based queries, whatever the city's size.
 */
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { ItemGuide } from '../modules/catalog/index.js'
import type { HistoryWorld, WorldItem, WorldStaff, WorldWindow } from './history.js'

type Db = Kysely<DB>

/** The construction departments (发展改革, 自然资源和规划, 住房城乡建设) by their names. */
const CONSTRUCTION = /发展和改革|自然资源|住房和城乡建设/

export async function loadHistoryWorld(db: Db, regionCode: string, applicantUserIds: HistoryWorld['applicantUserIds']): Promise<HistoryWorld> {
  const units = (
    await db
      .selectFrom('org_unit')
      .select(['id', 'kind', 'subtype', 'name', 'path', 'region_code', 'parent_id', 'department_id', 'status', 'sort'])
      .where('region_code', 'like', `${regionCode}%`)
      .where('status', '=', 'active')
      .execute()
  ).map((u) => ({ ...u, id: Number(u.id), parent_id: u.parent_id === null ? null : Number(u.parent_id), department_id: u.department_id === null ? null : Number(u.department_id) }))
  const byId = new Map(units.map((u) => [u.id, u]))
  const centreOf = (path: string): number | null => {
    const ids = path.split('/').filter(Boolean).map(Number).reverse()
    for (const id of ids) if (byId.get(id)?.kind === 'centre') return id
    return null
  }
  const officeOf = new Map<number, number>()
  for (const u of [...units].sort((a, b) => a.sort - b.sort || a.id - b.id)) {
    if (u.kind === 'approval_office' && u.parent_id !== null && !officeOf.has(u.parent_id)) officeOf.set(u.parent_id, u.id)
  }

  // items implemented by the region's departments, with their current published guide
  const rows = await sql<{ id: number; version_id: number; guide: ItemGuide | string; dept: number }>`
    select i.id, v.id as version_id, v.guide, i.department_id as dept
    from item i join item_version v on v.id = i.current_version_id
    join org_unit d on d.id = i.department_id
    where i.status = 'published' and d.region_code like ${regionCode + '%'}
    order by i.id`.execute(db)
  const items: WorldItem[] = rows.rows.map((r) => {
    const g = (typeof r.guide === 'string' ? JSON.parse(r.guide) : r.guide) as ItemGuide
    const dept = byId.get(Number(r.dept))
    const unitId = officeOf.get(Number(r.dept)) ?? Number(r.dept)
    return {
      id: Number(r.id),
      versionId: Number(r.version_id),
      name: g.name,
      unitId,
      departmentId: Number(r.dept),
      regionCode: byId.get(unitId)?.region_code ?? dept?.region_code ?? regionCode,
      instant: g.instant,
      legalDays: g.legalLimitDays,
      promisedDays: g.promisedLimitDays,
      steps: g.steps.map((s) => ({ key: s.key, name: s.name, role: s.role, limitDays: s.limitDays })),
      pausesAllowed: [...g.pausesAllowed],
      audiences: g.audiences.filter((a): a is 'person' | 'enterprise' => a === 'person' || a === 'enterprise'),
      channels: [...g.channels],
    }
  }).filter((i) => i.audiences.length > 0 && i.steps.length > 0)

  // windows where the cases are received (not result-only windows)
  const windows: WorldWindow[] = units
    .filter((u) => u.kind === 'window' && !/出件/.test(u.name))
    .map((u): WorldWindow => ({
      id: u.id,
      centreId: centreOf(u.path),
      departmentId: u.department_id,
      serves: u.department_id !== null ? null : /企业/.test(u.name) ? 'enterprise' : /工程建设/.test(u.name) ? 'construction' : /不动产/.test(u.name) ? 'realestate' : /社会事务/.test(u.name) ? 'person' : null,
    }))
    // city-level items are received in the city's own halls: windows of the region itself
    .filter((w) => byId.get(w.id)?.region_code === regionCode)

  // staff: role grants over a unit cover the unit's subtree; region grants are too wide to pick from
  const grants = await sql<{ user_id: number; display_name: string; username: string; role: string; path: string }>`
    select g.user_id, a.display_name, a.username, g.role, u.path
    from role_grant g join user_account a on a.id = g.user_id join org_unit u on u.id = g.unit_id
    where a.kind = 'staff' and a.status = 'active' and u.region_code like ${regionCode + '%'}
    order by g.user_id, g.id`.execute(db)
  const staff: Record<string, WorldStaff[]> = {}
  const stepUnits = new Set<number>([...items.map((i) => i.unitId), ...windows.map((w) => w.id), ...windows.map((w) => w.centreId).filter((c): c is number => c !== null)])
  for (const g of grants.rows) {
    for (const unitId of stepUnits) {
      const u = byId.get(unitId)
      if (!u || !u.path.startsWith(g.path)) continue
      const key = `${g.role}:${unitId}`
      const list = (staff[key] ??= [])
      if (!list.some((s) => s.id === Number(g.user_id))) list.push({ id: Number(g.user_id), name: g.display_name, username: g.username })
    }
  }
  // a centre's own window staff receive online applications and complete cases for it
  for (const w of windows) {
    if (w.centreId === null) continue
    const list = (staff[`window_staff:${w.centreId}`] ??= [])
    for (const s of staff[`window_staff:${w.id}`] ?? []) if (!list.some((x) => x.id === s.id)) list.push(s)
  }
  const cityCentre = units.filter((u) => u.kind === 'centre' && u.region_code === regionCode).sort((a, b) => a.path.length - b.path.length || a.id - b.id)[0]
  return {
    onlineCentreId: cityCentre?.id ?? null,
    items,
    windows,
    staff,
    applicantUserIds,
    constructionDepartmentIds: units.filter((u) => u.kind === 'department' && CONSTRUCTION.test(u.name)).map((u) => u.id),
  }
}
