/**
 * A whole synthetic city at scale: N years of case history (default 10) with its steps, pauses,
 * corrections, joint cases, ratings, audit records and the statistics rollups, into PGlite or
 * PostgreSQL in bulk (COPY where the database allows). Deterministic for a seed. Needs the city's
 * organisation and catalogue in place (build.ts loads the demo city's when absent).
 *
 * CONTRACT (stable; the benchmarks and the CLI build on it): synthesizeCity(deps, opts) → CityResult.
 *
 * How: the generators (history.ts for the history, open.ts for the open backlog) yield one case at a
 * time; cases are encoded into COPY text in chunks (ids assigned here from blocks reserved on the
 * tables' sequences, so child rows carry case_id directly) and each chunk is written in one
 * transaction by copy.ts while the next chunk is generated. Memory is flat in the number of cases.
 */
import { sql } from 'kysely'
import type { Ctx, Deps } from '../server/context.js'
import { systemCtx } from '../server/context.js'
import { appendRecord, linkHash } from '../modules/audit/index.js'
import { getCalendar } from '../modules/calendar/index.js'
import { formatCaseNumber } from '../modules/cases/index.js'
import { markEventsStale, markRollupsStale, refreshStats } from '../modules/stats/index.js'
import { generateHistory, generatorCalendar, workingDays, type HistoryWorld, type SynthCase, type WorldItem } from './history.js'
import { generateOpen } from './open.js'
import { fastCalendar } from './fastcal.js'
import { growCatalogue } from './catalogue.js'
import { copyLine, CopyLines, openCopySink, type CopyPart, type CopySink } from './copy.js'
import { historyRating } from './ratings.js'
import { loadHistoryWorld } from './world.js'
import { importApplicantAccounts, CASE_COLS, CORRECTION_COLS, PAUSE_COLS, STEP_COLS } from './writer.js'
import { Rng } from './prng.js'

export interface CityProgress {
  /** 'catalogue' | 'cases' | 'open' | 'stats' | 'audit' … */
  phase: string
  done: number
  total: number
}

export interface CityOptions {
  /** default '3714' (the demo city, 德州) */
  regionCode?: string
  /** default 1 */
  seed?: number
  /** cases to generate in all (history plus open backlog), e.g. 5_000_000 */
  cases: number
  /** years of history ending the day before asOf (default 10) */
  years?: number
  /** the moment the history stops (default: the deps clock's now) */
  asOf?: Date
  /**
   * of `cases`, how many are still open at asOf (accepted or in a step, a realistic mix of green,
   * a few yellow and red); default: what the history leaves open by itself (a fraction of 1 %)
   */
  openCases?: number
  /** grow the published catalogue to this many items (cloned from the existing ones); default: leave it */
  items?: number
  /** ratings on completed cases (default true) */
  ratings?: boolean
  /** joint cases of parallel approval (default true) */
  joint?: boolean
  /** audit records: one per case event (default) or one for the whole import */
  audit?: 'per-case' | 'one'
  /** write the statistics facts and rollups as the stats refresh would (default true) */
  stats?: boolean
  onProgress?: (p: CityProgress) => void
  /** into a database without cases, loads of at least this many cases build the secondary indexes at the end (default 200,000) */
  deferIndexesFrom?: number
  /** cases per COPY chunk (one transaction each; default 20,000) */
  chunkSize?: number
}

export interface CityResult {
  cases: number
  open: number
  steps: number
  pauses: number
  corrections: number
  jointCases: number
  ratings: number
  auditRecords: number
  items: number
  /** how the rows were written */
  method: 'copy' | 'insert'
  ms: number
  /** milliseconds per phase */
  phases: Record<string, number>
}

const OPEN_STATUSES = new Set(['accepted', 'paused', 'correction_requested', 'decided'])
const DAY = 86_400_000
const shDate = (t: number) => new Date(t + 8 * 3600_000).toISOString().slice(0, 10)

