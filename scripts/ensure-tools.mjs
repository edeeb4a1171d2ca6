#!/usr/bin/env node
/**
 * The tests read the PDFs the platform produces with real tools: pdftotext / pdftoppm / pdfinfo
 * (poppler-utils) and zbarimg (zbar-tools) to decode the QR codes. On a fresh Debian machine
 * `npm test` installs them once (apt-get, as root); otherwise it says exactly what is missing.
 */
import { spawnSync } from 'node:child_process'

const NEEDED = [
  ['pdftotext', 'poppler-utils'],
  ['pdftoppm', 'poppler-utils'],
  ['pdfinfo', 'poppler-utils'],
  ['zbarimg', 'zbar-tools'],
]

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0
const missing = [...new Set(NEEDED.filter(([cmd]) => !has(cmd)).map(([, pkg]) => pkg))]
if (missing.length === 0) process.exit(0)

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
if (isRoot && has('apt-get')) {
  console.log(`installing ${missing.join(', ')} (needed by the tests to read PDFs and QR codes)…`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  let r = spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env })
  if (r.status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
    r = spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env })
  }
  if (r.status === 0) process.exit(0)
}
console.error(`The tests need ${missing.join(' and ')} (pdftotext, pdftoppm, pdfinfo, zbarimg). Install them: sudo apt-get install -y ${missing.join(' ')}`)
process.exit(1)
