/**
 * A small closed-loop HTTP/1.1 load generator on raw keep-alive sockets (node:net): `connections`
 * clients, each sending its next GET as soon as the previous response is complete. Parsing is
 * minimal (status line, content-length or chunked end) so the generator costs little CPU next to
 * the servers it measures on this small machine; the same generator drives the platform and its
 * baseline, so what it costs weighs on both.
 */
import net from 'node:net'
import { summarize, type Summary } from './lib.js'

export interface LoadRequest {
  path: string
  /** the status this request must get; anything else is an error */
  expect: number
  /** extra header lines, each ending in \r\n */
  headers?: string
}

export interface LoadResult {
  connections: number
  durationMs: number
  requests: number
  rps: number
  /** milliseconds */
  latency: Summary
  byStatus: Record<string, number>
  /** responses whose status was not the expected one */
  unexpected: number
  /** of those, requests expected to succeed (200) that did not */
  failedValid: number
  socketErrors: number
  /** a few unexpected responses, for the report */
  examples: string[]
  /** every measured latency (ms), to merge rounds */
  samples: number[]
}

/** Several rounds of the same load as one result (latency percentiles over all samples). */
export function mergeLoads(rs: readonly LoadResult[]): LoadResult {
  const samples = rs.flatMap((r) => r.samples)
  const durationMs = rs.reduce((a, r) => a + r.durationMs, 0)
  const byStatus: Record<string, number> = {}
  for (const r of rs) for (const [k, v] of Object.entries(r.byStatus)) byStatus[k] = (byStatus[k] ?? 0) + v
  return {
    connections: rs[0]?.connections ?? 0,
    durationMs,
    requests: samples.length,
    rps: (samples.length / Math.max(1, durationMs)) * 1000,
    latency: summarize(samples),
    byStatus,
    unexpected: rs.reduce((a, r) => a + r.unexpected, 0),
    failedValid: rs.reduce((a, r) => a + r.failedValid, 0),
    socketErrors: rs.reduce((a, r) => a + r.socketErrors, 0),
    examples: rs.flatMap((r) => r.examples).slice(0, 5),
    samples,
  }
}

const CRLF2 = Buffer.from('\r\n\r\n')
const CHUNK_END = Buffer.from('\r\n0\r\n\r\n')

export async function runLoad(opts: {
  port: number
  host?: string
  connections: number
  durationMs: number
  warmupMs: number
  next: () => LoadRequest
}): Promise<LoadResult> {
  const host = opts.host ?? '127.0.0.1'
  const latencies: number[] = []
  const byStatus: Record<string, number> = {}
  let unexpected = 0
  let failedValid = 0
  let socketErrors = 0
  const examples: string[] = []
  const t0 = performance.now()
  const measureFrom = t0 + opts.warmupMs
  const stopAt = measureFrom + opts.durationMs
  let measuredStart = Number.NaN
  let measuredEnd = 0

  const client = () =>
    new Promise<void>((done) => {
      let sock: net.Socket
      let buf: Buffer = Buffer.alloc(0)
      let cur: LoadRequest | null = null
      let sentAt = 0
      const connect = () => {
        buf = Buffer.alloc(0)
        sock = net.connect({ host, port: opts.port })
        sock.setNoDelay(true)
        sock.on('connect', send)
        sock.on('data', onData)
        sock.on('error', () => {
          socketErrors++
        })
        sock.on('close', () => {
          if (cur !== null) {
            // the server closed with a request in flight: count it, then go on on a new socket
            if (performance.now() < stopAt) {
              cur = null
              connect()
            } else done()
          }
        })
      }
      const send = () => {
        const now = performance.now()
        if (now >= stopAt) {
          cur = null
          sock.end()
          done()
          return
        }
        cur = opts.next()
        sentAt = now
        sock.write(`GET ${cur.path} HTTP/1.1\r\nHost: ${host}:${opts.port}\r\n${cur.headers ?? ''}\r\n`)
      }
      const onData = (d: Buffer) => {
        buf = buf.length ? Buffer.concat([buf, d]) : d
        const he = buf.indexOf(CRLF2)
        if (he < 0) return
        const head = buf.toString('latin1', 0, he)
        const m = /\r\ncontent-length:\s*(\d+)/i.exec(head)
        let end: number
        if (m) {
          end = he + 4 + Number(m[1])
          if (buf.length < end) return
        } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
          const ce = buf.indexOf(CHUNK_END, he)
          if (ce < 0) return
          end = ce + CHUNK_END.length
        } else end = he + 4
        const status = Number(head.slice(9, 12))
        const now = performance.now()
        const req = cur!
        cur = null
        buf = buf.length > end ? buf.subarray(end) : Buffer.alloc(0)
        if (sentAt >= measureFrom && now <= stopAt) {
          if (Number.isNaN(measuredStart)) measuredStart = sentAt
          measuredEnd = now
          latencies.push(now - sentAt)
          byStatus[status] = (byStatus[status] ?? 0) + 1
          if (status !== req.expect) {
            unexpected++
            if (req.expect === 200) failedValid++
            if (examples.length < 5) examples.push(`${status} for ${req.path.replace(/(idNumber|phone)=[^&]*/g, '$1=…')} (expected ${req.expect})`)
          }
        }
        if (/\r\nconnection:\s*close/i.test(head)) {
          sock.removeAllListeners('close')
          sock.destroy()
          if (performance.now() < stopAt) connect()
          else done()
          return
        }
        send()
      }
      connect()
    })

  await Promise.all(Array.from({ length: opts.connections }, client))
  const durationMs = Math.max(1, (Number.isNaN(measuredStart) ? 0 : measuredEnd - measuredStart) || opts.durationMs)
  return {
    connections: opts.connections,
    durationMs,
    requests: latencies.length,
    rps: (latencies.length / durationMs) * 1000,
    latency: summarize(latencies),
    byStatus,
    unexpected,
    failedValid,
    socketErrors,
    examples,
    samples: latencies,
  }
}
