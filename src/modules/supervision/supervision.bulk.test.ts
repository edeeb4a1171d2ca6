/**
 * Passes that raise and close many alerts at once (a first pass over a city's backlog): notices per
 * recipient (one by one up to 3 of a kind, then one digest), one audit record per kind and chunk of
 * 1,000 listing every alert, and each kind raised or closed in one transaction with its records and
 * notices.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { verifyChain } from '../audit/index.js'
import { cloneOpenCases, setupSup, type SupFx } from './supervision.fixture.js'

let fx: SupFx
beforeAll(async () => {
  fx = await setupSup()
})
afterAll(() => fx.t.close())

const inapp = async (userId: number, event: string, at: Date) =>
  (
    await fx.t.deps.db
      .selectFrom('notice_outbox')
      .select(['case_id', 'title', 'body'])
      .where('event', '=', event)
      .where('recipient_user_id', '=', userId)
      .where('channel', '=', 'inapp')
      .where('created_at', '=', at)
      .orderBy('id')
      .execute()
  ).map((r) => ({ caseId: r.case_id === null ? null : Number(r.case_id), title: r.title, body: r.body }))

const alertsOf = async (kind: string, caseIds: number[]) =>
  (await sql<{ id: number; case_id: number; xmin: string }>`SELECT id, case_id, xmin::text AS xmin FROM supervision_alert WHERE kind = ${kind} AND case_id = ANY(${caseIds}::bigint[]) ORDER BY id`.execute(fx.t.deps.db)).rows.map((r) => ({
    id: Number(r.id),
    caseId: Number(r.case_id),
    xmin: r.xmin,
  }))

const records = async (action: string, kind: string, at: Date) =>
  (
    await sql<{ target_id: string | null; summary: string; after: { count: number; ids: number[]; caseNumbers: (string | null)[]; reasons?: string[] }; xmin: string }>`
      SELECT target_id, summary, after, xmin::text AS xmin FROM audit_record WHERE action = ${action} AND after->>'kind' = ${kind} AND at = ${at} ORDER BY id`.execute(fx.t.deps.db)
  ).rows

const numbersOf = async (ids: number[]) =>
  new Map((await fx.t.deps.db.selectFrom('case').select(['id', 'number']).where('id', 'in', ids).execute()).map((c) => [Number(c.id), c.number]))

describe('notices when a pass raises many alerts', () => {
  it('sends a recipient with more than 3 alerts of a kind one digest, and one with 3 or fewer each alert as before', async () => {
    await fx.at('2026-11-16T10:00')
    const a = await fx.windowCase('a')
    const b = await fx.windowCase('b')
    // five overdue cases of 发改 assigned to its reviewer, two of the second department assigned to its reviewer
    const many = await cloneOpenCases(fx, a, 5, { promisedDue: '2026-11-13', assigneeId: fx.ids.leadRev!, tag: 'DGA' })
    const few = await cloneOpenCases(fx, b, 2, { promisedDue: '2026-11-13', assigneeId: fx.ids.revB!, tag: 'DGB' })
    const now = fx.t.clock.now()
    const r = await fx.scan()
    expect(r.raised.yellow_card).toBe(7)

    // the handler and the leader of the five: one digest each (count, the first case numbers), no card notices
    for (const who of [fx.ids.leadRev!, fx.ids.apprA!]) {
      const digests = await inapp(who, 'supervision.digest', now)
      expect(digests).toHaveLength(1)
      expect(digests[0]).toMatchObject({ caseId: null, title: '电子监察黄牌汇总：5件' })
      expect(digests[0]!.body).toContain('本次电子监察新增黄牌5件，含办件DGA00001、DGA00002、DGA00003等')
      expect(digests[0]!.body).toContain('下一步：')
      expect((await inapp(who, 'supervision.card', now)).filter((n) => many.includes(n.caseId!))).toEqual([])
    }
    // the handler and the leader of the two: each card on its own, as before
    for (const who of [fx.ids.revB!, fx.ids.apprB!]) {
      expect(await inapp(who, 'supervision.digest', now)).toEqual([])
      const cards = await inapp(who, 'supervision.card', now)
      expect(cards.map((n) => n.caseId).sort()).toEqual([...few].sort())
      expect(cards[0]!.body).toMatch(/^办件DGB0000[12]（.+）承诺办结期限 2026-11-13 已过，仍未办结，.+被亮黄牌。下一步：请于2026年11月18日前办结并提交说明/)
    }
  })
})

describe('a pass raising thousands of alerts', () => {
  it('raises and closes each kind in one transaction, with one audit record per 1,000 alerts listing them all', async () => {
    await fx.at('2026-11-18T10:00')
    const src = await fx.windowCase('a')
    const yellowOnly = await cloneOpenCases(fx, src, 2500, { promisedDue: '2026-11-17', assigneeId: fx.ids.leadRev!, tag: 'BKY' })
    const red = await cloneOpenCases(fx, src, 1200, { promisedDue: '2026-10-12', assigneeId: fx.ids.leadRev!, tag: 'BKR' })
    const all = [...yellowOnly, ...red]
    const numbers = await numbersOf(all)
    const raisedAt = fx.t.clock.now()
    const r = await fx.scan()
    expect(r.raised.yellow_card).toBe(3700)
    expect(r.raised.red_card).toBe(1200)

    const txOf: Record<string, string> = {}
    for (const [kind, cases, chunks] of [['yellow_card', all, [1000, 1000, 1000, 700]], ['red_card', red, [1000, 200]]] as const) {
      const alerts = await alertsOf(kind, [...cases])
      expect(alerts.map((x) => x.caseId).sort((p, q) => p - q)).toEqual([...cases].sort((p, q) => p - q))
      const recs = await records('supervision.alert.raise', kind, raisedAt)
      expect(recs.map((x) => x.after.count)).toEqual(chunks)
      expect(recs.map((x) => x.after.ids.length)).toEqual(chunks)
      expect(recs.every((x) => x.target_id === null)).toBe(true)
      expect(recs[0]!.summary).toMatch(new RegExp(`^${kind === 'red_card' ? '红牌' : '黄牌'} 1,000 件（`))
      // every alert in exactly one record, with its case number beside it
      const listed = recs.flatMap((x) => x.after.ids.map((id, i) => [Number(id), x.after.caseNumbers[i]] as const))
      expect(listed.map(([id]) => id)).toEqual(alerts.map((x) => x.id))
      expect(listed.map(([, n]) => n)).toEqual(alerts.map((x) => numbers.get(x.caseId)))
      // alerts, their records and their notices: one transaction per kind
      const digest = await sql<{ xmin: string }>`SELECT DISTINCT xmin::text AS xmin FROM notice_outbox WHERE event = 'supervision.digest' AND created_at = ${raisedAt} AND title LIKE ${`%${kind === 'red_card' ? '红牌' : '黄牌'}汇总%`}`.execute(fx.t.deps.db)
      const txs = new Set([...alerts.map((x) => x.xmin), ...recs.map((x) => x.xmin), ...digest.rows.map((x) => x.xmin)])
      expect(txs.size).toBe(1)
      txOf[kind] = [...txs][0]!
    }
    expect(txOf.yellow_card).not.toBe(txOf.red_card)
    // the yellow cards' follow-up dates, set in the same statement for all: promised + 3 working days
    const dues = await sql<{ due: string; n: number }>`SELECT due::text AS due, count(*)::int AS n FROM supervision_alert WHERE kind = 'yellow_card' AND case_id = ANY(${all}::bigint[]) GROUP BY due ORDER BY due`.execute(fx.t.deps.db)
    expect(dues.rows).toEqual([
      { due: '2026-10-15', n: 1200 },
      { due: '2026-11-20', n: 2500 },
    ])
    // the one handler and the one leader: one digest per kind, no notice per alert
    for (const who of [fx.ids.leadRev!, fx.ids.apprA!]) {
      expect((await inapp(who, 'supervision.digest', raisedAt)).map((n) => n.title).sort()).toEqual(['电子监察红牌汇总：1,200件', '电子监察黄牌汇总：3,700件'])
      expect(await inapp(who, 'supervision.card', raisedAt)).toEqual([])
    }

    // all of them completed: each kind closed in one transaction, one record per 1,000 closed
    await fx.at('2026-11-18T10:05')
    await sql`UPDATE "case" SET status = 'completed', completed_at = ${fx.t.clock.now()}, updated_at = ${fx.t.clock.now()} WHERE id = ANY(${all}::bigint[])`.execute(fx.t.deps.db)
    const closedAt = fx.t.clock.now()
    const r2 = await fx.scan()
    expect(r2.closed).toBeGreaterThanOrEqual(4900)
    for (const [kind, cases, chunks] of [['yellow_card', all, [1000, 1000, 1000, 700]], ['red_card', red, [1000, 200]]] as const) {
      const alerts = await alertsOf(kind, [...cases])
      const recs = await records('supervision.alert.close', kind, closedAt)
      expect(recs.map((x) => x.after.count)).toEqual(chunks)
      expect(recs.flatMap((x) => x.after.ids.map(Number)).sort((p, q) => p - q)).toEqual(alerts.map((x) => x.id))
      expect(recs.flatMap((x) => x.after.reasons!)).toEqual(alerts.map(() => '办件已办结'))
      expect(recs[0]!.summary).toBe(`${kind === 'red_card' ? '红牌' : '黄牌'}解除 1,000 件：办件已办结 1,000 件`)
      expect(new Set([...alerts.map((x) => x.xmin), ...recs.map((x) => x.xmin)]).size).toBe(1)
    }
    expect((await verifyChain(fx.t.deps.db)).ok).toBe(true)
  })

  it('keeps the per-alert record for a pass that raises a single alert of a kind', async () => {
    await fx.at('2026-11-19T10:00')
    const src = await fx.windowCase('a')
    const [one] = await cloneOpenCases(fx, src, 1, { promisedDue: '2026-11-18', assigneeId: fx.ids.leadRev!, tag: 'ONE' })
    const at = fx.t.clock.now()
    await fx.scan()
    const [alert] = await alertsOf('yellow_card', [one!])
    const recs = await records('supervision.alert.raise', 'yellow_card', at)
    expect(recs).toHaveLength(1)
    expect(recs[0]).toMatchObject({ target_id: String(alert!.id), summary: 'ONE00001：黄牌（R18-2 / R19）：承诺办结期限 2026-11-18 已过，仍未办结' })
    expect(recs[0]!.after).toMatchObject({ count: 1, ids: [alert!.id], caseNumbers: ['ONE00001'], caseId: one, due: '2026-11-23' })
  })
})
