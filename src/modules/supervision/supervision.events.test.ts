/**
 * The event and joint rules: refusal or denial without reasons (R18-5), a fee outside the item's
 * rules (R18-7), an application accepted while its item was suspended (S10), a 同意但需转报 reply not
 * forwarded in time (R17 / R18-4); and two instances running the same pass raise each alert and each
 * notice exactly once.
 * Where a rule is about records the services themselves refuse to write (a denial without reasons, a
 * fee the quote would never produce, an acceptance of a suspended item), the test writes them with
 * SQL, as a department's own system would deliver them through a data import; such an import also
 * stamps the case's updated_at, which is what the incremental scan reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestApp, ADMIN_PASSWORD } from '../../test/harness.js'
import { publishItem, itemGuide, acceptedCase, getCase, taskOf, deptCookie } from '../joint/joint.core-fixture.js'
import { setupSup, workday, type SupFx } from './supervision.fixture.js'
import { scan } from './index.js'
import { systemCtx } from '../../server/context.js'
import { sweepTimeouts } from '../joint/index.js'

let fx: SupFx
beforeAll(async () => {
  fx = await setupSup()
})
afterAll(() => fx.t.close())

const touch = (id: number) => sql`UPDATE "case" SET updated_at = ${fx.t.clock.now()} WHERE id = ${id}`.execute(fx.t.deps.db)

describe('event rules', () => {
  it('flags a refusal or a denial without reasons, and not one with reasons', async () => {
    await fx.at('2026-11-09T10:00')
    const withReasons = await fx.windowCase('a')
    const denied = await fx.windowCase('a')
    const refused = await fx.windowCase('a')
    await sql`UPDATE "case" SET status = 'decided', decision = 'deny', decision_reasons = '不符合产业政策', decided_at = ${fx.t.clock.now()}, updated_at = ${fx.t.clock.now()} WHERE id = ${withReasons}`.execute(fx.t.deps.db)
    await sql`UPDATE "case" SET status = 'decided', decision = 'deny', decision_reasons = '  ', decided_at = ${fx.t.clock.now()}, updated_at = ${fx.t.clock.now()} WHERE id = ${denied}`.execute(fx.t.deps.db)
    await sql`UPDATE "case" SET status = 'refused', intake_kind = 'refuse', decision_reasons = NULL, updated_at = ${fx.t.clock.now()} WHERE id = ${refused}`.execute(fx.t.deps.db)
    await fx.scan()
    expect((await fx.alerts(withReasons)).filter((a) => a.kind === 'no_reasons')).toEqual([])
    expect(await fx.alerts(denied)).toMatchObject([{ kind: 'no_reasons', level: 'yellow', status: 'open' }])
    expect(await fx.alerts(refused)).toMatchObject([{ kind: 'no_reasons', status: 'open' }])
    // an event alert stays open after the case moved on; the condition scan does not close it
    await fx.scan()
    expect((await fx.alerts(denied))[0]!.status).toBe('open')
    const list = fx.ok(await fx.call('GET', `/api/supervision/alerts?kind=no_reasons&caseId=${denied}`, fx.sup.cookie))
    expect(list.items[0]).toMatchObject({ kindName: '未说明理由', rule: 'R18-5', evidenceText: '作出不予许可决定，未说明理由', caseId: denied })
  })

  it('flags a fee line outside the item’s rules or above its standard, and not the quoted fee', async () => {
    await fx.at('2026-11-10T10:00')
    const feeItem = await publishItem(fx.t, itemGuide(fx.U.get('a')!, '建设项目用地预审', [{ key: 'application', name: '申请书', requirement: 'required', condition: null, form: 'original', copies: 1, blankFormFileId: null, sampleFileId: null, eCertificateType: null, secondary: false, note: null }, { key: 'site_plan', name: '项目选址图', requirement: 'required', condition: null, form: 'original', copies: 1, blankFormFileId: null, sampleFileId: null, eCertificateType: null, secondary: false, note: null }], { fees: [{ key: 'reg', name: '登记费', basis: '鲁价费发〔2018〕1号', kind: 'flat', amountCents: 8000 }] }))
    const save = fx.items.a
    fx.items.a = feeItem
    const normal = await fx.windowCase('a')
    const irregular = await fx.windowCase('a')
    fx.items.a = save
    const order = await fx.t.deps.db.selectFrom('fee_order').select(['id']).where('case_id', '=', irregular).executeTakeFirstOrThrow()
    await fx.scan()
    expect((await fx.alerts(normal)).filter((a) => a.kind === 'fee_irregular')).toEqual([])
    // the department's charging system records 120 yuan for the 80-yuan fee and a 工本费 the item does not have
    await sql`UPDATE fee_line SET amount_cents = 12000 WHERE order_id = ${order.id} AND rule_key = 'reg'`.execute(fx.t.deps.db)
    await sql`INSERT INTO fee_line (order_id, seq, rule_key, name, basis, quantity, amount_cents, exempt_cents) VALUES (${order.id}, 2, 'copy', '工本费', '无', 1, 2000, 0)`.execute(fx.t.deps.db)
    await touch(irregular)
    await fx.scan()
    const fees = (await fx.alerts(irregular)).filter((a) => a.kind === 'fee_irregular')
    expect(fees).toHaveLength(2)
    const texts = (await fx.t.deps.db.selectFrom('supervision_alert').select('evidence_text').where('case_id', '=', irregular).where('kind', '=', 'fee_irregular').execute()).map((r) => r.evidence_text).sort()
    expect(texts).toEqual(['收费项目「工本费」不在该事项的收费标准之内（20.00 元）', '收费项目「登记费」金额 120.00 元，超过标准 80.00 元'])
    expect((await fx.alerts(normal)).filter((a) => a.kind === 'fee_irregular')).toEqual([])
  })

  it('flags a case accepted while its item was suspended, and not one accepted after the restart', async () => {
    // received at the window at 08:50; the item is suspended at 09:00 and restarted at 10:00
    await fx.at('2026-11-11T08:50')
    const imported = await fx.windowCase('b')
    await fx.at('2026-11-11T09:00')
    const admin = await fx.t.login('admin', ADMIN_PASSWORD)
    fx.ok(await fx.call('POST', `/api/catalog/items/${fx.items.b}/suspend`, admin, { reason: '上级部门调整审批权限' }))
    await fx.at('2026-11-11T10:00')
    fx.ok(await fx.call('POST', `/api/catalog/items/${fx.items.b}/restart`, admin, { reason: '调整完成', approvalRef: '德政办〔2026〕9号' }))
    await fx.at('2026-11-11T11:00')
    const after = await fx.windowCase('b')
    // the department's own system delivers the acceptance it recorded at 09:30, while the item stood suspended
    const at = new Date('2026-11-11T09:30:00+08:00')
    await sql`UPDATE "case" SET accepted_at = ${at}, updated_at = ${fx.t.clock.now()} WHERE id = ${imported}`.execute(fx.t.deps.db)
    await sql`UPDATE case_step SET started_at = ${at} WHERE case_id = ${imported} AND started_at IS NOT NULL`.execute(fx.t.deps.db)
    await sql`UPDATE case_step SET completed_at = ${at} WHERE case_id = ${imported} AND completed_at IS NOT NULL`.execute(fx.t.deps.db)
    await fx.scan()
    expect((await fx.alerts(after)).filter((a) => a.kind === 'suspended_item')).toEqual([])
    expect((await fx.alerts(imported)).filter((a) => a.kind === 'suspended_item')).toMatchObject([{ status: 'open', level: 'yellow' }])
  })
})

describe('joint forwarding (R17)', () => {
  it('flags a 同意但需转报 reply not forwarded within the working days, and closes it when the forwarding is recorded', async () => {
    await fx.at('2026-11-16T10:00')
    const c = await acceptedCase(fx)
    const task = taskOf(fx, c, 'b')
    fx.ok(await fx.call('POST', `/api/joint/tasks/${task.id}/reply`, deptCookie(fx, 'b'), { reply: '同意但需转报', forwardTo: '德州市自然资源和规划局' }))
    // forwarding is recorded only for a 同意但需转报 reply, by its own department
    const other = taskOf(fx, c, 'c')
    expect((await fx.call('POST', `/api/joint/tasks/${other.id}/forwarded`, deptCookie(fx, 'c'), { ref: 'X' })).statusCode).toBe(409)
    expect((await fx.call('POST', `/api/joint/tasks/${task.id}/forwarded`, fx.c.stranger, { ref: 'X' })).statusCode).toBe(404)
    const late = await workday(fx, '2026-11-16', 3)
    await fx.at(`${late}T17:00`)
    await fx.scan()
    const kinds = async () => (await fx.t.deps.db.selectFrom('supervision_alert').select(['status', 'close_reason']).where('kind', '=', 'late_forwarding').where('joint_case_id', '=', c.id).execute())
    expect(await kinds()).toEqual([])
    await fx.at(`${await workday(fx, late, 1)}T09:00`)
    await fx.scan()
    expect(await kinds()).toMatchObject([{ status: 'open' }])
    const r = fx.ok(await fx.call('POST', `/api/joint/tasks/${task.id}/forwarded`, deptCookie(fx, 'b'), { ref: '德自然资转〔2026〕15号' }))
    expect(r.case.id).toBe(c.id)
    expect((await fx.call('POST', `/api/joint/tasks/${task.id}/forwarded`, deptCookie(fx, 'b'), { ref: 'again' })).statusCode).toBe(409)
    await fx.scan()
    expect(await kinds()).toEqual([{ status: 'closed', close_reason: '已登记转报（德自然资转〔2026〕15号）' }])
  })
})

describe('deemed approval follow-up (R16)', () => {
  it('flags a deemed department that has not issued its document by the follow-up date, and closes it once issued', async () => {
    await fx.at('2026-09-22T10:00') // 住建's task (5 working days) is due 30 Sept; deemed on 1 Oct, document due 8 Oct
    const c = await acceptedCase(fx)
    const t = taskOf(fx, c, 'c')
    await fx.at('2026-10-01T00:05')
    await sweepTimeouts(fx.t.deps, systemCtx('test'), fx.t.clock.now())
    const deemed = taskOf(fx, await getCase(fx, c.id), 'c')
    expect(deemed).toMatchObject({ status: 'deemed', followupDue: '2026-10-08' })
    const rows = async () => fx.t.deps.db.selectFrom('supervision_alert').select(['status', 'close_reason', 'unit_id']).where('kind', '=', 'deemed_followup_overdue').where('joint_case_id', '=', c.id).execute()
    await fx.at('2026-10-08T17:00')
    await fx.scan()
    expect(await rows()).toEqual([])
    await fx.at('2026-10-09T09:00')
    await fx.scan()
    expect(await rows()).toMatchObject([{ status: 'open', unit_id: fx.U.get('c') }])
    fx.ok(await fx.call('POST', `/api/joint/tasks/${t.id}/issue`, deptCookie(fx, 'c')))
    await fx.scan()
    expect(await rows()).toMatchObject([{ status: 'closed', close_reason: '审批文书已出具' }])
  })
})

describe('two instances', () => {
  it('running the same pass at the same moment raise each alert and each notice once', async () => {
    await fx.at('2026-11-23T10:00')
    const ids = [await fx.windowCase('a'), await fx.windowCase('c')]
    await fx.at('2026-12-28T10:00') // long overdue: yellow cards, step alerts
    const second = await createTestApp({ testDb: fx.t.testDb, clock: fx.t.clock, database: await fx.t.testDb.openAnother() })
    try {
      const now = fx.t.clock.now()
      const [r1, r2] = await Promise.all([scan(fx.t.deps, now), scan(second.deps, now), scan(fx.t.deps, now)])
      expect(r1).toBeTruthy()
      expect(r2).toBeTruthy()
      for (const id of ids) {
        const rows = await fx.alerts(id)
        const keys = rows.map((r) => r.kind)
        expect(new Set(keys).size).toBe(keys.length)
        expect(keys).toContain('yellow_card')
      }
      const dup = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (SELECT case_id, event, recipient_user_id, body FROM notice_outbox WHERE event LIKE 'supervision.%' AND channel = 'inapp' GROUP BY 1, 2, 3, 4 HAVING count(*) > 1) d`.execute(fx.t.deps.db)
      expect(dup.rows[0]!.n).toBe(0)
      // every alert is listed in exactly one raise record (records are per kind and chunk, the ids in `after`)
      const listed = await sql<{ id: string; n: number }>`
        SELECT x.id, count(*)::int AS n FROM audit_record r, jsonb_array_elements_text(r.after->'ids') AS x(id)
         WHERE r.action = 'supervision.alert.raise' GROUP BY x.id`.execute(fx.t.deps.db)
      const times = new Map(listed.rows.map((r) => [Number(r.id), r.n]))
      const alerts = await sql<{ id: number }>`SELECT id FROM supervision_alert WHERE case_id IN (${sql.join(ids)})`.execute(fx.t.deps.db)
      expect(alerts.rows.length).toBeGreaterThan(0)
      expect(alerts.rows.map((a) => times.get(Number(a.id)) ?? 0)).toEqual(alerts.rows.map(() => 1))
    } finally {
      await second.app.close()
    }
  })
})
