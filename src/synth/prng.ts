/**
 * A small seeded pseudo-random generator (sfc32, seeded through splitmix32) and the draws the
 * synthetic data needs. Same seed → same sequence on every platform: nothing here reads
 * Math.random or the clock, so generated histories are reproducible.
 */
export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number) {
    let s = seed >>> 0
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0
      let z = s
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
      return (z ^ (z >>> 16)) >>> 0
    }
    this.a = next()
    this.b = next()
    this.c = next()
    this.d = next()
    for (let i = 0; i < 12; i++) this.next()
  }

  /** uniform in [0, 1) */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0
    this.d = (this.d + 1) >>> 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) >>> 0
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0
    this.c = (this.c + t) >>> 0
    return t / 4294967296
  }

  /** integer in [min, max] */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(list: readonly T[]): T {
    if (!list.length) throw new Error('pick from an empty list')
    return list[Math.floor(this.next() * list.length)]!
  }

  /** an index drawn by the cumulative weights (ascending, last = total) */
  weighted(cumulative: readonly number[]): number {
    const total = cumulative[cumulative.length - 1]!
    const x = this.next() * total
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cumulative[mid]! > x) hi = mid
      else lo = mid + 1
    }
    return lo
  }

  /** a Fisher–Yates shuffled copy */
  shuffle<T>(list: readonly T[]): T[] {
    const out = [...list]
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      ;[out[i], out[j]] = [out[j]!, out[i]!]
    }
    return out
  }

  /** a derived generator (for an independent stream, e.g. applicants vs. cases) */
  fork(salt: number): Rng {
    return new Rng((Math.floor(this.next() * 4294967296) ^ Math.imul(salt, 0x27d4eb2d)) >>> 0)
  }
}

/** Cumulative Zipf weights 1/r^s for ranks 1..n: a long tail of popularity. */
export function zipfCumulative(n: number, s = 1.1): number[] {
  const out: number[] = []
  let sum = 0
  for (let r = 1; r <= n; r++) {
    sum += 1 / Math.pow(r, s)
    out.push(sum)
  }
  return out
}
