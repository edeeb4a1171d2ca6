import { hash, verify } from '@node-rs/argon2'
import crypto from 'node:crypto'

/** argon2id with the library's defaults (m=19 MiB, t=2): about 60 ms here. */
export function hashPassword(password: string): Promise<string> {
  return hash(password)
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password)
  } catch {
    return false
  }
}

/** A hash of a random secret, so unknown usernames take as long as known ones. */
let dummy: Promise<string> | null = null
export function dummyHash(): Promise<string> {
  return (dummy ??= hash(crypto.randomBytes(16).toString('hex')))
}

/** 8–64 characters with at least one letter and one digit. Returns the problem in Chinese, or null. */
export function passwordProblem(pw: string): string | null {
  if (pw.length < 8) return '密码至少 8 位'
  if (pw.length > 64) return '密码最多 64 位'
  if (!/[A-Za-z]/.test(pw) || !/\d/.test(pw)) return '密码须同时包含字母和数字'
  return null
}

export function randomPassword(): string {
  const chars = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789'
  const bytes = crypto.randomBytes(16)
  let out = ''
  for (const b of bytes) out += chars[b % chars.length]
  return `${out.slice(0, 14)}7a`
}
