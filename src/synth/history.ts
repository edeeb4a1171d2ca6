/**
 * The synthetic case history of a city: a pure, deterministic generator of the rows of `case`,
 * `case_step`, `case_pause` and `case_correction` for a date range, from the city's real items,
 * windows and staff (the "world", read by loadHistoryWorld in world.ts). It touches no database
 * and no clock: the same world, options and seed give the same rows, row for row. writer.ts writes
 * them in bulk. Built to scale: one case at a time through an iterator, memory flat in the number
 * of cases (the issue after this one generates millions).
 *
 * What it models (defaults; each is an option):
 * - working days only (the city's calendar); volume by weekday (Monday busiest) and month (the
 *   Spring Festival dip, the March and December peaks), with day-to-day noise;
 * - item popularity with a long tail (Zipf over a seeded shuffle of the items), instant items
 *   (即办件) carrying `instantShare` of the cases and completed on the spot;
 * - online vs. window channels as each item offers them; the window of the item's department or a
 *   general window; staff who hold each step's role over its unit;
 * - promised items done in well under their promised limit, rare overdue ones, some one-time
 *   correction notices, a few special-procedure pauses, refusals and denials with reasons,
 *   withdrawals; cases still open at `asOf` stay in the state they had then (never overdue).
 *
 * Case numbers have the real format (<region 6><YYYYMMDD><serial 5>, cases.rules formatCaseNumber)
 * but their serials start at `serialBase + 1` (default 90001): real numbering counts up from 1 per
 * region and day, so the two blocks meet only past 90,000 real cases in one region on one day.
 */
import { formatCaseNumber } from '../modules/cases/index.js'
import { synthEnterprise, synthPerson, type SynthApplicant } from './people.js'
import { Rng, zipfCumulative } from './prng.js'

/** What the generator needs of the calendar (a Calendar of the calendar module fits). */
export interface WorkCalendar {
  isWorkingDay(date: string): boolean
  addWorkingDays(from: string, n: number): string
}

/**
 * The calendar for the generator. Past the published holiday data (chinese-days ends with 2026) it
 * counts Monday–Friday, so a demo or a synthetic city built late in December still loads; the cases services themselves
 * keep such dates pending.
 */
export function generatorCalendar(cal: Pick<WorkCalendar, 'isWorkingDay' | 'addWorkingDays'>): WorkCalendar {
  const weekday = (d: string) => {
    const wd = new Date(`${d}T00:00:00Z`).getUTCDay()
    return wd !== 0 && wd !== 6
  }
  return {
    isWorkingDay(d) {
      try {
        return cal.isWorkingDay(d)
      } catch {
        return weekday(d)
      }
    },
    addWorkingDays(from, n) {
      try {
        return cal.addWorkingDays(from, n)
      } catch {
        let t = Date.parse(`${from}T00:00:00Z`)
        let left = n
        while (left > 0) {
          t += 86_400_000
          const d = new Date(t).toISOString().slice(0, 10)
          if (this.isWorkingDay(d)) left--
        }
        return new Date(t).toISOString().slice(0, 10)
      }
    },
  }
}

export interface WorldStep {
  key: string
  name: string
  role: string
  limitDays: number
}

export interface WorldItem {
  id: number
  versionId: number
  name: string
  /** the handling unit: the department's approval office, or the department */
  unitId: number
  departmentId: number
  regionCode: string
  instant: boolean
  legalDays: number
  promisedDays: number
  steps: WorldStep[]
  pausesAllowed: string[]
  audiences: ('person' | 'enterprise')[]
  channels: string[]
}

export interface WorldWindow {
  id: number
  centreId: number | null
  /** the department a department window serves; null for a general window */
  departmentId: number | null
  /** for general windows: whom they mainly receive ('enterprise', 'person', 'construction'), from their name */
  serves: 'enterprise' | 'person' | 'construction' | 'realestate' | null
}

export interface WorldStaff {
  id: number
  name: string
  /** the account's login name (the audit trail names the actor by it) */
  username?: string
}

export interface HistoryWorld {
  /** the centre that receives online applications */
  onlineCentreId: number | null
  items: WorldItem[]
  windows: WorldWindow[]
  /** staff able to do a step: key `${role}:${unitId}` (unitId = the step's unit, or the window for intake) */
  staff: Record<string, WorldStaff[]>
  /** the accounts imported cases are linked to (historical applicants have no account of their own) */
  applicantUserIds: { person: number; enterprise: number }
  /** departments whose items are handled in the construction window (立项, 规划, 施工) */
  constructionDepartmentIds?: number[]
}

