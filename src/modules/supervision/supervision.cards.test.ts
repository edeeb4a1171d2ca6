/**
 * Lights, prompts and cards rule by rule with the clock moved across 国庆 2026 (10-01 … 10-08 off):
 * green → prompt one working day before the promised date → yellow card the day after it → red card
 * only when the card's follow-up working days have passed (holidays not counted) → everything closes
 * when the case is completed. And a step past its own limit while the case is on time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { setupSup, workday, type SupFx } from './supervision.fixture.js'

let fx: SupFx
beforeAll(async () => {
  fx = await setupSup()
})
afterAll(() => fx.t.close())

const notices = async (event: string, caseId: number, text = '') =>
  (await fx.t.deps.db.selectFrom('notice_outbox').select(['recipient_user_id', 'channel', 'body']).where('event', '=', event).where('case_id', '=', caseId).where('channel', '=', 'inapp').execute())
    .filter((r) => r.body.includes(text))
    .map((r) => Number(r.recipient_user_id))
    .sort()
const CARD_KINDS = ['deadline_near', 'yellow_card', 'red_card']
const cards = async (id: number) => (await fx.alerts(id)).filter((a) => CARD_KINDS.includes(a.kind))

const lightOf = async (caseId: number) => {
  const r = fx.ok(await fx.call('GET', `/api/supervision/lights?pageSize=200`, fx.sup.cookie))
  return r.items.find((x: { caseId: number }) => x.caseId === caseId)
}

describe('deadline lights and cards across the National Day holiday', () => {
  it('prompts one working day before, shows a yellow card after the due date, a red card after the follow-up period, and closes all on completion', async () => {
    // item a promises 10 working days: accept so that the promised date is Wed 30 Sept 2026
    const acceptDay = await workday(fx, '2026-09-30', -10)
    await fx.at(`${acceptDay}T10:00`)
    const id = await fx.windowCase('a')
    const c0 = await fx.caseOf(id)
    expect(c0.clock.promisedDue).toBe('2026-09-30')
    await fx.scan()
    expect(await cards(id)).toEqual([])
    expect((await lightOf(id)).light).toBe('green')

    // two working days left (Mon 28 Sept): still green
    await fx.at('2026-09-28T10:00')
    await fx.scan()
    expect(await cards(id)).toEqual([])
    expect(await lightOf(id)).toMatchObject({ light: 'green', daysLeft: 2 })

    // one working day left (Tue 29 Sept): yellow light and 预警提示 to the handler (reviewers of 发改) and the leader (its approver)
    await fx.at('2026-09-29T09:00')
    const r1 = await fx.scan()
    expect(r1.raised.deadline_near).toBe(1)
    expect(await cards(id)).toMatchObject([{ kind: 'deadline_near', status: 'open', level: 'prompt' }])
    expect(await lightOf(id)).toMatchObject({ light: 'yellow', daysLeft: 1 })
    expect(await notices('supervision.alert', id, '（预警提示）')).toEqual([fx.ids.leadRev, fx.ids.apprA].sort())
    // a second pass raises nothing again
    await fx.scan()
    expect(await cards(id)).toHaveLength(1)
    expect(await notices('supervision.alert', id, '（预警提示）')).toHaveLength(2)

    // Thu 1 Oct (holiday), the day after the due date: red light, 黄牌 with its follow-up date; the prompt closes
    await fx.at('2026-10-01T09:00')
    await fx.scan()
    const cardDue = await workday(fx, '2026-09-30', 3)
    expect(cardDue > '2026-10-08').toBe(true) // the follow-up period skips the holiday
    const a1 = await cards(id)
    expect(a1).toMatchObject([
      { kind: 'deadline_near', status: 'closed', close_reason: '已超过承诺期限，转为黄牌' },
      { kind: 'yellow_card', status: 'open', level: 'yellow', due: cardDue },
    ])
    expect((await lightOf(id)).light).toBe('red')
    expect(await notices('supervision.card', id)).toEqual([fx.ids.leadRev, fx.ids.apprA].sort())

    // Thu 8 Oct: eight calendar days overdue but no working day of the follow-up period has passed: no red card
    await fx.at('2026-10-08T17:00')
    await fx.scan()
    expect((await cards(id)).map((a) => a.kind)).toEqual(['deadline_near', 'yellow_card'])
    // on the card's due date itself: still no red card
    await fx.at(`${cardDue}T17:00`)
    await fx.scan()
    expect((await cards(id)).some((a) => a.kind === 'red_card')).toBe(false)
    // the working day after: 红牌
    const redDay = await workday(fx, cardDue, 1)
    await fx.at(`${redDay}T09:00`)
    await fx.scan()
    expect(await cards(id)).toMatchObject([{ kind: 'deadline_near' }, { kind: 'yellow_card', status: 'open' }, { kind: 'red_card', status: 'open', level: 'red' }])
    expect(await notices('supervision.card', id)).toHaveLength(4)
    const tree = fx.ok(await fx.call('GET', '/api/supervision/tree', fx.sup.cookie))
    const deptA = tree.find((n: { id: number }) => n.id === fx.U.get('a'))
    expect(deptA).toMatchObject({ red: 1, yellowCards: 1, redCards: 1 })

    // the unit finishes the case: review, approval, completion → the cards close with the reason
    let step = await fx.activeStep(id)
    fx.ok(await fx.call('POST', `/api/cases/${id}/steps/${step.id}/complete`, fx.c.leadRev, { opinion: '符合条件', outcome: 'pass' }))
    await fx.at(`${redDay}T10:30`) // the approver takes a realistic while (a faster one is 办理过快)
    fx.ok(await fx.call('POST', `/api/cases/${id}/decision`, fx.c.apprA, { outcome: 'grant' }))
    await fx.at(`${redDay}T11:00`)
    step = await fx.activeStep(id)
    if (step) fx.ok(await fx.call('POST', `/api/cases/${id}/complete`, fx.c.win, {}))
    const r2 = await fx.scan()
    expect(r2.closed).toBeGreaterThanOrEqual(2)
    const closed = await fx.alerts(id)
    expect(closed.filter((a) => a.status !== 'closed')).toEqual([])
    expect(closed.find((a) => a.kind === 'red_card')!.close_reason).toMatch(/^办件已(办结|作出决定)$/)
    const audits = await fx.t.deps.db.selectFrom('audit_record').select(sql<number>`count(*)`.as('n')).where('action', '=', 'supervision.alert.close').executeTakeFirstOrThrow()
    expect(Number(audits.n)).toBeGreaterThanOrEqual(3)
    expect(await lightOf(id)).toBeUndefined()
  })

  it('flags a step past its own limit while the case is within its promised date, and closes it when the step is done', async () => {
    await fx.at('2026-11-02T10:00')
    const id = await fx.windowCase('a')
    const c = await fx.caseOf(id)
    const review = c.steps.find((s: { key: string }) => s.key === 'review')
    expect(review.due < c.clock.promisedDue).toBe(true)
    await fx.at(`${review.due}T17:00`)
    await fx.scan()
    expect((await fx.alerts(id)).filter((a) => a.kind === 'step_overdue')).toEqual([])
    await fx.at(`${await workday(fx, review.due, 1)}T09:00`)
    await fx.scan()
    expect(await fx.alerts(id)).toMatchObject([{ kind: 'step_overdue', status: 'open', level: 'prompt' }])
    expect((await lightOf(id)).stepLight).toBe('red')
    expect((await lightOf(id)).light).toBe('green')
    fx.ok(await fx.call('POST', `/api/cases/${id}/steps/${review.id}/complete`, fx.c.leadRev, { opinion: '符合条件', outcome: 'pass' }))
    await fx.scan()
    expect(await fx.alerts(id)).toMatchObject([{ kind: 'step_overdue', status: 'closed', close_reason: '该环节已办理' }])
  })

  it('flags an online application not pre-reviewed by its pre-review date, and closes it once pre-reviewed', async () => {
    await fx.at('2026-11-09T10:00')
    const d = fx.ok(await fx.call('POST', '/api/cases', fx.ent.cookie, { itemId: fx.items.a }), 201)
    const id = d.case.id as number
    for (const k of ['application', 'site_plan']) await fx.upload(id, fx.ent.cookie, k)
    fx.ok(await fx.call('POST', `/api/cases/${id}/submit`, fx.ent.cookie))
    const due = (await fx.caseOf(id)).prereviewDue as string
    expect(due).toBe(await workday(fx, '2026-11-09', 1))
    await fx.at(`${due}T17:30`)
    await fx.scan()
    expect(await fx.alerts(id)).toEqual([])
    await fx.at(`${await workday(fx, due, 1)}T08:40`)
    await fx.scan()
    expect(await fx.alerts(id)).toMatchObject([{ kind: 'prereview_overdue', status: 'open' }])
    fx.ok(await fx.call('POST', `/api/cases/${id}/prereview`, fx.c.win, { outcome: 'pass' }))
    await fx.scan()
    expect(await fx.alerts(id)).toMatchObject([{ kind: 'prereview_overdue', status: 'closed', close_reason: '已完成预审' }])
  })

  it('shows no light for a case in a special procedure and lists lights and counts only in the supervisor’s scope', async () => {
    await fx.at('2026-12-01T10:00')
    const id = await fx.windowCase('a')
    const promised = (await fx.caseOf(id)).clock.promisedDue as string
    const paused = fx.ok(await fx.call('POST', `/api/cases/${id}/pauses`, fx.c.leadRev, { kind: 'site_inspection', reason: '现场核查', expectedDays: 30 }))
    expect(paused.case.status).toBe('paused')
    // long past the original promised date, but the clock is stopped: no light, no card
    await fx.at(`${await workday(fx, promised, 5)}T10:00`)
    await fx.scan()
    expect((await cards(id))).toEqual([])
    expect(await lightOf(id)).toMatchObject({ light: null, paused: true, daysLeft: null })

    const stranger = await fx.call('GET', '/api/supervision/lights', fx.c.stranger)
    expect(stranger.statusCode).toBe(403)
    const anon = await fx.call('GET', '/api/supervision/lights')
    expect(anon.statusCode).toBe(401)
    const r = fx.ok(await fx.call('GET', '/api/supervision/lights?light=red&pageSize=200', fx.sup.cookie))
    expect(r.items.length).toBeGreaterThan(0)
    expect(r.items.every((x: { light: string }) => x.light === 'red')).toBe(true)
    expect(r.counts.red).toBe(r.total)
    // a supervisor of another district sees none of these cases
    const other = await fx.t.deps.db.selectFrom('org_unit').select('id').where('region_code', '=', '371481').executeTakeFirstOrThrow()
    const { makeStaff } = await import('../../test/harness.js')
    const s = await makeStaff(fx.t.deps, { role: 'supervisor', unitId: Number(other.id) })
    const cookie = await fx.t.login(s.username, s.password)
    const theirs = fx.ok(await fx.call('GET', '/api/supervision/lights', cookie))
    expect(theirs.total).toBe(0)
    expect((await fx.call('GET', `/api/supervision/cases/${id}`, cookie)).statusCode).toBe(404)
  })
})

describe('a case first scanned long after its deadline', () => {
  it('gets its yellow card and, the follow-up period being over too, its red card in the same pass', async () => {
    await fx.at('2026-12-07T10:00')
    const id = await fx.windowCase('a')
    const promised = (await fx.caseOf(id)).clock.promisedDue
    const redDay = await workday(fx, await workday(fx, promised, 3), 1)
    expect(redDay <= '2026-12-31').toBe(true)
    await fx.at(`${redDay}T09:00`)
    const r = await fx.scan()
    expect(r.raised.yellow_card).toBeGreaterThanOrEqual(1)
    expect(r.raised.red_card).toBeGreaterThanOrEqual(1)
    expect((await cards(id)).filter((a) => a.status === 'open').map((a) => a.kind)).toEqual(['yellow_card', 'red_card'])
  })
})
