/**
 * The pure rules of a case (no database, no clock of their own): the state machine, the intake
 * decision (R10–R12, S4), the one-time correction rule, deemed acceptance, the 容缺 withdrawal rule,
 * case numbering and the clock (R4, R5). Table-tested in cases.rules.test.ts.
 */
import { addOrPending, dueOrPending, type Calendar, type Pause } from '../calendar/index.js'
import type { ItemGuide, ItemMaterial } from '../catalog/catalog.types.js'
import { CasesErrors } from './cases.errors.js'

export const CASE_STATUSES = {
  draft: '草稿',
  submitted: '已提交待预审',
  returned: '预审退回',
  received: '已收件待受理',
  correction_requested: '待补正',
  accepted: '办理中',
  paused: '特别程序中',
  refused: '不予受理',
  decided: '已决定',
  completed: '已办结',
  delivered: '已送达',
  withdrawn: '已撤回',
} as const
export type CaseStatus = keyof typeof CASE_STATUSES

export type CaseAction =
  | 'submit'
  | 'withdraw'
  | 'supply_correction'
  | 'prereview'
  | 'intake'
  | 'complete_step'
  | 'pause'
  | 'resume'
  | 'extend'
  | 'decide'
  | 'complete'
  | 'deliver'

/** Which actions each status allows (before role and scope checks). */
export const TRANSITIONS: Record<CaseStatus, readonly CaseAction[]> = {
  draft: ['submit', 'withdraw'],
  submitted: ['prereview', 'withdraw'],
  returned: ['submit', 'withdraw'],
  received: ['intake', 'withdraw'],
  correction_requested: ['supply_correction', 'withdraw'],
  accepted: ['complete_step', 'pause', 'extend', 'decide', 'withdraw', 'supply_correction'],
  paused: ['resume'],
  refused: [],
  decided: ['complete'],
  completed: ['deliver'],
  delivered: [],
  withdrawn: [],
}

export function canDo(status: CaseStatus, action: CaseAction): boolean {
  return TRANSITIONS[status].includes(action)
}

/** Throws 409 INVALID_TRANSITION naming the current status when the action is not allowed. */
export function assertTransition(status: CaseStatus, action: CaseAction): void {
  if (!canDo(status, action)) {
    throw CasesErrors.INVALID_TRANSITION(`办件当前状态为「${CASE_STATUSES[status]}」（${status}），不能执行该操作（${action}）`)
  }
}

// ---------------------------------------------------------------------------------------------
// Materials

export interface MaterialState {
  key: string
  name: string
  requirement: ItemMaterial['requirement']
  secondary: boolean
  /** at least one file is attached for it */
  present: boolean
}

/** The required materials not yet present (conditional and optional materials are never demanded). */
export function missingRequired(materials: readonly MaterialState[]): MaterialState[] {
  return materials.filter((m) => m.requirement === 'required' && !m.present)
}

// ---------------------------------------------------------------------------------------------
// The intake decision

export type IntakeDecision = 'accept' | 'refuse' | 'correction' | 'conditional' | 'pledge'
export type RefusalKind = 'not_required' | 'not_our_authority' | 'not_qualified' | 'other'
export const REFUSAL_KINDS: Record<RefusalKind, string> = {
  not_required: '申请事项依法不需要取得行政许可',
  not_our_authority: '申请事项依法不属于本行政机关职权范围',
  not_qualified: '申请人不具备申请资格或申请材料不符合法定形式',
  other: '其他原因',
}

export interface IntakeState {
  status: CaseStatus
  guide: Pick<ItemGuide, 'instant' | 'conditionalAcceptance' | 'pledgeAllowed'>
  materials: readonly MaterialState[]
  /** one-time notices already given on this case */
  correctionCount: number
  /** when the last notice was given, and when the latest material arrived */
  lastCorrectionAt: Date | null
  lastMaterialAt: Date | null
}

export interface IntakeRequest {
  decision: IntakeDecision
  reasons?: string | null
  refusalKind?: RefusalKind | null
  competentAuthority?: string | null
  items?: { materialKey: string | null; problem: string }[]
  pending?: { materialKey: string; dueDate: string }[]
  commitment?: string | null
  pledge?: string | null
}