export interface HistoryOptions {
  seed: number
  /** first and last day received (Asia/Shanghai dates, inclusive) */
  from: string
  to: string
  /** the moment the history stops: later events do not happen (open cases stay open) */
  asOf: Date
  /** average cases received per working day */
  casesPerDay: number
  /** share of cases on instant items (即办率 ≈ this) */
  instantShare?: number
  /** share of cases filed online where the item offers both channels */
  onlineShare?: number
  /** share of promised cases completed after their promised date */
  overdueShare?: number
  correctionShare?: number
  pauseShare?: number
  refuseShare?: number
  denyShare?: number
  withdrawShare?: number
  /** case serials start after this (default 90000) */
  serialBase?: number
  /** distinct synthetic applicants (repeat customers come back) */
  applicantPool?: number
}

type Ts = string // ISO instant

export interface CaseRowOut {
  number: string
  item_id: number
  item_version_id: number
  unit_id: number
  region_code: string
  centre_id: number | null
  window_id: number | null
  channel: 'online' | 'window'
  status: 'correction_requested' | 'accepted' | 'paused' | 'refused' | 'decided' | 'completed' | 'withdrawn'
  applicant_user_id: number
  applicant_kind: 'person' | 'enterprise'
  applicant_name: string
  applicant_id_number: string | null
  applicant_credit_code: string | null
  applicant_phone: string
  created_at: Ts
  submitted_at: Ts | null
  prereview_due: string | null
  received_at: Ts
  accepted_at: Ts | null
  decided_at: Ts | null
  completed_at: Ts | null
  withdrawn_at: Ts | null
  intake_kind: 'accept' | 'refuse' | null
  refusal_kind: string | null
  decision: 'grant' | 'deny' | null
  decision_reasons: string | null
  decided_by: string | null
  legal_days: number
  promised_days: number
  legal_due: string | null
  promised_due: string | null
  correction_count: number
  last_correction_at: Ts | null
  last_material_at: Ts | null
  withdraw_reason: string | null
  updated_at: Ts
}

export interface StepRowOut {
  seq: number
  key: string
  name: string
  role: string
  unit_id: number
  limit_days: number
  status: 'waiting' | 'active' | 'done' | 'skipped'
  assignee_id: number | null
  assignee_name: string | null
  opinion: string | null
  outcome: string | null
  started_at: Ts | null
  completed_at: Ts | null
  due: string | null
}

export interface PauseRowOut {
  kind: string
  reason: string
  expected_days: number
  started_at: Ts
  ended_at: Ts | null
  by_user_id: number | null
}

export interface CorrectionRowOut {
  items: { materialKey: string | null; problem: string }[]
  stage: 'prereview' | 'intake'
  requested_at: Ts
  requested_by: number | null
  supplied_at: Ts | null
  note: string | null
}

/** One generated case with its child rows (case_id is filled in by the writer). */
export interface SynthCase {
  case: CaseRowOut
  steps: StepRowOut[]
  pauses: PauseRowOut[]
  corrections: CorrectionRowOut[]
  /** facts the generator knows, for ratings and checks: instant item, overdue, working days used */
  meta: { instant: boolean; overdue: boolean; workdays: number | null; staffId: number | null; windowId: number | null; clerk?: WorldStaff | null; itemName?: string }
}

const WEEKDAY = [0.8, 1.2, 1.05, 1.0, 0.95, 0.85, 0.8] // Sunday … Saturday (weekend values: make-up workdays)
const MONTH = [0.85, 0.75, 1.1, 1.05, 1.0, 1.05, 0.95, 0.9, 1.05, 0.95, 1.05, 1.1]
/** the hall's hours in minutes after midnight: 08:30–12:00 and 13:30–17:30 */
const AM = [510, 720] as const
const PM = [810, 1050] as const

