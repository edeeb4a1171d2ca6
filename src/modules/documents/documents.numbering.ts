/** Document numbers (文号) and verification codes: pure rules, table-tested. */
import crypto from 'node:crypto'
import type { DocumentKind } from './index.js'

/** The word of each kind in the number: 德市审「受」字〔2026〕第 000123 号. */
export const KIND_WORDS: Record<DocumentKind, string> = {
  receipt: '收',
  acceptance_notice: '受',
  refusal_notice: '不受',
  correction_notice: '补正',
  conditional_acceptance_notice: '容缺',
  pledge_acceptance_notice: '承诺',
  pause_notice: '特程',
  extension_notice: '延期',
  grant_decision: '许',
  denial_decision: '不许',
  result: '证',
  joint_receipt: '联收',
  joint_correction_notice: '联补',
  joint_acceptance_notice: '联受',
  joint_refusal_notice: '联不受',
  meeting_notice: '联会',
  joint_reply: '联复',
}

export const KIND_NAMES: Record<DocumentKind, string> = {
  receipt: '收件回执',
  acceptance_notice: '受理通知书',
  refusal_notice: '不予受理通知书',
  correction_notice: '补正告知书',
  conditional_acceptance_notice: '容缺受理告知书',
  pledge_acceptance_notice: '告知承诺受理通知书',
  pause_notice: '特别程序告知书',
  extension_notice: '延期告知书',
  grant_decision: '准予许可决定书',
  denial_decision: '不予许可决定书',
  result: '审批结果',
  joint_receipt: '并联审批收件回执',
  joint_correction_notice: '联合补正一次性告知书',
  joint_acceptance_notice: '并联审批受理通知书',
  joint_refusal_notice: '并联审批不予受理通知书',
  meeting_notice: '联合会商通知',
  joint_reply: '联合审批意见书（集中回复）',
}

export const DOCUMENT_KINDS = Object.keys(KIND_WORDS) as DocumentKind[]

/**
 * The issuer's abbreviation, from the unit's name as official numbers abbreviate it: a city keeps
 * its first character and 市 (德州市… → 德市), a district or county its two-character name
 * (德城区… → 德城, 齐河县… → 齐河); otherwise the first two characters.
 */
export function issuerAbbreviation(unitName: string): string {
  const name = unitName.trim()
  const city = /^([\u4e00-\u9fff]{1,6}?)市/.exec(name)
  const county = /^(?:[\u4e00-\u9fff]{1,6}?市)?([\u4e00-\u9fff]{1,4}?)(区|县)/.exec(name)
  if (county && county[1]!.length >= 1 && !/^(政务|服务|行政|审批)/.test(county[1]!)) return county[1]!.slice(0, 2)
  if (city) return `${city[1]!.slice(0, 1)}市`
  const chars = [...name.replace(/[^\u4e00-\u9fffA-Za-z0-9]/g, '')]
  return chars.slice(0, 2).join('') || '政务'
}

export function docPrefix(unitName: string, kind: DocumentKind): string {
  return `${issuerAbbreviation(unitName)}审${KIND_WORDS[kind]}字`
}

export function formatDocNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}〔${year}〕第 ${String(seq).padStart(6, '0')} 号`
}

/** Digits and capitals without the look-alikes 0/O, 1/I/L (31 symbols); 12 symbols ≈ 59 bits of randomness. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export const CODE_LENGTH = 12

export function newVerificationCode(): string {
  let s = ''
  for (let i = 0; i < CODE_LENGTH; i++) s += CODE_ALPHABET[crypto.randomInt(CODE_ALPHABET.length)]
  return s
}

/** A code as people type it: case, spaces and dashes do not matter; null when it cannot be one. */
export function normalizeCode(raw: string): string | null {
  const s = String(raw ?? '').toUpperCase().replace(/[\s-]/g, '')
  if (s.length !== CODE_LENGTH) return null
  for (const ch of s) if (!CODE_ALPHABET.includes(ch)) return null
  return s
}

/** 李小华 → 李*华, 王五 → 王*; longer names (enterprises) are public and shown whole. */
export function maskName(name: string): string {
  const c = [...name]
  if (c.length <= 1 || c.length > 4) return name
  if (c.length === 2) return `${c[0]}*`
  return `${c[0]}${'*'.repeat(c.length - 2)}${c[c.length - 1]}`
}
