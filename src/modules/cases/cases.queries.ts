/**
 * Reading cases: allowed actions, the case detail, lists for applicants and staff, the timeline, the clock explained, files, the public progress query, e-certificates and reusable materials.
 */
import { sql } from 'kysely'
import type { Actor, Deps } from '../../server/context.js'
import type { Role } from '../../shared/roles.js'
import { getCalendar } from '../calendar/index.js'
import { getItemVersion, PAUSE_KINDS, type ItemGuide, type PauseKind } from '../catalog/index.js'
import { documentsOfCase } from '../documents/index.js'
import { feeOrderOfCase, type FeeOrder } from '../fees/index.js'
import { trailOf } from '../audit/index.js'
import { CasesErrors } from './cases.errors.js'
import * as repo from './cases.repository.js'
import type { CaseRow, StepRow } from './cases.repository.js'
import { canDo, CASE_STATUSES, maskIdNumber, maskName, maskPhone, toPauses, type CaseAction, type CaseStatus } from './cases.rules.js'
import { type MaterialDto, deliveryChoiceOf, materialDto, prereview, submit, withdraw } from './cases.apply.js'
import { clockOf, complete, decide, deliver, extend, pause, resume } from './cases.handling.js'
import { intake } from './cases.intake.js'
import { APPROVER_ROLES, HANDLING_ROLES, INTAKE_ROLES, SEE_ROLES, loadVisible, pendingOpen, unitName, versionOf } from './cases.internals.js'


export function allowedActions(c: CaseRow, actor: Actor | null, as: 'applicant' | 'staff', steps: StepRow[]): CaseAction[] {
  const out: CaseAction[] = []
  const st = c.status
  const has = (roles: Role[]) => !!actor && actor.grants.some((g) => roles.includes(g.role))
  const add = (a: CaseAction, ok: boolean) => ok && canDo(st, a) && out.push(a)
  // a joint case's sub-case is decided by the department's reply and delivered with the joint case
  const joint = c.joint_case_id !== null
  if (as === 'applicant') {
    add('submit', true)
    add('withdraw', !joint && ['draft', 'submitted', 'returned', 'received', 'correction_requested'].includes(st))
    add('supply_correction', st === 'correction_requested' || (st === 'accepted' && c.conditional_due !== null))
    add('deliver', false)
    return out
  }
  const active = steps.find((s) => s.status === 'active')
  add('prereview', has(INTAKE_ROLES))
  add('intake', has(INTAKE_ROLES))
  add('supply_correction', has(INTAKE_ROLES) && (st === 'correction_requested' || c.conditional_due !== null))
  add('withdraw', !joint && has(INTAKE_ROLES))
  add('complete_step', !!active && active.key !== 'approve' && active.key !== 'complete' && has([active.role as Role]))
  add('pause', has(HANDLING_ROLES))
  add('resume', has(HANDLING_ROLES))
  add('extend', has(APPROVER_ROLES))
  add('decide', !joint && has(APPROVER_ROLES) && (!active || active.key === 'approve'))
  add('complete', !joint && has(['window_staff', 'centre_admin', 'approver', 'reviewer', 'handling_unit']))
  add('deliver', !joint && has(['window_staff', 'centre_admin']))
  return out
}

