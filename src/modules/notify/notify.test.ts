import http from 'node:http'
import type { AddressInfo } from 'node:net'
import nodemailer, { type SendMailOptions } from 'nodemailer'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, makeStaff, ADMIN_PASSWORD, type TestApp } from '../../test/harness.js'
import { mutate } from '../../server/mutate.js'
import { systemCtx } from '../../server/context.js'
import { deliverDue, httpSmsSender, logSender, mailSender, notify, NOTICE_EVENTS, setNotifyLogger, type NoticeInput, type Senders } from './index.js'

// A tiny SMS gateway on 127.0.0.1: records what it receives, fails while `gatewayFails` is set.
const received: { phone: string; text: string }[] = []
let gatewayFails = false
const gateway = http.createServer((req, res) => {
  let body = ''
  req.on('data', (c) => (body += c))
  req.on('end', () => {
    if (gatewayFails) {
      res.writeHead(503).end('gateway busy')
      return
    }
    received.push(JSON.parse(body))
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
  })
})
let gatewayUrl = ''

let a: TestApp
let b: TestApp
let userA: { id: number; username: string; password: string }
let userB: { id: number; username: string; password: string }
beforeAll(async () => {
  await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r))
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`
  a = await createTestApp({ config: { smsGatewayUrl: gatewayUrl } })
  b = await createTestApp({ testDb: a.testDb, database: await a.testDb.openAnother(), clock: a.clock, config: { smsGatewayUrl: gatewayUrl } })
  userA = await makeStaff(a.deps, { role: 'window_staff' })
  userB = await makeStaff(a.deps, { role: 'window_staff' })
})
afterAll(async () => {
  await b.close()
  await a.close()
  await new Promise((r) => gateway.close(r))
})
beforeEach(() => {
  received.length = 0
  gatewayFails = false
})

const gatewaySenders = (): Senders => {
  const none = async () => {
    throw new Error('not in this test')
  }
  return { sms: httpSmsSender(gatewayUrl), email: none, log: async () => {} }
}

const send = (input: NoticeInput, app: TestApp = a) =>
  mutate(app.deps, systemCtx('notify-test'), async (tx) => {
    await notify(tx, input)
    await tx.audit({ action: 'test.case.change', targetType: 'case', targetId: input.caseId ?? null })
  })

const outboxOf = (caseId: number) => a.deps.db.selectFrom('notice_outbox').selectAll().where('case_id', '=', caseId).orderBy('id').execute()

let caseSeq = 5000
const accepted = (over: Partial<NoticeInput> = {}): NoticeInput => ({
  event: 'case.accepted',
  name: '李小华',
  data: { itemName: '食品经营许可', caseNumber: `DZ2026${++caseSeq}`, promisedDue: '2026年3月16日' },
  caseId: caseSeq,
  ...over,
})

async function drain(app: TestApp, senders: Senders) {
  let total = 0
  for (;;) {
    const r = await deliverDue(app.deps, { senders, instanceId: app.deps.config.instanceId })
    total += r.sent + r.retried + r.failed
    if (r.sent + r.retried + r.failed === 0) return total
  }
}

describe('queuing a notice in the caller’s transaction', () => {
  it('writes one outbox row per channel the recipient has, rendered from the template now', async () => {
    const input = accepted({ userId: userA.id, phone: '13912345678', email: 'lixiaohua@example.com' })
    await send(input)
    const rows = await outboxOf(input.caseId!)
    expect(rows.map((r) => [r.channel, r.recipient, r.status])).toEqual([
      ['inapp', null, 'queued'],
      ['sms', '13912345678', 'queued'],
      ['email', 'lixiaohua@example.com', 'queued'],
    ])
    const sms = rows[1]!.body
    expect(sms).toBe(`【德州政务】您申请的食品经营许可（办件编号${input.data.caseNumber}）已于2026年3月2日受理，承诺2026年3月16日前办结，可凭办件编号在网上办事大厅或“我的办件”中查询进度。`)
    expect(rows[0]!.title).toBe('已受理：食品经营许可')
    expect(rows[2]!.title).toBe(`【德州政务】已受理：食品经营许可（${input.data.caseNumber}）`)
    expect(rows[2]!.body.startsWith('李小华：')).toBe(true)
  })

  it('writes nothing when the change rolls back', async () => {
    const input = accepted({ phone: '13912345678' })
    await expect(
      mutate(a.deps, systemCtx(), async (tx) => {
        await notify(tx, input)
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    expect(await outboxOf(input.caseId!)).toEqual([])
  })

  it('falls back to the log channel when the recipient has no way to be reached, and renders a missing value as empty, logged', async () => {
    const warned: Record<string, unknown>[] = []
    setNotifyLogger({ warn: ((obj: Record<string, unknown>) => void warned.push(obj)) as never })
    const input = accepted({ data: { itemName: '食品经营许可', caseNumber: 'DZX' } })
    await send(input)
    expect(warned).toEqual([{ event: 'case.accepted', caseId: input.caseId, missing: ['promisedDue'] }])
    const rows = await outboxOf(input.caseId!)
    expect(rows.map((r) => r.channel)).toEqual(['log'])
    expect(rows[0]!.body).toContain('承诺前办结') // promisedDue was not given
  })

  it('ignores a malformed phone or e-mail instead of queuing an undeliverable notice', async () => {
    const input = accepted({ userId: userA.id, phone: '12345', email: 'not-an-address' })
    await send(input)
    expect((await outboxOf(input.caseId!)).map((r) => r.channel)).toEqual(['inapp'])
  })

  it('keeps a queued notice as it was rendered when the template is edited afterwards', async () => {
    const admin = await a.login('admin', ADMIN_PASSWORD)
    const input = accepted({ phone: '13900001111' })
    await send(input)
    const before = (await outboxOf(input.caseId!))[0]!.body
    const original = (await a.app.inject({ method: 'GET', url: '/api/notify/templates', headers: { cookie: admin } })).json().items.find((t: { event: string }) => t.event === 'case.accepted')
    const put = await a.app.inject({ method: 'PUT', url: '/api/notify/templates/case.accepted', headers: { cookie: admin }, payload: { sms: '【德州政务】{{caseNumber}}已受理（新模板）' } })
    expect(put.statusCode).toBe(200)
    try {
      expect((await outboxOf(input.caseId!))[0]!.body).toBe(before)
      const next = accepted({ phone: '13900001111' })
      await send(next)
      expect((await outboxOf(next.caseId!))[0]!.body).toBe(`【德州政务】${next.data.caseNumber}已受理（新模板）`)
    } finally {
      await a.app.inject({ method: 'PUT', url: '/api/notify/templates/case.accepted', headers: { cookie: admin }, payload: { sms: original.sms } })
    }
  })
})

describe('delivering the outbox', () => {
  it('puts an in-app notice into the user’s inbox, where they can read it', async () => {
    const input = accepted({ userId: userB.id })
    await send(input)
    await drain(a, gatewaySenders())
    const cookie = await a.login(userB.username, userB.password)
    const list = (await a.app.inject({ method: 'GET', url: '/api/notify/messages?unread=true', headers: { cookie } })).json()
    const msg = list.items.find((m: { caseId: number }) => m.caseId === input.caseId)
    expect(msg).toMatchObject({ event: 'case.accepted', title: '已受理：食品经营许可', readAt: null })
    expect(msg.body).toContain(String(input.data.caseNumber))
    expect(list.unread).toBeGreaterThanOrEqual(1)
    const read = await a.app.inject({ method: 'POST', url: `/api/notify/messages/${msg.id}/read`, headers: { cookie } })
    expect(read.json()).toEqual({ ok: true })
    const after = (await a.app.inject({ method: 'GET', url: '/api/notify/messages', headers: { cookie } })).json()
    expect(after.items.find((m: { id: number }) => m.id === msg.id).readAt).toBe(a.clock.now().toISOString())
    expect(after.unread).toBe(list.unread - 1)
    // someone else's message is not there for another user
    const other = await a.login(userA.username, userA.password)
    const r = await a.app.inject({ method: 'POST', url: `/api/notify/messages/${msg.id}/read`, headers: { cookie: other } })
    expect(r.statusCode).toBe(404)
    expect((await a.app.inject({ method: 'GET', url: '/api/notify/messages' })).statusCode).toBe(401)
  })

  it('sends an SMS to the HTTP gateway as {phone, text} and marks it sent', async () => {
    const input = accepted({ phone: '13911112222' })
    await send(input)
    await drain(a, gatewaySenders())
    expect(received).toEqual([{ phone: '13911112222', text: (await outboxOf(input.caseId!))[0]!.body }])
    const row = (await outboxOf(input.caseId!))[0]!
    expect(row).toMatchObject({ status: 'sent', attempts: 1, last_error: null })
    expect(new Date(row.sent_at!).toISOString()).toBe(a.clock.now().toISOString())
  })

  it('retries a failing gateway with growing backoff, then gives up as failed with the last error', async () => {
    const input = accepted({ phone: '13933334444' })
    await send(input)
    gatewayFails = true
    const senders = gatewaySenders()
    const gaps: number[] = []
    for (let attempt = 1; attempt <= 5; attempt++) {
      await drain(a, senders)
      const row = (await outboxOf(input.caseId!))[0]!
      expect(row.attempts).toBe(attempt)
      expect(row.last_error).toContain('HTTP 503')
      if (attempt < 5) {
        expect(row.status).toBe('queued')
        const wait = new Date(row.next_attempt_at).getTime() - a.clock.now().getTime()
        gaps.push(wait)
        // not retried before its time
        a.clock.advance(wait - 1000)
        await drain(a, senders)
        expect((await outboxOf(input.caseId!))[0]!.attempts).toBe(attempt)
        a.clock.advance(1000)
      } else {
        expect(row.status).toBe('failed')
      }
    }
    expect(gaps).toEqual([30_000, 60_000, 120_000, 240_000])
    expect(received).toEqual([])

    // the outbox page shows it failed, recipient masked; a centre admin may queue it again
    const admin = await a.login('admin', ADMIN_PASSWORD)
    const list = (await a.app.inject({ method: 'GET', url: `/api/notify/outbox?status=failed&caseId=${input.caseId}`, headers: { cookie: admin } })).json()
    expect(list.items).toHaveLength(1)
    expect(list.items[0]).toMatchObject({ channel: 'sms', recipient: '139****4444', status: 'failed', attempts: 5 })
    expect(list.items[0].lastError).toContain('HTTP 503')
    const id = list.items[0].id
    gatewayFails = false
    expect((await a.app.inject({ method: 'POST', url: `/api/notify/outbox/${id}/retry`, headers: { cookie: admin } })).statusCode).toBe(200)
    await drain(a, senders)
    expect(received.map((r) => r.phone)).toEqual(['13933334444'])
    const again = await a.app.inject({ method: 'POST', url: `/api/notify/outbox/${id}/retry`, headers: { cookie: admin } })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.code).toBe('NOTICE_NOT_RETRYABLE')
  })

  it('sends e-mail through nodemailer (JSON transport, no network)', async () => {
    const sent: { to: string; subject: string; text: string; from: string }[] = []
    const transport = nodemailer.createTransport({ jsonTransport: true })
    const capture = {
      sendMail: async (mail: SendMailOptions) => {
        const info = await transport.sendMail(mail)
        const m = JSON.parse(info.message as unknown as string)
        sent.push({ to: m.to[0].address, subject: m.subject, text: m.text, from: m.from.address })
        return info
      },
    }
    const input = accepted({ email: 'applicant@example.com' })
    await send(input)
    await drain(a, { ...gatewaySenders(), email: mailSender(capture, 'OneWindow <noreply@dezhou.example.cn>') })
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ to: 'applicant@example.com', from: 'noreply@dezhou.example.cn', subject: `【德州政务】已受理：食品经营许可（${input.data.caseNumber}）` })
    expect(sent[0]!.text).toContain('下一步')
    expect((await outboxOf(input.caseId!))[0]!.status).toBe('sent')
  })

  it('writes a log line with the phone masked when no gateway is configured', async () => {
    const lines: { obj: Record<string, unknown>; msg: string }[] = []
    const log = { info: (obj: Record<string, unknown>, msg: string) => void lines.push({ obj, msg }), warn: () => {} }
    const input = accepted({ phone: '13955556666', data: { itemName: '食品经营许可', caseNumber: 'DZ-LOG', promisedDue: '联系13955556666' } })
    await send(input)
    const sender = logSender(log as never)
    await drain(a, { sms: sender, email: sender, log: sender })
    const line = JSON.stringify(lines.find((l) => JSON.stringify(l.obj).includes('DZ-LOG')))
    expect(line).toContain('139****6666')
    expect(line).not.toContain('13955556666')
  })

  it('is done by the outbox sweep of the running job runner, through the configured gateway', async () => {
    const input = accepted({ phone: '13977778888', userId: userA.id })
    await send(input)
    a.clock.advance(10_000)
    await a.app.jobs.tick()
    const rows = await outboxOf(input.caseId!)
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent'])
    expect(received.filter((r) => r.phone === '13977778888')).toHaveLength(1)
  })
})

describe('two server instances delivering the same outbox', () => {
  it('deliver every notice exactly once, both taking part', async () => {
    const phones = Array.from({ length: 30 }, (_, i) => `1380000${String(i).padStart(4, '0')}`)
    const first = caseSeq + 1
    for (const phone of phones) await send(accepted({ phone, userId: userB.id }), phones.indexOf(phone) % 2 ? a : b)
    const senders = gatewaySenders()
    const by = { [a.deps.config.instanceId]: 0, [b.deps.config.instanceId]: 0 }
    for (;;) {
      const rs = await Promise.all(
        [a, b, a, b].map((app) => deliverDue(app.deps, { senders, instanceId: app.deps.config.instanceId, batch: 3 }, 3).then((r) => [app.deps.config.instanceId, r.sent] as const)),
      )
      for (const [id, n] of rs) by[id]! += n
      if (rs.every(([, n]) => n === 0)) break
    }
    expect(received.map((r) => r.phone).sort()).toEqual([...phones].sort())
    const rows = await a.deps.db.selectFrom('notice_outbox').select(['status', 'channel']).where('case_id', '>=', first).where('case_id', '<=', caseSeq).execute()
    expect(rows).toHaveLength(60)
    expect(rows.every((r) => r.status === 'sent')).toBe(true)
    const msgs = await a.deps.db.selectFrom('notice_message').select('case_id').where('case_id', '>=', first).where('case_id', '<=', caseSeq).execute()
    expect(msgs).toHaveLength(30)
    expect(Object.values(by).every((n) => n > 0)).toBe(true)
  })
})

describe('templates and outbox pages', () => {
  it('lets a centre or system administrator read and edit templates, with an audit record', async () => {
    const admin = await a.login('admin', ADMIN_PASSWORD)
    const list = (await a.app.inject({ method: 'GET', url: '/api/notify/templates', headers: { cookie: admin } })).json()
    expect(list.items.map((t: { event: string }) => t.event).sort()).toEqual([...NOTICE_EVENTS].sort())
    expect(list.items[0]).toMatchObject({ event: 'case.submitted', eventName: '申请已提交' })
    const r = await a.app.inject({ method: 'PUT', url: '/api/notify/templates/case.completed', headers: { cookie: admin }, payload: { inappTitle: '办结啦：{{itemName}}' } })
    expect(r.statusCode).toBe(200)
    expect(r.json().template).toMatchObject({ event: 'case.completed', inappTitle: '办结啦：{{itemName}}' })
    const audit = await a.deps.db.selectFrom('audit_record').select(['action', 'before', 'after']).where('action', '=', 'notify.template.update').where('target_id', '=', 'case.completed').execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]!.after).toEqual({ inappTitle: '办结啦：{{itemName}}' })
    expect(audit[0]!.before).toEqual({ inappTitle: '已办结：{{itemName}}' })
  })

  it.each([
    [{ sms: '{{itemNam}}已受理' }, 'TEMPLATE_INVALID'],
    [{ sms: '{{itemName}已受理' }, 'TEMPLATE_INVALID'],
    [{}, 'TEMPLATE_INVALID'],
    [{ sms: '   ' }, 'TEMPLATE_INVALID'],
    [{ colour: 'red' }, 'TEMPLATE_INVALID'], // unknown fields are dropped: nothing left to change
  ])('refuses the template edit %j with %s', async (payload, code) => {
    const admin = await a.login('admin', ADMIN_PASSWORD)
    const r = await a.app.inject({ method: 'PUT', url: '/api/notify/templates/case.accepted', headers: { cookie: admin }, payload })
    expect(r.statusCode).toBe(400)
    expect(r.json().error.code).toBe(code)
  })

  it('keeps templates and the outbox from staff without the role', async () => {
    const staff = await a.login(userA.username, userA.password)
    for (const [method, url] of [
      ['GET', '/api/notify/templates'],
      ['PUT', '/api/notify/templates/case.accepted'],
      ['GET', '/api/notify/outbox'],
    ] as const) {
      const r = await a.app.inject({ method, url, headers: { cookie: staff }, ...(method === 'PUT' ? { payload: { sms: 'x' } } : {}) })
      expect(r.statusCode).toBe(403)
      expect((await a.app.inject({ method, url, ...(method === 'PUT' ? { payload: { sms: 'x' } } : {}) })).statusCode).toBe(401)
    }
    const supervisor = await makeStaff(a.deps, { role: 'supervisor' })
    const r = await a.app.inject({ method: 'GET', url: '/api/notify/outbox?channel=sms', headers: { cookie: await a.login(supervisor.username, supervisor.password) } })
    expect(r.statusCode).toBe(200)
    expect(r.json().items.length).toBeGreaterThan(0)
    for (const it of r.json().items) expect(it.recipient).toMatch(/^1\d\d\*{4}\d{4}$/)
  })
})
