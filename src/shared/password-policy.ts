/** The password rule, shared by the server (auth) and the browser (forms say it first). */

/** 8–64 characters with at least one letter and one digit. Returns the problem in Chinese, or null. */
export function passwordProblem(pw: string): string | null {
  if (pw.length < 8) return '密码至少 8 位'
  if (pw.length > 64) return '密码最多 64 位'
  if (!/[A-Za-z]/.test(pw) || !/\d/.test(pw)) return '密码须同时包含字母和数字'
  return null
}
