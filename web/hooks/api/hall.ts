/**
 * The online service hall (网上办事大厅): the catalogue of service guides, the applicant's own
 * cases (apply, upload, submit, supply a correction, withdraw, pay), e-certificates, in-app
 * messages, and the public progress query and document verification.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, upload } from '../../lib/api'
import type { ItemGuide, ItemStatus, ItemTypeCode, ItemVersion } from '../../../src/modules/catalog/catalog.types'
import type { Page } from './org'
import type { CaseClock, CaseStatus, CaseStep, FeeLine } from './approval'
export type { CaseClock, CaseStatus, CaseStep, FeeLine } from './approval'

export type { ItemGuide, ItemVersion, ItemStatus }
export type { ItemMaterial, ItemStep, FeeRule, Audience } from '../../../src/modules/catalog/catalog.types'

// ───────────────────────────── catalogue ─────────────────────────────

export interface ItemSummary {
  id: number
  code: string
  name: string
  typeCode: ItemTypeCode
  typeName: string
  departmentId: number
  departmentName: string
  audiences: ('person' | 'enterprise')[]
  topics: string[]
  instant: boolean
  legalLimitDays: number
  promisedLimitDays: number
  channels: ('online' | 'window' | 'post')[]
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
  current: ItemVersion
  draft?: ItemVersion | null
  versions: { versionId: number; version: number; publishedAt: string | null }[]
  promisedCutOk: boolean
  /** optional extras a server may add */
  departmentName?: string
}

export interface CatalogQuery {
  q?: string
  departmentId?: number
  typeCode?: string
  audience?: 'person' | 'enterprise'
  topic?: string
  page?: number
  pageSize?: number
}

export function useCatalogItems(query: CatalogQuery) {
  return useQuery({
    queryKey: ['hall', 'items', query],
    queryFn: () => api.get<Page<ItemSummary>>('/api/catalog/items', { ...query }),
    placeholderData: keepPreviousData,
    meta: { silent: true },
  })
}

export function useCatalogItem(id: number | null) {
  return useQuery({
    queryKey: ['hall', 'item', id],
    queryFn: () => api.get<{ item: ItemDetail }>(`/api/catalog/items/${id}`).then((r) => r.item),
    enabled: id !== null && Number.isFinite(id),
    meta: { silent: true },
  })
}

export function useTopics() {
  return useQuery({
    queryKey: ['hall', 'topics'],
    queryFn: () => api.get<{ items: { topic: string; audience: 'person' | 'enterprise'; count: number }[] }>('/api/catalog/topics').then((r) => r.items),
    staleTime: 10 * 60_000,
    meta: { silent: true },
  })
}

export function useDepartments() {
  return useQuery({
    queryKey: ['hall', 'departments'],
    queryFn: () => api.get<{ items: { id: number; name: string; count: number }[] }>('/api/catalog/departments').then((r) => r.items),
    staleTime: 10 * 60_000,
    meta: { silent: true },
  })
}

export const qrUrl = (itemId: number) => `/api/catalog/items/${itemId}/qr.png`

// ───────────────────────────── fees ─────────────────────────────
// (the shapes of src/modules/fees/index.ts, repeated here so the browser build does not reach into server code)


export interface FeeQuote {
  lines: FeeLine[]
  totalCents: number
  exemptCents: number
  payableCents: number
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
}

export const EXEMPTION_NAMES: Record<string, string> = {
  new_enterprise: '新开办企业首次办理免收（无费区）',
  small_micro: '小微企业减免',
  low_income: '低保、特困人员减免',
  disabled: '残疾人减免',
  veteran: '优抚对象减免',
}

export function useFeeQuote(itemId: number | null, quantities: Record<string, number>, exemptions: string[], enabled = true) {
  return useQuery({
    queryKey: ['hall', 'quote', itemId, quantities, exemptions],
    queryFn: () =>
      api
        .get<{ quote: FeeQuote }>('/api/fees/quote', {
          itemId: itemId!,
          quantities: JSON.stringify(quantities),
          exemptions: exemptions.length ? exemptions.join(',') : undefined,
        })
        .then((r) => r.quote),
    enabled: enabled && itemId !== null,
    placeholderData: keepPreviousData,
    meta: { silent: true },
  })
}

export function useCaseFees(caseId: number | null) {
  return useQuery({
    queryKey: ['hall', 'case', caseId, 'fees'],
    queryFn: () => api.get<{ order: FeeOrder | null }>(`/api/cases/${caseId}/fees`).then((r) => r.order),
    enabled: caseId !== null,
    meta: { silent: true },
  })
}

export function usePayOrder() {
  return useMutation({
    mutationFn: (orderId: number) => api.post<{ redirectUrl: string }>(`/api/fees/orders/${orderId}/pay`, { provider: 'simulated' }),
  })
}

// ───────────────────────────── cases (applicant) ─────────────────────────────


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
}

