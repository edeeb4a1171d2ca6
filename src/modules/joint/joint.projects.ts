/** Projects (一号制) followed through their stages. */
import type { Actor, Ctx, Deps } from '../../server/context.js'
import { mutate, type Tx } from '../../server/mutate.js'
import { addOrPending, getCalendar, toShanghaiDate, type Calendar } from '../calendar/index.js'
import type { JointCaseStatus, ProjectDto, ProjectStageDto, ProjectSummaryDto } from './joint.types.js'
import { JointErrors } from './joint.errors.js'
import { activeAuthorisation, authorisedPrincipals, todayOf } from './joint.agents.js'
import { median, predictCompletion, workdaysOrNull, HISTORY_MIN } from './joint.predict.js'
import * as repo from './joint.admin.repository.js'

/** Staff who read every project of their region (supervisor / centre_admin; the window files them). */
export const PROJECT_READ_ROLES = ['centre_admin', 'supervisor', 'window_staff', 'system_admin'] as const
export const PROJECT_ADMIN_ROLES = ['centre_admin', 'system_admin'] as const
const PROJECT_FILING_ROLES = ['window_staff', 'centre_admin', 'system_admin'] as const

const DONE = new Set(['completed', 'delivered'])
const CLOSED = new Set(['refused', 'withdrawn'])

type CaseRow = Awaited<ReturnType<typeof repo.jointCasesOfProjects>>[number]
type StageRow = repo.StageDefRow

const iso = (d: Date | string | null) => (d === null ? null : (d instanceof Date ? d : new Date(d)).toISOString())
const day = (d: Date | string | null) => (d === null ? null : toShanghaiDate(d instanceof Date ? d : new Date(d)))

export function yuanOf(cents: number): string {
  const c = Math.round(Number(cents))
  return `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`
}

export function centsOf(yuan: string): number | null {
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(yuan.trim())
  if (!m) return null
  const cents = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
  return Number.isSafeInteger(cents) ? cents : null
}

/** The project code 一号制: YYYY-<region6>-<industry2>-02-<serial6>. */
export function projectCode(year: string, region6: string, industry2: string, serial: number): string {
  return `${year}-${region6}-${industry2}-02-${String(serial).padStart(6, '0')}`
}

// ------------------------------------------------------------------ access

/** Whether the actor may see the project: applicant, manager, authorised agent, or staff of its region. */
export async function canSeeProject(deps: Deps, actor: Actor | null, p: { id: number; region_code: string; applicant_user_id: number; manager_user_id: number | null }): Promise<boolean> {
  if (!actor) return false
  if (Number(p.applicant_user_id) === actor.userId) return true
  if (p.manager_user_id !== null && Number(p.manager_user_id) === actor.userId) return true
  if (actor.kind !== 'staff') return false
  const scope = await repo.regionScopeOf(deps.db, actor.grants, PROJECT_READ_ROLES)
  if (repo.regionCovered(scope, p.region_code)) return true
  const auth = await activeAuthorisation(deps.db, { agentUserId: actor.userId, principalUserId: Number(p.applicant_user_id), projectId: Number(p.id), today: todayOf(deps) })
  return !!auth
}

async function visibleProject(deps: Deps, actor: Actor | null, id: number) {
  const p = await repo.findProject(deps.db, id)
  if (!p || !(await canSeeProject(deps, actor, { ...p, id: Number(p.id) }))) throw JointErrors.NOT_FOUND('项目不存在')
  return p
}

// ------------------------------------------------------------------ timeline

interface Timeline {
  stages: ProjectStageDto[]
  workdaysUsed: number
  remainingDays: number
  lastCompletion: string | null
  currentStage: string | null
}

