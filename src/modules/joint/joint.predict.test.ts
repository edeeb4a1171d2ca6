/** Predicted completion (R15 art 19): limits, the departments' history (≥ 3 decided cases), actual replies. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getCalendar } from '../calendar/index.js'
import { expectedDays, median, predictCompletion, predictFrom } from './joint.predict.js'
import { createProject, createScheme, insertCase, insertJointCase, publishItem, setupFx, versionOf, type Fx } from './joint.admin.testkit.js'

describe('pure rules', () => {
  it('takes the median rounded up', () => {
    expect(median([])).toBeNull()
    expect(median([5])).toBe(5)
    expect(median([9, 2, 4])).toBe(4)
    expect(median([2, 3, 4, 9])).toBe(4)
    expect(median([1, 2])).toBe(2)
  })
  it('uses history only with at least 3 cases, and never beyond the limit', () => {
    expect(expectedDays(10, [])).toEqual({ days: 10, basis: 'limit' })
    expect(expectedDays(10, [2, 3])).toEqual({ days: 10, basis: 'limit' })
    expect(expectedDays(10, [2, 3, 4])).toEqual({ days: 3, basis: 'history' })
    expect(expectedDays(3, [5, 6, 7])).toEqual({ days: 3, basis: 'history' })
  })
  it('picks the latest task as the critical one; a date beyond the calendar stays pending', () => {
    const cal = {
      addWorkingDays: (_from: string, n: number) => `2026-04-${String(n).padStart(2, '0')}`,
      workdaysBetween: () => 2,
    }
    const t = (taskId: number, limitDays: number, status = 'pending', actualDate: string | null = null) => ({ taskId, unitName: 'u', status, limitDays, actualDate, history: [] })
    const p = predictFrom(cal, '2026-04-01', [t(1, 5), t(2, 9), t(3, 20, 'replied', '2026-04-03')])
    expect(p.criticalTaskId).toBe(2)
    expect(p.predictedCompletion).toBe('2026-04-09')
    expect(p.tasks[2]).toMatchObject({ basis: 'actual', expectedDays: 2, expectedDate: '2026-04-03' })
    expect(predictFrom(cal, '2026-04-01', [])).toEqual({ tasks: [], criticalTaskId: null, predictedCompletion: null })
  })
})

let fx: Fx
let scheme: { id: number; stages: { id: number }[] }
let items: Record<'a' | 'b' | 'c' | 'd', number>
beforeAll(async () => {
  fx = await setupFx()
  scheme = (await createScheme(fx, 'DC-PREDICT')).scheme
  items = {
    a: await publishItem(fx, 'fgj', { name: '甲事项' }),
    b: await publishItem(fx, 'zrj', { name: '乙事项' }),
    c: await publishItem(fx, 'spj', { name: '丙事项' }),
    d: await publishItem(fx, 'zjj', { name: '丁事项' }),
  }
})
afterAll(() => fx?.t.close())

async function task(jointCaseId: number, itemId: number, unit: string, limitDays: number, extra: Record<string, unknown> = {}): Promise<number> {
  const r = await fx.t.deps.db
    .insertInto('joint_task')
    .values({ joint_case_id: jointCaseId, item_id: itemId, item_version_id: await versionOf(fx, itemId), unit_id: fx.U.get(unit)!, role: 'co', limit_days: limitDays, status: 'pending', ...extra } as never)
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(r.id)
}

async function decided(itemId: number, unit: string, accepted: string, decidedOn: string) {
  await insertCase(fx, { itemId, unitId: fx.U.get(unit)!, applicantUserId: fx.ent.id, status: 'decided', acceptedAt: `${accepted}T09:00:00+08:00`, decidedAt: `${decidedOn}T15:00:00+08:00` })
}

describe('predictCompletion on the database', () => {
  it('predicts from limits, history and actual replies; the project shows the stage’s prediction', async () => {
    // 乙: 4 decided cases taking 2, 3, 4 and 9 working days → median 4 (< limit 10)
    await decided(items.b, 'zrj', '2026-02-02', '2026-02-04')
    await decided(items.b, 'zrj', '2026-02-02', '2026-02-05')
    await decided(items.b, 'zrj', '2026-02-02', '2026-02-06')
    await decided(items.b, 'zrj', '2026-02-02', '2026-02-13')
    // 丁: only 2 decided cases → its limit; another department's history of 丁 never counts
    await decided(items.d, 'zjj', '2026-02-02', '2026-02-03')
    await decided(items.d, 'zjj', '2026-02-02', '2026-02-03')
    await decided(items.d, 'fgj', '2026-02-02', '2026-02-03')
    // an undecided case is no history
    await insertCase(fx, { itemId: items.d, unitId: fx.U.get('zjj')!, applicantUserId: fx.ent.id, acceptedAt: '2026-02-02T09:00:00+08:00' })

    const p = await createProject(fx)
    const jc = await insertJointCase(fx, { projectId: p.id, stageDefId: scheme.stages[0]!.id, leadUnitId: fx.U.get('fgj')!, applicantUserId: fx.ent.id, status: 'accepted', acceptedAt: '2026-03-02T09:30:00+08:00', limitDays: 10 })
    const ta = await task(jc, items.a, 'fgj', 10)
    const tb = await task(jc, items.b, 'zrj', 10)
    const tc = await task(jc, items.c, 'spj', 10, { status: 'replied', reply: 'agree', reply_raw: '同意', replied_at: '2026-03-04T11:00:00+08:00' })
    const td = await task(jc, items.d, 'zjj', 6)
    const te = await task(jc, items.c, 'spj', 8, { status: 'deemed', reply: 'agree', deemed_kind: 'timeout', deemed_at: '2026-03-12T00:01:00+08:00' })

    const cal = await getCalendar(fx.t.deps, '371402')
    const pr = await predictCompletion(fx.t.deps.db, cal, jc, '2026-03-05')
    const byId = Object.fromEntries(pr.tasks.map((x) => [x.taskId, x]))
    expect(byId[ta]).toMatchObject({ basis: 'limit', expectedDays: 10, historyCount: 0, expectedDate: '2026-03-16' })
    expect(byId[tb]).toMatchObject({ basis: 'history', expectedDays: 4, historyCount: 4, expectedDate: '2026-03-06' })
    expect(byId[tc]).toMatchObject({ basis: 'actual', expectedDays: 2, expectedDate: '2026-03-04' })
    expect(byId[td]).toMatchObject({ basis: 'limit', expectedDays: 6, historyCount: 2, expectedDate: '2026-03-10' })
    expect(byId[te]).toMatchObject({ basis: 'actual', expectedDate: '2026-03-12' })
    expect(byId[ta]!.unitName).toContain('发展和改革局')
    expect(pr).toMatchObject({ jointCaseId: jc, predictedCompletion: '2026-03-16', criticalTaskId: ta, acceptedAt: '2026-03-02T01:30:00.000Z' })

    // the project's timeline uses it
    const d = (await fx.call('GET', `/api/joint/projects/${p.id}`, fx.ent.cookie)).json().project
    expect(d.stages[0]).toMatchObject({ state: 'open', predictedCompletion: '2026-03-16', workdaysUsed: 0 })
  })

  it('before acceptance predicts from today; a due date beyond the published calendar stays pending', async () => {
    const p = await createProject(fx)
    const jc = await insertJointCase(fx, { projectId: p.id, stageDefId: scheme.stages[0]!.id, leadUnitId: fx.U.get('fgj')!, applicantUserId: fx.ent.id, status: 'received' })
    const t1 = await task(jc, items.a, 'fgj', 3, { status: 'prechecking' })
    const cal = await getCalendar(fx.t.deps, '371402')
    const pr = await predictCompletion(fx.t.deps.db, cal, jc, '2026-03-09')
    expect(pr).toMatchObject({ acceptedAt: null, predictedCompletion: '2026-03-12', criticalTaskId: t1 })
    const far = await task(jc, items.c, 'spj', 3000, { status: 'prechecking' })
    const pending = await predictCompletion(fx.t.deps.db, cal, jc, '2026-03-09')
    expect(pending.predictedCompletion).toBeNull()
    expect(pending.criticalTaskId).toBe(far)
    expect(pending.tasks.find((x) => x.taskId === far)!.expectedDate).toBeNull()
    await expect(predictCompletion(fx.t.deps.db, cal, 99999999, '2026-03-09')).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})
