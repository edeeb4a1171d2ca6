/**
 * Test fixtures for the projects / bundles / schemes / agents / prediction tests: a district (德城区
 * 371402) with its centre, window and the four R15 lead departments, another county (乐陵 371481),
 * staff of each kind, an enterprise and a person applicant, published items.
 */
import type { LightMyRequestResponse } from 'fastify'
import { createTestApp, makeStaff, uniq, ADMIN_PASSWORD, type TestApp } from '../../test/harness.js'
import { mutate } from '../../server/mutate.js'
import { systemCtx } from '../../server/context.js'
import { registerEnterprise, registerPerson } from '../../test/applicants.js'
export { registerEnterprise, registerPerson }
import { createUnits, importRegions } from '../org/index.js'
import { storeFile } from '../files/index.js'
import { sampleGuide } from '../catalog/catalog.testkit.js'
import type { ItemGuide } from '../catalog/catalog.types.js'

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE'

export type StaffKey = 'admin' | 'kadmin' | 'win' | 'agent' | 'agent2' | 'sup' | 'rev'

export interface Fx {
  t: TestApp
  U: Map<string, number>
  /** cookies by name: sys, admin (德城 centre_admin), kadmin (乐陵 centre_admin), win, agent, agent2, sup, rev */
  c: Record<StaffKey | 'sys', string>
  /** staff user ids by the same names */
  staffId: Record<StaffKey, number>
  ent: { id: number; cookie: string; name: string; relogin(): Promise<string> }
  ent2: { id: number; cookie: string; name: string; relogin(): Promise<string> }
  person: { id: number; cookie: string }
  call(method: Method, url: string, cookie?: string, payload?: unknown): Promise<LightMyRequestResponse>
  ok<T = any>(r: LightMyRequestResponse, status?: number): T
}

let seq = 0
const next = () => ++seq + (process.pid % 500) * 1000



export async function setupFx(): Promise<Fx> {
  const t = await createTestApp()
  t.clock.set('2026-03-02T09:00:00+08:00') // a Monday
  await importRegions(t.deps, systemCtx(), { cityCode: '3714', withVillages: false })
  const U = await mutate(t.deps, systemCtx('test'), (tx) =>
    createUnits(
      tx,
      [
        { key: 'centre', kind: 'centre', subtype: 'county_centre', name: `德城区政务服务中心${uniq()}`, regionCode: '371402' },
        { key: 'win', kind: 'window', subtype: 'general', name: `综合受理窗口${uniq()}`, regionCode: '371402', parent: 'centre' },
        { key: 'fgj', kind: 'department', name: `德城区发展和改革局${uniq()}`, regionCode: '371402' },
        { key: 'zrj', kind: 'department', name: `德城区自然资源和规划局${uniq()}`, regionCode: '371402' },
        { key: 'spj', kind: 'department', name: `德城区行政审批服务局${uniq()}`, regionCode: '371402' },
        { key: 'zjj', kind: 'department', name: `德城区住房和城乡建设局${uniq()}`, regionCode: '371402' },
        { key: 'kcentre', kind: 'centre', subtype: 'county_centre', name: `乐陵市政务服务中心${uniq()}`, regionCode: '371481' },
        { key: 'kdept', kind: 'department', name: `乐陵市发展和改革局${uniq()}`, regionCode: '371481' },
      ],
      '并联审批测试单位',
    ),
  )
  const staff = {
    admin: await makeStaff(t.deps, { role: 'centre_admin', unitId: U.get('centre')! }),
    kadmin: await makeStaff(t.deps, { role: 'centre_admin', unitId: U.get('kcentre')! }),
    win: await makeStaff(t.deps, { role: 'window_staff', unitId: U.get('win')! }),
    agent: await makeStaff(t.deps, { role: 'agent', unitId: U.get('centre')! }),
    agent2: await makeStaff(t.deps, { role: 'agent', unitId: U.get('kcentre')! }),
    sup: await makeStaff(t.deps, { role: 'supervisor', regionCode: '371402' }),
    rev: await makeStaff(t.deps, { role: 'reviewer', unitId: U.get('fgj')! }),
  }
  const c = { sys: await t.login('admin', ADMIN_PASSWORD) } as Record<StaffKey | 'sys', string>
  const staffId = {} as Record<StaffKey, number>
  for (const [k, s] of Object.entries(staff) as [StaffKey, { id: number; username: string; password: string }][]) {
    c[k] = await t.login(s.username, s.password)
    staffId[k] = s.id
  }
  const call = (method: Method, url: string, cookie?: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) })
  const ok = (r: LightMyRequestResponse, status = 200) => {
    if (r.statusCode !== status) throw new Error(`expected ${status}, got ${r.statusCode} ${r.body}`)
    return r.json()
  }
  return {
    t,
    U,
    c,
    staffId,
    ent: await registerEnterprise(t, '德州宏远置业有限公司'),
    ent2: await registerEnterprise(t, '德州长河建设有限公司'),
    person: await registerPerson(t, '张三'),
    call,
    ok,
  }
}

