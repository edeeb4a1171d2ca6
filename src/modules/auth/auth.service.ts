import crypto from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { Actor, Ctx, Deps, RoleGrant, Trx } from '../../server/context.js'
import { mutate } from '../../server/mutate.js'
import { checkCreditCode, checkIdNumber, isMobilePhone, normaliseCode } from '../../shared/identity.js'
import { isRole, type Role } from '../../shared/roles.js'
import { notFound } from '../../server/errors.js'
import { AuthErrors } from './auth.errors.js'
import * as repo from './auth.repository.js'
import { dummyHash, hashPassword, passwordProblem, randomPassword, verifyPassword } from './passwords.js'

export const SESSION_COOKIE = 'ow_sid'

export function sessionIdOf(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex')
}

export type RegisterInput =
  | { kind: 'person'; name: string; idNumber: string; phone: string; password: string }
  | { kind: 'enterprise'; name: string; creditCode: string; legalRepresentative: string; phone: string; password: string }

export interface AccountDto {
  id: number
  kind: 'staff' | 'applicant'
  username: string
  displayName: string
  applicantKind: 'person' | 'enterprise' | null
  unitId: number | null
  mustChangePassword: boolean
  grants: { role: Role; unitId: number | null; unitName: string | null; regionCode: string | null }[]
}

function mask(s: string): string {
  return s.length > 8 ? `${s.slice(0, 4)}**********${s.slice(-4)}` : s
}

export async function register(deps: Deps, ctx: Ctx, input: RegisterInput): Promise<AccountDto> {
  const phone = normaliseCode(input.phone)
  if (!isMobilePhone(phone)) throw AuthErrors.INVALID_PHONE('手机号码格式不正确')
  const pwProblem = passwordProblem(input.password)
  if (pwProblem) throw AuthErrors.WEAK_PASSWORD(pwProblem)
  const name = input.name.trim()
  let username: string
  let idNumber: string | null = null
  let creditCode: string | null = null
  let legalRepresentative: string | null = null
  if (input.kind === 'person') {
    const r = checkIdNumber(input.idNumber, deps.clock.now())
    if (!r.ok) {
      const why = { format: '位数或字符不正确', region: '地址码不正确', birth_date: '出生日期无效', check_digit: '校验码不正确' }[r.reason]
      throw AuthErrors.INVALID_ID_NUMBER(`身份证号码无效：${why}`)
    }
    username = idNumber = r.value
  } else {
    const r = checkCreditCode(input.creditCode)
    if (!r.ok) {
      const why = { format: '应为 18 位，且不含 I、O、Z、S、V', check_character: '校验码不正确' }[r.reason]
      throw AuthErrors.INVALID_CREDIT_CODE(`统一社会信用代码无效：${why}`)
    }
    username = creditCode = r.value
    legalRepresentative = input.legalRepresentative.trim()
  }
  const passwordHash = await hashPassword(input.password)
  return mutate(deps, ctx, async (tx) => {
    const taken = await repo.identityTaken(tx.db, {
      ...(idNumber ? { idNumber } : {}),
      ...(creditCode ? { creditCode } : {}),
      username,
      phone,
    })
    if (taken.some((t) => t.username === username || (idNumber && t.id_number === idNumber) || (creditCode && t.credit_code === creditCode))) {
      throw AuthErrors.ALREADY_REGISTERED(input.kind === 'person' ? '该身份证号码已注册，请直接登录' : '该统一社会信用代码已注册，请直接登录')
    }
    if (taken.some((t) => t.phone === phone)) throw AuthErrors.ALREADY_REGISTERED('该手机号码已被其他账号使用')
    const row = await repo.insertAccount(tx.db, {
      kind: 'applicant',
      username,
      password_hash: passwordHash,
      display_name: name,
      phone,
      applicant_kind: input.kind,
      id_number: idNumber,
      credit_code: creditCode,
      legal_representative: legalRepresentative,
      password_changed_at: tx.now,
    })
    await repo.insertGrant(tx.db, row.id, 'applicant', null, null)
    await tx.audit({
      action: 'auth.register',
      targetType: 'user',
      targetId: row.id,
      unitId: null,
      summary: `${input.kind === 'person' ? '自然人' : '法人'}注册：${name}`,
      after: { kind: input.kind, name, username: mask(username) },
    })
    return toDto(row, [{ role: 'applicant', unitId: null, unitPath: null, unitName: null, regionCode: null }])
  })
}

