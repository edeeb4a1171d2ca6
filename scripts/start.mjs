#!/usr/bin/env node
// `npm start [-- --demo]`: builds the web app when it is missing or older than its sources, then
// runs the server (TypeScript through tsx; no separate compile step to forget).
import { spawnSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dist = path.join(root, 'web', 'dist', 'index.html')

function newest(dir) {
  let t = 0
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'dist' || e.name === 'node_modules') continue
    const p = path.join(dir, e.name)
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs)
  }
  return t
}

if (!fs.existsSync(dist) || fs.statSync(dist).mtimeMs < newest(path.join(root, 'web'))) {
  process.stdout.write('building the web app (vite)…\n')
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'main.ts'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => child.kill(s))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
