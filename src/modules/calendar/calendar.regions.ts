/** GB/T 2260 region codes nest by prefix: 37 ⊃ 3714 ⊃ 371402 ⊃ 371402001 ⊃ 371402001001. */
const LEVEL_LENGTHS = [2, 4, 6, 9, 12] as const

export function isRegionCode(code: string): boolean {
  return /^[0-9]+$/.test(code) && (LEVEL_LENGTHS as readonly number[]).includes(code.length)
}

/** The codes of the regions above this one, outermost first ('371402' → ['37', '3714']). */
export function ancestorsOf(code: string): string[] {
  return LEVEL_LENGTHS.filter((n) => n < code.length).map((n) => code.slice(0, n))
}
