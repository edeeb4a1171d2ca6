/**
 * Setup for the joint journeys (并联审批, e2e/joint.journey.test.ts), through the HTTP API so the
 * journeys do not depend on the demo's joint data: catalogue items in several departments (as the
 * system administrator), one department approver per department (org staff API), a construction
 * scheme and a one-thing bundle (as the centre administrator), a project (as the general window).
 * Also a clock the journeys can move forward (the platform's injectable clock, src/server/clock.ts)
 * and small API helpers acting as one user.
 */
import { expect } from 'vitest'
import { request, type APIRequestContext } from 'playwright-core'
import type { Clock } from '../../src/server/clock.js'
import type { Platform } from '../../src/server/platform.js'
import type { BundleDto, JointCaseDto, ProjectDto, SchemeDto } from '../../src/modules/joint/joint.types.js'
import { ADMIN_PASSWORD } from './platform.js'
import { DEMO_PASSWORD, departmentId, publishItem } from './desk-setup.js'

export const STAFF_PASSWORD = 'Joint@2026ok'

/** One user's session on the API, with JSON helpers that fail loudly. */
export interface Session {
  ctx: APIRequestContext
  get<T>(path: string, params?: Record<string, string | number>): Promise<T>
  post<T>(path: string, body?: unknown): Promise<T>
  put<T>(path: string, body: unknown): Promise<T>
  upload<T>(path: string, fields: Record<string, string>, file: { name: string; mimeType: string; buffer: Buffer }, fileField?: string): Promise<T>
  dispose(): Promise<void>
}

async function parse<T>(what: string, res: { ok(): boolean; status(): number; text(): Promise<string> }): Promise<T> {
  const text = await res.text()
  if (!res.ok()) throw new Error(`${what} → HTTP ${res.status()} ${text.slice(0, 600)}`)
  return (text ? JSON.parse(text) : null) as T
}

/**
 * Signs in on the API. The login route is rate-limited per client (LOGIN_RATE_LIMIT a minute), and a
 * journey signs in many people: on 429 it waits as the server asks and tries again.
 */
export async function session(baseUrl: string, username: string, password: string): Promise<Session> {
  const ctx = await request.newContext({ baseURL: baseUrl })
  let r = await ctx.post('/api/auth/login', { data: { username, password } })
  for (let i = 0; i < 3 && r.status() === 429; i++) {
    const wait = Math.min(65, Number(r.headers()['retry-after'] ?? 30) || 30)
    await new Promise((res) => setTimeout(res, wait * 1000))
    r = await ctx.post('/api/auth/login', { data: { username, password } })
  }
  expect(r.status(), `login ${username}: ${await r.text()}`).toBe(200)
  return {
    ctx,
    get: async (path, params) => parse(`GET ${path}`, await ctx.get(path, { params })),
    post: async (path, body) => parse(`POST ${path}`, await ctx.post(path, { data: body ?? {} })),
    put: async (path, body) => parse(`PUT ${path}`, await ctx.put(path, { data: body })),
    upload: async (path, fields, file, fileField = 'file') => parse(`POST ${path}`, await ctx.post(path, { multipart: { ...fields, [fileField]: file } })),
    dispose: () => ctx.dispose(),
  }
}

export const adminSession = (baseUrl: string) => session(baseUrl, 'admin', ADMIN_PASSWORD)

/** Sessions kept per user for a journey (fewer logins); dropped when the clock jumps past their lifetime. */
export class Sessions {
  private open = new Map<string, Promise<Session>>()
  constructor(private readonly baseUrl: string) {}
  as(username: string, password: string): Promise<Session> {
    let s = this.open.get(username)
    if (!s) {
      s = session(this.baseUrl, username, password)
      this.open.set(username, s)
    }
    return s
  }
  async reset(): Promise<void> {
    const all = [...this.open.values()]
    this.open.clear()
    for (const s of all) await (await s.catch(() => null))?.dispose().catch(() => undefined)
  }
}
export const demoSession = (baseUrl: string, username: string) => session(baseUrl, username, DEMO_PASSWORD)

// ---------------------------------------------------------------- catalogue items

export interface MaterialSpec {
  key: string
  name: string
  requirement?: 'required' | 'conditional' | 'optional'
}

/** A published item without fees in a department, its materials given by key (shared keys make the union). */
export function jointItemGuide(deptId: number, code: string, name: string, materials: MaterialSpec[], promisedDays: number, legalDays = promisedDays * 2) {
  return {
    code,
    name,
    typeCode: '01',
    level: 'city',
    departmentId: deptId,
    audiences: ['person', 'enterprise'],
    legalBasis: '《中华人民共和国行政许可法》',
    conditions: '申请材料齐全、符合法定形式。',
    topics: ['联办测试'],
    channels: ['online', 'window'],
    consultPhone: '0534-2688001',
    complaintPhone: '12345',
    remedies: { review: '德州市人民政府', litigation: '德州市德城区人民法院' },
    faq: [],
    materials: materials.map((m) => ({ key: m.key, name: m.name, requirement: m.requirement ?? 'required', form: 'original', copies: 1, secondary: false })),
    legalLimitDays: legalDays,
    promisedLimitDays: promisedDays,
    instant: false,
    steps: [
      { key: 'intake', name: '受理', role: 'window_staff', limitDays: 0 },
      { key: 'review', name: '审查', role: 'reviewer', limitDays: Math.max(0, promisedDays - 1) },
      { key: 'approve', name: '决定', role: 'approver', limitDays: 1 },
      { key: 'complete', name: '办结', role: 'window_staff', limitDays: 0 },
    ],
    pausesAllowed: [],
    conditionalAcceptance: false,
    pledgeAllowed: false,
    fees: [],
    result: { type: 'approval_document', name: `${name}批准文件` },
    visits: 0,
  }
}

