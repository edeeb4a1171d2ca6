/**
 * The open backlog at asOf: cases received over the last weeks and still in hand, each with exactly
 * one active step — in review, in approval, decided and waiting to be completed, or paused in a
 * special procedure. Lights (against the promised due date, Asia/Shanghai working days): most green
 * (due two working days ahead or more), `yellowShare` due within one working day, `redShare`
 * overdue. Pure and seeded, like history.ts; case numbers come from the caller's serial allocator.
 */
import { receivedCaseRow, windowsFor, type CaseRowOut, type HistoryWorld, type PauseRowOut, type StepRowOut, type SynthCase, type WorldItem, type WorldStaff } from './history.js'
import type { FastCalendar } from './fastcal.js'
import { synthEnterprise, synthPerson, type SynthApplicant } from './people.js'
import { Rng, zipfCumulative } from './prng.js'

export interface OpenOptions {
  seed: number
  count: number
  asOf: Date
  /** the working days the backlog was received on (oldest first, the last one before asOf's day) */
  days: string[]
  yellowShare?: number
  redShare?: number
  pauseShare?: number
  /** a case number for a region and day */
  numberFor(region: string, day: string): string
}

const AM = [510, 720] as const
const PM = [810, 1050] as const
const day0 = (d: string) => Date.parse(`${d}T00:00:00+08:00`)
const iso = (t: number) => new Date(t).toISOString()
const dateOf = (t: number): string => new Date(t + 8 * 3600_000).toISOString().slice(0, 10)
const OPINIONS = ['申请材料齐全，符合法定条件，建议准予许可', '经审查，材料真实有效，拟同意', '符合条件，提请批准']
const PAUSES: Record<string, string> = { inspection: '需组织现场核查，核查时间不计入办理期限', expert_review: '需组织专家评审', hearing: '申请人申请听证', testing: '需委托检验检测', appraisal: '需进行技术鉴定', publicity: '需依法公示' }

