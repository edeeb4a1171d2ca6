/**
 * The security headers every response carries: the set helmet 8 sends with our options (its
 * defaults, our Content-Security-Policy, no HSTS because TLS ends at the proxy, no COEP so the
 * web app can load its own assets), written out once at start.
 *
 * Why not @fastify/helmet: it ran two onRequest hooks (one async) and rebuilt helmet's middleware,
 * parsing the CSP directives again, on every request. These headers never change at run time.
 */

/** Content-Security-Policy directives, in helmet's order (its defaults, then our own). */
const CSP: [string, string[]][] = [
  ['default-src', ["'self'"]],
  ['base-uri', ["'self'"]],
  ['font-src', ["'self'", 'data:']],
  ['form-action', ["'self'"]],
  ['frame-ancestors', ["'self'"]],
  ['img-src', ["'self'", 'data:', 'blob:']],
  ['object-src', ["'none'"]],
  ['script-src', ["'self'"]],
  ['script-src-attr', ["'none'"]],
  ['style-src', ["'self'", "'unsafe-inline'"]],
  ['connect-src', ["'self'"]],
]

export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': CSP.map(([k, v]) => `${k} ${v.join(' ')}`).join(';'),
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
})

/** [name, value] pairs, so the per-request hook is a plain loop */
export const SECURITY_HEADER_LIST: readonly (readonly [string, string])[] = Object.entries(SECURITY_HEADERS)
