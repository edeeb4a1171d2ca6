/**
 * Demo e-supervision, ratings, rankings and KPIs (电子监察、好差评、效能排行、核心指标): a year of
 * synthetic case history for the 德州 demo catalogue (src/synth, bulk, one audit record), ratings on
 * it (bulk SQL, satisfaction ≈ 99 %), then — through the REAL services with the clock moved — open
 * cases in green, yellow and red (overdue cases with yellow cards and one red card), a back-filled
 * burst (先办后录) by one reviewer, online ratings with bad reviews in every rectification state,
 * window visits rated at the counter, 督办 orders, a published monthly ranking, and finally one
 * supervision scan and one stats refresh so lights, alerts, rankings and KPIs are there at start.
 *
 * The demo's "today" is the clock at load time; every date is relative to it. Idempotent: nothing
 * is done when the imported history exists. Runs after the city, catalogue, cases and joint demo.
 */
import type { FastifyBaseLogger } from 'fastify'
import { sql } from 'kysely'
import type { Actor, Ctx, Deps } from '../server/context.js'
import { systemCtx } from '../server/context.js'
import { mutate } from '../server/mutate.js'
import { loadGrants } from '../modules/auth/index.js'
import { currentItemVersion, type ItemGuide } from '../modules/catalog/index.js'
import { getCalendar, type Calendar } from '../modules/calendar/index.js'
import * as cases from '../modules/cases/index.js'
import * as evaluation from '../modules/evaluation/index.js'
import * as stats from '../modules/stats/index.js'
import * as supervision from '../modules/supervision/index.js'
import { generatorCalendar, historyRating, importHistory, Rng, type ImportResult } from '../synth/index.js'
import { DEMO_APPLICANTS } from './accounts.js'
import { UNIT_CODES } from './city.js'

export interface DemoSupervisionResult {
  loaded: boolean
  history: Omit<ImportResult, 'facts'> | null
  historyRatings: number
  /** what the live part made, by scenario */
  made: Record<string, number>
  failed: string[]
  ms: number
  /** milliseconds per phase (history, ratings, each live scenario), to keep the demo load fast */
  timings: Record<string, number>
}

