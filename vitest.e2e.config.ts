import { defineConfig } from 'vitest/config'

/** Browser journeys (e2e/): the real platform in-process, Debian's Chromium driven by playwright-core. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
})
