/**
 * Setup for the supervision journey (电子监察, e2e/supervision.journey.test.ts), through the HTTP API:
 * an item of the market-regulation department with a short promised time (2 working days), a case
 * filed and accepted at the window for the demo applicant, and the department's handling of it
 * (review, decision) for the part of the journey that is not about supervision.
 */
import { expect } from 'vitest'
import { departmentId, publishItem, scannedPdf } from './desk-setup.js'
import type { Session } from './joint-setup.js'

interface StepDto {
  id: number
  key: string
  status: string
  due?: string | null
}
export interface CaseDto {
  id: number
  number: string
  status: string
  departmentId: number
  unitId: number
  steps: StepDto[]
  clock: { promisedDue: string | null; overdue: boolean }
}

export const SUP_DEPT = '德州市市场监督管理局'

/** A published item (2 working days promised, no fees, one material) in the market-regulation department. */
export async function supervisedItem(admin: Session, tag: string): Promise<{ itemId: number; itemName: string; deptId: number }> {
  const deptId = await departmentId(admin.ctx, SUP_DEPT)
  const itemName = `广告发布登记（监察旅程 ${tag}）`
  const itemId = await publishItem(admin.ctx, {
    code: `E2E-S-${tag}`,
    name: itemName,
    typeCode: '01',
    level: 'city',
    departmentId: deptId,
    audiences: ['person', 'enterprise'],
    legalBasis: '《中华人民共和国行政许可法》',
    conditions: '申请材料齐全、符合法定形式。',
    topics: ['监察测试'],
    channels: ['online', 'window'],
    consultPhone: '0534-2688001',
    complaintPhone: '12345',
    remedies: { review: '德州市人民政府', litigation: '德州市德城区人民法院' },
    faq: [],
    materials: [{ key: 'application', name: '广告发布登记申请表', requirement: 'required', form: 'original', copies: 1, secondary: false }],
    legalLimitDays: 5,
    promisedLimitDays: 2,
    instant: false,
    steps: [
      { key: 'intake', name: '受理', role: 'window_staff', limitDays: 0 },
      { key: 'review', name: '审核', role: 'reviewer', limitDays: 1 },
      { key: 'approve', name: '批准', role: 'approver', limitDays: 1 },
      { key: 'complete', name: '办结', role: 'window_staff', limitDays: 0 },
    ],
    pausesAllowed: [],
    conditionalAcceptance: false,
    pledgeAllowed: false,
    fees: [],
    result: { type: 'registration', name: '广告发布登记证明' },
    visits: 0,
  })
  return { itemId, itemName, deptId }
}

/** Files a case at window01's window for the applicant, scans the material in and accepts it. */
export async function acceptedWindowCase(window01: Session, itemId: number, applicantUserId: number): Promise<CaseDto> {
  const me = await window01.get<{ user: { unitId: number } }>('/api/auth/me')
  const created = await window01.post<{ case: CaseDto }>('/api/cases/window', { itemId, windowId: me.user.unitId, applicant: { userId: applicantUserId } })
  await window01.upload(`/api/cases/${created.case.id}/materials`, { materialKey: 'application' }, scannedPdf('application-scan'))
  const accepted = await window01.post<{ case: CaseDto }>(`/api/cases/${created.case.id}/intake`, { decision: 'accept' })
  expect(accepted.case.status).toBe('accepted')
  return accepted.case
}

export async function getCase(s: Session, id: number): Promise<CaseDto> {
  return (await s.get<{ case: CaseDto }>(`/api/cases/${id}`)).case
}

/** The department's own work on the case: 审核 by the reviewer, then the approver's decision (准予许可). */
export async function handleCase(reviewer: Session, approver: Session, id: number): Promise<CaseDto> {
  let c = await getCase(reviewer, id)
  const review = c.steps.find((s) => s.key === 'review' && s.status === 'active')
  expect(review, 'the review step is active').toBeTruthy()
  c = (await reviewer.post<{ case: CaseDto }>(`/api/cases/${id}/steps/${review!.id}/complete`, { opinion: '材料齐全，符合登记条件', outcome: 'pass' })).case
  c = (await approver.post<{ case: CaseDto }>(`/api/cases/${id}/decision`, { outcome: 'grant', reasons: '符合条件，准予登记' })).case
  return c
}
