import { describe, expect, it } from 'vitest'
import { checkCreditCode, checkIdNumber, creditCodeCheckChar, idCheckDigit } from './identity.js'

describe('GB 11643 resident ID numbers', () => {
  // The standard's own worked example (GB 11643-1999 annex): 11010519491231002X
  it('accepts the standard example, whose check character is X', () => {
    const r = checkIdNumber('11010519491231002X')
    expect(r).toMatchObject({ ok: true, birthDate: '1949-12-31', sex: 'female', regionCode: '110105' })
  })
  it('accepts a lower-case x and full-width digits', () => {
    expect(checkIdNumber('11010519491231002x').ok).toBe(true)
    expect(checkIdNumber('１１０１０５１９４９１２３１００２Ｘ').ok).toBe(true)
  })
  it('refuses a wrong check digit', () => {
    expect(checkIdNumber('110105194912310021')).toEqual({ ok: false, reason: 'check_digit' })
  })
  it('refuses an impossible birth date even with a matching check digit', () => {
    const body = '37140219990230001' // 30 February
    expect(checkIdNumber(body + idCheckDigit(body))).toEqual({ ok: false, reason: 'birth_date' })
  })
  it('refuses a birth date in the future', () => {
    const body = '37140220990101001'
    expect(checkIdNumber(body + idCheckDigit(body), new Date('2026-11-21'))).toEqual({ ok: false, reason: 'birth_date' })
  })
  it('refuses an unknown province and a wrong length', () => {
    const body = '99140219900101001'
    expect(checkIdNumber(body + idCheckDigit(body)).ok).toBe(false)
    expect(checkIdNumber('37140219900101001').ok).toBe(false)
  })
  it('computes the MOD 11-2 check digit independently of the validator', () => {
    // 1×7+1×9+0×10+1×5+0×8+5×4+1×2+9×1+4×6+9×3+1×7+2×9+3×10+1×5+0×8+0×4+2×2 = 167; 167 mod 11 = 2 → 'X'
    expect(idCheckDigit('11010519491231002')).toBe('X')
  })
})

describe('GB 32100 unified social credit codes', () => {
  it('accepts a real published code', () => {
    // 腾讯科技(深圳)有限公司, as published on its business licence
    expect(checkCreditCode('9144030071526726XG').ok).toBe(true)
  })
  it('refuses a changed check character', () => {
    expect(checkCreditCode('9144030071526726XH')).toEqual({ ok: false, reason: 'check_character' })
  })
  it('refuses characters outside the set (I, O, Z, S, V)', () => {
    expect(checkCreditCode('9144030071526726XO')).toEqual({ ok: false, reason: 'format' })
    expect(checkCreditCode('91440300715267I6XG')).toEqual({ ok: false, reason: 'format' })
  })
  it('accepts any body with its computed check character, and the lower-case form', () => {
    const body = '91371402MA3C0000' + '1'
    expect(checkCreditCode(body + creditCodeCheckChar(body)).ok).toBe(true)
    expect(checkCreditCode((body + creditCodeCheckChar(body)).toLowerCase()).ok).toBe(true)
  })
})