export async function caseDetail(deps: Deps, actor: Actor | null, caseId: number) {
  const { c, as } = await loadVisible(deps, actor, caseId)
  const v = await versionOf(deps.db, c)
  const g = v.guide
  const [mats, steps, pauses, exts, corrections, docs, order, clock] = await Promise.all([
    repo.materialsOf(deps.db, c.id),
    repo.stepsOf(deps.db, c.id),
    repo.pausesOf(deps.db, c.id),
    repo.extensionsOf(deps.db, c.id),
    repo.correctionsOf(deps.db, c.id),
    documentsOfCase(deps.db, c.id),
    feeOrderOfCase(deps.db, c.id),
    clockOf(await getCalendar(deps, c.region_code), deps.db, c, deps.clock.now()),
  ])
  const delivery = await deps.db.selectFrom('case_delivery').selectAll().where('case_id', '=', c.id).executeTakeFirst()
  const open = new Set(pendingOpen(c, mats))
  const present = new Set(mats.map((m) => m.material_key))
  const unitNames = new Map<number, string>()
  for (const id of new Set([c.unit_id, ...steps.map((s) => s.unit_id)])) unitNames.set(id, await unitName(deps.db, id))
  const materials: MaterialDto[] = []
  for (const m of mats) materials.push(await materialDto(deps, m))
  return {
    id: c.id,
    number: c.number,
    jointCaseId: c.joint_case_id === null ? null : Number(c.joint_case_id),
    greenChannel: !!c.green_channel,
    itemId: c.item_id,
    itemVersionId: c.item_version_id,
    itemCode: g.code,
    itemName: g.name,
    departmentId: g.departmentId,
    departmentName: await unitName(deps.db, g.departmentId),
    unitId: c.unit_id,
    channel: c.channel,
    status: c.status,
    statusName: CASE_STATUSES[c.status],
    instant: g.instant,
    deemed: c.deemed,
    intakeKind: c.intake_kind,
    applicant: {
      userId: c.applicant_user_id,
      kind: c.applicant_kind,
      name: c.applicant_name,
      idNumberMasked: maskIdNumber(c.applicant_id_number ?? c.applicant_credit_code),
      phoneMasked: maskPhone(c.applicant_phone),
    },
    form: c.form ?? {},
    quantities: c.quantities ?? {},
    exemptions: c.exemptions ?? [],
    submittedAt: iso(c.submitted_at),
    receivedAt: iso(c.received_at),
    acceptedAt: iso(c.accepted_at),
    decidedAt: iso(c.decided_at),
    completedAt: iso(c.completed_at),
    deliveredAt: iso(c.delivered_at),
    prereviewDue: c.prereview_due,
    conditionalDue: c.conditional_due,
    requiredMaterials: g.materials.map((m) => ({
      key: m.key,
      name: m.name,
      requirement: m.requirement,
      form: m.form,
      copies: m.copies,
      secondary: m.secondary,
      eCertificateType: m.eCertificateType ?? null,
      satisfied: present.has(m.key),
      pending: open.has(m.key),
    })),
    materials,
    corrections: corrections.map((k) => ({ id: k.id, stage: k.stage, requestedAt: iso(k.requested_at)!, items: k.items, suppliedAt: iso(k.supplied_at) })),
    steps: steps.map((s) => ({
      id: s.id,
      key: s.key,
      name: s.name,
      role: s.role,
      unitName: unitNames.get(s.unit_id) ?? '',
      status: s.status,
      assigneeName: s.assignee_name,
      opinion: s.opinion,
      outcome: s.outcome,
      startedAt: iso(s.started_at),
      completedAt: iso(s.completed_at),
      due: s.due,
    })),
    pauses: pauses.map((p) => ({ id: p.id, kind: p.kind, kindName: PAUSE_KINDS[p.kind as PauseKind] ?? p.kind, reason: p.reason, expectedDays: p.expected_days, startedAt: iso(p.started_at)!, endedAt: iso(p.ended_at) })),
    extensions: exts.map((e) => ({ id: e.id, days: e.days, reason: e.reason, approvedBy: e.approved_by, at: iso(e.at)! })),
    decision: c.decision ? { outcome: c.decision, reasons: c.decision_reasons, at: iso(c.decided_at)!, by: c.decided_by ?? '' } : null,
    deliveryChoice: await (async () => {
      const ch = deliveryChoiceOf(c.form)
      if (!ch) return null
      return { ...ch, centreName: ch.centreId ? await unitName(deps.db, ch.centreId) : null }
    })(),
    delivery: delivery
      ? {
          method: delivery.method,
          centreName: delivery.pickup_centre_id ? await unitName(deps.db, Number(delivery.pickup_centre_id)) : null,
          address: delivery.address,
          trackingNumber: delivery.tracking_number,
          deliveredAt: iso(delivery.delivered_at),
        }
      : null,
    documents: docs.map((d) => ({ id: d.id, kind: d.kind, title: d.title, issuedAt: d.issuedAt, verificationCode: d.verificationCode })),
    feeOrder: order as FeeOrder | null,
    clock,
    allowedActions: allowedActions(c, actor, as, steps) as string[],
  }
}
export type CaseDetail = Awaited<ReturnType<typeof caseDetail>>

export function iso(d: Date | string | null | undefined): string | null {
  return d ? new Date(d).toISOString() : null
}

export interface CaseSummary {
  id: number
  number: string
  itemName: string
  status: CaseStatus
  statusName: string
  channel: 'online' | 'window'
  applicantName: string
  submittedAt: string | null
  receivedAt: string | null
  acceptedAt: string | null
  promisedDue: string | null
  completedAt: string | null
  /** 绿色通道: ordered first */
  greenChannel: boolean
  /** the joint case (并联审批 / 一件事) it is a department's part of */
  jointCaseId: number | null
}

function summaryQuery(deps: Deps) {
  return deps.db
    .selectFrom('case')
    .innerJoin('item_version', 'item_version.id', 'case.item_version_id')
    .innerJoin('org_unit as hu', 'hu.id', 'case.unit_id')
    .leftJoin('org_unit as cu', 'cu.id', 'case.centre_id')
}

