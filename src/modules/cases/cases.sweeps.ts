/**
 * The cases sweeps: deemed acceptance (R10), lapsed 容缺 cases, and pending deadlines filled in once a year's calendar is imported.
 */
import type { Ctx, Deps } from '../../server/context.js'
import { mutate } from '../../server/mutate.js'
import { getCalendar } from '../calendar/index.js'
import * as repo from './cases.repository.js'
import { conditionalLapsed, deemedAccepted, shanghaiDate } from './cases.rules.js'
import { cancelUnpaidFees, clockOf, closeSteps } from './cases.handling.js'
import { acceptCase } from './cases.intake.js'
import { CALENDARS, audit, baseFields, issue, pendingOpen, setCase, tell, versionOf } from './cases.internals.js'


/** R10: received cases with no one-time notice within the deemed days count as accepted on the day received. */
export async function sweepDeemed(deps: Deps, ctx: Ctx, now: Date): Promise<number> {
  const rows = await deps.db.selectFrom('case').select(['id', 'region_code']).where('status', '=', 'received').where('correction_count', '=', 0).execute()
  let n = 0
  const today = shanghaiDate(now)
  for (const r of rows) {
    const cal = await getCalendar(deps, r.region_code)
    const c = await repo.findCase(deps.db, Number(r.id))
    if (!c || !deemedAccepted(cal, { status: c.status, receivedAt: c.received_at ? new Date(c.received_at) : null, correctionCount: c.correction_count }, today, deps.config.intakeDeemedDays)) continue
    await mutate(deps, ctx, async (tx) => {
      CALENDARS.set(tx, cal)
      const locked = await repo.findCase(tx.db, c.id, true)
      if (!locked || locked.status !== 'received' || locked.correction_count > 0) {
        await tx.audit({ action: 'cases.case.deemed_skip', targetType: 'case', targetId: c.id, summary: '状态已变化，未视为受理' })
        return
      }
      const v = await versionOf(tx.db, locked)
      const receivedAt = new Date(locked.received_at!)
      await acceptCase(tx, locked, v, receivedAt, 'deemed')
      await issue(tx, locked, 'acceptance_notice', '受理通知书', {
        paragraphs: [`你（单位）提交的「${v.guide.name}」申请，本机关未在收到申请之日起 ${deps.config.intakeDeemedDays} 个工作日内一次性告知补正，根据《中华人民共和国行政许可法》第三十二条的规定，自收到申请材料之日起即为受理。`],
        fields: [...baseFields(locked, v.guide, tx.now), ['受理日期（视为）', shanghaiDate(receivedAt)]],
      })
      n++
    })
  }
  return n
}

/** R11: a 容缺 case whose pending materials were not supplied by the due date is withdrawn. */
export async function sweepConditional(deps: Deps, ctx: Ctx, now: Date): Promise<number> {
  const today = shanghaiDate(now)
  // only cases already past their 容缺 date: the sweep writes (and audits) nothing for the others
  const rows = await deps.db
    .selectFrom('case')
    .select(['id'])
    .where('status', 'in', ['accepted', 'paused'])
    .where('conditional_due', 'is not', null)
    .where('conditional_due', '<', today)
    .execute()
  let n = 0
  for (const r of rows) {
    const c = await repo.findCase(deps.db, Number(r.id))
    if (!c || !conditionalLapsed({ status: c.status, conditionalDue: c.conditional_due, pendingOpen: pendingOpen(c, await repo.materialsOf(deps.db, c.id)).length }, today)) continue
    await mutate(deps, ctx, async (tx) => {
      const locked = await repo.findCase(tx.db, c.id, true)
      const mats = locked ? await repo.materialsOf(tx.db, locked.id) : []
      if (!locked || !conditionalLapsed({ status: locked.status, conditionalDue: locked.conditional_due, pendingOpen: pendingOpen(locked, mats).length }, today)) {
        // changed between the check and the lock (materials supplied meanwhile): record why nothing happened
        return tx.audit({ action: 'cases.case.conditional_check', targetType: 'case', targetId: c.id, unitId: c.unit_id, summary: `${c.number}：容缺材料已补齐，不予撤回` })
      }
      await tx.db.updateTable('case_pause').set({ ended_at: tx.now }).where('case_id', '=', locked.id).where('ended_at', 'is', null).execute()
      await setCase(tx, locked.id, { status: 'withdrawn', withdrawn_at: tx.now, withdraw_reason: `容缺材料未在 ${locked.conditional_due} 前补齐，视为撤回申请` })
      await closeSteps(tx, locked.id, 'skipped')
      await cancelUnpaidFees(tx, locked.id, '容缺材料逾期未补齐，视为撤回申请')
      await audit(tx, locked, 'conditional_withdraw', `容缺材料逾期（${locked.conditional_due}）未补齐，视为撤回`, { status: 'withdrawn' })
      await tell(tx, locked, 'case.withdrawn', { reason: `容缺材料未在 ${locked.conditional_due} 前补齐`, nextStep: '办件已终止，如需办理请重新申请' })
      n++
    })
  }
  return n
}

/**
 * Deadlines left pending because their year's holiday schedule was not yet in the calendar are
 * filled in once it is (an admin imported the year). Only cases that can now be computed are touched.
 */
export async function sweepPendingDeadlines(deps: Deps, ctx: Ctx, now: Date): Promise<number> {
  const rows = await deps.db
    .selectFrom('case')
    .select(['id', 'region_code'])
    .where('accepted_at', 'is not', null)
    .where('status', 'in', ['accepted', 'paused', 'decided'])
    .where((eb) => eb.or([eb('promised_due', 'is', null), eb('legal_due', 'is', null)]))
    .execute()
  let n = 0
  for (const r of rows) {
    const cal = await getCalendar(deps, r.region_code)
    const c = await repo.findCase(deps.db, Number(r.id))
    if (!c) continue
    const clock = await clockOf(cal, deps.db, c, now)
    if (clock.legalDue === null || clock.promisedDue === null) continue // still pending (or paused)
    await mutate(deps, ctx, async (tx) => {
      await tx.db.updateTable('case').set({ legal_due: clock.legalDue, promised_due: clock.promisedDue }).where('id', '=', c.id).execute()
      await audit(tx, c, 'deadlines_filled', `节假日安排已导入，补算期限：法定 ${clock.legalDue}，承诺 ${clock.promisedDue}`, { legalDue: clock.legalDue, promisedDue: clock.promisedDue })
      n++
    })
  }
  return n
}
