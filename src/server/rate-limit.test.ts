import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addressKey, FixedWindowLimiter, windowMs } from './rate-limit.js'
import { createTestApp, type TestApp } from '../test/harness.js'

describe('the rate limiter’s parts', () => {
  it('reads window lengths in milliseconds or words, and refuses anything else', () => {
    expect(windowMs('1 minute')).toBe(60_000)
    expect(windowMs('30 seconds')).toBe(30_000)
    expect(windowMs('2 hours')).toBe(7_200_000)
    expect(windowMs(1500)).toBe(1500)
    for (const bad of ['soon', '0 minutes', '1 fortnight', -5, 0]) expect(() => windowMs(bad)).toThrow(/timeWindow/)
  })

  it('keys IPv4 as is, IPv4-mapped IPv6 as IPv4, and other IPv6 by its /64 network', () => {
    expect(addressKey('10.77.1.2')).toBe('10.77.1.2')
    expect(addressKey('::ffff:10.77.1.2')).toBe('10.77.1.2')
    expect(addressKey('0:0:0:0:0:ffff:10.77.1.2')).toBe('10.77.1.2')
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64')
    expect(addressKey('2001:DB8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64')
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64')
    expect(addressKey('::1')).toBe('0:0:0:0::/64')
  })

  it('counts per address within a window, and forgets every address when the window ends', () => {
    let now = 1_000_000
    const l = new FixedWindowLimiter(2, 60_000, () => now)
    expect(l.hit('a')).toEqual({ count: 1, msLeft: 60_000 })
    now += 10_000
    expect(l.hit('a')).toEqual({ count: 2, msLeft: 50_000 })
    expect(l.hit('b').count).toBe(1)
    expect(l.hit('a').count).toBe(3)
    expect(l.size).toBe(2)
    now += 50_000
    expect(l.hit('a')).toEqual({ count: 1, msLeft: 60_000 })
    expect(l.size).toBe(1)
  })
})

describe('per-address limits on public routes', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp({ config: { loginRateLimitPerMinute: 2, trustProxy: true } })
  })
  afterAll(() => t.close())

  const progress = (ip: string) => t.app.inject({ method: 'GET', url: '/api/progress?number=NO-SUCH-CASE&phone=13900000000', headers: { 'x-forwarded-for': ip } })

  it('answers the progress query until the limit, then 429 in the standard shape with retry-after', async () => {
    const a = [await progress('10.9.0.1'), await progress('10.9.0.1'), await progress('10.9.0.1')]
    expect(a.map((r) => r.statusCode)).toEqual([404, 404, 429])
    const over = a[2]!
    expect(over.json()).toEqual({ error: { code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/^请求过于频繁，请 \d+ 秒后再试$/) } })
    const retry = Number(over.headers['retry-after'])
    expect(retry).toBeGreaterThan(0)
    expect(retry).toBeLessThanOrEqual(60)
    expect(over.headers).toMatchObject({ 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(retry) })
    // still limited, with the security headers like any other answer
    expect(over.headers['x-frame-options']).toBe('SAMEORIGIN')
    expect((await progress('10.9.0.1')).statusCode).toBe(429)
  })

  it('counts each client address (behind the trusted proxy) and each route on its own', async () => {
    expect((await progress('10.9.0.2')).statusCode).toBe(404)
    expect((await progress('10.9.0.2')).statusCode).toBe(404)
    expect((await progress('10.9.0.3')).statusCode).toBe(404)
    // the login route has its own counter for the same address
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'x-forwarded-for': '10.9.0.2' }, payload: { username: 'nobody-here', password: 'whatever1' } })
    expect(login.statusCode).toBe(401)
  })

  it('leaves routes without a declared limit unlimited', async () => {
    for (let i = 0; i < 4; i++) {
      const r = await t.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-for': '10.9.0.4' } })
      expect(r.statusCode).toBe(200)
      expect(r.headers['x-ratelimit-limit']).toBeUndefined()
    }
  })
})
