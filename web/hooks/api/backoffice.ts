/**
 * The back office's view of the approval core (issue 3 HTTP contract): cases, the intake
 * decision, steps, pauses, extensions, decisions, fees at the window, the catalogue, notice
 * templates and the outbox. Money in fen; dates 'YYYY-MM-DD'; instants ISO strings.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, upload } from '../../lib/api'
import type { ExplainEntry } from './calendar'
import type { CaseClock, CaseStatus, CaseStep, FeeLine } from './approval'
export type { CaseClock, CaseStatus, CaseStep, FeeLine } from './approval'

export interface Page<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}

// ---------------------------------------------------------------- catalogue

// The guide data model is the server's own (pure types): one definition for server, hall and back office.
import type { ItemGuide, ItemMaterial, ItemStatus, ItemStep, ItemVersion } from '../../../src/modules/catalog/catalog.types'
export type { FeeRule, ItemStatus, ItemVersion } from '../../../src/modules/catalog/catalog.types'
export type Guide = ItemGuide
export type Material = ItemMaterial
export type GuideStep = ItemStep

export interface ItemSummary {
  id: number
  code: string
  name: string
  typeCode: string
  typeName: string
  departmentId: number
  departmentName: string
  audiences: ('person' | 'enterprise')[]
  topics: string[]
  instant: boolean
  legalLimitDays: number
  promisedLimitDays: number
  channels: string[]
  visits: number
  hasFees: boolean
  status: ItemStatus
  version: number
  versionId: number
}

export interface ItemDetail {
  id: number
  code: string
  status: ItemStatus
  statusReason: string | null
  current: ItemVersion | null
  draft: ItemVersion | null
  versions: { versionId: number; version: number; publishedAt: string | null }[]
  promisedCutOk: boolean
}

export interface ItemQuery {
  q?: string
  departmentId?: number
  typeCode?: string
  status?: string
  audience?: string
  page: number
  pageSize: number
}

export function useItems(query: ItemQuery, enabled = true) {
  return useQuery({
    queryKey: ['bo', 'items', query],
    queryFn: () => api.get<Page<ItemSummary>>('/api/catalog/items', { ...query }),
    placeholderData: keepPreviousData,
    enabled,
  })
}

export function useDepartments() {
  return useQuery({
    queryKey: ['bo', 'departments'],
    queryFn: () => api.get<{ items: { id: number; name: string; count: number }[] }>('/api/catalog/departments'),
    staleTime: 5 * 60_000,
    meta: { silent: true },
  })
}

export function useItem(id: number | null) {
  return useQuery({
    queryKey: ['bo', 'item', id],
    queryFn: () => api.get<{ item: ItemDetail }>(`/api/catalog/items/${id}`).then((r) => r.item),
    enabled: id != null,
  })
}

export function useItemVersion(id: number | null, versionId: number | null) {
  return useQuery({
    queryKey: ['bo', 'item', id, 'version', versionId],
    queryFn: () => api.get<{ version: ItemVersion }>(`/api/catalog/items/${id}/versions/${versionId}`).then((r) => r.version),
    enabled: id != null && versionId != null,
  })
}

function useInvalidate() {
  const qc = useQueryClient()
  return (...keys: unknown[][]) => Promise.all(keys.map((queryKey) => qc.invalidateQueries({ queryKey })))
}

export function useCatalogAction() {
  const inv = useInvalidate()
  return useMutation({
    mutationFn: (v: { id?: number; action: 'create' | 'draft' | 'publish' | 'suspend' | 'restart' | 'abolish'; body?: unknown }) => {
      switch (v.action) {
        case 'create':
          return api.post<{ item: ItemDetail }>('/api/catalog/items', v.body)
        case 'draft':
          return api.put<{ item: ItemDetail }>(`/api/catalog/items/${v.id}/draft`, v.body)
        default:
          return api.post<{ item: ItemDetail }>(`/api/catalog/items/${v.id}/${v.action}`, v.body ?? {})
      }
    },
    onSuccess: () => inv(['bo', 'items'], ['bo', 'item']),
  })
}

export interface ImportResult {
  created: number
  updated: number
  errors: { row: number; message: string }[]
}


export function useImportCatalog() {
  const inv = useInvalidate()
  return useMutation({
    mutationFn: (file: File) => upload<ImportResult>('/api/catalog/import', {}, file),
    onSuccess: () => inv(['bo', 'items']),
  })
}

// ---------------------------------------------------------------- cases


export const CASE_STATUS: Record<CaseStatus, { name: string; color: string }> = {
  draft: { name: '草稿', color: 'default' },
  submitted: { name: '待预审', color: 'processing' },
  returned: { name: '预审退回', color: 'warning' },
  received: { name: '待受理', color: 'processing' },
  correction_requested: { name: '待补正', color: 'warning' },
  accepted: { name: '办理中', color: 'blue' },
  paused: { name: '暂停（特别程序）', color: 'purple' },
  refused: { name: '不予受理', color: 'error' },
  decided: { name: '已决定', color: 'cyan' },
  completed: { name: '已办结', color: 'success' },
  delivered: { name: '已送达', color: 'success' },
  withdrawn: { name: '已撤回', color: 'default' },
}

export interface CaseSummary {
  id: number
  number: string
  itemName: string
  status: CaseStatus
  statusName: string
  submittedAt: string | null
  acceptedAt: string | null
  promisedDue: string | null
  completedAt: string | null
  applicantName?: string
  departmentName?: string
  receivedAt?: string | null
  /** 绿色通道: the server lists these first */
  greenChannel?: boolean
  /** the joint case (并联审批 / 一件事) this is a department's part of */
  jointCaseId?: number | null
}



