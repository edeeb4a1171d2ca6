/**
 * The forms check the two national identifiers by their check characters before the request is
 * sent (the server checks again and has the last word). The rules themselves are the server's,
 * in src/shared/identity.ts (GB 11643 ID numbers, GB 32100 credit codes); here they only get the
 * Chinese wording a form shows.
 */
import { checkCreditCode, checkIdNumber, isMobilePhone, normaliseCode } from '../../src/shared/identity'

export { normaliseCode }
export { passwordProblem } from '../../src/shared/password-policy'

/** null when valid, otherwise the Chinese reason. */
export function idNumberProblem(input: string, today: Date = new Date()): string | null {
  const r = checkIdNumber(input, today)
  if (r.ok) return null
  switch (r.reason) {
    case 'format':
      return '身份证号码应为 18 位（最后一位可为 X）'
    case 'region':
      return '身份证号码的地址码不正确'
    case 'birth_date':
      return '身份证号码中的出生日期无效'
    case 'check_digit':
      return '身份证号码校验码不正确，请核对'
  }
}

export function creditCodeProblem(input: string): string | null {
  const r = checkCreditCode(input)
  if (r.ok) return null
  return r.reason === 'format' ? '统一社会信用代码应为 18 位，且不含 I、O、Z、S、V' : '统一社会信用代码校验码不正确，请核对'
}

export function phoneProblem(input: string): string | null {
  return isMobilePhone(normaliseCode(input)) ? null : '请输入 11 位手机号码'
}
