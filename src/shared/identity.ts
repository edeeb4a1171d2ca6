/**
 * Check characters of the two national identifiers:
 *  - GB 11643-1999 resident ID number: 17 digits + ISO 7064 MOD 11-2 check ('X' for 10), with a
 *    real birth date in positions 7–14;
 *  - GB 32100-2015 unified social credit code: 18 characters from a 31-character set (no I, O, Z,
 *    S, V), with a MOD 31 check character.
 * Input is normalised first: full-width characters to half-width, spaces removed, upper case.
 */

export function normaliseCode(s: string): string {
  return s
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000-]/g, '')
    .toUpperCase()
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'
const PROVINCES = new Set([11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83])

export type IdCheck =
  | { ok: true; value: string; birthDate: string; sex: 'male' | 'female'; regionCode: string }
  | { ok: false; reason: 'format' | 'region' | 'birth_date' | 'check_digit' }

export function idCheckDigit(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!
  return ID_CHECK[sum % 11]!
}

export function checkIdNumber(input: string, today: Date = new Date()): IdCheck {
  const v = normaliseCode(input)
  if (!/^\d{17}[\dX]$/.test(v)) return { ok: false, reason: 'format' }
  if (!PROVINCES.has(Number(v.slice(0, 2)))) return { ok: false, reason: 'region' }
  const y = Number(v.slice(6, 10))
  const m = Number(v.slice(10, 12))
  const d = Number(v.slice(12, 14))
  const birth = new Date(Date.UTC(y, m - 1, d))
  if (
    y < 1900 ||
    birth.getUTCFullYear() !== y ||
    birth.getUTCMonth() !== m - 1 ||
    birth.getUTCDate() !== d ||
    birth.getTime() > today.getTime()
  ) {
    return { ok: false, reason: 'birth_date' }
  }
  if (idCheckDigit(v) !== v[17]) return { ok: false, reason: 'check_digit' }
  return {
    ok: true,
    value: v,
    birthDate: `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`,
    sex: Number(v[16]) % 2 === 1 ? 'male' : 'female',
    regionCode: v.slice(0, 6),
  }
}

const CC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

export type CreditCodeCheck = { ok: true; value: string; regionCode: string } | { ok: false; reason: 'format' | 'check_character' }

/** GB 11714 organisation code check character over 8 characters (digits; letters A=10 … Z=35). */
export function orgCodeCheckChar(first8: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2]
  let sum = 0
  for (let i = 0; i < 8; i++) {
    const ch = first8[i]!
    sum += (/\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55) * weights[i]!
  }
  const c = 11 - (sum % 11)
  return c === 10 ? 'X' : c === 11 ? '0' : String(c)
}

export function creditCodeCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += CC_CHARS.indexOf(first17[i]!) * CC_WEIGHTS[i]!
  return CC_CHARS[(31 - (sum % 31)) % 31]!
}

export function checkCreditCode(input: string): CreditCodeCheck {
  const v = normaliseCode(input)
  // position 1: registering authority, 2: organisation type, 3–8: region (digits), 9–17: organisation code
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(v)) return { ok: false, reason: 'format' }
  if (creditCodeCheckChar(v) !== v[17]) return { ok: false, reason: 'check_character' }
  return { ok: true, value: v, regionCode: v.slice(2, 8) }
}

export function isMobilePhone(s: string): boolean {
  return /^1[3-9]\d{9}$/.test(s)
}
