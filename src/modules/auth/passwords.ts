import { hash, verify } from '@node-rs/argon2'
import crypto from 'node:crypto'

export { passwordProblem } from '../../shared/password-policy.js'

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

export function randomPassword(): string {
  const chars = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789'
  const bytes = crypto.randomBytes(16)
  let out = ''
  for (const b of bytes) out += chars[b % chars.length]
  return `${out.slice(0, 14)}7a`
}
