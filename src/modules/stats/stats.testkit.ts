/**
 * Test fixtures for the stats tests: a district (德城区 371402) with its centre and general window,
 * departments with reviewer and approver, a supervisor and a centre administrator of the district,
 * published items, and helpers that drive real cases through the case routes with the clock moved.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import type { LightMyRequestResponse } from 'fastify'
import { createTestApp, makeStaff, uniq, ADMIN_PASSWORD, type TestApp } from '../../test/harness.js'
import { mutate } from '../../server/mutate.js'
import { systemCtx } from '../../server/context.js'
import { registerEnterprise, type TestApplicant } from '../../test/applicants.js'
import { createUnits, importRegions } from '../org/index.js'
import { sampleGuide } from '../catalog/catalog.testkit.js'
import type { ItemGuide } from '../catalog/catalog.types.js'

export type Method = 'GET' | 'POST' | 'PUT'
export const at = (local: string) => `${local}+08:00`

export interface Dept {
  id: number
  reviewer: string
  approver: string
}

export interface StatsFx {
  t: TestApp
  centreId: number
  windowId: number
  win: string
  /** window staff user id (the intake step's assignee) */
  winUserId: number
  supervisor: string
  admin: string
  depts: Record<string, Dept>
  ent: TestApplicant
  call(method: Method, url: string, cookie?: string, payload?: unknown): Promise<LightMyRequestResponse>
  ok<T = any>(r: LightMyRequestResponse, status?: number): T
  set(local: string): void
}

export async function publishItem(t: TestApp, g: ItemGuide): Promise<number> {
  const admin = await t.login('admin', ADMIN_PASSWORD)
  const created = await t.app.inject({ method: 'POST', url: '/api/catalog/items', headers: { cookie: admin }, payload: { guide: g } })
  if (created.statusCode !== 201) throw new Error(`create item: ${created.statusCode} ${created.body}`)
  const id = created.json().item.id as number
  const pub = await t.app.inject({ method: 'POST', url: `/api/catalog/items/${id}/publish`, headers: { cookie: admin }, payload: {} })
  if (pub.statusCode !== 200) throw new Error(`publish item: ${pub.statusCode} ${pub.body}`)
  return id
}

/** A promised item of the department: intake, review (promised − 3), approve 2, complete 1. */
export function promisedItem(departmentId: number, name: string, promised: number, legal = 20, over: Partial<ItemGuide> = {}): ItemGuide {
  return sampleGuide({
    code: uniq('ST').toUpperCase().slice(0, 20),
    name,
    departmentId,
    audiences: ['enterprise', 'person'],
    materials: [{ key: 'application', name: '申请书', requirement: 'optional', condition: null, form: 'original', copies: 1, blankFormFileId: null, sampleFileId: null, eCertificateType: null, secondary: false, note: null }],
    conditionalAcceptance: false,
    fees: [],
    promisedLimitDays: promised,
    legalLimitDays: legal,
    steps: [
      { key: 'intake', name: '受理', role: 'window_staff', limitDays: 0 },
      { key: 'review', name: '审核', role: 'reviewer', limitDays: Math.max(0, promised - 3) },
      { key: 'approve', name: '批准', role: 'approver', limitDays: Math.min(2, promised) },
      { key: 'complete', name: '办结', role: 'window_staff', limitDays: promised >= 3 ? 1 : 0 },
    ],
    pausesAllowed: ['site_inspection'],
    ...over,
  })
}

export function instantItem(departmentId: number, name: string, legal = 5): ItemGuide {
  return promisedItem(departmentId, name, 0, legal, {
    instant: true,
    steps: [
      { key: 'intake', name: '受理', role: 'window_staff', limitDays: 0 },
      { key: 'review', name: '审核', role: 'reviewer', limitDays: 0 },
      { key: 'approve', name: '批准', role: 'approver', limitDays: 0 },
      { key: 'complete', name: '办结', role: 'window_staff', limitDays: 0 },
    ],
  })
}

