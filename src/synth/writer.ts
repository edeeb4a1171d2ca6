/**
 * Writes a generated case history in bulk: each batch (default 1,000 cases) is one INSERT per table
 * whose rows travel as a single JSON parameter (`jsonb_to_recordset`) — no per-row round trips and
 * no 65,535-parameter ceiling — and child rows find their case by its unique number in the same
 * statement. Batches run in transactions of `casesPerTransaction` cases (default: all in one), and
 * the import leaves ONE audit record (in the last transaction): historical cases are imported data,
 * not actions of anyone. Works the same on PGlite and PostgreSQL.
 */
import { sql } from 'kysely'
import { appendRecord } from '../modules/audit/index.js'
import { getCalendar } from '../modules/calendar/index.js'
import type { Ctx, Deps, Trx } from '../server/context.js'
import { generateHistory, type HistoryOptions, type SynthCase, type WorkCalendar } from './history.js'
import { loadHistoryWorld } from './world.js'

export const CASE_COLS: [string, string][] = [
  ['number', 'text'],
  ['item_id', 'int8'],
  ['item_version_id', 'int8'],
  ['unit_id', 'int8'],
  ['region_code', 'text'],
  ['centre_id', 'int8'],
  ['window_id', 'int8'],
  ['channel', 'text'],
  ['status', 'text'],
  ['applicant_user_id', 'int8'],
  ['applicant_kind', 'text'],
  ['applicant_name', 'text'],
  ['applicant_id_number', 'text'],
  ['applicant_credit_code', 'text'],
  ['applicant_phone', 'text'],
  ['created_at', 'timestamptz'],
  ['submitted_at', 'timestamptz'],
  ['prereview_due', 'text'],
  ['received_at', 'timestamptz'],
  ['accepted_at', 'timestamptz'],
  ['decided_at', 'timestamptz'],
  ['completed_at', 'timestamptz'],
  ['withdrawn_at', 'timestamptz'],
  ['intake_kind', 'text'],
  ['refusal_kind', 'text'],
  ['decision', 'text'],
  ['decision_reasons', 'text'],
  ['decided_by', 'text'],
  ['legal_days', 'int4'],
  ['promised_days', 'int4'],
  ['legal_due', 'text'],
  ['promised_due', 'text'],
  ['correction_count', 'int4'],
  ['last_correction_at', 'timestamptz'],
  ['last_material_at', 'timestamptz'],
  ['withdraw_reason', 'text'],
  ['updated_at', 'timestamptz'],
]
export const STEP_COLS: [string, string][] = [
  ['seq', 'int4'],
  ['key', 'text'],
  ['name', 'text'],
  ['role', 'text'],
  ['unit_id', 'int8'],
  ['limit_days', 'int4'],
  ['status', 'text'],
  ['assignee_id', 'int8'],
  ['assignee_name', 'text'],
  ['opinion', 'text'],
  ['outcome', 'text'],
  ['started_at', 'timestamptz'],
  ['completed_at', 'timestamptz'],
  ['due', 'text'],
]
export const PAUSE_COLS: [string, string][] = [
  ['kind', 'text'],
  ['reason', 'text'],
  ['expected_days', 'int4'],
  ['started_at', 'timestamptz'],
  ['ended_at', 'timestamptz'],
  ['by_user_id', 'int8'],
]
export const CORRECTION_COLS: [string, string][] = [
  ['items', 'jsonb'],
  ['stage', 'text'],
  ['requested_at', 'timestamptz'],
  ['requested_by', 'int8'],
  ['supplied_at', 'timestamptz'],
  ['note', 'text'],
]

const names = (cols: [string, string][], prefix = '') => cols.map(([c]) => `${prefix}"${c}"`).join(', ')
const defs = (cols: [string, string][]) => cols.map(([c, t]) => `"${c}" ${t}`).join(', ')

/** Inserts a child table's rows, each carrying its case's number, joined to the case in the statement. */
async function insertChildren(trx: Trx, table: string, cols: [string, string][], rows: Record<string, unknown>[]): Promise<void> {
  if (!rows.length) return
  const all: [string, string][] = [['case_number', 'text'], ...cols]
  await sql`insert into ${sql.table(table)} (case_id, ${sql.raw(names(cols))})
    select c.id, ${sql.raw(names(cols, 'x.'))}
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(${sql.raw(defs(all))})
    join "case" c on c.number = x.case_number`.execute(trx)
}

export interface BatchCounts {
  cases: number
  steps: number
  pauses: number
  corrections: number
}

/** Writes one batch of generated cases with their steps, pauses and corrections (4 statements). */
export async function writeBatch(trx: Trx, batch: readonly SynthCase[]): Promise<BatchCounts> {
  if (!batch.length) return { cases: 0, steps: 0, pauses: 0, corrections: 0 }
  await sql`insert into "case" (${sql.raw(names(CASE_COLS))})
    select ${sql.raw(names(CASE_COLS, 'x.'))} from jsonb_to_recordset(${JSON.stringify(batch.map((b) => b.case))}::jsonb) as x(${sql.raw(defs(CASE_COLS))})`.execute(trx)
  const steps = batch.flatMap((b) => b.steps.map((s) => ({ case_number: b.case.number, ...s })))
  const pauses = batch.flatMap((b) => b.pauses.map((p) => ({ case_number: b.case.number, ...p })))
  const corrections = batch.flatMap((b) => b.corrections.map((c) => ({ case_number: b.case.number, ...c })))
  await insertChildren(trx, 'case_step', STEP_COLS, steps)
  await insertChildren(trx, 'case_pause', PAUSE_COLS, pauses)
  await insertChildren(trx, 'case_correction', CORRECTION_COLS, corrections)
  return { cases: batch.length, steps: steps.length, pauses: pauses.length, corrections: corrections.length }
}

