#!/usr/bin/env node
// `npm run test:e2e`: builds the web app with Vite, then runs the browser journeys with Vitest
// (e2e/, vitest.e2e.config.ts). Extra arguments go to Vitest, e.g. `npm run test:e2e -- -t 闭馆`.
// Exits with Vitest's status, so a failed journey fails the command.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file)

process.stdout.write('› building the web app (vite build --config web/vite.config.ts)\n')
const build = spawnSync(process.execPath, [bin('vite', 'bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
})
if (build.status !== 0) {
  process.stderr.write('web build failed; browser journeys not run\n')
  process.exit(build.status ?? 1)
}

process.stdout.write('› running browser journeys (vitest run --config vitest.e2e.config.ts)\n')
const run = spawnSync(process.execPath, [bin('vitest', 'vitest.mjs'), 'run', '--config', 'vitest.e2e.config.ts', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? (process.stdout.isTTY ? '1' : '0') },
})
process.exit(run.status ?? 1)
