import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { ManualClock } from '../server/clock.js'
import { createTestApp, type TestApp } from '../test/harness.js'
import { DEMO_PASSWORD } from './accounts.js'
import { DEPARTMENTS } from './city.js'
import { loadDemoCity } from './demo.js'
import { loadDemoCatalogue } from './catalog.js'
import { loadDemoCases } from './cases.js'
import { loadDemoJoint } from './joint.js'
import { loadDemoSupervision, type DemoSupervisionResult } from './supervision.js'

let t: TestApp
let first: DemoSupervisionResult
// a Friday in November 2026: a year of history back to November 2025, deadlines within 2026
const clock = new ManualClock('2026-11-20T15:00:00+08:00')
beforeAll(async () => {
  t = await createTestApp({ clock })
  await loadDemoCity(t.deps, t.app.log)
  await loadDemoCatalogue(t.deps, t.app.log)
  await loadDemoCases(t.deps, t.app.log)
  await loadDemoJoint(t.deps, t.app.log)
  first = await loadDemoSupervision(t.deps, t.app.log)
  console.log(`demo supervision loaded on ${t.testDb.kind} in ${(first.ms / 1000).toFixed(1)} s:`, JSON.stringify({ ...first, history: { ...first.history, byStatus: first.history?.byStatus } }))
}, 600_000)
afterAll(() => t.close())

const get = (cookie: string, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } })
const q = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(t.deps.db)).rows
const n = async (query: ReturnType<typeof sql<{ n: number }>>) => Number((await q(query))[0]!.n)

