/** Agent authorisations (帮办/代办): online grants, paper letters at the window, validity window, revocation. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uniq } from '../../test/harness.js'
import { activeAuthorisation, authorisedPrincipals } from './joint.agents.js'
import { count, createProject, createScheme, projectBody, setupFx, type Fx } from './joint.admin.testkit.js'

let fx: Fx
beforeAll(async () => {
  fx = await setupFx()
  await createScheme(fx, 'DC-AGENTS')
})
afterAll(() => fx.t.close())

const TODAY = '2026-03-02'
const grant = (cookie: string, payload: Record<string, unknown>) => fx.call('POST', '/api/joint/authorisations', cookie, payload)

function multipart(fields: Record<string, string>, file?: { field?: string; name: string; data: Buffer; type?: string }) {
  const boundary = `----ow${Math.random().toString(16).slice(2)}`
  const parts: Buffer[] = []
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`))
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'letter'}"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/pdf'}\r\n\r\n`))
    parts.push(file.data, Buffer.from('\r\n'))
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}
const PDF = () => Buffer.from(`%PDF-1.4\n% 授权委托书 ${uniq()}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`, 'utf8')
const postLetter = (cookie: string, fields: Record<string, string>, file?: Parameters<typeof multipart>[1]) => {
  const m = multipart(fields, file)
  return fx.t.app.inject({ method: 'POST', url: '/api/joint/authorisations', headers: { cookie, ...m.headers }, payload: m.payload })
}

describe('agents and authorisations', () => {
  it('lists the accounts holding role agent to anyone logged in', async () => {
    expect((await fx.call('GET', '/api/joint/agents')).statusCode).toBe(401)
    const items = fx.ok(await fx.call('GET', '/api/joint/agents', fx.ent.cookie)).items
    const ids = items.map((x: { userId: number }) => x.userId)
    expect(ids).toEqual(expect.arrayContaining([fx.staffId.agent, fx.staffId.agent2]))
    expect(ids).not.toContain(fx.staffId.win)
    expect(items.find((x: { userId: number }) => x.userId === fx.staffId.agent).unitName).toContain('德城区政务服务中心')
  })

  it('an applicant grants online for all matters: active within its validity window only', async () => {
    const before = await count(fx, 'audit_record')
    const a = fx.ok(await grant(fx.ent.cookie, { agentUserId: fx.staffId.agent, scope: 'all', validUntil: '2026-06-30', note: '全程代办' }), 201).authorisation
    expect(a).toMatchObject({ agentUserId: fx.staffId.agent, principalUserId: fx.ent.id, principalName: fx.ent.name, scope: 'all', projectId: null, validFrom: TODAY, validUntil: '2026-06-30', hasLetter: false, active: true, revokedAt: null })
    expect(await count(fx, 'audit_record')).toBe(before + 1)
    const q = { agentUserId: fx.staffId.agent!, principalUserId: fx.ent.id, projectId: null }
    expect(await activeAuthorisation(fx.t.deps.db, { ...q, today: TODAY })).toEqual({ id: a.id })
    expect(await activeAuthorisation(fx.t.deps.db, { ...q, projectId: 12345, today: '2026-06-30' })).toEqual({ id: a.id })
    expect(await activeAuthorisation(fx.t.deps.db, { ...q, today: '2026-07-01' })).toBeNull()
    expect(await activeAuthorisation(fx.t.deps.db, { ...q, today: '2026-03-01' })).toBeNull()
    expect(await activeAuthorisation(fx.t.deps.db, { ...q, principalUserId: fx.ent2.id, today: TODAY })).toBeNull()
    expect(await authorisedPrincipals(fx.t.deps.db, fx.staffId.agent!, TODAY)).toContainEqual({ principalUserId: fx.ent.id, projectId: null })
    expect(await authorisedPrincipals(fx.t.deps.db, fx.staffId.agent!, '2026-07-01')).toEqual([])
  })

  it('a project-scoped grant covers that project only', async () => {
    const p = await createProject(fx, fx.ent2.cookie, { name: '代办项目' })
    const a = fx.ok(await grant(fx.ent2.cookie, { agentUserId: fx.staffId.agent2, scope: 'project', projectId: p.id, validUntil: '2026-04-30' }), 201).authorisation
    expect(a).toMatchObject({ scope: 'project', projectId: p.id, projectCode: p.code })
    const q = { agentUserId: fx.staffId.agent2!, principalUserId: fx.ent2.id, today: TODAY }
    expect(await activeAuthorisation(fx.t.deps.db, { ...q, projectId: p.id })).toEqual({ id: a.id })
    expect(await activeAuthorisation(fx.t.deps.db, { ...q, projectId: p.id + 1000 })).toBeNull()
    expect(await activeAuthorisation(fx.t.deps.db, { ...q, projectId: null })).toBeNull()
    expect(await authorisedPrincipals(fx.t.deps.db, fx.staffId.agent2!, TODAY)).toEqual([{ principalUserId: fx.ent2.id, projectId: p.id }])
    // the agent sees that project, but may not create new projects for the principal (needs scope all)
    expect((await fx.call('GET', `/api/joint/projects/${p.id}`, fx.c.agent2)).statusCode).toBe(200)
    const r = await fx.call('POST', '/api/joint/projects', fx.c.agent2, projectBody({ applicantUserId: fx.ent2.id }))
    expect(r.statusCode).toBe(403)
    expect(r.json().error.code).toBe('AUTHORISATION_REQUIRED')
  })

  it.each([
    ['a past end date', () => ({ agentUserId: fx.staffId.agent, scope: 'all', validUntil: '2026-03-01' }), 'AUTHORISATION_INVALID'],
    ['an impossible date', () => ({ agentUserId: fx.staffId.agent, scope: 'all', validUntil: '2026-02-30' }), 'AUTHORISATION_INVALID'],
    ['an account that is not an agent', () => ({ agentUserId: fx.staffId.rev, scope: 'all', validUntil: '2026-06-30' }), 'AUTHORISATION_INVALID'],
    ['a window clerk online (not role agent)', () => ({ agentUserId: fx.staffId.win, scope: 'all', validUntil: '2026-06-30' }), 'AUTHORISATION_INVALID'],
    ['an applicant as agent', () => ({ agentUserId: fx.ent2.id, scope: 'all', validUntil: '2026-06-30' }), 'AUTHORISATION_INVALID'],
    ['a project scope without a project', () => ({ agentUserId: fx.staffId.agent, scope: 'project', validUntil: '2026-06-30' }), 'AUTHORISATION_INVALID'],
    ['a bad scope', () => ({ agentUserId: fx.staffId.agent, scope: 'everything', validUntil: '2026-06-30' }), 'VALIDATION_ERROR'],
  ])('refuses %s and writes nothing', async (_why, payload, code) => {
    const before = [await count(fx, 'agent_authorisation'), await count(fx, 'audit_record')]
    const r = await grant(fx.ent.cookie, payload())
    expect(r.statusCode, r.body).toBe(400)
    expect(r.json().error.code).toBe(code)
    expect([await count(fx, 'agent_authorisation'), await count(fx, 'audit_record')]).toEqual(before)
  })

  it('refuses a grant for another’s project, and staff granting online without a letter', async () => {
    const p = await createProject(fx, fx.ent2.cookie, { name: '别人的项目' })
    const r = await grant(fx.ent.cookie, { agentUserId: fx.staffId.agent, scope: 'project', projectId: p.id, validUntil: '2026-06-30' })
    expect(r.statusCode).toBe(400)
    const s = await grant(fx.c.win, { agentUserId: fx.staffId.agent, scope: 'all', validUntil: '2026-06-30', principalUserId: fx.ent.id })
    expect(s.statusCode).toBe(403)
  })

  it('the window records a paper letter (PDF/JPG/PNG, required) for a principal', async () => {
    const fields = { agentUserId: String(fx.staffId.agent), principalUserId: String(fx.ent2.id), scope: 'all', validUntil: '2026-12-31', note: '窗口登记' }
    const before = [await count(fx, 'agent_authorisation'), await count(fx, 'audit_record')]
    const none = await postLetter(fx.c.win, fields)
    expect(none.statusCode).toBe(400)
    expect(none.json().error.code).toBe('VALIDATION_ERROR')
    const text = await postLetter(fx.c.win, fields, { name: 'letter.txt', data: Buffer.from('not a pdf at all'), type: 'text/plain' })
    expect(text.statusCode).toBe(415)
    const byApplicant = await postLetter(fx.ent2.cookie, fields, { name: 'letter.pdf', data: PDF() })
    expect(byApplicant.statusCode).toBe(403)
    expect([await count(fx, 'agent_authorisation'), await count(fx, 'audit_record')]).toEqual(before)
    const a = fx.ok(await postLetter(fx.c.win, fields, { name: 'letter.pdf', data: PDF() }), 201).authorisation
    expect(a).toMatchObject({ principalUserId: fx.ent2.id, agentUserId: fx.staffId.agent, hasLetter: true, scope: 'all', note: '窗口登记', active: true })
    const row = await fx.t.deps.db.selectFrom('agent_authorisation').select('letter_file_id').where('id', '=', a.id).executeTakeFirstOrThrow()
    const file = await fx.t.deps.db.selectFrom('stored_file').select('mime').where('id', '=', row.letter_file_id!).executeTakeFirstOrThrow()
    expect(file.mime).toBe('application/pdf')
    // a letter may name the window clerk acting as 帮办
    const w = fx.ok(await postLetter(fx.c.win, { ...fields, agentUserId: String(fx.staffId.win) }, { name: 'letter.pdf', data: PDF() }), 201).authorisation
    expect(w.agentUserId).toBe(fx.staffId.win)
  })

  it('lists by role: the agent its own, the principal its grants, the admin those in scope', async () => {
    const mine = fx.ok(await fx.call('GET', '/api/joint/authorisations', fx.c.agent)).items
    expect(mine.length).toBeGreaterThan(0)
    expect(mine.every((a: { agentUserId: number }) => a.agentUserId === fx.staffId.agent)).toBe(true)
    const granted = fx.ok(await fx.call('GET', '/api/joint/authorisations', fx.ent.cookie)).items
    expect(granted.length).toBeGreaterThan(0)
    expect(granted.every((a: { principalUserId: number }) => a.principalUserId === fx.ent.id)).toBe(true)
    const admin = fx.ok(await fx.call('GET', '/api/joint/authorisations', fx.c.admin)).items
    expect(admin.some((a: { agentUserId: number }) => a.agentUserId === fx.staffId.agent)).toBe(true)
    const kadmin = fx.ok(await fx.call('GET', '/api/joint/authorisations', fx.c.kadmin)).items
    expect(kadmin.some((a: { agentUserId: number }) => a.agentUserId === fx.staffId.agent)).toBe(false)
    expect(fx.ok(await fx.call('GET', '/api/joint/authorisations', fx.person.cookie)).items).toEqual([])
  })

  it('revokes by the principal or a centre administrator with a reason; the agent may then no longer act', async () => {
    const a = fx.ok(await grant(fx.ent.cookie, { agentUserId: fx.staffId.agent2, scope: 'all', validUntil: '2026-09-30' }), 201).authorisation
    const q = { agentUserId: fx.staffId.agent2!, principalUserId: fx.ent.id, projectId: null, today: TODAY }
    expect(await activeAuthorisation(fx.t.deps.db, q)).toEqual({ id: a.id })
    fx.ok(await fx.call('POST', '/api/joint/projects', fx.c.agent2, projectBody({ applicantUserId: fx.ent.id, name: '代办赋码' })), 201)
    expect((await fx.call('POST', `/api/joint/authorisations/${a.id}/revoke`, fx.ent2.cookie, { reason: '无关' })).statusCode).toBe(404)
    expect((await fx.call('POST', `/api/joint/authorisations/${a.id}/revoke`, fx.c.agent2, { reason: '自己撤' })).statusCode).toBe(403)
    expect((await fx.call('POST', `/api/joint/authorisations/${a.id}/revoke`, fx.ent.cookie, { reason: '' })).statusCode).toBe(400)
    const r = fx.ok(await fx.call('POST', `/api/joint/authorisations/${a.id}/revoke`, fx.ent.cookie, { reason: '更换代办员' })).authorisation
    expect(r).toMatchObject({ active: false, revokeReason: '更换代办员' })
    expect(r.revokedAt).toBeTruthy()
    expect((await fx.call('POST', `/api/joint/authorisations/${a.id}/revoke`, fx.ent.cookie, { reason: '再次' })).statusCode).toBe(409)
    expect(await activeAuthorisation(fx.t.deps.db, q)).toBeNull()
    const refused = await fx.call('POST', '/api/joint/projects', fx.c.agent2, projectBody({ applicantUserId: fx.ent.id }))
    expect(refused.statusCode).toBe(403)
    expect(refused.json().error.code).toBe('AUTHORISATION_REQUIRED')
    // a centre administrator revokes one of their scope
    const b = fx.ok(await grant(fx.ent.cookie, { agentUserId: fx.staffId.agent, scope: 'all', validUntil: '2026-09-30' }), 201).authorisation
    expect((await fx.call('POST', `/api/joint/authorisations/${b.id}/revoke`, fx.c.kadmin, { reason: '越权' })).statusCode).toBe(404)
    expect(fx.ok(await fx.call('POST', `/api/joint/authorisations/${b.id}/revoke`, fx.c.admin, { reason: '代办员离岗' })).authorisation.active).toBe(false)
    const actions = await fx.t.deps.db.selectFrom('audit_record').select('action').where('target_type', '=', 'agent_authorisation').where('target_id', '=', String(b.id)).execute()
    expect(actions.map((x) => x.action)).toEqual(['joint.authorisation.create', 'joint.authorisation.revoke'])
  })
})
