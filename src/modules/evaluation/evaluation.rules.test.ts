import { describe, expect, it } from 'vitest'
import { afterVerdict, indicatorProblem, isOverdue, maskRater, maskText, ratingDeadline, settingsProblem, withinWindow } from './evaluation.rules.js'

describe('R21 indicators by channel', () => {
  it.each([
    ['online with the four online indicators', 'online', 4, { efficiency: 5, guideAccuracy: 4, convenience: 3, usability: 5 }, null],
    ['window with the three window indicators', 'window', 2, { efficiency: 2, competence: 3, attitude: 1 }, null],
    ['an online indicator missing', 'online', 4, { efficiency: 5, guideAccuracy: 4, convenience: 3 }, '平台操作性'],
    ['a window indicator on an online rating', 'online', 4, { efficiency: 5, guideAccuracy: 4, convenience: 3, usability: 5, attitude: 5 }, 'attitude'],
    ['an indicator of 6', 'window', 3, { efficiency: 6, competence: 3, attitude: 1 }, '服务效率'],
    ['an indicator of 2.5', 'window', 3, { efficiency: 2.5, competence: 3, attitude: 1 }, '服务效率'],
    ['overall 0 stars', 'window', 0, { efficiency: 2, competence: 3, attitude: 1 }, '1～5'],
    ['overall 6 stars', 'online', 6, { efficiency: 5, guideAccuracy: 4, convenience: 3, usability: 5 }, '1～5'],
  ] as const)('%s', (_n, channel, stars, indicators, expected) => {
    const p = indicatorProblem(channel, stars, indicators)
    if (expected === null) expect(p).toBeNull()
    else expect(p).toContain(expected)
  })
})

describe('the rating window (GB/T 39734 7.2, a setting)', () => {
  it('runs to the end of the Nth day after completion, Shanghai time', () => {
    const done = new Date('2026-03-02T16:00:00+08:00')
    expect(ratingDeadline(done, 15).toISOString()).toBe(new Date('2026-03-17T23:59:59.999+08:00').toISOString())
    expect(withinWindow(done, new Date('2026-03-17T23:00:00+08:00'), 15)).toBe(true)
    expect(withinWindow(done, new Date('2026-03-18T00:00:01+08:00'), 15)).toBe(false)
  })
  it('counts a completion just after midnight Shanghai time on that Shanghai day', () => {
    expect(ratingDeadline(new Date('2026-03-02T00:30:00+08:00'), 1).toISOString()).toBe(new Date('2026-03-03T23:59:59.999+08:00').toISOString())
  })
})

describe('masking on the public board (R23)', () => {
  it.each([
    ['李建华', '李**'],
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['德州市宏图建设有限公司', '德州****'],
    [null, '匿名用户'],
    ['  ', '匿名用户'],
  ])('%s → %s', (name, masked) => expect(maskRater(name)).toBe(masked))
})

describe('the rectification loop', () => {
  it('is overdue only while being worked on after its due date', () => {
    expect(isOverdue('open', '2026-03-09', '2026-03-10')).toBe(true)
    expect(isOverdue('called_back', '2026-03-09', '2026-03-10')).toBe(true)
    expect(isOverdue('open', '2026-03-09', '2026-03-09')).toBe(false)
    expect(isOverdue('rectified', '2026-03-09', '2026-03-10')).toBe(false)
    expect(isOverdue('void', '2026-03-09', '2026-03-10')).toBe(false)
  })
  it('reopens on the first 不满意 and closes on any other verdict or the second 不满意', () => {
    expect(afterVerdict('unsatisfied', false)).toBe('reopen')
    expect(afterVerdict('unsatisfied', true)).toBe('close')
    expect(afterVerdict('basic', false)).toBe('close')
    expect(afterVerdict('satisfied', false)).toBe('close')
  })
  it('refuses settings out of range or a callback period longer than the rectification period', () => {
    expect(settingsProblem({ rectifyDays: 5, callbackDays: 1, ratingWindowDays: 15, verdictDays: 7 })).toBeNull()
    expect(settingsProblem({ rectifyDays: 0, callbackDays: 1, ratingWindowDays: 15, verdictDays: 7 })).toContain('整改期限')
    expect(settingsProblem({ rectifyDays: 3, callbackDays: 5, ratingWindowDays: 15, verdictDays: 7 })).toContain('回访期限')
  })
})

describe('comments on the public board', () => {
  it('mask mobile and ID numbers typed into them', () => {
    expect(maskText('请回电13812345678，身份证371402199001011234')).toBe('请回电138****5678，身份证371402********1234')
    expect(maskText('窗口3号，等了40分钟')).toBe('窗口3号，等了40分钟')
  })
})