function toSummary(r: { id: number; number: string; guide: ItemGuide; status: CaseStatus; channel: 'online' | 'window'; applicant_name: string; submitted_at: Date | null; received_at: Date | null; accepted_at: Date | null; promised_due: string | null; completed_at: Date | null; green_channel: boolean; joint_case_id: number | null }): CaseSummary {
  const g = typeof r.guide === 'string' ? (JSON.parse(r.guide) as ItemGuide) : r.guide
  return {
    id: Number(r.id),
    number: r.number,
    itemName: g.name,
    status: r.status,
    statusName: CASE_STATUSES[r.status],
    channel: r.channel,
    applicantName: r.applicant_name,
    submittedAt: iso(r.submitted_at),
    receivedAt: iso(r.received_at),
    acceptedAt: iso(r.accepted_at),
    promisedDue: r.promised_due,
    completedAt: iso(r.completed_at),
    greenChannel: !!r.green_channel,
    jointCaseId: r.joint_case_id === null ? null : Number(r.joint_case_id),
  }
}

const SUMMARY_COLS = [
  'case.id',
  'case.number',
  'item_version.guide',
  'case.status',
  'case.channel',
  'case.applicant_name',
  'case.submitted_at',
  'case.received_at',
  'case.accepted_at',
  'case.promised_due',
  'case.completed_at',
  'case.green_channel',
  'case.joint_case_id',
] as const

export async function listMine(deps: Deps, actor: Actor, q: { status?: string; page: number; pageSize: number }) {
  let base = summaryQuery(deps).where('case.applicant_user_id', '=', actor.userId)
  if (q.status) base = base.where('case.status', '=', q.status as CaseStatus)
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0)
  const rows = await base.select(SUMMARY_COLS).orderBy('case.id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute()
  return { items: rows.map((r) => toSummary(r as never)), total, page: q.page, pageSize: q.pageSize }
}

/** Staff search in scope; queue=prereview|intake|mine narrows it to the actor's work. */
export async function listForStaff(
  deps: Deps,
  actor: Actor,
  q: { status?: string; itemId?: number; q?: string; queue?: 'prereview' | 'intake' | 'mine'; page: number; pageSize: number },
) {
  const scopeOr = (roles: readonly Role[]) => (eb: any) => {
    const gs = actor.grants.filter((g) => roles.includes(g.role))
    if (gs.some((g) => g.unitPath === null && g.regionCode === null)) return eb.val(true)
    const ors: any[] = []
    for (const g of gs) {
      if (g.unitPath) {
        ors.push(eb('hu.path', 'like', `${g.unitPath}%`))
        ors.push(eb('cu.path', 'like', `${g.unitPath}%`))
        ors.push(sql<boolean>`${g.unitPath}::text LIKE (cu.path || '%')`)
      }
      if (g.regionCode) ors.push(eb('case.region_code', 'like', `${g.regionCode}%`))
    }
    return ors.length ? eb.or(ors) : eb.val(false)
  }
  let base = summaryQuery(deps).where(scopeOr(SEE_ROLES))
  if (q.status) base = base.where('case.status', '=', q.status as CaseStatus)
  if (q.itemId) base = base.where('case.item_id', '=', q.itemId)
  if (q.q) {
    const like = `%${q.q.replace(/[%_\\]/g, '')}%`
    base = base.where((eb) => eb.or([eb('case.number', 'like', like), eb('case.applicant_name', 'like', like)]))
  }
  if (q.queue === 'prereview') base = base.where('case.status', '=', 'submitted').where(scopeOr(INTAKE_ROLES))
  if (q.queue === 'intake') base = base.where('case.status', 'in', ['received']).where(scopeOr(INTAKE_ROLES))
  if (q.queue === 'mine') {
    const gs = actor.grants
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom('case_step as st')
          .innerJoin('org_unit as su', 'su.id', 'st.unit_id')
          .select('st.id')
          .whereRef('st.case_id', '=', 'case.id')
          .where('st.status', '=', 'active')
          .where((e2) => {
            const ors = gs.map((g) => {
              const role = e2('st.role', '=', g.role)
              if (g.unitPath === null && g.regionCode === null) return role
              if (g.unitPath) return e2.and([role, e2('su.path', 'like', `${g.unitPath}%`)])
              return e2.and([role, e2('su.region_code', 'like', `${g.regionCode}%`)])
            })
            return ors.length ? e2.or(ors) : e2.val(false)
          }),
      ),
    ).where('case.status', 'in', ['accepted', 'decided'])
  }
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0)
  const rows = await base.select(SUMMARY_COLS).orderBy('case.green_channel', 'desc').orderBy('case.id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute()
  return { items: rows.map((r) => toSummary(r as never)), total, page: q.page, pageSize: q.pageSize }
}

