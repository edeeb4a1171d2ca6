import { describe, expect, it } from 'vitest'
import { DEFAULT_TEMPLATES, EVENT_NAMES, NOTICE_EVENTS, PLACEHOLDERS, renderTemplate, templateProblems } from './notify.templates.js'

describe('rendering a template', () => {
  it.each([
    ['您申请的{{itemName}}已受理', { itemName: '食品经营许可' }, '您申请的食品经营许可已受理', []],
    ['{{ caseNumber }}号', { caseNumber: 'DZ001' }, 'DZ001号', []],
    ['承诺{{promisedDue}}前办结', {}, '承诺前办结', ['promisedDue']],
    ['{{days}}个工作日', { days: 0 }, '0个工作日', []],
    ['{{reason}}{{reason}}', { reason: '' }, '', ['reason']],
    ['{{constructor}}', {}, '', ['constructor']],
    ['无占位符', { a: 1 }, '无占位符', []],
  ] as const)('%j with %j → %j (missing %j)', (text, data, want, missing) => {
    expect(renderTemplate(text, data as Record<string, string | number>)).toEqual({ text: want, missing })
  })
})

describe('checking an edited template', () => {
  it.each([
    ['{{itemName}}已受理', []],
    ['{{itemNam}}已受理', ['未知的占位符 {{itemNam}}']],
    ['{{itemName}已受理', ['占位符格式不正确，应为 {{名称}}']],
    ['已受理}}', ['占位符格式不正确，应为 {{名称}}']],
  ])('%j → %j', (text, want) => {
    expect(templateProblems(text)).toEqual(want)
  })
})

describe('the default templates (S7)', () => {
  it.each(NOTICE_EVENTS)('%s: every channel is filled, uses only known placeholders, and the in-app text tells the next step', (event) => {
    const t = DEFAULT_TEMPLATES[event]
    expect(EVENT_NAMES[event]).toBeTruthy()
    for (const text of Object.values(t)) {
      expect(text.trim()).not.toBe('')
      expect(templateProblems(text)).toEqual([])
    }
    expect(t.inappBody).toContain('下一步')
    expect(t.emailBody).toContain('下一步')
    expect(t.sms.startsWith('【德州政务】')).toBe(true)
    expect(t.sms).toContain('{{caseNumber}}')
    expect(t.sms.length).toBeLessThanOrEqual(140)
  })

  it('names every placeholder it documents', () => {
    const used = new Set(Object.values(DEFAULT_TEMPLATES).flatMap((t) => Object.values(t).flatMap((x) => [...x.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]))))
    for (const u of used) expect(Object.keys(PLACEHOLDERS)).toContain(u)
  })

  it('the acceptance SMS reads as the centre would send it', () => {
    const { text, missing } = renderTemplate(DEFAULT_TEMPLATES['case.accepted'].sms, {
      itemName: '食品经营许可',
      caseNumber: 'DZ20261121000123',
      date: '2026年11月21日',
      promisedDue: '2026年12月4日',
    })
    expect(missing).toEqual([])
    expect(text).toBe('【德州政务】您申请的食品经营许可（办件编号DZ20261121000123）已于2026年11月21日受理，承诺2026年12月4日前办结，可凭办件编号在网上办事大厅或“我的办件”中查询进度。')
  })
})

import { templateData } from './notify.service.js'

describe('the values a notice is rendered with', () => {
  const now = new Date('2026-03-02T01:00:00Z') // 09:00 in Shanghai
  it.each([
    [{}, { name: '李小华', date: '2026年3月2日' }],
    [{ date: '2026-11-21' }, { name: '李小华', date: '2026年11月21日' }],
    [{ due: '2026-03-16' }, { name: '李小华', date: '2026年3月2日', due: '2026年3月16日', promisedDue: '2026年3月16日', dueDate: '2026年3月16日' }],
    [{ due: '2026-03-16', promisedDue: '2026-03-10' }, { name: '李小华', date: '2026年3月2日', due: '2026年3月16日', promisedDue: '2026年3月10日', dueDate: '2026年3月16日' }],
    [{ name: '德州某某有限公司', days: 5 }, { name: '德州某某有限公司', date: '2026年3月2日', days: 5 }],
  ])('%j → %j', (data, want) => {
    expect(templateData({ name: '李小华', data }, now)).toEqual(want)
  })
})