export interface CaseMaterial {
  id: number
  materialKey: string
  name: string
  fileId: string | number
  fileName: string
  mime: string
  size: number
  sha256: string
  source: 'upload' | 'reuse' | 'e_certificate'
  uploadedAt: string
}

export interface RequiredMaterial {
  key: string
  name: string
  requirement: 'required' | 'conditional' | 'optional'
  form: 'original' | 'copy' | 'original_and_copy' | 'electronic'
  copies: number
  secondary: boolean
  eCertificateType: string | null
  satisfied: boolean
  pending: boolean
}

export interface CaseCorrection {
  id: number
  requestedAt: string
  items: { materialKey: string | null; problem: string }[]
  suppliedAt: string | null
}



export interface CaseDocument {
  id: number
  kind: string
  title: string
  issuedAt: string
  verificationCode: string
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
  applicant: { userId: number; kind: 'person' | 'enterprise'; name: string; idNumberMasked: string; phoneMasked: string | null }
  form: Record<string, unknown>
  submittedAt: string | null
  receivedAt: string | null
  acceptedAt: string | null
  decidedAt: string | null
  completedAt: string | null
  deliveredAt: string | null
  /** 容缺受理: the date the pending materials are due */
  conditionalDue?: string | null
  prereviewDue?: string | null
  requiredMaterials: RequiredMaterial[]
  materials: CaseMaterial[]
  corrections: CaseCorrection[]
  steps: CaseStep[]
  pauses: { id: number; kind: string; kindName: string; reason: string; expectedDays: number; startedAt: string; endedAt: string | null }[]
  extensions: { id: number; days: number; reason: string; approvedBy: string; at: string }[]
  decision: { outcome: 'grant' | 'deny'; reasons: string | null; at: string; by: string } | null
  delivery: { method: 'pickup' | 'post' | 'download'; centreName: string | null; address: string | null; trackingNumber: string | null; deliveredAt: string | null } | null
  documents: CaseDocument[]
  feeOrder: FeeOrder | null
  clock: CaseClock
  allowedActions: string[]
}

export interface TimelineEntry {
  at: string
  action: string
  actorName: string | null
  summary: string
}

export function useMyCases(query: { status?: string; page?: number; pageSize?: number }) {
  return useQuery({
    queryKey: ['hall', 'mine', query],
    queryFn: () => api.get<Page<CaseSummary>>('/api/cases/mine', { ...query }),
    placeholderData: keepPreviousData,
    meta: { silent: true },
  })
}

export function useCase(id: number | null) {
  return useQuery({
    queryKey: ['hall', 'case', id],
    queryFn: () => api.get<{ case: CaseDetail }>(`/api/cases/${id}`).then((r) => r.case),
    enabled: id !== null && Number.isFinite(id),
    meta: { silent: true },
  })
}

export function useCaseTimeline(id: number | null) {
  return useQuery({
    queryKey: ['hall', 'case', id, 'timeline'],
    queryFn: () => api.get<{ items: TimelineEntry[] }>(`/api/cases/${id}/timeline`).then((r) => r.items),
    enabled: id !== null,
    meta: { silent: true },
  })
}

function useCaseMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: fn,
    onSuccess: (r) => {
      const c = (r as { case?: CaseDetail } | null)?.case
      if (c) qc.setQueryData(['hall', 'case', c.id], c)
      void qc.invalidateQueries({ queryKey: ['hall', 'case'] })
      void qc.invalidateQueries({ queryKey: ['hall', 'mine'] })
    },
    meta: { silent: true },
  })
}

export function useCreateCase() {
  return useCaseMutation((itemId: number) => api.post<{ case: CaseDetail }>('/api/cases', { itemId }))
}

export function useSaveForm() {
  return useCaseMutation((v: { id: number; form: Record<string, unknown>; quantities?: Record<string, number>; exemptions?: string[] }) =>
    api.put<{ case: CaseDetail }>(`/api/cases/${v.id}/form`, { form: v.form, quantities: v.quantities, exemptions: v.exemptions }),
  )
}

export function useSubmitCase() {
  return useCaseMutation((id: number) => api.post<{ case: CaseDetail }>(`/api/cases/${id}/submit`, {}))
}

export function useSupplyCorrection() {
  return useCaseMutation((v: { id: number; note?: string }) => api.post<{ case: CaseDetail }>(`/api/cases/${v.id}/correction`, v.note ? { note: v.note } : {}))
}

export function useWithdrawCase() {
  return useCaseMutation((v: { id: number; reason?: string }) => api.post<{ case?: CaseDetail }>(`/api/cases/${v.id}/withdraw`, v.reason ? { reason: v.reason } : {}))
}

export function useReuseMaterial() {
  return useCaseMutation((v: { id: number; materialKey: string; fromMaterialId?: number; eCertificateId?: number }) =>
    api.post<{ material: CaseMaterial }>(`/api/cases/${v.id}/materials/reuse`, { materialKey: v.materialKey, fromMaterialId: v.fromMaterialId, eCertificateId: v.eCertificateId }),
  )
}