async function stageHistoryDays(deps: Deps, cal: Calendar, stageDefId: number): Promise<number[]> {
  const rows = await repo.completedStageHistory(deps.db, stageDefId)
  const out: number[] = []
  for (const r of rows) {
    const d = workdaysOrNull(cal, day(r.accepted_at)!, day(r.completed_at)!)
    if (d !== null) out.push(Math.max(0, d))
  }
  return out
}

/** The expected working days of a stage not yet accepted: its limit, or the median of its completed cases (≥ 3). */
async function expectedStageDays(deps: Deps, cal: Calendar, s: StageRow): Promise<number> {
  const history = await stageHistoryDays(deps, cal, Number(s.id))
  const m = history.length >= HISTORY_MIN ? median(history) : null
  return m === null ? s.limit_days : Math.min(s.limit_days, m)
}

async function stageEntry(deps: Deps, cal: Calendar, s: StageRow, c: CaseRow | undefined, today: string, predict: boolean) {
  const state: ProjectStageDto['state'] = !c ? 'not_started' : DONE.has(c.status) ? 'completed' : 'open'
  const accepted = c ? day(c.accepted_at) : null
  const completed = c ? day(c.completed_at) : null
  const used = accepted ? Math.max(0, workdaysOrNull(cal, accepted, completed ?? today) ?? 0) : 0
  let predicted: string | null = state === 'completed' ? completed : (c?.predicted_completion ?? null)
  if (predict && state === 'open' && accepted) predicted = (await predictCompletion(deps.db, cal, Number(c!.id), today)).predictedCompletion
  let remaining = 0
  if (state === 'open' && accepted) remaining = predicted ? Math.max(0, workdaysOrNull(cal, today, predicted) ?? 0) : Math.max(0, s.limit_days - used)
  else if (state !== 'completed') remaining = predict ? await expectedStageDays(deps, cal, s) : s.limit_days
  return { state, accepted, completed, used, predicted, remaining }
}

async function timeline(deps: Deps, cal: Calendar, stages: StageRow[], cases: CaseRow[], today: string, predict: boolean): Promise<Timeline> {
  const out: Timeline = { stages: [], workdaysUsed: 0, remainingDays: 0, lastCompletion: null, currentStage: null }
  const leads = new Map((await repo.unitsByIds(deps.db, [...new Set(stages.map((s) => Number(s.lead_unit_id)))])).map((u) => [Number(u.id), u.name]))
  for (const s of stages) {
    const c = cases.find((x) => Number(x.stage_def_id) === Number(s.id) && !CLOSED.has(x.status))
    const e = await stageEntry(deps, cal, s, c, today, predict)
    out.workdaysUsed += e.used
    out.remainingDays += e.remaining
    if (e.completed && (!out.lastCompletion || e.completed > out.lastCompletion)) out.lastCompletion = e.completed
    if (e.state !== 'completed' && out.currentStage === null) out.currentStage = s.name
    out.stages.push({
      stageDefId: Number(s.id),
      seq: s.seq,
      key: s.key,
      name: s.name,
      leadUnitName: leads.get(Number(s.lead_unit_id)) ?? '',
      limitDays: s.limit_days,
      state: e.state,
      jointCaseId: c ? Number(c.id) : null,
      jointCaseNumber: c?.number ?? null,
      status: (c?.status as JointCaseStatus | undefined) ?? null,
      acceptedAt: c ? iso(c.accepted_at) : null,
      completedAt: c ? iso(c.completed_at) : null,
      workdaysUsed: e.used,
      due: c?.due ?? null,
      predictedCompletion: e.predicted,
    })
  }
  return out
}

