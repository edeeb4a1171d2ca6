/**
 * Personal data stays out of the logs: resident ID numbers, credit codes, mobile numbers, passwords
 * and session tokens are masked wherever they appear (keys by name, values by shape).
 */
const ID_RE = /(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])/g
const PHONE_RE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g
const SECRET_KEYS = /^(password|newpassword|currentpassword|oldpassword|token|cookie|set-cookie|authorization|ow_sid|session|idnumber|id_number|creditcode|credit_code)$/i

export function maskText(s: string): string {
  return s.replace(ID_RE, '$1********$2').replace(PHONE_RE, '$1****$2').replace(/ow_sid=[^;&\s]+/g, 'ow_sid=[REDACTED]')
}

export function maskValue(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return maskText(v)
  if (depth > 6 || v === null || typeof v !== 'object') return v
  if (Array.isArray(v)) return v.map((x) => maskValue(x, depth + 1))
  if (v instanceof Error) return maskError(v)
  // Only plain objects are walked: other class instances (Fastify's request and reply) go on to
  // their pino serializers intact, which mask what they print.
  const proto = Object.getPrototypeOf(v)
  if (proto !== Object.prototype && proto !== null) return v
  const out: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    out[k] = SECRET_KEYS.test(k) ? '[REDACTED]' : maskValue(x, depth + 1)
  }
  return out
}

/**
 * An error goes on to pino's error serializer, which prints its own enumerable properties: one that
 * carries a secret by name (e.g. a `password` copied onto it) is replaced by a copy with that
 * property masked (same prototype, message, stack and cause, so it prints the same otherwise).
 */
function maskError(e: Error): Error {
  const keys = Object.keys(e)
  if (!keys.some((k) => SECRET_KEYS.test(k))) return e
  const copy = Object.create(Object.getPrototypeOf(e)) as Record<string, unknown>
  Object.defineProperties(copy, {
    message: { value: e.message, writable: true, configurable: true },
    stack: { value: e.stack, writable: true, configurable: true },
    ...('cause' in e ? { cause: { value: e.cause, writable: true, configurable: true } } : {}),
  })
  for (const k of keys) copy[k] = SECRET_KEYS.test(k) ? '[REDACTED]' : (e as unknown as Record<string, unknown>)[k]
  return copy as unknown as Error
}
