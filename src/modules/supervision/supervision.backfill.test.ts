/**
 * 先办后录 (S4, R20): records entered long after the work. Each detector fires on realistic data and
 * stays silent on normal work (steps done at a normal pace, in working hours). The steps are done
 * through the real case services with the clock moved; only the "intake recorded after a later step"
 * case is written with SQL, because the services always record intake first: such records come from
 * a department's own system through a data import (which also stamps the case's updated_at).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { setupSup, type SupFx } from './supervision.fixture.js'

let fx: SupFx
beforeAll(async () => {
  fx = await setupSup()
})
afterAll(() => fx.t.close())

const backfill = async () =>
  (await fx.t.deps.db.selectFrom('supervision_alert').select(['kind', 'user_id', 'case_id', 'evidence', 'evidence_text']).where('kind', 'like', 'backfill_%').orderBy('id').execute()).map((r) => ({
    ...r,
    user_id: r.user_id === null ? null : Number(r.user_id),
    case_id: r.case_id === null ? null : Number(r.case_id),
  }))

async function review(id: number, cookie: string) {
  const step = await fx.activeStep(id)
  expect(step.key).toBe('review')
  fx.ok(await fx.call('POST', `/api/cases/${id}/steps/${step.id}/complete`, cookie, { opinion: '材料齐全，符合条件', outcome: 'pass' }))
}

describe('先办后录 detectors', () => {
  it('stay silent on normal work: steps done at a normal pace in working hours', async () => {
    await fx.at('2026-11-30T09:10')
    const ids = [await fx.windowCase('a'), await fx.windowCase('a'), await fx.windowCase('c')]
    await fx.scan()
    await fx.at('2026-11-30T14:00')
    await review(ids[0]!, fx.c.leadRev!)
    await fx.at('2026-11-30T15:30')
    await review(ids[1]!, fx.c.leadRev!)
    await fx.at('2026-11-30T18:30') // one record after hours is not bulk entry
    await review(ids[2]!, fx.c.revC!)
    await fx.scan()
    await fx.at('2026-12-01T10:00')
    fx.ok(await fx.call('POST', `/api/cases/${ids[0]}/decision`, fx.c.apprA, { outcome: 'grant' }))
    await fx.at('2026-12-01T10:40')
    fx.ok(await fx.call('POST', `/api/cases/${ids[0]}/complete`, fx.c.win, {}))
    await fx.scan()
    expect(await backfill()).toEqual([])
  })

  it('flags a review completed faster than the plausible minimum (backfill_too_fast)', async () => {
    await fx.at('2026-12-02T10:00')
    const id = await fx.windowCase('a')
    await fx.at('2026-12-02T10:01')
    await review(id, fx.c.leadRev!)
    await fx.scan()
    const a = (await backfill()).filter((x) => x.case_id === id)
    expect(a).toMatchObject([{ kind: 'backfill_too_fast', user_id: fx.ids.leadRev }])
    expect(a[0]!.evidence_text).toBe('「审核」环节用时 1.0 分钟，短于合理最短用时 3 分钟')
  })

  it('flags a burst of step records on cases accepted days before (backfill_burst)', async () => {
    await fx.at('2026-12-03T09:30')
    const ids: number[] = []
    for (let i = 0; i < 8; i++) ids.push(await fx.windowCase('a'))
    // five working days later the reviewer enters all eight reviews within eight minutes
    for (let i = 0; i < 8; i++) {
      await fx.at(`2026-12-10T10:${String(10 + i).padStart(2, '0')}`)
      await review(ids[i]!, fx.c.leadRev!)
    }
    await fx.scan()
    const burst = (await backfill()).filter((x) => x.kind === 'backfill_burst')
    expect(burst).toHaveLength(1)
    expect(burst[0]).toMatchObject({ user_id: fx.ids.leadRev, case_id: null, evidence: { count: 8, windowMinutes: 10, lagDays: 3 } })
    // the same burst seen again by the next pass is not raised twice
    await fx.at('2026-12-10T10:30')
    await fx.scan()
    expect((await backfill()).filter((x) => x.kind === 'backfill_burst')).toHaveLength(1)
  })

  it('flags bulk entries outside working hours (backfill_off_hours)', async () => {
    await fx.at('2026-12-14T10:00')
    const ids: number[] = []
    for (let i = 0; i < 5; i++) ids.push(await fx.windowCase('c'))
    for (let i = 0; i < 5; i++) {
      await fx.at(`2026-12-14T21:${String(5 + i * 5).padStart(2, '0')}`)
      await review(ids[i]!, fx.c.revC!)
    }
    await fx.scan()
    const off = (await backfill()).filter((x) => x.kind === 'backfill_off_hours')
    expect(off).toMatchObject([{ user_id: fx.ids.revC, evidence: { count: 5, hour: '2026-12-14 21:00' } }])
  })

  it('flags an intake recorded after a later step (backfill_intake_after_step)', async () => {
    await fx.at('2026-12-15T10:00')
    const normal = await fx.windowCase('a')
    const id = await fx.windowCase('a')
    await fx.at('2026-12-15T15:00')
    await review(normal, fx.c.leadRev!)
    await review(id, fx.c.leadRev!)
    await fx.scan()
    expect((await backfill()).filter((x) => x.kind === 'backfill_intake_after_step')).toEqual([])
    // imported from the department's system: its intake record says 16:00, after the 15:00 review
    await fx.at('2026-12-15T16:30')
    await sql`UPDATE "case" SET accepted_at = ${new Date('2026-12-15T16:00:00+08:00')}, updated_at = ${fx.t.clock.now()} WHERE id = ${id}`.execute(fx.t.deps.db)
    await fx.scan()
    expect((await backfill()).filter((x) => x.kind === 'backfill_intake_after_step')).toMatchObject([{ case_id: id }])
  })
})