function toDto(
  row: { id: number; kind: 'staff' | 'applicant'; username: string; display_name: string; applicant_kind?: 'person' | 'enterprise' | null; unit_id: number | null; must_change_password: boolean },
  grants: RoleGrant[],
): AccountDto {
  return {
    id: Number(row.id),
    kind: row.kind,
    username: row.username,
    displayName: row.display_name,
    applicantKind: row.applicant_kind ?? null,
    unitId: row.unit_id === null ? null : Number(row.unit_id),
    mustChangePassword: row.must_change_password,
    grants: grants.map((g) => ({ role: g.role, unitId: g.unitId, unitName: g.unitName, regionCode: g.regionCode })),
  }
}

export async function loadGrants(deps: Deps, userId: number): Promise<RoleGrant[]> {
  const rows = await repo.grantsOf(deps.db, userId)
  return rows
    .filter((r) => isRole(r.role))
    .map((r) => ({
      role: r.role as Role,
      unitId: r.unit_id === null ? null : Number(r.unit_id),
      unitPath: r.unit_path ?? null,
      unitName: r.unit_name ?? null,
      regionCode: r.region_code,
    }))
}

export interface LoginResult {
  token: string
  expiresAt: Date
  account: AccountDto
}

/**
 * Password login for staff (username) and applicants (ID number, credit code or phone).
 * Repeated failures lock the account for a while; every attempt is recorded.
 */
export async function login(deps: Deps, ctx: Ctx, loginName: string, password: string, userAgent: string | null): Promise<LoginResult> {
  const name = loginName.trim()
  const account = (await repo.findAccountByLogin(deps.db, name)) ?? (await repo.findAccountByLogin(deps.db, normaliseCode(name)))
  const now = deps.clock.now()
  if (!account) {
    await verifyPassword(await dummyHash(), password)
    await mutate(deps, ctx, (tx) =>
      tx.audit({ action: 'auth.login.failed', targetType: 'user', targetId: null, unitId: null, summary: `登录失败：用户不存在（${mask(name)}）` }),
    )
    throw AuthErrors.INVALID_CREDENTIALS('用户名或密码不正确')
  }
  if (account.status === 'disabled') throw AuthErrors.ACCOUNT_DISABLED('该账号已停用，请联系管理员')
  if (account.locked_until && new Date(account.locked_until) > now) {
    throw AuthErrors.ACCOUNT_LOCKED(`密码错误次数过多，账号已锁定至 ${fmt(new Date(account.locked_until))}，或请管理员解锁`)
  }
  const ok = await verifyPassword(account.password_hash, password)
  if (!ok) {
    const failures = account.failed_logins + 1
    const lock = failures >= deps.config.loginMaxFailures
    const lockedUntil = lock ? new Date(now.getTime() + deps.config.loginLockMinutes * 60_000) : null
    await mutate(deps, ctx, async (tx) => {
      await repo.updateAccount(tx.db, account.id, lock ? { failed_logins: 0, locked_until: lockedUntil } : { failed_logins: failures })
      await tx.audit({
        action: lock ? 'auth.account.locked' : 'auth.login.failed',
        targetType: 'user',
        targetId: account.id,
        unitId: account.unit_id,
        summary: lock ? `连续 ${failures} 次密码错误，账号锁定 ${deps.config.loginLockMinutes} 分钟` : `密码错误（第 ${failures} 次）`,
      })
    })
    if (lock) throw AuthErrors.ACCOUNT_LOCKED(`密码错误次数过多，账号已锁定 ${deps.config.loginLockMinutes} 分钟`)
    throw AuthErrors.INVALID_CREDENTIALS(`用户名或密码不正确，再错 ${deps.config.loginMaxFailures - failures} 次将锁定账号`)
  }
  const token = crypto.randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + deps.config.sessionTtlHours * 3600_000)
  const grants = await loadGrants(deps, account.id)
  const actor: Actor = { userId: account.id, username: account.username, displayName: account.display_name, kind: account.kind, unitId: account.unit_id, grants }
  await mutate(deps, { ...ctx, actor }, async (tx) => {
    await repo.insertSession(tx.db, { id: sessionIdOf(token), user_id: account.id, created_at: now, expires_at: expiresAt, last_seen_at: now, ip: ctx.ip, user_agent: userAgent?.slice(0, 300) ?? null })
    await repo.updateAccount(tx.db, account.id, { failed_logins: 0, locked_until: null, last_login_at: now })
    await tx.audit({ action: 'auth.login', targetType: 'user', targetId: account.id, unitId: account.unit_id, summary: '登录成功' })
  })
  return { token, expiresAt, account: toDto(account, grants) }
}