export type IntakeOutcome =
  | { kind: 'accept'; status: 'accepted' | 'completed'; acceptedAt: Date; decidedAt: Date | null; completedAt: Date | null; instant: boolean }
  | { kind: 'refuse'; status: 'refused'; refusalKind: RefusalKind; reasons: string; competentAuthority: string | null; decidedAt: Date }
  | { kind: 'correction'; status: 'correction_requested'; items: { materialKey: string | null; problem: string }[]; requestedAt: Date }
  | { kind: 'conditional'; status: 'accepted'; acceptedAt: Date; pending: { materialKey: string; dueDate: string }[]; conditionalDue: string; commitment: string }
  | { kind: 'pledge'; status: 'decided'; acceptedAt: Date; decidedAt: Date; pledge: string }

/**
 * The intake decision (R10–R12): what the decision does to a received case, or a DomainError.
 * The intake time is always `now` (the server's clock, S4); nothing from the request can set it.
 */
export function decideIntake(state: IntakeState, req: IntakeRequest, now: Date): IntakeOutcome {
  assertTransition(state.status, 'intake')
  const missing = missingRequired(state.materials)
  const keys = new Set(state.materials.map((m) => m.key))
  switch (req.decision) {
    case 'accept': {
      if (missing.length > 0) {
        throw CasesErrors.MATERIALS_MISSING(`缺少必需材料，不能受理：${missing.map((m) => m.name).join('、')}`, { missing: missing.map((m) => m.key) })
      }
      if (state.guide.instant) return { kind: 'accept', status: 'completed', acceptedAt: now, decidedAt: now, completedAt: now, instant: true }
      return { kind: 'accept', status: 'accepted', acceptedAt: now, decidedAt: null, completedAt: null, instant: false }
    }
    case 'refuse': {
      const reasons = (req.reasons ?? '').trim()
      if (!reasons) throw CasesErrors.REASONS_REQUIRED('不予受理须写明理由')
      const refusalKind = req.refusalKind ?? 'other'
      const competentAuthority = (req.competentAuthority ?? '').trim() || null
      if (refusalKind === 'not_our_authority' && !competentAuthority) {
        throw CasesErrors.COMPETENT_AUTHORITY_REQUIRED('不属于本机关职权的，须告知申请人向有关行政机关申请')
      }
      return { kind: 'refuse', status: 'refused', refusalKind, reasons, competentAuthority, decidedAt: now }
    }
    case 'correction': {
      const items = (req.items ?? []).map((i) => ({ materialKey: i.materialKey ?? null, problem: i.problem.trim() })).filter((i) => i.problem)
      if (items.length === 0) throw CasesErrors.CORRECTION_ITEMS_REQUIRED('一次性告知须列明全部需要补正的材料')
      for (const i of items) if (i.materialKey !== null && !keys.has(i.materialKey)) throw CasesErrors.UNKNOWN_MATERIAL(`事项没有该材料：${i.materialKey}`)
      // every missing required material must be on the one notice (R10: all corrections at once)
      const listed = new Set(items.map((i) => i.materialKey))
      const forgotten = missing.filter((m) => !listed.has(m.key))
      if (forgotten.length > 0) {
        throw CasesErrors.CORRECTION_INCOMPLETE(`一次性告知须列明全部缺少的材料，尚未列入：${forgotten.map((m) => m.name).join('、')}`, { missing: forgotten.map((m) => m.key) })
      }
      if (!mayRequestCorrection(state)) {
        throw CasesErrors.CORRECTION_ALREADY_SENT('已发出过一次性补正告知，且此后未收到新材料，不能再次要求补正')
      }
      return { kind: 'correction', status: 'correction_requested', items, requestedAt: now }
    }
    case 'conditional': {
      if (!state.guide.conditionalAcceptance) throw CasesErrors.NOT_ALLOWED_FOR_ITEM('该事项不允许容缺受理')
      const pending = req.pending ?? []
      if (pending.length === 0) throw CasesErrors.PENDING_REQUIRED('容缺受理须列明容缺材料及补齐期限')
      const commitment = (req.commitment ?? '').trim()
      if (!commitment) throw CasesErrors.COMMITMENT_REQUIRED('容缺受理须有申请人的书面承诺')
      const byKey = new Map(state.materials.map((m) => [m.key, m]))
      for (const p of pending) {
        const m = byKey.get(p.materialKey)
        if (!m) throw CasesErrors.UNKNOWN_MATERIAL(`事项没有该材料：${p.materialKey}`)
        if (!m.secondary) throw CasesErrors.NOT_SECONDARY(`「${m.name}」是主要材料，不能容缺`)
        if (!/^\d{4}-\d{2}-\d{2}$/.test(p.dueDate) || p.dueDate <= shanghaiDate(now)) throw CasesErrors.VALIDATION_ERROR('容缺材料的补齐期限应为今后的日期')
      }
      const pendingKeys = new Set(pending.map((p) => p.materialKey))
      const primaryMissing = missing.filter((m) => !pendingKeys.has(m.key))
      if (primaryMissing.length > 0) {
        const notSecondary = primaryMissing.filter((m) => !m.secondary)
        const names = primaryMissing.map((m) => m.name).join('、')
        if (notSecondary.length > 0) throw CasesErrors.NOT_SECONDARY(`缺少主要材料，不能容缺受理：${names}`)
        throw CasesErrors.PENDING_REQUIRED(`缺少的材料须全部列为容缺材料：${names}`)
      }
      const conditionalDue = pending.map((p) => p.dueDate).sort()[0]!
      return { kind: 'conditional', status: 'accepted', acceptedAt: now, pending, conditionalDue, commitment }
    }
    case 'pledge': {
      if (!state.guide.pledgeAllowed) throw CasesErrors.NOT_ALLOWED_FOR_ITEM('该事项不适用告知承诺制')
      const pledge = (req.pledge ?? '').trim()
      if (!pledge) throw CasesErrors.COMMITMENT_REQUIRED('告知承诺须有申请人的书面承诺')
      return { kind: 'pledge', status: 'decided', acceptedAt: now, decidedAt: now, pledge }
    }
  }
}

