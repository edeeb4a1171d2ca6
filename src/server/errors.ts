/**
 * One error type for the whole domain. Each module declares its closed set of codes with their
 * HTTP status (Documenso's code→status table); the one Fastify error handler maps them.
 */
export class DomainError extends Error {
  readonly code: string
  readonly status: number
  readonly details?: Record<string, unknown>

  constructor(code: string, message: string, status = 400, details?: Record<string, unknown>) {
    // A 4xx is an answer to the client (not found, refused, invalid), never logged with a stack:
    // capturing one was about a sixth of the CPU of a 404 of the public progress query (profile,
    // issue 6). 5xx keep their stack.
    const limit = Error.stackTraceLimit
    if (status < 500) Error.stackTraceLimit = 0
    try {
      super(message)
    } finally {
      Error.stackTraceLimit = limit
    }
    this.code = code
    this.status = status
    if (details !== undefined) this.details = details
    this.name = 'DomainError'
  }
}

/**
 * Declares a module's error codes: `const E = defineErrors({ NOT_FOUND: 404, ... })`, then
 * `throw E.NOT_FOUND('找不到该记录')`.
 */
export function defineErrors<T extends Record<string, number>>(
  table: T,
): { [K in keyof T]: (message: string, details?: Record<string, unknown>) => DomainError } {
  const out = {} as { [K in keyof T]: (message: string, details?: Record<string, unknown>) => DomainError }
  for (const code of Object.keys(table) as (keyof T)[]) {
    out[code] = (message, details) => new DomainError(String(code), message, table[code], details)
  }
  return out
}

/** Codes shared by every module. */
export const CommonErrors = defineErrors({
  VALIDATION_ERROR: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
})

/** "Not found" for records outside the actor's data scope, so that existence does not leak. */
export function notFound(what = '记录'): DomainError {
  return CommonErrors.NOT_FOUND(`${what}不存在`)
}