const REFUSALS = ['申请人不具备申请资格，申请材料不符合法定形式', '申请事项不属于本机关职权范围，已告知向有管辖权的机关申请', '申请事项依法不需要取得行政许可']
const DENIALS = ['经现场核查，经营场所与住宅未有效分隔，不符合法定条件', '申请人提交的技术资料不符合有关标准，不予许可', '经审查，申请事项不符合规划要求']
const CORRECTIONS = ['身份证明复印件不清晰，请提供清晰的复印件', '申请书未签字盖章，请补签', '场所使用证明已过期，请提供有效证明', '缺少授权委托书']
const OPINIONS = { review: ['申请材料齐全，符合法定条件，建议准予许可', '经审查，材料真实有效，拟同意', '符合条件，提请批准'], approve: ['同意', '准予许可', '同意，按程序办理'] }
const PAUSE_REASONS: Record<string, string> = {
  inspection: '需组织现场核查，核查时间不计入办理期限',
  expert_review: '需组织专家评审',
  hearing: '申请人申请听证',
  testing: '需委托检验检测',
  appraisal: '需进行技术鉴定',
  publicity: '需依法公示',
}

const day0 = (d: string) => Date.parse(`${d}T00:00:00+08:00`)
const at = (d: string, minutes: number): number => day0(d) + minutes * 60_000
const iso = (t: number): Ts => new Date(t).toISOString()
const dateOf = (t: number): string => new Date(t + 8 * 3600_000).toISOString().slice(0, 10)
const minuteOf = (t: number): number => Math.floor((t - day0(dateOf(t))) / 60_000)

/** The working days in from..to (inclusive). */
export function workingDays(cal: WorkCalendar, from: string, to: string): string[] {
  const out: string[] = []
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const d = new Date(t).toISOString().slice(0, 10)
    if (cal.isWorkingDay(d)) out.push(d)
  }
  return out
}

