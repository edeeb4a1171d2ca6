/** Reading the console: lights of open cases, counts, the unit tree, alerts. Scoped by supervision.scope.ts. */
import { sql, type RawBuilder } from 'kysely'
import type { Actor, Deps } from '../../server/context.js'
import { toShanghaiDate } from '../calendar/index.js'
import { CASE_STATUSES } from '../cases/index.js'
import { buildPass, thresholdsTable, type Pass } from './supervision.thresholds.js'
import { supScope, unitVisible } from './supervision.scope.js'
import { ALERT_KINDS, type AlertDto, type AlertKind, type LightCounts, type LightedCase, type UnitTreeNode } from './supervision.types.js'
import { SupervisionErrors } from './supervision.errors.js'

type B = RawBuilder<boolean>
const and = (xs: B[]) => (xs.length ? sql<boolean>`(${sql.join(xs, sql` AND `)})` : sql<boolean>`true`)

function lightExpr(p: Pass, due: string) {
  const d = sql.ref(due)
  return sql<string | null>`CASE WHEN ${d} IS NULL THEN NULL WHEN ${d} < ${p.today}::text THEN 'red' WHEN ${d} <= th.warn_date THEN 'yellow' ELSE 'green' END`
}

/** Light counts of open cases (and open alerts by level) over the units matching `unitWhere`. */
async function counts(deps: Deps, p: Pass, unitWhere: B): Promise<LightCounts> {
  const r = await sql<{ light: string | null; n: number }>`
    SELECT CASE WHEN c.status = 'paused' THEN NULL ELSE ${lightExpr(p, 'c.promised_due')} END AS light, count(*)::int AS n
      FROM "case" c JOIN org_unit u ON u.id = c.unit_id LEFT JOIN ${thresholdsTable(p)} ON th.region_code = c.region_code
     WHERE c.status IN ('accepted', 'paused') AND ${unitWhere} GROUP BY 1`.execute(deps.db)
  const a = await sql<{ level: string; n: number }>`
    SELECT a.level, count(*)::int AS n FROM supervision_alert a JOIN org_unit u ON u.id = a.unit_id WHERE a.status = 'open' AND ${unitWhere} GROUP BY 1`.execute(deps.db)
  const get = (l: string) => r.rows.find((x) => x.light === l)?.n ?? 0
  const lv = (l: string) => a.rows.find((x) => x.level === l)?.n ?? 0
  return { green: get('green'), yellow: get('yellow'), red: get('red'), prompts: lv('prompt'), yellowCards: lv('yellow'), redCards: lv('red') }
}

/** For the lobby screen and others: counts over a region (all when omitted). */
export async function lightCounts(deps: Deps, regionCode?: string): Promise<LightCounts> {
  const p = await buildPass(deps, deps.clock.now())
  return counts(deps, p, regionCode ? sql<boolean>`u.region_code LIKE ${regionCode + '%'}` : sql<boolean>`true`)
}

export interface LightsQuery {
  unitId?: number
  light?: 'green' | 'yellow' | 'red'
  q?: string
  page?: number
  pageSize?: number
}