const VISIT_COLS = ['id', 'token', 'window_id', 'unit_id', 'region_code', 'staff_id', 'staff_name', 'case_id', 'purpose', 'applicant_name', 'applicant_phone', 'started_at', 'ended_at'] as const
const RATING_COLS = ['id', 'channel', 'source', 'stars', 'indicators', 'comment', 'case_id', 'visit_id', 'unit_id', 'window_id', 'staff_id', 'rater_user_id', 'rater_name', 'rater_phone', 'real_name', 'status', 'created_at', 'region_code'] as const
const RECT_COLS = ['number', 'rating_id', 'unit_id', 'status', 'due', 'callback_due', 'measures', 'rectified_at', 'verdict', 'verdict_at', 'verdict_due', 'reopened', 'created_at', 'closed_at', 'region_code'] as const
const AUDIT_COLS = ['id', 'at', 'actor_id', 'actor_name', 'actor_kind', 'unit_id', 'action', 'target_type', 'target_id', 'summary', 'before', 'after', 'ip', 'request_id', 'hash_alg', 'prev_hash', 'hash'] as const
const JPROJECT_COLS = ['id', 'code', 'name', 'scheme_id', 'region_code', 'applicant_user_id', 'applicant_name', 'applicant_credit_code', 'location', 'investment_cents', 'industry_code', 'target_days', 'status', 'created_at', 'completed_at'] as const
const JCASE_COLS = ['id', 'number', 'kind', 'project_id', 'stage_def_id', 'name', 'lead_unit_id', 'region_code', 'centre_id', 'window_id', 'channel', 'status', 'applicant_user_id', 'applicant_kind', 'applicant_name', 'applicant_id_number', 'applicant_credit_code', 'applicant_phone', 'limit_days', 'created_at', 'received_at', 'accepted_at', 'due', 'replied_at', 'completed_at', 'updated_at'] as const
const JTASK_COLS = ['joint_case_id', 'item_id', 'item_version_id', 'unit_id', 'role', 'case_id', 'limit_days', 'due', 'status', 'precheck_done_at', 'reply', 'reasons', 'replied_at', 'replied_by', 'replied_by_name'] as const
const caseCols = ['id', ...CASE_COLS.map(([c]) => c), 'joint_case_id']
const stepCols = ['case_id', ...STEP_COLS.map(([c]) => c)]
const pauseCols = ['case_id', ...PAUSE_COLS.map(([c]) => c)]
const corrCols = ['case_id', ...CORRECTION_COLS.map(([c]) => c)]

/** A block of ids reserved on a table's sequence (ids are handed out in order; unused ones are gaps). */
class Ids {
  private next = 0
  private last = -1
  constructor(
    private readonly table: string,
    private readonly reserveFn: (table: string, n: number) => Promise<number>,
  ) {}
  async ensure(n: number) {
    if (this.last - this.next + 1 >= n) return
    const want = Math.max(n, 1000)
    const last = await this.reserveFn(this.table, want)
    this.next = last - want + 1
    this.last = last
  }
  take(): number {
    if (this.next > this.last) throw new Error(`synthetic city: id block of ${this.table} exhausted`)
    return this.next++
  }
}

interface Chunk {
  parts: Record<string, CopyLines>
  cases: number
}

const PART_ORDER: [string, readonly string[]][] = [
  ['joint_project', JPROJECT_COLS],
  ['joint_case', JCASE_COLS],
  ['case', caseCols],
  ['case_step', stepCols],
  ['case_pause', pauseCols],
  ['case_correction', corrCols],
  ['joint_task', JTASK_COLS],
  ['evaluation_visit', VISIT_COLS],
  ['rating', RATING_COLS],
  ['rectification', RECT_COLS],
  ['evaluation_watermark', ['case_id', 'invited_at']],
  ['audit_record', AUDIT_COLS],
]

