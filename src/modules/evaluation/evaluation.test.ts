/**
 * 好差评 through the real server: online ratings (一事一评) and their window, the invitation sweep,
 * bad reviews opening rectifications with working-day deadlines, callbacks, measures, the rater's
 * verdict, expiry, overdue, appeals, settings, lists and exports, the public board.
 */
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ONLINE_OK, setupFx, START, type Fx } from './evaluation.fixture.js'

let fx: Fx
beforeAll(async () => {
  fx = await setupFx()
})
afterAll(() => fx.t.close())

const rate = (caseId: number, stars: number, indicators: Record<string, number> = ONLINE_OK, comment?: string, cookie = fx.app.cookie) =>
  fx.call('POST', '/api/evaluation/ratings', cookie, { caseId, stars, indicators, comment })
const rect = async (id: number, cookie = fx.c.rev) => fx.ok(await fx.call('GET', `/api/evaluation/rectifications/${id}`, cookie))

describe('an online rating (一事一评)', () => {
  it('is refused before the case is completed, and for someone else’s case', async () => {
    await fx.setClock(START)
    const draft = fx.ok(await fx.call('POST', '/api/cases', fx.app.cookie, { itemId: fx.itemId }), 201).case
    expect(fx.err(await rate(draft.id, 5))).toEqual([409, 'RATING_NOT_ALLOWED'])
    const c = await fx.completedCase()
    expect(fx.err(await rate(c.id, 5, ONLINE_OK, undefined, fx.other.cookie))).toEqual([404, 'NOT_FOUND'])
    expect(fx.err(await rate(c.id, 5, ONLINE_OK, undefined, fx.c.win))).toEqual([409, 'RATING_NOT_ALLOWED'])
    expect(fx.err(await rate(987654321, 5))).toEqual([404, 'NOT_FOUND'])
  })

  it('checks the stars and the four online indicators (R21)', async () => {
    await fx.setClock(START)
    const c = await fx.completedCase()
    expect(fx.err(await rate(c.id, 6))).toEqual([400, 'INVALID_RATING'])
    expect(fx.err(await rate(c.id, 4, { efficiency: 5, guideAccuracy: 5, convenience: 5 }))).toEqual([400, 'INVALID_RATING'])
    const windowOnes = await rate(c.id, 4, { efficiency: 5, competence: 5, attitude: 5 })
    expect(fx.err(windowOnes)).toEqual([400, 'INVALID_RATING'])
    expect(windowOnes.json().error.message).toContain('不属于网上办事评价')
  })

  it('is taken once, with a Traditional-Chinese comment kept as written; the case shows it and cannot be rated again', async () => {
    await fx.setClock(START)
    const c = await fx.completedCase()
    const before = fx.ok(await fx.call('GET', `/api/evaluation/cases/${c.id}/rating`, fx.app.cookie))
    expect(before).toMatchObject({ rating: null, canRate: true, rateBy: new Date('2026-03-17T23:59:59.999+08:00').toISOString() })
    const r = fx.ok(await rate(c.id, 5, ONLINE_OK, '服務態度很好，辦事效率高'), 201)
    expect(r).toMatchObject({
      channel: 'online', source: 'online', stars: 5, starsName: '非常满意', comment: '服務態度很好，辦事效率高', caseId: c.id, caseNumber: c.number,
      itemName: '个体工商户名称变更登记', unitId: fx.U.get('dept'), windowId: fx.U.get('win'), staffId: fx.staffIds.win, raterName: '李建华', realName: true, status: 'normal', rectificationId: null,
    })
    expect(fx.err(await rate(c.id, 3))).toEqual([409, 'ALREADY_RATED'])
    const after = fx.ok(await fx.call('GET', `/api/evaluation/cases/${c.id}/rating`, fx.c.rev))
    expect(after.canRate).toBe(false)
    expect(after.rating.id).toBe(r.id)
    expect(await fx.auditCount('evaluation.rating.create', r.id)).toBe(1)
    expect(fx.err(await fx.call('GET', `/api/evaluation/cases/${c.id}/rating`, fx.c.stranger))).toEqual([404, 'NOT_FOUND'])
  })

  it('closes when the rating window (ratingWindowDays, a setting) has passed', async () => {
    await fx.setClock(START)
    const c = await fx.completedCase()
    await fx.setClock('2026-03-18T08:00:00+08:00')
    expect(fx.ok(await fx.call('GET', `/api/evaluation/cases/${c.id}/rating`, fx.app.cookie)).canRate).toBe(false)
    const late = await rate(c.id, 4)
    expect(fx.err(late)).toEqual([409, 'RATING_NOT_ALLOWED'])
    expect(late.json().error.message).toContain('15 日')
    const s = fx.ok(await fx.call('GET', '/api/evaluation/settings', fx.c.rev))
    expect(s).toEqual({ rectifyDays: 5, callbackDays: 1, ratingWindowDays: 15, verdictDays: 7 })
    try {
      fx.ok(await fx.call('PUT', '/api/evaluation/settings', fx.c.admin, { ...s, ratingWindowDays: 30 }))
      fx.ok(await rate(c.id, 4), 201)
    } finally {
      fx.ok(await fx.call('PUT', '/api/evaluation/settings', fx.c.admin, s))
    }
  })
})

