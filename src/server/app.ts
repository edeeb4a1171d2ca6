/** Application assembly: plugins, the error handler, the modules' routes and jobs. */
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { fileURLToPath } from 'node:url'
import Fastify, { LogController, type FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import cookie from '@fastify/cookie'
import swagger from '@fastify/swagger'
import fastifyStatic from '@fastify/static'
import { sql } from 'kysely'
import type { Config } from './config.js'
import { systemClock, type Clock } from './clock.js'
import type { Database } from '../db/database.js'
import type { Deps } from './context.js'
import { installErrorHandler } from './error-handler.js'
import { loggerOptions, stdoutDestination } from './logger.js'
import { rateLimit } from './rate-limit.js'
import { SECURITY_HEADER_LIST } from './security-headers.js'
import { JobRunner } from './jobs.js'
import { MODULES } from './modules.js'
import { sessionHook } from '../modules/auth/index.js'

export interface AppOptions {
  config: Config
  database: Database
  clock?: Clock
  /** false silences logs (tests) */
  logger?: boolean
  /** folder of the built web app; defaults to web/dist when it exists */
  webRoot?: string | null
  /** where logs go (tests read them); stdout by default */
  logStream?: NodeJS.WritableStream
}

export interface RouteInfo {
  method: string
  url: string
  hidden: boolean
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

class AccessLogController extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(): void {}
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { config, database } = opts
  const deps: Deps = { db: database.db, dbKind: database.kind, config, clock: opts.clock ?? systemClock }
  let seq = 0
  const prefix = crypto.randomBytes(3).toString('hex')
  const stdout = opts.logger === false || opts.logStream ? null : stdoutDestination()
  const app = Fastify({
    logger: opts.logger === false ? false : { ...(loggerOptions(config) as object), stream: opts.logStream ?? stdout!.stream },
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : `${prefix}-${(++seq).toString(36)}`
    },
    trustProxy: config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // one access-log line per request, written when it completes (the onResponse hook below),
    // instead of Fastify's two; its error lines stay
    logController: new AccessLogController(),
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.decorate('deps', deps)
  if (stdout) app.addHook('onClose', (_app, done) => (stdout.stop(), done()))
  const routes: RouteInfo[] = []
  app.decorate('routeList', routes)
  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat()) {
      if (m !== 'HEAD') routes.push({ method: m, url: r.url, hidden: !!(r.schema as { hide?: boolean } | undefined)?.hide })
    }
  })
  app.decorate('jobs', new JobRunner(deps, (what, e) => app.log.error({ err: e }, `background work failed: ${what}`)))
  app.decorateRequest('actor', null)
  app.decorateRequest('ctx', null as never)
  installErrorHandler(app)

  // What every response carries: the request id and the security headers (a constant set, see
  // security-headers.ts); and the request's context. The first onRequest hook, so 404s and early
  // errors carry them too.
  app.addHook('onRequest', (req, reply, done) => {
    req.ctx = { actor: null, ip: req.ip, requestId: req.id }
    for (let i = 0; i < SECURITY_HEADER_LIST.length; i++) reply.header(SECURITY_HEADER_LIST[i]![0], SECURITY_HEADER_LIST[i]![1])
    reply.header('x-request-id', req.id)
    done()
  })

  await app.register(cookie)
  // per-address limits for the routes that declare config.rateLimit (a 429 goes through the error handler)
  await app.register(rateLimit)
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'OneWindow 一窗通办 API', version: '0.1.0', description: '政务服务一体化平台接口' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'ow_sid' } } },
    },
  })

  // Graceful shutdown: requests in flight finish, and their connections close after the response
  // instead of idling in keep-alive (which would hold the shutdown for the keep-alive timeout).
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  // (callback hooks: these run on every request, and an async hook costs a promise and a tick)
  app.addHook('onSend', (_req, reply, payload, done) => {
    if (closing) reply.header('connection', 'close')
    done(null, payload)
  })

  app.addHook('onResponse', (req, reply, done) => {
    req.log.info({ req, res: { statusCode: reply.statusCode }, responseTime: Math.round(reply.elapsedTime * 10) / 10 }, 'request completed')
    done()
  })
  await app.register(sessionHook)

  app.get(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        summary: '健康检查',
        response: { 200: Type.Object({ status: Type.Literal('ok'), db: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]) }) },
      },
    },
    async () => {
      await sql`SELECT 1`.execute(deps.db)
      return { status: 'ok' as const, db: deps.dbKind }
    },
  )
  app.get('/api/openapi.json', { schema: { tags: ['system'], summary: 'OpenAPI 接口说明' } }, async () => app.swagger())

  for (const m of MODULES) if (m.routes) await app.register(m.routes, { prefix: '/api' })
  for (const m of MODULES) m.jobs?.(app.jobs, deps, app.log)

  const webRoot = opts.webRoot === undefined ? path.join(ROOT, 'web', 'dist') : opts.webRoot
  if (webRoot && fs.existsSync(path.join(webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: false })
    const indexHtml = fs.readFileSync(path.join(webRoot, 'index.html'))
    const serveIndex = async (_req: unknown, reply: import('fastify').FastifyReply) =>
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml)
    app.get('/', { schema: { hide: true } }, serveIndex)
    app.get('/*', { schema: { hide: true } }, async (req, reply) => {
      if (req.url.startsWith('/api/')) {
        return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `接口不存在：${req.method} ${req.url.split('?')[0]}` } })
      }
      if (path.extname(req.url.split('?')[0]!)) return reply.callNotFound()
      return serveIndex(req, reply)
    })
  }
  return app
}

/** Runs every module's idempotent start-up work. */
export async function bootstrap(app: FastifyInstance): Promise<void> {
  for (const m of MODULES) await m.bootstrap?.(app.deps, app.log)
  await app.jobs.init()
}