/**
 * The one-time correction rule (R10): a case gets one correction notice; another only when new
 * material arrived after the last one.
 */
export function mayRequestCorrection(s: Pick<IntakeState, 'correctionCount' | 'lastCorrectionAt' | 'lastMaterialAt'>): boolean {
  if (s.correctionCount === 0) return true
  if (!s.lastCorrectionAt || !s.lastMaterialAt) return false
  return s.lastMaterialAt.getTime() > s.lastCorrectionAt.getTime()
}

/**
 * Deemed acceptance (R10 ¶4): a received case on which no one-time notice was given counts as
 * accepted on the day it was received once `days` working days after receipt have passed.
 * The last day for the notice is addWorkingDays(receivedDate, days); from the next day on it is deemed.
 */
export function deemedAccepted(
  cal: Pick<Calendar, 'addWorkingDays'>,
  c: { status: CaseStatus; receivedAt: Date | null; correctionCount: number },
  today: string,
  days: number,
): boolean {
  if (c.status !== 'received' || !c.receivedAt || c.correctionCount > 0) return false
  // a last day beyond the published holiday data lies after today: not deemed yet
  const lastDay = addOrPending(cal, shanghaiDate(c.receivedAt), days)
  return lastDay !== null && today > lastDay
}

/** 容缺 (R11): missing the due date of a pending material withdraws the case. */
export function conditionalLapsed(c: { status: CaseStatus; conditionalDue: string | null; pendingOpen: number }, today: string): boolean {
  if (c.conditionalDue === null || c.pendingOpen === 0) return false
  if (c.status !== 'accepted' && c.status !== 'paused') return false
  return today > c.conditionalDue
}

// ---------------------------------------------------------------------------------------------
// Case numbers

/** <6-digit region code><YYYYMMDD><5-digit daily sequence>, e.g. 37140220260302 00001. */
export function formatCaseNumber(regionCode: string, day: string, seq: number): string {
  const region = regionCode.slice(0, 6).padEnd(6, '0')
  if (!Number.isSafeInteger(seq) || seq < 1 || seq > 99999) throw new Error(`case sequence out of range: ${seq}`)
  return `${region}${day.replace(/-/g, '')}${String(seq).padStart(5, '0')}`
}

// ---------------------------------------------------------------------------------------------
// Dates

/** The calendar date of an instant in Asia/Shanghai (UTC+8, no DST). */
export function shanghaiDate(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}

// ---------------------------------------------------------------------------------------------
// The clock

