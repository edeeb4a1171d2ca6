/**
 * Preloaded (`--import`) into a server child process by bench/http-server.ts: reports the process's
 * own memory to the benchmark over the IPC channel, so the server's memory is measured alone. It
 * does nothing else and touches nothing of the server.
 */
if (typeof process.send === 'function') {
  const report = () => {
    const m = process.memoryUsage()
    process.send?.({ probe: 'mem', rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, at: Date.now() })
  }
  const every = Number(process.env.BENCH_PROBE_MS || 250)
  setInterval(report, every).unref()
  process.on('message', (msg: unknown) => {
    if ((msg as { probe?: string })?.probe === 'mem?') report()
  })
  // the IPC channel must not keep the server alive on its own, nor stop it from exiting
  process.channel?.unref()
}
export {}
