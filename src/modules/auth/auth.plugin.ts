/** Resolves the session cookie to an actor on every request, and refuses cross-site mutations. */
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { actorForToken, SESSION_COOKIE } from './auth.service.js'
import { AuthErrors } from './auth.errors.js'

async function plugin(app: FastifyInstance) {
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS') {
      // Same-site cookies already stop most CSRF; an Origin from another host is refused outright.
      const origin = req.headers.origin
      if (origin && origin !== 'null') {
        let host = ''
        try {
          host = new URL(origin).host
        } catch {
          /* malformed origin */
        }
        if (host !== req.headers.host) throw AuthErrors.CROSS_SITE_REQUEST('跨站请求被拒绝')
      }
    }
    const token = req.cookies[SESSION_COOKIE]
    if (!token) return
    const actor = await actorForToken(app.deps, token)
    if (actor) {
      req.actor = actor
      req.ctx = { ...req.ctx, actor }
    }
  })
}

export const sessionHook = fp(plugin, { name: 'session-hook' })
