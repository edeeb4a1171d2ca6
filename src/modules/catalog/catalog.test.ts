import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from '../../test/harness.js'
import { loadDemoCity } from '../../demo/demo.js'
import { loadDemoCatalogue, FOOD_LICENCE_NEW_CODE } from '../../demo/catalog.js'
import { DEMO_PASSWORD } from '../../demo/accounts.js'
import { UNIT_CODES } from '../../demo/city.js'
import { currentItemVersion, getItemVersion, type ItemGuide } from './index.js'
import { sampleGuide } from './catalog.testkit.js'

let t: TestApp
let admin: string // centreadmin: the city centre's administrator
let district: string // dcadmin: 德城区 centre administrator
let sys: string
let windowStaff: string
let scjg: number
let zjj: number
beforeAll(async () => {
  t = await createTestApp()
  await loadDemoCity(t.deps, t.app.log)
  await loadDemoCatalogue(t.deps, t.app.log)
  admin = await t.login('centreadmin', DEMO_PASSWORD)
  district = await t.login('dcadmin', DEMO_PASSWORD)
  sys = await t.login('sysadmin', DEMO_PASSWORD)
  windowStaff = await t.login('window01', DEMO_PASSWORD)
  const dept = async (key: string) => Number((await t.deps.db.selectFrom('org_unit').select('id').where('code', '=', UNIT_CODES.dept(key)).executeTakeFirstOrThrow()).id)
  scjg = await dept('SCJG')
  zjj = await dept('ZJJ')
})
afterAll(() => t.close())

let seq = 0
const code = () => `T${process.pid % 1000}-XK-${String(++seq).padStart(4, '0')}`
const req = (method: 'GET' | 'POST' | 'PUT', url: string, cookie?: string, payload?: object) =>
  t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) })

async function create(over: Partial<ItemGuide> = {}, cookie = admin) {
  const r = await req('POST', '/api/catalog/items', cookie, { guide: sampleGuide({ code: code(), departmentId: scjg, ...over }) })
  expect(r.statusCode, r.body).toBe(201)
  return r.json().item as { id: number; code: string; status: string; draft: { guide: ItemGuide }; current: null }
}
async function published(over: Partial<ItemGuide> = {}) {
  const item = await create(over)
  const r = await req('POST', `/api/catalog/items/${item.id}/publish`, admin)
  expect(r.statusCode, r.body).toBe(200)
  return r.json().item as { id: number; code: string; current: { versionId: number; version: number; guide: ItemGuide } }
}
const audits = async (id: number) =>
  (await sql<{ action: string }>`select action from audit_record where target_type = 'item' and target_id = ${String(id)} order by id`.execute(t.deps.db)).rows.map((r) => r.action)

