/**
 * The one error handler: every 4xx/5xx body is {"error":{"code","message"}}. Domain errors carry
 * their own status; validation and PostgreSQL errors are mapped; anything else is a 500 whose
 * details go to the log with the request id and never to the user.
 */
import type { FastifyError, FastifyInstance } from 'fastify'
import { DomainError } from './errors.js'

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown }
}

const PG_ERRORS: Record<string, [number, string, string]> = {
  '23505': [409, 'CONFLICT', '记录已存在，不能重复创建'],
  '23503': [409, 'REFERENCE_CONFLICT', '引用的记录不存在，或该记录仍被其他数据引用'],
  '23514': [400, 'VALIDATION_ERROR', '数据不符合约束条件'],
  '23502': [400, 'VALIDATION_ERROR', '缺少必填数据'],
  '22P02': [400, 'VALIDATION_ERROR', '数据格式不正确'],
  '22001': [400, 'VALIDATION_ERROR', '数据长度超出限制'],
  '22003': [400, 'VALIDATION_ERROR', '数值超出范围'],
  '22007': [400, 'VALIDATION_ERROR', '日期格式不正确'],
  '22008': [400, 'VALIDATION_ERROR', '日期超出范围'],
  '40001': [503, 'RETRY_LATER', '系统繁忙，请稍后重试'],
  '40P01': [503, 'RETRY_LATER', '系统繁忙，请稍后重试'],
}

function validationMessage(err: FastifyError): string {
  const v = (err as FastifyError & { validation?: { instancePath?: string; message?: string; params?: Record<string, unknown> }[] }).validation
  const ctx = (err as FastifyError & { validationContext?: string }).validationContext ?? ''
  const first = v?.[0]
  if (!first) return '请求参数不正确'
  const missing = first.params?.['missingProperty'] ?? first.params?.['requiredProperties']
  const field = `${ctx}${first.instancePath ?? ''}`.replace(/^\//, '').replace(/\//g, '.') || ctx
  if (missing) return `请求参数不正确：缺少 ${String(missing)}${field ? `（${field}）` : ''}`
  return `请求参数不正确：${field || '请求'} ${first.message ?? ''}`.trim()
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const send = (status: number, code: string, message: string, details?: unknown) => {
      const body: ErrorBody = { error: { code, message, ...(details !== undefined ? { details } : {}) } }
      return reply.status(status).type('application/json; charset=utf-8').send(body)
    }
    if (err instanceof DomainError) {
      if (err.status >= 500) req.log.error({ err }, 'domain error')
      return send(err.status, err.code, err.message, err.details)
    }
    if (err.validation) return send(400, 'VALIDATION_ERROR', validationMessage(err))
    const pgCode = (err as unknown as { code?: string }).code
    if (pgCode && PG_ERRORS[pgCode] && typeof (err as unknown as { severity?: string }).severity === 'string') {
      const [status, code, message] = PG_ERRORS[pgCode]!
      req.log.warn({ pgCode, constraint: (err as unknown as { constraint?: string }).constraint }, 'database constraint')
      return send(status, code, message)
    }
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(400, 'INVALID_JSON', '请求体不是有效的 JSON')
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(413, 'PAYLOAD_TOO_LARGE', '请求体过大')
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(415, 'UNSUPPORTED_MEDIA_TYPE', '不支持的请求内容类型')
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return send(400, 'BAD_REQUEST', '请求长度不正确')
    }
    if (err.statusCode === 429) return send(429, 'TOO_MANY_REQUESTS', '请求过于频繁，请稍后再试')
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return send(err.statusCode, 'BAD_REQUEST', '请求不正确')
    }
    req.log.error({ err }, 'unhandled error')
    return send(500, 'INTERNAL_ERROR', `服务器内部错误，请稍后再试（请求编号 ${req.id}）`)
  })

  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `接口不存在：${req.method} ${req.url.split('?')[0]}` } })
  })
}
