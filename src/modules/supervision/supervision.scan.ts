/**
 * The supervision pass (sweep `supervision.scan`, every minute): raise what the detectors find,
 * exactly once (INSERT … ON CONFLICT (dedupe_key) DO NOTHING RETURNING), auditing and notifying only
 * the rows actually inserted, in the same transaction; set the yellow cards' follow-up dates; close
 * condition alerts whose condition is gone; move the incremental detectors' watermark on.
 */
import { sql } from 'kysely'
import type { Deps } from '../../server/context.js'
import { systemCtx } from '../../server/context.js'
import { mutate, type Tx } from '../../server/mutate.js'
import { addOrPending, toShanghaiDate } from '../calendar/index.js'
import { notify } from '../notify/index.js'
import { ALERT_KINDS, ALERT_LEVEL_NAMES, type AlertKind } from './supervision.types.js'
import { CLOSERS, DETECTORS, INCREMENTAL, READS_RAISED } from './supervision.rules.js'
import { buildPass, type Pass } from './supervision.thresholds.js'
import { dedupePeople, handlersOf, leadersOf } from './supervision.recipients.js'

/** Rows changed up to this long before the last pass's watermark are read again (late commits). */
const WATERMARK_MARGIN_MS = 5 * 60_000
const WATERMARK = 'scan.history'

export interface ScanResult {
  raised: Partial<Record<AlertKind, number>>
  closed: number
}

class NothingToWrite extends Error {}

/** Runs a write that may turn out empty: an empty one is rolled back instead of audited. */
export async function maybeMutate<T>(deps: Deps, requestId: string, fn: (tx: Tx) => Promise<T | null>): Promise<T | null> {
  try {
    return await mutate(deps, systemCtx(requestId), async (tx) => {
      const r = await fn(tx)
      if (r === null) throw new NothingToWrite()
      return r
    })
  } catch (e) {
    if (e instanceof NothingToWrite) return null
    throw e
  }
}

export interface RaisedRow {
  id: number
  kind: AlertKind
  level: string
  case_id: number | null
  joint_case_id: number | null
  step_id: number | null
  unit_id: number
  user_id: number | null
  evidence_text: string
  due: string | null
  region_code: string
}

export async function scan(deps: Deps, now: Date): Promise<ScanResult> {
  const pass = await buildPass(deps, now)
  const wm = await deps.db.selectFrom('supervision_watermark').select('at').where('name', '=', WATERMARK).executeTakeFirst()
  const since = wm ? new Date(new Date(wm.at).getTime() - WATERMARK_MARGIN_MS) : new Date(0)
  // the deadline detectors and closers read only changed cases when the last complete pass had the
  // same thresholds: same day, no settings saved since (the first pass of a day reads every open case)
  const settingsAt = await deps.db.selectFrom('supervision_settings').select((eb) => eb.fn.max('updated_at').as('at')).executeTakeFirst()
  const sameDay = !!wm && toShanghaiDate(new Date(wm.at)) === pass.today && (!settingsAt?.at || new Date(settingsAt.at).getTime() < new Date(wm.at).getTime())
  const sameDaySince = sameDay ? since : null
  const result: ScanResult = { raised: {}, closed: 0 }
  const input = (kind: AlertKind) => ({ pass, since: INCREMENTAL.has(kind) ? since : new Date(0), sameDaySince })
  const detectors = Object.entries(DETECTORS) as [AlertKind, NonNullable<(typeof DETECTORS)[AlertKind]>][]
  // one round trip finds the kinds with something new (usually none): a transaction per kind only for those
  const probe = sql.join(
    detectors.map(([kind, detector]) => sql`SELECT ${kind}::text AS kind WHERE EXISTS (SELECT 1 FROM (${detector(input(kind))}) d WHERE NOT EXISTS (SELECT 1 FROM supervision_alert x WHERE x.dedupe_key = d.dedupe_key))`),
    sql` UNION ALL `,
  )
  const due = new Set((await sql<{ kind: AlertKind }>`${probe}`.execute(deps.db)).rows.map((r) => r.kind))
  for (const [kind, detector] of detectors) {
    const source = READS_RAISED[kind]
    if (!due.has(kind) && !(source && result.raised[source])) continue
    const n = await maybeMutate(deps, `sweep:supervision.scan:${kind}`, async (tx) => {
      const k = ALERT_KINDS[kind]
      const inserted = await sql<RaisedRow>`
        INSERT INTO supervision_alert (kind, level, rule, dedupe_key, case_id, joint_case_id, step_id, unit_id, user_id, evidence, evidence_text, raised_at, due, region_code)
        SELECT ${kind}, ${k.level}, ${k.rule}, d.dedupe_key, d.case_id, d.joint_case_id, d.step_id, d.unit_id, d.user_id, d.evidence, d.evidence_text, ${tx.now}, d.due::date, d.region_code
          FROM (${detector(input(kind))}) d
         WHERE NOT EXISTS (SELECT 1 FROM supervision_alert x WHERE x.dedupe_key = d.dedupe_key)
        ON CONFLICT (dedupe_key) DO NOTHING
        RETURNING id, kind, level, case_id, joint_case_id, step_id, unit_id, user_id, evidence_text, due, region_code`.execute(tx.db)
      if (inserted.rows.length === 0) return null
      for (const row of inserted.rows) {
        if (kind === 'yellow_card') row.due = await setCardDue(tx, pass, row)
        await announce(tx, row)
      }
      return inserted.rows.length
    })
    if (n) result.raised[kind] = n
  }
  // many new rows (a first pass over a backlog): fresh statistics, or the planner keeps believing the
  // alert table is empty (PGlite has no autovacuum; on a server it would come a minute later)
  if (Object.values(result.raised).reduce((a, b) => a + (b ?? 0), 0) >= 1000) await sql`ANALYZE supervision_alert`.execute(deps.db)
  result.closed = await closeResolved(deps, pass, sameDaySince)
  await deps.db
    .insertInto('supervision_watermark')
    .values({ name: WATERMARK, at: now })
    .onConflict((oc) => oc.column('name').doUpdateSet({ at: sql`greatest(supervision_watermark.at, excluded.at)` }))
    .execute()
  return result
}

