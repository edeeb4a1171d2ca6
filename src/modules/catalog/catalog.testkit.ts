/** A valid guide for tests, to be varied one field at a time. */
import type { ItemGuide } from './catalog.types.js'

export function sampleGuide(over: Partial<ItemGuide> = {}): ItemGuide {
  return {
    code: 'T-XK-0001',
    name: '测试事项（新办）',
    typeCode: '01',
    departmentId: 1,
    level: 'city',
    legalBasis: '《中华人民共和国行政许可法》第二十九条',
    conditions: '符合法定条件的申请人。',
    audiences: ['enterprise'],
    topics: ['企业开办'],
    materials: [
      { key: 'application', name: '申请书', requirement: 'required', condition: null, form: 'original', copies: 1, blankFormFileId: null, sampleFileId: null, eCertificateType: null, secondary: false, note: null },
      { key: 'business_licence', name: '营业执照', requirement: 'required', condition: null, form: 'copy', copies: 1, blankFormFileId: null, sampleFileId: null, eCertificateType: '营业执照', secondary: false, note: null },
      { key: 'layout', name: '平面布局图', requirement: 'required', condition: null, form: 'original', copies: 1, blankFormFileId: null, sampleFileId: null, eCertificateType: null, secondary: true, note: null },
    ],
    legalLimitDays: 20,
    promisedLimitDays: 10,
    instant: false,
    steps: [
      { key: 'intake', name: '受理', role: 'window_staff', limitDays: 0 },
      { key: 'review', name: '审核', role: 'reviewer', limitDays: 6 },
      { key: 'approve', name: '批准', role: 'approver', limitDays: 3 },
      { key: 'complete', name: '办结', role: 'window_staff', limitDays: 1 },
    ],
    pausesAllowed: ['site_inspection'],
    conditionalAcceptance: true,
    pledgeAllowed: false,
    fees: [],
    result: { type: 'licence', name: '测试许可证', eCertificateType: '测试许可证' },
    channels: ['online', 'window'],
    visits: 0,
    consultPhone: '0534-2689102',
    complaintPhone: '12345',
    remedies: { review: '德州市人民政府', litigation: '德州市德城区人民法院' },
    faq: [{ q: '可以网上办理吗？', a: '可以。' }],
    ...over,
  }
}