export interface FeeOrder {
  id: number
  number: string
  caseId: number
  caseNumber: string
  status: 'unpaid' | 'paid' | 'waived' | 'cancelled'
  lines: FeeLine[]
  totalCents: number
  exemptCents: number
  payableCents: number
  paidCents: number
  createdAt: string
  paidAt: string | null
  payments?: { id?: number; method: string; amountCents: number; reference?: string | null; at?: string; recordedByName?: string | null }[]
}


export interface CaseDetail {
  id: number
  number: string
  itemId: number
  itemVersionId: number
  itemCode: string
  itemName: string
  departmentId: number
  departmentName: string
  unitId: number
  channel: 'online' | 'window'
  status: CaseStatus
  statusName: string
  instant: boolean
  /** deemed accepted on the day of receipt (no correction notice within 5 days, R12) */
  deemed?: boolean
  intakeKind?: string | null
  prereviewDue?: string | null
  conditionalDue?: string | null
  applicant: { userId: number | null; kind: 'person' | 'enterprise'; name: string; idNumberMasked: string | null; phoneMasked: string | null }
  form: Record<string, unknown>
  submittedAt: string | null
  receivedAt: string | null
  acceptedAt: string | null
  decidedAt: string | null
  completedAt: string | null
  deliveredAt: string | null
  requiredMaterials: { key: string; name: string; requirement: string; form: string; copies: number; secondary: boolean; eCertificateType: string | null; satisfied: boolean; pending: boolean }[]
  materials: { id: number; materialKey: string; name: string; fileId: string; fileName: string; mime: string; size: number; sha256: string; source: string; uploadedAt: string }[]
  corrections: { id: number; stage?: string; requestedAt: string; items: { materialKey: string | null; problem: string }[]; suppliedAt: string | null }[]
  steps: CaseStep[]
  pauses: { id: number; kind: string; kindName: string; reason: string; expectedDays: number; startedAt: string; endedAt: string | null }[]
  extensions: { id: number; days: number; reason: string; approvedBy: string; at: string }[]
  decision: { outcome: 'grant' | 'deny'; reasons: string | null; at: string; by: string } | null
  /** the applicant's choice, saved with the application */
  deliveryChoice: { method: 'pickup' | 'post' | 'download'; centreId: number | null; centreName: string | null; address: string | null } | null
  delivery: { method: 'pickup' | 'post' | 'download'; centreName: string | null; address: string | null; trackingNumber: string | null; deliveredAt: string | null } | null
  documents: { id: number; kind: string; title: string; issuedAt: string; verificationCode: string }[]
  feeOrder: FeeOrder | null
  clock: CaseClock
  allowedActions: string[]
  /** the joint case (并联审批 / 一件事) this is a department's part of */
  jointCaseId: number | null
  greenChannel: boolean
}

export interface IssuedDocument {
  id: number
  kind: string
  title: string
  issuedAt?: string
  verificationCode?: string
}

export interface CaseQuery {
  status?: string
  itemId?: number
  q?: string
  queue?: 'prereview' | 'intake' | 'mine'
  page: number
  pageSize: number
}

export function useCases(query: CaseQuery, opts: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: ['bo', 'cases', query],
    queryFn: () => api.get<Page<CaseSummary>>('/api/cases', { ...query }),
    placeholderData: keepPreviousData,
    refetchInterval: opts.refetchInterval,
  })
}

export function useCase(id: number | null) {
  return useQuery({
    queryKey: ['bo', 'case', id],
    queryFn: () => api.get<{ case: CaseDetail }>(`/api/cases/${id}`).then((r) => r.case),
    enabled: id != null,
  })
}

export function useCaseTimeline(id: number | null) {
  return useQuery({
    queryKey: ['bo', 'case', id, 'timeline'],
    queryFn: () => api.get<{ items: { at: string; action: string; actorName: string | null; summary: string }[] }>(`/api/cases/${id}/timeline`),
    enabled: id != null,
    meta: { silent: true },
  })
}

export interface CaseExplanation {
  from?: string
  days?: number
  due?: string | null
  extensionDays?: number
  pausedWorkdays?: number
  entries: ExplainEntry[]
  [k: string]: unknown
}

export function useClockExplain(id: number | null) {
  return useQuery({
    queryKey: ['bo', 'case', id, 'explain'],
    // the server answers {clock, explanation: {from, days, extensionDays, due, pausedWorkdays, entries} | null}
    queryFn: () =>
      api.get<{ explanation?: CaseExplanation | null } & Partial<CaseExplanation>>(`/api/cases/${id}/clock/explain`).then((r): CaseExplanation => ('explanation' in r ? (r.explanation ?? { entries: [] }) : { ...r, entries: r.entries ?? [] })),
    enabled: id != null,
    meta: { silent: true },
  })
}

