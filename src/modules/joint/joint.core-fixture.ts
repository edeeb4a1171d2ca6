/**
 * Test fixtures for the joint core tests: a district (德城区 371402) with its centre and general
 * window, three departments (the lead 发改 and two co-departments), a stranger department in 乐陵,
 * staff of each, applicants, three published items sharing materials, and a published bundle.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import type { LightMyRequestResponse } from 'fastify'
import { sql } from 'kysely'
import { createTestApp, makeStaff, uniq, ADMIN_PASSWORD, type TestApp } from '../../test/harness.js'
import { mutate } from '../../server/mutate.js'
import { systemCtx } from '../../server/context.js'
import { registerEnterprise, registerPerson } from '../../test/applicants.js'
import { createUnits, importRegions } from '../org/index.js'
import { sampleGuide } from '../catalog/catalog.testkit.js'
import type { ItemGuide, ItemMaterial } from '../catalog/catalog.types.js'
import type { JointCaseDto, TaskDto } from './joint.types.js'

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE'
export const MONDAY = '2026-03-02T09:00:00+08:00'

export interface Fx {
  t: TestApp
  U: Map<string, number>
  /** staff cookies: win (general window), leadRev (发改 reviewer = lead), revB, revC, stranger (乐陵 reviewer) */
  c: Record<string, string>
  ent: { id: number; cookie: string }
  other: { id: number; cookie: string }
  items: { a: number; b: number; c: number }
  bundleId: number
  call(method: Method, url: string, cookie?: string, payload?: unknown): Promise<LightMyRequestResponse>
  /** moves the clock and logs everyone in again (sessions expire when the clock jumps) */
  setClock(iso: string): Promise<void>
  ok<T = any>(r: LightMyRequestResponse, status?: number): T
}


type Login = { login: string; password: string }



const mat = (key: string, name: string, over: Partial<ItemMaterial> = {}): ItemMaterial => ({
  key, name, requirement: 'required', condition: null, form: 'original', copies: 1, blankFormFileId: null, sampleFileId: null, eCertificateType: null, secondary: false, note: null, ...over,
})

export async function publishItem(t: TestApp, g: ItemGuide): Promise<number> {
  const admin = await t.login('admin', ADMIN_PASSWORD)
  const created = await t.app.inject({ method: 'POST', url: '/api/catalog/items', headers: { cookie: admin }, payload: { guide: g } })
  if (created.statusCode !== 201) throw new Error(`create item: ${created.statusCode} ${created.body}`)
  const id = created.json().item.id as number
  const pub = await t.app.inject({ method: 'POST', url: `/api/catalog/items/${id}/publish`, headers: { cookie: admin }, payload: {} })
  if (pub.statusCode !== 200) throw new Error(`publish item: ${pub.statusCode} ${pub.body}`)
  return id
}

/** An item of the department; its steps add up to the promised limit (at least 4 working days). */
export function itemGuide(departmentId: number, name: string, materials: ItemMaterial[], over: Partial<ItemGuide> = {}): ItemGuide {
  const promised = over.promisedLimitDays ?? 10
  const steps: ItemGuide['steps'] = [
    { key: 'intake', name: '受理', role: 'window_staff', limitDays: 0 },
    { key: 'review', name: '审核', role: 'reviewer', limitDays: promised - 4 },
    { key: 'approve', name: '批准', role: 'approver', limitDays: 3 },
    { key: 'complete', name: '办结', role: 'window_staff', limitDays: 1 },
  ]
  return sampleGuide({ code: uniq('JT').toUpperCase().slice(0, 20), name, departmentId, audiences: ['enterprise', 'person'], materials, fees: [], promisedLimitDays: promised, legalLimitDays: 20, steps, ...over })
}

