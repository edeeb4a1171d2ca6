/**
 * Demo cases: a few dozen applications of the demo applicants (李明华 and 德州市德润食品有限公司)
 * to the market-supervision items of the demo catalogue, in every state, with realistic dates over
 * the last weeks. Every case is made through the cases services, each step run with a copy of the
 * deps whose clock stands at the step's moment, so receipt, intake and decisions carry real times
 * and the audit trail reads like a working month.
 *
 * Idempotent: nothing is done when any case exists. Runs after the demo city and catalogue.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { Actor, Ctx, Deps } from '../server/context.js'
import { loadGrants } from '../modules/auth/index.js'
import { currentItemVersion, type ItemGuide } from '../modules/catalog/index.js'
import { getCalendar } from '../modules/calendar/index.js'
import * as cases from '../modules/cases/index.js'
import { DEMO_APPLICANTS } from './accounts.js'
import { UNIT_CODES } from './city.js'

export interface DemoCasesResult {
  loaded: boolean
  cases: number
  byStatus: Record<string, number>
}

const PDF = (what: string) => Buffer.from(`%PDF-1.4\n% OneWindow demo material: ${what}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'utf8')

export async function loadDemoCases(deps: Deps, log: FastifyBaseLogger): Promise<DemoCasesResult> {
  const db = deps.db
  const existing = await db.selectFrom('case').select('id').limit(1).executeTakeFirst()
  if (existing) {
    log.info('示范办件已存在，跳过 (demo cases already loaded)')
    return { loaded: false, cases: 0, byStatus: {} }
  }
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
  const win = await db.selectFrom('org_unit').select(['id']).where('code', '=', UNIT_CODES.windowA01).executeTakeFirst()
  const dept = await db.selectFrom('org_unit').select(['id']).where('code', '=', UNIT_CODES.dept('SCJG')).executeTakeFirst()
  const cityCentre = await db.selectFrom('org_unit').select(['id']).where('code', '=', UNIT_CODES.cityCentre).executeTakeFirst()
  if (!person || !company || !window01 || !reviewer || !approver || !win || !dept) {
    log.warn('示范城市或示范账号不完整，未加载示范办件 (demo city incomplete; no demo cases)')
    return { loaded: false, cases: 0, byStatus: {} }
  }
  const windowId = Number(win.id)

  // the market-supervision items of the demo catalogue, by what they allow
  const itemRows = await db.selectFrom('item').select(['id']).where('department_id', '=', Number(dept.id)).where('status', '=', 'published').orderBy('code').execute()
  const items: { id: number; g: ItemGuide }[] = []
  for (const r of itemRows) {
    const v = await currentItemVersion(db, Number(r.id))
    if (v && v.status === 'published') items.push({ id: Number(r.id), g: v.guide })
  }
  const pick = (f: (g: ItemGuide) => boolean, i = 0) => {
    const list = items.filter((x) => f(x.g))
    return list.length ? list[i % list.length]! : null
  }
  const promised = (i: number, who: 'person' | 'enterprise', extra: (g: ItemGuide) => boolean = () => true) =>
    pick((g) => !g.instant && g.audiences.includes(who) && g.steps.some((s) => s.key === 'review') && extra(g), i)
  if (!items.length) {
    log.warn('示范事项目录为空，未加载示范办件 (no demo items; no demo cases)')
    return { loaded: false, cases: 0, byStatus: {} }
  }

  // one deps copy whose clock we move; the calendar cache is keyed by deps, so keep one copy
  let at = new Date(deps.clock.now())
  const d: Deps = { ...deps, clock: { now: () => new Date(at) } }
  const cal = await getCalendar(deps, '3714')
  const today = deps.clock.now()
  /** the instant `workdays` working days before today, at hh:mm Beijing time */
  const ago = (workdays: number, hhmm = '09:30'): Date => {
    let day = new Date(today.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
    let n = 0
    while (n < workdays) {
      day = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
      if (cal.isWorkingDay(day)) n++
    }
    const t = new Date(`${day}T${hhmm}:00+08:00`)
    return t.getTime() > today.getTime() ? new Date(today.getTime() - 60_000) : t
  }
  const ctx = (actor: Actor): Ctx => ({ actor, ip: null, requestId: 'demo:cases' })
  const step = async <T>(when: Date, fn: () => Promise<T>): Promise<T> => {
    at = when
    return fn()
  }
  const later = (t: Date, minutes: number) => new Date(t.getTime() + minutes * 60_000)

  const requiredKeys = (g: ItemGuide, skip: string[] = []) => g.materials.filter((m) => m.requirement === 'required' && !skip.includes(m.key)).map((m) => m.key)
  const uploadAll = async (caseId: number, actor: Actor, g: ItemGuide, keys: string[]) => {
    for (const k of keys) {
      const name = g.materials.find((m) => m.key === k)?.name ?? k
      await cases.uploadMaterial(d, ctx(actor), caseId, k, { data: PDF(`${g.name} / ${name} / case ${caseId}`), originalName: `${name}.pdf` })
    }
  }
  const online = async (who: Actor, it: { id: number; g: ItemGuide }, t: Date, opts: { submit?: boolean; skip?: string[] } = {}) => {
    const id = await step(t, () => cases.createDraft(d, ctx(who), it.id))
    await step(later(t, 5), () => cases.saveForm(d, ctx(who), id, { form: { contact: who.displayName, note: '示范申请' } }))
    await step(later(t, 10), () => uploadAll(id, who, it.g, requiredKeys(it.g, opts.skip)))
    if (opts.submit !== false) await step(later(t, 15), () => cases.submit(d, ctx(who), id))
    return id
  }
  const atWindow = async (who: Actor, it: { id: number; g: ItemGuide }, t: Date, skip: string[] = []) => {
    const id = await step(t, () => cases.fileAtWindow(d, ctx(window01), { itemId: it.id, windowId, applicant: { userId: who.userId }, form: { contact: who.displayName } }))
    await step(later(t, 3), () => uploadAll(id, window01, it.g, requiredKeys(it.g, skip)))
    return id
  }
  const accept = (id: number, t: Date) => step(t, () => cases.intake(d, ctx(window01), id, { decision: 'accept' }))
  const activeStepOf = async (id: number) => {
    const s = await db.selectFrom('case_step').select(['id', 'key']).where('case_id', '=', id).where('status', '=', 'active').executeTakeFirst()
    return s ? { id: Number(s.id), key: s.key } : null
  }
  const review = async (id: number, t: Date) => {
    const s = await activeStepOf(id)
    if (s && s.key !== 'approve' && s.key !== 'complete') await step(t, () => cases.completeStep(d, ctx(reviewer), id, s.id, { opinion: '申请材料齐全，符合法定条件，建议准予许可', outcome: 'pass' }))
  }
  const decide = (id: number, t: Date, outcome: 'grant' | 'deny' = 'grant') =>
    step(t, () => cases.decide(d, ctx(approver), id, { outcome, reasons: outcome === 'deny' ? '经营场所与住宅未有效分隔，不符合食品安全要求' : null }))

  let made = 0
  const attempt = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn()
      made++
    } catch (e) {
      log.warn({ err: String((e as Error)?.message ?? e) }, `示范办件未能生成：${what}`)
    }
  }

  const foodLike = (i: number, who: 'person' | 'enterprise') => promised(i, who) ?? items[0]!
  const noFees = (i: number, who: 'person' | 'enterprise') => promised(i, who, (g) => g.fees.length === 0) ?? foodLike(i, who)
  const instant = (i: number, who: 'person' | 'enterprise') => pick((g) => g.instant && g.audiences.includes(who) && g.channels.includes('window'), i)
  const conditional = (who: 'person' | 'enterprise') => promised(0, who, (g) => g.conditionalAcceptance && g.materials.some((m) => m.secondary && m.requirement === 'required'))
  const pausable = (who: 'person' | 'enterprise') => promised(0, who, (g) => g.pausesAllowed.length > 0)

  // drafts and fresh online submissions (today / yesterday: the pre-review is still due)
  await attempt('草稿', () => online(person, foodLike(0, 'person'), ago(1, '20:10'), { submit: false }))
  await attempt('草稿', () => online(company, foodLike(1, 'enterprise'), ago(0, '08:40'), { submit: false, skip: requiredKeys(foodLike(1, 'enterprise').g).slice(1) }))
  await attempt('已提交', () => online(person, foodLike(2, 'person'), ago(0, '08:15')))
  await attempt('已提交', () => online(company, foodLike(3, 'enterprise'), ago(1, '16:45')))
  // returned at pre-review with a one-time notice
  await attempt('预审退回', async () => {
    const it = foodLike(1, 'person')
    const id = await online(person, it, ago(2, '10:00'))
    await step(ago(1, '09:20'), () => cases.prereview(d, ctx(window01), id, { outcome: 'return', items: [{ materialKey: requiredKeys(it.g)[0] ?? null, problem: '扫描件不清晰，请重新上传清晰完整的彩色扫描件' }] }))
  })
  // received (recently, so the intake decision is still within the 5 working days)
  await attempt('已收件', async () => {
    const it = foodLike(0, 'enterprise')
    const id = await online(company, it, ago(2, '14:00'))
    await step(ago(1, '09:05'), () => cases.prereview(d, ctx(window01), id, { outcome: 'pass' }))
  })
  await attempt('已收件（窗口）', () => atWindow(person, foodLike(3, 'person'), ago(0, '09:10')))
  // one-time correction notices
  for (const [i, who] of [[0, person], [1, company]] as const) {
    await attempt('待补正', async () => {
      const it = foodLike(i + 4, who === person ? 'person' : 'enterprise')
      const keys = requiredKeys(it.g)
      const missing = keys.slice(-1)
      const id = await atWindow(who, it, ago(4 - i, '10:30'), missing)
      await step(ago(4 - i, '11:00'), () =>
        cases.intake(d, ctx(window01), id, { decision: 'correction', items: missing.map((k) => ({ materialKey: k, problem: '未提交该材料，请补正' })) }),
      )
    })
  }
  // accepted, in review (one deemed accepted: the notice window passed without a decision)
  for (const i of [0, 1]) {
    await attempt('办理中（审核）', async () => {
      const who = i ? company : person
      const it = foodLike(i + 2, i ? 'enterprise' : 'person')
      const id = await atWindow(who, it, ago(3 + i, '09:40'))
      await accept(id, ago(3 + i, '10:05'))
    })
  }
  // accepted, at the approver
  for (const i of [0, 1]) {
    await attempt('办理中（批准）', async () => {
      const who = i ? person : company
      const it = foodLike(i, i ? 'person' : 'enterprise')
      const id = await atWindow(who, it, ago(6 + i, '14:20'))
      await accept(id, ago(6 + i, '14:40'))
      await review(id, ago(4 + i, '16:00'))
    })
  }
  // conditional acceptance (容缺) with a due date still ahead
  await attempt('容缺受理', async () => {
    const it = conditional('enterprise') ?? conditional('person')
    if (!it) throw new Error('没有允许容缺的事项')
    const who = it.g.audiences.includes('enterprise') ? company : person
    const sec = it.g.materials.find((m) => m.secondary && m.requirement === 'required')!
    const id = await atWindow(who, it, ago(2, '10:10'), [sec.key])
    await step(ago(2, '10:30'), () =>
      cases.intake(d, ctx(window01), id, { decision: 'conditional', pending: [{ materialKey: sec.key, dueDate: cal.addWorkingDays(new Date(today.getTime() + 8 * 3600_000).toISOString().slice(0, 10), 3) }], commitment: `承诺在期限内补齐「${sec.name}」，逾期未补齐的视为撤回申请` }),
    )
  })
  // paused for a special procedure
  await attempt('特别程序', async () => {
    const it = pausable('enterprise') ?? pausable('person')
    if (!it) throw new Error('没有允许特别程序的事项')
    const who = it.g.audiences.includes('enterprise') ? company : person
    const id = await atWindow(who, it, ago(8, '09:30'))
    await accept(id, ago(8, '09:50'))
    await review(id, ago(6, '15:00'))
    await step(ago(5, '10:00'), () => cases.pause(d, ctx(approver), id, { kind: it.g.pausesAllowed[0]!, reason: '需组织现场核查，核查时间不计入办理期限', expectedDays: 5 }))
  })
  // refused at intake
  await attempt('不予受理', async () => {
    const id = await atWindow(person, foodLike(2, 'person'), ago(9, '11:00'))
    await step(ago(9, '11:20'), () =>
      cases.intake(d, ctx(window01), id, { decision: 'refuse', refusalKind: 'not_our_authority', reasons: '申请事项属县级市场监管部门管辖', competentAuthority: '德城区市场监督管理局' }),
    )
  })
  // decided: granted and awaiting completion (fees), and denied
  await attempt('已决定（准予）', async () => {
    const id = await atWindow(company, foodLike(0, 'enterprise'), ago(10, '09:15'))
    await accept(id, ago(10, '09:30'))
    await review(id, ago(8, '15:30'))
    await decide(id, ago(6, '11:00'))
  })
  await attempt('已决定（不予许可）', async () => {
    const id = await atWindow(person, foodLike(1, 'person'), ago(11, '10:00'))
    await accept(id, ago(11, '10:20'))
    await review(id, ago(9, '16:10'))
    await decide(id, ago(7, '10:40'), 'deny')
  })
  // completed and delivered (items without fees, so nothing stands in the way)
  for (const i of [0, 1, 2, 3]) {
    await attempt(i < 2 ? '已办结' : '已送达', async () => {
      const who = i % 2 ? company : person
      const it = noFees(i, i % 2 ? 'enterprise' : 'person')
      const id = await atWindow(who, it, ago(18 - i, '09:20'))
      await accept(id, ago(18 - i, '09:45'))
      await review(id, ago(16 - i, '14:00'))
      await decide(id, ago(14 - i, '10:30'))
      await step(ago(13 - i, '15:00'), () => cases.complete(d, ctx(window01), id))
      if (i >= 2) {
        await step(ago(12 - i, '10:00'), () =>
          cases.deliver(d, ctx(window01), id, i === 2 ? { method: 'pickup', pickupCentreId: cityCentre ? Number(cityCentre.id) : undefined } : { method: 'post', address: '德州市德城区东风中路 1 号', trackingNumber: `SF${1400000000 + id}` }),
        )
      }
    })
  }
  // instant items done on the spot at the window
  for (const i of [0, 1]) {
    await attempt('即办件', async () => {
      const who = i ? company : person
      const it = instant(i, i ? 'enterprise' : 'person')
      if (!it) throw new Error('没有即办事项')
      const id = await atWindow(who, it, ago(5 + i, '15:10'))
      await accept(id, ago(5 + i, '15:20'))
    })
  }
  // withdrawn by the applicant
  await attempt('已撤回', async () => {
    const id = await online(person, foodLike(3, 'person'), ago(12, '19:30'))
    await step(ago(11, '08:50'), () => cases.withdraw(d, ctx(person), id, '经营地址变更，重新申请'))
  })
  await attempt('已撤回（草稿）', async () => {
    const id = await online(company, foodLike(2, 'enterprise'), ago(7, '13:00'), { submit: false })
    await step(ago(7, '13:30'), () => cases.withdraw(d, ctx(company), id, null))
  })

  const rows = await db.selectFrom('case').select(['status']).execute()
  const byStatus: Record<string, number> = {}
  for (const r of rows) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1
  log.info({ cases: made, byStatus }, '示范办件已加载')
  return { loaded: true, cases: made, byStatus }
}