export const DEMO_HISTORY_SEED = 3714
const REGION = '3714'
const PDF = (what: string) => Buffer.from(`%PDF-1.4\n% OneWindow demo material: ${what}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'utf8')
const shanghaiDate = (t: Date | number) => new Date(new Date(t).getTime() + 8 * 3600_000).toISOString().slice(0, 10)
const DAY = 86_400_000

export async function loadDemoSupervision(deps: Deps, log: FastifyBaseLogger): Promise<DemoSupervisionResult> {
  const started = Date.now()
  const db = deps.db
  const empty = (loaded: boolean): DemoSupervisionResult => ({ loaded, history: null, historyRatings: 0, made: {}, failed: [], ms: Date.now() - started, timings: {} })
  if (await db.selectFrom('user_account').select('id').where('username', '=', 'history-import-person').executeTakeFirst()) {
    log.info('示范电子监察数据已存在，跳过 (demo supervision already loaded)')
    return empty(false)
  }
  const dept = await db.selectFrom('org_unit').select(['id']).where('code', '=', UNIT_CODES.dept('SCJG')).executeTakeFirst()
  const items = await db.selectFrom('item').select('id').limit(1).executeTakeFirst()
  if (!dept || !items) {
    log.warn('示范城市或示范事项目录不完整，未加载示范电子监察数据 (demo city/catalogue incomplete)')
    return empty(false)
  }

  // 1. a year of history, in bulk, ending yesterday (today's cases are the live part's)
  const now = deps.clock.now()
  const today = shanghaiDate(now)
  const cal = await getCalendar(deps, REGION)
  const firstYear = Math.min(...cal.years().map((y) => y.year))
  const yearAgo = shanghaiDate(now.getTime() - 365 * DAY)
  const from = yearAgo < `${firstYear}-01-01` ? `${firstYear}-01-01` : yearAgo
  const to = shanghaiDate(now.getTime() - DAY)
  const history = await importHistory(deps, systemCtx('demo:supervision'), {
    regionCode: REGION,
    seed: DEMO_HISTORY_SEED,
    from,
    to,
    asOf: new Date(`${today}T00:00:00+08:00`),
    casesPerDay: 24,
    instantShare: 0.86,
    action: 'demo.history.import',
    keepFacts: true,
    calendar: generatorCalendar(cal),
  })
  log.info({ cases: history.cases, ms: history.ms }, `示范历史办件已导入：${history.cases} 件`)

  // 2. ratings on the history (bulk): most completed cases rated, ★5 and ★4 nearly always
  const ratingsStarted = Date.now()
  const historyRatings = await rateHistory(deps, history, now)
  const ratingsMs = Date.now() - ratingsStarted

  // 3. the live part, through the services
  const live = await liveScenarios(deps, log, cal)
  const { facts: _facts, ...summary } = history
  const ms = Date.now() - started
  log.info({ ms, made: live.made, failed: live.failed }, '示范电子监察、好差评、排行和指标数据已加载')
  return { loaded: true, history: summary, historyRatings, made: live.made, failed: live.failed, ms, timings: { history: history.ms, historyRatings: ratingsMs, ...live.timings } }
}

// ------------------------------------------------------------------------------------------------
// Ratings on the imported history

async function rateHistory(deps: Deps, history: ImportResult, now: Date): Promise<number> {
  const rng = new Rng(DEMO_HISTORY_SEED + 1)
  const online: Record<string, unknown>[] = []
  const window: Record<string, unknown>[] = []
  for (const f of history.facts ?? []) {
    const r = historyRating(rng, f, now.getTime())
    if (!r) continue
    if (r.channel === 'online') online.push({ number: f.number, stars: r.stars, indicators: r.indicators, comment: r.comment, at: new Date(r.at!).toISOString() })
    else window.push({ number: f.number, stars: r.stars, indicators: r.indicators, comment: r.comment })
  }
  return mutate(deps, systemCtx('demo:supervision'), async (tx) => {
    let n = 0
    for (let i = 0; i < online.length; i += 1000) {
      const r = await sql`
        insert into rating (channel, source, stars, indicators, comment, case_id, visit_id, unit_id, window_id, staff_id, rater_user_id, rater_name, rater_phone, real_name, status, created_at, region_code)
        select 'online', 'online', x.stars, x.indicators, x.comment, c.id, null, c.unit_id, c.window_id, s.assignee_id, c.applicant_user_id, c.applicant_name, c.applicant_phone, true, 'normal', x.at, c.region_code
        from jsonb_to_recordset(${JSON.stringify(online.slice(i, i + 1000))}::jsonb) as x(number text, stars int2, indicators jsonb, comment text, at timestamptz)
        join "case" c on c.number = x.number
        left join case_step s on s.case_id = c.id and s.seq = 0`.execute(tx.db)
      n += Number(r.numAffectedRows ?? 0)
    }
    for (let i = 0; i < window.length; i += 1000) {
      // 一次一评: the visit at the window, rated on the counter tablet before the applicant left
      const r = await sql`
        with x as (select * from jsonb_to_recordset(${JSON.stringify(window.slice(i, i + 1000))}::jsonb) as x(number text, stars int2, indicators jsonb, comment text)),
        v as (
          insert into evaluation_visit (token, window_id, unit_id, region_code, staff_id, staff_name, case_id, purpose, applicant_name, applicant_phone, started_at, ended_at)
          select 'h' || c.number, c.window_id, coalesce(w.department_id, w.centre_id, w.id), w.region_code, s.assignee_id, s.assignee_name, c.id, '受理 ' || i.name, c.applicant_name, c.applicant_phone,
                 c.received_at - interval '6 minutes', greatest(c.accepted_at, c.received_at) + interval '3 minutes'
          from x join "case" c on c.number = x.number
          join org_unit w on w.id = c.window_id
          join item i on i.id = c.item_id
          join case_step s on s.case_id = c.id and s.seq = 0 and s.assignee_id is not null
          returning id, case_id, window_id, unit_id, region_code, staff_id, ended_at)
        insert into rating (channel, source, stars, indicators, comment, case_id, visit_id, unit_id, window_id, staff_id, rater_user_id, rater_name, rater_phone, real_name, status, created_at, region_code)
        select 'window', 'tablet', x.stars, x.indicators, x.comment, c.id, v.id, v.unit_id, v.window_id, v.staff_id, c.applicant_user_id, c.applicant_name, c.applicant_phone, true, 'normal', v.ended_at - interval '1 minute', v.region_code
        from v join "case" c on c.id = v.case_id join x on x.number = c.number`.execute(tx.db)
      n += Number(r.numAffectedRows ?? 0)
    }
    // imported cases are not invited to rate again (the invitation sweep skips marked cases)
    await sql`
      insert into evaluation_watermark (case_id, invited_at)
      select c.id, c.completed_at from "case" c join user_account a on a.id = c.applicant_user_id
      where a.username in ('history-import-person', 'history-import-enterprise') and c.completed_at is not null
      on conflict (case_id) do nothing`.execute(tx.db)
    await tx.audit({ action: 'demo.history.ratings', targetType: 'rating', summary: `导入历史办件评价 ${n} 条（网上 ${online.length}，窗口 ${window.length}）`, after: { ratings: n } })
    return n
  })
}

// ------------------------------------------------------------------------------------------------
// The live part: real services, the clock moved

interface Live {
  made: Record<string, number>
  failed: string[]
  timings: Record<string, number>
}

async function liveScenarios(deps: Deps, log: FastifyBaseLogger, cal: Calendar): Promise<Live> {
  const db = deps.db
  const made: Record<string, number> = {}
  const failed: string[] = []
  const timings: Record<string, number> = {}
  const actorOf = async (username: string): Promise<Actor | null> => {
    const u = await db.selectFrom('user_account').selectAll().where('username', '=', username).executeTakeFirst()
    if (!u) return null
    return { userId: Number(u.id), username: u.username, displayName: u.display_name, kind: u.kind, unitId: u.unit_id === null ? null : Number(u.unit_id), grants: await loadGrants(deps, Number(u.id)) }
  }
  const person = await actorOf(DEMO_APPLICANTS[0]!.username)
  const company = await actorOf(DEMO_APPLICANTS[1]!.username)
  const window01 = await actorOf('window01')
  const reviewer = await actorOf('reviewer01')
  const approver = await actorOf('approver01')
  const supervisor = await actorOf('supervisor01')
  const win = await db.selectFrom('org_unit').select(['id']).where('code', '=', UNIT_CODES.windowA01).executeTakeFirst()
  const dept = await db.selectFrom('org_unit').select(['id']).where('code', '=', UNIT_CODES.dept('SCJG')).executeTakeFirst()
  if (!person || !company || !window01 || !reviewer || !approver || !supervisor || !win || !dept) {
    failed.push('示范账号或单位不完整')
    return { made, failed, timings }
  }
  const windowId = Number(win.id)
  const itemRows = await db.selectFrom('item').select(['id']).where('department_id', '=', Number(dept.id)).where('status', '=', 'published').orderBy('code').execute()
  const items: { id: number; g: ItemGuide }[] = []
  for (const r of itemRows) {
    const v = await currentItemVersion(db, Number(r.id))
    if (v && v.status === 'published') items.push({ id: Number(r.id), g: v.guide })
  }
  const requiredKeys = (g: ItemGuide) => g.materials.filter((m) => m.requirement === 'required').map((m) => m.key)
  // promised items without fees, those with the fewest required materials first (fewer uploads: a faster load)
  const promised = (who: 'person' | 'enterprise', minDays: number, channel: 'online' | 'window' = 'window') =>
    items
      .filter((x) => !x.g.instant && x.g.fees.length === 0 && x.g.audiences.includes(who) && x.g.channels.includes(channel) && x.g.promisedLimitDays >= minDays && x.g.steps.some((s) => s.key === 'review'))
      .sort((a, b) => requiredKeys(a.g).length - requiredKeys(b.g).length)
      .slice(0, 3)

  let at = new Date(deps.clock.now())
  const d: Deps = { ...deps, clock: { now: () => new Date(at) } }
  const now = deps.clock.now()
  const ctx = (actor: Actor): Ctx => ({ actor, ip: null, requestId: 'demo:supervision' })
  /** the instant `workdays` working days before today at hh:mm (never later than a minute ago) */
  const ago = (workdays: number, hhmm = '09:30'): Date => {
    let day = shanghaiDate(now)
    let n = 0
    while (n < workdays) {
      day = shanghaiDate(Date.parse(`${day}T12:00:00+08:00`) - DAY)
      if (cal.isWorkingDay(day)) n++
    }
    const t = new Date(`${day}T${hhmm}:00+08:00`)
    return t.getTime() > now.getTime() - 60_000 ? new Date(now.getTime() - 60_000 * (2 + workdays)) : t
  }
  const later = (t: Date, minutes: number) => new Date(t.getTime() + minutes * 60_000)
  const step = async <T>(when: Date, fn: () => Promise<T>): Promise<T> => {
    at = when
    return fn()
  }
  const attempt = async (what: string, fn: () => Promise<unknown>) => {
    const t0 = Date.now()
    try {
      await fn()
      made[what] = (made[what] ?? 0) + 1
      timings[what] = (timings[what] ?? 0) + Date.now() - t0
    } catch (e) {
      failed.push(`${what}：${String((e as Error)?.message ?? e)}`)
      log.warn({ err: String((e as Error)?.message ?? e) }, `示范电子监察场景未能生成：${what}`)
    }
  }
  const uploadAll = async (caseId: number, actor: Actor, g: ItemGuide) => {
    for (const k of requiredKeys(g)) {
      const name = g.materials.find((m) => m.key === k)?.name ?? k
      await cases.uploadMaterial(d, ctx(actor), caseId, k, { data: PDF(`${g.name} / ${name} / case ${caseId}`), originalName: `${name}.pdf` })
    }
  }
  const atWindow = async (who: Actor, it: { id: number; g: ItemGuide }, t: Date) => {
    const id = await step(t, () => cases.fileAtWindow(d, ctx(window01), { itemId: it.id, windowId, applicant: { userId: who.userId }, form: { contact: who.displayName } }))
    await step(later(t, 3), () => uploadAll(id, window01, it.g))
    await step(later(t, 8), () => cases.intake(d, ctx(window01), id, { decision: 'accept' }))
    return id
  }
  const online = async (who: Actor, it: { id: number; g: ItemGuide }, t: Date) => {
    const id = await step(t, () => cases.createDraft(d, ctx(who), it.id))
    await step(later(t, 5), () => cases.saveForm(d, ctx(who), id, { form: { contact: who.displayName, note: '示范申请' } }))
    await step(later(t, 10), () => uploadAll(id, who, it.g))
    await step(later(t, 15), () => cases.submit(d, ctx(who), id))
    await step(later(t, 60), () => cases.prereview(d, ctx(window01), id, { outcome: 'pass' }))
    await step(later(t, 75), () => cases.intake(d, ctx(window01), id, { decision: 'accept' }))
    return id
  }
  const activeStep = async (id: number) => {
    const s = await db.selectFrom('case_step').select(['id', 'key']).where('case_id', '=', id).where('status', '=', 'active').executeTakeFirst()
    return s ? { id: Number(s.id), key: s.key } : null
  }
  const review = async (id: number, t: Date) => {
    const s = await activeStep(id)
    if (s && s.key !== 'approve' && s.key !== 'complete') await step(t, () => cases.completeStep(d, ctx(reviewer), id, s.id, { opinion: '申请材料齐全，符合法定条件，建议准予许可', outcome: 'pass' }))
  }
  const who = (i: number) => (i % 2 ? company : person)!
  const kindOf = (i: number): 'person' | 'enterprise' => (i % 2 ? 'enterprise' : 'person')

  // lights: green (just accepted), yellow (due tomorrow / today), red (overdue: yellow cards; one past its follow-up: red card)
  const lightCases: { what: string; back: (p: number) => number; reviewed: boolean }[] = [
    { what: '绿灯', back: () => 1, reviewed: false },
    { what: '黄灯', back: (p) => p - 1, reviewed: true },
    { what: '黄灯', back: (p) => p, reviewed: true },
    { what: '红灯（黄牌）', back: (p) => p + 1, reviewed: true },
    { what: '红灯（黄牌）', back: (p) => p + 2, reviewed: false },
    { what: '红灯（红牌）', back: (p) => p + 6, reviewed: false },
  ]
  const lit: { what: string; caseId: number; unitId: number }[] = []
  for (const [i, l] of lightCases.entries()) {
    await attempt(l.what, async () => {
      const list = promised(kindOf(i), 5)
      if (!list.length) throw new Error('没有合适的承诺件事项')
      const it = list[i % list.length]!
      const back = l.back(it.g.promisedLimitDays)
      const id = await atWindow(who(i), it, ago(back, '09:40'))
      if (l.reviewed) await review(id, ago(Math.max(0, back - 2), '15:20'))
      const c = await db.selectFrom('case').select('unit_id').where('id', '=', id).executeTakeFirstOrThrow()
      lit.push({ what: l.what, caseId: id, unitId: Number(c.unit_id) })
    })
  }

  // 先办后录: reviewer01 records nine reviews within ten minutes, on cases accepted six working days before
  const burst: number[] = []
  for (let i = 0; i < 9; i++) {
    await attempt('集中补录的办件', async () => {
      const list = promised('enterprise', 10)
      if (!list.length) throw new Error('没有承诺时限在10个工作日以上的事项')
      burst.push(await atWindow(company, list[i % list.length]!, ago(6, `${String(9 + Math.floor(i / 4)).padStart(2, '0')}:${String(10 + (i % 4) * 12).padStart(2, '0')}`)))
    })
  }
  const burstAt = new Date(now.getTime() - 40 * 60_000)
  for (const [i, id] of burst.entries()) await attempt('集中补录', () => review(id, later(burstAt, i)))
  // … and the decisions and completions recorded right after (the work had been done off-system)
  for (const [i, id] of burst.entries()) {
    await attempt('集中补录后办结', async () => {
      await step(later(burstAt, 12 + i), () => cases.decide(d, ctx(approver), id, { outcome: 'grant' }))
      await step(later(burstAt, 25 + i), () => cases.complete(d, ctx(window01), id))
    })
  }

  // online cases completed in the last days, rated by their applicants: mostly ★5/★4, four bad reviews
  const rated: { caseId: number; ratingId: number; stars: number; applicant: Actor }[] = []
  const starsPlan = [5, 4, 5, 2, 1, 2, 1]
  for (const [i, stars] of starsPlan.entries()) {
    await attempt(stars <= 2 ? '差评' : '好评', async () => {
      const list = promised(kindOf(i), 1, 'online')
      if (!list.length) throw new Error('没有可网上办理的承诺件事项')
      const it = list[i % list.length]!
      const applicant = who(i)
      const back = 8 - (i % 5)
      const id = await online(applicant, it, ago(back, '09:10'))
      await review(id, ago(back - 1, '10:30'))
      await step(ago(back - 2, '11:00'), () => cases.decide(d, ctx(approver), id, { outcome: 'grant' }))
      await step(ago(back - 2, '15:30'), () => cases.complete(d, ctx(window01), id))
      const indicators = { efficiency: stars, guideAccuracy: stars, convenience: Math.min(5, stars + 1), usability: stars }
      const comment = stars <= 2 ? ['审批时间比承诺的长，打了几次电话都没人接', '网上提交后又让到窗口补交纸质材料，跑了两趟', '办事指南写的材料和实际要求不一致', '工作人员答复不耐烦'][i % 4]! : i % 3 ? '网上办理很方便' : null
      const ratingId = await step(ago(back - 2, '19:45'), () => evaluation.rateCase(d, ctx(applicant), { caseId: id, stars, indicators, comment }))
      rated.push({ caseId: id, ratingId, stars, applicant })
    })
  }
  // the bad reviews' rectification, one at each stage
  const bad = rated.filter((r) => r.stars <= 2)
  const rectOf = async (ratingId: number) => Number((await db.selectFrom('rectification').select('id').where('rating_id', '=', ratingId).executeTakeFirstOrThrow()).id)
  if (bad[1]) {
    const b = bad[1]
    await attempt('差评已回访', async () => {
      const x = await rectOf(b.ratingId)
      await step(ago(1, '09:15'), () => evaluation.recordCallback(d, ctx(approver), x, { method: 'phone', reached: true, content: '已电话联系申请人，致歉并了解情况，承诺两日内反馈整改结果' }))
    })
  }
  if (bad[2]) {
    const b = bad[2]
    await attempt('差评已整改并评价', async () => {
      const x = await rectOf(b.ratingId)
      await step(ago(2, '09:05'), () => evaluation.recordCallback(d, ctx(approver), x, { method: 'phone', reached: true, content: '已电话回访，申请人反映办事指南与窗口要求不一致' }))
      await step(ago(1, '16:00'), () => evaluation.rectify(d, ctx(approver), x, '已修订办事指南，统一网上与窗口的材料要求，并对窗口人员开展业务培训'))
      await step(later(ago(1, '16:00'), 120), () => evaluation.giveVerdict(d, ctx(b.applicant), x, 'satisfied'))
    })
  }
  if (bad[3]) {
    const b = bad[3]
    await attempt('差评申诉已复核', async () => {
      const appealId = await step(ago(1, '10:00'), () => evaluation.appeal(d, ctx(approver), b.ratingId, { reason: '经调取窗口录音录像，工作人员答复规范、态度良好，该差评与事实不符' }))
      await step(later(ago(1, '10:00'), 200), () => evaluation.decideAppeal(d, ctx(supervisor), appealId, { upheld: true, note: '经核查录音录像，工作人员服务规范，申诉成立，该差评不计入满意度' }))
    })
  }

  // window visits rated at the counter (一次一评)
  const visits = [
    { purpose: '咨询 企业开办', name: '赵春燕', stars: 5 },
    { purpose: '受理 食品经营许可', name: '孙志强', stars: 5 },
    { purpose: '咨询 个体工商户登记', name: '周丽', stars: 4 },
    { purpose: '领取 营业执照', name: '吴海涛', stars: 5 },
    { purpose: '咨询 企业变更登记', name: '郑晓梅', stars: 5 },
  ]
  for (const [i, v] of visits.entries()) {
    await attempt('窗口评价', async () => {
      const t = ago(i % 3, `${10 + i}:05`)
      const visitId = await step(t, () => evaluation.openVisit(d, ctx(window01), { windowId, purpose: v.purpose, applicantName: v.name }))
      await step(later(t, 12), () => evaluation.rateVisit(d, ctx(window01), { id: visitId }, { stars: v.stars, indicators: { efficiency: v.stars, competence: v.stars, attitude: 5 }, comment: v.stars === 5 ? '服务热情，一次讲清楚' : null }, 'tablet'))
    })
  }

  // 督办 and 催办: one answered and closed, one escalated (unanswered past its reply date), one waiting
  const redCard = lit.find((l) => l.what === '红灯（红牌）')
  const yellowCards = lit.filter((l) => l.what === '红灯（黄牌）')
  const sup = ctx(supervisor)
  if (redCard) {
    await attempt('督办（已回复办结）', async () => {
      const t = ago(2, '10:20')
      const id = await step(t, () => supervision.sendOrder(d, sup, { kind: 'supervise', unitId: redCard.unitId, caseId: redCard.caseId, content: '该件已超过承诺办结期限且黄牌限期届满，请立即办理，并于回复期限内书面说明超期原因和整改措施。', replyDays: 3 }))
      await step(ago(1, '16:40'), () => supervision.replyOrder(d, ctx(approver), id, { reply: '超期原因：审核人员休假期间未及时交接。已安排专人当日完成审核，并建立科室 AB 岗交接制度，杜绝类似情况。' }))
      await step(later(ago(1, '16:40'), 50), () => supervision.closeOrder(d, sup, id, { note: '回复属实，整改措施可行，予以办结；继续跟踪该件办结情况。' }))
    })
  }
  if (yellowCards[0]) {
    const y = yellowCards[0]
    await attempt('督办（逾期未复已升级）', () =>
      step(ago(6, '09:50'), () => supervision.sendOrder(d, sup, { kind: 'supervise', unitId: y.unitId, pattern: '近期食品经营许可审核环节普遍接近或超过时限', content: '请梳理近一个月审核环节超时的原因，提出压缩审核时间的措施，限期书面回复。', replyDays: 3 })),
    )
  }
  if (yellowCards[1]) {
    const y = yellowCards[1]
    await attempt('催办（待回复）', () => step(later(now, -30), () => supervision.sendOrder(d, sup, { kind: 'urge', unitId: y.unitId, caseId: y.caseId, content: '该件已超过承诺办结期限，请抓紧办理并回复办理进度。', replyDays: 2 })))
  }

  // today: escalate what is overdue, scan, bring the rollups up to date, publish last month's ranking
  at = new Date(now)
  await attempt('督办升级', () => supervision.escalateOrders(d, now))
  await attempt('电子监察扫描', () => supervision.scan(d, now))
  await attempt('指标汇总', () => stats.refreshStats(d, now))
  const lastMonth = shanghaiDate(Date.parse(`${shanghaiDate(now).slice(0, 8)}01T12:00:00+08:00`) - DAY)
  await attempt('发布月度排行榜', () => stats.publishRanking(d, sup, supervisor, { scope: 'department', period: 'month', date: lastMonth, fair: false }))
  return { made, failed, timings }
}