describe('the demo e-supervision, ratings, rankings and KPIs', () => {
  it('imports about a year of history (about 4,000–6,000 cases) quickly, with one audit record for the import', async () => {
    expect(first.loaded).toBe(true)
    expect(first.history!.cases).toBeGreaterThan(4000)
    expect(first.history!.cases).toBeLessThan(6500)
    // the bulk import takes seconds (about 2 s on an idle machine, PGlite), not minutes
    expect(first.history!.ms).toBeLessThan(30_000)
    expect(await n(sql`select count(*)::int as n from audit_record where action = 'demo.history.import'`)).toBe(1)
    const audited = await n(sql`select count(*)::int as n from audit_record a join "case" c on a.target_type = 'case' and a.target_id = c.id::text where c.number like '371400________9%'`)
    expect(audited).toBe(0)
    const span = (await q(sql<{ a: string; b: string }>`select min(received_at)::text as a, max(received_at)::text as b from "case" where number like '371400________9%'`))[0]!
    expect(span.a < '2025-11-25').toBe(true)
    expect(span.b >= '2026-11-18').toBe(true)
  })

  it('makes the history realistic: 80–90 % instant, completion over 90 %, rare overdue, departments all busy', async () => {
    const r = (await q(sql<{ total: number; instant: number; done: number; late: number; depts: number }>`
      select count(*)::int as total,
        count(*) filter (where i.instant)::int as instant,
        count(*) filter (where c.status in ('completed','delivered','refused','withdrawn'))::int as done,
        count(*) filter (where c.decided_at is not null and to_char(c.decided_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') > c.promised_due)::int as late,
        count(distinct i.department_id)::int as depts
      from "case" c join item i on i.id = c.item_id where c.number like '371400________9%'`))[0]!
    expect(r.instant / r.total).toBeGreaterThan(0.75)
    expect(r.instant / r.total).toBeLessThan(0.9)
    expect(r.done / r.total).toBeGreaterThan(0.9)
    expect(r.late / r.total).toBeLessThan(0.01)
    expect(r.depts).toBeGreaterThanOrEqual(12)
  })

  it('rates the history: thousands of ratings, satisfaction about 99 %', async () => {
    expect(first.historyRatings).toBeGreaterThan(1500)
    const r = (await q(sql<{ total: number; good: number; windows: number }>`
      select count(*)::int as total, count(*) filter (where stars >= 3)::int as good, count(*) filter (where channel = 'window')::int as windows
      from rating where status <> 'void'`))[0]!
    expect(r.good / r.total).toBeGreaterThan(0.98)
    expect(r.good / r.total).toBeLessThan(1)
    expect(r.windows).toBeGreaterThan(500)
  })

  it('has bad reviews in each rectification state: open, called back, closed with the rater verdict, appealed and decided', async () => {
    expect(first.failed).toEqual([])
    const states = (await q(sql<{ status: string }>`select status from rectification`)).map((r) => r.status)
    expect(states).toEqual(expect.arrayContaining(['open', 'called_back', 'closed', 'void']))
    expect(await n(sql`select count(*)::int as n from rectification where verdict = 'satisfied'`)).toBe(1)
    expect(await n(sql`select count(*)::int as n from rating_appeal where status <> 'pending'`)).toBe(1)
    expect(await n(sql`select count(*)::int as n from rating where channel = 'window' and source = 'tablet' and case_id is null`)).toBeGreaterThanOrEqual(5)
  })

  it('shows lights of all three colours, yellow and red cards, and a back-filled burst to the supervisor', async () => {
    const cookie = await t.login('supervisor01', DEMO_PASSWORD)
    const lights = await get(cookie, '/api/supervision/lights?pageSize=100')
    expect(lights.statusCode).toBe(200)
    const counts = lights.json().counts
    expect(counts.green).toBeGreaterThan(0)
    expect(counts.yellow).toBeGreaterThan(0)
    expect(counts.red).toBeGreaterThan(0)
    expect(counts.yellowCards).toBeGreaterThanOrEqual(1)
    expect(counts.redCards).toBeGreaterThanOrEqual(1)
    // "too fast" is about a person's record: never an instant item done at the counter, nor a joint
    // sub-case whose steps the department's reply closes
    const tooFastOnSystemSteps = await n(sql`select count(*)::int as n from supervision_alert a join "case" c on c.id = a.case_id join item i on i.id = c.item_id
      where a.kind = 'backfill_too_fast' and (i.instant or c.joint_case_id is not null)`)
    expect(tooFastOnSystemSteps).toBe(0)
    for (const kind of ['yellow_card', 'red_card', 'backfill_burst']) {
      const r = await get(cookie, `/api/supervision/alerts?kind=${kind}&status=open`)
      expect(r.statusCode).toBe(200)
      expect(r.json().total).toBeGreaterThanOrEqual(1)
    }
    // the imported history itself raises no back-fill alerts: they come from the live burst
    const onHistory = await n(sql`select count(*)::int as n from supervision_alert a join "case" c on c.id = a.case_id
      where a.kind like 'backfill%' and c.number like '371400________9%'`)
    expect(onHistory).toBe(0)
  })

  it('has 督办 orders replied and closed, escalated, and waiting', async () => {
    const cookie = await t.login('supervisor01', DEMO_PASSWORD)
    const r = await get(cookie, '/api/supervision/orders?box=outbox&pageSize=50')
    expect(r.statusCode).toBe(200)
    const statuses = (r.json().items as { status: string }[]).map((o) => o.status)
    expect(statuses).toEqual(expect.arrayContaining(['closed', 'escalated', 'sent']))
  })

  it('has plausible KPIs for the current month and a monthly ranking of every department', async () => {
    const cookie = await t.login('supervisor01', DEMO_PASSWORD)
    const k = await get(cookie, '/api/stats/kpis?period=month&date=2026-11-20')
    expect(k.statusCode).toBe(200)
    const kpis = k.json()
    expect(kpis.completionRate).toBeGreaterThan(0.9)
    expect(kpis.instantRate).toBeGreaterThan(0.75)
    expect(kpis.instantRate).toBeLessThan(0.9)
    expect(kpis.onTimeRate).toBeGreaterThan(0.95)
    expect(kpis.satisfactionRate).toBeGreaterThan(0.97)
    expect(kpis.avgWorkdays).toBeGreaterThan(0)
    expect(kpis.speedUpRate).toBeGreaterThan(0.3)
    const rk = await get(cookie, '/api/stats/rankings?scope=department&period=month&date=2026-10-31')
    expect(rk.statusCode).toBe(200)
    const names = (rk.json().rows as { name: string }[]).map((x) => x.name)
    const withItems = DEPARTMENTS.filter((d) => d.key !== 'ZFB').map((d) => d.name)
    expect(names).toEqual(expect.arrayContaining(withItems))
    // last month's department ranking is on the public page, without login
    const pub = await t.app.inject({ method: 'GET', url: '/api/public/rankings' })
    expect(pub.statusCode).toBe(200)
    expect((pub.json() as { scope: string; period: string; rows: unknown[] }[]).some((p) => p.scope === 'department' && p.period === 'month' && p.rows.length > 0)).toBe(true)
  })

  it('a second load changes nothing', async () => {
    const count = async () => n(sql`select (select count(*) from "case") + (select count(*) from rating) + (select count(*) from audit_record) as n`)
    const before = await count()
    const again = await loadDemoSupervision(t.deps, t.app.log)
    expect(again.loaded).toBe(false)
    expect(await count()).toBe(before)
  })
})