export function* generateOpen(world: HistoryWorld, cal: FastCalendar, o: OpenOptions): Generator<SynthCase> {
  const rng = new Rng(o.seed ^ 0x09e4ca5e)
  const people = rng.fork(7)
  const yellow = o.yellowShare ?? 0.01
  const red = o.redShare ?? 0.002
  const pauseShare = o.pauseShare ?? 0.03
  const promised = rng.shuffle(world.items.filter((i) => !i.instant && i.promisedDays >= 1 && (i.channels.includes('online') || i.channels.includes('window'))))
  if (!promised.length || !o.days.length) return
  const cum = zipfCumulative(promised.length, 1.0)
  const today = dateOf(o.asOf.getTime())
  const pool: SynthApplicant[] = []
  const applicant = (kind: 'person' | 'enterprise') => {
    if (pool.length > 20 && people.chance(0.5)) {
      const a = people.pick(pool)
      if (a.kind === kind) return a
    }
    const a = kind === 'person' ? synthPerson(people) : synthEnterprise(people)
    if (pool.length < 3000) pool.push(a)
    return a
  }
  const staffFor = (role: string, unitId: number | null): WorldStaff | null => {
    const list = unitId === null ? undefined : world.staff[`${role}:${unitId}`]
    return list && list.length ? rng.pick(list) : null
  }
  const during = (d: string) => {
    const [a, b] = rng.chance(0.6) ? AM : PM
    return day0(d) + rng.int(a, b - 30) * 60_000
  }
  const oldest = o.days[0]!
  const yesterday = o.days[o.days.length - 1]!
  const span = o.days.length

  for (let n = 0; n < o.count; n++) {
    const x = rng.next()
    const light = x < red ? 'red' : x < red + yellow ? 'yellow' : 'green'
    let item = promised[rng.weighted(cum)]!
    let pauseDays = 0
    let acceptDay: string
    let due: string
    if (light === 'green') {
      // accepted `back` working days ago, spread evenly over the backlog's days (case numbers are
      // counted per region and day, so a backlog piled on its last days would run out of them), on an
      // item whose limit keeps it green: due = accept + total ≥ today + 2 working days. Long items
      // are drawn more often the further back: that is what a real backlog is made of.
      const back = rng.int(1, span)
      for (let t = 0; t < 60 && item.promisedDays - 2 < back; t++) item = promised[rng.weighted(cum)]!
      if (item.pausesAllowed.length && rng.chance(pauseShare)) pauseDays = rng.int(3, 10)
      const total = item.promisedDays + pauseDays
      acceptDay = cal.subtractWorkingDays(today, Math.max(1, Math.min(back, total - 2)))
      due = cal.addWorkingDays(acceptDay, total)
    } else if (light === 'yellow') {
      due = cal.addWorkingDays(yesterday, rng.int(1, 2))
      acceptDay = cal.subtractWorkingDays(due, item.promisedDays)
      if (acceptDay >= today) {
        due = cal.addWorkingDays(yesterday, 1)
        acceptDay = cal.subtractWorkingDays(due, item.promisedDays)
      }
    } else {
      due = cal.subtractWorkingDays(today, rng.int(1, 5))
      acceptDay = cal.subtractWorkingDays(due, item.promisedDays)
    }
    if (acceptDay < oldest && light === 'green') acceptDay = oldest
    const kind: 'person' | 'enterprise' = item.audiences.length === 1 ? item.audiences[0]! : rng.chance(0.55) ? 'person' : 'enterprise'
    const a = applicant(kind)
    const channel: 'online' | 'window' = item.channels.includes('online') && (!item.channels.includes('window') || rng.chance(0.4)) ? 'online' : 'window'
    const win = channel === 'window' ? rng.pick(windowsFor(world, rng, item, kind)) : null
    const centreId = win ? win.centreId : world.onlineCentreId
    const intakeUnit = centreId ?? item.unitId
    const clerk = (win ? staffFor('window_staff', win.id) : null) ?? staffFor('window_staff', intakeUnit)
    const receivedT = during(acceptDay)
    const acceptT = receivedT + rng.int(5, 30) * 60_000
    const submittedT = channel === 'online' ? receivedT - rng.int(30, 16 * 60) * 60_000 : null
    const legalDue = cal.addWorkingDays(acceptDay, item.legalDays + pauseDays)
    const createdT = submittedT === null ? receivedT : submittedT - rng.int(5, 120) * 60_000
    const c: CaseRowOut = {
      ...receivedCaseRow({ number: o.numberFor(item.regionCode, acceptDay), item, world, kind, applicant: a, channel, centreId, windowId: win?.id ?? null, createdT, submittedT, receivedT, cal }),
      accepted_at: iso(acceptT),
      intake_kind: 'accept',
      legal_due: legalDue > due ? legalDue : due,
      promised_due: due,
      updated_at: iso(acceptT),
    }
    const stepUnit = (role: string) => (role === 'window_staff' || role === 'centre_admin' ? intakeUnit : item.unitId)
    const steps: StepRowOut[] = item.steps.map((s, seq) => ({ seq, key: s.key, name: s.name, role: s.role, unit_id: stepUnit(s.role), limit_days: s.limitDays, status: 'waiting', assignee_id: null, assignee_name: null, opinion: null, outcome: null, started_at: null, completed_at: null, due: null }))
    const intake = steps.find((s) => s.key === 'intake') ?? steps[0]!
    Object.assign(intake, { status: 'done', assignee_id: clerk?.id ?? null, assignee_name: clerk?.name ?? null, opinion: '予以受理', outcome: 'pass', started_at: c.accepted_at, completed_at: c.accepted_at, due: acceptDay })
    const work = steps.filter((s) => s !== intake)
    // which step is in hand: review mostly; approval; the decision made and completion pending
    const y = rng.next()
    let activeIdx = 0
    if (pauseDays === 0 && work.length > 1) activeIdx = y < 0.7 ? 0 : y < 0.9 ? Math.min(1, work.length - 1) : work.length - 1
    // the working days between acceptance and yesterday, for the done steps
    const acceptIdx = o.days.indexOf(acceptDay)
    const room = acceptIdx < 0 ? 0 : span - 1 - acceptIdx
    let t = acceptT
    const pauses: PauseRowOut[] = []
    for (let i = 0; i < work.length; i++) {
      const s = work[i]!
      if (i < activeIdx) {
        const d = room > 0 ? o.days[Math.min(span - 1, acceptIdx + Math.ceil(((i + 1) * room) / (activeIdx + 1)))]! : dateOf(t)
        const doneT = Math.max(during(d), t + 20 * 60_000)
        const doer = staffFor(s.role, s.unit_id) ?? (s.role === 'reviewer' ? staffFor('approver', s.unit_id) : null)
        const approve = s.key === 'approve' || i === work.length - 2
        Object.assign(s, { status: 'done', started_at: iso(t), completed_at: iso(doneT), due: cal.addWorkingDays(dateOf(t), Math.max(1, s.limit_days)), assignee_id: doer?.id ?? null, assignee_name: doer?.name ?? null, outcome: approve ? 'grant' : 'pass', opinion: approve ? '同意' : rng.pick(OPINIONS) })
        if (approve) {
          c.status = 'decided'
          c.decision = 'grant'
          c.decided_at = iso(doneT)
          c.decided_by = doer?.name ?? null
        }
        t = doneT
        c.updated_at = iso(t)
      } else if (i === activeIdx) {
        const stepDue = cal.addWorkingDays(dateOf(t), Math.max(1, s.limit_days) + pauseDays)
        Object.assign(s, { status: 'active', started_at: iso(t), due: stepDue < due ? stepDue : due })
        if (pauseDays) {
          const kindP = rng.pick(item.pausesAllowed)
          const startT = Math.max(during(room > 0 ? o.days[acceptIdx + Math.min(room, 1)]! : acceptDay), t + 30 * 60_000)
          pauses.push({ kind: kindP, reason: PAUSES[kindP] ?? '特别程序', expected_days: pauseDays, started_at: iso(startT), ended_at: null, by_user_id: staffFor(s.role, s.unit_id)?.id ?? null })
          c.status = 'paused'
          c.updated_at = iso(startT)
        }
      }
    }
    yield { case: c, steps, pauses, corrections: [], meta: { instant: false, overdue: light === 'red', workdays: null, staffId: clerk?.id ?? null, windowId: win?.id ?? null, clerk, itemName: item.name } }
  }
}
