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
  /** upload limit for one material file, in MB (default 20) */
  fileMaxMb: number
  /** files (materials, generated PDFs): a folder; default DATA_DIR/files */
  fileDir: string
  /** smtp://user:pass@host:port for e-mail notices; unset = e-mails go to the log sender */
  smtpUrl: string | undefined
  smtpFrom: string
  /** base URL of an SMS HTTP gateway; unset = SMS go to the log sender */
  smsGatewayUrl: string | undefined
  /** secret that signs payment-provider callbacks (the simulated provider in the demo) */
  paymentSecret: string
  /** S2: the promised limit should be at least this share (%) shorter than the legal one */
  promisedCutPercent: number
  /** working days within which an application must get its intake decision before it counts as accepted (R10: 5) */
  intakeDeemedDays: number
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
  for (const name of ['SMTP_URL', 'SMS_GATEWAY_URL'] as const) {
    const v = env[name]
    if (v) {
      try {
        const u = new URL(v)
        if (name === 'SMTP_URL' ? !/^smtps?:$/.test(u.protocol) : !/^https?:$/.test(u.protocol)) throw new Error('protocol')
      } catch {
        problems.push(`${name}=${JSON.stringify(v)} must be ${name === 'SMTP_URL' ? 'smtp://user:password@host:port' : 'an http(s) URL'}`)
      }
    }
  }
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
    fileMaxMb: int('FILE_MAX_MB', 20, 1, 1024),
    fileDir: path.resolve(env.FILE_DIR || path.join(env.DATA_DIR || './data', 'files')),
    smtpUrl: env.SMTP_URL || undefined,
    smtpFrom: env.SMTP_FROM || 'OneWindow 一窗通办 <noreply@localhost>',
    smsGatewayUrl: env.SMS_GATEWAY_URL || undefined,
    paymentSecret: env.PAYMENT_SECRET || 'onewindow-demo-payment-secret',
    intakeDeemedDays: int('INTAKE_DEEMED_DAYS', 5, 1, 30),
    promisedCutPercent: int('PROMISED_CUT_PERCENT', 40, 0, 100),
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return { ...config, ...overrides }
}
