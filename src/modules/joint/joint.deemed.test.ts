/**
 * The default rules of parallel approval through the real server: R17 replies (irregular ones and
 * 不同意 without reasons count as 同意), R16 超时默许 with the holiday calendar and its 1-working-day
 * follow-up, late replies kept as a record only, 缺席默认 at joint meetings, and a sweep that deems
 * each task exactly once even with two server instances running it at the same moment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestApp } from '../../test/harness.js'
import { systemCtx } from '../../server/context.js'
import { toShanghaiDate } from '../calendar/index.js'
import { acceptedCase, auditCount, deptCookie, getCase, pdfText, setupFx, taskOf, type Fx } from './joint.core-fixture.js'
import { sweepTimeouts } from './joint.service.js'
import type { JointCaseDto } from './joint.types.js'

let fx: Fx
beforeAll(async () => {
  fx = await setupFx()
})
afterAll(() => fx.t.close())

const post = (url: string, cookie: string, body?: unknown) => fx.call('POST', `/api${url}`, cookie, body)
const sweep = () => sweepTimeouts(fx.t.deps, systemCtx('test'), fx.t.clock.now())

describe('R17 replies', () => {
  it('records regular replies and deems irregular ones 同意, deciding each sub-case', async () => {
    const c = await acceptedCase(fx)
    const [a, b, cc] = [taskOf(fx, c, 'a'), taskOf(fx, c, 'b'), taskOf(fx, c, 'c')]
    fx.ok(await post(`/joint/tasks/${a.id}/reply`, deptCookie(fx, 'a'), { reply: '原则同意，请完善' }))
    fx.ok(await post(`/joint/tasks/${b.id}/reply`, deptCookie(fx, 'b'), { reply: '不同意' }))
    const after = fx.ok(await post(`/joint/tasks/${cc.id}/reply`, deptCookie(fx, 'c'), { reply: '同意但需轉報', forwardTo: '山东省住房和城乡建设厅' })).case as JointCaseDto
    expect(taskOf(fx, after, 'a')).toMatchObject({ status: 'deemed', reply: 'agree', deemedKind: 'irregular_reply', replyRaw: '原则同意，请完善', caseStatus: 'decided' })
    expect(taskOf(fx, after, 'b')).toMatchObject({ status: 'deemed', reply: 'agree', deemedKind: 'irregular_reply', replyRaw: '不同意' })
    expect(taskOf(fx, after, 'c')).toMatchObject({ status: 'replied', reply: 'agree_forward', forwardTo: '山东省住房和城乡建设厅', deemedKind: null })
    expect(taskOf(fx, after, 'a').followupDue).not.toBeNull()
    // the stored prediction follows the replies: everyone answered today, so today is the predicted completion
    const stored = await fx.t.deps.db.selectFrom('joint_case').select(['predicted_completion']).where('id', '=', c.id).executeTakeFirstOrThrow()
    expect(stored.predicted_completion).toBe(toShanghaiDate(fx.t.clock.now()))
    expect(c.predictedCompletion! > stored.predicted_completion!).toBe(true)
    const decisions = await fx.t.deps.db.selectFrom('case').select(['id', 'decision']).where('joint_case_id', '=', c.id).execute()
    expect(decisions.every((d) => d.decision === 'grant')).toBe(true)
    expect(await auditCount(fx, 'joint.task.deem', a.id)).toBe(1)
    expect(await auditCount(fx, 'joint.task.reply', cc.id)).toBe(1)
    const second = await post(`/joint/tasks/${cc.id}/reply`, deptCookie(fx, 'c'), { reply: '不同意', reasons: '改变主意' })
    expect(second.statusCode).toBe(409)
    expect(second.json().error.code).toBe('ALREADY_REPLIED')

    const r = fx.ok(await post(`/joint/cases/${c.id}/reply`, fx.c.win!))
    const text = await pdfText(fx, c.id, r.document.id, fx.ent.cookie)
    for (const s of ['答复不规范，视为同意', '同意但需转报', '山东省住房和城乡建设厅']) expect(text).toContain(s)
  })

  it('denies the sub-case when 不同意 comes with reasons', async () => {
    const c = await acceptedCase(fx)
    const t = taskOf(fx, c, 'b')
    const after = fx.ok(await post(`/joint/tasks/${t.id}/reply`, deptCookie(fx, 'b'), { reply: 'disagree', reasons: '用地性质与规划不符', issueNow: true })).case as JointCaseDto
    expect(taskOf(fx, after, 'b')).toMatchObject({ status: 'replied', reply: 'disagree', reasons: '用地性质与规划不符', caseStatus: 'completed' })
    expect(taskOf(fx, after, 'b').documentIssuedAt).not.toBeNull()
    const sub = await fx.t.deps.db.selectFrom('case').select(['decision']).where('id', '=', t.caseId!).executeTakeFirstOrThrow()
    expect(sub.decision).toBe('deny')
  })
})

describe('R16 超时默许 across National Day', () => {
  let c: JointCaseDto
  it('deems a department silent past its due date, on the first day after it, even a holiday', async () => {
    await fx.setClock('2026-09-22T10:00:00+08:00') // Tuesday
    c = await acceptedCase(fx)
    const t = taskOf(fx, c, 'c')
    expect(t.limitDays).toBe(5)
    expect(t.due).toBe('2026-09-30') // Wed 23, Thu 24, (中秋 25–27), Mon 28, Tue 29, Wed 30
    expect(taskOf(fx, c, 'b').due).toBe('2026-10-10') // 8 days: … Wed 30, (国庆 1–7 Oct), Thu 8, Fri 9, Sat 10 (make-up workday)

    await fx.setClock('2026-09-30T23:30:00+08:00')
    await sweep()
    expect(taskOf(fx, await getCase(fx, c.id), 'c')).toMatchObject({ status: 'pending', light: 'yellow', daysLeft: 0 })

    await fx.setClock('2026-10-01T00:05:00+08:00') // a holiday
    expect(await sweep()).toBeGreaterThanOrEqual(1)
    const after = await getCase(fx, c.id)
    const deemed = taskOf(fx, after, 'c')
    expect(deemed).toMatchObject({ status: 'deemed', reply: 'agree', deemedKind: 'timeout', caseStatus: 'decided', followupOverdue: false })
    expect(deemed.deemedAt).toBe('2026-09-30T16:05:00.000Z')
    expect(deemed.followupDue).toBe('2026-10-08') // the first working day after the holiday
    // the department hears of it in-app, with the follow-up date (R16: it bears the responsibility)
    const told = await fx.t.deps.db.selectFrom('notice_outbox').select(['channel', 'recipient_user_id', 'body']).where('event', '=', 'joint.task_deemed').execute()
    const mine = told.filter((n) => n.body.includes(c.number))
    expect(mine.length).toBeGreaterThanOrEqual(1)
    expect(mine.every((n) => n.channel === 'inapp' && n.recipient_user_id !== null && n.body.includes('超时默许') && n.body.includes('2026年10月8日'))).toBe(true)
    expect(taskOf(fx, after, 'b').status).toBe('pending')
    const steps = await fx.t.deps.db.selectFrom('case_step').select(['opinion']).where('case_id', '=', deemed.caseId!).execute()
    expect(steps.map((x) => x.opinion)).toContain('超时默许，视为同意')
    // idempotent: sweeping again deems nothing more and writes no second record
    await sweep()
    expect(await auditCount(fx, 'joint.task.deem', deemed.id)).toBe(1)
  })

  it('flags the follow-up as overdue after the one working day, until the document is issued', async () => {
    const t = taskOf(fx, c, 'c')
    await fx.setClock('2026-10-08T17:00:00+08:00')
    expect(taskOf(fx, await getCase(fx, c.id), 'c').followupOverdue).toBe(false)
    await fx.setClock('2026-10-09T09:00:00+08:00')
    expect(taskOf(fx, await getCase(fx, c.id), 'c').followupOverdue).toBe(true)
    const issued = fx.ok(await post(`/joint/tasks/${t.id}/issue`, deptCookie(fx, 'c'))).case as JointCaseDto
    expect(taskOf(fx, issued, 'c')).toMatchObject({ followupOverdue: false, caseStatus: 'completed' })
  })

  it('keeps a late reply as a record only: the deemed approval stands', async () => {
    const t = taskOf(fx, c, 'c')
    const r = fx.ok(await post(`/joint/tasks/${t.id}/reply`, deptCookie(fx, 'c'), { reply: '不同意', reasons: '消防通道宽度不足' })).case as JointCaseDto
    expect(taskOf(fx, r, 'c')).toMatchObject({ status: 'deemed', reply: 'agree', deemedKind: 'timeout' })
    expect(taskOf(fx, r, 'c').lateReply).toMatchObject({ reply: '不同意', reasons: '消防通道宽度不足' })
    expect(await auditCount(fx, 'joint.task.late_reply', t.id)).toBe(1)
    const sub = await fx.t.deps.db.selectFrom('case').select(['decision']).where('id', '=', t.caseId!).executeTakeFirstOrThrow()
    expect(sub.decision).toBe('grant')
    // and the database itself refuses to overwrite it
    await expect(sql`UPDATE joint_task SET status = 'replied', reply = 'disagree', reasons = 'x' WHERE id = ${t.id}`.execute(fx.t.deps.db)).rejects.toThrow(/deemed approval cannot be overwritten/)
  })
})

describe('R16 缺席默认 at joint meetings', () => {
  it('deems an absent department 同意, but not one excused with a reason', async () => {
    await fx.setClock('2026-03-02T09:00:00+08:00')
    const c = await acceptedCase(fx)
    const m = fx.ok(await post(`/joint/cases/${c.id}/meetings`, fx.c.leadRev!, { kind: 'inspection', title: '项目现场联合踏勘', scheduledAt: '2026-03-04T09:30:00+08:00', location: '项目现场' }), 201).meeting
    expect(m.invites).toHaveLength(3)
    expect(m.invites.every((i: { attendance: string }) => i.attendance === 'invited')).toBe(true)
    const notice = (await getCase(fx, c.id)).documents.find((d) => d.kind === 'meeting_notice')!
    expect(await pdfText(fx, c.id, notice.id)).toContain('联合踏勘')
    const [a, b, cc] = [taskOf(fx, c, 'a'), taskOf(fx, c, 'b'), taskOf(fx, c, 'c')]

    const bad = await post(`/joint/meetings/${m.id}/attendance`, fx.c.leadRev!, { entries: [{ taskId: b.id, attendance: 'excused' }], minutes: '——' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.code).toBe('MEETING_INVALID')
    const untouched = await getCase(fx, c.id)
    expect(untouched.meetings[0]!.status).toBe('scheduled')
    expect(untouched.tasks.every((t) => t.status === 'pending')).toBe(true)

    const held = fx.ok(
      await post(`/joint/meetings/${m.id}/attendance`, fx.c.leadRev!, {
        entries: [
          { taskId: a.id, attendance: 'attended' },
          { taskId: b.id, attendance: 'excused', reason: '局长参加省厅会议，已书面请假' },
        ],
        minutes: '各部门现场查看了项目选址，未发现问题。',
      }),
    ).case as JointCaseDto
    expect(held.meetings[0]).toMatchObject({ status: 'held', minutes: '各部门现场查看了项目选址，未发现问题。' })
    const inv = new Map(held.meetings[0]!.invites.map((i) => [i.taskId, i]))
    expect(inv.get(a.id)).toMatchObject({ attendance: 'attended', deemed: false })
    expect(inv.get(b.id)).toMatchObject({ attendance: 'excused', deemed: false, reason: '局长参加省厅会议，已书面请假' })
    expect(inv.get(cc.id)).toMatchObject({ attendance: 'absent', deemed: true })
    expect(taskOf(fx, held, 'a').status).toBe('pending')
    expect(taskOf(fx, held, 'b').status).toBe('pending')
    expect(taskOf(fx, held, 'c')).toMatchObject({ status: 'deemed', deemedKind: 'absence', caseStatus: 'decided', followupDue: '2026-03-03' })

    fx.ok(await post(`/joint/tasks/${a.id}/reply`, deptCookie(fx, 'a'), { reply: '同意' }))
    fx.ok(await post(`/joint/tasks/${b.id}/reply`, deptCookie(fx, 'b'), { reply: '同意' }))
    const r = fx.ok(await post(`/joint/cases/${c.id}/reply`, fx.c.leadRev!))
    expect(await pdfText(fx, c.id, r.document.id)).toContain('缺席默认')
  })
})

describe('the timeout sweep with two server instances', () => {
  it('deems each overdue task exactly once', async () => {
    await fx.setClock('2026-03-02T09:00:00+08:00')
    const cases = [await acceptedCase(fx), await acceptedCase(fx)]
    await fx.setClock('2026-04-01T09:00:00+08:00') // every task of both cases is past due
    const overdue = await sql<{ n: number }>`SELECT count(*) AS n FROM joint_task t JOIN joint_case c ON c.id = t.joint_case_id
      WHERE t.status = 'pending' AND t.due < '2026-04-01' AND c.status = 'accepted'`.execute(fx.t.deps.db)
    const expected = Number(overdue.rows[0]!.n)
    expect(expected).toBeGreaterThanOrEqual(6)
    const b = await createTestApp({ testDb: fx.t.testDb, database: await fx.t.testDb.openAnother(), clock: fx.t.clock })
    try {
      const now = fx.t.clock.now()
      const [na, nb] = await Promise.all([sweepTimeouts(fx.t.deps, systemCtx('a'), now), sweepTimeouts(b.deps, systemCtx('b'), now)])
      expect(na + nb).toBe(expected)
    } finally {
      await b.close()
    }
    for (const c of cases) {
      const after = await getCase(fx, c.id)
      for (const t of after.tasks) {
        expect(t).toMatchObject({ status: 'deemed', deemedKind: 'timeout' })
        expect(await auditCount(fx, 'joint.task.deem', t.id)).toBe(1)
      }
    }
    expect(await sweep()).toBe(0)
  })
})

describe('R4 with R16: a department in a special procedure', () => {
  it('is not deemed while its sub-case is paused, and its deadline moves by the paused working days', async () => {
    await fx.setClock('2026-11-02T10:00:00+08:00') // Monday
    const c = await acceptedCase(fx)
    const t = taskOf(fx, c, 'c')
    expect(t.due).toBe('2026-11-09') // 5 working days
    await fx.setClock('2026-11-03T10:00:00+08:00')
    fx.ok(await fx.call('POST', `/api/cases/${t.caseId}/pauses`, deptCookie(fx, 'c'), { kind: 'site_inspection', reason: '现场勘验', expectedDays: 3 }))

    await fx.setClock('2026-11-12T10:00:00+08:00') // past the first due date, still paused
    await sweep()
    expect(taskOf(fx, await getCase(fx, c.id), 'c')).toMatchObject({ status: 'pending', daysLeft: null })
    const inbox = fx.ok(await fx.call('GET', '/api/joint/tasks?status=pending&pageSize=100', deptCookie(fx, 'c'))).items as { taskId: number; daysLeft: number | null; light: string | null }[]
    expect(inbox.find((r) => r.taskId === t.id)).toMatchObject({ daysLeft: null, light: null })

    const pause = await fx.t.deps.db.selectFrom('case_pause').select(['id']).where('case_id', '=', t.caseId!).executeTakeFirstOrThrow()
    fx.ok(await fx.call('POST', `/api/cases/${t.caseId}/pauses/${pause.id}/resume`, deptCookie(fx, 'c')))
    await sweep()
    const after = taskOf(fx, await getCase(fx, c.id), 'c')
    expect(after.status).toBe('pending')
    expect(after.due! > '2026-11-12').toBe(true) // Tue 3 … Thu 12 not counted: 7 more working days
    expect(after.daysLeft).toBeGreaterThan(0)
    const inboxAfter = fx.ok(await fx.call('GET', '/api/joint/tasks?status=pending&pageSize=100', deptCookie(fx, 'c'))).items as { taskId: number; due: string }[]
    expect(inboxAfter.find((r) => r.taskId === t.id)!.due).toBe(after.due)
    expect(await auditCount(fx, 'joint.task.deem', t.id)).toBe(0)
  })
})
