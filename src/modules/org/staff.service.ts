/** Staff accounts: home unit, title, status, and the role grants that give them their data scope. */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Actor, Ctx, Deps, Trx } from '../../server/context.js'
import { mutate, type Tx } from '../../server/mutate.js'
import { isMobilePhone, normaliseCode } from '../../shared/identity.js'
import { isRole, STAFF_ROLES, type Role } from '../../shared/roles.js'
import { createStaffAccount, endSessions, updateStaffAccount, type StaffAccountFields } from '../auth/index.js'
import { OrgErrors } from './org.errors.js'
import { canManageStaff, canManageUnit, canReadStaff, grantAllowed, READ_ROLES, type ResolvedGrant } from './org.policy.js'
import { isSystemAdmin, scopeOf } from './org.scope.js'
import * as regions from './region.repository.js'
import * as repo from './staff.repository.js'
import * as units from './unit.repository.js'

type Q = Kysely<DB> | Trx

export interface GrantDto {
  role: Role
  unitId: number | null
  unitName: string | null
  regionCode: string | null
  regionName: string | null
}

export interface StaffDto {
  id: number
  username: string
  displayName: string
  phone: string | null
  title: string | null
  unitId: number | null
  unitName: string | null
  status: 'active' | 'disabled'
  locked: boolean
  mustChangePassword: boolean
  lastLoginAt: string | null
  grants: GrantDto[]
}

export interface GrantInput {
  role: Role
  unitId?: number | null | undefined
  regionCode?: string | null | undefined
}

const USERNAME = /^[a-z][a-z0-9_.-]{2,31}$/

function grantDto(g: repo.GrantRow): GrantDto {
  return {
    role: g.role as Role,
    unitId: g.unit_id === null ? null : Number(g.unit_id),
    unitName: g.unit_name,
    regionCode: g.region_code,
    regionName: g.region_name,
  }
}

function resolved(g: repo.GrantRow): ResolvedGrant {
  return {
    role: g.role as Role,
    unit: g.unit_id !== null && g.unit_path !== null ? { path: g.unit_path, region_code: g.unit_region ?? '' } : null,
    regionCode: g.region_code,
  }
}

function staffDto(r: repo.StaffRow, grants: repo.GrantRow[], now: Date): StaffDto {
  return {
    id: Number(r.id),
    username: r.username,
    displayName: r.display_name,
    phone: r.phone,
    title: r.title,
    unitId: r.unit_id === null ? null : Number(r.unit_id),
    unitName: r.unit_name,
    status: r.status,
    locked: !!r.locked_until && new Date(r.locked_until) > now,
    mustChangePassword: r.must_change_password,
    lastLoginAt: r.last_login_at ? new Date(r.last_login_at).toISOString() : null,
    grants: grants.filter((g) => isRole(g.role)).map(grantDto),
  }
}

function home(r: repo.StaffRow) {
  return r.unit_path !== null ? { path: r.unit_path, region_code: r.unit_region ?? '' } : null
}

async function loadDto(db: Q, id: number, now: Date): Promise<StaffDto> {
  const row = (await repo.findStaff(db, id))!
  return staffDto(row, await repo.grantsOf(db, [id]), now)
}

export async function getStaff(db: Q, actor: Actor, id: number, now: Date): Promise<StaffDto> {
  const row = await repo.findStaff(db, id)
  if (!row || !canReadStaff(actor, home(row))) throw OrgErrors.NOT_FOUND('工作人员不存在')
  return staffDto(row, await repo.grantsOf(db, [id]), now)
}

export interface StaffQuery {
  unitId?: number | undefined
  role?: Role | undefined
  q?: string | undefined
  status?: 'active' | 'disabled' | undefined
}

export async function listStaff(db: Q, actor: Actor, f: StaffQuery, page: number, pageSize: number, now: Date) {
  const scope = scopeOf(actor, READ_ROLES)
  let unitPath: string | undefined
  if (f.unitId !== undefined) {
    const unit = await units.findRef(db, f.unitId)
    // a unit the actor cannot see has, for them, no staff
    if (!unit) return { items: [], total: 0, page, pageSize }
    unitPath = unit.path
  }
  const { rows, total } = await repo.listStaff(db, { unitPath, role: f.role, q: f.q, status: f.status }, scope, page, pageSize)
  const grants = await repo.grantsOf(db, rows.map((r) => Number(r.id)))
  const byUser = new Map<number, repo.GrantRow[]>()
  for (const g of grants) byUser.set(Number(g.user_id), [...(byUser.get(Number(g.user_id)) ?? []), g])
  return { items: rows.map((r) => staffDto(r, byUser.get(Number(r.id)) ?? [], now)), total, page, pageSize }
}