describe('settings', () => {
  it('are changed by a centre administrator only, within range, and audited', async () => {
    const s = { rectifyDays: 15, callbackDays: 1, ratingWindowDays: 15, verdictDays: 7 }
    expect(fx.err(await fx.call('PUT', '/api/evaluation/settings', fx.c.rev, s))).toEqual([403, 'FORBIDDEN'])
    expect(fx.err(await fx.call('PUT', '/api/evaluation/settings', fx.c.admin, { ...s, callbackDays: 20 }))).toEqual([400, 'INVALID_SETTINGS'])
    expect(fx.err(await fx.call('GET', '/api/evaluation/settings', fx.app.cookie))).toEqual([403, 'FORBIDDEN'])
    const before = await fx.auditCount('evaluation.settings.update')
    fx.ok(await fx.call('PUT', '/api/evaluation/settings', fx.c.admin, s))
    expect(fx.ok(await fx.call('GET', '/api/evaluation/settings', fx.c.sup)).rectifyDays).toBe(15)
    fx.ok(await fx.call('PUT', '/api/evaluation/settings', fx.c.admin, { ...s, rectifyDays: 5 }))
    expect(await fx.auditCount('evaluation.settings.update')).toBe(before + 2)
  })
})

describe('the invitation sweep (evaluation.invite)', () => {
  it('invites the applicant of each newly completed case exactly once, with any number of instances', async () => {
    await fx.setClock('2026-04-01T09:00:00+08:00')
    const a = await fx.completedCase()
    const b = await fx.completedCase(fx.other)
    fx.t.clock.set('2026-04-01T09:02:00+08:00')
    const second = await setupSecond()
    try {
      await Promise.all([fx.t.app.jobs.tick(), second.jobs.tick()])
      fx.t.clock.set('2026-04-01T09:05:00+08:00')
      await fx.t.app.jobs.tick()
      await second.jobs.tick()
      expect(await fx.outbox('evaluation.invited', { caseId: a.id })).toBe(1)
      expect(await fx.outbox('evaluation.invited', { caseId: b.id, userId: fx.other.id })).toBe(1)
      const msg = await fx.t.deps.db.selectFrom('notice_outbox').select(['body']).where('event', '=', 'evaluation.invited').where('case_id', '=', a.id).where('channel', '=', 'inapp').executeTakeFirstOrThrow()
      expect(msg.body).toContain(a.number)
      expect(msg.body).toContain('2026年4月16日')
    } finally {
      await second.close()
    }
  })
})

async function setupSecond() {
  const { buildApp } = await import('../../server/app.js')
  const { testConfig } = await import('../../test/harness.js')
  const database = await fx.t.testDb.openAnother()
  const app = await buildApp({ config: testConfig({ instanceId: 'second' } as never), database, clock: fx.t.clock, logger: false, webRoot: null })
  await app.ready()
  return { jobs: app.jobs, close: () => app.close() }
}