export async function timeline(deps: Deps, actor: Actor | null, caseId: number) {
  const { c } = await loadVisible(deps, actor, caseId)
  return { items: await trailOf(deps.db, 'case', c.id) }
}

export async function clockExplain(deps: Deps, actor: Actor | null, caseId: number) {
  const { c } = await loadVisible(deps, actor, caseId)
  const cal = await getCalendar(deps, c.region_code)
  const clock = await clockOf(cal, deps.db, c, deps.clock.now())
  if (!clock.start) return { clock, explanation: null }
  const pauses = await repo.pausesOf(deps.db, c.id)
  const explanation = cal.explain(clock.start, c.promised_days, {
    pauses: toPauses(pauses.map((p) => ({ from: new Date(p.started_at), to: p.ended_at ? new Date(p.ended_at) : null }))),
  })
  return { clock, explanation }
}

export async function materialFile(deps: Deps, actor: Actor | null, caseId: number, materialId: number): Promise<string> {
  const { c } = await loadVisible(deps, actor, caseId)
  const m = (await repo.materialsOf(deps.db, c.id)).find((x) => x.id === materialId)
  if (!m) throw CasesErrors.NOT_FOUND('材料不存在')
  return m.file_id
}

export async function documentOfCase(deps: Deps, actor: Actor | null, caseId: number, docId: number): Promise<number> {
  const { c } = await loadVisible(deps, actor, caseId)
  const docs = await documentsOfCase(deps.db, c.id)
  if (!docs.some((d) => d.id === docId)) throw CasesErrors.NOT_FOUND('文书不存在')
  return docId
}

/** The public progress query: one 404 for any mismatch; personal data masked. One round trip (repo.progressRow). */
export async function progress(deps: Deps, q: { number: string; idNumber?: string; phone?: string }) {
  const notFound = () => CasesErrors.CASE_NOT_FOUND('未查询到办件，请核对办件编号和证件号码（或手机号）')
  const number = q.number.trim()
  const c = number ? await repo.progressRow(deps.db, number) : null
  if (!c || c.status === 'draft') throw notFound()
  const id = q.idNumber?.trim().toUpperCase()
  const phone = q.phone?.trim()
  const idOk = !!id && (id === (c.applicant_id_number ?? '').toUpperCase() || id === (c.applicant_credit_code ?? '').toUpperCase())
  const phoneOk = !!phone && phone === c.applicant_phone
  if (!idOk && !phoneOk) throw notFound()
  return {
    case: {
      number: c.number,
      itemName: c.item_name ?? '',
      departmentName: c.unit_name ?? '',
      status: c.status,
      statusName: CASE_STATUSES[c.status],
      currentStep: c.current_step,
      receivedAt: c.received_at, // ISO 8601 from the query
      acceptedAt: c.accepted_at,
      promisedDue: c.promised_due,
      completedAt: c.completed_at,
      applicantName: maskName(c.applicant_name),
    },
  }
}

export async function myECertificates(deps: Deps, actor: Actor) {
  const rows = await deps.db.selectFrom('e_certificate').selectAll().where('holder_user_id', '=', actor.userId).orderBy('id', 'desc').execute()
  return {
    items: rows.map((e) => ({
      id: Number(e.id),
      type: e.type,
      name: e.name,
      number: e.number,
      holderName: e.holder_name,
      issuedAt: new Date(e.issued_at).toISOString(),
      caseId: Number(e.case_id),
      documentId: e.document_id === null ? null : Number(e.document_id),
    })),
  }
}

/** Materials of the applicant's earlier cases that may be reused (R49), for the application form. */
export async function reusableMaterials(deps: Deps, actor: Actor, caseId: number) {
  const { c } = await loadVisible(deps, actor, caseId)
  const rows = await deps.db
    .selectFrom('case_material')
    .innerJoin('case', 'case.id', 'case_material.case_id')
    .select(['case_material.id', 'case_material.material_key', 'case_material.name', 'case_material.uploaded_at', 'case.number'])
    .where('case.applicant_user_id', '=', c.applicant_user_id)
    .where('case.id', '!=', c.id)
    .orderBy('case_material.id', 'desc')
    .limit(200)
    .execute()
  return { items: rows.map((r) => ({ id: Number(r.id), materialKey: r.material_key, name: r.name, caseNumber: r.number, uploadedAt: new Date(r.uploaded_at).toISOString() })) }
}