function fmt(d: Date): string {
  return d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })
}

export async function logout(deps: Deps, ctx: Ctx, sessionId: string): Promise<void> {
  await mutate(deps, ctx, async (tx) => {
    await repo.deleteSession(tx.db, sessionId)
    await tx.audit({ action: 'auth.logout', targetType: 'user', targetId: ctx.actor?.userId ?? null, summary: '退出登录' })
  })
}

/** Resolves a session cookie to an actor; slides the expiry at most once a minute. */
export async function actorForToken(deps: Deps, token: string): Promise<Actor | null> {
  const id = sessionIdOf(token)
  const s = await repo.sessionWithAccount(deps.db, id)
  const now = deps.clock.now()
  if (!s || new Date(s.expires_at) <= now || s.status !== 'active') return null
  if (now.getTime() - new Date(s.last_seen_at).getTime() > 60_000) {
    await repo.touchSession(deps.db, id, now, new Date(now.getTime() + deps.config.sessionTtlHours * 3600_000))
  }
  const grants = await loadGrants(deps, s.id)
  return { userId: s.id, username: s.username, displayName: s.display_name, kind: s.kind, unitId: s.unit_id, grants, sessionId: id }
}

export async function me(deps: Deps, actor: Actor): Promise<AccountDto> {
  const row = await repo.findAccount(deps.db, actor.userId)
  if (!row) throw notFound('账号')
  return toDto(row, actor.grants)
}

export async function changePassword(deps: Deps, ctx: Ctx, current: string, next: string): Promise<void> {
  const actor = ctx.actor!
  const row = await repo.findAccount(deps.db, actor.userId)
  if (!row) throw notFound('账号')
  if (!(await verifyPassword(row.password_hash, current))) throw AuthErrors.WRONG_PASSWORD('当前密码不正确')
  const problem = passwordProblem(next)
  if (problem) throw AuthErrors.WEAK_PASSWORD(problem)
  if (current === next) throw AuthErrors.WEAK_PASSWORD('新密码不能与当前密码相同')
  const h = await hashPassword(next)
  await mutate(deps, ctx, async (tx) => {
    await repo.updateAccount(tx.db, actor.userId, { password_hash: h, must_change_password: false, password_changed_at: tx.now, updated_at: tx.now })
    await repo.deleteSessionsOf(tx.db, actor.userId, actor.sessionId) // other devices are signed out
    await tx.audit({ action: 'auth.password.change', targetType: 'user', targetId: actor.userId, summary: '修改密码' })
  })
}

/**
 * An administrator resets a staff member's password (to a temporary one they must change) and
 * unlocks the account. Centre admins may do it only inside their scope.
 */
export async function resetPassword(
  deps: Deps,
  ctx: Ctx,
  userId: number,
  canManage: (unit: { path: string; region_code: string } | null) => boolean,
  newPassword?: string,
): Promise<{ temporaryPassword: string }> {
  const row = await repo.findAccount(deps.db, userId)
  if (!row || row.kind !== 'staff') throw notFound('账号')
  const unit = row.unit_id ? await repo.unitOf(deps.db, row.unit_id) : null
  if (!canManage(unit ?? null)) throw notFound('账号')
  const temporaryPassword = newPassword ?? randomPassword()
  const problem = passwordProblem(temporaryPassword)
  if (problem) throw AuthErrors.WEAK_PASSWORD(problem)
  const h = await hashPassword(temporaryPassword)
  await mutate(deps, ctx, async (tx) => {
    await repo.updateAccount(tx.db, userId, { password_hash: h, must_change_password: true, failed_logins: 0, locked_until: null, updated_at: tx.now })
    await repo.deleteSessionsOf(tx.db, userId)
    await tx.audit({ action: 'auth.password.reset', targetType: 'user', targetId: userId, unitId: row.unit_id, summary: `重置 ${row.display_name} 的密码并解锁账号` })
  })
  return { temporaryPassword }
}

