/**
 * A server under test in its own child process, so its memory is its own: spawned with the
 * http-probe preloaded (it reports process.memoryUsage() over IPC), ready at the first 200 of its
 * health route, stopped with SIGTERM. Used by the progress and start-up benchmarks.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Dataset } from './datasets.js'

const here = path.dirname(fileURLToPath(import.meta.url))
export const ROOT = path.resolve(here, '..')
const PROBE = path.join(here, 'http-probe.ts')

export interface MemSample {
  rss: number
  heapUsed: number
  heapTotal: number
  external: number
  at: number
}

export interface ServerProcess {
  pid: number
  port: number
  /** milliseconds from spawn to the first 200 of the health route */
  readyMs: number
  /** the latest memory report */
  mem(): MemSample | null
  /** peak RSS and heap since the last resetPeak() */
  peak(): { rss: number; heapUsed: number; samples: number }
  resetPeak(): void
  /** ask for a fresh memory report now */
  sampleNow(): Promise<MemSample | null>
  /** CPU time (user + system, ms) the process has used so far; null where /proc is missing */
  cpuMs(): number | null
  /** stderr so far (for failures) */
  stderr(): string
  /** SIGTERM and wait; the exit code */
  stop(): Promise<number | null>
}

/** CPU time of a process from /proc (Linux), in ms. */
export function cpuMsOf(pid: number): number | null {
  try {
    const st = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ')
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK
  } catch {
    return null
  }
}
const CLK_TCK = 100

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.unref()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
  })
}

function get(port: number, p: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: p, agent: false, timeout: 2000 }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', () => resolve(0))
    req.on('timeout', () => {
      req.destroy()
      resolve(0)
    })
  })
}

/**
 * Spawns `node <nodeArgs…> <script>` (TypeScript through tsx, as `npm start` runs the server) with
 * the probe preloaded, and waits for `healthPath` to answer 200.
 */
export async function spawnServer(opts: {
  script: string
  args?: string[]
  /** extra node flags (e.g. --cpu-prof) */
  nodeArgs?: string[]
  env: Record<string, string>
  port: number
  healthPath: string
  timeoutMs?: number
}): Promise<ServerProcess> {
  const t0 = performance.now()
  const child: ChildProcess = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', '--import', PROBE, opts.script, ...(opts.args ?? [])], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...opts.env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  })
  let err = ''
  child.stderr!.on('data', (d: Buffer) => {
    if (err.length < 20_000) err += d.toString()
  })
  let latest: MemSample | null = null
  let peakRss = 0
  let peakHeap = 0
  let samples = 0
  const waiters: ((m: MemSample) => void)[] = []
  child.on('message', (m: { probe?: string } & MemSample) => {
    if (m?.probe !== 'mem') return
    latest = { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, at: m.at }
    peakRss = Math.max(peakRss, m.rss)
    peakHeap = Math.max(peakHeap, m.heapUsed)
    samples++
    for (const w of waiters.splice(0)) w(latest)
  })
  let exited: number | null | undefined
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      exited = code
      resolve(code)
    }),
  )
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000)
  let readyMs = -1
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`server ${opts.script} exited (${exited}) before it was ready:\n${err.slice(-3000)}`)
    if ((await get(opts.port, opts.healthPath)) === 200) {
      readyMs = performance.now() - t0
      break
    }
    await new Promise((r) => setTimeout(r, 20))
  }
  if (readyMs < 0) {
    child.kill('SIGKILL')
    throw new Error(`server ${opts.script} not ready in ${opts.timeoutMs ?? 120_000} ms:\n${err.slice(-3000)}`)
  }
  return {
    pid: child.pid!,
    port: opts.port,
    readyMs,
    mem: () => latest,
    peak: () => ({ rss: peakRss, heapUsed: peakHeap, samples }),
    resetPeak() {
      peakRss = latest?.rss ?? 0
      peakHeap = latest?.heapUsed ?? 0
      samples = 0
    },
    sampleNow() {
      if (exited !== undefined || !child.connected) return Promise.resolve(latest)
      return new Promise((resolve) => {
        const t = setTimeout(() => resolve(latest), 1000)
        waiters.push((m) => {
          clearTimeout(t)
          resolve(m)
        })
        child.send({ probe: 'mem?' })
      })
    },
    cpuMs: () => cpuMsOf(child.pid!),
    stderr: () => err,
    async stop() {
      if (exited !== undefined) return exited
      child.kill('SIGTERM')
      const killer = setTimeout(() => child.kill('SIGKILL'), 35_000)
      const code = await exit
      clearTimeout(killer)
      return code
    },
  }
}

/** The environment `npm start` reads, opening a benchmark data set (documented settings only). */
export function platformEnv(ds: Dataset, port: number, extra: Record<string, string> = {}): Record<string, string> {
  const c = ds.config()
  return {
    DATABASE_URL: ds.databaseUrl ?? '',
    DATA_DIR: c.dataDir,
    FILE_DIR: c.fileDir,
    DEMO: 'false',
    ADMIN_PASSWORD: 'Bench@20261121',
    HOST: '127.0.0.1',
    PORT: String(port),
    NODE_ENV: 'production',
    ...extra,
  }
}

/** The platform as `npm start` runs it (src/main.ts through tsx), on a data set. */
export async function spawnPlatform(ds: Dataset, extra: Record<string, string> = {}, nodeArgs: string[] = []): Promise<ServerProcess> {
  const p = await freePort()
  return spawnServer({ script: path.join(ROOT, 'src', 'main.ts'), env: platformEnv(ds, p, extra), port: p, healthPath: '/api/health', nodeArgs })
}