/** A published bundle (inserted directly: the bundle admin routes belong to the projects helper). */
export async function insertBundle(t: TestApp, leadUnitId: number, itemIds: number[], limitDays = 15): Promise<number> {
  const now = t.clock.now()
  const r = await t.deps.db
    .insertInto('joint_bundle')
    .values({ code: uniq('B').toUpperCase(), name: '企业投资项目开工“一件事”', description: '测试', region_code: '371402', lead_unit_id: leadUnitId, limit_days: limitDays, item_ids: JSON.stringify(itemIds), audiences: JSON.stringify(['enterprise', 'person']), status: 'published', created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(r.id)
}

export async function setupFx(): Promise<Fx> {
  const t = await createTestApp()
  t.clock.set(MONDAY)
  await importRegions(t.deps, systemCtx(), { cityCode: '3714', withVillages: false })
  const U = await mutate(t.deps, systemCtx('test'), (tx) =>
    createUnits(
      tx,
      [
        { key: 'centre', kind: 'centre', subtype: 'county_centre', name: `德城区政务服务中心${uniq()}`, regionCode: '371402' },
        { key: 'win', kind: 'window', subtype: 'general', name: `综合受理窗口${uniq()}`, regionCode: '371402', parent: 'centre' },
        { key: 'a', kind: 'department', name: `德城区发展和改革局${uniq()}`, regionCode: '371402' },
        { key: 'b', kind: 'department', name: `德城区自然资源和规划局${uniq()}`, regionCode: '371402' },
        { key: 'c', kind: 'department', name: `德城区住房和城乡建设局${uniq()}`, regionCode: '371402' },
        { key: 'k', kind: 'department', name: `乐陵市发展和改革局${uniq()}`, regionCode: '371481' },
      ],
      '并联审批核心测试单位',
    ),
  )
  const staff = {
    win: await makeStaff(t.deps, { role: 'window_staff', unitId: U.get('win')! }),
    leadRev: await makeStaff(t.deps, { role: 'reviewer', unitId: U.get('a')! }),
    revB: await makeStaff(t.deps, { role: 'reviewer', unitId: U.get('b')! }),
    revC: await makeStaff(t.deps, { role: 'reviewer', unitId: U.get('c')! }),
    stranger: await makeStaff(t.deps, { role: 'reviewer', unitId: U.get('k')! }),
  }
  const c: Record<string, string> = {}
  for (const [k, s] of Object.entries(staff)) c[k] = await t.login(s.username, s.password)
  const ent = await registerEnterprise(t, '德州市宏图建设有限公司')
  const other = await registerPerson(t, '陌生人')
  const items = {
    a: await publishItem(t, itemGuide(U.get('a')!, '企业投资项目备案', [mat('application', '申请书'), mat('site_plan', '项目选址图')])),
    b: await publishItem(t, itemGuide(U.get('b')!, '建设用地规划许可', [mat('application', '申请书'), mat('site_plan', '项目选址图'), mat('land_cert', '土地权属证明')], { promisedLimitDays: 8 })),
    c: await publishItem(t, itemGuide(U.get('c')!, '施工图设计审查备案', [mat('application', '申请书'), mat('fire_design', '消防设计文件'), mat('other', '其他材料', { requirement: 'optional' })], { promisedLimitDays: 5 })),
  }
  const bundleId = await insertBundle(t, U.get('a')!, [items.a, items.b, items.c])
  const call = (method: Method, url: string, cookie?: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) })
  const ok = (r: LightMyRequestResponse, status = 200) => {
    if (r.statusCode !== status) throw new Error(`expected ${status}, got ${r.statusCode} ${r.body}`)
    return r.json()
  }
  const fx: Fx = {
    t, U, c, ent, other, items, bundleId, call, ok,
    async setClock(iso) {
      t.clock.set(iso)
      for (const [k, s] of Object.entries(staff)) c[k] = await t.login(s.username, s.password)
      for (const a of [ent, other] as (typeof ent & Login)[]) a.cookie = await t.login(a.login, a.password)
    },
  }
  return fx
}

const PDF = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`, 'latin1')

export async function upload(fx: Fx, jointId: number, cookie: string, materialKey: string): Promise<LightMyRequestResponse> {
  const boundary = `----ow${Math.random().toString(16).slice(2)}`
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="materialKey"\r\n\r\n${materialKey}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${materialKey}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    PDF(`${materialKey} ${uniq()}`),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return fx.t.app.inject({ method: 'POST', url: `/api/joint/cases/${jointId}/materials`, headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload })
}

export const REQUIRED_KEYS = ['application', 'site_plan', 'land_cert', 'fire_design']

/** A bundle case created by the enterprise, with the given materials uploaded (default: all required). */
export async function draftCase(fx: Fx, keys = REQUIRED_KEYS): Promise<JointCaseDto> {
  const draft = fx.ok(await fx.call('POST', '/api/joint/cases', fx.ent.cookie, { kind: 'bundle', bundleId: fx.bundleId }), 201).case as JointCaseDto
  for (const k of keys) fx.ok(await upload(fx, draft.id, fx.ent.cookie, k), 201)
  return draft
}

export async function getCase(fx: Fx, id: number, cookie = fx.c.win!): Promise<JointCaseDto> {
  return fx.ok(await fx.call('GET', `/api/joint/cases/${id}`, cookie)).case
}

/** The task of the department with this fixture key ('a' | 'b' | 'c'). */
export function taskOf(fx: Fx, c: JointCaseDto, unitKey: 'a' | 'b' | 'c'): TaskDto {
  const t = c.tasks.find((x) => x.unitId === fx.U.get(unitKey))
  if (!t) throw new Error(`no task of unit ${unitKey}`)
  return t
}

export const deptCookie = (fx: Fx, unitKey: 'a' | 'b' | 'c') => fx.c[{ a: 'leadRev', b: 'revB', c: 'revC' }[unitKey]]!

/** Submitted, every department's pre-check passed, accepted by the window. */
export async function acceptedCase(fx: Fx): Promise<JointCaseDto> {
  const d = await draftCase(fx)
  fx.ok(await fx.call('POST', `/api/joint/cases/${d.id}/submit`, fx.ent.cookie))
  const received = await getCase(fx, d.id)
  for (const k of ['a', 'b', 'c'] as const) fx.ok(await fx.call('POST', `/api/joint/tasks/${taskOf(fx, received, k).id}/precheck`, deptCookie(fx, k), { ok: true }))
  return fx.ok(await fx.call('POST', `/api/joint/cases/${d.id}/accept`, fx.c.win)).case
}

/** The text of a document's PDF (whitespace removed), through the download route. */
export async function pdfText(fx: Fx, jointId: number, docId: number, cookie = fx.c.win!): Promise<string> {
  const r = await fx.call('GET', `/api/joint/cases/${jointId}/documents/${docId}`, cookie)
  if (r.statusCode !== 200) throw new Error(`pdf: ${r.statusCode} ${r.body}`)
  const file = path.join(os.tmpdir(), `joint-${uniq()}.pdf`)
  fs.writeFileSync(file, r.rawPayload)
  try {
    return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '')
  } finally {
    fs.rmSync(file)
  }
}

export async function auditCount(fx: Fx, action: string, targetId: number): Promise<number> {
  const r = await fx.t.deps.db.selectFrom('audit_record').select(sql<number>`count(*)`.as('n')).where('action', '=', action).where('target_id', '=', String(targetId)).executeTakeFirstOrThrow()
  return Number(r.n)
}

export { uniq, makeStaff }
