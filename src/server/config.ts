/**
 * One validated config object, read once at start (Outline's env.ts habit).
 * Every bad value is reported at once, with the variable's name and what it should be.
 */
import path from 'node:path'

export type AuditHash = 'sm3' | 'sha256'

export interface Config {
  port: number
  host: string
  /** PGlite data folder and file store root; ignored for the database when databaseUrl is set. */
  dataDir: string
  databaseUrl: string | undefined
  adminPassword: string | undefined
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  auditHash: AuditHash
  sessionTtlHours: number
  loginMaxFailures: number
  loginLockMinutes: number
  loginRateLimitPerMinute: number
  /** Base URL of the public site, used in notices and QR codes. */
  publicBaseUrl: string
  trustProxy: boolean
  /** Load the demo city on start when the database has no organisation yet. */
  demo: boolean
  jobPollMs: number
  instanceId: string
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`配置有误 (invalid configuration):\n  - ${problems.join('\n  - ')}`)
    this.name = 'ConfigError'
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const problems: string[] = []

  const int = (name: string, def: number, min: number, max: number): number => {
    const raw = env[name]
    if (raw === undefined || raw === '') return def
    const n = Number(raw)
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}=${JSON.stringify(raw)} must be a whole number from ${min} to ${max}`)
      return def
    }
    return n
  }
  const bool = (name: string, def: boolean): boolean => {
    const raw = env[name]
    if (raw === undefined || raw === '') return def
    if (/^(1|true|yes|on)$/i.test(raw)) return true
    if (/^(0|false|no|off)$/i.test(raw)) return false
    problems.push(`${name}=${JSON.stringify(raw)} must be true or false`)
    return def
  }
  const oneOf = <T extends string>(name: string, def: T, allowed: readonly T[]): T => {
    const raw = env[name]
    if (raw === undefined || raw === '') return def
    if ((allowed as readonly string[]).includes(raw)) return raw as T
    problems.push(`${name}=${JSON.stringify(raw)} must be one of ${allowed.join(', ')}`)
    return def
  }

  const databaseUrl = env.DATABASE_URL || undefined
  if (databaseUrl !== undefined) {
    try {
      const u = new URL(databaseUrl)
      if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw new Error('protocol')
    } catch {
      problems.push('DATABASE_URL must look like postgres://user:password@host:5432/database')
    }
  }
  const adminPassword = env.ADMIN_PASSWORD || undefined
  if (adminPassword !== undefined && adminPassword.length < 8) {
    problems.push('ADMIN_PASSWORD must be at least 8 characters long')
  }
  const port = int('PORT', 3000, 0, 65535)
  const publicBaseUrl = env.PUBLIC_BASE_URL || `http://localhost:${port}`
  try {
    new URL(publicBaseUrl)
  } catch {
    problems.push(`PUBLIC_BASE_URL=${JSON.stringify(publicBaseUrl)} must be an absolute URL`)
  }

  const config: Config = {
    port,
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl,
    adminPassword,
    logLevel: oneOf('LOG_LEVEL', 'info', LOG_LEVELS),
    auditHash: oneOf<AuditHash>('AUDIT_HASH', 'sm3', ['sm3', 'sha256']),
    sessionTtlHours: int('SESSION_TTL_HOURS', 12, 1, 24 * 30),
    loginMaxFailures: int('LOGIN_MAX_FAILURES', 5, 1, 100),
    loginLockMinutes: int('LOGIN_LOCK_MINUTES', 15, 1, 24 * 60),
    loginRateLimitPerMinute: int('LOGIN_RATE_LIMIT', 20, 1, 10000),
    publicBaseUrl: publicBaseUrl.replace(/\/$/, ''),
    trustProxy: bool('TRUST_PROXY', false),
    demo: bool('DEMO', false),
    jobPollMs: int('JOB_POLL_MS', 2000, 50, 600000),
    instanceId: env.INSTANCE_ID || `${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return { ...config, ...overrides }
}
