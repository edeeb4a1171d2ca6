/**
 * Client-side check characters of the two national identifiers, so a typo is caught before the
 * request (the server checks again and has the last word):
 *  - GB 11643-1999 resident ID number (ISO 7064 MOD 11-2, 'X' for 10) with a real birth date;
 *  - GB 32100-2015 unified social credit code (MOD 31 over a 31-character set).
 */

export function normaliseCode(s: string): string {
  return s
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000-]/g, '')
    .toUpperCase()
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

/** null when valid, otherwise the Chinese reason. */
export function idNumberProblem(input: string, today: Date = new Date()): string | null {
  const v = normaliseCode(input)
  if (!/^\d{17}[\dX]$/.test(v)) return '身份证号码应为 18 位（最后一位可为 X）'
  const y = Number(v.slice(6, 10))
  const m = Number(v.slice(10, 12))
  const d = Number(v.slice(12, 14))
  const birth = new Date(Date.UTC(y, m - 1, d))
  if (y < 1900 || birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d || birth.getTime() > today.getTime()) {
    return '身份证号码中的出生日期无效'
  }
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(v[i]) * ID_WEIGHTS[i]!
  if (ID_CHECK[sum % 11] !== v[17]) return '身份证号码校验码不正确，请核对'
  return null
}

const CC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

export function creditCodeProblem(input: string): string | null {
  const v = normaliseCode(input)
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(v)) return '统一社会信用代码应为 18 位，且不含 I、O、Z、S、V'
  let sum = 0
  for (let i = 0; i < 17; i++) sum += CC_CHARS.indexOf(v[i]!) * CC_WEIGHTS[i]!
  if (CC_CHARS[(31 - (sum % 31)) % 31] !== v[17]) return '统一社会信用代码校验码不正确，请核对'
  return null
}

export function phoneProblem(input: string): string | null {
  return /^1[3-9]\d{9}$/.test(normaliseCode(input)) ? null : '请输入 11 位手机号码'
}

/** Mirrors the server's rule so the form can say it first. */
export function passwordProblem(pw: string): string | null {
  if (pw.length < 8) return '密码至少 8 位'
  if (pw.length > 64) return '密码最多 64 位'
  if (!/[A-Za-z]/.test(pw) || !/\d/.test(pw)) return '密码须同时包含字母和数字'
  return null
}