/** The generator: yields the cases received on each working day from..to, in order. */
export function* generateHistory(world: HistoryWorld, cal: WorkCalendar, opts: HistoryOptions): Generator<SynthCase> {
  const o = {
    instantShare: 0.8,
    onlineShare: 0.4,
    overdueShare: 0.004,
    correctionShare: 0.06,
    pauseShare: 0.05,
    refuseShare: 0.006,
    denyShare: 0.015,
    withdrawShare: 0.005,
    serialBase: 90_000,
    applicantPool: 3000,
    ...opts,
  }
  const rng = new Rng(o.seed)
  const people = rng.fork(1)
  const asOf = o.asOf.getTime()
  const usable = world.items.filter((i) => i.channels.includes('online') || i.channels.includes('window'))
  const instant = rng.shuffle(usable.filter((i) => i.instant))
  const promised = rng.shuffle(usable.filter((i) => !i.instant))
  if (!instant.length && !promised.length) return
  const instantPick = popularity(rng, instant)
  const promisedPick = popularity(rng, promised)
  const pool: SynthApplicant[] = []
  const applicant = (kind: 'person' | 'enterprise'): SynthApplicant => {
    // two in three cases come from someone seen before
    if (pool.length > 20 && people.chance(0.66)) {
      for (let i = 0; i < 4; i++) {
        const a = people.pick(pool)
        if (a.kind === kind) return a
      }
    }
    const a = kind === 'person' ? synthPerson(people) : synthEnterprise(people)
    if (pool.length < o.applicantPool) pool.push(a)
    return a
  }
  const staffFor = (role: string, unitId: number | null): WorldStaff | null => {
    const list = unitId === null ? undefined : world.staff[`${role}:${unitId}`]
    return list && list.length ? rng.pick(list) : null
  }
  const serials = new Map<string, number>()
  const numberFor = (region: string, day: string): string => {
    const k = `${region}|${day}`
    const n = (serials.get(k) ?? o.serialBase) + 1
    if (n > 99_999) throw new Error(`synthetic history: more than ${99_999 - o.serialBase} cases in region ${region} on ${day}`)
    serials.set(k, n)
    return formatCaseNumber(region, day, n)
  }
  /** a working moment `minutes` (at least) after t, rolling to the next working morning past closing time */
  const after = (t: number, minMinutes: number, maxMinutes: number): number => {
    let next = t + rng.int(minMinutes, maxMinutes) * 60_000
    let d = dateOf(next)
    let m = minuteOf(next)
    if (m > AM[1] && m < PM[0]) m = PM[0] + (m - AM[1])
    if (m > PM[1] || !cal.isWorkingDay(d)) {
      d = cal.addWorkingDays(d, 1)
      m = AM[0] + rng.int(0, 60)
    }
    next = at(d, m)
    return Math.max(next, t + 60_000)
  }
  /** a moment during the hall's hours on day d */
  const during = (d: string): number => {
    const [a, b] = rng.chance(0.6) ? AM : PM
    return at(d, rng.int(a, b - 30))
  }
  /** a moment on working day d at least 20 minutes after t (or t rolled on) */
  const onDay = (d: string, t: number): number => {
    if (dateOf(t) >= d) return after(t, 20, 90)
    return Math.max(during(d), t + 60_000)
  }

  for (const day of workingDays(cal, o.from, o.to)) {
    const wd = new Date(`${day}T00:00:00Z`).getUTCDay()
    const month = Number(day.slice(5, 7)) - 1
    const n = Math.max(0, Math.round(o.casesPerDay * WEEKDAY[wd]! * MONTH[month]! * (0.8 + 0.4 * rng.next())))
    const received: { item: WorldItem; t: number }[] = []
    for (let i = 0; i < n; i++) {
      const useInstant = instant.length > 0 && (promised.length === 0 || rng.chance(o.instantShare))
      const item = useInstant ? instantPick() : promisedPick()
      received.push({ item, t: during(day) })
    }
    received.sort((a, b) => a.t - b.t)
    for (const r of received) {
      if (r.t > asOf) continue
      const out = oneCase(r.item, day, r.t)
      if (out) yield out
    }
  }

  function oneCase(item: WorldItem, day: string, receivedT: number): SynthCase | null {
    const kind: 'person' | 'enterprise' = item.audiences.length === 1 ? item.audiences[0]! : rng.chance(0.55) ? 'person' : 'enterprise'
    const a = applicant(kind)
    const offersOnline = item.channels.includes('online')
    const offersWindow = item.channels.includes('window')
    const channel: 'online' | 'window' = offersOnline && (!offersWindow || rng.chance(item.instant ? o.onlineShare * 0.6 : o.onlineShare)) ? 'online' : 'window'
    const win = channel === 'window' ? rng.pick(windowsFor(world, rng, item, kind)) : null
    const centreId = win ? win.centreId : world.onlineCentreId
    const intakeUnit = centreId ?? item.unitId
    const clerk = (win ? staffFor('window_staff', win.id) : null) ?? staffFor('window_staff', intakeUnit)
    const number = numberFor(item.regionCode, day)
    let createdT = receivedT
    let submittedT: number | null = null
    const corrections: CorrectionRowOut[] = []
    if (channel === 'online') {
      // submitted the evening before or early that morning; pre-reviewed on the day
      submittedT = receivedT - rng.int(30, 16 * 60) * 60_000
      createdT = submittedT - rng.int(5, 120) * 60_000
      if (rng.chance(0.03)) {
        const returned = submittedT
        submittedT = receivedT - rng.int(20, 120) * 60_000
        createdT = returned - rng.int(5, 60) * 60_000 - 86_400_000
        corrections.push({ items: [{ materialKey: null, problem: rng.pick(CORRECTIONS) }], stage: 'prereview', requested_at: iso(returned - 86_400_000 + 3600_000), requested_by: clerk?.id ?? null, supplied_at: iso(submittedT), note: null })
      }
    }
    const base = receivedCaseRow({ number, item, world, kind, applicant: a, channel, centreId, windowId: win?.id ?? null, createdT, submittedT, receivedT, cal })
    const meta: SynthCase['meta'] = { instant: item.instant, overdue: false, workdays: null, staffId: clerk?.id ?? null, windowId: win?.id ?? null, clerk, itemName: item.name }
    const finish = (c: CaseRowOut, steps: StepRowOut[], pauses: PauseRowOut[]): SynthCase => {
      for (const cr of corrections) if (cr.supplied_at && Date.parse(cr.supplied_at) > asOf) cr.supplied_at = null
      return { case: c, steps, pauses, corrections, meta }
    }

    // the intake decision: refused, a one-time correction notice, or accepted
    let acceptT = after(receivedT, item.instant ? 2 : 5, item.instant ? 10 : 40)
    if (rng.chance(o.refuseShare)) {
      if (acceptT > asOf) return null
      return finish({ ...base, status: 'refused', intake_kind: 'refuse', refusal_kind: 'not_qualified', decision_reasons: rng.pick(REFUSALS), decided_at: iso(acceptT), updated_at: iso(acceptT) }, [], [])
    }
    if (rng.chance(item.instant ? o.correctionShare / 3 : o.correctionShare)) {
      const requestedT = after(receivedT, 5, 20)
      const suppliedT = during(cal.addWorkingDays(day, rng.int(1, 3)))
      corrections.push({ items: [{ materialKey: null, problem: rng.pick(CORRECTIONS) }], stage: 'intake', requested_at: iso(requestedT), requested_by: clerk?.id ?? null, supplied_at: iso(suppliedT), note: '已按一次性告知补齐' })
      base.correction_count = 1
      base.last_correction_at = iso(requestedT)
      if (suppliedT > asOf) return finish({ ...base, status: 'correction_requested', updated_at: iso(requestedT) }, [], [])
      base.last_material_at = iso(suppliedT)
      acceptT = after(suppliedT, 5, 40)
    }
    if (acceptT > asOf) return null // received but not yet decided at asOf: leave it to the live demo
    const acceptDay = dateOf(acceptT)
    const c: CaseRowOut = { ...base, accepted_at: iso(acceptT), intake_kind: 'accept', updated_at: iso(acceptT) }
    const stepUnit = (s: WorldStep) => (s.role === 'window_staff' || s.role === 'centre_admin' ? intakeUnit : item.unitId)
    const steps: StepRowOut[] = item.steps.map((s, seq) => ({
      seq,
      key: s.key,
      name: s.name,
      role: s.role,
      unit_id: stepUnit(s),
      limit_days: s.limitDays,
      status: 'waiting',
      assignee_id: null,
      assignee_name: null,
      opinion: null,
      outcome: null,
      started_at: null,
      completed_at: null,
      due: null,
    }))
    const who = (s: StepRowOut): WorldStaff | null => (s.key === 'intake' ? clerk : (staffFor(s.role, s.unit_id) ?? (s.role === 'reviewer' ? staffFor('approver', s.unit_id) : null)))
    const intakeStep = steps.find((s) => s.key === 'intake') ?? steps[0]
    if (intakeStep) Object.assign(intakeStep, { status: 'done', assignee_id: clerk?.id ?? null, assignee_name: clerk?.name ?? null, opinion: '予以受理', outcome: 'pass', started_at: c.accepted_at, completed_at: c.accepted_at, due: acceptDay })
    c.legal_due = cal.addWorkingDays(acceptDay, item.legalDays)
    c.promised_due = minDate(cal.addWorkingDays(acceptDay, item.promisedDays), c.legal_due)

    if (item.instant) {
      // 即办件: decided and completed on the spot, a few minutes after acceptance (the licence printed)
      const doneT = acceptT + rng.int(4, 9) * 60_000
      if (doneT > asOf) return null
      const approver = steps.find((s) => s.key === 'approve')
      for (const s of steps) {
        if (s === intakeStep) continue
        if (s === approver || s.key === 'complete')
          Object.assign(s, {
            status: 'done',
            assignee_id: clerk?.id ?? null,
            assignee_name: clerk?.name ?? null,
            opinion: s.key === 'complete' ? '办结' : '准予许可',
            outcome: s.key === 'complete' ? 'pass' : 'grant',
            started_at: s === approver ? c.accepted_at : iso(doneT),
            completed_at: iso(doneT),
            due: acceptDay,
          })
        else Object.assign(s, { status: 'skipped', started_at: s.seq === 1 ? c.accepted_at : null, due: s.seq === 1 ? acceptDay : null })
      }
      meta.workdays = 0
      return finish({ ...c, status: 'completed', decision: 'grant', decided_at: iso(doneT), completed_at: iso(doneT), decided_by: clerk?.name ?? null, updated_at: iso(doneT) }, steps, [])
    }

    // promised: how many working days the whole case takes (well under the promise; rarely over)
    const overdue = rng.chance(o.overdueShare)
    let total = overdue ? item.promisedDays + rng.int(1, 3) : Math.max(1, Math.round(item.promisedDays * (0.15 + 0.7 * rng.next() * rng.next() + 0.1 * rng.next())))
    total = Math.min(total, overdue ? item.legalDays : item.promisedDays)
    if (total < 1) total = 1
    const work = steps.filter((s) => s !== intakeStep)
    const completeStep = work.find((s) => s.key === 'complete')
    const approveStep = work.find((s) => s.key === 'approve')
    const completeDays = completeStep && total >= 3 ? rng.int(0, 1) : 0
    const approveDays = approveStep && total >= 2 ? Math.max(0, Math.min(total - completeDays - 1, Math.round(total * 0.25 * rng.next() * 2))) : 0
    const reviewDays = Math.max(0, total - completeDays - approveDays)
    const pauseKind = item.pausesAllowed.length && rng.chance(o.pauseShare) ? rng.pick(item.pausesAllowed) : null
    const pauseDays = pauseKind ? rng.int(3, 10) : 0
    const pauses: PauseRowOut[] = []
    const denied = rng.chance(o.denyShare)
    const withdrawn = !denied && rng.chance(o.withdrawShare)
    if (pauseDays) {
      c.legal_due = cal.addWorkingDays(acceptDay, item.legalDays + pauseDays)
      c.promised_due = minDate(cal.addWorkingDays(acceptDay, item.promisedDays + pauseDays), c.legal_due)
    }

    let t = acceptT
    let d = acceptDay
    let open: StepRowOut | null = null
    let stopped = false
    const plan: { s: StepRowOut; days: number }[] = work.map((s) => ({ s, days: s === completeStep ? completeDays : s === approveStep ? approveDays : s.key === 'review' || (!approveStep && s !== completeStep) ? reviewDays : 0 }))
    for (const [i, p] of plan.entries()) {
      const s = p.s
      if (stopped) break
      s.status = 'active'
      s.started_at = iso(t)
      s.due = cal.addWorkingDays(dateOf(t), s.limit_days)
      const doer = who(s)
      // the pause: during the review step, starting a day in, lasting pauseDays working days
      let endDay = cal.addWorkingDays(d, p.days)
      if (pauseKind && i === 0) {
        const startT = onDay(cal.addWorkingDays(d, Math.min(1, p.days)), t)
        const endT = during(cal.addWorkingDays(dateOf(startT), pauseDays))
        pauses.push({ kind: pauseKind, reason: PAUSE_REASONS[pauseKind] ?? '特别程序', expected_days: pauseDays, started_at: iso(startT), ended_at: endT > asOf ? null : iso(endT), by_user_id: doer?.id ?? null })
        if (startT > asOf) {
          open = s
          stopped = true
          break
        }
        if (endT > asOf) {
          open = s
          stopped = true
          c.status = 'paused'
          c.updated_at = iso(startT)
          break
        }
        s.due = cal.addWorkingDays(dateOf(t), s.limit_days + pauseDays)
        endDay = cal.addWorkingDays(d, p.days + pauseDays)
        t = endT
      }
      const doneT = onDay(endDay, t)
      if (doneT > asOf) {
        open = s
        stopped = true
        break
      }
      if (withdrawn && s.key === 'review') {
        c.status = 'withdrawn'
        c.withdrawn_at = iso(doneT)
        c.withdraw_reason = '申请人主动撤回申请'
        c.updated_at = iso(doneT)
        s.status = 'skipped'
        for (const w of work) if (w.status === 'waiting') w.status = 'skipped'
        stopped = true
        break
      }
      s.status = 'done'
      s.completed_at = iso(doneT)
      s.assignee_id = doer?.id ?? null
      s.assignee_name = doer?.name ?? null
      if (s === approveStep || (!approveStep && s !== completeStep && plan[i + 1]?.s === completeStep)) {
        s.outcome = denied ? 'deny' : 'grant'
        s.opinion = denied ? rng.pick(DENIALS) : rng.pick(OPINIONS.approve)
        c.status = 'decided'
        c.decision = denied ? 'deny' : 'grant'
        c.decision_reasons = denied ? s.opinion : null
        c.decided_at = iso(doneT)
        c.decided_by = doer?.name ?? null
      } else if (s === completeStep) {
        s.outcome = 'pass'
        s.opinion = '办结'
        c.status = 'completed'
        c.completed_at = iso(doneT)
      } else {
        s.outcome = 'pass'
        s.opinion = rng.pick(OPINIONS.review)
      }
      c.updated_at = iso(doneT)
      t = doneT
      d = dateOf(doneT)
    }
    if (open && c.status !== 'paused' && c.status !== 'withdrawn') c.status = c.decided_at ? 'decided' : 'accepted'
    if (!stopped && c.status === 'decided') {
      // no 办结 step: completing is the decision's last act
      c.status = 'completed'
      c.completed_at = c.decided_at
    }
    // a case still open at asOf is never shown overdue by the history (the live demo makes those on purpose)
    if (open && c.promised_due && dateOf(asOf) > c.promised_due) {
      c.promised_due = cal.addWorkingDays(dateOf(asOf), 2)
      c.legal_due = maxDate(c.legal_due, c.promised_due)
      if (open.due && open.due < dateOf(asOf)) open.due = c.promised_due
    }
    meta.overdue = !!c.decided_at && c.promised_due !== null && dateOf(Date.parse(c.decided_at)) > c.promised_due
    meta.workdays = c.completed_at ? total : null
    meta.staffId = (approveStep?.assignee_id ?? null) || meta.staffId
    return finish(c, steps, pauses)
  }
}

