/**
 * Applicants for tests: registered through the real API (POST /api/auth/register) with valid
 * GB 11643 ID numbers and GB 32100 credit codes, and logged in.
 */
import type { TestApp } from './harness.js'
import { creditCodeCheckChar, idCheckDigit } from '../shared/identity.js'

export interface TestApplicant {
  id: number
  name: string
  cookie: string
  /** the login name (ID number or credit code) and password, to log in again after the clock jumps */
  login: string
  password: string
  relogin(): Promise<string>
}

const PASSWORD = 'Secret123'
let seq = 0
const next = () => ++seq + (process.pid % 500) * 1000

async function registered(t: TestApp, name: string, login: string, payload: Record<string, unknown>): Promise<TestApplicant> {
  const r = await t.app.inject({ method: 'POST', url: '/api/auth/register', payload: { ...payload, name, password: PASSWORD } })
  if (r.statusCode !== 201) throw new Error(`register ${name}: ${r.statusCode} ${r.body}`)
  const relogin = () => t.login(login, PASSWORD)
  return { id: r.json().user.id as number, name, cookie: await relogin(), login, password: PASSWORD, relogin }
}

export async function registerEnterprise(t: TestApp, name: string): Promise<TestApplicant> {
  const body = `91371402MA${String(next()).padStart(7, '0')}`
  const creditCode = body + creditCodeCheckChar(body)
  return registered(t, name, creditCode, { kind: 'enterprise', creditCode, legalRepresentative: '王强', phone: `139${String(next()).padStart(8, '0')}`.slice(0, 11) })
}

export async function registerPerson(t: TestApp, name: string): Promise<TestApplicant> {
  const body = `37140219900101${String(next() % 1000).padStart(3, '0')}`
  const idNumber = body + idCheckDigit(body)
  return registered(t, name, idNumber, { kind: 'person', idNumber, phone: `136${String(next()).padStart(8, '0')}`.slice(0, 11) })
}