export async function listLights(deps: Deps, actor: Actor | null, q: LightsQuery): Promise<{ counts: LightCounts; items: LightedCase[]; total: number }> {
  const s = await supScope(deps, actor)
  const p = await buildPass(deps, deps.clock.now())
  const conds: B[] = [unitVisible(s, 'u')]
  if (q.unitId) conds.push(sql<boolean>`u.path LIKE (SELECT x.path FROM org_unit x WHERE x.id = ${q.unitId}) || '%'`)
  const scopeWhere = and(conds)
  const filters = [...conds]
  if (q.q?.trim()) {
    const like = `%${q.q.trim().replace(/[\\%_]/g, (m) => '\\' + m)}%`
    filters.push(sql<boolean>`(c.number ILIKE ${like} OR i.name ILIKE ${like} OR c.applicant_name ILIKE ${like})`)
  }
  const light = sql<string | null>`CASE WHEN c.status = 'paused' THEN NULL ELSE ${lightExpr(p, 'c.promised_due')} END`
  if (q.light) filters.push(sql<boolean>`${light} = ${q.light}`)
  const from = sql`FROM "case" c JOIN org_unit u ON u.id = c.unit_id JOIN item i ON i.id = c.item_id LEFT JOIN ${thresholdsTable(p)} ON th.region_code = c.region_code`
  const where = sql`WHERE c.status IN ('accepted', 'paused') AND ${and(filters)}`
  const total = Number((await sql<{ n: number }>`SELECT count(*)::int AS n ${from} ${where}`.execute(deps.db)).rows[0]?.n ?? 0)
  const page = q.page ?? 1
  const pageSize = q.pageSize ?? 20
  const rows = await sql<Record<string, any>>`
    SELECT c.id, c.number, i.name AS item_name, c.unit_id, u.name AS unit_name, c.status, c.channel, c.accepted_at, c.promised_due, c.green_channel, c.region_code,
           ${light} AS light, st.name AS step_name, st.assignee_name, st.due AS step_due,
           CASE WHEN c.status = 'paused' THEN NULL ELSE ${lightExpr(p, 'st.due')} END AS step_light,
           (SELECT count(*)::int FROM supervision_alert a WHERE a.case_id = c.id AND a.status = 'open') AS open_alerts
      ${from}
      LEFT JOIN LATERAL (SELECT s.name, s.assignee_name, s.due FROM case_step s WHERE s.case_id = c.id AND s.status = 'active' ORDER BY s.seq LIMIT 1) st ON true
      ${where}
     ORDER BY CASE ${light} WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 WHEN 'green' THEN 2 ELSE 3 END, c.green_channel DESC, c.promised_due NULLS LAST, c.id
     LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(deps.db)
  const items: LightedCase[] = rows.rows.map((r) => {
    const cal = p.byRegion.get(r.region_code)?.cal
    let daysLeft: number | null = null
    if (r.status === 'accepted' && r.promised_due && cal) {
      try {
        daysLeft = cal.workdaysBetween(p.today, r.promised_due)
      } catch {
        daysLeft = null
      }
    }
    return {
      caseId: Number(r.id),
      number: r.number,
      itemName: r.item_name,
      unitId: Number(r.unit_id),
      unitName: r.unit_name,
      status: r.status,
      statusName: CASE_STATUSES[r.status as keyof typeof CASE_STATUSES] ?? r.status,
      channel: r.channel,
      acceptedAt: r.accepted_at ? new Date(r.accepted_at).toISOString() : null,
      promisedDue: r.promised_due,
      daysLeft,
      light: r.light,
      paused: r.status === 'paused',
      greenChannel: !!r.green_channel,
      stepName: r.step_name ?? null,
      stepAssignee: r.assignee_name ?? null,
      stepDue: r.step_due ?? null,
      stepLight: r.step_light ?? null,
      openAlerts: Number(r.open_alerts),
    }
  })
  return { counts: await counts(deps, p, scopeWhere), items, total }
}

export async function unitTree(deps: Deps, actor: Actor | null): Promise<UnitTreeNode[]> {
  const s = await supScope(deps, actor)
  const p = await buildPass(deps, deps.clock.now())
  const units = await sql<{ id: number; name: string; kind: string; parent_id: number | null; department_id: number | null }>`
    SELECT u.id, u.name, u.kind, u.parent_id, u.department_id FROM org_unit u WHERE u.status = 'active' AND ${unitVisible(s, 'u')} ORDER BY u.sort, u.id`.execute(deps.db)
  const lights = await sql<{ unit_id: number; light: string | null; n: number }>`
    SELECT c.unit_id, CASE WHEN c.status = 'paused' THEN NULL ELSE ${lightExpr(p, 'c.promised_due')} END AS light, count(*)::int AS n
      FROM "case" c JOIN org_unit u ON u.id = c.unit_id LEFT JOIN ${thresholdsTable(p)} ON th.region_code = c.region_code
     WHERE c.status IN ('accepted', 'paused') AND ${unitVisible(s, 'u')} GROUP BY 1, 2`.execute(deps.db)
  const alerts = await sql<{ unit_id: number; level: string; n: number }>`
    SELECT a.unit_id, a.level, count(*)::int AS n FROM supervision_alert a JOIN org_unit u ON u.id = a.unit_id
     WHERE a.status = 'open' AND ${unitVisible(s, 'u')} GROUP BY 1, 2`.execute(deps.db)
  const nodes = new Map<number, UnitTreeNode & { parent: number | null }>()
  for (const u of units.rows) {
    nodes.set(Number(u.id), { id: Number(u.id), name: u.name, kind: u.kind, children: [], green: 0, yellow: 0, red: 0, prompts: 0, yellowCards: 0, redCards: 0, parent: u.parent_id === null ? null : Number(u.parent_id) })
  }
  const own = new Map<number, Omit<UnitTreeNode, 'id' | 'name' | 'kind' | 'children'>>()
  const ownOf = (id: number) => {
    let o = own.get(id)
    if (!o) own.set(id, (o = { green: 0, yellow: 0, red: 0, prompts: 0, yellowCards: 0, redCards: 0 }))
    return o
  }
  for (const l of lights.rows) if (l.light) ownOf(Number(l.unit_id))[l.light as 'green' | 'yellow' | 'red'] += l.n
  for (const a of alerts.rows) ownOf(Number(a.unit_id))[a.level === 'prompt' ? 'prompts' : a.level === 'yellow' ? 'yellowCards' : 'redCards'] += a.n
  // add each unit's own counts to it and every ancestor in view
  for (const [id, o] of own) {
    let cur = nodes.get(id)
    const seen = new Set<number>()
    while (cur && !seen.has(cur.id)) {
      seen.add(cur.id)
      for (const k of ['green', 'yellow', 'red', 'prompts', 'yellowCards', 'redCards'] as const) cur[k] += o[k]
      cur = cur.parent === null ? undefined : nodes.get(cur.parent)
    }
  }
  const roots: UnitTreeNode[] = []
  for (const n of nodes.values()) {
    const parent = n.parent === null ? undefined : nodes.get(n.parent)
    if (parent) parent.children.push(n)
    else roots.push(n)
  }
  const strip = (n: UnitTreeNode & { parent?: number | null }): UnitTreeNode => {
    const { parent: _p, ...rest } = n
    return { ...rest, children: n.children.map(strip) }
  }
  return roots.map(strip)
}

export interface AlertsQuery {
  status?: 'open' | 'closed'
  kind?: string
  level?: string
  unitId?: number
  caseId?: number
  from?: string
  to?: string
  page?: number
  pageSize?: number
}

function alertWhere(s: Awaited<ReturnType<typeof supScope>>, q: AlertsQuery): B {
  const c: B[] = [unitVisible(s, 'u')]
  if (q.status) c.push(sql<boolean>`a.status = ${q.status}`)
  if (q.kind) c.push(sql<boolean>`a.kind = ${q.kind}`)
  if (q.level) c.push(sql<boolean>`a.level = ${q.level}`)
  if (q.unitId) c.push(sql<boolean>`u.path LIKE (SELECT x.path FROM org_unit x WHERE x.id = ${q.unitId}) || '%'`)
  if (q.caseId) c.push(sql<boolean>`a.case_id = ${q.caseId}`)
  if (q.from) c.push(sql<boolean>`a.raised_at >= (${q.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`)
  if (q.to) c.push(sql<boolean>`a.raised_at < (${q.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`)
  return and(c)
}

async function alertDtos(deps: Deps, where: B, page: number, pageSize: number): Promise<{ items: AlertDto[]; total: number }> {
  const total = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM supervision_alert a JOIN org_unit u ON u.id = a.unit_id WHERE ${where}`.execute(deps.db)).rows[0]?.n ?? 0)
  const rows = await sql<Record<string, any>>`
    SELECT a.*, u.name AS unit_name, c.number AS case_number, i.name AS item_name, ua.display_name AS user_name,
           coalesce((SELECT array_agg(o.id ORDER BY o.id) FROM supervision_order o WHERE o.alert_id = a.id), '{}') AS order_ids
      FROM supervision_alert a JOIN org_unit u ON u.id = a.unit_id
      LEFT JOIN "case" c ON c.id = a.case_id LEFT JOIN item i ON i.id = c.item_id
      LEFT JOIN user_account ua ON ua.id = a.user_id
     WHERE ${where}
     ORDER BY a.status = 'open' DESC, CASE a.level WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 ELSE 2 END, a.raised_at DESC, a.id DESC
     LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(deps.db)
  return { total, items: rows.rows.map(toAlertDto) }
}

function toAlertDto(a: Record<string, any>): AlertDto {
  const k = ALERT_KINDS[a.kind as AlertKind]
  return {
    id: Number(a.id),
    kind: a.kind,
    kindName: k?.name ?? a.kind,
    level: a.level,
    rule: a.rule,
    ruleText: k?.text ?? '',
    status: a.status,
    caseId: a.case_id === null ? null : Number(a.case_id),
    caseNumber: a.case_number ?? null,
    itemName: a.item_name ?? null,
    jointCaseId: a.joint_case_id === null ? null : Number(a.joint_case_id),
    unitId: Number(a.unit_id),
    unitName: a.unit_name,
    userId: a.user_id === null ? null : Number(a.user_id),
    userName: a.user_name ?? null,
    evidence: a.evidence ?? {},
    evidenceText: a.evidence_text,
    raisedAt: new Date(a.raised_at).toISOString(),
    due: a.due ?? null,
    closedAt: a.closed_at ? new Date(a.closed_at).toISOString() : null,
    closeReason: a.close_reason ?? null,
    orderIds: (a.order_ids ?? []).map(Number),
  }
}

export async function listAlerts(deps: Deps, actor: Actor | null, q: AlertsQuery) {
  const s = await supScope(deps, actor)
  return alertDtos(deps, alertWhere(s, q), q.page ?? 1, q.pageSize ?? 20)
}

export async function allAlerts(deps: Deps, actor: Actor | null, q: AlertsQuery): Promise<AlertDto[]> {
  const s = await supScope(deps, actor)
  return (await alertDtos(deps, alertWhere(s, q), 1, 10_000)).items
}

export async function getAlert(deps: Deps, actor: Actor | null, id: number): Promise<AlertDto> {
  const s = await supScope(deps, actor)
  const r = await alertDtos(deps, and([unitVisible(s, 'u'), sql<boolean>`a.id = ${id}`]), 1, 1)
  if (!r.items[0]) throw SupervisionErrors.ALERT_NOT_FOUND('预警不存在')
  return r.items[0]
}

export const todayOf = (deps: Deps) => toShanghaiDate(deps.clock.now())
