/** Resolves the session cookie to an actor on every request, and refuses cross-site mutations. */
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { actorForToken, SESSION_COOKIE } from './auth.service.js'
import { AuthErrors } from './auth.errors.js'

/** A mutation whose Origin names another host (same-site cookies already stop most CSRF). */
function crossSite(req: FastifyRequest): boolean {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return false
  const origin = req.headers.origin
  if (!origin || origin === 'null') return false
  let host = ''
  try {
    host = new URL(origin).host
  } catch {
    /* malformed origin */
  }
  return host !== req.headers.host
}

async function plugin(app: FastifyInstance) {
  // A callback hook: most requests (the public pages and queries) carry no session cookie, and they
  // pass through without a promise or a database lookup. Only a request with the cookie waits for
  // its session.
  app.addHook('onRequest', (req, _reply, done) => {
    if (!req.url.startsWith('/api/')) return done()
    if (crossSite(req)) return done(AuthErrors.CROSS_SITE_REQUEST('跨站请求被拒绝'))
    const token = req.cookies[SESSION_COOKIE]
    if (!token) return done()
    actorForToken(app.deps, token).then((actor) => {
      if (actor) {
        req.actor = actor
        req.ctx = { ...req.ctx, actor }
      }
      done()
    }, done)
  })
}

export const sessionHook = fp(plugin, { name: 'session-hook' })
