import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from '../test/harness.js'
import { checkGuide, currentItemVersion, DEFAULT_PROMISED_CUT_PERCENT, type ItemGuide } from '../modules/catalog/index.js'
import { loadDemoCity } from './demo.js'
import { DEMO_ITEMS, FOOD_LICENCE_NEW_CODE, HOUSEHOLD_BOOKLET_REISSUE_CODE, loadDemoCatalogue, type DemoCatalogueResult } from './catalog.js'

let t: TestApp
let first: DemoCatalogueResult
beforeAll(async () => {
  t = await createTestApp()
  await loadDemoCity(t.deps, t.app.log)
  first = await loadDemoCatalogue(t.deps, t.app.log)
  console.log(`demo catalogue loaded on ${t.testDb.kind} in ${first.ms} ms: ${first.inserted} items`)
})
afterAll(() => t.close())

async function published(): Promise<{ code: string; guide: ItemGuide; department_id: number; kind: string }[]> {
  const r = await sql<{ code: string; guide: ItemGuide; department_id: number; kind: string }>`
    select i.code, v.guide, i.department_id, d.kind from item i join item_version v on v.id = i.current_version_id
    join org_unit d on d.id = i.department_id where i.status = 'published'`.execute(t.deps.db)
  return r.rows
}

describe('the demo catalogue of 德州市', () => {
  it('publishes at least 100 items in a few bulk statements, well within 10 seconds', () => {
    expect(first.inserted).toBe(DEMO_ITEMS.length)
    expect(first.inserted).toBeGreaterThanOrEqual(100)
    expect(first.ms).toBeLessThan(10_000)
  })

  it('holds only guides that pass every catalogue rule, across at least 12 departments', async () => {
    const rows = await published()
    expect(rows.length).toBeGreaterThanOrEqual(100)
    const bad = rows.flatMap((r) => checkGuide(r.guide, { departmentKind: r.kind }).errors.map((e) => `${r.code}: ${e.message}`))
    expect(bad).toEqual([])
    expect(new Set(rows.map((r) => r.department_id)).size).toBeGreaterThanOrEqual(12)
  })

  it('is a realistic mix: a good share of instant items, most promised limits cut by 40 %, some fees, 容缺 and pauses', async () => {
    const guides = (await published()).map((r) => r.guide)
    const instant = guides.filter((g) => g.instant).length
    expect(instant / guides.length).toBeGreaterThan(0.2)
    expect(instant / guides.length).toBeLessThan(0.6)
    const promised = guides.filter((g) => !g.instant)
    const cut = promised.filter((g) => g.promisedLimitDays * 100 <= g.legalLimitDays * (100 - DEFAULT_PROMISED_CUT_PERCENT)).length
    expect(cut / promised.length).toBeGreaterThan(0.7)
    expect(guides.filter((g) => g.fees.length > 0).length).toBeGreaterThanOrEqual(5)
    expect(new Set(guides.flatMap((g) => g.fees.map((f) => f.kind)))).toEqual(new Set(['flat', 'per_unit', 'tiered']))
    expect(guides.filter((g) => g.conditionalAcceptance && g.materials.some((m) => m.secondary)).length).toBeGreaterThanOrEqual(10)
    expect(guides.filter((g) => g.pausesAllowed.length > 0).length).toBeGreaterThanOrEqual(10)
    for (const topic of ['婚姻', '生育', '户籍', '社保', '企业开办', '工程建设', '餐饮']) expect(guides.some((g) => g.topics.includes(topic)), topic).toBe(true)
    expect(guides.every((g) => g.legalBasis.includes('《'))).toBe(true)
  })

  it('never allows approval on pledge (告知承诺) for health or safety licences (R12)', async () => {
    const guides = (await published()).map((r) => r.guide)
    const risky = guides.filter((g) => g.pledgeAllowed && /(食品|药品|医疗|卫生|危险|特种|放射|排污)/.test(g.name))
    expect(risky.map((g) => g.name)).toEqual([])
    expect(guides.some((g) => g.pledgeAllowed)).toBe(true)
  })

  it('has the two journey items: an online promised 食品经营许可（新办） with a secondary material, and an instant 居民户口簿补领', async () => {
    const byCode = new Map((await published()).map((r) => [r.code, r.guide]))
    const food = byCode.get(FOOD_LICENCE_NEW_CODE)!
    expect(food.name).toBe('食品经营许可（新办）')
    expect(food.instant).toBe(false)
    expect(food.channels).toContain('online')
    expect(food.materials.length).toBeGreaterThanOrEqual(3)
    expect(food.materials.some((m) => m.secondary)).toBe(true)
    expect(food.conditionalAcceptance).toBe(true)
    const booklet = byCode.get(HOUSEHOLD_BOOKLET_REISSUE_CODE)!
    expect(booklet.name).toBe('居民户口簿补领')
    expect(booklet.instant).toBe(true)
    expect(booklet.promisedLimitDays).toBe(0)
    const id = Number((await t.deps.db.selectFrom('item').select('id').where('code', '=', FOOD_LICENCE_NEW_CODE).executeTakeFirstOrThrow()).id)
    const v = await currentItemVersion(t.deps.db, id)
    expect(v).toMatchObject({ itemId: id, version: 1, status: 'published' })
    expect(v!.guide.code).toBe(FOOD_LICENCE_NEW_CODE)
  })

  it('loads again without adding anything, and leaves one summary audit record', async () => {
    const again = await loadDemoCatalogue(t.deps, t.app.log)
    expect(again.inserted).toBe(0)
    expect(again.skipped).toBe(DEMO_ITEMS.length)
    const n = await sql<{ n: number }>`select count(*)::int8 as n from item`.execute(t.deps.db)
    expect(Number(n.rows[0]!.n)).toBe(DEMO_ITEMS.length)
    const audits = await sql<{ n: number }>`select count(*)::int8 as n from audit_record where action = 'demo.catalog.load'`.execute(t.deps.db)
    expect(Number(audits.rows[0]!.n)).toBe(1)
  })

  it('loads nothing, and says so, into a database without the demo departments', async () => {
    const other = await createTestApp()
    try {
      const r = await loadDemoCatalogue(other.deps, other.app.log)
      expect(r.inserted).toBe(0)
      const n = await sql<{ n: number }>`select count(*)::int8 as n from item`.execute(other.deps.db)
      expect(Number(n.rows[0]!.n)).toBe(0)
    } finally {
      await other.close()
    }
  })

  it('shows in the public search and topic list', async () => {
    const r = await t.app.inject({ method: 'GET', url: `/api/catalog/items?q=${encodeURIComponent('食品經營許可')}&pageSize=50` })
    expect(r.statusCode).toBe(200)
    expect(r.json().items.map((i: { code: string }) => i.code)).toContain(FOOD_LICENCE_NEW_CODE)
    const topics = (await t.app.inject({ method: 'GET', url: '/api/catalog/topics' })).json().items as { topic: string; audience: string; count: number }[]
    expect(topics.find((x) => x.topic === '婚姻' && x.audience === 'person')!.count).toBeGreaterThanOrEqual(4)
  })
})
