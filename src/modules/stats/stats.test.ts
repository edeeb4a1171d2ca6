/**
 * The headline KPIs on a hand-built set of cases driven through the real case routes with the clock
 * moved (September 2026, 德城区, no holidays in 09-01..09-18), checked against figures worked out
 * by hand; the incremental rollups; two refreshes at once; grades; the report PDF; public routes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { markEventsStale, refreshStats } from './stats.refresh.js'
import { overdueOpenAt, sumsBy } from './stats.repository.js'
import { screen } from './stats.service.js'
import { addDays } from './stats.kpis.js'
import { lightCounts } from '../supervision/index.js'
import { at, finish, instantItem, onlineCase, pdfText, promisedItem, publishItem, setupStatsFx, uniq, windowCase, type StatsFx } from './stats.testkit.js'

let fx: StatsFx
const ids: Record<string, number> = {}
let A: number
let B: number

async function insertRating(caseId: number, unitId: number, stars: number, when: string, status = 'normal') {
  await sql`INSERT INTO rating (channel, source, stars, case_id, unit_id, status, created_at, region_code)
            VALUES ('online', 'online', ${stars}, ${caseId}, ${unitId}, ${status}, ${at(when)}, '371402')`.execute(fx.t.deps.db)
}
async function insertAlert(kind: string, level: string, caseId: number, unitId: number, when: string) {
  await sql`INSERT INTO supervision_alert (kind, level, rule, dedupe_key, case_id, unit_id, raised_at, region_code)
            VALUES (${kind}, ${level}, 'R19', ${uniq('k')}, ${caseId}, ${unitId}, ${at(when)}, '371402')`.execute(fx.t.deps.db)
}
const kpis = async (q: string, cookie = fx.supervisor) => fx.ok(await fx.call('GET', `/api/stats/kpis?${q}`, cookie))
const ROLLUPS = ['stats_unit_day', 'stats_unit_month', 'stats_unit_total', 'stats_item_day', 'stats_item_month', 'stats_item_total', 'stats_staff_day', 'stats_open']
/** Every rollup row with a non-zero measure (a row whose differences cancelled out may stay, all zeros). */
const snapshot = async () => {
  const out: string[] = []
  for (const t of ROLLUPS) {
    const rows = (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(t)}`.execute(fx.t.deps.db)).rows
    for (const r of rows) {
      const measures = Object.entries(r).filter(([k]) => !['day', 'month', 'unit_id', 'window_id', 'channel', 'level', 'item_id', 'user_id', 'region_code', 'due', 'paused'].includes(k))
      if (measures.some(([, v]) => Number(v) !== 0)) out.push(JSON.stringify({ table: t, ...r }))
    }
  }
  return out.sort()
}

beforeAll(async () => {
  fx = await setupStatsFx(['a', 'b'])
  A = fx.depts.a!.id
  B = fx.depts.b!.id
  const items = {
    ai: await publishItem(fx.t, instantItem(A, '个体工商户名称变更（即办）', 5)),
    a1: await publishItem(fx.t, promisedItem(A, '食品经营许可', 5, 20)),
    b1: await publishItem(fx.t, promisedItem(B, '建设工程规划许可', 5, 20)),
  }
  // Tue 09-01
  fx.set('2026-09-01T10:00:00')
  ids.c1 = await windowCase(fx, items.ai) // instant: accepted and completed on the spot
  ids.c2 = await windowCase(fx, items.a1)
  ids.c3 = await windowCase(fx, items.a1)
  ids.c4 = await onlineCase(fx, items.b1)
  fx.ok(await fx.call('POST', `/api/cases/${ids.c4}/intake`, fx.win, { decision: 'accept' }))
  ids.c6 = await onlineCase(fx, items.a1)
  fx.ok(await fx.call('POST', `/api/cases/${ids.c6}/intake`, fx.win, { decision: 'refuse', reasons: '申请人不具备资格', refusalKind: 'not_qualified' }))
  ids.c7 = await windowCase(fx, items.a1)
  ids.c5 = await windowCase(fx, items.a1, false)
  fx.ok(await fx.call('POST', `/api/cases/${ids.c5}/intake`, fx.win, { decision: 'correction', items: [{ materialKey: null, problem: '申请书未签字' }] }))
  fx.ok(await fx.call('POST', `/api/cases/${ids.c5}/correction`, fx.win, { note: '已补签' }))
  // Wed 09-02
  fx.set('2026-09-02T10:00:00')
  fx.ok(await fx.call('POST', `/api/cases/${ids.c5}/intake`, fx.win, { decision: 'accept' }))
  const c2 = fx.ok(await fx.call('GET', `/api/cases/${ids.c2}`, fx.win)).case
  const review = c2.steps.find((s: { key: string }) => s.key === 'review')
  fx.ok(await fx.call('POST', `/api/cases/${ids.c2}/steps/${review.id}/complete`, fx.depts.a!.reviewer, { opinion: '审核通过', outcome: 'pass' }))
  fx.ok(await fx.call('POST', `/api/cases/${ids.c4}/pauses`, fx.depts.b!.reviewer, { kind: 'site_inspection', reason: '现场勘验', expectedDays: 3 }))
  fx.ok(await fx.call('POST', `/api/cases/${ids.c7}/withdraw`, fx.win, { reason: '申请人撤回' }))
  // Thu 09-03
  fx.set('2026-09-03T10:00:00')
  await finish(fx, ids.c2, fx.depts.a!)
  // Mon 09-07
  fx.set('2026-09-07T10:00:00')
  const pause = await fx.t.deps.db.selectFrom('case_pause').select('id').where('case_id', '=', ids.c4).executeTakeFirstOrThrow()
  fx.ok(await fx.call('POST', `/api/cases/${ids.c4}/pauses/${pause.id}/resume`, fx.depts.b!.reviewer))
  // Wed 09-09, Thu 09-10
  fx.set('2026-09-09T10:00:00')
  await finish(fx, ids.c3, fx.depts.a!)
  fx.set('2026-09-10T10:00:00')
  await finish(fx, ids.c4, fx.depts.b!)
  // ratings: ★5, ★3, ★1 valid; ★2 voided on appeal. Alerts: a prompt and two yellow cards.
  await insertRating(ids.c1!, A, 5, '2026-09-10T11:00:00')
  await insertRating(ids.c2!, A, 3, '2026-09-10T11:00:00')
  await insertRating(ids.c3!, A, 1, '2026-09-10T11:00:00')
  await insertRating(ids.c4!, B, 2, '2026-09-10T11:00:00', 'void')
  await insertAlert('deadline_near', 'prompt', ids.c3!, A, '2026-09-07T09:00:00')
  await insertAlert('yellow_card', 'yellow', ids.c3!, A, '2026-09-09T09:00:00')
  await insertAlert('yellow_card', 'yellow', ids.c5!, A, '2026-09-10T09:00:00')
  fx.set('2026-09-18T10:00:00')
  await refreshStats(fx.t.deps)
}, 120_000)

afterAll(async () => {
  await fx?.t.close()
})

describe('the headline KPIs on a hand-built set', () => {
  it('September: every figure as worked out by hand', async () => {
    const k = await kpis('period=month&date=2026-09-18')
    expect(k.from).toBe('2026-09-01')
    expect(k.to).toBe('2026-09-30')
    // received: c1..c7 (c6 refused at intake is received, not accepted)
    expect(k.received).toBe(7)
    // accepted: c1 c2 c3 c4 c5 c7
    expect(k.accepted).toBe(6)
    // completed: c1 (instant) c2 c3 c4
    expect(k.completed).toBe(4)
    // 办结率: of the accepted not withdrawn (c1..c5 = 5), completed 4 → 0.8
    expect(k.completionRate).toBeCloseTo(4 / 5, 10)
    // 按时: c1 instant, c2 decided 09-03 ≤ due 09-08, c4 decided 09-10 ≤ due 09-11 (3 paused days); c3 decided 09-09 > 09-08
    expect(k.completedOnTime).toBe(3)
    expect(k.onTimeRate).toBeCloseTo(3 / 4, 10)
    expect(k.instant).toBe(1)
    expect(k.instantRate).toBeCloseTo(1 / 4, 10)
    // working days: c1 0; c2 09-02,03 = 2; c3 09-02..04,07..09 = 6; c4 7 days to 09-10 minus paused 09-03,04,07 = 4 → 12 / 4 = 3
    expect(k.avgWorkdays).toBeCloseTo(3, 10)
    // 提速率 = 1 − 12 / (5 + 20 + 20 + 20)
    expect(k.speedUpRate).toBeCloseTo(1 - 12 / 65, 10)
    // valid ratings ★5 ★3 ★1 (the void ★2 is not counted): 2 satisfied of 3, 1 bad
    expect(k.ratings).toBe(3)
    expect(k.satisfactionRate).toBeCloseTo(2 / 3, 10)
    expect(k.badReviews).toBe(1)
    // overdue: c3 completed late + c5 open past its promised 09-09
    expect(k.overdue).toBe(2)
    // one one-time correction notice (c5)
    expect(k.corrections).toBe(1)
    expect(k.alerts).toBe(1)
    expect(k.yellowCards).toBe(2)
    expect(k.redCards).toBe(0)
    // accepted by channel: online c4; window c1 c2 c3 c5 c7
    expect(k.byChannel).toEqual({ online: 1, window: 5 })
    expect(k.byLevel).toEqual({ 县级: 6 })
  })

  it('a week (ISO, Monday first) and a unit: only their cases', async () => {
    // week 37: 09-07..09-13: completed c3 (late) and c4 (on time); nothing accepted
    const w = await kpis('period=week&date=2026-09-09')
    expect([w.from, w.to]).toEqual(['2026-09-07', '2026-09-13'])
    expect([w.accepted, w.completed, w.completedOnTime]).toEqual([0, 2, 1])
    // overdue: c3 completed late in the week + c5 open past due at 09-13
    expect(w.overdue).toBe(2)
    const b = await kpis(`period=month&date=2026-09-01&unitId=${B}`)
    expect([b.received, b.accepted, b.completed, b.ratings]).toEqual([1, 1, 1, 0])
    expect(b.satisfactionRate).toBeNull()
    expect(b.avgWorkdays).toBe(4)
    // a day with nothing: rates are null, not 0
    const empty = await kpis('period=day&date=2026-09-05')
    expect(empty.completed).toBe(0)
    expect(empty.onTimeRate).toBeNull()
    expect(empty.completionRate).toBeNull()
  })

  it('trend and breakdown sum to the period figures', async () => {
    const tr = fx.ok(await fx.call('GET', '/api/stats/trend?grain=day&from=2026-09-01&to=2026-09-18', fx.supervisor))
    expect(tr).toHaveLength(18)
    expect(tr.reduce((s: number, p: { completed: number }) => s + p.completed, 0)).toBe(4)
    expect(tr.find((p: { label: string }) => p.label === '2026-09-01').accepted).toBe(5)
    const byDept = fx.ok(await fx.call('GET', '/api/stats/breakdown?by=department&period=month&date=2026-09-01', fx.supervisor))
    expect(byDept.map((r: { key: string; kpis: { accepted: number } }) => [Number(r.key), r.kpis.accepted]).sort()).toEqual([[A, 5], [B, 1]].sort())
    const xlsx = await fx.call('GET', '/api/stats/breakdown.xlsx?by=channel&period=month&date=2026-09-01', fx.supervisor)
    expect(xlsx.statusCode).toBe(200)
    expect(xlsx.headers['content-type']).toContain('spreadsheetml')
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK')
  })

  it('sums over any range are the same read from month rows (whole, or less the days outside) as from day rows', async () => {
    const db = fx.t.deps.db
    // 09-01..09-18: the September row less 09-19..30; 08-20..09-16: twelve August days and sixteen of
    // September (days); 09-02..10-31: September less 09-01, October whole; 08-01..09-30: two months
    for (const [from, to] of [['2026-09-01', '2026-09-18'], ['2026-08-20', '2026-09-16'], ['2026-09-02', '2026-10-31'], ['2026-08-01', '2026-09-30']]) {
      for (const family of ['unit', 'item'] as const) {
        const key = family === 'item' ? sql`d.item_id` : sql`d.unit_id`
        const viaMonths = await sumsBy(db, sql`true`, from!, to!, { key, family })
        const viaDays = await sumsBy(db, sql`true`, from!, to!, { key, family, daysOnly: true })
        expect([...viaMonths.entries()].filter(([, v]) => v.received + v.accepted + v.completed + v.ratings + v.alerts > 0).sort(), `${family} ${from}..${to}`).toEqual(
          [...viaDays.entries()].filter(([, v]) => v.received + v.accepted + v.completed + v.ratings + v.alerts > 0).sort(),
        )
        expect([...viaDays.values()].reduce((n, v) => n + v.received + v.completed, 0), `${family} ${from}..${to}`).toBeGreaterThan(0)
      }
    }
  })

  it('a breakdown is paged on request: busiest first, the count of all rows in X-Total-Count', async () => {
    const all = fx.ok(await fx.call('GET', '/api/stats/breakdown?by=item&period=month&date=2026-09-18', fx.supervisor)) as { key: string; kpis: { accepted: number; completed: number } }[]
    expect(all.length).toBeGreaterThanOrEqual(3)
    const pages: { key: string; kpis: { accepted: number; completed: number } }[] = []
    for (let offset = 0; offset < all.length + 1; offset += 2) {
      const res = await fx.call('GET', `/api/stats/breakdown?by=item&period=month&date=2026-09-18&limit=2&offset=${offset}`, fx.supervisor)
      expect(res.headers['x-total-count'], `${offset} ${res.statusCode} ${JSON.stringify(res.headers)}`).toBe(String(all.length))
      const rows = fx.ok(res)
      expect(rows.length).toBe(Math.min(2, Math.max(0, all.length - offset)))
      pages.push(...rows)
    }
    // the same rows with the same figures, each once, ordered by accepted then completed
    expect(pages.map((r) => r.key).sort()).toEqual(all.map((r) => r.key).sort())
    for (const r of pages) expect(r).toEqual(all.find((x) => x.key === r.key))
    for (let i = 1; i < pages.length; i++) {
      const a = pages[i - 1]!.kpis
      const b = pages[i]!.kpis
      expect(a.accepted > b.accepted || (a.accepted === b.accepted && a.completed >= b.completed)).toBe(true)
    }
    expect((await fx.call('GET', '/api/stats/breakdown?by=item&limit=0', fx.supervisor)).statusCode).toBe(400)
    expect((await fx.call('GET', '/api/stats/breakdown?by=item&limit=501', fx.supervisor)).statusCode).toBe(400)
  })

  it('a trend by month equals its days added up', async () => {
    for (const [from, to] of [['2026-08-20', '2026-09-16'], ['2026-09-02', '2026-09-30'], ['2026-08-20', '2026-10-05']]) {
      const months = fx.ok(await fx.call('GET', `/api/stats/trend?grain=month&from=${from}&to=${to}`, fx.supervisor))
      type P = { label: string; from: string; to: string; completed: number; completedOnTime: number; overdue: number; [k: string]: number | string }
      // a trend's buckets are whole periods: the days of the same buckets
      const span = { from: (months as P[])[0]!.from, to: (months as P[])[months.length - 1]!.to }
      const days = fx.ok(await fx.call('GET', `/api/stats/trend?grain=day&from=${span.from}&to=${span.to}`, fx.supervisor))
      for (const m of months as P[]) {
        const inside = (days as P[]).filter((d) => d.label >= m.from && d.label <= m.to)
        for (const k of ['received', 'accepted', 'completed', 'completedOnTime', 'instant', 'ratings', 'badReviews', 'alerts', 'yellowCards', 'corrections']) {
          expect(m[k], `${from}..${to} ${m.label} ${k}`).toBe(inside.reduce((s, d) => s + Number(d[k]), 0))
        }
        // overdue = completed late + open overdue at the end: the bucket's open part is its last day's
        // (every case here has a promised date, so late = completed − completed on time)
        const late = (d: P) => d.completed - d.completedOnTime
        const last = inside[inside.length - 1]!
        expect(m.overdue - inside.reduce((s, d) => s + late(d), 0), `${from}..${to} ${m.label} open overdue`).toBe(last.overdue - late(last))
      }
      expect((months as P[]).reduce((s, m) => s + m.completed, 0)).toBe((days as P[]).reduce((s, d) => s + d.completed, 0))
    }
  })

  it('staff rollups: the reviewer of A did two reviews, one on time', async () => {
    const r = fx.ok(await fx.call('GET', '/api/stats/rankings?scope=staff&period=month&date=2026-09-01', fx.supervisor))
    const reviewerRows = r.rows.filter((x: { name: string }) => x.name === '测试reviewer')
    // A's reviewer: c2 review done 09-02 (due 09-03), c3 review done 09-09 (late); B's reviewer: c4 09-10
    expect(reviewerRows.map((x: { handled: number }) => x.handled).sort()).toEqual([1, 2])
    const a = reviewerRows.find((x: { handled: number }) => x.handled === 2)
    expect(a.onTimeRate).toBeCloseTo(0.5, 10)
    expect(a.completedEarly).toBe(1)
  })

  it('quarterly grades follow the thresholds set by the centre administrator', async () => {
    const g = fx.ok(await fx.call('GET', '/api/stats/grades?quarter=2026Q3', fx.supervisor))
    const a = g.find((x: { unitId: number }) => x.unitId === A)
    const b = g.find((x: { unitId: number }) => x.unitId === B)
    // B: 40 + 10 + 10 (提速 1 − 4/20 ≥ 0.5) + 20 (no valid rating) + 10 + 10 = 100
    expect(b.score).toBe(100)
    // A: 40·2/3 + 10·3/4 + 10 (1 − 8/45) + 20·2/3 + 10 (no correction on completed cases) + (10 − 0.5 − 2·2) = 73.0
    expect(a.score).toBeCloseTo(73, 5)
    expect(a.parts.yellowCards).toBe(2)
    expect([a.grade, a.gradeName]).toEqual(['pass', '合格'])
    fx.ok(await fx.call('PUT', '/api/stats/settings', fx.admin, { grades: { excellent: 95, good: 72, pass: 50 } }))
    expect(fx.ok(await fx.call('GET', '/api/stats/settings', fx.supervisor)).grades).toEqual({ excellent: 95, good: 72, pass: 50 })
    const g2 = fx.ok(await fx.call('GET', '/api/stats/grades?quarter=2026Q3', fx.supervisor))
    expect(g2.find((x: { unitId: number }) => x.unitId === A).gradeName).toBe('良好')
    // thresholds out of order, and a supervisor may not change them
    expect((await fx.call('PUT', '/api/stats/settings', fx.admin, { grades: { excellent: 50, good: 72, pass: 50 } })).statusCode).toBe(400)
    expect((await fx.call('PUT', '/api/stats/settings', fx.supervisor, { grades: { excellent: 95, good: 72, pass: 50 } })).statusCode).toBe(403)
    const x = await fx.call('GET', '/api/stats/grades.xlsx?quarter=2026Q3', fx.supervisor)
    expect(x.statusCode).toBe(200)
  })

  it('the monthly report is a PDF with the month’s figures', async () => {
    const r = await fx.call('GET', '/api/stats/report.pdf?month=2026-09', fx.supervisor)
    expect(r.statusCode).toBe(200)
    expect(r.headers['content-type']).toBe('application/pdf')
    const text = await pdfText(r.rawPayload)
    expect(text).toContain('电子监察月报')
    expect(text).toContain('2026年9月')
    expect(text).toContain('按时办结率75.0%')
    expect(text).toContain('办结率80.0%')
    expect(text).toContain('黄牌2张')
    expect(text).toContain('德城区a局')
    expect(text).toContain('预警提示')
    expect(text).toContain('差评1条')
    expect(text).toContain('五、差评与整改')
  })

  it('public routes need no login and show no personal data', async () => {
    fx.set('2026-09-18T16:00:00')
    const s = await fx.call('GET', '/api/public/screen')
    expect(s.statusCode).toBe(200)
    const body = s.json()
    expect(body.month.completed).toBe(4)
    expect(body.trend).toHaveLength(30)
    // open cases: c5 accepted and past its promised date → red
    expect(body.lights.red).toBeGreaterThanOrEqual(1)
    expect(body.recent.length).toBeGreaterThan(0)
    for (const r of body.recent) expect(r.applicant).toMatch(/\*\*/)
    expect(s.body).not.toContain(fx.ent.name)
    expect(s.body).not.toContain(fx.ent.login)
    fx.ok(await fx.call('POST', '/api/stats/rankings/publish', fx.supervisor, { scope: 'staff', period: 'month', date: '2026-09-01', fair: false }), 201)
    const pub = await fx.call('GET', '/api/public/rankings')
    expect(pub.statusCode).toBe(200)
    const list = pub.json()
    expect(list[0].scope).toBe('staff')
    // no account ids on the public page: a staff row's id is its rank
    for (const r of list[0].rows) expect(r.id).toBe(r.rank)
    // and their names masked: 测试reviewer → 测试********er
    expect(list[0].rows.length).toBeGreaterThan(0)
    for (const r of list[0].rows) expect(r.name).toContain('*')
    expect(pub.body).not.toContain('测试reviewer')
  })

  it('answers 4xx on bad input', async () => {
    expect((await fx.call('GET', '/api/stats/kpis?period=month&date=2026-02-30', fx.supervisor)).statusCode).toBe(400)
    expect((await fx.call('GET', '/api/stats/kpis?period=fortnight', fx.supervisor)).statusCode).toBe(400)
    expect((await fx.call('GET', '/api/stats/kpis?unitId=999999999', fx.supervisor)).statusCode).toBe(404)
    expect((await fx.call('GET', `/api/stats/kpis?unitId=${A}`, fx.depts.b!.reviewer)).statusCode).toBe(404)
    expect((await fx.call('GET', '/api/stats/kpis')).statusCode).toBe(401)
    expect((await fx.call('GET', '/api/stats/kpis', fx.ent.cookie)).statusCode).toBe(403)
    expect((await fx.call('GET', '/api/stats/rankings?scope=department', fx.depts.a!.reviewer)).statusCode).toBe(403)
    expect((await fx.call('GET', '/api/stats/trend?from=2026-09-10&to=2026-09-01', fx.supervisor)).statusCode).toBe(400)
    expect((await fx.call('GET', '/api/stats/trend?grain=day&from=2020-01-01&to=2026-09-01', fx.supervisor)).statusCode).toBe(400)
    expect((await fx.call('GET', '/api/stats/grades?quarter=2026Q5', fx.supervisor)).statusCode).toBe(400)
    expect((await fx.call('GET', '/api/stats/report.pdf?month=2026-13', fx.supervisor)).statusCode).toBe(400)
    expect((await fx.call('POST', '/api/stats/rankings/publish', fx.supervisor, { scope: 'department', period: 'year', date: '2026-09-01', fair: true })).statusCode).toBe(400)
  })

  it('a change to one case after a refresh changes exactly its figures', async () => {
    fx.set('2026-09-18T10:00:00')
    await refreshStats(fx.t.deps)
    const before = await snapshot()
    const bBefore = await kpis(`period=month&date=2026-09-01&unitId=${B}`)
    // Fri 09-18: c5 (accepted 09-02, due 09-09) is decided and completed, late
    await finish(fx, ids.c5!, fx.depts.a!)
    fx.set('2026-09-18T10:05:00')
    const r = await refreshStats(fx.t.deps)
    expect(r.cases).toBeGreaterThanOrEqual(1)
    const after = await snapshot()
    const changed = [...after.filter((x) => !before.includes(x)), ...before.filter((x) => !after.includes(x))].map((x) => JSON.parse(x) as { table: string; day?: string; month?: string; unit_id: string | number })
    expect(changed.length).toBeGreaterThan(0)
    // only unit A's rows of c5's days (accepted 09-02, overdue from 09-10, completed and overdue-out
    // 09-18), its month, its all-time rows and its open count; the staff rows of the steps done that
    // day (under the unit each step belongs to)
    for (const c of changed) {
      if (c.table === 'stats_staff_day') {
        expect(c.day).toBe('2026-09-18')
        continue
      }
      expect(Number(c.unit_id), JSON.stringify(c)).toBe(A)
      if (c.day !== undefined) expect(['2026-09-02', '2026-09-10', '2026-09-18']).toContain(c.day)
      if (c.month !== undefined) expect(c.month).toBe('2026-09')
    }
    expect(new Set(changed.map((c) => c.table))).toEqual(new Set(['stats_unit_day', 'stats_unit_month', 'stats_unit_total', 'stats_item_day', 'stats_item_month', 'stats_item_total', 'stats_staff_day', 'stats_open']))
    expect(await kpis(`period=month&date=2026-09-01&unitId=${B}`)).toEqual(bBefore)
    const k = await kpis('period=month&date=2026-09-18')
    expect(k.completed).toBe(5)
    expect(k.completionRate).toBe(1)
    expect(k.onTimeRate).toBeCloseTo(3 / 5, 10)
    // c5: 09-03..04, 07..11, 14..18 = 12 working days → (12 + 12) / 5
    expect(k.avgWorkdays).toBeCloseTo(24 / 5, 10)
    expect(k.speedUpRate).toBeCloseTo(1 - 24 / 85, 10)
    // still 2 overdue: c3 and c5 both completed late; none open
    expect(k.overdue).toBe(2)
  })

  it('two refreshes at once give the same rollups as one refresh from scratch', async () => {
    const reset = async () => {
      for (const t of ['stats_case_fact', 'stats_step_fact', 'stats_rating_fact', 'stats_alert_fact', 'stats_event_queue', ...ROLLUPS]) await sql`DELETE FROM ${sql.table(t)}`.execute(fx.t.deps.db)
      await sql`UPDATE stats_watermark SET at = NULL, last_id = 0`.execute(fx.t.deps.db)
    }
    // the rollups as the incremental refreshes of the tests above left them (differences applied
    // case by case) must equal the rollups rebuilt from nothing
    const incremental = await snapshot()
    await reset()
    await refreshStats(fx.t.deps)
    const once = await snapshot()
    expect(once).toEqual(incremental)
    const staffOnce = (await sql`SELECT * FROM stats_staff_day ORDER BY day, user_id, unit_id`.execute(fx.t.deps.db)).rows
    await reset()
    const other = await fx.t.testDb.openAnother()
    try {
      await Promise.all([refreshStats(fx.t.deps), refreshStats({ ...fx.t.deps, db: other.db }), refreshStats(fx.t.deps)])
    } finally {
      await other.close()
    }
    expect(await snapshot()).toEqual(once)
    expect((await sql`SELECT * FROM stats_staff_day ORDER BY day, user_id, unit_id`.execute(fx.t.deps.db)).rows).toEqual(staffOnce)
    expect(once.length).toBeGreaterThan(5)
  })

  it('the overdue count at any date equals the cases overdue and undecided that day', async () => {
    fx.set('2026-09-18T10:00:00')
    await refreshStats(fx.t.deps)
    let nonZero = 0
    for (let d = '2026-08-31'; d <= '2026-10-20'; d = addDays(d, 1)) {
      const direct = await sql<{ n: string }>`
        SELECT count(*) AS n FROM stats_case_fact WHERE overdue_from <= ${d} AND (overdue_to IS NULL OR overdue_to > ${d})`.execute(fx.t.deps.db)
      const fromRollups = (await overdueOpenAt(fx.t.deps.db, 'unit', sql`true`, d, sql`''`)).get('') ?? 0
      expect(fromRollups, d).toBe(Number(direct.rows[0]!.n))
      if (fromRollups > 0) nonZero++
    }
    expect(nonZero).toBeGreaterThan(3)
  })

  it('ratings and alerts are counted from their queue: a new one, a voided one, a deleted one', async () => {
    fx.set('2026-09-18T10:00:00')
    await refreshStats(fx.t.deps)
    const before = await kpis('period=month&date=2026-09-18')
    await insertRating(ids.c5!, A, 1, '2026-09-18T09:00:00')
    await insertAlert('yellow_card', 'yellow', ids.c2!, A, '2026-09-18T09:30:00')
    expect(Number((await sql<{ n: string }>`SELECT count(*) AS n FROM stats_event_queue`.execute(fx.t.deps.db)).rows[0]!.n)).toBe(2)
    await refreshStats(fx.t.deps)
    const added = await kpis('period=month&date=2026-09-18')
    expect(added.ratings).toBe(before.ratings + 1)
    expect(added.badReviews).toBe(before.badReviews + 1)
    expect(added.yellowCards).toBe(before.yellowCards + 1)
    expect(Number((await sql<{ n: string }>`SELECT count(*) AS n FROM stats_event_queue`.execute(fx.t.deps.db)).rows[0]!.n)).toBe(0)
    // an upheld appeal voids the rating: it leaves the figures
    await sql`UPDATE rating SET status = 'void' WHERE case_id = ${ids.c5!} AND stars = 1`.execute(fx.t.deps.db)
    await sql`DELETE FROM supervision_alert WHERE case_id = ${ids.c2!} AND kind = 'yellow_card'`.execute(fx.t.deps.db)
    await refreshStats(fx.t.deps)
    const after = await kpis('period=month&date=2026-09-18')
    expect(after).toEqual(before)
    // a bulk load that bypassed the triggers: marked stale, the next refresh re-derives every event
    const rollups = await snapshot()
    await sql`DELETE FROM stats_rating_fact`.execute(fx.t.deps.db)
    await sql`UPDATE stats_unit_day SET ratings = 0, satisfied = 0, bad = 0`.execute(fx.t.deps.db)
    await sql`UPDATE stats_unit_month SET ratings = 0, satisfied = 0, bad = 0`.execute(fx.t.deps.db)
    await sql`UPDATE stats_unit_total SET ratings = 0, satisfied = 0, bad = 0`.execute(fx.t.deps.db)
    await sql`UPDATE stats_staff_day SET ratings = 0, satisfied = 0, bad = 0`.execute(fx.t.deps.db)
    await markEventsStale(fx.t.deps.db)
    const r = await refreshStats(fx.t.deps)
    expect(r.events).toBeGreaterThan(4)
    expect(await snapshot()).toEqual(rollups)
  })

  it('the lobby screen’s lights from the rollups match the supervision console’s live counts', async () => {
    fx.set('2026-09-18T10:00:00')
    // an open case of B, due in the coming days, to have a light of every colour over the month
    await windowCase(fx, (await fx.t.deps.db.selectFrom('item').select('id').where('department_id', '=', B).orderBy('id').executeTakeFirstOrThrow()).id)
    fx.set('2026-09-18T10:05:00')
    await refreshStats(fx.t.deps)
    const seen = new Set<string>()
    for (const at of ['2026-09-18T15:00:00', '2026-10-09T15:00:00', '2026-10-16T15:00:00', '2026-11-02T15:00:00']) {
      fx.set(at)
      const live = await lightCounts(fx.t.deps)
      const shown = (await screen(fx.t.deps)).lights
      expect(shown, at).toEqual({ green: live.green, yellow: live.yellow, red: live.red })
      for (const [k, v] of Object.entries(shown)) if (v > 0) seen.add(k)
    }
    expect(seen.size).toBeGreaterThanOrEqual(2)
  })

  it('the sweep stats.refresh keeps the rollups current within a minute', async () => {
    fx.set('2026-09-21T09:00:00')
    const before = await kpis('period=day&date=2026-09-21')
    expect(before.received).toBe(0)
    await windowCase(fx, (await fx.t.deps.db.selectFrom('item').select('id').where('department_id', '=', A).orderBy('id').executeTakeFirstOrThrow()).id)
    fx.set('2026-09-21T09:01:05')
    await fx.t.app.jobs.tick()
    const sweep = await fx.t.deps.db.selectFrom('sweep').select(['run_count', 'last_error']).where('name', '=', 'stats.refresh').executeTakeFirstOrThrow()
    expect(sweep.last_error).toBeNull()
    expect((await kpis('period=day&date=2026-09-21')).received).toBe(1)
  })
})
