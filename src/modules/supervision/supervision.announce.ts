/**
 * What follows raising or closing alerts, for a whole batch at once (a first pass over a city's
 * backlog raises tens of thousands; one at a time that was ~8 ms each and never finished at 1 M open
 * cases): the audit records and the notices, inside the caller's transaction.
 *  - subjects (case numbers, item names, unit names), handlers and leaders: one query each per batch;
 *  - audit: one record per CHUNK alerts (one per kind and pass for most passes), the alert ids and
 *    case numbers listed in `after`; a lone alert keeps its own record (targetId = the alert);
 *  - notices: per recipient, up to DIGEST_OVER alerts of the kind are announced one by one as before
 *    (supervision.alert / supervision.card); beyond that ONE digest notice (supervision.digest) with
 *    the count and the first case numbers; all written by notifyMany (one INSERT per 2,000 rows).
 */
import { sql } from 'kysely'
import type { Tx } from '../../server/mutate.js'
import { notifyMany, type NoticeInput } from '../notify/index.js'
import { ALERT_KINDS, ALERT_LEVEL_NAMES, type AlertKind } from './supervision.types.js'
import { dedupePeople, handlersOfMany, leadersOfMany, type Person } from './supervision.recipients.js'

/** Alerts per audit record. */
export const AUDIT_CHUNK = 1000
/** A recipient with more alerts than this of one kind in one pass gets one digest notice instead. */
export const DIGEST_OVER = 3
/** Case numbers named in a digest notice and in a chunk record's summary. */
const NAMED = 3

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

const fmt = (n: number) => n.toLocaleString('en-US')

/** `= ANY($1::bigint[])`: one parameter however many ids (an `IN (…)` list stops at 65,535 parameters). */
export const anyOf = (ids: number[]) => sql<number>`ANY(${ids}::bigint[])`

/** The batch's case numbers and item names, and unit names: one query each. */
async function subjectsOf(tx: Tx, rows: { case_id: number | null; unit_id: number }[]) {
  const caseIds = [...new Set(rows.filter((r) => r.case_id !== null).map((r) => Number(r.case_id)))]
  const unitIds = [...new Set(rows.map((r) => Number(r.unit_id)))]
  const [cases, units] = await Promise.all([
    caseIds.length
      ? tx.db.selectFrom('case').innerJoin('item', 'item.id', 'case.item_id').select(['case.id', 'case.number', 'item.name']).where('case.id', '=', anyOf(caseIds)).execute()
      : Promise.resolve([]),
    tx.db.selectFrom('org_unit').select(['id', 'name']).where('id', '=', anyOf(unitIds)).execute(),
  ])
  const caseMap = new Map(cases.map((c) => [Number(c.id), { number: c.number, itemName: c.name }]))
  const unitMap = new Map(units.map((u) => [Number(u.id), u.name]))
  return {
    caseNumber: (r: { case_id: number | null }) => (r.case_id === null ? null : (caseMap.get(Number(r.case_id))?.number ?? null)),
    itemName: (r: { case_id: number | null }) => (r.case_id === null ? null : (caseMap.get(Number(r.case_id))?.itemName ?? null)),
    unitName: (r: { unit_id: number }) => unitMap.get(Number(r.unit_id)) ?? '',
  }
}

/** `A、B、C` of the first distinct case numbers (for summaries and digests). */
function firstNumbers(numbers: (string | null)[], n = NAMED): string {
  return [...new Set(numbers.filter((x): x is string => !!x))].slice(0, n).join('、')
}

/**
 * One audit record per chunk of `rows` (ordered as given). A chunk of one keeps the per-alert form:
 * targetId = the alert's id, its own summary and unit. A larger chunk: no single target, the unit when
 * they all share one, the count in the summary and every id (with its case number) in `after`.
 */
export async function auditChunks<R extends { id: number; unit_id: number; case_id: number | null }>(
  tx: Tx,
  action: 'supervision.alert.raise' | 'supervision.alert.close',
  rows: R[],
  caseNumber: (r: R) => string | null,
  describe: { one: (r: R) => string; many: (rs: R[]) => string; after: (rs: R[]) => Record<string, unknown> },
): Promise<void> {
  for (let i = 0; i < rows.length; i += AUDIT_CHUNK) {
    const chunk = rows.slice(i, i + AUDIT_CHUNK)
    const one = chunk.length === 1 ? chunk[0]! : null
    const units = new Set(chunk.map((r) => Number(r.unit_id)))
    await tx.audit({
      action,
      targetType: 'supervision_alert',
      targetId: one ? one.id : null,
      unitId: units.size === 1 ? [...units][0]! : null,
      summary: one ? describe.one(one) : describe.many(chunk),
      after: { ...describe.after(chunk), count: chunk.length, ids: chunk.map((r) => Number(r.id)), caseNumbers: chunk.map(caseNumber) },
    })
  }
}

