/**
 * 一次一评 at the window: visits opened and ended by the window's staff, the counter tablet's current
 * visit and its one rating, rating later by the token (QR code / SMS link), and a bad window review
 * landing with the window's department.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setupFx, START, WINDOW_OK, type Fx } from './evaluation.fixture.js'

let fx: Fx
beforeAll(async () => {
  fx = await setupFx()
})
afterAll(() => fx.t.close())

const open = (windowKey: 'win' | 'dwin', body: Record<string, unknown> = {}, cookie = fx.c[windowKey]) =>
  fx.call('POST', '/api/evaluation/visits', cookie, { windowId: fx.U.get(windowKey), purpose: '咨询 个体工商户名称变更登记', ...body })
const current = async (windowKey: 'win' | 'dwin', cookie = fx.c[windowKey]) => fx.ok(await fx.call('GET', `/api/evaluation/windows/${fx.U.get(windowKey)}/current-visit`, cookie)).visit

describe('window visits', () => {
  it('are opened by that window’s staff only; a new visit ends the previous one; the tablet sees the current one', async () => {
    await fx.setClock(START)
    expect(fx.err(await open('dwin', {}, fx.c.win))).toEqual([403, 'FORBIDDEN'])
    expect(fx.err(await open('dwin', {}, fx.c.rev))).toEqual([403, 'FORBIDDEN'])
    expect(fx.err(await fx.call('POST', '/api/evaluation/visits', fx.c.win, { windowId: fx.U.get('dept'), purpose: 'x' }))).toEqual([404, 'NOT_FOUND'])
    expect(fx.err(await fx.call('GET', `/api/evaluation/windows/${fx.U.get('dwin')}/current-visit`, fx.c.win))).toEqual([403, 'FORBIDDEN'])
    const first = fx.ok(await open('dwin', { applicantName: '王小红', applicantPhone: '13912345678' }), 201)
    expect(first).toMatchObject({ windowId: fx.U.get('dwin'), staffId: fx.staffIds.dwin, applicantName: '王小红', endedAt: null, rated: false })
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{12}$/)
    expect((await current('dwin')).id).toBe(first.id)
    const second = fx.ok(await open('dwin'), 201)
    expect((await current('dwin')).id).toBe(second.id)
    const ended = await fx.t.deps.db.selectFrom('evaluation_visit').select('ended_at').where('id', '=', first.id).executeTakeFirstOrThrow()
    expect(ended.ended_at).not.toBeNull()
    fx.ok(await fx.call('POST', `/api/evaluation/visits/${second.id}/end`, fx.c.dwin))
    expect(await current('dwin')).toBeNull()
    expect(fx.err(await fx.call('POST', `/api/evaluation/visits/${second.id}/end`, fx.c.dwin))).toEqual([409, 'VISIT_CLOSED'])
    expect(fx.err(await fx.call('POST', `/api/evaluation/visits/${second.id}/end`, fx.c.win))).toEqual([404, 'VISIT_NOT_FOUND'])
    expect(await fx.auditCount('evaluation.visit.open', first.id)).toBe(1)
  })

  it('are rated once on the counter tablet with the three window indicators; ★2 opens a rectification for the window’s department', async () => {
    await fx.setClock(START)
    const v = fx.ok(await open('dwin', { applicantName: '王小红', applicantPhone: '13912345678' }), 201)
    const bad = (body: Record<string, unknown>) => fx.call('POST', `/api/evaluation/visits/${v.id}/rating`, fx.c.dwin, body)
    expect(fx.err(await bad({ stars: 2, indicators: { efficiency: 2, guideAccuracy: 2, convenience: 2, usability: 2 } }))).toEqual([400, 'INVALID_RATING'])
    expect(fx.err(await bad({ stars: 0, indicators: WINDOW_OK }))).toEqual([400, 'INVALID_RATING'])
    expect(fx.err(await fx.call('POST', `/api/evaluation/visits/${v.id}/rating`, fx.c.win, { stars: 5, indicators: WINDOW_OK }))).toEqual([404, 'VISIT_NOT_FOUND'])
    const r = fx.ok(await bad({ stars: 2, indicators: { efficiency: 2, competence: 3, attitude: 1 }, comment: '窗口人员玩手机' }), 201)
    expect(r).toMatchObject({ channel: 'window', source: 'tablet', stars: 2, visitId: v.id, unitId: fx.U.get('dept'), windowId: fx.U.get('dwin'), staffId: fx.staffIds.dwin, raterName: '王小红', raterPhone: '13912345678', realName: true })
    expect(fx.err(await bad({ stars: 5, indicators: WINDOW_OK }))).toEqual([409, 'ALREADY_RATED'])
    expect((await current('dwin')).rated).toBe(true)
    // the department answers for its window: its reviewer sees and works the rectification
    const x = fx.ok(await fx.call('GET', `/api/evaluation/rectifications/${r.rectificationId}`, fx.c.rev))
    expect(x).toMatchObject({ status: 'open', unitId: fx.U.get('dept'), due: '2026-03-09' })
    expect(await fx.outbox('evaluation.rectification_assigned', { userId: fx.staffIds.rev })).toBeGreaterThanOrEqual(1)
    // the rating link of a rated visit
    expect(fx.ok(await fx.call('GET', `/api/public/visits/${v.token}`)).visit).toMatchObject({ rated: true, purpose: '咨询 个体工商户名称变更登记' })
    expect(fx.err(await fx.call('POST', `/api/public/visits/${v.token}/rating`, undefined, { stars: 5, indicators: WINDOW_OK }))).toEqual([409, 'ALREADY_RATED'])
  })

  it('can be rated once by token (QR code) after it ended, within the rating window; the tablet cannot rate an ended visit', async () => {
    await fx.setClock(START)
    const v = fx.ok(await open('win'), 201)
    fx.ok(await fx.call('POST', `/api/evaluation/visits/${v.id}/end`, fx.c.win))
    expect(fx.err(await fx.call('POST', `/api/evaluation/visits/${v.id}/rating`, fx.c.win, { stars: 5, indicators: WINDOW_OK }))).toEqual([409, 'VISIT_CLOSED'])
    expect(fx.err(await fx.call('GET', '/api/public/visits/AAAAAAAAAAAA'))).toEqual([404, 'VISIT_NOT_FOUND'])
    expect(fx.ok(await fx.call('GET', `/api/public/visits/${v.token}`)).visit.rated).toBe(false)
    const r = fx.ok(await fx.call('POST', `/api/public/visits/${v.token}/rating`, undefined, { stars: 4, indicators: WINDOW_OK, comment: '很好' }), 201)
    expect(r.visit.rated).toBe(true)
    const row = await fx.t.deps.db.selectFrom('rating').selectAll().where('visit_id', '=', v.id).executeTakeFirstOrThrow()
    // a general window answers to its centre; nobody named: not real-name
    expect(row).toMatchObject({ source: 'qr', stars: 4, unit_id: fx.U.get('centre'), window_id: fx.U.get('win'), real_name: false, rater_name: null })
    const late = fx.ok(await open('win'), 201)
    fx.ok(await fx.call('POST', `/api/evaluation/visits/${late.id}/end`, fx.c.win))
    await fx.setClock('2026-03-18T09:00:00+08:00')
    expect(fx.err(await fx.call('POST', `/api/public/visits/${late.token}/rating`, undefined, { stars: 4, indicators: WINDOW_OK }))).toEqual([409, 'RATING_NOT_ALLOWED'])
  })

  it('an anonymous ★1 needs no callback before the measures; a visit about a case lets its applicant give the verdict', async () => {
    await fx.setClock(START)
    const anon = fx.ok(await open('win'), 201)
    const r1 = fx.ok(await fx.call('POST', `/api/evaluation/visits/${anon.id}/rating`, fx.c.win, { stars: 1, indicators: { efficiency: 1, competence: 1, attitude: 1 } }), 201)
    expect(r1.realName).toBe(false)
    // the general window's staff answer for the centre's bad reviews
    const x1 = fx.ok(await fx.call('POST', `/api/evaluation/rectifications/${r1.rectificationId}/rectify`, fx.c.win, { measures: '加强窗口服务规范' }))
    expect(x1.status).toBe('rectified')

    const c = await fx.completedCase()
    const v = fx.ok(await open('dwin', { caseId: c.id }), 201)
    expect(v).toMatchObject({ caseId: c.id, caseNumber: c.number, applicantName: '李建华' })
    const r2 = fx.ok(await fx.call('POST', `/api/evaluation/visits/${v.id}/rating`, fx.c.dwin, { stars: 2, indicators: { efficiency: 2, competence: 2, attitude: 2 } }), 201)
    expect(r2).toMatchObject({ caseId: c.id, caseNumber: c.number, itemName: '个体工商户名称变更登记', realName: true })
    const id = r2.rectificationId
    fx.ok(await fx.call('POST', `/api/evaluation/rectifications/${id}/callbacks`, fx.c.rev, { method: 'phone', reached: true, content: '已回访' }))
    fx.ok(await fx.call('POST', `/api/evaluation/rectifications/${id}/rectify`, fx.c.rev, { measures: '窗口增配一名工作人员' }))
    const my = fx.ok(await fx.call('GET', '/api/evaluation/my', fx.app.cookie))
    expect(my.rectifications.map((m: { id: number }) => m.id)).toContain(id)
    const done = fx.ok(await fx.call('POST', `/api/evaluation/rectifications/${id}/verdict`, fx.app.cookie, { verdict: 'satisfied' }))
    expect(done).toMatchObject({ status: 'closed', verdict: 'satisfied' })
    const board = fx.ok(await fx.call('GET', '/api/public/bad-reviews?pageSize=100'))
    expect(board.items.find((i: { id: number }) => i.id === r2.id)).toMatchObject({ rectificationStatus: 'closed', measures: '窗口增配一名工作人员', verdict: 'satisfied', raterName: '李**', channel: 'window' })
  })
})
