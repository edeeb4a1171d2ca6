import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test/harness.js'
import { loadDemoCity } from './demo.js'
import { loadDemoCatalogue } from './catalog.js'
import { loadDemoCases, type DemoCasesResult } from './cases.js'
import { DEMO_PASSWORD, DEMO_PERSON_ID } from './accounts.js'

let t: TestApp
let first: DemoCasesResult
beforeAll(async () => {
  t = await createTestApp()
  await loadDemoCity(t.deps, t.app.log)
  await loadDemoCatalogue(t.deps, t.app.log)
  first = await loadDemoCases(t.deps, t.app.log)
}, 240_000)
afterAll(() => t.close())

describe('the demo cases', () => {
  it('has cases in every state, made through the services', () => {
    expect(first.loaded).toBe(true)
    expect(first.cases).toBeGreaterThanOrEqual(25)
    for (const s of ['draft', 'submitted', 'returned', 'received', 'correction_requested', 'accepted', 'paused', 'refused', 'decided', 'completed', 'delivered', 'withdrawn']) {
      expect(first.byStatus[s] ?? 0, s).toBeGreaterThan(0)
    }
  })

  it('shows the demo applicant their cases with dates over the last weeks', async () => {
    const cookie = await t.login(DEMO_PERSON_ID, DEMO_PASSWORD)
    const r = await t.app.inject({ method: 'GET', url: '/api/cases/mine?pageSize=100', headers: { cookie } })
    expect(r.statusCode).toBe(200)
    const items = r.json().items as { receivedAt: string | null }[]
    expect(items.length).toBeGreaterThan(8)
    const received = items.map((c) => c.receivedAt).filter((x): x is string => !!x).sort()
    expect(Date.parse(received[0]!)).toBeLessThan(t.clock.now().getTime() - 14 * 86_400_000)
  })

  it('loads once: a second run changes nothing', async () => {
    const again = await loadDemoCases(t.deps, t.app.log)
    expect(again.loaded).toBe(false)
  })
})