describe('drafts, publishing and versions', () => {
  it('creates an item as a draft that only its managers see; publishing makes version 1 public', async () => {
    const item = await create()
    expect(item.status).toBe('draft')
    expect(item.current).toBeNull()
    expect(item.draft.guide.name).toBe('测试事项（新办）')
    expect((await req('GET', `/api/catalog/items/${item.id}`)).statusCode).toBe(404)
    expect(await currentItemVersion(t.deps.db, item.id)).toBeNull()
    const pub = await req('POST', `/api/catalog/items/${item.id}/publish`, admin)
    expect(pub.statusCode).toBe(200)
    const open = (await req('GET', `/api/catalog/items/${item.id}`)).json().item
    expect(open).toMatchObject({ status: 'published', draft: null, current: { version: 1, status: 'published' }, promisedCutOk: true })
    expect(open.versions).toHaveLength(1)
    expect(await audits(item.id)).toEqual(['catalog.item.create', 'catalog.item.publish'])
  })

  it('keeps the version a case holds unchanged when the item is edited and republished', async () => {
    const item = await published({ promisedLimitDays: 10 })
    const caseVersionId = item.current.versionId
    const before = await getItemVersion(t.deps.db, caseVersionId)
    const edited = sampleGuide({ code: item.code, departmentId: scjg, name: '测试事项（新办，修订）', promisedLimitDays: 8, steps: sampleGuide().steps.map((s) => (s.key === 'review' ? { ...s, limitDays: 4 } : s)) })
    const put = await req('PUT', `/api/catalog/items/${item.id}/draft`, admin, { guide: edited })
    expect(put.statusCode, put.body).toBe(200)
    expect(put.json().item).toMatchObject({ current: { version: 1, guide: { name: '测试事项（新办）' } }, draft: { version: 2, versionId: 0, status: 'draft', guide: { name: '测试事项（新办，修订）' } } })
    // the public still sees version 1 while the draft is pending
    expect((await req('GET', `/api/catalog/items/${item.id}`)).json().item.current.guide.promisedLimitDays).toBe(10)
    const pub = (await req('POST', `/api/catalog/items/${item.id}/publish`, admin)).json().item
    expect(pub.current).toMatchObject({ version: 2, guide: { name: '测试事项（新办，修订）', promisedLimitDays: 8 } })
    expect(pub.versions.map((v: { version: number }) => v.version)).toEqual([2, 1])
    expect(await getItemVersion(t.deps.db, caseVersionId)).toEqual(before)
    expect(before!.guide.promisedLimitDays).toBe(10)
    expect((await currentItemVersion(t.deps.db, item.id))!.version).toBe(2)
    const v1 = await req('GET', `/api/catalog/items/${item.id}/versions/${caseVersionId}`)
    expect(v1.json().version.guide.name).toBe('测试事项（新办）')
    expect((await req('GET', `/api/catalog/items/${item.id}/versions/${pub.current.versionId + 100000}`)).statusCode).toBe(404)
  })

  it('refuses an invalid guide with its rule code and writes nothing', async () => {
    const r = await req('POST', '/api/catalog/items', admin, { guide: sampleGuide({ code: code(), departmentId: scjg, legalLimitDays: 5, promisedLimitDays: 10 }) })
    expect(r.statusCode).toBe(400)
    expect(r.json().error.code).toBe('PROMISED_OVER_LEGAL')
    const win = await t.deps.db.selectFrom('org_unit').select('id').where('code', '=', UNIT_CODES.windowA01).executeTakeFirstOrThrow()
    const w = await req('POST', '/api/catalog/items', admin, { guide: sampleGuide({ code: code(), departmentId: Number(win.id) }) })
    expect(w.json().error.code).toBe('UNKNOWN_DEPARTMENT')
  })

  it('keeps codes unique and fixed: a second item with the code is 409 CODE_TAKEN, changing it is 409 CODE_IMMUTABLE', async () => {
    const item = await create()
    const dup = await req('POST', '/api/catalog/items', admin, { guide: sampleGuide({ code: item.code, departmentId: scjg }) })
    expect([dup.statusCode, dup.json().error.code]).toEqual([409, 'CODE_TAKEN'])
    const change = await req('PUT', `/api/catalog/items/${item.id}/draft`, admin, { guide: sampleGuide({ code: code(), departmentId: scjg }) })
    expect([change.statusCode, change.json().error.code]).toEqual([409, 'CODE_IMMUTABLE'])
  })
})

describe('concurrent publishing', () => {
  it('publishes a pending draft once when two administrators press publish at the same moment (second instance too)', async () => {
    const item = await create()
    const other = await createTestApp({ testDb: t.testDb, database: await t.testDb.openAnother(), clock: t.clock })
    try {
      const [a, b] = await Promise.all([
        req('POST', `/api/catalog/items/${item.id}/publish`, admin),
        other.app.inject({ method: 'POST', url: `/api/catalog/items/${item.id}/publish`, headers: { cookie: admin } }),
      ])
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409])
      expect([a, b].find((r) => r.statusCode === 409)!.json().error.code).toBe('NO_DRAFT')
      const versions = await t.deps.db.selectFrom('item_version').select('version').where('item_id', '=', item.id).execute()
      expect(versions.map((v) => Number(v.version))).toEqual([1])
    } finally {
      await other.app.close()
    }
  })
})

