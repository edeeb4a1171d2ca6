/** Construction-approval schemes (R15): national 4 stages, local 5-stage variants, one default per region. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NATIONAL_STAGES } from './joint.types.js'
import { count, createProject, nationalSchemeBody, publishItem, setupFx, type Fx } from './joint.admin.testkit.js'

let fx: Fx
beforeAll(async () => {
  fx = await setupFx()
})
afterAll(() => fx.t.close())

describe('schemes', () => {
  it('creates the national four-stage scheme with its lead departments; the first in a region becomes its default', async () => {
    const { body, items } = await nationalSchemeBody(fx, 'DC-NATIONAL')
    const before = await count(fx, 'audit_record')
    const s = fx.ok(await fx.call('POST', '/api/joint/schemes', fx.c.admin, body), 201).scheme
    expect(s).toMatchObject({ code: 'DC-NATIONAL', regionCode: '371402', targetDays: 25, greenCutPercent: 30, isDefault: true })
    expect(s.stages.map((x: { key: string }) => x.key)).toEqual(NATIONAL_STAGES.map((x) => x.key))
    expect(s.stages.map((x: { name: string }) => x.name)).toEqual(NATIONAL_STAGES.map((x) => x.name))
    expect(s.stages.map((x: { seq: number }) => x.seq)).toEqual([1, 2, 3, 4])
    expect(s.stages[0].leadUnitName).toContain('发展和改革局')
    expect(s.stages[1].leadUnitName).toContain('自然资源和规划局')
    expect(s.stages[2].leadUnitName).toContain('行政审批服务局')
    expect(s.stages[3].leadUnitName).toContain('住房和城乡建设局')
    expect(s.stages[0].items[0]).toMatchObject({ itemId: items.fgj, name: '企业投资项目备案' })
    expect(s.stages[1].meetingKinds).toEqual(['drawing_review'])
    expect(await count(fx, 'audit_record')).toBe(before + 1)
    const list = fx.ok(await fx.call('GET', '/api/joint/schemes', fx.c.win)).items
    expect(list.find((x: { id: number }) => x.id === s.id).stages).toHaveLength(4)
  })

  it('creates a local five-stage variant (永川) and moves the default to it', async () => {
    const item = await publishItem(fx, 'fgj', { name: '初步设计审批' })
    const stage = (key: string, name: string, unit: string) => ({ key, name, leadUnitId: fx.U.get(unit), limitDays: 4, itemIds: [item], meetingKinds: [] })
    const s = fx.ok(
      await fx.call('POST', '/api/joint/schemes', fx.c.admin, {
        code: 'DC-YONGCHUAN',
        name: '五阶段（永川模式）',
        regionCode: '371402',
        targetDays: 120,
        greenCutPercent: 20,
        description: '立项、规划、土地供应、初步设计、竣工验收',
        stages: [stage('approval', '立项', 'fgj'), stage('planning', '规划', 'zrj'), stage('land_supply', '土地供应', 'zrj'), stage('preliminary_design', '初步设计', 'zjj'), stage('completion', '竣工验收', 'zjj')],
      }),
      201,
    ).scheme
    expect(s.isDefault).toBe(false)
    expect(s.stages.map((x: { name: string }) => x.name)).toEqual(['立项', '规划', '土地供应', '初步设计', '竣工验收'])
    const d = fx.ok(await fx.call('POST', `/api/joint/schemes/${s.id}/default`, fx.c.admin)).scheme
    expect(d.isDefault).toBe(true)
    const defaults = fx.ok(await fx.call('GET', '/api/joint/schemes', fx.c.sup)).items.filter((x: { regionCode: string; isDefault: boolean }) => x.regionCode === '371402' && x.isDefault)
    expect(defaults.map((x: { id: number }) => x.id)).toEqual([s.id])
  })

  it.each([
    ['a duplicate stage key', (b: any) => ({ stages: [b.stages[0], { ...b.stages[1], key: b.stages[0].key }] }), 400, 'SCHEME_INVALID'],
    ['a lead unit that is not a department', (b: any) => ({ stages: [{ ...b.stages[0], leadUnitId: fx.U.get('win') }] }), 400, 'SCHEME_INVALID'],
    ['an unknown item', (b: any) => ({ stages: [{ ...b.stages[0], itemIds: [99999999] }] }), 400, 'SCHEME_INVALID'],
    ['a region outside the admin’s scope', () => ({ regionCode: '371481' }), 400, 'SCHEME_INVALID'],
    ['an unknown region', () => ({ regionCode: '379999' }), 400, 'SCHEME_INVALID'],
    ['a green cut over 90 %', () => ({ greenCutPercent: 95 }), 400, 'VALIDATION_ERROR'],
    ['no stages', () => ({ stages: [] }), 400, 'VALIDATION_ERROR'],
  ])('refuses %s and writes nothing', async (_why, over, status, code) => {
    const { body } = await nationalSchemeBody(fx)
    const before = [await count(fx, 'joint_scheme'), await count(fx, 'joint_stage_def'), await count(fx, 'audit_record')]
    const r = await fx.call('POST', '/api/joint/schemes', fx.c.admin, { ...body, ...over(body) })
    expect(r.statusCode, r.body).toBe(status)
    expect(r.json().error.code).toBe(code)
    expect([await count(fx, 'joint_scheme'), await count(fx, 'joint_stage_def'), await count(fx, 'audit_record')]).toEqual(before)
  })

  it('refuses a duplicate code (409) and non-administrators (403); another county’s admin gets 404', async () => {
    const { body } = await nationalSchemeBody(fx, 'DC-DUP')
    const s = fx.ok(await fx.call('POST', '/api/joint/schemes', fx.c.admin, body), 201).scheme
    const dup = await fx.call('POST', '/api/joint/schemes', fx.c.admin, body)
    expect(dup.statusCode).toBe(409)
    expect(dup.json().error.code).toBe('DUPLICATE_CODE')
    expect((await fx.call('POST', '/api/joint/schemes', fx.c.win, { ...body, code: 'X1' })).statusCode).toBe(403)
    expect((await fx.call('GET', '/api/joint/schemes', fx.ent.cookie)).statusCode).toBe(403)
    expect((await fx.call('GET', '/api/joint/schemes')).statusCode).toBe(401)
    expect((await fx.call('PUT', `/api/joint/schemes/${s.id}`, fx.c.kadmin, body)).statusCode).toBe(404)
    expect((await fx.call('POST', `/api/joint/schemes/${s.id}/default`, fx.c.kadmin)).statusCode).toBe(404)
  })

  it('replaces stages while no project uses the scheme; afterwards only other fields change (409 for stages)', async () => {
    const { body } = await nationalSchemeBody(fx, 'DC-EDIT')
    const s = fx.ok(await fx.call('POST', '/api/joint/schemes', fx.c.admin, body), 201).scheme
    const three = { ...body, stages: body.stages.slice(0, 3) }
    expect(fx.ok(await fx.call('PUT', `/api/joint/schemes/${s.id}`, fx.c.admin, three)).scheme.stages).toHaveLength(3)
    await createProject(fx, fx.ent.cookie, { schemeId: s.id })
    const stagesBefore = await count(fx, 'joint_stage_def')
    const r = await fx.call('PUT', `/api/joint/schemes/${s.id}`, fx.c.admin, body)
    expect(r.statusCode).toBe(409)
    expect(r.json().error.code).toBe('INVALID_TRANSITION')
    expect(await count(fx, 'joint_stage_def')).toBe(stagesBefore)
    const renamed = fx.ok(await fx.call('PUT', `/api/joint/schemes/${s.id}`, fx.c.admin, { ...three, name: '改名后的方案', targetDays: 30 })).scheme
    expect(renamed).toMatchObject({ name: '改名后的方案', targetDays: 30 })
    expect(renamed.stages).toHaveLength(3)
  })
})