/** R19: the yellow card demands completion within cardFollowupDays working days of the promised date. */
async function setCardDue(tx: Tx, pass: Pass, row: RaisedRow): Promise<string | null> {
  const c = await tx.db.selectFrom('case').select(['promised_due']).where('id', '=', row.case_id!).executeTakeFirst()
  const th = pass.byRegion.get(row.region_code) ?? pass.regions[0]
  if (!c?.promised_due || !th) return null
  const due = addOrPending(th.cal, c.promised_due, th.settings.cardFollowupDays)
  await tx.db.updateTable('supervision_alert').set({ due }).where('id', '=', row.id).execute()
  return due
}

/** Audit and notify one freshly raised alert (inside its transaction). */
export async function announce(tx: Tx, row: RaisedRow): Promise<void> {
  const k = ALERT_KINDS[row.kind]
  const info = await subjectOf(tx, row)
  await tx.audit({
    action: 'supervision.alert.raise',
    targetType: 'supervision_alert',
    targetId: row.id,
    unitId: row.unit_id,
    summary: `${info.caseNumber ? info.caseNumber + '：' : ''}${k.name}（${k.rule}）：${row.evidence_text}`,
    after: { kind: row.kind, level: row.level, caseId: row.case_id, stepId: row.step_id, unitId: row.unit_id, userId: row.user_id, due: row.due },
  })
  const card = row.kind === 'yellow_card' || row.kind === 'red_card'
  const recipients = dedupePeople(await handlersOf(tx.db, row), await leadersOf(tx.db, row.unit_id))
  const nextStep = card ? `请于${row.due ?? '限期内'}前办结并提交说明` : row.kind.startsWith('backfill_') ? '请核实录入情况并向电子监察室说明' : '请尽快处理'
  for (const p of recipients) {
    await notify(tx, {
      event: card ? 'supervision.card' : 'supervision.alert',
      userId: p.id,
      phone: p.phone,
      name: p.name,
      caseId: row.case_id,
      data: {
        caseNumber: info.caseNumber ?? '—',
        itemName: info.itemName ?? k.name,
        unitName: info.unitName,
        level: ALERT_LEVEL_NAMES[row.level as keyof typeof ALERT_LEVEL_NAMES] ?? row.level,
        kind: k.name,
        reason: row.evidence_text,
        due: row.due ?? '尽快',
        nextStep,
      },
    })
  }
}

async function subjectOf(tx: Tx, row: { case_id: number | null; unit_id: number }) {
  const unit = await tx.db.selectFrom('org_unit').select('name').where('id', '=', row.unit_id).executeTakeFirst()
  const c = row.case_id
    ? await tx.db.selectFrom('case').innerJoin('item', 'item.id', 'case.item_id').select(['case.number', 'item.name']).where('case.id', '=', row.case_id).executeTakeFirst()
    : undefined
  return { unitName: unit?.name ?? '', caseNumber: c?.number ?? null, itemName: c?.name ?? null }
}

/** Closes the condition alerts whose condition is gone, each with its reason and an audit record. */
async function closeResolved(deps: Deps, pass: Pass, sameDaySince: Date | null): Promise<number> {
  let total = 0
  const closers = Object.entries(CLOSERS) as [AlertKind, NonNullable<(typeof CLOSERS)[AlertKind]>][]
  const probe = sql.join(
    closers.map(([kind, closer]) => sql`SELECT ${kind}::text AS kind WHERE EXISTS (${closer(pass, sameDaySince)})`),
    sql` UNION ALL `,
  )
  const due = new Set((await sql<{ kind: AlertKind }>`${probe}`.execute(deps.db)).rows.map((r) => r.kind))
  for (const [kind, closer] of closers) {
    if (!due.has(kind)) continue
    const n = await maybeMutate(deps, `sweep:supervision.scan:close:${kind}`, async (tx) => {
      const closed = await sql<{ id: number; reason: string; case_id: number | null; unit_id: number }>`
        UPDATE supervision_alert a SET status = 'closed', closed_at = ${tx.now}, close_reason = r.reason
          FROM (${closer(pass, sameDaySince)}) r
         WHERE a.id = r.id AND a.status = 'open'
        RETURNING a.id, r.reason, a.case_id, a.unit_id`.execute(tx.db)
      if (closed.rows.length === 0) return null
      for (const a of closed.rows) {
        await tx.audit({
          action: 'supervision.alert.close',
          targetType: 'supervision_alert',
          targetId: a.id,
          unitId: a.unit_id,
          summary: `${ALERT_KINDS[kind].name}解除：${a.reason}`,
          after: { status: 'closed', reason: a.reason, by: 'scan' },
        })
      }
      return closed.rows.length
    })
    total += n ?? 0
  }
  return total
}
