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
      req: (req) => ({ method: req.method, url: maskText(req.url), ip: req.ip }),
    },
  }
}
