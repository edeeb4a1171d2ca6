/** Builds (or finds) the standard data sets: `npx tsx bench/prepare.ts [small|medium|large ...]`. */
import { dataset, LARGE, MEDIUM, SMALL } from './datasets.js'
import { defaultPgUrl } from './lib.js'

const want = process.argv.slice(2).length ? process.argv.slice(2) : ['small', 'medium', 'large']
const specs = { small: SMALL, medium: MEDIUM, large: LARGE } as const
const env = { smoke: false, pgUrl: defaultPgUrl(), log: (s: string) => process.stderr.write(`${s}\n`) }
for (const w of want) {
  const spec = specs[w as keyof typeof specs]
  if (!spec) {
    process.stderr.write(`unknown data set ${w}: small, medium or large\n`)
    process.exit(2)
  }
  const d = await dataset(env, spec)
  console.log(`${w}: ${d.name} ${d.built ? `built in ${((d.buildMs ?? 0) / 1000).toFixed(1)} s ${JSON.stringify(d.city)}` : 'reused'}`)
}