function cleanPhone(s: string | null | undefined): string | null {
  if (s === undefined || s === null || s.trim() === '') return null
  const p = normaliseCode(s)
  if (!isMobilePhone(p)) throw OrgErrors.INVALID_PHONE('手机号码格式不正确')
  return p
}

function cleanText(s: string | null | undefined): string | null {
  if (s === undefined || s === null) return null
  const t = s.trim()
  return t === '' ? null : t
}

/** The home unit: must exist, be visible and manageable, and be open. */
async function homeUnit(tx: Tx, actor: Actor, unitId: number) {
  const unit = await units.findRef(tx.db, unitId)
  if (!unit || !canManageUnit(actor, unit)) throw OrgErrors.INVALID_UNIT('所属单位不存在')
  if (unit.status !== 'active') throw OrgErrors.INVALID_UNIT('所属单位已撤销')
  return unit
}

/** Checks and resolves requested grants: each must exist and lie inside what the actor may give. */
async function resolveGrants(tx: Tx, actor: Actor, input: GrantInput[]): Promise<{ role: Role; unitId: number | null; regionCode: string | null }[]> {
  const out = new Map<string, { role: Role; unitId: number | null; regionCode: string | null }>()
  const unitRefs = await units.findRefs(tx.db, input.flatMap((g) => (g.unitId ? [g.unitId] : [])))
  const regionRows = await regions.regionNames(tx.db, input.flatMap((g) => (g.regionCode ? [g.regionCode] : [])))
  const admin = isSystemAdmin(actor)
  for (const g of input) {
    if (!(STAFF_ROLES as string[]).includes(g.role)) throw OrgErrors.INVALID_GRANT(`不能授予工作人员角色 ${g.role}`)
    const unitId = g.unitId ?? null
    const regionCode = g.regionCode ? g.regionCode.trim() : null
    if (unitId !== null && regionCode !== null) throw OrgErrors.INVALID_GRANT('一项授权只能按单位或按行政区划二选一')
    const unit = unitId !== null ? unitRefs.get(unitId) : undefined
    const resolvedGrant: ResolvedGrant = { role: g.role, unit: unit ? { path: unit.path, region_code: unit.region_code } : null, regionCode }
    if (unitId !== null && !unit) {
      // unknown units look the same as units outside the actor's reach
      if (admin) throw OrgErrors.INVALID_GRANT(`授权单位 ${unitId} 不存在`)
      throw OrgErrors.GRANT_NOT_ALLOWED('不能授予超出您管辖范围的权限')
    }
    if (regionCode !== null && !regionRows.has(regionCode)) {
      if (admin) throw OrgErrors.INVALID_GRANT(`行政区划代码 ${regionCode} 不存在`)
      throw OrgErrors.GRANT_NOT_ALLOWED('不能授予超出您管辖范围的权限')
    }
    if (!grantAllowed(actor, resolvedGrant)) {
      throw OrgErrors.GRANT_NOT_ALLOWED(g.role === 'system_admin' ? '只有系统管理员才能授予系统管理员角色' : '不能授予超出您管辖范围的权限')
    }
    out.set(`${g.role}|${unitId ?? ''}|${regionCode ?? ''}`, { role: g.role, unitId, regionCode })
  }
  return [...out.values()]
}

function describeGrants(gs: { role: string; unitId: number | null; regionCode: string | null }[]): string {
  return gs.map((g) => `${g.role}@${g.unitId !== null ? `unit:${g.unitId}` : g.regionCode !== null ? `region:${g.regionCode}` : 'all'}`).join(', ')
}

export interface StaffInput {
  username: string
  displayName: string
  password: string
  phone?: string | null | undefined
  title?: string | null | undefined
  unitId: number
  grants: GrantInput[]
}

export async function createStaff(deps: Deps, ctx: Ctx, input: StaffInput): Promise<StaffDto> {
  const actor = ctx.actor!
  const username = input.username.trim().toLowerCase()
  if (!USERNAME.test(username)) throw OrgErrors.INVALID_USERNAME('用户名须为 3–32 位小写字母、数字、下划线、点或连字符，并以字母开头')
  const displayName = cleanText(input.displayName)
  if (!displayName) throw OrgErrors.INVALID_NAME('姓名不能为空')
  const phone = cleanPhone(input.phone)
  return mutate(deps, ctx, async (tx) => {
    const unit = await homeUnit(tx, actor, input.unitId)
    const grants = await resolveGrants(tx, actor, input.grants)
    const row = await createStaffAccount(tx, {
      username,
      displayName,
      password: input.password,
      phone,
      unitId: Number(unit.id),
      title: cleanText(input.title),
      grants,
    })
    const id = Number(row.id)
    await tx.audit({
      action: 'org.staff.create',
      targetType: 'user',
      targetId: id,
      unitId: Number(unit.id),
      summary: `新建工作人员账号：${displayName}（${username}）`,
      after: { username, displayName, unitId: Number(unit.id), title: cleanText(input.title), grants: describeGrants(grants) },
    })
    return loadDto(tx.db, id, tx.now)
  })
}