/** The project with its stages timeline; NOT_FOUND (404) when the actor may not see it. */
export async function projectDetail(deps: Deps, actor: Actor | null, projectId: number): Promise<ProjectDto> {
  const p = await visibleProject(deps, actor, projectId)
  const cal = await getCalendar(deps, p.region_code)
  const today = todayOf(deps)
  const stages = await repo.stagesOfScheme(deps.db, Number(p.scheme_id))
  const cases = await repo.jointCasesOfProjects(deps.db, [Number(p.id)])
  const tl = await timeline(deps, cal, stages, cases, today, true)
  const names = await repo.userNames(deps.db, [Number(p.applicant_user_id), ...(p.manager_user_id !== null ? [Number(p.manager_user_id)] : [])])
  const allDone = stages.length > 0 && tl.stages.every((s) => s.state === 'completed')
  const predictedTotal = tl.workdaysUsed + tl.remainingDays
  return {
    id: Number(p.id),
    code: p.code,
    name: p.name,
    schemeId: Number(p.scheme_id),
    schemeName: p.scheme_name,
    regionCode: p.region_code,
    applicantUserId: Number(p.applicant_user_id),
    applicantName: p.applicant_name,
    applicantCreditCode: p.applicant_credit_code,
    location: p.location,
    investmentYuan: yuanOf(p.investment_cents),
    industryCode: p.industry_code,
    greenChannel: p.green_channel,
    greenReason: p.green_reason,
    managerUserId: p.manager_user_id === null ? null : Number(p.manager_user_id),
    managerName: p.manager_user_id === null ? null : (names.get(Number(p.manager_user_id)) ?? null),
    targetDays: p.target_days,
    workdaysUsed: tl.workdaysUsed,
    predictedTotalDays: predictedTotal,
    predictedCompletion: allDone ? tl.lastCompletion : addOrPending(cal, today, tl.remainingDays),
    onTarget: predictedTotal <= p.target_days,
    status: p.status,
    createdAt: iso(p.created_at)!,
    stages: tl.stages,
  }
}

export async function projectByCode(deps: Deps, actor: Actor | null, code: string): Promise<ProjectDto> {
  const id = await repo.findProjectIdByCode(deps.db, code)
  if (id === null) throw JointErrors.NOT_FOUND('项目不存在')
  return projectDetail(deps, actor, id)
}

// ------------------------------------------------------------------ list

export interface ProjectListQuery {
  q?: string
  green?: boolean
  status?: 'active' | 'completed' | 'closed'
  page?: number
  pageSize?: number
}

async function listFilter(deps: Deps, actor: Actor): Promise<Pick<repo.ProjectFilter, 'all' | 'regions' | 'applicantIds' | 'projectIds' | 'managerId'>> {
  const scope = actor.kind === 'staff' ? await repo.regionScopeOf(deps.db, actor.grants, PROJECT_READ_ROLES) : { all: false, paths: [], regions: [] }
  const principals = actor.kind === 'staff' ? await authorisedPrincipals(deps.db, actor.userId, todayOf(deps)) : []
  return {
    all: scope.all,
    regions: scope.regions,
    applicantIds: [actor.userId, ...principals.filter((x) => x.projectId === null).map((x) => x.principalUserId)],
    projectIds: principals.flatMap((x) => (x.projectId !== null ? [x.projectId] : [])),
    managerId: actor.userId,
  }
}

export async function listProjects(deps: Deps, actor: Actor, q: ProjectListQuery) {
  const page = q.page ?? 1
  const pageSize = q.pageSize ?? 20
  const f = await listFilter(deps, actor)
  const { rows, total } = await repo.listProjects(deps.db, { ...f, q: q.q?.trim() || undefined, green: q.green, status: q.status, limit: pageSize, offset: (page - 1) * pageSize })
  const stages = await repo.stagesOfSchemes(deps.db, [...new Set(rows.map((r) => Number(r.scheme_id)))])
  const cases = await repo.jointCasesOfProjects(deps.db, rows.map((r) => Number(r.id)))
  const today = todayOf(deps)
  const items: ProjectSummaryDto[] = []
  for (const r of rows) {
    const cal = await getCalendar(deps, r.region_code)
    const tl = await timeline(
      deps,
      cal,
      stages.filter((s) => Number(s.scheme_id) === Number(r.scheme_id)),
      cases.filter((c) => Number(c.project_id) === Number(r.id)),
      today,
      false,
    )
    items.push({
      id: Number(r.id),
      code: r.code,
      name: r.name,
      applicantName: r.applicant_name,
      greenChannel: r.green_channel,
      managerName: r.manager_name ?? null,
      currentStage: tl.currentStage,
      workdaysUsed: tl.workdaysUsed,
      targetDays: r.target_days,
      status: r.status,
    })
  }
  return { items, total, page, pageSize }
}