describe('suspend, restart, abolish (S10)', () => {
  it('follows published → suspended → published → abolished, answering illegal moves with 409 codes, each change audited', async () => {
    const item = await published()
    const post = (verb: string, body?: object, cookie = admin) => req('POST', `/api/catalog/items/${item.id}/${verb}`, cookie, body)
    const code409 = async (p: Promise<{ statusCode: number; json(): { error: { code: string } } }>) => {
      const r = await p
      return [r.statusCode, r.json().error.code]
    }
    expect(await code409(post('restart', { reason: '恢复', approvalRef: '德审改〔2026〕1号' }))).toEqual([409, 'NOT_SUSPENDED'])
    expect(await code409(post('publish'))).toEqual([409, 'NO_DRAFT'])
    expect((await post('suspend', {})).statusCode).toBe(400)
    const s = await post('suspend', { reason: '上级部门调整审批权限，暂停受理' })
    expect(s.json().item).toMatchObject({ status: 'suspended', statusReason: '上级部门调整审批权限，暂停受理' })
    expect(await currentItemVersion(t.deps.db, item.id)).toMatchObject({ status: 'suspended', version: 1 })
    expect(await code409(post('suspend', { reason: '再次暂停' }))).toEqual([409, 'NOT_PUBLISHED'])
    await req('PUT', `/api/catalog/items/${item.id}/draft`, admin, { guide: sampleGuide({ code: item.code, departmentId: scjg, name: '暂停期间修改' }) })
    expect(await code409(post('publish'))).toEqual([409, 'ITEM_SUSPENDED'])
    expect((await post('restart', { reason: '恢复' })).statusCode).toBe(400) // no approval reference
    const r = await post('restart', { reason: '权限调整完毕，经中心主任办公会同意恢复', approvalRef: '德政务〔2026〕12号' })
    expect(r.json().item).toMatchObject({ status: 'published', statusReason: null })
    expect(r.json().item.statusChanges.at(-1)).toMatchObject({ action: 'restart', fromStatus: 'suspended', toStatus: 'published', approvalRef: '德政务〔2026〕12号' })
    const a = await post('abolish', { reason: '国务院决定取消该事项' })
    expect(a.json().item.status).toBe('abolished')
    expect(await currentItemVersion(t.deps.db, item.id)).toMatchObject({ status: 'abolished' })
    expect(await code409(post('restart', { reason: '恢复', approvalRef: 'x' }))).toEqual([409, 'ITEM_ABOLISHED'])
    expect(await code409(post('abolish', { reason: '再取消' }))).toEqual([409, 'ITEM_ABOLISHED'])
    expect(await code409(req('PUT', `/api/catalog/items/${item.id}/draft`, admin, { guide: sampleGuide({ code: item.code, departmentId: scjg }) }))).toEqual([409, 'ITEM_ABOLISHED'])
    expect(await audits(item.id)).toEqual(['catalog.item.create', 'catalog.item.publish', 'catalog.item.suspend', 'catalog.item.draft', 'catalog.item.restart', 'catalog.item.abolish'])
    const rec = await sql<{ summary: string }>`select summary from audit_record where action = 'catalog.item.restart' and target_id = ${String(item.id)}`.execute(t.deps.db)
    expect(rec.rows[0]!.summary).toContain('德政务〔2026〕12号')
  })
})

