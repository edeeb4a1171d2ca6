/** Closing an event alert by hand, the case drill-down, and the settings. */
import { sql } from 'kysely'
import type { Actor, Ctx, Deps } from '../../server/context.js'
import { mutate } from '../../server/mutate.js'
import { hasRole } from '../org/index.js'
import { caseDetail } from '../cases/index.js'
import { getCalendar, toShanghaiDate } from '../calendar/index.js'
import { trailOf } from '../audit/index.js'
import { SupervisionErrors } from './supervision.errors.js'
import { supScope, unitVisible } from './supervision.scope.js'
import { visibleAlert, orderDtos } from './supervision.orders.js'
import { listAlerts } from './supervision.queries.js'
import { cityOf, loadSettingsTable, settingsFor, validateSettings } from './supervision.settings.js'
import { ALERT_KINDS, type AlertKind, type SupervisionSettings } from './supervision.types.js'

export async function closeAlert(deps: Deps, ctx: Ctx, id: number, input: { note: string }): Promise<void> {
  const s = await supScope(deps, ctx.actor)
  const a = await visibleAlert(deps, s, id)
  if (!a) throw SupervisionErrors.ALERT_NOT_FOUND('预警不存在')
  if (ALERT_KINDS[a.kind as AlertKind]?.nature !== 'event') throw SupervisionErrors.ALERT_NOT_CLOSABLE('该类预警在条件消除后自动解除，不能手工关闭')
  const note = (input.note ?? '').trim()
  if (!note) throw SupervisionErrors.VALIDATION_ERROR('请说明关闭理由')
  await mutate(deps, ctx, async (tx) => {
    const r = await tx.db
      .updateTable('supervision_alert')
      .set({ status: 'closed', closed_at: tx.now, close_reason: `人工关闭：${note}`, closed_by: ctx.actor!.userId })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .returning('id')
      .execute()
    if (r.length === 0) throw SupervisionErrors.ALERT_CLOSED('该预警已关闭')
    await tx.audit({ action: 'supervision.alert.close', targetType: 'supervision_alert', targetId: id, unitId: a.unit_id, summary: `${ALERT_KINDS[a.kind as AlertKind].name}人工关闭：${note}`, after: { note } })
  })
}

/** The drill-down: the case detail from the cases facade, its clock explanation, alerts, orders and audit trail. */
export async function caseDrillDown(deps: Deps, actor: Actor | null, caseId: number) {
  const s = await supScope(deps, actor)
  const visible = await sql<{ region_code: string; promised_days: number }>`
    SELECT c.region_code, c.promised_days FROM "case" c JOIN org_unit u ON u.id = c.unit_id WHERE c.id = ${caseId} AND ${unitVisible(s, 'u')}`.execute(deps.db)
  const row = visible.rows[0]
  if (!row) throw SupervisionErrors.CASE_NOT_FOUND('办件不存在')
  const detail = await caseDetail(deps, actor, caseId)
  let explanation: unknown = null
  if (detail.clock.start) {
    const cal = await getCalendar(deps, row.region_code)
    const pauses = await deps.db.selectFrom('case_pause').select(['started_at', 'ended_at']).where('case_id', '=', caseId).orderBy('id').execute()
    try {
      explanation = cal.explain(detail.clock.start, row.promised_days, {
        pauses: pauses.map((p) => ({ from: toShanghaiDate(new Date(p.started_at)), to: p.ended_at ? toShanghaiDate(new Date(p.ended_at)) : null })),
      })
    } catch {
      explanation = null
    }
  }
  const alerts = await listAlerts(deps, actor, { caseId, page: 1, pageSize: 200 })
  const orders = await orderDtos(deps, sql<boolean>`o.case_id = ${caseId} AND ${unitVisible(s, 'u')}`, 1, 200)
  return { case: detail, clock: detail.clock, explanation, alerts: alerts.items, orders: orders.items, trail: await trailOf(deps.db, 'case', caseId) }
}

export async function readSettings(deps: Deps, actor: Actor | null, region?: string): Promise<{ regionCode: string; settings: SupervisionSettings }> {
  if (!actor || actor.kind !== 'staff') throw SupervisionErrors.FORBIDDEN('仅限工作人员使用')
  await supScope(deps, actor)
  const code = region ?? (await cityOf(deps.db, actor))
  return { regionCode: code, settings: settingsFor(await loadSettingsTable(deps.db), code) }
}

export async function writeSettings(deps: Deps, ctx: Ctx, input: SupervisionSettings, region?: string): Promise<{ regionCode: string; settings: SupervisionSettings }> {
  const actor = ctx.actor
  if (!actor || !hasRole(actor, ['centre_admin', 'system_admin'])) throw SupervisionErrors.FORBIDDEN('仅中心管理员或系统管理员可以修改电子监察设置')
  const code = region ?? (await cityOf(deps.db, actor))
  const own = await cityOf(deps.db, actor)
  const admin = actor.grants.some((g) => g.role === 'system_admin' && g.unitId === null && g.regionCode === null)
  if (!admin && !code.startsWith(own)) throw SupervisionErrors.FORBIDDEN('只能修改本市的电子监察设置')
  const s = validateSettings({ ...input })
  await mutate(deps, ctx, async (tx) => {
    await tx.db
      .insertInto('supervision_settings')
      .values({ region_code: code, settings: JSON.stringify(s), updated_at: tx.now, updated_by: actor.userId })
      .onConflict((oc) => oc.column('region_code').doUpdateSet({ settings: JSON.stringify(s), updated_at: tx.now, updated_by: actor.userId }))
      .execute()
    await tx.audit({ action: 'supervision.settings.update', targetType: 'supervision_settings', targetId: code || 'national', summary: `修改电子监察设置（${code || '全国默认'}）`, after: s })
  })
  return { regionCode: code, settings: s }
}
