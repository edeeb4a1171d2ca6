import { describe, expect, it } from 'vitest'
import { parseSynthArgs, SynthUsageError } from './cli.js'

describe('npm run synth: its flags', () => {
  it('reads every option, in both --flag value and --flag=value forms, with _ as a digit separator', () => {
    expect(parseSynthArgs(['--cases', '5_000_000', '--years=10', '--seed', '7', '--open', '1000000', '--items=5000', '--region', '3714', '--audit', 'one', '--no-ratings', '--no-joint', '--no-stats', '--chunk', '5000'])).toEqual({
      cases: 5_000_000,
      years: 10,
      seed: 7,
      openCases: 1_000_000,
      items: 5000,
      regionCode: '3714',
      audit: 'one',
      ratings: false,
      joint: false,
      stats: false,
      chunkSize: 5000,
    })
  })

  it('refuses what it cannot honour, saying which flag and why', () => {
    const bad: [string[], RegExp][] = [
      [[], /--cases is required/],
      [['--cases', '0'], /--cases needs a whole number ≥ 1 \(got 0\)/],
      [['--cases', '1.5'], /--cases needs a whole number/],
      [['--cases'], /got nothing/],
      [['--cases', '10', '--open', '11'], /--open cannot exceed --cases/],
      [['--cases', '10', '--audit', 'some'], /--audit is per-case or one/],
      [['--cases', '10', '--region', 'DZ'], /--region needs a region code/],
      [['--cases', '10', '--chunk', '5'], /--chunk needs a whole number ≥ 100/],
      [['--cases', '10', '--fast'], /unknown flag --fast/],
    ]
    for (const [argv, message] of bad) {
      expect(() => parseSynthArgs(argv), argv.join(' ')).toThrow(SynthUsageError)
      expect(() => parseSynthArgs(argv), argv.join(' ')).toThrow(message)
    }
  })
})