export interface DeptFixture {
  key: string
  deptId: number
  deptName: string
  itemId: number
  itemName: string
  /** the department's approver made for the journey */
  username: string
}

/**
 * For each department: its unit, a published item with the given materials, and an approver whose
 * grant covers the department (pre-check, reply, issue).
 */
export async function setupDepartments(
  admin: Session,
  tag: string,
  specs: { key: string; deptName: string; itemName: string; materials: MaterialSpec[]; promisedDays: number }[],
): Promise<DeptFixture[]> {
  const out: DeptFixture[] = []
  for (const [i, s] of specs.entries()) {
    const deptId = await departmentId(admin.ctx, s.deptName)
    const itemId = await publishItem(admin.ctx, jointItemGuide(deptId, `JT-${tag}-${i + 1}`, s.itemName, s.materials, s.promisedDays))
    const username = `jt${tag.toLowerCase()}${s.key}`.replace(/[^a-z0-9]/g, '').slice(0, 30)
    await admin.post('/api/org/staff', {
      username,
      displayName: `${s.deptName.replace(/^德州市|^国家税务总局德州市/, '').slice(0, 8)}审批员`,
      password: STAFF_PASSWORD,
      unitId: deptId,
      grants: [{ role: 'approver', unitId: deptId }],
    })
    out.push({ key: s.key, deptId, deptName: s.deptName, itemId, itemName: s.itemName, username })
  }
  return out
}

// ---------------------------------------------------------------- schemes, projects, bundles

export async function createScheme(centreAdmin: Session, tag: string, stage: { key: string; name: string; leadUnitId: number; limitDays: number; itemIds: number[] }): Promise<SchemeDto> {
  const r = await centreAdmin.post<{ scheme: SchemeDto }>('/api/joint/schemes', {
    code: `E2E-${tag}`,
    name: `旅程测试审批方案 ${tag}`,
    regionCode: '3714',
    targetDays: 25,
    greenCutPercent: 30,
    description: '浏览器旅程测试用方案',
    stages: [{ ...stage, meetingKinds: ['meeting', 'inspection'] }],
  })
  return r.scheme
}

export async function createProject(staff: Session, schemeId: number, applicantUserId: number, name: string): Promise<ProjectDto> {
  const r = await staff.post<{ project: ProjectDto }>('/api/joint/projects', {
    name,
    schemeId,
    applicantUserId,
    regionCode: '371402',
    location: '德州市德城区天衢东路 1 号',
    investmentYuan: '58000000',
    industryCode: '47',
  })
  return r.project
}

export async function createBundle(centreAdmin: Session, tag: string, leadUnitId: number, itemIds: number[], name: string): Promise<BundleDto> {
  const r = await centreAdmin.post<{ bundle: BundleDto }>('/api/joint/bundles', {
    code: `E2E-B-${tag}`,
    name,
    description: '一次告知、一表申请、一套材料、一窗受理、并联办理、统一出件（旅程测试）',
    leadUnitId,
    limitDays: 3,
    itemIds,
    audiences: ['enterprise'],
  })
  if (r.bundle.status !== 'published') return (await centreAdmin.post<{ bundle: BundleDto }>(`/api/joint/bundles/${r.bundle.id}/status`, { status: 'published' })).bundle
  return r.bundle
}

export async function jointCase(s: Session, id: number): Promise<JointCaseDto> {
  return (await s.get<{ case: JointCaseDto }>(`/api/joint/cases/${id}`)).case
}

export async function userId(s: Session): Promise<number> {
  return (await s.get<{ user: { id: number } }>('/api/auth/me')).user.id
}

// ---------------------------------------------------------------- the clock

/**
 * Puts a movable clock into the running platform: real time plus an offset. Every rule reads
 * `deps.clock.now()` when it runs (services, mutate's tx.now, the job runner and its sweeps), so
 * moving the offset moves the platform's "now" — the same injectable clock the unit tests use.
 */
export interface MovableClock extends Clock {
  offsetMs: number
  /** moves "now" to the given instant (never backwards) */
  moveTo(at: Date): void
}

export function installClock(platform: Platform): MovableClock {
  const clock: MovableClock = {
    offsetMs: 0,
    now: () => new Date(Date.now() + clock.offsetMs),
    moveTo(at: Date) {
      const off = at.getTime() - Date.now()
      if (off > clock.offsetMs) clock.offsetMs = off
    },
  }
  ;(platform.app.deps as { clock: Clock }).clock = clock
  return clock
}

/** 'YYYY-MM-DD' + n calendar days */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}