/** A published item of a department (through the catalogue API, as the system administrator). */
export async function publishItem(fx: Fx, dept: string, over: Partial<ItemGuide> = {}): Promise<number> {
  const guide = sampleGuide({ code: `JT-XK-${String(next()).padStart(6, '0')}`, departmentId: fx.U.get(dept)!, ...over })
  const created = fx.ok(await fx.call('POST', '/api/catalog/items', fx.c.sys, { guide }), 201)
  fx.ok(await fx.call('POST', `/api/catalog/items/${created.item.id}/publish`, fx.c.sys, {}))
  return created.item.id
}

export const material = (key: string, name: string, requirement: 'required' | 'conditional' | 'optional' = 'required', eCertificateType: string | null = null) => ({
  key,
  name,
  requirement,
  condition: requirement === 'conditional' ? '如适用' : null,
  form: 'original' as const,
  copies: 1,
  blankFormFileId: null,
  sampleFileId: null,
  eCertificateType,
  secondary: false,
  note: null,
})

/** The national four stages (R15) with one item each. */
export async function nationalSchemeBody(fx: Fx, code = `NAT-${next()}`, over: Record<string, unknown> = {}) {
  const items = {
    fgj: await publishItem(fx, 'fgj', { name: '企业投资项目备案', result: { type: 'approval_document', name: '项目备案证明', eCertificateType: '项目备案证明' } }),
    zrj: await publishItem(fx, 'zrj', {
      name: '建设工程规划许可证核发',
      materials: [material('application', '申请书'), material('filing', '项目备案证明', 'required', '项目备案证明')],
      result: { type: 'licence', name: '建设工程规划许可证', eCertificateType: '建设工程规划许可证' },
    }),
    spj: await publishItem(fx, 'spj', {
      name: '建筑工程施工许可证核发',
      materials: [material('application', '申请书'), material('planning_permit', '建设工程规划许可证', 'required', '建设工程规划许可证')],
    }),
    zjj: await publishItem(fx, 'zjj', { name: '建设工程竣工验收备案' }),
  }
  return {
    items,
    body: {
      code,
      name: '德城区工程建设项目审批（国家四阶段）',
      regionCode: '371402',
      targetDays: 25,
      greenCutPercent: 30,
      description: '立项用地规划许可、工程建设许可、施工许可、竣工验收',
      stages: [
        { key: 'land_planning', name: '立项用地规划许可', leadUnitId: fx.U.get('fgj')!, limitDays: 5, itemIds: [items.fgj], meetingKinds: ['inspection'] },
        { key: 'construction_permit_planning', name: '工程建设许可', leadUnitId: fx.U.get('zrj')!, limitDays: 8, itemIds: [items.zrj], meetingKinds: ['drawing_review'] },
        { key: 'construction_permit', name: '施工许可', leadUnitId: fx.U.get('spj')!, limitDays: 6, itemIds: [items.spj], meetingKinds: [] },
        { key: 'completion_acceptance', name: '竣工验收', leadUnitId: fx.U.get('zjj')!, limitDays: 6, itemIds: [items.zjj], meetingKinds: ['acceptance'] },
      ],
      ...over,
    },
  }
}

export async function createScheme(fx: Fx, code?: string) {
  const { items, body } = await nationalSchemeBody(fx, code)
  const scheme = fx.ok(await fx.call('POST', '/api/joint/schemes', fx.c.admin, body), 201).scheme
  return { scheme, items, body }
}