export async function setupStatsFx(deptKeys: string[], start = '2026-09-01T09:00:00'): Promise<StatsFx> {
  const t = await createTestApp({ config: { sessionTtlHours: 24 * 365 } })
  t.clock.set(at(start))
  await importRegions(t.deps, systemCtx(), { cityCode: '3714', withVillages: false })
  const U = await mutate(t.deps, systemCtx('test'), (tx) =>
    createUnits(
      tx,
      [
        { key: 'centre', kind: 'centre', subtype: 'county_centre', name: `德城区政务服务中心${uniq()}`, regionCode: '371402' },
        { key: 'win', kind: 'window', subtype: 'general', name: `综合受理窗口${uniq()}`, regionCode: '371402', parent: 'centre' },
        ...deptKeys.map((k) => ({ key: k, kind: 'department' as const, name: `德城区${k}局`, regionCode: '371402' })),
      ],
      '统计测试单位',
    ),
  )
  const win = await makeStaff(t.deps, { role: 'window_staff', unitId: U.get('centre')! })
  const sup = await makeStaff(t.deps, { role: 'supervisor', regionCode: '371402' })
  const adm = await makeStaff(t.deps, { role: 'centre_admin', regionCode: '371402' })
  const depts: Record<string, Dept> = {}
  for (const k of deptKeys) {
    const rev = await makeStaff(t.deps, { role: 'reviewer', unitId: U.get(k)! })
    const appr = await makeStaff(t.deps, { role: 'approver', unitId: U.get(k)! })
    depts[k] = { id: U.get(k)!, reviewer: await t.login(rev.username, rev.password), approver: await t.login(appr.username, appr.password) }
  }
  const call = (method: Method, url: string, cookie?: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) })
  const ok = (r: LightMyRequestResponse, status = 200) => {
    if (r.statusCode !== status) throw new Error(`expected ${status}, got ${r.statusCode} ${r.body}`)
    return r.json()
  }
  return {
    t,
    centreId: U.get('centre')!,
    windowId: U.get('win')!,
    win: await t.login(win.username, win.password),
    winUserId: win.id,
    supervisor: await t.login(sup.username, sup.password),
    admin: await t.login(adm.username, adm.password),
    depts,
    ent: await registerEnterprise(t, `德州市统计测试有限公司${uniq()}`),
    call,
    ok,
    set: (local) => t.clock.set(at(local)),
  }
}

/** Filed at the window at the current time; accepted unless told otherwise. */
export async function windowCase(fx: StatsFx, itemId: number, accept = true): Promise<number> {
  const c = fx.ok(await fx.call('POST', '/api/cases/window', fx.win, { itemId, windowId: fx.windowId, applicant: { userId: fx.ent.id } }), 201).case
  if (accept) fx.ok(await fx.call('POST', `/api/cases/${c.id}/intake`, fx.win, { decision: 'accept' }))
  return c.id as number
}

/** Applied online by the enterprise and received after pre-review, at the current time. */
export async function onlineCase(fx: StatsFx, itemId: number): Promise<number> {
  const c = fx.ok(await fx.call('POST', '/api/cases', fx.ent.cookie, { itemId }), 201).case
  fx.ok(await fx.call('POST', `/api/cases/${c.id}/submit`, fx.ent.cookie))
  fx.ok(await fx.call('POST', `/api/cases/${c.id}/prereview`, fx.win, { outcome: 'pass' }))
  return c.id as number
}

async function steps(fx: StatsFx, id: number): Promise<{ id: number; key: string; status: string }[]> {
  return fx.ok(await fx.call('GET', `/api/cases/${id}`, fx.win)).case.steps
}

/** Review passed, granted and completed by the department at the current time. */
export async function finish(fx: StatsFx, id: number, dept: Dept): Promise<void> {
  const review = (await steps(fx, id)).find((s) => s.key === 'review' && s.status === 'active')
  if (review) fx.ok(await fx.call('POST', `/api/cases/${id}/steps/${review.id}/complete`, dept.reviewer, { opinion: '审核通过', outcome: 'pass' }))
  fx.ok(await fx.call('POST', `/api/cases/${id}/decision`, dept.approver, { outcome: 'grant' }))
  fx.ok(await fx.call('POST', `/api/cases/${id}/complete`, dept.approver))
}

export async function pdfText(buf: Buffer): Promise<string> {
  const file = path.join(os.tmpdir(), `stats-${uniq()}.pdf`)
  fs.writeFileSync(file, buf)
  try {
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '')
  } finally {
    fs.rmSync(file)
  }
}

export { uniq, makeStaff }
