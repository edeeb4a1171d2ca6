import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import crypto from 'node:crypto'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from '../test/harness.js'
import { verifyChain } from '../modules/audit/index.js'
import { buildCity } from './build.js'
import type { CityResult } from './city.js'

const asOf = new Date('2026-11-20T10:00:00+08:00')
const OPTS = { cases: 3000, years: 1, seed: 7, openCases: 800, items: 400, asOf, stats: true }

async function contentHash(t: TestApp): Promise<string> {
  const c = await sql<{ h: string }>`select md5(string_agg(concat_ws('|', number, item_id, status, applicant_name, received_at, accepted_at, completed_at, promised_due), ',' order by number)) as h from "case"`.execute(t.deps.db)
  const s = await sql<{ h: string }>`select md5(string_agg(concat_ws('|', c.number, s.seq, s.key, s.status, s.started_at, s.completed_at, s.due), ',' order by c.number, s.seq)) as h from case_step s join "case" c on c.id = s.case_id`.execute(t.deps.db)
  return crypto.createHash('sha256').update(c.rows[0]!.h + s.rows[0]!.h).digest('hex')
}
const count = async (t: TestApp, q: string) => Number((await sql.raw<{ n: number }>(q).execute(t.deps.db)).rows[0]!.n)

let a: TestApp
let b: TestApp
let r: CityResult
beforeAll(async () => {
  a = await createTestApp()
  r = await buildCity(a.deps, a.app.log, OPTS)
  console.log(`synthetic city on ${a.testDb.kind}: ${JSON.stringify(r)}`)
}, 300_000)
afterAll(async () => {
  await a?.close()
  await b?.close()
})

describe('synthesizeCity', () => {
  it('writes with COPY and returns what is in the tables', async () => {
    expect(r.method).toBe('copy')
    expect(r.cases).toBe(await count(a, `select count(*)::int8 as n from "case" c join user_account u on u.id = c.applicant_user_id where u.username like 'history-import-%'`))
    expect(r.cases).toBeGreaterThan(2000)
    expect(r.steps).toBe(await count(a, `select count(*)::int8 as n from case_step s join "case" c on c.id = s.case_id join user_account u on u.id = c.applicant_user_id where u.username like 'history-import-%'`))
    expect(r.ratings).toBe(await count(a, `select count(*)::int8 as n from rating`))
    expect(r.jointCases).toBe(await count(a, `select count(*)::int8 as n from joint_case where number like 'LB%' and id in (select joint_case_id from "case" where joint_case_id is not null)`))
    expect(r.items).toBeGreaterThanOrEqual(400)
    expect(await count(a, `select count(*)::int8 as n from item where status = 'published'`)).toBeGreaterThanOrEqual(400)
  })

  it('leaves the open cases asked for, each with exactly one active step, most green', async () => {
    expect(r.open).toBeGreaterThanOrEqual(800)
    const bad = await count(a, `select count(*)::int8 as n from "case" c where c.status in ('accepted','paused','decided') and (select count(*) from case_step s where s.case_id = c.id and s.status = 'active') <> 1`)
    expect(bad).toBe(0)
    const red = await count(a, `select count(*)::int8 as n from "case" where status in ('accepted','paused','decided') and promised_due < '2026-11-20'`)
    const green = await count(a, `select count(*)::int8 as n from "case" where status in ('accepted','paused','decided') and promised_due > '2026-11-23'`)
    expect(red).toBeLessThan(r.open * 0.02)
    expect(green).toBeGreaterThan(r.open * 0.9)
  })

  it('rates completed cases only, and joint cases are consistent', async () => {
    expect(await count(a, `select count(*)::int8 as n from rating x join "case" c on c.id = x.case_id where c.status <> 'completed'`)).toBe(0)
    expect(await count(a, `select count(*)::int8 as n from joint_task t join "case" c on c.id = t.case_id where c.joint_case_id <> t.joint_case_id`)).toBe(0)
  })

  it('leaves no dangling reference (the bulk load skips the per-row foreign-key triggers where it may)', async () => {
    const tables = ['case', 'case_step', 'case_pause', 'case_correction', 'rating', 'evaluation_visit', 'rectification', 'joint_case', 'joint_task', 'joint_project', 'item', 'item_version']
    const fks = await sql<{ child: string; col: string; parent: string; pcol: string }>`
      select c.conrelid::regclass::text as child, a.attname as col, c.confrelid::regclass::text as parent, pa.attname as pcol
      from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      join pg_attribute pa on pa.attrelid = c.confrelid and pa.attnum = c.confkey[1]
      where c.contype = 'f' and array_length(c.conkey, 1) = 1 and c.conrelid::regclass::text = any(${tables.map((t) => (t === 'case' ? '"case"' : t))})`.execute(a.deps.db)
    expect(fks.rows.length).toBeGreaterThan(15)
    const dangling: string[] = []
    for (const f of fks.rows) {
      const n = await count(a, `select count(*)::int8 as n from ${f.child} x where x."${f.col}" is not null and not exists (select 1 from ${f.parent} p where p."${f.pcol}" = x."${f.col}")`)
      if (n) dangling.push(`${f.child}.${f.col} → ${f.parent}: ${n}`)
    }
    expect(dangling).toEqual([])
  })

  it('keeps a valid audit chain, one record per case', async () => {
    const v = await verifyChain(a.deps.db)
    expect(v.ok).toBe(true)
    expect(await count(a, `select count(*)::int8 as n from audit_record where request_id = 'synth' and action like 'cases.case.%'`)).toBe(r.cases)
  })

  it('is deterministic: the same seed gives the same cases and steps', async () => {
    b = await createTestApp()
    await buildCity(b.deps, b.app.log, OPTS)
    expect(await contentHash(b)).toBe(await contentHash(a))
  }, 300_000)
})