export async function synthesizeCity(deps: Deps, opts: CityOptions, ctx: Ctx = systemCtx('synth')): Promise<CityResult> {
  const started = Date.now()
  const phases: Record<string, number> = {}
  const progress = opts.onProgress ?? (() => {})
  const regionCode = opts.regionCode ?? '3714'
  const seed = opts.seed ?? 1
  const asOf = opts.asOf ?? deps.clock.now()
  const today = shDate(asOf.getTime())
  const to = shDate(asOf.getTime() - DAY)
  const from = shDate(asOf.getTime() - (opts.years ?? 10) * 365.25 * DAY)
  const baseCal = generatorCalendar(await getCalendar(deps, regionCode))
  const cal = fastCalendar(baseCal, shDate(Date.parse(`${from}T00:00:00Z`) - 400 * DAY), shDate(asOf.getTime() + 800 * DAY))
  const perCaseAudit = (opts.audit ?? 'per-case') === 'per-case'
  const wantRatings = opts.ratings ?? true
  const wantJoint = opts.joint ?? true
  const chunkSize = opts.chunkSize ?? 20_000

  // 1. the catalogue
  let t0 = Date.now()
  progress({ phase: 'catalogue', done: 0, total: opts.items ?? 0 })
  if (opts.items) await growCatalogue(deps, ctx, regionCode, opts.items, seed)
  const itemCount = Number((await sql<{ n: number }>`select count(*)::int8 as n from item i join org_unit d on d.id = i.department_id where i.status = 'published' and d.region_code like ${regionCode + '%'}`.execute(deps.db)).rows[0]!.n)
  progress({ phase: 'catalogue', done: itemCount, total: opts.items ?? itemCount })
  phases.catalogue = Date.now() - t0

  // 2. the world, the accounts, the numbering
  t0 = Date.now()
  const accounts = await deps.db.transaction().execute((trx) => importApplicantAccounts(trx))
  const world = await loadHistoryWorld(deps.db, regionCode, accounts)
  // synthetic-only database (no case yet): serials from 10001; else after the real ones' range (90001)
  const empty = !(await deps.db.selectFrom('case').select('id').limit(1).executeTakeFirst())
  const serialBase = empty ? 10_000 : 90_000
  const historyDays = workingDays(cal, from, to).length || 1
  const openWanted = Math.max(0, Math.min(opts.openCases ?? 0, opts.cases))
  const casesPerDay = Math.max(0, opts.cases - openWanted) / historyDays
  // the open backlog numbers after the history's on the same day: its own block per region and day
  const historyPeak = Math.ceil(casesPerDay * 1.2 * 1.1 * 1.2) + 50
  // joint sub-cases' siblings take a block of 1,000 after the history's; the open backlog the rest
  const jointBase = serialBase + historyPeak
  const openBase = jointBase + 1000
  const openCapacity = 99_999 - openBase
  if (openCapacity < 100) throw new Error(`synthetic city: ${Math.round(casesPerDay)} cases a day leave no room for case numbers (at most ${99_999 - serialBase} a region and day)`)
  const openDays = Math.min(250, Math.max(20, Math.ceil(openWanted / (openCapacity * 0.5))))
  const openDayList = workingDays(cal, shDate(asOf.getTime() - 400 * DAY), to).slice(-openDays)
  const openSerials = new Map<string, number>()
  const openNumber = (region: string, day: string) => {
    const k = `${region}|${day}`
    const n = (openSerials.get(k) ?? openBase) + 1
    if (n > 99_999) throw new Error(`synthetic city: more than ${openCapacity} open cases received in region ${region} on ${day}; use fewer open cases`)
    openSerials.set(k, n)
    return formatCaseNumber(region, day, n)
  }

  const sink = await openCopySink(deps)
  // a big load into a database without cases: secondary indexes are built once at the end (faster
  // than maintaining them row by row); their definitions are taken from the catalogue, so the
  // migrations stay the one source of them
  const deferred = empty && opts.cases >= (opts.deferIndexesFrom ?? 200_000) ? await dropSecondaryIndexes(sink) : []
  const lite = deps.dbKind === 'pglite'
  const reserve = async (table: string, n: number): Promise<number> => {
    const q = `select setval(pg_get_serial_sequence('"${table}"', 'id'), nextval(pg_get_serial_sequence('"${table}"', 'id')) + ${n - 1})::int8 as last`
    if (lite) return Number((await sink.query<{ last: number }>(q))[0]!.last)
    return Number((await sql.raw<{ last: number }>(q).execute(deps.db)).rows[0]!.last)
  }
  const ids = { case: new Ids('case', reserve), visit: new Ids('evaluation_visit', reserve), rating: new Ids('rating', reserve), audit: new Ids('audit_record', reserve), jcase: new Ids('joint_case', reserve), jproject: new Ids('joint_project', reserve) }

  // the audit chain continues from its head
  const head = (await sink.query<{ last_id: number; last_hash: string }>(`select last_id::int8 as last_id, last_hash from audit_chain_head where id = 1`))[0]!
  let prevHash = head.last_hash
  let lastAuditId = Number(head.last_id)
  const alg = deps.config.auditHash === 'sha256' ? 'sha256' : 'sm3'

  // joint cases: a synthetic construction scheme with one stage over the construction items
  const joint = wantJoint ? await jointSetup(deps, world, regionCode, asOf, jointBase) : null

  const totals = { cases: 0, open: 0, steps: 0, pauses: 0, corrections: 0, jointCases: 0, ratings: 0, auditRecords: 0 }
  const rng = new Rng((seed * 7919) ^ 0x51ab)
  const ratingRng = new Rng((seed * 104_729) ^ 0x7a7e)
  const nowMs = asOf.getTime()
  const watermarkSince = nowMs - 367 * DAY
  const rectSerials = new Map<string, number>()
  const jointSerials = new Map<string, number>()
  const itemById = new Map(world.items.map((i) => [i.id, i]))
  const windowById = new Map(world.windows.map((w) => [w.id, w]))

  const newChunk = (): Chunk => ({ parts: Object.fromEntries(PART_ORDER.map(([t]) => [t, new CopyLines()])), cases: 0 })
  let chunk = newChunk()

  const auditOf = (c: SynthCase, caseId: number) => {
    const r = c.case
    const clerk = c.meta.clerk ?? null
    const item = c.meta.itemName ?? itemById.get(r.item_id)?.name ?? ''
    let action: string
    let at: string
    let summary: string
    if (r.intake_kind === 'refuse') {
      action = 'cases.case.refuse'
      at = r.decided_at!
      summary = `${r.number}：不予受理（${item}）：${r.decision_reasons ?? ''}`
    } else if (!r.accepted_at) {
      action = 'cases.case.correction'
      at = r.last_correction_at ?? r.received_at
      summary = `${r.number}：一次性告知补正（${item}）`
    } else {
      action = 'cases.case.accept'
      at = r.accepted_at
      const outcome =
        r.status === 'completed' ? (r.decision === 'deny' ? '已办结，不予许可' : '已办结，准予许可') : r.status === 'withdrawn' ? '申请人已撤回' : r.status === 'paused' ? '特别程序中' : r.status === 'decided' ? '已作出决定，待办结' : '办理中'
      summary = `${r.number}：予以受理（${item}）；结果：${outcome}`
    }
    const id = ids.audit.take()
    const fields = {
      id,
      at: new Date(at),
      actorId: clerk ? clerk.id : null,
      actorName: clerk ? `${clerk.name}(${clerk.username ?? clerk.id})` : '系统(system)',
      actorKind: clerk ? 'staff' : 'system',
      unitId: r.window_id ?? r.centre_id ?? r.unit_id,
      action,
      targetType: 'case',
      targetId: String(caseId),
      summary,
      before: null,
      after: { number: r.number, status: r.status },
      ip: null,
      requestId: 'synth',
    }
    const hash = linkHash(alg, prevHash, fields)
    chunk.parts.audit_record!.push(copyLine([id, at, fields.actorId, fields.actorName, fields.actorKind, fields.unitId, action, 'case', fields.targetId, summary, null, fields.after, null, 'synth', alg, prevHash, hash]))
    prevHash = hash
    lastAuditId = id
    totals.auditRecords++
  }

  const writeCase = (c: SynthCase, jointCaseId: number | null) => {
    const id = ids.case.take()
    const r = c.case as unknown as Record<string, unknown>
    chunk.parts.case!.push(copyLine([id, ...CASE_COLS.map(([k]) => r[k]), jointCaseId]))
    for (const s of c.steps) chunk.parts.case_step!.push(copyLine([id, ...STEP_COLS.map(([k]) => (s as unknown as Record<string, unknown>)[k])]))
    for (const p of c.pauses) chunk.parts.case_pause!.push(copyLine([id, ...PAUSE_COLS.map(([k]) => (p as unknown as Record<string, unknown>)[k])]))
    for (const x of c.corrections) chunk.parts.case_correction!.push(copyLine([id, ...CORRECTION_COLS.map(([k]) => (x as unknown as Record<string, unknown>)[k])]))
    totals.cases++
    totals.steps += c.steps.length
    totals.pauses += c.pauses.length
    totals.corrections += c.corrections.length
    if (OPEN_STATUSES.has(c.case.status)) totals.open++
    chunk.cases++
    if (perCaseAudit) auditOf(c, id)
    if (c.case.completed_at && Date.parse(c.case.completed_at) >= watermarkSince) chunk.parts.evaluation_watermark!.push(copyLine([id, c.case.completed_at]))
    return id
  }

  const rate = (c: SynthCase, caseId: number) => {
    const r = c.case
    const h = historyRating(ratingRng, { completedAt: r.completed_at, channel: r.channel }, nowMs, { onlineRate: 0.85, windowRate: 0.75, badShare: 0.004 })
    if (!h) return
    const intake = c.steps.find((s) => s.seq === 0)
    const staffId = intake?.assignee_id ?? null
    const ratingId = ids.rating.take()
    let createdAt: number
    let unitId = r.unit_id
    let region = r.region_code
    let visitId: number | null = null
    if (h.channel === 'window') {
      const w = r.window_id === null ? undefined : windowById.get(r.window_id)
      if (!w || staffId === null || !r.accepted_at) return
      visitId = ids.visit.take()
      const startedAt = Date.parse(r.received_at) - 6 * 60_000
      const endedAt = Math.max(Date.parse(r.accepted_at), Date.parse(r.received_at)) + 3 * 60_000
      unitId = w.departmentId ?? w.centreId ?? w.id
      region = regionCode
      chunk.parts.evaluation_visit!.push(copyLine([visitId, `h${r.number}`, w.id, unitId, region, staffId, intake?.assignee_name ?? '', caseId, `受理 ${c.meta.itemName ?? ''}`, r.applicant_name, r.applicant_phone, new Date(startedAt).toISOString(), new Date(endedAt).toISOString()]))
      createdAt = endedAt - 60_000
    } else createdAt = h.at!
    const created = new Date(createdAt).toISOString()
    chunk.parts.rating!.push(copyLine([ratingId, h.channel, h.channel === 'online' ? 'online' : 'tablet', h.stars, h.indicators, h.comment, caseId, visitId, unitId, r.window_id, staffId, r.applicant_user_id, r.applicant_name, r.applicant_phone, true, 'normal', created, region]))
    totals.ratings++
    if (h.stars <= 2) {
      // a bad review of the past: its rectification was done, called back and closed
      const day = shDate(createdAt)
      const serial = (rectSerials.get(day) ?? 5000) + 1
      rectSerials.set(day, serial)
      const due = cal.addWorkingDays(day, 5)
      const fixed = Math.min(nowMs - 60_000, createdAt + 2 * DAY)
      chunk.parts.rectification!.push(copyLine([`ZG${day.replace(/-/g, '')}${String(serial).padStart(4, '0')}`, ratingId, unitId, 'closed', due, cal.addWorkingDays(day, 3), '已约谈相关工作人员，优化窗口服务流程，并向评价人说明情况', new Date(fixed).toISOString(), 'satisfied', new Date(fixed + 3600_000).toISOString(), cal.addWorkingDays(shDate(fixed), 5), false, created, new Date(fixed + 3600_000).toISOString(), region]))
    }
  }

  /** A completed construction case becomes one sub-case of a joint case, with 1–3 sibling sub-cases. */
  const makeJoint = (c: SynthCase) => {
    const j = joint!
    const item = itemById.get(c.case.item_id)!
    const mates = j.siblings.get(item.steps.map((s) => s.key).join('|'))?.filter((x) => x.id !== item.id) ?? []
    if (!mates.length) return false
    const r = c.case
    const n = Math.min(mates.length, rng.int(1, 3))
    const chosen = rng.shuffle(mates).slice(0, n)
    const jcId = ids.jcase.take()
    const projectId = ids.jproject.take()
    const day = r.received_at ? shDate(Date.parse(r.received_at)) : today
    const k = `${r.region_code}|${day}`
    const serial = (jointSerials.get(k) ?? 5000) + 1
    jointSerials.set(k, serial)
    const number = `LB${r.region_code.slice(0, 6).padEnd(6, '0')}${day.replace(/-/g, '')}${String(serial).padStart(4, '0')}`
    const subs: { c: SynthCase; item: WorldItem }[] = [{ c, item }]
    for (const m of chosen) {
      const steps = c.steps.map((s, i) => {
        const tpl = m.steps[i]!
        const unit = s.role === 'window_staff' || s.role === 'centre_admin' ? s.unit_id : m.unitId
        const list = world.staff[`${tpl.role}:${unit}`]
        const who = s.assignee_id !== null && s.seq > 0 && list?.length ? rng.pick(list) : null
        return { ...s, name: tpl.name, role: tpl.role, unit_id: unit, limit_days: tpl.limitDays, ...(who ? { assignee_id: who.id, assignee_name: who.name } : {}) }
      })
      const sib: SynthCase = {
        case: { ...r, number: formatCaseNumber(m.regionCode, day, j.nextSerial(m.regionCode, day)), item_id: m.id, item_version_id: m.versionId, unit_id: m.unitId, region_code: m.regionCode, legal_days: m.legalDays, promised_days: m.promisedDays },
        steps,
        pauses: [],
        corrections: [],
        meta: { ...c.meta, itemName: m.name },
      }
      subs.push({ c: sib, item: m })
    }
    const done = subs.map((s) => s.c.case.completed_at ?? s.c.case.decided_at ?? r.updated_at).sort().at(-1)!
    const limit = Math.max(...subs.map((s) => s.item.promisedDays))
    chunk.parts.joint_project!.push(copyLine([projectId, `SYXM${number.slice(2)}`, `${r.applicant_name}建设项目`, j.schemeId, r.region_code, r.applicant_user_id, r.applicant_name, r.applicant_credit_code, '德州市', rng.int(100, 50_000) * 1_000_000, 'E47', j.targetDays, 'completed', r.created_at, done]))
    chunk.parts.joint_case!.push(copyLine([jcId, number, 'stage', projectId, j.stageDefId, `${r.applicant_name}建设项目·${j.stageName}`, j.leadUnitId, r.region_code, r.centre_id, r.window_id, r.channel, 'completed', r.applicant_user_id, r.applicant_kind, r.applicant_name, r.applicant_id_number, r.applicant_credit_code, r.applicant_phone, limit, r.created_at, r.received_at, r.accepted_at, r.promised_due, r.decided_at, done, done]))
    subs.forEach((s, i) => {
      const caseId = writeCase(s.c, jcId)
      const sc = s.c.case
      const approver = s.c.steps.find((x) => x.outcome === 'grant' || x.outcome === 'deny')
      const deny = sc.decision === 'deny'
      chunk.parts.joint_task!.push(copyLine([jcId, s.item.id, s.item.versionId, s.item.unitId, i === 0 ? 'lead' : 'co', caseId, s.item.promisedDays, sc.promised_due, 'replied', sc.accepted_at, deny ? 'disagree' : 'agree', deny ? (sc.decision_reasons ?? '不符合法定条件') : null, sc.decided_at, approver?.assignee_id ?? null, approver?.assignee_name ?? null]))
    })
    totals.jointCases++
    return true
  }

  let pending = null as Promise<void> | null
  const flush = async () => {
    const c = chunk
    chunk = newChunk()
    if (pending) await pending
    const parts: CopyPart[] = PART_ORDER.map(([table, columns]) => ({ table, columns, lines: c.parts[table]! }))
    const after = perCaseAudit && c.parts.audit_record!.length ? [{ text: 'update audit_chain_head set last_id = $1, last_hash = $2 where id = 1', params: [lastAuditId, prevHash] }] : []
    const p = sink.writeChunk(parts, after)
    p.catch(() => {}) // handled where it is awaited
    pending = p
    // PGlite works in this thread: nothing to overlap; PostgreSQL writes while the next chunk is generated
    if (lite) await pending
  }
  const ensureIds = async () => {
    if (lite && pending) await pending
    const n = chunkSize * 5 + 100
    await ids.case.ensure(n)
    await ids.visit.ensure(chunkSize + 10)
    await ids.rating.ensure(chunkSize + 10)
    if (perCaseAudit) await ids.audit.ensure(n)
    if (joint) {
      await ids.jcase.ensure(chunkSize)
      await ids.jproject.ensure(chunkSize)
    }
  }

  const historyTotal = Math.round(casesPerDay * historyDays)
  try {
    // 3. the history
    t0 = Date.now()
    await ensureIds()
    const history = generateHistory(world, cal, { seed, from, to, asOf, casesPerDay, serialBase })
    let sinceYield = 0
    for (const c of history) {
      const isJoint = joint !== null && c.case.status === 'completed' && !c.meta.instant && joint.departments.has(itemById.get(c.case.item_id)?.departmentId ?? -1) && rng.chance(joint.share)
      if (!(isJoint && makeJoint(c))) {
        const id = writeCase(c, null)
        if (wantRatings && c.case.completed_at) rate(c, id)
      }
      if (chunk.cases >= chunkSize) {
        await flush()
        await ensureIds()
        progress({ phase: 'cases', done: totals.cases, total: Math.max(historyTotal, totals.cases) })
      } else if (++sinceYield >= 2000) {
        sinceYield = 0
        await new Promise((r) => setImmediate(r))
      }
    }
    phases.history = Date.now() - t0

    // 4. the open backlog: what the history left open counts towards openCases
    t0 = Date.now()
    const backlog = Math.max(0, openWanted - totals.open)
    if (backlog > 0) {
      let done = 0
      for (const c of generateOpen(world, cal, { seed, count: backlog, asOf, days: openDayList, numberFor: openNumber })) {
        writeCase(c, null)
        done++
        if (chunk.cases >= chunkSize) {
          await flush()
          await ensureIds()
          progress({ phase: 'open', done, total: backlog })
        } else if (++sinceYield >= 2000) {
          sinceYield = 0
          await new Promise((r) => setImmediate(r))
        }
      }
    }
    await flush()
    if (pending) await pending
    phases.open = Date.now() - t0
  } catch (e) {
    // a failed load still leaves the database with all its indexes
    await (pending as Promise<void> | null)?.catch(() => {})
    for (const d of deferred) await sql.raw(d.def.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS ')).execute(deps.db).catch(() => {})
    throw e
  } finally {
    await (pending as Promise<void> | null)?.catch(() => {})
    await sink.close()
  }

  // 5. one audit record for the whole import (audit 'one'), or a closing record of the per-case import
  t0 = Date.now()
  await deps.db.transaction().execute(async (trx) => {
    await appendRecord(
      trx,
      ctx,
      {
        action: 'synth.city.import',
        targetType: 'case',
        unitId: null,
        summary: `合成城市数据：办件 ${totals.cases} 件（${from} 至 ${to}；在办 ${totals.open} 件，环节 ${totals.steps} 条，并联审批 ${totals.jointCases} 件，评价 ${totals.ratings} 条）`,
        after: { ...totals, from, to, seed, regionCode, audit: perCaseAudit ? 'per-case' : 'one' },
      },
      deps.clock.now(),
      deps.config.auditHash,
    )
  })
  totals.auditRecords++
  if (deferred.length) {
    const ti = Date.now()
    progress({ phase: 'indexes', done: 0, total: deferred.length })
    for (const [i, d] of deferred.entries()) {
      await sql.raw(d.def).execute(deps.db)
      progress({ phase: 'indexes', done: i + 1, total: deferred.length })
    }
    phases.indexes = Date.now() - ti
  }
  await sql`analyze`.execute(deps.db)
  phases.audit = Date.now() - t0

  // 6. the statistics: the ratings went in by COPY, perhaps past the stats triggers (bulk mode), so the
  // next refresh re-derives every rating and alert (cases and steps it finds by their watermarks); and
  // with this many new facts it builds the rollups from them once instead of batch by batch
  await markEventsStale(deps.db)
  await markRollupsStale(deps.db)
  if (opts.stats ?? true) {
    t0 = Date.now()
    progress({ phase: 'stats', done: 0, total: 1 })
    await refreshStats(deps, asOf)
    progress({ phase: 'stats', done: 1, total: 1 })
    phases.stats = Date.now() - t0
  }
  return { ...totals, items: itemCount, method: 'copy', ms: Date.now() - started, phases }
}

/** The tables the load writes most rows into. */
const BULK_TABLES = ['case', 'case_step', 'case_pause', 'case_correction', 'audit_record', 'rating', 'evaluation_visit', 'evaluation_watermark']

/** Drops the bulk tables' indexes that back no constraint; returns their definitions to re-create. */
async function dropSecondaryIndexes(sink: { query<T>(text: string, params?: unknown[]): Promise<T[]> }): Promise<{ name: string; def: string }[]> {
  const rows = await sink.query<{ name: string; def: string }>(
    `select i.indexname as name, i.indexdef as def from pg_indexes i
     where i.schemaname = 'public' and i.tablename = any($1::text[])
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.contype in ('p', 'u', 'x'))
     order by i.tablename, i.indexname`,
    [BULK_TABLES],
  )
  for (const r of rows) await sink.query(`drop index if exists "${r.name}"`)
  return rows
}

interface JointSetup {
  schemeId: number
  stageDefId: number
  stageName: string
  leadUnitId: number
  targetDays: number
  /** the share of construction cases that become a joint case */
  share: number
  departments: Set<number>
  /** promised construction items by their step keys (siblings share the shape of the steps) */
  siblings: Map<string, WorldItem[]>
  nextSerial(region: string, day: string): number
}

async function jointSetup(deps: Deps, world: HistoryWorld, regionCode: string, asOf: Date, serialBase: number): Promise<JointSetup | null> {
  const departments = new Set(world.constructionDepartmentIds ?? [])
  const items = world.items.filter((i) => departments.has(i.departmentId) && !i.instant)
  if (items.length < 2) return null
  const siblings = new Map<string, WorldItem[]>()
  for (const i of items) {
    const k = i.steps.map((s) => s.key).join('|')
    siblings.set(k, [...(siblings.get(k) ?? []), i])
  }
  const code = `SYNTH-${regionCode}`
  const stageName = '工程建设许可'
  const leadUnitId = items[0]!.departmentId
  let scheme = await deps.db.selectFrom('joint_scheme').select(['id', 'target_days']).where('code', '=', code).executeTakeFirst()
  if (!scheme) {
    scheme = await deps.db
      .insertInto('joint_scheme')
      .values({ code, name: '工程建设项目审批（合成数据）', region_code: regionCode, target_days: 60, green_cut_percent: 0, is_default: false, description: '合成城市数据的并联审批方案', created_at: asOf, updated_at: asOf } as never)
      .returning(['id', 'target_days'])
      .executeTakeFirstOrThrow()
    await deps.db
      .insertInto('joint_stage_def')
      .values({ scheme_id: scheme.id, seq: 1, key: 'permit', name: stageName, lead_unit_id: leadUnitId, limit_days: 20, item_ids: JSON.stringify(items.map((i) => i.id)), meeting_kinds: JSON.stringify(['meeting']) } as never)
      .execute()
  }
  const stage = await deps.db.selectFrom('joint_stage_def').select('id').where('scheme_id', '=', scheme.id).orderBy('seq').executeTakeFirstOrThrow()
  // sibling sub-cases number in their own block of the day (after the history's and the backlog's)
  const serials = new Map<string, number>()
  return {
    schemeId: Number(scheme.id),
    stageDefId: Number(stage.id),
    stageName,
    leadUnitId,
    targetDays: Number(scheme.target_days),
    share: 0.005,
    departments,
    siblings,
    nextSerial(region, day) {
      const k = `${region}|${day}`
      const n = (serials.get(k) ?? serialBase) + 1
      if (n > serialBase + 1000) throw new Error(`synthetic city: too many joint sub-cases in region ${region} on ${day}`)
      serials.set(k, n)
      return n
    },
  }
}
