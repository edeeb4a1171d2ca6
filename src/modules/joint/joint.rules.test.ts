import { describe, expect, it } from 'vitest'
import { sampleGuide } from '../catalog/catalog.testkit.js'
import type { ItemMaterial } from '../catalog/catalog.types.js'
import { greenLimit, normaliseReply, taskLight, unionMaterials } from './joint.rules.js'

describe('normaliseReply (R17)', () => {
  it.each([
    ['同意', null, null, { reply: 'agree', deemedKind: null }],
    ['agree', null, null, { reply: 'agree', deemedKind: null }],
    [' 同意。', null, null, { reply: 'agree', deemedKind: null }],
    ['不同意', '不符合规划条件', null, { reply: 'disagree', deemedKind: null, reasons: '不符合规划条件' }],
    ['disagree', '材料虚假', null, { reply: 'disagree', deemedKind: null, reasons: '材料虚假' }],
    ['DISAGREE', '材料虚假', null, { reply: 'disagree', deemedKind: null }],
    ['同意但需转报', null, '省自然资源厅', { reply: 'agree_forward', deemedKind: null, forwardTo: '省自然资源厅' }],
    ['同意但需轉報', null, '省自然资源厅', { reply: 'agree_forward', deemedKind: null, forwardTo: '省自然资源厅' }],
    ['agree_forward', null, '省住建厅', { reply: 'agree_forward', deemedKind: null, forwardTo: '省住建厅' }],
  ] as const)('%s (reasons %s, forward %s) is a regular reply', (raw, reasons, forwardTo, expected) => {
    expect(normaliseReply(raw, reasons, forwardTo)).toMatchObject(expected)
  })

  it.each([
    ['原则同意', '含糊的答复'],
    ['基本同意，请完善', '附条件的答复'],
    ['待研究', '拖延的答复'],
    ['同 意', '中间有空格'],
    ['', '空白'],
  ])('%s (%s) is deemed 同意 as an irregular reply', (raw) => {
    expect(normaliseReply(raw, '一些理由', '某机关')).toEqual({ reply: 'agree', deemedKind: 'irregular_reply', reasons: '一些理由', forwardTo: null })
  })

  it.each([[null], [''], ['   ']])('不同意 without reasons (%j) counts as 同意', (reasons) => {
    expect(normaliseReply('不同意', reasons)).toMatchObject({ reply: 'agree', deemedKind: 'irregular_reply' })
  })

  it('leaves forwardTo empty when 同意但需转报 names no authority (the service asks for it)', () => {
    expect(normaliseReply('同意但需转报', null, '  ')).toMatchObject({ reply: 'agree_forward', forwardTo: null, deemedKind: null })
  })
})

const m = (key: string, requirement: ItemMaterial['requirement'], eCertificateType: string | null = null): ItemMaterial => ({
  key, name: `材料${key}`, requirement, condition: null, form: 'original', copies: 1, blankFormFileId: null, sampleFileId: null, eCertificateType, secondary: false, note: null,
})

describe('unionMaterials', () => {
  it('submits a shared material once, used by every item that needs it, with the strictest requirement', () => {
    const u = unionMaterials([
      { itemId: 1, guide: sampleGuide({ materials: [m('application', 'required'), m('plan', 'optional')] }) },
      { itemId: 2, guide: sampleGuide({ materials: [m('application', 'required'), m('plan', 'conditional'), m('licence', 'required', '营业执照')] }) },
      { itemId: 3, guide: sampleGuide({ materials: [m('plan', 'required'), m('other', 'optional')] }) },
    ])
    expect(u.map((x) => x.key)).toEqual(['application', 'plan', 'licence', 'other'])
    expect(u.find((x) => x.key === 'application')).toMatchObject({ usedBy: [1, 2], requirement: 'required' })
    expect(u.find((x) => x.key === 'plan')).toMatchObject({ usedBy: [1, 2, 3], requirement: 'required' })
    expect(u.find((x) => x.key === 'licence')).toMatchObject({ usedBy: [2], eCertificateType: '营业执照' })
    expect(u.find((x) => x.key === 'other')).toMatchObject({ usedBy: [3], requirement: 'optional' })
  })

  it('is empty for no items and lists an item once even if it names a key twice', () => {
    expect(unionMaterials([])).toEqual([])
    expect(unionMaterials([{ itemId: 7, guide: sampleGuide({ materials: [m('a', 'optional'), m('a', 'required')] }) }])).toEqual([
      { key: 'a', name: '材料a', requirement: 'required', usedBy: [7], eCertificateType: null },
    ])
  })
})

describe('greenLimit', () => {
  it.each([
    [10, 30, 7],
    [20, 30, 14],
    [3, 30, 3], // 2.1 rounded up
    [1, 90, 1], // at least one working day
    [0, 30, 0], // an instant item stays instant
    [10, 0, 10],
    [25, 50, 13],
  ])('%i days cut by %i %% → %i', (days, pct, expected) => {
    expect(greenLimit(days, pct)).toBe(expected)
  })
})

describe('taskLight', () => {
  it.each([
    [null, null],
    [5, 'green'],
    [2, 'green'],
    [1, 'yellow'],
    [0, 'yellow'],
    [-1, 'red'],
  ] as const)('%s working days left → %s', (left, light) => {
    expect(taskLight(left)).toBe(light)
  })

  it('takes a wider yellow band when asked', () => {
    expect(taskLight(3, 3)).toBe('yellow')
    expect(taskLight(4, 3)).toBe('green')
  })
})