/** The accounts imported cases belong to: historical applicants have no account of their own. */
export async function importApplicantAccounts(trx: Trx): Promise<{ person: number; enterprise: number; created: number }> {
  const want = [
    { username: 'history-import-person', display_name: '历史办件申请人（自然人，导入数据）', applicant_kind: 'person' as const },
    { username: 'history-import-enterprise', display_name: '历史办件申请人（法人，导入数据）', applicant_kind: 'enterprise' as const },
  ]
  let created = 0
  const ids: Record<string, number> = {}
  for (const w of want) {
    let row = await trx.selectFrom('user_account').select('id').where('username', '=', w.username).executeTakeFirst()
    if (!row) {
      // no password can match '!': nobody signs in as these accounts
      row = await trx.insertInto('user_account').values({ kind: 'applicant', username: w.username, password_hash: '!', display_name: w.display_name, applicant_kind: w.applicant_kind, status: 'disabled' }).returning('id').executeTakeFirstOrThrow()
      created++
    }
    ids[w.applicant_kind] = Number(row.id)
  }
  return { person: ids.person!, enterprise: ids.enterprise!, created }
}

export interface ImportResult extends BatchCounts {
  byStatus: Record<string, number>
  instant: number
  overdue: number
  ms: number
  auditId: number
  /** the generated cases' facts, when asked for (ratings on the history use them) */
  facts?: { number: string; meta: SynthCase['meta']; completedAt: string | null; channel: 'online' | 'window'; unitId: number }[]
}

export interface ImportOptions extends Omit<HistoryOptions, 'asOf'> {
  regionCode: string
  asOf?: Date
  batchSize?: number
  casesPerTransaction?: number
  /** what the audit record calls the import, e.g. 'demo.history.import' */
  action?: string
  keepFacts?: boolean
  /** the working-day calendar (default: the region's calendar, which throws past its published data) */
  calendar?: WorkCalendar
}

/** Generates and writes a region's history; one audit record for the whole import. */
export async function importHistory(deps: Deps, ctx: Ctx, opts: ImportOptions): Promise<ImportResult> {
  const started = Date.now()
  const cal: WorkCalendar = opts.calendar ?? (await getCalendar(deps, opts.regionCode))
  const batchSize = opts.batchSize ?? 1000
  const perTx = opts.casesPerTransaction ?? Number.POSITIVE_INFINITY
  const asOf = opts.asOf ?? deps.clock.now()
  const totals: BatchCounts = { cases: 0, steps: 0, pauses: 0, corrections: 0 }
  const byStatus: Record<string, number> = {}
  let instant = 0
  let overdue = 0
  let auditId = 0
  const facts: NonNullable<ImportResult['facts']> = []
  let iterator: Iterator<SynthCase> | null = null
  let accounts: { person: number; enterprise: number; created: number } | null = null
  let done = false
  while (!done) {
    await deps.db.transaction().execute(async (trx) => {
      if (!iterator) {
        accounts = await importApplicantAccounts(trx)
        const world = await loadHistoryWorld(trx, opts.regionCode, accounts)
        iterator = generateHistory(world, cal, { ...opts, asOf })[Symbol.iterator]()
      }
      let inTx = 0
      while (inTx < perTx) {
        const batch: SynthCase[] = []
        while (batch.length < batchSize) {
          const n = iterator.next()
          if (n.done) {
            done = true
            break
          }
          batch.push(n.value)
        }
        const c = await writeBatch(trx, batch)
        totals.cases += c.cases
        totals.steps += c.steps
        totals.pauses += c.pauses
        totals.corrections += c.corrections
        for (const b of batch) {
          byStatus[b.case.status] = (byStatus[b.case.status] ?? 0) + 1
          if (b.meta.instant && b.case.status === 'completed') instant++
          if (b.meta.overdue) overdue++
          if (opts.keepFacts) facts.push({ number: b.case.number, meta: b.meta, completedAt: b.case.completed_at, channel: b.case.channel, unitId: b.case.unit_id })
        }
        inTx += batch.length
        if (done) break
      }
      if (done) {
        auditId = await appendRecord(
          trx,
          ctx,
          {
            action: opts.action ?? 'synth.history.import',
            targetType: 'case',
            unitId: null,
            summary: `导入历史办件 ${totals.cases} 件（${opts.from} 至 ${opts.to}；环节 ${totals.steps} 条，特别程序 ${totals.pauses} 次，补正告知 ${totals.corrections} 次）`,
            after: { ...totals, byStatus, instant, overdue, from: opts.from, to: opts.to, seed: opts.seed, regionCode: opts.regionCode, applicantAccountsCreated: accounts?.created ?? 0 },
          },
          deps.clock.now(),
          deps.config.auditHash,
        )
      }
    })
  }
  return { ...totals, byStatus, instant, overdue, ms: Date.now() - started, auditId, ...(opts.keepFacts ? { facts } : {}) }
}
