/**
 * Predicted completion (R15 art 19): the critical path of the departments' limits and, where history
 * exists, their actual lead times.
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import { addOrPending, beyondCalendar, toShanghaiDate, type Calendar } from '../calendar/index.js'
import type { PredictionDto } from './joint.types.js'
import { JointErrors } from './joint.errors.js'
import * as repo from './joint.admin.repository.js'

type Db = Kysely<DB>

/** History is used only with at least this many decided cases (of the last HISTORY_WINDOW). */
export const HISTORY_MIN = 3
export const HISTORY_WINDOW = 20

/** The median, rounded up to whole working days; null for no values. */
export function median(values: number[]): number | null {
  if (!values.length) return null
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : Math.ceil((s[mid - 1]! + s[mid]!) / 2)
}

/** Working days between two dates, or null when the calendar does not cover them yet. */
export function workdaysOrNull(cal: Pick<Calendar, 'workdaysBetween'>, from: string, to: string): number | null {
  try {
    return cal.workdaysBetween(from, to)
  } catch (e) {
    if (beyondCalendar(e)) return null
    throw e
  }
}

export interface PredictTaskInput {
  taskId: number
  unitName: string
  status: string
  limitDays: number
  /** the reply or deemed date (YYYY-MM-DD) for replied / deemed tasks */
  actualDate: string | null
  /** the department's working days per decided case of the item (newest first, at most HISTORY_WINDOW) */
  history: number[]
}

/** Expected working days of a pending task: min(limit, median of history) when history has ≥ HISTORY_MIN cases. */
export function expectedDays(limitDays: number, history: number[]): { days: number; basis: 'limit' | 'history' } {
  const m = history.length >= HISTORY_MIN ? median(history.slice(0, HISTORY_WINDOW)) : null
  return m === null ? { days: limitDays, basis: 'limit' } : { days: Math.min(limitDays, m), basis: 'history' }
}

/** The pure part: each task's expected date from the start date; the latest is the prediction. */
export function predictFrom(cal: Pick<Calendar, 'addWorkingDays' | 'workdaysBetween'>, start: string, tasks: PredictTaskInput[]) {
  const rows = tasks.map((t) => {
    if ((t.status === 'replied' || t.status === 'deemed') && t.actualDate) {
      const used = workdaysOrNull(cal, start, t.actualDate)
      return { taskId: t.taskId, unitName: t.unitName, limitDays: t.limitDays, expectedDays: Math.max(0, used ?? 0), basis: 'actual' as const, historyCount: t.history.length, expectedDate: t.actualDate }
    }
    const e = expectedDays(t.limitDays, t.history)
    return { taskId: t.taskId, unitName: t.unitName, limitDays: t.limitDays, expectedDays: e.days, basis: e.basis, historyCount: t.history.length, expectedDate: addOrPending(cal, start, e.days) }
  })
  let critical: (typeof rows)[number] | null = null
  for (const r of rows) {
    if (!critical) critical = r
    else if (r.expectedDate === null && critical.expectedDate !== null) critical = r
    else if (r.expectedDate !== null && critical.expectedDate !== null && r.expectedDate > critical.expectedDate) critical = r
    else if (r.expectedDate === null && critical.expectedDate === null && r.expectedDays > critical.expectedDays) critical = r
  }
  return {
    tasks: rows,
    criticalTaskId: critical?.taskId ?? null,
    // a deadline in a year whose holidays are not yet published stays pending (null), never guessed
    predictedCompletion: critical?.expectedDate ?? null,
  }
}

/** The department's working days (acceptance → decision) for its last decided cases of the item. */
async function historyOf(db: Db, cal: Calendar, itemId: number, unitId: number): Promise<number[]> {
  const rows = await repo.decidedHistory(db, itemId, unitId, HISTORY_WINDOW)
  const out: number[] = []
  for (const r of rows) {
    const d = workdaysOrNull(cal, toShanghaiDate(r.accepted_at!), toShanghaiDate(r.decided_at!))
    if (d !== null) out.push(Math.max(0, d))
  }
  return out
}

/**
 * For an accepted joint case: each pending task is expected to take min(its limit, the median working
 * days its department actually took for the same item over its last completed cases, if ≥ 3 exist);
 * a replied or deemed task counts with its actual date. The joint case completes when the last task does.
 * Before acceptance: from `today` as if accepted today.
 */
export async function predictCompletion(db: Db, cal: Calendar, jointCaseId: number, today: string): Promise<PredictionDto> {
  const jc = await repo.jointCaseForPrediction(db, jointCaseId)
  if (!jc) throw JointErrors.NOT_FOUND('并联审批申请不存在')
  const acceptedAt = jc.accepted_at ? toShanghaiDate(jc.accepted_at) : null
  const tasks = (await repo.tasksForPrediction(db, jointCaseId)).filter((t) => t.status !== 'withdrawn')
  const inputs: PredictTaskInput[] = []
  for (const t of tasks) {
    const at = t.status === 'deemed' ? t.deemed_at : t.status === 'replied' ? t.replied_at : null
    inputs.push({
      taskId: Number(t.id),
      unitName: t.unit_name,
      status: t.status,
      limitDays: t.limit_days,
      actualDate: at ? toShanghaiDate(at) : null,
      history: await historyOf(db, cal, Number(t.item_id), Number(t.unit_id)),
    })
  }
  const p = predictFrom(cal, acceptedAt ?? today, inputs)
  return { jointCaseId: Number(jc.id), acceptedAt: jc.accepted_at ? new Date(jc.accepted_at).toISOString() : null, ...p }
}