/** Audit and notify a batch of freshly raised alerts of one kind (inside their transaction). */
export async function announceAll(tx: Tx, rows: RaisedRow[]): Promise<void> {
  if (rows.length === 0) return
  const subject = await subjectsOf(tx, rows)
  for (const kind of new Set(rows.map((r) => r.kind))) {
    const ofKind = rows.filter((r) => r.kind === kind)
    const k = ALERT_KINDS[kind]
    await auditChunks(tx, 'supervision.alert.raise', ofKind, subject.caseNumber, {
      one: (r) => `${subject.caseNumber(r) ? subject.caseNumber(r) + '：' : ''}${k.name}（${k.rule}）：${r.evidence_text}`,
      many: (rs) => {
        const named = firstNumbers(rs.map(subject.caseNumber))
        return `${k.name} ${fmt(rs.length)} 件（${k.rule}）${named ? `：${named}等` : ''}`
      },
      after: (rs) => ({
        kind,
        level: k.level,
        ...(rs.length === 1 ? { caseId: rs[0]!.case_id, stepId: rs[0]!.step_id, unitId: rs[0]!.unit_id, userId: rs[0]!.user_id, due: rs[0]!.due } : {}),
      }),
    })
    await notifyAll(tx, kind, ofKind, subject)
  }
}

async function notifyAll(tx: Tx, kind: AlertKind, rows: RaisedRow[], subject: Awaited<ReturnType<typeof subjectsOf>>): Promise<void> {
  const k = ALERT_KINDS[kind]
  const card = kind === 'yellow_card' || kind === 'red_card'
  const [handlers, leaders] = await Promise.all([handlersOfMany(tx.db, rows), leadersOfMany(tx.db, rows.map((r) => r.unit_id))])
  const recipientsOf = rows.map((r, i) => dedupePeople(handlers[i]!, leaders.get(Number(r.unit_id)) ?? []))
  const alertsOf = new Map<number, number[]>()
  recipientsOf.forEach((ps, i) =>
    ps.forEach((p) => {
      const list = alertsOf.get(p.id)
      if (list) list.push(i)
      else alertsOf.set(p.id, [i])
    }),
  )
  const nextStep = card ? null : kind.startsWith('backfill_') ? '请核实录入情况并向电子监察室说明' : '请尽快处理'
  const inputs: NoticeInput[] = []
  const digested = new Set<number>()
  recipientsOf.forEach((ps, i) => {
    const row = rows[i]!
    for (const p of ps) {
      const mine = alertsOf.get(p.id)!
      if (mine.length <= DIGEST_OVER) inputs.push(single(p, row))
      else if (!digested.has(p.id)) {
        digested.add(p.id)
        inputs.push(digest(p, mine.map((j) => rows[j]!)))
      }
    }
  })
  await notifyMany(tx, inputs)

  function single(p: Person, row: RaisedRow): NoticeInput {
    return {
      event: card ? 'supervision.card' : 'supervision.alert',
      userId: p.id,
      phone: p.phone,
      name: p.name,
      caseId: row.case_id,
      data: {
        caseNumber: subject.caseNumber(row) ?? '—',
        itemName: subject.itemName(row) ?? k.name,
        unitName: subject.unitName(row),
        level: ALERT_LEVEL_NAMES[row.level as keyof typeof ALERT_LEVEL_NAMES] ?? row.level,
        kind: k.name,
        reason: row.evidence_text,
        due: row.due ?? '尽快',
        nextStep: nextStep ?? `请于${row.due ?? '限期内'}前办结并提交说明`,
      },
    }
  }

  function digest(p: Person, mine: RaisedRow[]): NoticeInput {
    const units = [...new Set(mine.map(subject.unitName).filter(Boolean))]
    return {
      event: 'supervision.digest',
      userId: p.id,
      phone: p.phone,
      name: p.name,
      caseId: null,
      data: {
        count: fmt(mine.length),
        caseNumber: firstNumbers(mine.map(subject.caseNumber)) || '—',
        unitName: units.length > 1 ? `${units[0]}等${units.length}个单位` : (units[0] ?? ''),
        kind: k.name,
        nextStep: nextStep ?? '请于各办件黄牌、红牌限期内办结并提交说明',
      },
    }
  }
}