describe('who may manage the catalogue', () => {
  it('answers a 德城区 centre administrator with 404 for a city department draft, and lets them only read published items', async () => {
    const draft = await create()
    for (const r of [
      await req('GET', `/api/catalog/items/${draft.id}`, district),
      await req('PUT', `/api/catalog/items/${draft.id}/draft`, district, { guide: sampleGuide({ code: draft.code, departmentId: scjg }) }),
      await req('POST', `/api/catalog/items/${draft.id}/publish`, district),
      await req('POST', `/api/catalog/items/${draft.id}/abolish`, district, { reason: '越权' }),
    ])
      expect(r.statusCode).toBe(404)
    const pub = await published()
    const seen = await req('GET', `/api/catalog/items/${pub.id}`, district)
    expect(seen.json().item).toMatchObject({ canManage: false, draft: null, statusChanges: [] })
    expect((await req('POST', `/api/catalog/items/${pub.id}/suspend`, district, { reason: '越权' })).statusCode).toBe(404)
    const c = await req('POST', '/api/catalog/items', district, { guide: sampleGuide({ code: code(), departmentId: scjg }) })
    expect([c.statusCode, c.json().error.code]).toEqual([400, 'UNKNOWN_DEPARTMENT'])
    const list = (await req('GET', `/api/catalog/items?status=draft&pageSize=100`, district)).json()
    expect(list.total).toBe(0)
  })

  it('refuses window staff and anonymous callers, and lets the system administrator manage everything', async () => {
    expect((await req('POST', '/api/catalog/items', windowStaff, { guide: sampleGuide({ code: code(), departmentId: scjg }) })).statusCode).toBe(403)
    expect((await req('POST', '/api/catalog/items', undefined, { guide: sampleGuide({ code: code(), departmentId: scjg }) })).statusCode).toBe(401)
    const item = await create({ departmentId: zjj }, sys)
    expect((await req('POST', `/api/catalog/items/${item.id}/publish`, sys)).statusCode).toBe(200)
  })
})