/**
 * Where a case is received: the window of the item's department, or a general window for its kind of
 * applicant (the construction window for construction items). One draw of `rng`.
 */
export function windowsFor(world: HistoryWorld, rng: Rng, item: WorldItem, kind: 'person' | 'enterprise'): WorldWindow[] {
  const own = world.windows.filter((w) => w.departmentId === item.departmentId)
  const construction = world.constructionDepartmentIds?.includes(item.departmentId)
  const general = world.windows.filter((w) => w.departmentId === null && w.serves === (construction ? 'construction' : kind))
  if (own.length && (!general.length || rng.chance(0.65))) return own
  return general.length ? general : own.length ? own : world.windows
}

/** A case as received (not yet decided on): the row both the history and the open backlog start from. */
export function receivedCaseRow(p: {
  number: string
  item: WorldItem
  world: HistoryWorld
  kind: 'person' | 'enterprise'
  applicant: SynthApplicant
  channel: 'online' | 'window'
  centreId: number | null
  windowId: number | null
  createdT: number
  submittedT: number | null
  receivedT: number
  cal: Pick<WorkCalendar, 'addWorkingDays'>
}): CaseRowOut {
  const { item, applicant: a, submittedT } = p
  return {
    number: p.number,
    item_id: item.id,
    item_version_id: item.versionId,
    unit_id: item.unitId,
    region_code: item.regionCode,
    centre_id: p.centreId,
    window_id: p.windowId,
    channel: p.channel,
    status: 'accepted',
    applicant_user_id: p.world.applicantUserIds[p.kind],
    applicant_kind: p.kind,
    applicant_name: a.name,
    applicant_id_number: a.idNumber,
    applicant_credit_code: a.creditCode,
    applicant_phone: a.phone,
    created_at: iso(p.createdT),
    submitted_at: submittedT === null ? null : iso(submittedT),
    prereview_due: submittedT === null ? null : p.cal.addWorkingDays(dateOf(submittedT), 1),
    received_at: iso(p.receivedT),
    accepted_at: null,
    decided_at: null,
    completed_at: null,
    withdrawn_at: null,
    intake_kind: null,
    refusal_kind: null,
    decision: null,
    decision_reasons: null,
    decided_by: null,
    legal_days: item.legalDays,
    promised_days: item.promisedDays,
    legal_due: null,
    promised_due: null,
    correction_count: 0,
    last_correction_at: null,
    last_material_at: null,
    withdraw_reason: null,
    updated_at: iso(p.receivedT),
  }
}

/**
 * Popularity in two levels, both with a long tail: departments (flat Zipf, so every department has
 * work every month) and, within a department, its items (steep Zipf over a seeded shuffle).
 */
function popularity(rng: Rng, items: WorldItem[]): () => WorldItem {
  const byDept = new Map<number, WorldItem[]>()
  for (const i of items) byDept.set(i.departmentId, [...(byDept.get(i.departmentId) ?? []), i])
  const depts = rng.shuffle([...byDept.values()])
  const deptCum = zipfCumulative(depts.length, 0.5)
  const itemCums = depts.map((list) => zipfCumulative(list.length, 1.2))
  return () => {
    const d = rng.weighted(deptCum)
    return depts[d]![rng.weighted(itemCums[d]!)]!
  }
}

function minDate(a: string, b: string | null): string {
  return b !== null && b < a ? b : a
}
function maxDate(a: string | null, b: string): string {
  return a !== null && a > b ? a : b
}