describe('a bad review (★1, ★2)', () => {
  it('opens a rectification in the same transaction, due in 5 working days across 国庆, and tells the unit', async () => {
    await fx.setClock('2026-09-30T10:00:00+08:00')
    const c = await fx.completedCase()
    const r = fx.ok(await rate(c.id, 2, { efficiency: 2, guideAccuracy: 3, convenience: 2, usability: 3 }, '材料要求前后不一致，跑了两趟'), 201)
    expect(r.rectificationId).toEqual(expect.any(Number))
    const x = await rect(r.rectificationId)
    // Wed 09-30 + 5 working days: 10-01..07 off, 10-08 Thu, 10-09 Fri, 10-10 Sat (make-up day), 10-12 Mon, 10-13 Tue
    expect(x).toMatchObject({ status: 'open', statusName: '待整改', due: '2026-10-13', overdue: false, unitId: fx.U.get('dept'), callbacks: [], measures: null, appeal: null })
    expect(x.number).toMatch(/^ZG20260930\d{4}$/)
    expect(await fx.outbox('evaluation.rectification_assigned', { userId: fx.staffIds.rev })).toBeGreaterThanOrEqual(1)
    expect(await fx.outbox('evaluation.rectification_assigned', { userId: fx.staffIds.stranger })).toBe(0)
    expect(await fx.auditCount('evaluation.rectification.create', x.id)).toBe(1)
    // overdue after its due date (and only then)
    await fx.setClock('2026-10-13T17:00:00+08:00')
    expect((await rect(x.id)).overdue).toBe(false)
    await fx.setClock('2026-10-14T09:00:00+08:00')
    expect((await rect(x.id)).overdue).toBe(true)
    const overdue = fx.ok(await fx.call('GET', '/api/evaluation/rectifications?overdue=true&pageSize=100', fx.c.sup))
    expect(overdue.items.map((i: { id: number }) => i.id)).toContain(x.id)
    expect(overdue.items.every((i: { overdue: boolean }) => i.overdue)).toBe(true)
  })

  it('goes through callback (required for a real-name rater), measures, 不满意 (reopened once), and the second verdict closes it', async () => {
    await fx.setClock(START)
    const c = await fx.completedCase()
    const r = fx.ok(await rate(c.id, 1, { efficiency: 1, guideAccuracy: 1, convenience: 1, usability: 1 }, '态度差'), 201)
    const id = r.rectificationId as number
    const measures = { measures: '已对窗口人员进行服务规范培训' }
    expect(fx.err(await fx.call('POST', `/api/evaluation/rectifications/${id}/rectify`, fx.c.rev, measures))).toEqual([409, 'CALLBACK_REQUIRED'])
    // a call that did not reach the rater is recorded but does not count
    let x = fx.ok(await fx.call('POST', `/api/evaluation/rectifications/${id}/callbacks`, fx.c.rev, { method: 'phone', reached: false, content: '电话无人接听' }))
    expect(x.status).toBe('open')
    expect(fx.err(await fx.call('POST', `/api/evaluation/rectifications/${id}/rectify`, fx.c.rev, measures))).toEqual([409, 'CALLBACK_REQUIRED'])
    // outside the unit: a stranger sees nothing, the supervisor reads but does not act, the rater cannot act for the unit
    expect(fx.err(await fx.call('POST', `/api/evaluation/rectifications/${id}/callbacks`, fx.c.stranger, { method: 'phone', reached: true, content: 'x' }))).toEqual([404, 'RECTIFICATION_NOT_FOUND'])
    expect(fx.err(await fx.call('POST', `/api/evaluation/rectifications/${id}/callbacks`, fx.c.sup, { method: 'phone', reached: true, content: 'x' }))).toEqual([403, 'FORBIDDEN'])
    expect(fx.err(await fx.call('POST', `/api/evaluation/rectifications/${id}/callbacks`, fx.app.cookie, { method: 'phone', reached: true, content: 'x' }))).toEqual([403, 'FORBIDDEN'])
    x = fx.ok(await fx.call('POST', `/api/evaluation/rectifications/${id}/callbacks`, fx.c.rev, { method: 'phone', reached: true, content: '已致电致歉并了解情况' }))
    expect(x.status).toBe('called_back')
    expect(x.callbacks.map((cb: { reached: boolean }) => cb.reached)).toEqual([false, true])
    expect(fx.err(await fx.call('POST', `/api/evaluation/rectifications/${id}/verdict`, fx.app.cookie, { verdict: 'satisfied' }))).toEqual([409, 'INVALID_RECTIFICATION_STATE'])
    x = fx.ok(await fx.call('POST', `/api/evaluation/rectifications/${id}/rectify`, fx.c.rev, measures))
    expect(x).toMatchObject({ status: 'rectified', measures: measures.measures })
    expect(await fx.outbox('evaluation.rectified', { userId: fx.app.id })).toBeGreaterThanOrEqual(1)
    expect(fx.err(await fx.call('POST', `/api/evaluation/rectifications/${id}/rectify`, fx.c.rev, measures))).toEqual([409, 'INVALID_RECTIFICATION_STATE'])
    // the verdict is the rater's alone
    expect(fx.err(await fx.call('POST', `/api/evaluation/rectifications/${id}/verdict`, fx.c.rev, { verdict: 'satisfied' }))).toEqual([403, 'FORBIDDEN'])
    expect(fx.err(await fx.call('POST', `/api/evaluation/rectifications/${id}/verdict`, fx.other.cookie, { verdict: 'satisfied' }))).toEqual([404, 'RECTIFICATION_NOT_FOUND'])
    // 不满意 the first time: reopened with a new due date (Tue 03-03 + 5 working days)
    await fx.setClock('2026-03-03T10:00:00+08:00')
    x = fx.ok(await fx.call('POST', `/api/evaluation/rectifications/${id}/verdict`, fx.app.cookie, { verdict: 'unsatisfied' }))
    expect(x).toMatchObject({ status: 'open', due: '2026-03-10', measures: null, verdict: null })
    x = fx.ok(await fx.call('POST', `/api/evaluation/rectifications/${id}/rectify`, fx.c.rev, { measures: '调整窗口人员岗位，并由科长当面回访致歉' }))
    expect(x.status).toBe('rectified')
    x = fx.ok(await fx.call('POST', `/api/evaluation/rectifications/${id}/verdict`, fx.app.cookie, { verdict: 'unsatisfied' }))
    expect(x).toMatchObject({ status: 'closed', verdict: 'unsatisfied' })
    expect(await fx.auditCount('evaluation.rectification.reopen', id)).toBe(1)
    expect(await fx.auditCount('evaluation.rectification.verdict', id)).toBe(1)
    // the applicant's own page
    const my = fx.ok(await fx.call('GET', '/api/evaluation/my', fx.app.cookie))
    expect(my.rectifications.map((m: { id: number }) => m.id)).toContain(id)
    expect(my.ratings.every((m: { raterName: string }) => m.raterName === '李建华')).toBe(true)
    expect(fx.ok(await fx.call('GET', '/api/evaluation/my', fx.other.cookie)).rectifications.map((m: { id: number }) => m.id)).not.toContain(id)
  })

  it('closes on its own when the rater gives no verdict within verdictDays', async () => {
    await fx.setClock('2026-11-02T09:00:00+08:00') // later than every earlier pass of the sweeps
    const c = await fx.completedCase()
    const id = fx.ok(await rate(c.id, 2, ONLINE_OK, '等待时间太长'), 201).rectificationId
    fx.ok(await fx.call('POST', `/api/evaluation/rectifications/${id}/callbacks`, fx.c.rev, { method: 'phone', reached: true, content: '已回访' }))
    fx.ok(await fx.call('POST', `/api/evaluation/rectifications/${id}/rectify`, fx.c.rev, { measures: '增设取号引导' }))
    await fx.setClock('2026-11-09T23:00:00+08:00') // verdict due 11-09: still open
    await fx.t.app.jobs.tick()
    expect((await rect(id)).status).toBe('rectified')
    fx.t.clock.set('2026-11-10T09:00:00+08:00')
    await fx.t.app.jobs.tick()
    await fx.setClock('2026-11-10T09:00:00+08:00')
    expect((await rect(id)).status).toBe('closed')
    expect(await fx.auditCount('evaluation.rectification.expire', id)).toBe(1)
    expect(fx.err(await fx.call('POST', `/api/evaluation/rectifications/${id}/verdict`, fx.app.cookie, { verdict: 'satisfied' }))).toEqual([409, 'INVALID_RECTIFICATION_STATE'])
  })
})