export interface CaseClock {
  legalDays: number
  promisedDays: number
  start: string | null
  legalDue: string | null
  promisedDue: string | null
  usedDays: number
  leftDays: number | null
  pausedDays: number
  extensionDays: number
  paused: boolean
  overdue: boolean
  /** a due date falls in a year whose holiday schedule is not yet in the calendar: shown as pending */
  calendarPending: boolean
}

export interface ClockInput {
  legalDays: number
  promisedDays: number
  /** the instant the clock starts (acceptance, or receipt when deemed) */
  acceptedAt: Date | null
  /** when the clock stops (completion / decision); null while running */
  stoppedAt: Date | null
  pauses: readonly { from: Date; to: Date | null }[]
  extensionDays: number
  now: Date
}

export function toPauses(ps: readonly { from: Date; to: Date | null }[]): Pause[] {
  return ps.map((p) => ({ from: shanghaiDate(p.from), to: p.to ? shanghaiDate(p.to) : null }))
}

/**
 * The case clock: deadlines count working days after the acceptance day; paused working days are
 * not counted (R4) and move the due dates; an approved extension adds to the legal limit (R5) and,
 * as the promise can never exceed the law, the promised due date never passes the legal one.
 * usedDays counts until the clock stopped (decision) or today.
 */
export function computeClock(cal: Pick<Calendar, 'dueWithPauses' | 'elapsedWorkdays'>, input: ClockInput): CaseClock {
  const base = {
    legalDays: input.legalDays,
    promisedDays: input.promisedDays,
    extensionDays: input.extensionDays,
  }
  if (!input.acceptedAt) {
    return { ...base, start: null, legalDue: null, promisedDue: null, usedDays: 0, leftDays: null, pausedDays: 0, paused: false, overdue: false, calendarPending: false }
  }
  const start = shanghaiDate(input.acceptedAt)
  const pauses = toPauses(input.pauses)
  const open = pauses.some((p) => p.to === null)
  const legal = { due: dueOrPending(cal, { start, days: input.legalDays, pauses, extensionDays: input.extensionDays }) }
  const promised = { due: dueOrPending(cal, { start, days: input.promisedDays, pauses }) }
  // null while a pause is open is expected; null otherwise means the year's holidays are not yet published
  const calendarPending = !open && (legal.due === null || promised.due === null)
  const until = shanghaiDate(input.stoppedAt ?? input.now)
  const used = cal.elapsedWorkdays(start, until, pauses)
  const paused = input.pauses.some((p) => p.to === null)
  const total = input.promisedDays
  const promisedDue = promised.due !== null && legal.due !== null && promised.due > legal.due ? legal.due : promised.due
  const pausedDays = until <= start ? 0 : countPausedWorkdays(cal, start, until, pauses)
  return {
    ...base,
    start,
    legalDue: legal.due,
    promisedDue,
    usedDays: used,
    leftDays: input.stoppedAt ? null : total - used,
    pausedDays,
    paused,
    overdue: used > total,
    calendarPending,
  }
}

/** Paused working days between start (exclusive) and until (inclusive). */
function countPausedWorkdays(cal: Pick<Calendar, 'elapsedWorkdays'>, start: string, until: string, pauses: Pause[]): number {
  return cal.elapsedWorkdays(start, until, []) - cal.elapsedWorkdays(start, until, pauses)
}

/** Per step due dates: each step's limit counted on from the previous step's due (or its start). */
export function stepDue(cal: Pick<Calendar, 'dueWithPauses'>, start: string, limitDays: number, pauses: readonly { from: Date; to: Date | null }[]): string | null {
  return dueOrPending(cal, { start, days: limitDays, pauses: toPauses(pauses) })
}

// ---------------------------------------------------------------------------------------------
// Masking (progress query)

/** 李*华, 王* (two characters), enterprises keep the first two and last two characters. */
export function maskName(name: string): string {
  const chars = [...name]
  if (chars.length <= 1) return name
  if (chars.length === 2) return `${chars[0]}*`
  if (chars.length <= 4) return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`
  return `${chars.slice(0, 2).join('')}${'*'.repeat(chars.length - 4)}${chars.slice(-2).join('')}`
}

/** 3714**********2317 (18 digits: first 4, last 4). */
export function maskIdNumber(id: string | null): string | null {
  if (!id) return null
  if (id.length <= 8) return '*'.repeat(id.length)
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`
}

/** 139****5678 */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null
  if (phone.length < 7) return '*'.repeat(phone.length)
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`
}
