/**
 * `npm run bench` (full) or `npm run bench -- --smoke` (tiny sizes, as CI runs it).
 * Each benchmark prints its figure and its ratio to a baseline measured in the same run, and the
 * results go to bench/results.json.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { runCalendarBench } from './calendar.bench.js'

const smoke = process.argv.includes('--smoke')
const here = path.dirname(fileURLToPath(import.meta.url))

const results = []
const cal = await runCalendarBench(smoke ? 10_000 : 1_000_000)
results.push(cal)
console.log(
  `${cal.name}: ${cal.pairs.toLocaleString()} pairs — ours ${cal.oursNsPerCall} ns/call, chinese-days ${cal.packageNsPerCall} ns/call → ${cal.speedup}× (${cal.target}: ${cal.met ? 'met' : 'MISSED'}), mismatches ${cal.mismatches}`,
)

const out = {
  when: new Date().toISOString(),
  mode: smoke ? 'smoke' : 'full',
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  results,
}
if (!smoke) fs.writeFileSync(path.join(here, 'results.json'), `${JSON.stringify(out, null, 2)}\n`)
if (results.some((r) => r.mismatches > 0)) process.exit(1)