// ------------------------------------------------------------------ create

export interface ProjectInput {
  name: string
  schemeId?: number
  applicantUserId?: number
  regionCode: string
  location: string
  investmentYuan: string
  industryCode: string
}

/** Who the project is for, and under which right the actor files it (applicant, window, or agent). */
async function applicantFor(deps: Deps, actor: Actor, input: ProjectInput): Promise<number> {
  if (actor.kind === 'applicant') {
    if (input.applicantUserId !== undefined && input.applicantUserId !== actor.userId) throw JointErrors.FORBIDDEN('申请人只能为本单位申报项目')
    return actor.userId
  }
  if (actor.kind !== 'staff') throw JointErrors.FORBIDDEN('您没有执行此操作的权限')
  if (input.applicantUserId === undefined) throw JointErrors.PROJECT_INVALID('请指定项目单位（applicantUserId）')
  const scope = await repo.regionScopeOf(deps.db, actor.grants, PROJECT_FILING_ROLES)
  if (repo.regionCovered(scope, input.regionCode)) return input.applicantUserId
  const auth = await activeAuthorisation(deps.db, { agentUserId: actor.userId, principalUserId: input.applicantUserId, projectId: null, today: todayOf(deps) })
  if (!auth) throw JointErrors.AUTHORISATION_REQUIRED('代办须持有项目单位的有效授权（全部事项）')
  return input.applicantUserId
}

async function schemeFor(tx: Tx, input: ProjectInput) {
  if (input.schemeId !== undefined) {
    const s = await repo.findScheme(tx.db, input.schemeId)
    if (!s) throw JointErrors.PROJECT_INVALID('审批方案不存在')
    if (!input.regionCode.startsWith(s.region_code)) throw JointErrors.PROJECT_INVALID('审批方案不适用于项目所在地区')
    return s
  }
  const s = await repo.defaultSchemeFor(tx.db, input.regionCode)
  if (!s) throw JointErrors.PROJECT_INVALID('项目所在地区尚未配置工程建设项目审批方案')
  return s
}

function checkFields(input: ProjectInput): { cents: number } {
  if (!input.name.trim()) throw JointErrors.PROJECT_INVALID('请填写项目名称')
  if (!/^\d{6}(\d{3}){0,2}$/.test(input.regionCode)) throw JointErrors.PROJECT_INVALID('项目所在地行政区划代码应为 6 位、9 位或 12 位数字')
  if (!/^\d{2}$/.test(input.industryCode)) throw JointErrors.PROJECT_INVALID('国民经济行业代码应为 2 位数字（GB/T 4754 大类）')
  const cents = centsOf(input.investmentYuan)
  if (cents === null) throw JointErrors.PROJECT_INVALID('总投资应为金额（元，最多两位小数）')
  return { cents }
}