describe('search', () => {
  it('finds a Simplified name from a Traditional query (並聯審批 → 并联审批)', async () => {
    const item = await published({ name: '建设项目并联审批（测试）', topics: ['工程建设'] })
    const r = await req('GET', `/api/catalog/items?q=${encodeURIComponent('並聯審批')}`)
    expect(r.json().items.map((i: { id: number }) => i.id)).toContain(item.id)
    const none = await req('GET', `/api/catalog/items?q=${encodeURIComponent('並聯審批 不存在的詞')}`)
    expect(none.json().total).toBe(0)
  })

  it('filters by department, type, audience and topic, and pages without overlap', async () => {
    const q = async (qs: string) => (await req('GET', `/api/catalog/items?${qs}`)).json() as { items: { id: number; departmentId: number; typeCode: string; audiences: string[]; topics: string[]; status: string }[]; total: number }
    const byDept = await q(`departmentId=${zjj}&pageSize=100`)
    expect(byDept.total).toBeGreaterThan(3)
    expect(byDept.items.every((i) => i.departmentId === zjj)).toBe(true)
    const confirm = await q('typeCode=07&pageSize=100')
    expect(confirm.total).toBeGreaterThan(5)
    expect(confirm.items.every((i) => i.typeCode === '07')).toBe(true)
    const persons = await q('audience=person&topic=%E5%A9%9A%E5%A7%BB&pageSize=100') // 婚姻
    expect(persons.total).toBeGreaterThanOrEqual(4)
    expect(persons.items.every((i) => i.audiences.includes('person') && i.topics.includes('婚姻'))).toBe(true)
    const all = await q('pageSize=100')
    expect(all.total).toBeGreaterThanOrEqual(100)
    const p1 = await q('pageSize=30&page=1')
    const p2 = await q('pageSize=30&page=2')
    expect(p1.total).toBe(all.total)
    expect(p1.items).toHaveLength(30)
    expect(p1.items.filter((i) => p2.items.some((j) => j.id === i.id))).toEqual([])
  })

  it('shows the public published items only; administrators see drafts with status=', async () => {
    const draft = await create({ name: '仅草稿可见的测试事项' })
    const suspended = await published({ name: '已暂停的测试事项' })
    await req('POST', `/api/catalog/items/${suspended.id}/suspend`, admin, { reason: '测试暂停' })
    const pub = await req('GET', `/api/catalog/items?q=${encodeURIComponent('测试事项')}&pageSize=100`)
    const ids = pub.json().items.map((i: { id: number }) => i.id)
    expect(ids).not.toContain(draft.id)
    expect(ids).not.toContain(suspended.id)
    expect(pub.json().items.every((i: { status: string }) => i.status === 'published')).toBe(true)
    const asked = await req('GET', `/api/catalog/items?status=draft&pageSize=100`)
    expect(asked.json().items).toEqual([])
    const adminPlain = await req('GET', `/api/catalog/items?q=${encodeURIComponent('测试事项')}&pageSize=100`, admin)
    expect(adminPlain.json().items.every((i: { status: string }) => i.status === 'published')).toBe(true)
    const everything = (await req('GET', `/api/catalog/items?status=all&pageSize=100&q=${encodeURIComponent('测试事项')}`, admin)).json().items.map((i: { id: number }) => i.id)
    expect(everything).toEqual(expect.arrayContaining([draft.id, suspended.id]))
    expect((await req('GET', `/api/catalog/items?status=all&pageSize=100`, district)).json().total).toBe(0)
    const mine = await req('GET', `/api/catalog/items?status=draft&pageSize=100`, admin)
    expect(mine.json().items.map((i: { id: number }) => i.id)).toContain(draft.id)
    const sus = await req('GET', `/api/catalog/items?status=suspended&pageSize=100`, admin)
    expect(sus.json().items.map((i: { id: number }) => i.id)).toContain(suspended.id)
  })

  it('answers a keyword search over 100+ items quickly', async () => {
    const started = Date.now()
    for (const w of ['许可', '登記', '食品', '证明', '社保']) {
      const r = await req('GET', `/api/catalog/items?q=${encodeURIComponent(w)}&pageSize=20`)
      expect(r.statusCode).toBe(200)
      expect(r.json().total).toBeGreaterThan(0)
    }
    expect((Date.now() - started) / 5).toBeLessThan(300)
  })

  it('can answer a keyword query from the GIN trigram index on the search text', async () => {
    const plan = await t.deps.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx)
      const r = await sql<{ 'QUERY PLAN': string }>`explain select id from item where search_text ilike ${'%食品经营许可%'}`.execute(trx)
      return r.rows.map((x) => x['QUERY PLAN']).join('\n')
    })
    expect(plan).toContain('item_search_trgm_idx')
  })

  it('lists topics and departments with published counts', async () => {
    const topics = (await req('GET', '/api/catalog/topics')).json().items as { topic: string; audience: string; count: number }[]
    expect(topics.find((x) => x.topic === '企业开办' && x.audience === 'enterprise')!.count).toBeGreaterThanOrEqual(10)
    const depts = (await req('GET', '/api/catalog/departments')).json().items as { id: number; name: string; count: number }[]
    expect(depts.find((d) => d.id === scjg)).toMatchObject({ name: '德州市市场监督管理局' })
    expect(depts.length).toBeGreaterThanOrEqual(12)
  })
})

describe('the guide page QR code', () => {
  it('encodes the public guide URL of a published item, and is 404 for a draft', async () => {
    const id = Number((await t.deps.db.selectFrom('item').select('id').where('code', '=', FOOD_LICENCE_NEW_CODE).executeTakeFirstOrThrow()).id)
    const r = await req('GET', `/api/catalog/items/${id}/qr.png`)
    expect(r.statusCode).toBe(200)
    expect(r.headers['content-type']).toBe('image/png')
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'qr-')), 'qr.png')
    fs.writeFileSync(file, r.rawPayload)
    const text = execFileSync('zbarimg', ['--quiet', '--raw', file]).toString().trim()
    expect(text).toBe(`${t.deps.config.publicBaseUrl}/hall/items/${id}`)
    const draft = await create()
    expect((await req('GET', `/api/catalog/items/${draft.id}/qr.png`)).statusCode).toBe(404)
  })
})