/** Loads a staff member for a change: NOT_FOUND outside the read scope, STAFF_OUTSIDE_SCOPE when they hold more than the actor may touch. */
async function staffForChange(tx: Tx, actor: Actor, id: number) {
  const row = await repo.findStaff(tx.db, id, true)
  if (!row || !canReadStaff(actor, home(row))) throw OrgErrors.NOT_FOUND('工作人员不存在')
  const grants = await repo.grantsOf(tx.db, [id])
  if (!canManageStaff(actor, home(row), grants.map(resolved))) {
    throw OrgErrors.STAFF_OUTSIDE_SCOPE('该工作人员的所属单位或授权超出您的管辖范围，请联系系统管理员')
  }
  return { row, grants }
}

export interface StaffPatch {
  displayName?: string | undefined
  phone?: string | null | undefined
  title?: string | null | undefined
  unitId?: number | undefined
  status?: 'active' | 'disabled' | undefined
}

export async function updateStaff(deps: Deps, ctx: Ctx, id: number, patch: StaffPatch): Promise<StaffDto> {
  const actor = ctx.actor!
  return mutate(deps, ctx, async (tx) => {
    const { row } = await staffForChange(tx, actor, id)
    if (patch.status === 'disabled' && id === actor.userId) throw OrgErrors.CANNOT_CHANGE_SELF('不能停用自己的账号')
    const before = staffDto(row, [], tx.now)
    const set: StaffAccountFields = { updated_at: tx.now }
    if (patch.displayName !== undefined) {
      const n = cleanText(patch.displayName)
      if (!n) throw OrgErrors.INVALID_NAME('姓名不能为空')
      set.display_name = n
    }
    if (patch.phone !== undefined) set.phone = cleanPhone(patch.phone)
    if (patch.title !== undefined) set.title = cleanText(patch.title)
    if (patch.unitId !== undefined && patch.unitId !== before.unitId) set.unit_id = Number((await homeUnit(tx, actor, patch.unitId)).id)
    if (patch.status !== undefined) set.status = patch.status
    await updateStaffAccount(tx.db, id, set)
    let signedOut = 0
    if (patch.status === 'disabled' && row.status !== 'disabled') signedOut = await endSessions(tx.db, id)
    const after = await loadDto(tx.db, id, tx.now)
    const keys = ['displayName', 'phone', 'title', 'unitId', 'status'] as const
    const changed = keys.filter((k) => before[k] !== after[k])
    const statusChange = before.status !== after.status
    await tx.audit({
      action: statusChange ? (after.status === 'disabled' ? 'org.staff.disable' : 'org.staff.enable') : 'org.staff.update',
      targetType: 'user',
      targetId: id,
      unitId: after.unitId,
      summary: statusChange
        ? `${after.status === 'disabled' ? `停用工作人员账号（已注销 ${signedOut} 个登录会话）` : '启用工作人员账号'}：${after.displayName}`
        : `修改工作人员信息：${after.displayName}`,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    })
    return after
  })
}

/** Replaces a staff member's grants. Sessions pick up the new grants on their next request. */
export async function setGrants(deps: Deps, ctx: Ctx, id: number, input: GrantInput[]): Promise<StaffDto> {
  const actor = ctx.actor!
  return mutate(deps, ctx, async (tx) => {
    if (id === actor.userId) throw OrgErrors.CANNOT_CHANGE_SELF('不能修改自己的授权，请由其他管理员办理')
    const { row, grants: old } = await staffForChange(tx, actor, id)
    const next = await resolveGrants(tx, actor, input)
    await repo.replaceGrants(tx.db, id, next)
    const after = await loadDto(tx.db, id, tx.now)
    const oldDesc = describeGrants(old.map((g) => ({ role: g.role, unitId: g.unit_id === null ? null : Number(g.unit_id), regionCode: g.region_code })))
    await tx.audit({
      action: 'org.staff.grants',
      targetType: 'user',
      targetId: id,
      unitId: row.unit_id === null ? null : Number(row.unit_id),
      summary: `调整工作人员授权：${row.display_name}（${after.grants.length} 项）`,
      before: { grants: oldDesc },
      after: { grants: describeGrants(next) },
    })
    return after
  })
}