export function useDeleteMaterial() {
  return useCaseMutation((v: { id: number; materialId: number }) => api.del<unknown>(`/api/cases/${v.id}/materials/${v.materialId}`))
}

/** multipart upload of one material; the server's errors come back as ApiError like any other call */
export async function uploadMaterial(caseId: number, materialKey: string, file: File): Promise<CaseMaterial> {
  return (await upload<{ material: CaseMaterial }>(`/api/cases/${caseId}/materials`, { materialKey }, file)).material
}

export function useUploadMaterial() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (v: { caseId: number; materialKey: string; file: File }) => uploadMaterial(v.caseId, v.materialKey, v.file),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['hall', 'case'] }),
    meta: { silent: true },
  })
}

export interface ReusableMaterial {
  id: number
  materialKey: string
  name: string
  caseNumber: string
  uploadedAt: string
  fileName?: string
}

/** Materials this applicant submitted in earlier cases that can stand in for this case's (R49). */
export function useReusableMaterials(caseId: number | null) {
  return useQuery({
    queryKey: ['hall', 'case', caseId, 'reusable'],
    queryFn: () => api.get<{ items: ReusableMaterial[] }>(`/api/cases/${caseId}/materials/reusable`).then((r) => r.items),
    enabled: caseId !== null,
    staleTime: 60_000,
    meta: { silent: true },
  })
}

/** The applicant confirms 网上下载 of the result (pick-up and post are registered by the window). */
export function useDeliverDownload() {
  return useCaseMutation((id: number) => api.post<{ case: CaseDetail }>(`/api/cases/${id}/delivery`, { method: 'download' }))
}

// ───────────────────────────── e-certificates & messages ─────────────────────────────

export interface ECertificate {
  id: number
  type: string
  name: string
  number: string
  holderName: string
  issuedAt: string
  caseId: number | null
  documentId: number | null
}

export function useMyCertificates(enabled = true) {
  return useQuery({
    queryKey: ['hall', 'ecerts'],
    queryFn: () => api.get<{ items: ECertificate[] }>('/api/ecertificates/mine').then((r) => r.items),
    enabled,
    meta: { silent: true },
  })
}

export interface Message {
  id: number
  event: string
  title: string
  body: string
  caseId: number | null
  createdAt: string
  readAt: string | null
}

export function useMessages(query: { unread?: boolean; page?: number }) {
  return useQuery({
    queryKey: ['hall', 'messages', query],
    queryFn: () => api.get<Page<Message> & { unread: number }>('/api/notify/messages', { unread: query.unread ? 'true' : undefined, page: query.page }),
    placeholderData: keepPreviousData,
    meta: { silent: true },
  })
}

/** The number of unread in-app messages (for the bell in the hall's header). */
export function useUnreadCount(enabled: boolean) {
  return useQuery({
    queryKey: ['hall', 'messages', 'unread-count'],
    queryFn: () => api.get<{ unread: number }>('/api/notify/messages', { unread: 'true', pageSize: 1 }).then((r) => r.unread),
    enabled,
    staleTime: 30_000,
    meta: { silent: true },
  })
}

export function useMarkRead() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (id: number) => api.post<{ ok: true }>(`/api/notify/messages/${id}/read`, {}),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['hall', 'messages'] }),
  })
}

// ───────────────────────────── public: progress & verification ─────────────────────────────

export interface ProgressCase {
  number: string
  itemName: string
  departmentName: string
  status: CaseStatus
  statusName: string
  currentStep: string | null
  receivedAt: string | null
  acceptedAt: string | null
  promisedDue: string | null
  completedAt: string | null
  applicantName: string
}

export function useProgressQuery() {
  return useMutation({
    mutationFn: (q: { number: string; idNumber?: string; phone?: string }) =>
      api.get<{ case: ProgressCase }>('/api/progress', q, { allow401: true }).then((r) => r.case),
    meta: { silent: true },
  })
}

export interface VerifiedDocument {
  kind: string
  kindName?: string
  docNumber?: string
  applicantName?: string
  title: string
  caseNumber: string
  unitName: string
  issuedAt: string
  sha256: string
}

export function useVerify(code: string) {
  return useQuery({
    queryKey: ['hall', 'verify', code],
    queryFn: () => api.get<{ valid: boolean; document: VerifiedDocument }>(`/api/verify/${encodeURIComponent(code)}`, undefined, { allow401: true }),
    retry: false,
    meta: { silent: true },
  })
}

/** Service centres for 选地取件 (a public list: names, addresses, phones). */
export function usePickupCentres() {
  return useQuery({
    queryKey: ['hall', 'centres'],
    queryFn: async (): Promise<{ id: number; name: string; address: string | null }[]> => {
      const r = await api.get<{ items: { id: number; name: string; address: string | null }[] }>('/api/org/centres')
      return r.items.map((u) => ({ id: u.id, name: u.name, address: u.address }))
    },
    staleTime: 10 * 60_000,
  })
}