describe('an appeal (申诉复核)', () => {
  it('upheld by a supervisor: the rating is void, the rectification void, the unit told, the board no longer shows it', async () => {
    await fx.setClock(START)
    const c = await fx.completedCase()
    const r = fx.ok(await rate(c.id, 1, { efficiency: 1, guideAccuracy: 1, convenience: 1, usability: 1 }, '恶意差评测试内容'), 201)
    expect(fx.err(await fx.call('POST', `/api/evaluation/ratings/${r.id}/appeal`, fx.c.stranger, { reason: 'x' }))).toEqual([404, 'NOT_FOUND'])
    expect(fx.err(await fx.call('POST', `/api/evaluation/ratings/${r.id}/appeal`, fx.c.sup, { reason: 'x' }))).toEqual([403, 'FORBIDDEN'])
    const a = fx.ok(await fx.call('POST', `/api/evaluation/ratings/${r.id}/appeal`, fx.c.rev, { reason: '评价人当场办结且表示满意，系误操作' }), 201)
    expect(a).toMatchObject({ ratingId: r.id, status: 'pending', statusName: '待复核' })
    expect(fx.err(await fx.call('POST', `/api/evaluation/ratings/${r.id}/appeal`, fx.c.rev, { reason: '再次申诉' }))).toEqual([409, 'APPEAL_EXISTS'])
    expect((await rect(r.rectificationId)).rating.status).toBe('appealed')
    const pending = fx.ok(await fx.call('GET', '/api/evaluation/rectifications?appeal=pending&pageSize=100', fx.c.sup))
    expect(pending.items.map((i: { id: number }) => i.id)).toContain(r.rectificationId)
    expect(fx.err(await fx.call('POST', `/api/evaluation/appeals/${a.id}/decide`, fx.c.rev, { upheld: true, note: 'x' }))).toEqual([403, 'FORBIDDEN'])
    expect(fx.err(await fx.call('POST', `/api/evaluation/appeals/987654321/decide`, fx.c.sup, { upheld: true, note: 'x' }))).toEqual([404, 'APPEAL_NOT_FOUND'])
    const d = fx.ok(await fx.call('POST', `/api/evaluation/appeals/${a.id}/decide`, fx.c.sup, { upheld: true, note: '经调取窗口录像核实，评价系误操作' }))
    expect(d).toMatchObject({ status: 'upheld', decisionNote: '经调取窗口录像核实，评价系误操作' })
    expect(fx.err(await fx.call('POST', `/api/evaluation/appeals/${a.id}/decide`, fx.c.sup, { upheld: false, note: 'x' }))).toEqual([409, 'APPEAL_EXISTS'])
    const x = await rect(r.rectificationId)
    expect(x).toMatchObject({ status: 'void', rating: { status: 'void' }, appeal: { status: 'upheld' } })
    expect(await fx.outbox('evaluation.appeal_decided', { userId: fx.staffIds.rev })).toBeGreaterThanOrEqual(1)
    const board = fx.ok(await fx.call('GET', '/api/public/bad-reviews?pageSize=100'))
    expect(board.items.map((i: { id: number }) => i.id)).not.toContain(r.id)
  })

  it('rejected: the rating counts again and the rectification goes on; a good rating cannot be appealed', async () => {
    await fx.setClock(START)
    const c = await fx.completedCase()
    const r = fx.ok(await rate(c.id, 2, ONLINE_OK, '一般'), 201)
    const a = fx.ok(await fx.call('POST', `/api/evaluation/ratings/${r.id}/appeal`, fx.c.rev, { reason: '评价与事实不符' }), 201)
    fx.ok(await fx.call('POST', `/api/evaluation/appeals/${a.id}/decide`, fx.c.admin, { upheld: false, note: '评价人反映的问题属实' }))
    const x = await rect(r.rectificationId)
    expect(x).toMatchObject({ status: 'open', rating: { status: 'normal' }, appeal: { status: 'rejected', decidedByName: expect.any(String) } })
    const good = fx.ok(await rate((await fx.completedCase()).id, 5), 201)
    expect(fx.err(await fx.call('POST', `/api/evaluation/ratings/${good.id}/appeal`, fx.c.rev, { reason: 'x' }))).toEqual([409, 'INVALID_RECTIFICATION_STATE'])
  })
})