export async function createProject(deps: Deps, ctx: Ctx, actor: Actor, input: ProjectInput): Promise<ProjectDto> {
  const { cents } = checkFields(input)
  const applicantId = await applicantFor(deps, actor, input)
  const id = await mutate(deps, ctx, async (tx) => {
    const applicant = await repo.findUser(tx.db, applicantId)
    if (!applicant || applicant.kind !== 'applicant' || applicant.applicant_kind !== 'enterprise' || applicant.status !== 'active') {
      throw JointErrors.PROJECT_INVALID('工程建设项目须由已注册的企业（法人）申报')
    }
    if (!(await repo.findRegion(tx.db, input.regionCode))) throw JointErrors.PROJECT_INVALID('项目所在地行政区划不存在')
    const scheme = await schemeFor(tx, input)
    const year = toShanghaiDate(tx.now).slice(0, 4)
    const region6 = input.regionCode.slice(0, 6)
    const serial = await repo.nextCounter(tx.db, `project:${year}:${region6}`)
    const code = projectCode(year, region6, input.industryCode, serial)
    const id = await repo.insertProject(
      tx.db,
      {
        code,
        name: input.name.trim(),
        scheme_id: Number(scheme.id),
        region_code: input.regionCode,
        applicant_user_id: Number(applicant.id),
        applicant_name: applicant.display_name,
        applicant_credit_code: applicant.credit_code,
        location: input.location.trim(),
        investment_cents: cents,
        industry_code: input.industryCode,
        target_days: scheme.target_days,
        created_by: actor.userId,
      },
      tx.now,
    )
    await tx.audit({
      action: 'joint.project.create',
      targetType: 'joint_project',
      targetId: id,
      summary: `赋码立项：${input.name.trim()}（项目代码 ${code}，${applicant.display_name}）`,
      after: { code, name: input.name.trim(), schemeId: Number(scheme.id), applicantUserId: Number(applicant.id), regionCode: input.regionCode },
    })
    return id
  })
  return projectDetail(deps, actor, id)
}

// ------------------------------------------------------------------ green channel, manager

async function managedProject(tx: Tx, actor: Actor, id: number) {
  const p = await repo.findProject(tx.db, id)
  const scope = await repo.regionScopeOf(tx.db, actor.grants, PROJECT_ADMIN_ROLES)
  if (!p || !repo.regionCovered(scope, p.region_code)) throw JointErrors.NOT_FOUND('项目不存在')
  return p
}

/** Green channel on/off (reason required when on); also flags the project's open joint cases and their sub-cases. */
export async function setGreenChannel(deps: Deps, ctx: Ctx, actor: Actor, id: number, on: boolean, reason: string | null | undefined): Promise<ProjectDto> {
  const why = reason?.trim() || null
  if (on && !why) throw JointErrors.PROJECT_INVALID('开启绿色通道须填写理由')
  await mutate(deps, ctx, async (tx) => {
    const p = await managedProject(tx, actor, id)
    const cases = await repo.setGreenChannel(tx.db, id, on, why)
    await tx.audit({
      action: on ? 'joint.project.green_on' : 'joint.project.green_off',
      targetType: 'joint_project',
      targetId: id,
      summary: `${on ? '开启' : '关闭'}绿色通道：${p.name}（${p.code}）${why ? `，理由：${why}` : ''}`,
      before: { greenChannel: p.green_channel, greenReason: p.green_reason },
      after: { greenChannel: on, greenReason: why, jointCaseIds: cases },
    })
  })
  return projectDetail(deps, actor, id)
}

/** Assigns the project manager (一人一办到底): an active staff account, who then sees the whole project. */
export async function setManager(deps: Deps, ctx: Ctx, actor: Actor, id: number, userId: number): Promise<ProjectDto> {
  await mutate(deps, ctx, async (tx) => {
    const p = await managedProject(tx, actor, id)
    const u = await repo.findUser(tx.db, userId)
    if (!u || u.kind !== 'staff' || u.status !== 'active') throw JointErrors.PROJECT_INVALID('项目经理须为在岗的工作人员账号')
    await repo.setManager(tx.db, id, userId)
    await tx.audit({
      action: 'joint.project.manager',
      targetType: 'joint_project',
      targetId: id,
      summary: `指定项目经理：${u.display_name}（${p.code}）`,
      before: { managerUserId: p.manager_user_id },
      after: { managerUserId: userId },
    })
  })
  return projectDetail(deps, actor, id)
}