export interface StaffAccountInput {
  username: string
  displayName: string
  password: string
  phone?: string | null
  unitId: number | null
  title?: string | null
  mustChangePassword?: boolean
  grants: { role: Role; unitId: number | null; regionCode: string | null }[]
}

/** Creates a staff account with its role grants inside the caller's transaction (used by org's staff pages and the demo). */
export async function createStaffAccount(tx: { db: Trx; now: Date }, input: StaffAccountInput) {
  const problem = passwordProblem(input.password)
  if (problem) throw AuthErrors.WEAK_PASSWORD(problem)
  if (!/^[a-z][a-z0-9_.-]{2,31}$/.test(input.username)) {
    throw AuthErrors.USERNAME_TAKEN('用户名须为 3–32 位小写字母、数字、下划线、点或连字符，并以字母开头')
  }
  const taken = await repo.identityTaken(tx.db, { username: input.username })
  if (taken.length) throw AuthErrors.USERNAME_TAKEN(`用户名 ${input.username} 已被使用`)
  const row = await repo.insertAccount(tx.db, {
    kind: 'staff',
    username: input.username,
    password_hash: await hashPassword(input.password),
    display_name: input.displayName,
    phone: input.phone ?? null,
    unit_id: input.unitId,
    title: input.title ?? null,
    must_change_password: input.mustChangePassword ?? false,
    password_changed_at: tx.now,
  })
  for (const g of input.grants) await repo.insertGrant(tx.db, row.id, g.role, g.unitId, g.regionCode)
  return row
}

/** On first start the `admin` account gets ADMIN_PASSWORD, or a random password printed once. */
export async function ensureAdmin(deps: Deps, log: FastifyBaseLogger): Promise<void> {
  const existing = await repo.findAccountByLogin(deps.db, 'admin')
  if (existing) return
  const password = deps.config.adminPassword ?? randomPassword()
  await mutate(deps, { actor: null, ip: null, requestId: 'bootstrap' }, async (tx) => {
    const row = await createStaffAccount(tx, {
      username: 'admin',
      displayName: '系统管理员',
      password,
      unitId: null,
      grants: [{ role: 'system_admin', unitId: null, regionCode: null }],
    })
    await tx.audit({ action: 'auth.admin.create', targetType: 'user', targetId: row.id, unitId: null, summary: '首次启动：创建系统管理员 admin' })
  })
  if (!deps.config.adminPassword) {
    const banner = `\n================ OneWindow 一窗通办 ================\n  管理员账号 admin 的初始密码（只显示这一次）：\n      ${password}\n  The admin password (shown only once): ${password}\n====================================================\n`
    process.stdout.write(banner)
  }
  log.info('admin account created')
}

/** The staff-profile fields org maintains on an account (auth owns the row). */
export interface StaffAccountFields {
  display_name?: string
  phone?: string | null
  title?: string | null
  unit_id?: number
  status?: 'active' | 'disabled'
  updated_at: Date
}

/** Updates a staff account's profile fields inside the caller's transaction. */
export async function updateStaffAccount(trx: Trx, id: number, set: StaffAccountFields): Promise<void> {
  await repo.updateStaffAccount(trx, id, set)
}

/** Signs an account out everywhere (e.g. when it is disabled); returns the sessions ended. */
export async function endSessions(trx: Trx, userId: number): Promise<number> {
  return repo.deleteSessionsOf(trx, userId)
}

export async function sweepSessions(deps: Deps, now: Date): Promise<number> {
  return repo.deleteExpiredSessions(deps.db, now)
}