export const projectBody = (over: Record<string, unknown> = {}) => ({
  name: '德州宏远商务中心项目',
  regionCode: '371402',
  location: '德城区新湖大街 88 号',
  investmentYuan: '125000000.50',
  industryCode: '47',
  ...over,
})

export async function createProject(fx: Fx, cookie = fx.ent.cookie, over: Record<string, unknown> = {}) {
  return fx.ok(await fx.call('POST', '/api/joint/projects', cookie, projectBody(over)), 201).project
}

// ---------------------------------------------------------------- rows written directly (the core's part)

export async function insertJointCase(
  fx: Fx,
  v: { projectId: number; stageDefId: number; leadUnitId: number; applicantUserId: number; status: string; acceptedAt?: string | null; completedAt?: string | null; limitDays?: number },
): Promise<number> {
  const now = fx.t.clock.now()
  const row = await fx.t.deps.db
    .insertInto('joint_case')
    .values({
      number: uniq('JC'),
      kind: 'stage',
      project_id: v.projectId,
      stage_def_id: v.stageDefId,
      bundle_id: null,
      name: '测试阶段申请',
      lead_unit_id: v.leadUnitId,
      region_code: '371402',
      channel: 'online',
      status: v.status as never,
      applicant_user_id: v.applicantUserId,
      applicant_kind: 'enterprise',
      applicant_name: '测试企业',
      form: '{}',
      green_channel: false,
      limit_days: v.limitDays ?? 5,
      created_at: now,
      received_at: v.acceptedAt ?? null,
      accepted_at: v.acceptedAt ?? null,
      completed_at: v.completedAt ?? null,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(row.id)
}

export async function versionOf(fx: Fx, itemId: number): Promise<number> {
  const r = await fx.t.deps.db.selectFrom('item').select('current_version_id').where('id', '=', itemId).executeTakeFirstOrThrow()
  return Number(r.current_version_id)
}

export async function insertCase(
  fx: Fx,
  v: { itemId: number; unitId: number; applicantUserId: number; jointCaseId?: number | null; status?: string; acceptedAt?: string | null; decidedAt?: string | null },
): Promise<number> {
  const now = fx.t.clock.now()
  const row = await fx.t.deps.db
    .insertInto('case')
    .values({
      number: uniq('C'),
      item_id: v.itemId,
      item_version_id: await versionOf(fx, v.itemId),
      unit_id: v.unitId,
      region_code: '371402',
      channel: 'online',
      status: (v.status ?? 'accepted') as never,
      applicant_user_id: v.applicantUserId,
      applicant_kind: 'enterprise',
      applicant_name: '测试企业',
      form: '{}',
      quantities: '{}',
      exemptions: '[]',
      conditional_pending: '[]',
      created_at: now,
      received_at: v.acceptedAt ?? null,
      accepted_at: v.acceptedAt ?? null,
      decided_at: v.decidedAt ?? null,
      decision: v.decidedAt ? 'grant' : null,
      legal_days: 20,
      promised_days: 10,
      joint_case_id: v.jointCaseId ?? null,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(row.id)
}

export async function insertCertificate(fx: Fx, v: { caseId: number; type: string; holderUserId: number }): Promise<{ id: number; fileId: string }> {
  return mutate(fx.t.deps, systemCtx('test'), async (tx) => {
    const file = await storeFile(tx, { data: Buffer.from(`%PDF-1.4\n% ${v.type} ${uniq()}\n%%EOF\n`, 'latin1'), originalName: 'cert.pdf' })
    const row = await tx.db
      .insertInto('e_certificate')
      .values({ type: v.type, name: v.type, number: uniq('EC'), holder_user_id: v.holderUserId, holder_name: '测试企业', issued_at: tx.now, case_id: v.caseId, document_id: null, file_id: file.id })
      .returning('id')
      .executeTakeFirstOrThrow()
    await tx.audit({ action: 'test.ecert.create', targetType: 'e_certificate', targetId: Number(row.id) })
    return { id: Number(row.id), fileId: file.id }
  })
}

export async function count(fx: Fx, table: 'joint_bundle' | 'joint_scheme' | 'joint_project' | 'agent_authorisation' | 'audit_record' | 'joint_stage_def'): Promise<number> {
  const r = await fx.t.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(r.n)
}