export const docUrl = (caseId: number, docId: number) => `/api/cases/${caseId}/documents/${docId}.pdf`
export const materialUrl = (caseId: number, materialId: number) => `/api/cases/${caseId}/materials/${materialId}/file`

/** Every case action: one mutation that posts and refreshes the case and the lists. */
export function useCaseAction() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (v: { caseId: number; path: string; body?: unknown }) =>
      api.post<{ case: CaseDetail; document?: IssuedDocument | null; order?: FeeOrder }>(`/api/cases/${v.caseId}${v.path}`, v.body ?? {}),
    onSuccess: (r, v) => {
      if (r?.case) qc.setQueryData(['bo', 'case', v.caseId], r.case)
      return Promise.all([qc.invalidateQueries({ queryKey: ['bo', 'cases'] }), qc.invalidateQueries({ queryKey: ['bo', 'case', v.caseId] })])
    },
  })
}

export function useWindowCase() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: {
      itemId: number
      windowId: number | null
      applicant: { userId: number } | { kind: 'person'; name: string; idNumber: string; phone: string } | { kind: 'enterprise'; name: string; creditCode: string; legalRepresentative: string; phone: string }
      form?: Record<string, unknown>
    }) => api.post<{ case: CaseDetail }>('/api/cases/window', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['bo', 'cases'] }),
  })
}

export function useUploadMaterial() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (v: { caseId: number; materialKey: string; file: File }) => upload<{ material: unknown }>(`/api/cases/${v.caseId}/materials`, { materialKey: v.materialKey }, v.file),
    onSuccess: (_r, v) => qc.invalidateQueries({ queryKey: ['bo', 'case', v.caseId] }),
  })
}

/** The fee order with its payments (GET /api/cases/:id/fees). */
export function useCaseFees(caseId: number | null, enabled = true) {
  return useQuery({
    queryKey: ['bo', 'case', caseId, 'fees'],
    queryFn: () => api.get<{ order: FeeOrder | null }>(`/api/cases/${caseId}/fees`).then((r) => r.order),
    enabled: caseId != null && enabled,
    meta: { silent: true },
  })
}

export function usePayment() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (v: { orderId: number; caseId: number; method: 'cash' | 'bank' | 'pos'; reference?: string; amountCents: number }) =>
      api.post<{ order: FeeOrder }>(`/api/fees/orders/${v.orderId}/payments`, { method: v.method, reference: v.reference || undefined, amountCents: v.amountCents }),
    onSuccess: (_r, v) => qc.invalidateQueries({ queryKey: ['bo', 'case', v.caseId] }),
  })
}

/** An applicant found by ID number / credit code (staff lookup through the org accounts list). */
export interface ApplicantHit {
  id: number
  displayName: string
  username: string
  applicantKind?: 'person' | 'enterprise' | null
}

// ---------------------------------------------------------------- notify

export interface Template {
  event: string
  eventName: string
  sms: string
  inappTitle: string
  inappBody: string
  emailSubject: string
  emailBody: string
  updatedAt: string | null
}

export function useTemplates() {
  return useQuery({
    queryKey: ['bo', 'templates'],
    queryFn: () => api.get<{ items: Template[]; placeholders?: { key: string; description: string }[] }>('/api/notify/templates'),
  })
}

export function useSaveTemplate() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (v: { event: string; body: Partial<Omit<Template, 'event' | 'eventName' | 'updatedAt'>> }) => api.put<{ template: Template }>(`/api/notify/templates/${encodeURIComponent(v.event)}`, v.body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['bo', 'templates'] }),
  })
}

export interface OutboxRow {
  id: number
  event: string
  eventName?: string
  caseId?: number | null
  nextAttemptAt?: string | null
  channel: string
  recipient: string
  status: 'queued' | 'sent' | 'failed'
  attempts: number
  lastError: string | null
  createdAt: string
  sentAt: string | null
}

export function useRetryOutbox() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (id: number) => api.post<{ ok: true }>(`/api/notify/outbox/${id}/retry`, {}),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['bo', 'outbox'] }),
  })
}

export function useOutbox(query: { status?: string; channel?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['bo', 'outbox', query],
    queryFn: () => api.get<Page<OutboxRow>>('/api/notify/outbox', { ...query }),
    placeholderData: keepPreviousData,
  })
}

// ---------------------------------------------------------------- formatting

export function yuan(cents: number | null | undefined): string {
  if (cents == null) return '—'
  return `¥${(cents / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
}

/** Service centres where results are picked up (the public list). */
export function useCentres() {
  return useQuery({
    queryKey: ['desk', 'centres'],
    queryFn: () => api.get<{ items: { id: number; name: string; address: string | null }[] }>('/api/org/centres').then((r) => r.items),
    staleTime: 10 * 60_000,
  })
}