describe('lists, exports and the public board', () => {
  it('lists ratings in scope with filters; a stranger sees none of them', async () => {
    await fx.setClock(START)
    const c = await fx.completedCase()
    const r = fx.ok(await rate(c.id, 3, ONLINE_OK, '基本满意'), 201)
    const mine = fx.ok(await fx.call('GET', `/api/evaluation/ratings?stars=3&channel=online&unitId=${fx.U.get('dept')}&from=2026-03-02&to=2026-03-02&pageSize=100`, fx.c.rev))
    expect(mine.items.map((i: { id: number }) => i.id)).toContain(r.id)
    expect(mine.items.every((i: { stars: number }) => i.stars === 3)).toBe(true)
    const none = fx.ok(await fx.call('GET', '/api/evaluation/ratings?pageSize=100', fx.c.stranger))
    expect(none.total).toBe(0)
    const other = fx.ok(await fx.call('GET', '/api/evaluation/ratings?from=2026-03-03&to=2026-03-03&pageSize=100', fx.c.sup))
    expect(other.items.map((i: { id: number }) => i.id)).not.toContain(r.id)
    expect(fx.err(await fx.call('GET', '/api/evaluation/ratings?from=2026-03-05&to=2026-03-01', fx.c.sup))).toEqual([400, 'VALIDATION_ERROR'])
    expect(fx.err(await fx.call('GET', '/api/evaluation/ratings', fx.app.cookie))).toEqual([403, 'FORBIDDEN'])
  })

  it('exports ratings and rectifications to xlsx with Chinese headers', async () => {
    const res = await fx.call('GET', '/api/evaluation/ratings.xlsx?channel=online', fx.c.sup)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('spreadsheetml')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]!
    expect(ws.getRow(1).getCell(1).value).toBe('评价时间')
    const total = fx.ok(await fx.call('GET', '/api/evaluation/ratings?channel=online', fx.c.sup)).total
    expect(ws.rowCount - 1).toBe(total)
    // the indicators in the order of R21, with their Chinese names
    expect(String(ws.getRow(2).getCell(5).value)).toMatch(/^办事效率\d星，办事指南精确度\d星，办事便捷度\d星，平台操作性\d星$/)
    const rx = await fx.call('GET', '/api/evaluation/rectifications.xlsx', fx.c.sup)
    const wb2 = new ExcelJS.Workbook()
    await wb2.xlsx.load(rx.rawPayload as unknown as ArrayBuffer)
    expect(wb2.worksheets[0]!.getRow(1).getCell(1).value).toBe('整改编号')
    expect(wb2.worksheets[0]!.rowCount - 1).toBe(fx.ok(await fx.call('GET', '/api/evaluation/rectifications', fx.c.sup)).total)
  })

  it('shows bad reviews to anyone with the rater masked, no phone, and the summary figures', async () => {
    await fx.setClock(START)
    const c = await fx.completedCase()
    const r = fx.ok(await rate(c.id, 2, ONLINE_OK, `请联系我${'13800001111'}`), 201)
    const board = fx.ok(await fx.call('GET', '/api/public/bad-reviews?pageSize=100'))
    const item = board.items.find((i: { id: number }) => i.id === r.id)
    expect(item).toMatchObject({ raterName: '李**', comment: '请联系我138****1111', rectificationStatus: 'open', unitName: expect.stringContaining('市场监督管理局') })
    expect(JSON.stringify(board)).not.toContain('13800001111')
    expect(JSON.stringify(board)).not.toContain('李建华')
    const all = await fx.t.deps.db.selectFrom('rating').select(['stars', 'status']).execute()
    const counted = all.filter((x) => x.status !== 'void')
    expect(board.summary).toEqual({
      ratings: counted.length,
      satisfactionRate: counted.filter((x) => x.stars >= 3).length / counted.length,
      badReviews: counted.filter((x) => x.stars <= 2).length,
      rectified: expect.any(Number),
    })
  })
})
