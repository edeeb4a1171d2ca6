import { describe, expect, it } from 'vitest'
import { CODE_ALPHABET, docPrefix, formatDocNumber, issuerAbbreviation, maskName, newVerificationCode, normalizeCode } from './documents.numbering.js'

describe('document numbers (文号)', () => {
  it.each([
    ['德州市政务服务中心', '德市'],
    ['德州市市场监督管理局', '德市'],
    ['德州市德城区行政审批服务局', '德城'],
    ['德城区政务服务中心', '德城'],
    ['齐河县行政审批服务局', '齐河'],
    ['德州经济技术开发区管理委员会', '德州'],
    ['Test Unit', 'Te'],
    ['', '政务'],
  ])('abbreviates the issuer %s as %s', (name, want) => {
    expect(issuerAbbreviation(name)).toBe(want)
  })

  it('reads like an official number: 德市审受字〔2026〕第 000123 号', () => {
    expect(formatDocNumber(docPrefix('德州市政务服务中心', 'acceptance_notice'), 2026, 123)).toBe('德市审受字〔2026〕第 000123 号')
    expect(docPrefix('德州市政务服务中心', 'refusal_notice')).toBe('德市审不受字')
  })
})

describe('verification codes', () => {
  it('are 12 symbols without look-alike characters, and differ every time', () => {
    const codes = new Set(Array.from({ length: 2000 }, () => newVerificationCode()))
    expect(codes.size).toBe(2000)
    for (const c of codes) expect(c).toMatch(/^[2-9A-HJKMNP-Z]{12}$/)
    expect(CODE_ALPHABET).not.toMatch(/[01OIL]/)
  })

  it.each([
    ['ABCD-EFGH-JK23', 'ABCDEFGHJK23'],
    ['abcd efgh jk23', 'ABCDEFGHJK23'],
    ['ABCDEFGHJK2O', null],
    ['ABCDEFGHJK2', null],
    ["'; drop table document; --", null],
  ])('normalises %j to %j', (raw, want) => {
    expect(normalizeCode(raw)).toBe(want)
  })
})

describe('names on the public verification page', () => {
  it.each([
    ['李小华', '李*华'],
    ['王五', '王*'],
    ['欧阳娜娜', '欧**娜'],
    ['德州市某某科技有限公司', '德州市某某科技有限公司'],
  ])('shows %s as %s', (name, want) => {
    expect(maskName(name)).toBe(want)
  })
})
