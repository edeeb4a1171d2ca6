import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from '../test/harness.js'
import { checkCreditCode, checkIdNumber } from '../shared/identity.js'
import { STAFF_ROLES } from '../shared/roles.js'
import { DEMO_ACCOUNTS, DEMO_ENTERPRISE_CODE, DEMO_PASSWORD, DEMO_PERSON_ID, demoAccountsMarkdown, orgCodeCheckChar } from './accounts.js'
import { villagePlace } from './city.js'
import { loadDemoCity, type DemoResult } from './demo.js'

let t: TestApp
let first: DemoResult
beforeAll(async () => {
  t = await createTestApp()
  first = await loadDemoCity(t.deps, t.app.log)
  console.log(`demo city loaded on ${t.testDb.kind} in ${(first.ms / 1000).toFixed(2)} s:`, JSON.stringify(first.counts))
})
afterAll(() => t.close())

async function tableCounts() {
  const out: Record<string, number> = {}
  for (const table of ['region', 'org_unit', 'user_account', 'role_grant', 'audit_record']) {
    out[table] = Number((await sql<{ n: number }>`select count(*)::int8 as n from ${sql.table(table)}`.execute(t.deps.db)).rows[0]!.n)
  }
  return out
}

const get = async (cookie: string, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } })

describe('the demo city 德州市', () => {
  it('loads well within 30 seconds, with real region codes at every level', () => {
    expect(first.loaded).toBe(true)
    expect(first.ms).toBeLessThan(30_000)
    // NBS 2023: 山东省 has 16 cities and 151 counties; 德州市 135 townships/streets and 5,307 villages/communities
    expect(first.counts.regions).toEqual({ provinces: 1, cities: 16, counties: 151, townships: 135, villages: 5307 })
  })

  it('has a centre at every level, 10+ departments with approval offices in the hall, and windows', () => {
    const c = first.counts
    // 1 city centre, 3 branches, 12 county centres, 7 + 13 + 11 township centres (德城区, 陵城区, 禹城市), 9 village points
    expect(c.centres).toBe(1 + 3 + 12 + 31 + 9)
    expect(c.departments).toBeGreaterThanOrEqual(10)
    expect(c.approvalOffices).toBeGreaterThanOrEqual(10)
    expect(c.windows).toBeGreaterThanOrEqual(20)
    expect(c.applicants).toBe(2)
  })

  it('keeps the centre network in one tree per county: 德城区 → 新湖街道 → 尉署社区', async () => {
    const r = await sql<{ name: string; path: string; id: number }>`
      select name, path, id from org_unit where code in ('ZX371402', 'ZX371402001', 'ZX371402001001') order by length(code)`.execute(t.deps.db)
    expect(r.rows.map((x) => x.name)).toEqual(['德城区政务服务中心', '新湖街道便民服务中心', '尉署社区便民服务站'])
    const [county, town, village] = r.rows
    expect(village!.path).toBe(`/${county!.id}/${town!.id}/${village!.id}/`)
  })

  it('has one account per role, each able to log in with Demo@2026 and holding that role', async () => {
    const roles = DEMO_ACCOUNTS.map((a) => a.role)
    expect([...new Set(roles)].sort()).toEqual([...STAFF_ROLES, 'applicant'].sort())
    expect(DEMO_ACCOUNTS.filter((a) => a.role !== 'applicant').map((a) => a.role).sort()).toEqual([...STAFF_ROLES].sort())
    for (const a of DEMO_ACCOUNTS) {
      expect(a.password).toBe(DEMO_PASSWORD)
      const cookie = await t.login(a.username, DEMO_PASSWORD)
      const me = (await get(cookie, '/api/auth/me')).json().user
      expect([a.username, me.grants.map((g: { role: string }) => g.role)]).toEqual([a.username, [a.role]])
      expect(me.displayName).toBe(a.displayName)
    }
    expect(demoAccountsMarkdown()).toContain('| `window01` | window_staff | 王芳 |')
  })

  it('registers applicants with a valid resident ID number and a valid credit code', () => {
    expect(checkIdNumber(DEMO_PERSON_ID)).toMatchObject({ ok: true, birthDate: '1988-06-15', sex: 'male', regionCode: '371402' })
    expect(checkCreditCode(DEMO_ENTERPRISE_CODE)).toMatchObject({ ok: true, regionCode: '371402' })
    // the organisation code inside it carries its own GB 11714 check character
    expect(orgCodeCheckChar('D2143569')).toBe('X') // the standard's worked example: D2143569-X
  })

  it('gives the demo accounts their data scope', async () => {
    const dc = await t.login('dcadmin', DEMO_PASSWORD)
    const dcUnits = (await get(dc, '/api/org/units?pageSize=500')).json().items as { regionCode: string; kind: string }[]
    expect(dcUnits.filter((u) => u.kind !== 'department').every((u) => u.regionCode.startsWith('371402'))).toBe(true)
    expect(dcUnits.some((u) => u.regionCode.startsWith('371403'))).toBe(false)

    const sup = await t.login('supervisor01', DEMO_PASSWORD)
    const all = (await get(sup, '/api/org/units?pageSize=1')).json().total
    expect(all).toBe(first.counts.centres + first.counts.departments + first.counts.approvalOffices + first.counts.windows)
    const summary = (await get(sup, '/api/org/summary')).json()
    expect(summary.city).toEqual({ code: '3714', name: '德州市' })
    expect(summary.counts).toMatchObject({ centres: first.counts.centres, windows: first.counts.windows, staff: first.counts.staff })

    const ca = await t.login('centreadmin', DEMO_PASSWORD)
    const windows = (await get(ca, '/api/org/units?kind=window&pageSize=500')).json().items as { centreName: string }[]
    expect(windows.length).toBeGreaterThan(10)
    expect(new Set(windows.map((w) => w.centreName))).toEqual(new Set(['德州市政务服务中心', '德州市不动产登记分中心', '德州市公共资源交易中心']))
  })

  it('changes nothing when loaded a second time', async () => {
    const before = await tableCounts()
    const again = await loadDemoCity(t.deps, t.app.log)
    expect(again.loaded).toBe(false)
    expect(await tableCounts()).toEqual(before)
  })

  it('names village service points after the place, not the committee', () => {
    expect(['尉署社区居委会', '郑寨汪家村委会', '兴和新村村委会', '大刘村民委员会', '东方红居民委员会'].map(villagePlace)).toEqual([
      '尉署社区',
      '郑寨汪家村',
      '兴和新村',
      '大刘村',
      '东方红社区',
    ])
  })
})
