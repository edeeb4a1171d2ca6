/**
 * Rankings (效能排行榜) and the fair view: department X handles a slow-by-nature item (10 working
 * days on average over the last 12 months) in 8 days; department Y handles an easy item (1 day on
 * average) in 3 days. By raw average days Y comes first; against each item's own history X is
 * faster (0.8 of usual) than Y (3 times usual), so the fair view ranks X first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { refreshStats } from './stats.refresh.js'
import { finish, promisedItem, publishItem, setupStatsFx, windowCase, type StatsFx } from './stats.testkit.js'

let fx: StatsFx
let X: number
let Y: number

beforeAll(async () => {
  fx = await setupStatsFx(['x', 'y'], '2026-08-03T09:00:00')
  X = fx.depts.x!.id
  Y = fx.depts.y!.id
  const hx = await publishItem(fx.t, promisedItem(X, '建设项目环境影响评价审批', 12, 20))
  const ey = await publishItem(fx.t, promisedItem(Y, '户外广告设置备案', 5, 20))
  // history, August 2026 (no holidays): Y's item took 1 working day, X's item 10
  fx.set('2026-08-03T10:00:00')
  const hx1 = await windowCase(fx, hx)
  const ey1 = await windowCase(fx, ey)
  fx.set('2026-08-04T10:00:00')
  await finish(fx, ey1, fx.depts.y!) // 08-04: 1 working day
  fx.set('2026-08-17T10:00:00')
  await finish(fx, hx1, fx.depts.x!) // 08-04..07, 10..14, 17: 10 working days
  // the period, September 2026
  fx.set('2026-09-01T10:00:00')
  const hx2 = await windowCase(fx, hx)
  const ey2 = await windowCase(fx, ey)
  fx.set('2026-09-04T10:00:00')
  await finish(fx, ey2, fx.depts.y!) // 09-02..04: 3 working days (promised 5: on time)
  fx.set('2026-09-11T10:00:00')
  await finish(fx, hx2, fx.depts.x!) // 09-02..04, 07..11: 8 working days (promised 12: on time)
  fx.set('2026-09-14T10:00:00')
  await refreshStats(fx.t.deps)
}, 120_000)

afterAll(async () => {
  await fx?.t.close()
})

const ranking = async (q: string) => fx.ok(await fx.call('GET', `/api/stats/rankings?${q}`, fx.supervisor))

describe('rankings', () => {
  it('by raw average days the department that is fast on easy items comes first', async () => {
    const r = await ranking('scope=department&period=month&date=2026-09-01&fair=false')
    expect(r.rows.map((x: { id: number }) => x.id)).toEqual([Y, X])
    const [y, x] = r.rows
    expect([y.avgWorkdays, x.avgWorkdays]).toEqual([3, 8])
    expect([y.onTimeRate, x.onTimeRate]).toEqual([1, 1])
    // speed part 25 × (3 + 1) / (8 + 1) for X; the other parts are full for both
    expect(y.score).toBe(100)
    expect(x.score).toBeCloseTo(75 + (25 * 4) / 9, 1)
  })

  it('the fair view compares each department with its own items’ history', async () => {
    const r = await ranking('scope=department&period=month&date=2026-09-01&fair=true')
    expect(r.fair).toBe(true)
    expect(r.rows.map((x: { id: number }) => x.id)).toEqual([X, Y])
    const [x, y] = r.rows
    // X: 8 actual ÷ (10 expected × 1) = 0.8; Y: 3 ÷ (1 × 1) = 3
    expect(x.relativeSpeed).toBeCloseTo(0.8, 5)
    expect(y.relativeSpeed).toBeCloseTo(3, 5)
    expect(x.score).toBe(100)
    expect(y.score).toBeCloseTo(75 + (25 * 0.8) / 3, 1)
    expect([x.rank, y.rank]).toEqual([1, 2])
  })

  it('the expectations are kept per window and dropped when a case completed inside it changes', async () => {
    const db = fx.t.deps.db
    const window = sql`SELECT count(*)::int AS n FROM stats_item_expect_window WHERE from_day = '2025-09-01' AND to_day = '2026-08-31'`
    await ranking('scope=department&period=month&date=2026-09-01&fair=true')
    expect((await window.execute(db)).rows[0]).toEqual({ n: 1 })
    const kept = (await sql`SELECT item_id, avg_workdays FROM stats_item_expect WHERE from_day = '2025-09-01' ORDER BY item_id`.execute(db)).rows
    expect(kept.map((r: any) => Number(r.avg_workdays)).sort((a, b) => a - b)).toEqual([1, 10])
    // X's August case is completed again three days later (a correction of the record): 13 days
    const hx1 = (await sql<{ id: string }>`SELECT c.id FROM "case" c JOIN stats_case_fact f ON f.case_id = c.id WHERE f.unit_id = ${X} AND f.completed_day = '2026-08-17'`.execute(db)).rows[0]!.id
    await sql`UPDATE "case" SET decided_at = decided_at + interval '3 days', completed_at = completed_at + interval '3 days', updated_at = now() WHERE id = ${hx1}`.execute(db)
    fx.set('2026-09-14T10:10:00')
    await refreshStats(fx.t.deps)
    expect((await window.execute(db)).rows[0]).toEqual({ n: 0 })
    // recomputed from the rollups on the next ranking: X's item now takes 13 days on average
    const r = await ranking('scope=department&period=month&date=2026-09-01&fair=true')
    expect(r.rows.find((x: { id: number }) => x.id === X).relativeSpeed).toBeCloseTo(8 / 13, 3)
    expect((await window.execute(db)).rows[0]).toEqual({ n: 1 })
    // put back
    await sql`UPDATE "case" SET decided_at = decided_at - interval '3 days', completed_at = completed_at - interval '3 days', updated_at = now() WHERE id = ${hx1}`.execute(db)
    fx.set('2026-09-14T10:20:00')
    await refreshStats(fx.t.deps)
    expect((await window.execute(db)).rows[0]).toEqual({ n: 0 })
  })

  it('a week holds only its own completions; windows rank by the cases they received', async () => {
    const w = await ranking('scope=department&period=week&date=2026-09-09')
    expect([w.from, w.to]).toEqual(['2026-09-07', '2026-09-13'])
    expect(w.rows.map((x: { id: number }) => x.id)).toEqual([X])
    expect(w.rows[0].completedEarly).toBe(1) // decided 09-11, promised 09-17
    const win = await ranking('scope=window&period=month&date=2026-09-01')
    expect(win.rows).toHaveLength(1)
    expect(win.rows[0]).toMatchObject({ id: fx.windowId, handled: 2 })
    const x = await fx.call('GET', '/api/stats/rankings.xlsx?scope=department&period=month&date=2026-09-01&fair=true', fx.supervisor)
    expect(x.statusCode).toBe(200)
    expect(x.rawPayload.subarray(0, 2).toString()).toBe('PK')
  })

  it('a published ranking is on the public page, latest first, without login', async () => {
    const p = fx.ok(await fx.call('POST', '/api/stats/rankings/publish', fx.admin, { scope: 'department', period: 'month', date: '2026-09-01', fair: true, title: '2026年9月部门效能排行榜' }), 201)
    expect(p.rows[0].id).toBe(X)
    const list = fx.ok(await fx.call('GET', '/api/public/rankings'))
    expect(list[0]).toMatchObject({ id: p.id, title: '2026年9月部门效能排行榜', fair: true, from: '2026-09-01', to: '2026-09-30' })
    expect(list[0].rows.map((r: { name: string }) => r.name)).toEqual(['德城区x局', '德城区y局'])
    // a window staff member cannot publish
    expect((await fx.call('POST', '/api/stats/rankings/publish', fx.win, { scope: 'department', period: 'month', date: '2026-09-01', fair: true })).statusCode).toBe(403)
  })
})
