/**
 * Per-address rate limiting for the routes that declare `config: { rateLimit: { max, timeWindow } }`
 * (login, the progress query, the public boards and ratings, document verification).
 *
 * Why our own instead of @fastify/rate-limit: the public progress query runs it on every request,
 * and the plugin costs three async layers, a promise around its store and an LRU update per
 * request. This is one synchronous hook per limited route and one counter in a Map.
 *
 * Fixed windows: each limited route counts requests per client address in the current window and
 * drops the whole Map when the window ends, so memory is bounded by the addresses seen in one
 * window (no LRU that a client rotating through addresses could use to evict its own counter).
 * Addresses are keyed as @fastify/rate-limit keyed them: IPv4 as is, IPv4-mapped IPv6 as IPv4,
 * other IPv6 by their /64 network (one subscriber's prefix).
 *
 * Over the limit: a 429 in the standard error shape, with retry-after and x-ratelimit-limit /
 * -remaining / -reset. (The plugin also sent the x-ratelimit-* headers on every answer below the
 * limit; nothing reads them there, and each header is work on every public request.)
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction, onRequestHookHandler } from 'fastify'
import fp from 'fastify-plugin'
import { CommonErrors } from './errors.js'

export interface RouteRateLimit {
  /** requests per address per window */
  max: number
  /** window length: milliseconds, or '1 minute', '30 seconds', '1 hour' */
  timeWindow: number | string
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, second: 1000, m: 60_000, min: 60_000, minute: 60_000, h: 3_600_000, hour: 3_600_000 }

export function windowMs(w: number | string): number {
  if (typeof w === 'number') {
    if (!Number.isFinite(w) || w <= 0) throw new Error(`rate limit: bad timeWindow ${w}`)
    return Math.trunc(w)
  }
  const m = /^\s*(\d+)\s*([a-z]+?)s?\s*$/i.exec(w)
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined
  if (!m || unit === undefined || Number(m[1]) <= 0) throw new Error(`rate limit: bad timeWindow ${JSON.stringify(w)}`)
  return Number(m[1]) * unit
}

/** The key of a client address: IPv4 as is, IPv4-mapped IPv6 as IPv4, other IPv6 by its /64. */
export function addressKey(ip: string): string {
  if (!ip.includes(':')) return ip
  const bare = ip.split('%')[0]!.toLowerCase()
  const mapped = /^(?:0*:)*:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare)
  if (mapped) return mapped[1]!
  const halves = bare.split('::')
  const head = halves[0] ? halves[0].split(':') : []
  const tail = halves.length > 1 && halves[1] ? halves[1].split(':') : []
  // an embedded IPv4 in the last 32 bits counts as two groups; only the first four groups matter
  const tailGroups = tail.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0)
  const groups = halves.length > 1 ? [...head, ...Array<string>(Math.max(0, 8 - head.length - tailGroups)).fill('0'), ...tail] : head
  return `${groups
    .slice(0, 4)
    .map((g) => (parseInt(g, 16) || 0).toString(16))
    .join(':')}::/64`
}

/** One limited route's counters: a fixed window of `ms`, `max` requests per address in it. */
export class FixedWindowLimiter {
  private counts = new Map<string, number>()
  private windowEnd = 0

  constructor(
    readonly max: number,
    readonly ms: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request from `key`; returns how many it has made in this window and the ms left. */
  hit(key: string): { count: number; msLeft: number } {
    const now = this.now()
    if (now >= this.windowEnd) {
      // a new window: drop every counter at once (this is what bounds the memory)
      this.counts = new Map()
      this.windowEnd = now + this.ms
    }
    const count = (this.counts.get(key) ?? 0) + 1
    this.counts.set(key, count)
    return { count, msLeft: this.windowEnd - now }
  }

  /** addresses counted in the current window (for tests and diagnostics) */
  get size(): number {
    return this.counts.size
  }
}

function limiterHook(limit: FixedWindowLimiter): onRequestHookHandler {
  const max = String(limit.max)
  return function rateLimited(req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
    const { count, msLeft } = limit.hit(addressKey(req.ip))
    if (count <= limit.max) return done()
    const reset = Math.ceil(msLeft / 1000)
    reply.header('x-ratelimit-limit', max)
    reply.header('x-ratelimit-remaining', 0)
    reply.header('x-ratelimit-reset', reset)
    reply.header('retry-after', reset)
    done(CommonErrors.TOO_MANY_REQUESTS(`请求过于频繁，请 ${reset} 秒后再试`))
  }
}

async function plugin(app: FastifyInstance) {
  app.addHook('onRoute', (route) => {
    const rl = route.config?.rateLimit
    if (!rl) return
    // one counter per route, as @fastify/rate-limit kept one store per route
    const hook = limiterHook(new FixedWindowLimiter(rl.max, windowMs(rl.timeWindow)))
    route.onRequest = route.onRequest ? [...[route.onRequest].flat(), hook] : [hook]
  })
}

export const rateLimit = fp(plugin, { name: 'rate-limit' })
