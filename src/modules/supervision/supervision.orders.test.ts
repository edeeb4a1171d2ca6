/**
 * 催办 / 督办: send about a case, an alert or a pattern; the unit's inbox; reply, return, accept (which
 * closes the event alerts the order is about); escalation of unanswered orders (催办 → 督办 → the unit's
 * leaders, with an order_unanswered alert); numbering; 403 / 404 / 409; settings; drill-down; xlsx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { ADMIN_PASSWORD } from '../../test/harness.js'
import { setupSup, workday, type SupFx } from './supervision.fixture.js'
import { escalateOrders } from './index.js'

let fx: SupFx
beforeAll(async () => {
  fx = await setupSup()
})
afterAll(() => fx.t.close())

const err = (r: { statusCode: number; json(): any }) => [r.statusCode, r.json().error?.code]

describe('orders', () => {
  it('runs send → inbox → reply → return → reply → accept, and accepting closes the event alert it was about', async () => {
    await fx.at('2026-11-02T10:00')
    const id = await fx.windowCase('a')
    // an event alert (a denial without reasons, imported from the department's system)
    await sql`UPDATE "case" SET status = 'decided', decision = 'deny', decision_reasons = '', decided_at = ${fx.t.clock.now()}, updated_at = ${fx.t.clock.now()} WHERE id = ${id}`.execute(fx.t.deps.db)
    await fx.scan()
    const alert = fx.ok(await fx.call('GET', `/api/supervision/alerts?caseId=${id}&kind=no_reasons`, fx.sup.cookie)).items[0]
    expect(alert).toBeTruthy()

    // validation and scope
    expect(err(await fx.call('POST', '/api/supervision/orders', fx.sup.cookie, { kind: 'supervise', unitId: fx.U.get('a'), content: '请说明' }))).toEqual([400, 'ORDER_SUBJECT_REQUIRED'])
    expect(err(await fx.call('POST', '/api/supervision/orders', fx.sup.cookie, { kind: 'supervise', unitId: fx.U.get('k'), content: '请说明', pattern: '普遍超时' }))).toEqual([404, 'UNIT_NOT_FOUND'])
    expect(err(await fx.call('POST', '/api/supervision/orders', fx.sup.cookie, { kind: 'supervise', unitId: fx.U.get('a'), content: '请说明', alertId: 999999 }))).toEqual([404, 'ALERT_NOT_FOUND'])
    expect((await fx.call('POST', '/api/supervision/orders', fx.c.leadRev, { kind: 'supervise', unitId: fx.U.get('a'), content: '请说明', pattern: 'x' })).statusCode).toBe(403)

    const sent = fx.ok(await fx.call('POST', '/api/supervision/orders', fx.sup.cookie, { kind: 'supervise', unitId: fx.U.get('a'), content: '不予许可未说明理由，请核查并补正', alertId: alert.id }), 201)
    expect(sent).toMatchObject({ kind: 'supervise', status: 'sent', number: '督办〔2026〕1号', caseId: id, alertId: alert.id, replyDue: await workday(fx, '2026-11-02', 3) })
    const second = fx.ok(await fx.call('POST', '/api/supervision/orders', fx.sup.cookie, { kind: 'supervise', unitId: fx.U.get('b'), content: '审批环节普遍超时', pattern: '11月以来审批环节普遍超时', replyDays: 5 }), 201)
    expect(second.number).toBe('督办〔2026〕2号')
    // notice to the unit's staff
    const sentNotices = await fx.t.deps.db.selectFrom('notice_outbox').select('recipient_user_id').where('event', '=', 'supervision.order_sent').where('channel', '=', 'inapp').where('body', 'like', '%督办〔2026〕1号%').execute()
    expect(sentNotices.map((n) => Number(n.recipient_user_id)).sort()).toEqual([fx.ids.leadRev, fx.ids.apprA].sort())

    // inbox of the unit's staff; not of another unit
    const inbox = fx.ok(await fx.call('GET', '/api/supervision/orders?box=inbox', fx.c.leadRev))
    expect(inbox.items.map((o: { id: number }) => o.id)).toEqual([sent.id])
    expect(fx.ok(await fx.call('GET', '/api/supervision/orders?box=inbox', fx.c.revC)).items).toEqual([])
    expect(fx.ok(await fx.call('GET', '/api/supervision/orders?box=outbox', fx.sup.cookie)).total).toBe(2)

    // who may do what
    expect(err(await fx.call('POST', `/api/supervision/orders/${sent.id}/close`, fx.sup.cookie, {}))).toEqual([409, 'ORDER_NOT_OPEN'])
    expect(err(await fx.call('POST', `/api/supervision/orders/${sent.id}/reply`, fx.c.revC, { reply: 'x' }))).toEqual([404, 'ORDER_NOT_FOUND'])
    expect(err(await fx.call('POST', `/api/supervision/orders/${sent.id}/reply`, fx.sup.cookie, { reply: 'x' }))).toEqual([403, 'FORBIDDEN'])
    expect(err(await fx.call('POST', `/api/supervision/orders/999999/reply`, fx.c.leadRev, { reply: 'x' }))).toEqual([404, 'ORDER_NOT_FOUND'])
    expect((await fx.call('GET', `/api/supervision/orders/${sent.id}`, fx.c.revC)).statusCode).toBe(404)

    await fx.at('2026-11-03T10:00')
    const replied = fx.ok(await fx.call('POST', `/api/supervision/orders/${sent.id}/reply`, fx.c.leadRev, { reply: '已补正不予许可理由' }))
    expect(replied).toMatchObject({ status: 'replied', reply: '已补正不予许可理由' })
    expect(err(await fx.call('POST', `/api/supervision/orders/${sent.id}/reply`, fx.c.leadRev, { reply: '再次' }))).toEqual([409, 'ORDER_NOT_OPEN'])
    expect(err(await fx.call('POST', `/api/supervision/orders/${sent.id}/close`, fx.c.leadRev, {}))).toEqual([403, 'FORBIDDEN'])
    const repliedNotice = await fx.t.deps.db.selectFrom('notice_outbox').select('recipient_user_id').where('event', '=', 'supervision.order_replied').where('channel', '=', 'inapp').execute()
    expect(repliedNotice.map((n) => Number(n.recipient_user_id))).toEqual([fx.sup.id])

    const returned = fx.ok(await fx.call('POST', `/api/supervision/orders/${sent.id}/return`, fx.sup.cookie, { note: '未附补正后的决定书' }))
    expect(returned).toMatchObject({ status: 'sent', reply: null, replyDue: await workday(fx, '2026-11-03', 3) })
    fx.ok(await fx.call('POST', `/api/supervision/orders/${sent.id}/reply`, fx.c.leadRev, { reply: '已补正并附决定书' }))
    const closed = fx.ok(await fx.call('POST', `/api/supervision/orders/${sent.id}/close`, fx.sup.cookie, { note: '同意办结' }))
    expect(closed).toMatchObject({ status: 'closed', closeNote: '同意办结' })
    const a = fx.ok(await fx.call('GET', `/api/supervision/alerts/${alert.id}`, fx.sup.cookie))
    expect(a).toMatchObject({ status: 'closed', closeReason: '督办〔2026〕1号已办结', orderIds: [sent.id] })
    expect(err(await fx.call('POST', `/api/supervision/orders/${sent.id}/close`, fx.sup.cookie, {}))).toEqual([409, 'ORDER_NOT_OPEN'])

    // the drill-down shows the case, its clock, alerts, orders and trail
    const drill = fx.ok(await fx.call('GET', `/api/supervision/cases/${id}`, fx.sup.cookie))
    expect(drill.case.id).toBe(id)
    expect(drill.alerts.map((x: { id: number }) => x.id)).toContain(alert.id)
    expect(drill.orders.map((x: { id: number }) => x.id)).toEqual([sent.id])
    expect(drill.trail.length).toBeGreaterThan(0)
    expect(drill.explanation).toBeTruthy()
    expect((await fx.call('GET', `/api/supervision/cases/${id}`, fx.c.stranger)).statusCode).toBe(403)

    // exports
    const x1 = await fx.call('GET', '/api/supervision/orders.xlsx?box=outbox', fx.sup.cookie)
    expect([x1.statusCode, x1.headers['content-type']]).toEqual([200, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'])
    const x2 = await fx.call('GET', '/api/supervision/alerts.xlsx?status=closed', fx.sup.cookie)
    expect(x2.statusCode).toBe(200)
    expect(x2.rawPayload.subarray(0, 2).toString()).toBe('PK')
  })

  it('closes event alerts by hand with a note, but not condition alerts', async () => {
    await fx.at('2026-11-04T10:00')
    const id = await fx.windowCase('a')
    await sql`UPDATE "case" SET status = 'refused', intake_kind = 'refuse', decision_reasons = NULL, updated_at = ${fx.t.clock.now()} WHERE id = ${id}`.execute(fx.t.deps.db)
    const late = await fx.windowCase('c')
    await fx.at('2026-12-21T10:00')
    await fx.scan()
    const ev = fx.ok(await fx.call('GET', `/api/supervision/alerts?caseId=${id}`, fx.sup.cookie)).items.find((x: { kind: string }) => x.kind === 'no_reasons')
    const card = fx.ok(await fx.call('GET', `/api/supervision/alerts?caseId=${late}&kind=yellow_card`, fx.sup.cookie)).items[0]
    expect(err(await fx.call('POST', `/api/supervision/alerts/${card.id}/close`, fx.sup.cookie, { note: '已核实' }))).toEqual([409, 'ALERT_NOT_CLOSABLE'])
    expect(err(await fx.call('POST', `/api/supervision/alerts/999999/close`, fx.sup.cookie, { note: '已核实' }))).toEqual([404, 'ALERT_NOT_FOUND'])
    expect((await fx.call('POST', `/api/supervision/alerts/${ev.id}/close`, fx.c.stranger, { note: '已核实' })).statusCode).toBe(403)
    const c = fx.ok(await fx.call('POST', `/api/supervision/alerts/${ev.id}/close`, fx.sup.cookie, { note: '经核实系数据导入遗漏，理由已补录' }))
    expect(c).toMatchObject({ status: 'closed', closeReason: '人工关闭：经核实系数据导入遗漏，理由已补录' })
    expect(err(await fx.call('POST', `/api/supervision/alerts/${ev.id}/close`, fx.sup.cookie, { note: '再次' }))).toEqual([409, 'ALERT_CLOSED'])
  })

  it('escalates an unanswered 催办 to a 督办, and an unanswered 督办 to the leaders with an order_unanswered alert', async () => {
    await fx.at('2026-11-16T10:00')
    const id = await fx.windowCase('c')
    const urge = fx.ok(await fx.call('POST', '/api/supervision/orders', fx.sup.cookie, { kind: 'urge', unitId: fx.U.get('c'), content: '请加快办理', caseId: id, replyDays: 1 }), 201)
    expect(urge.number).toBe('催办〔2026〕1号')
    // on the reply date itself nothing happens
    await fx.at(`${urge.replyDue}T17:00`)
    await escalateOrders(fx.t.deps, fx.t.clock.now())
    expect(fx.ok(await fx.call('GET', `/api/supervision/orders/${urge.id}`, fx.sup.cookie)).status).toBe('sent')
    const day2 = await workday(fx, urge.replyDue, 1)
    await fx.at(`${day2}T09:00`)
    // two instances' sweeps at the same moment escalate it once
    await Promise.all([escalateOrders(fx.t.deps, fx.t.clock.now()), escalateOrders(fx.t.deps, fx.t.clock.now())])
    const children = await fx.t.deps.db.selectFrom('supervision_order').select('id').where('parent_id', '=', urge.id).execute()
    expect(children).toHaveLength(1)
    const escAudits = await fx.t.deps.db.selectFrom('audit_record').select('id').where('action', '=', 'supervision.order.escalate').where('target_id', '=', String(urge.id)).execute()
    expect(escAudits).toHaveLength(1)
    const parent = fx.ok(await fx.call('GET', `/api/supervision/orders/${urge.id}`, fx.sup.cookie))
    expect(parent.status).toBe('escalated')
    const child = fx.ok(await fx.call('GET', '/api/supervision/orders?box=inbox', fx.c.revC)).items.find((o: { parentId: number | null }) => o.parentId === urge.id)
    expect(child).toMatchObject({ kind: 'supervise', status: 'sent', caseId: id })
    expect(child.number).toMatch(/^督办〔2026〕\d+号$/)
    expect(err(await fx.call('POST', `/api/supervision/orders/${urge.id}/reply`, fx.c.revC, { reply: 'x' }))).toEqual([409, 'ORDER_NOT_OPEN'])

    // the 督办 is not answered either: escalated to the unit's leaders (no approver in 住建 → the centre admins) with an alert
    await fx.at(`${await workday(fx, child.replyDue, 1)}T09:00`)
    expect(await escalateOrders(fx.t.deps, fx.t.clock.now())).toBeGreaterThanOrEqual(1)
    const esc = fx.ok(await fx.call('GET', `/api/supervision/orders/${child.id}`, fx.sup.cookie))
    expect(esc.status).toBe('escalated')
    const ua = fx.ok(await fx.call('GET', `/api/supervision/alerts?kind=order_unanswered&unitId=${fx.U.get('c')}`, fx.sup.cookie)).items
    expect(ua).toMatchObject([{ status: 'open', unitId: fx.U.get('c'), level: 'yellow', evidence: { orderId: child.id } }])
    const escNotices = await fx.t.deps.db.selectFrom('notice_outbox').select('recipient_user_id').where('event', '=', 'supervision.order_escalated').where('channel', '=', 'inapp').execute()
    expect(escNotices.map((n) => Number(n.recipient_user_id))).toContain(fx.sup.id)
    // the unit replies late: the alert closes
    fx.ok(await fx.call('POST', `/api/supervision/orders/${child.id}/reply`, fx.c.revC, { reply: '已办理完毕' }))
    const after = fx.ok(await fx.call('GET', `/api/supervision/alerts/${ua[0].id}`, fx.sup.cookie))
    expect(after).toMatchObject({ status: 'closed', closeReason: '督办已回复' })
    // accepting the 督办 closes the 催办 it came from
    fx.ok(await fx.call('POST', `/api/supervision/orders/${child.id}/close`, fx.sup.cookie, {}))
    expect(fx.ok(await fx.call('GET', `/api/supervision/orders/${urge.id}`, fx.sup.cookie)).status).toBe('closed')
  })
})

describe('settings', () => {
  it('reads the city’s settings, lets a centre admin change them with validation, and the scan follows them', async () => {
    const got = fx.ok(await fx.call('GET', '/api/supervision/settings', fx.sup.cookie))
    expect(got).toMatchObject({ regionCode: '3714', settings: { warnDays: 1, cardFollowupDays: 3 } })
    const admin = await fx.t.login('admin', ADMIN_PASSWORD)
    const next = { ...got.settings, warnDays: 2, workStart: '09:00' }
    expect((await fx.call('PUT', '/api/supervision/settings?region=3714', fx.sup.cookie, next)).statusCode).toBe(403)
    expect(err(await fx.call('PUT', '/api/supervision/settings?region=3714', admin, { ...next, workStart: '19:00', workEnd: '18:00' }))).toEqual([400, 'INVALID_SETTINGS'])
    expect((await fx.call('PUT', '/api/supervision/settings?region=3714', admin, { ...next, warnDays: -1 })).statusCode).toBe(400)
    expect(fx.ok(await fx.call('PUT', '/api/supervision/settings?region=3714', admin, next)).settings.warnDays).toBe(2)
    expect(fx.ok(await fx.call('GET', '/api/supervision/settings', fx.sup.cookie)).settings).toMatchObject({ warnDays: 2, workStart: '09:00' })
    // two working days before the promised date is now yellow
    await fx.at('2026-12-01T10:00')
    const id = await fx.windowCase('c')
    const due = (await fx.caseOf(id)).clock.promisedDue
    await fx.at(`${await workday(fx, due, -2)}T10:00`)
    await fx.scan()
    expect((await fx.alerts(id)).filter((a) => a.kind === 'deadline_near')).toHaveLength(1)
  })
})
