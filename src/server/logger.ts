import type { FastifyServerOptions } from 'fastify'
import type { Config } from './config.js'
import { maskText, maskValue } from './redact.js'

export function loggerOptions(config: Pick<Config, 'logLevel'>): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.password', '*.newPassword', '*.currentPassword'],
      censor: '[REDACTED]',
    },
    formatters: {
      log: (obj) => maskValue(obj) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? maskText(a) : a)) as Parameters<typeof method>)
      },
    },
    serializers: {
      // Fastify hands over either its request or the raw IncomingMessage, depending on the log call
      req: (req: { method?: string; url?: string; ip?: string; raw?: { url?: string }; socket?: { remoteAddress?: string } }) => ({
        method: req.method,
        url: maskText(req.url ?? req.raw?.url ?? ''),
        ip: req.ip ?? req.socket?.remoteAddress,
      }),
    },
  }
}
