/** One-thing bundles (一件事一次办) through the real server: CRUD by the centre administrator, public reading, union of materials. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../../test/harness.js'
import { bundleForApplication } from './joint.catalog.js'
import { count, material, publishItem, setupFx, type Fx } from './joint.admin.testkit.js'

let fx: Fx
let itemA: number
let itemB: number
let itemC: number
let draftItem: number
beforeAll(async () => {
  fx = await setupFx()
  itemA = await publishItem(fx, 'spj', {
    name: '食品经营许可',
    audiences: ['person', 'enterprise'],
    materials: [material('application', '申请书'), material('licence', '营业执照', 'conditional', '营业执照'), material('site', '场所证明', 'optional')],
  })
  itemB = await publishItem(fx, 'zjj', {
    name: '公共场所卫生许可',
    audiences: ['person', 'enterprise'],
    materials: [material('application', '申请书', 'optional'), material('licence', '营业执照', 'required'), material('health', '健康证明')],
  })
  itemC = await publishItem(fx, 'fgj', { name: '户外广告设置许可' })
  const draft = fx.ok(await fx.call('POST', '/api/catalog/items', fx.c.sys, { guide: (await import('../catalog/catalog.testkit.js')).sampleGuide({ code: 'JT-DRAFT-0001', departmentId: fx.U.get('spj')! }) }), 201)
  draftItem = draft.item.id
})
afterAll(() => fx.t.close())

let codeSeq = 0
const body = (over: Record<string, unknown> = {}) => ({
  code: `YJS-${++codeSeq}`,
  name: '我要开餐馆',
  description: '食品经营许可、公共场所卫生许可一次办',
  leadUnitId: fx.U.get('spj'),
  limitDays: 5,
  itemIds: [itemA, itemB],
  audiences: ['person', 'enterprise'],
  ...over,
})

describe('bundles', () => {
  it('creates a bundle with its items and the union of materials (strongest requirement, usedBy), audited', async () => {
    const auditsBefore = await count(fx, 'audit_record')
    const b = fx.ok(await fx.call('POST', '/api/joint/bundles', fx.c.admin, body({ code: 'YJS-CANTING' })), 201).bundle
    expect(b).toMatchObject({ code: 'YJS-CANTING', status: 'published', regionCode: '371402', limitDays: 5, leadUnitId: fx.U.get('spj') })
    expect(b.items.map((i: { itemId: number }) => i.itemId)).toEqual([itemA, itemB])
    expect(b.items[0]).toMatchObject({ name: '食品经营许可', departmentId: fx.U.get('spj'), promisedLimitDays: 10, legalLimitDays: 20 })
    expect(b.items[0].departmentName).toContain('行政审批服务局')
    const byKey = Object.fromEntries(b.materials.map((m: { key: string }) => [m.key, m]))
    expect(byKey.application).toMatchObject({ requirement: 'required', usedBy: [itemA, itemB] })
    expect(byKey.licence).toMatchObject({ requirement: 'required', usedBy: [itemA, itemB], eCertificateType: '营业执照' })
    expect(byKey.site).toMatchObject({ requirement: 'optional', usedBy: [itemA] })
    expect(byKey.health).toMatchObject({ requirement: 'required', usedBy: [itemB] })
    expect(await count(fx, 'audit_record')).toBe(auditsBefore + 1)
    // the public reads it
    const pub = fx.ok(await fx.call('GET', `/api/joint/bundles/${b.id}`)).bundle
    expect(pub.code).toBe('YJS-CANTING')
    const list = fx.ok(await fx.call('GET', '/api/joint/bundles?audience=person')).items
    expect(list.some((x: { id: number }) => x.id === b.id)).toBe(true)
  })

  it.each([
    ['a single item', () => ({ itemIds: [itemA, itemA] }), 400, 'BUNDLE_INVALID'],
    ['an unpublished item', () => ({ itemIds: [itemA, draftItem] }), 400, 'BUNDLE_INVALID'],
    ['an unknown item', () => ({ itemIds: [itemA, 99999999] }), 400, 'BUNDLE_INVALID'],
    ['a lead unit that is not a department', () => ({ leadUnitId: fx.U.get('win') }), 400, 'BUNDLE_INVALID'],
    ['a lead department outside the admin’s scope', () => ({ leadUnitId: fx.U.get('kdept') }), 400, 'BUNDLE_INVALID'],
    ['a zero limit', () => ({ limitDays: 0 }), 400, 'VALIDATION_ERROR'],
    ['no audience', () => ({ audiences: [] }), 400, 'VALIDATION_ERROR'],
  ])('refuses %s and writes nothing', async (_why, over, status, code) => {
    const before = [await count(fx, 'joint_bundle'), await count(fx, 'audit_record')]
    const r = await fx.call('POST', '/api/joint/bundles', fx.c.admin, body(over()))
    expect(r.statusCode, r.body).toBe(status)
    expect(r.json().error.code).toBe(code)
    expect(r.json().error.message).toMatch(/[\u4e00-\u9fa5]/)
    expect([await count(fx, 'joint_bundle'), await count(fx, 'audit_record')]).toEqual(before)
  })

  it('refuses a duplicate code with DUPLICATE_CODE (409)', async () => {
    fx.ok(await fx.call('POST', '/api/joint/bundles', fx.c.admin, body({ code: 'YJS-DUP' })), 201)
    const before = await count(fx, 'joint_bundle')
    const r = await fx.call('POST', '/api/joint/bundles', fx.c.admin, body({ code: 'YJS-DUP' }))
    expect(r.statusCode).toBe(409)
    expect(r.json().error.code).toBe('DUPLICATE_CODE')
    expect(await count(fx, 'joint_bundle')).toBe(before)
  })

  it('answers DUPLICATE_CODE, never 500, when two instances save the same code at once', async () => {
    const b = await createTestApp({ testDb: fx.t.testDb, database: await fx.t.testDb.openAnother(), clock: fx.t.clock })
    try {
      const payload = body({ code: 'YJS-RACE' })
      const rs = await Promise.all([fx.t.app, b.app].map((app) => app.inject({ method: 'POST', url: '/api/joint/bundles', headers: { cookie: fx.c.admin }, payload })))
      expect(rs.map((r) => r.statusCode).sort()).toEqual([201, 409])
      expect(rs.find((r) => r.statusCode === 409)!.json().error.code).toBe('DUPLICATE_CODE')
    } finally {
      await b.close()
    }
  })

  it('lets only centre administrators write, and only in their scope (another county’s admin gets 404)', async () => {
    expect((await fx.call('POST', '/api/joint/bundles', undefined, body())).statusCode).toBe(401)
    expect((await fx.call('POST', '/api/joint/bundles', fx.ent.cookie, body())).statusCode).toBe(403)
    expect((await fx.call('POST', '/api/joint/bundles', fx.c.win, body())).statusCode).toBe(403)
    const b = fx.ok(await fx.call('POST', '/api/joint/bundles', fx.c.admin, body()), 201).bundle
    const r = await fx.call('PUT', `/api/joint/bundles/${b.id}`, fx.c.kadmin, body({ code: b.code, name: '改名' }))
    expect(r.statusCode).toBe(404)
    expect((await fx.call('POST', `/api/joint/bundles/${b.id}/status`, fx.c.kadmin, { status: 'suspended' })).statusCode).toBe(404)
    expect(fx.ok(await fx.call('GET', `/api/joint/bundles/${b.id}`)).bundle.name).toBe('我要开餐馆')
  })

  it('updates a bundle (items, limit), keeping the code unique', async () => {
    const b = fx.ok(await fx.call('POST', '/api/joint/bundles', fx.c.admin, body()), 201).bundle
    const other = fx.ok(await fx.call('POST', '/api/joint/bundles', fx.c.admin, body()), 201).bundle
    const up = fx.ok(await fx.call('PUT', `/api/joint/bundles/${b.id}`, fx.c.admin, body({ code: b.code, name: '开餐馆一件事', limitDays: 8, itemIds: [itemA, itemB, itemC] }))).bundle
    expect(up).toMatchObject({ name: '开餐馆一件事', limitDays: 8 })
    expect(up.items).toHaveLength(3)
    const dup = await fx.call('PUT', `/api/joint/bundles/${b.id}`, fx.c.admin, body({ code: other.code }))
    expect(dup.statusCode).toBe(409)
    expect(fx.ok(await fx.call('GET', `/api/joint/bundles/${b.id}`)).bundle.code).toBe(b.code)
  })

  it('suspends a bundle: hidden from the public, shown to the admin with all=true, refused for applications', async () => {
    const b = fx.ok(await fx.call('POST', '/api/joint/bundles', fx.c.admin, body()), 201).bundle
    expect((await bundleForApplication(fx.t.deps.db, b.id)).items.map((i) => i.itemId)).toEqual([itemA, itemB])
    const s = fx.ok(await fx.call('POST', `/api/joint/bundles/${b.id}/status`, fx.c.admin, { status: 'suspended' })).bundle
    expect(s.status).toBe('suspended')
    expect((await fx.call('POST', `/api/joint/bundles/${b.id}/status`, fx.c.admin, { status: 'suspended' })).statusCode).toBe(409)
    expect((await fx.call('GET', `/api/joint/bundles/${b.id}`)).statusCode).toBe(404)
    expect(fx.ok(await fx.call('GET', '/api/joint/bundles')).items.some((x: { id: number }) => x.id === b.id)).toBe(false)
    expect(fx.ok(await fx.call('GET', '/api/joint/bundles?all=true', fx.c.admin)).items.some((x: { id: number }) => x.id === b.id)).toBe(true)
    expect(fx.ok(await fx.call('GET', '/api/joint/bundles?all=true', fx.ent.cookie)).items.some((x: { id: number }) => x.id === b.id)).toBe(false)
    await expect(bundleForApplication(fx.t.deps.db, b.id)).rejects.toMatchObject({ code: 'ITEM_NOT_AVAILABLE' })
    fx.ok(await fx.call('POST', `/api/joint/bundles/${b.id}/status`, fx.c.admin, { status: 'published' }))
    expect((await bundleForApplication(fx.t.deps.db, b.id)).bundle.status).toBe('published')
  })

  it('refuses an application when an item of the bundle is suspended in the catalogue; NOT_FOUND for no bundle', async () => {
    const item = await publishItem(fx, 'zjj', { name: '临时占道许可' })
    const b = fx.ok(await fx.call('POST', '/api/joint/bundles', fx.c.admin, body({ itemIds: [itemA, item] })), 201).bundle
    const resolved = await bundleForApplication(fx.t.deps.db, b.id)
    expect(resolved.items.find((i) => i.itemId === item)).toMatchObject({ unitId: fx.U.get('zjj') })
    fx.ok(await fx.call('POST', `/api/catalog/items/${item}/suspend`, fx.c.sys, { reason: '法规修订' }))
    await expect(bundleForApplication(fx.t.deps.db, b.id)).rejects.toMatchObject({ code: 'ITEM_NOT_AVAILABLE' })
    await expect(bundleForApplication(fx.t.deps.db, 99999999)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect((await fx.call('GET', '/api/joint/bundles/99999999')).statusCode).toBe(404)
  })
})
