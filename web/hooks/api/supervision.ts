/**
 * The supervision module (电子监察) as the web sees it: src/modules/supervision/README.md. The DTOs and
 * Chinese labels are the server's own (supervision.types.ts). Exports are plain links (xlsx).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, withQuery } from '../../lib/api'
import type { CaseClock, CaseStep } from './approval'
import type { CaseExplanation } from './backoffice'
import type {
  AlertDto,
  AlertKind,
  AlertLevel,
  AlertStatus,
  Light,
  LightCounts,
  LightedCase,
  OrderDto,
  OrderKind,
  OrderStatus,
  SupervisionSettings,
  UnitTreeNode,
} from '../../../src/modules/supervision/supervision.types'

export type * from '../../../src/modules/supervision/supervision.types'
export { ALERT_KINDS, ALERT_LEVEL_NAMES, LIGHT_NAMES, ORDER_KIND_NAMES, ORDER_STATUS_NAMES, DEFAULT_SUPERVISION_SETTINGS } from '../../../src/modules/supervision/supervision.types'

const K = {
  all: ['supervision'] as const,
  lights: ['supervision', 'lights'] as const,
  tree: ['supervision', 'tree'] as const,
  alerts: ['supervision', 'alerts'] as const,
  orders: ['supervision', 'orders'] as const,
  case: (id: number | null) => ['supervision', 'case', id] as const,
}

/** the console refreshes its lights every 30 s */
export const LIVE_MS = 30_000

export interface LightQuery {
  unitId?: number
  light?: Light
  q?: string
  page: number
  pageSize: number
}

export function useLights(query: LightQuery, opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: [...K.lights, query],
    queryFn: () => api.get<{ counts: LightCounts; items: LightedCase[]; total: number }>('/api/supervision/lights', { ...query }),
    placeholderData: keepPreviousData,
    refetchInterval: LIVE_MS,
    enabled: opts.enabled ?? true,
  })
}

export function useUnitTree() {
  return useQuery({
    queryKey: K.tree,
    queryFn: () => api.get<UnitTreeNode[]>('/api/supervision/tree'),
    refetchInterval: LIVE_MS,
  })
}

export interface AlertQuery {
  status?: AlertStatus
  kind?: AlertKind
  level?: AlertLevel
  unitId?: number
  caseId?: number
  from?: string
  to?: string
  page: number
  pageSize: number
}

export function useAlerts(query: AlertQuery) {
  return useQuery({
    queryKey: [...K.alerts, query],
    queryFn: () => api.get<{ items: AlertDto[]; total: number }>('/api/supervision/alerts', { ...query }),
    placeholderData: keepPreviousData,
    refetchInterval: LIVE_MS,
  })
}

export const alertsXlsxUrl = (q: Omit<AlertQuery, 'page' | 'pageSize'>) => withQuery('/api/supervision/alerts.xlsx', { ...q })
export const ordersXlsxUrl = (q: { box: 'inbox' | 'outbox'; status?: OrderStatus }) => withQuery('/api/supervision/orders.xlsx', { ...q })

export interface TrailEntry {
  at: string
  action: string
  actorName: string | null
  summary: string
  [k: string]: unknown
}

/** A step as the drill-down shows it: the case's step plus its own deadline and light. */
export type SupervisedStep = Partial<CaseStep> & { id: number; name: string; status: string; due?: string | null; light?: Light | null; completedAt?: string | null }

export interface SupervisedCase {
  id: number
  number: string
  itemName: string
  departmentId?: number | null
  departmentName?: string | null
  unitId?: number | null
  unitName?: string | null
  status: string
  statusName?: string | null
  channel?: 'online' | 'window'
  acceptedAt?: string | null
  completedAt?: string | null
  promisedDue?: string | null
  light?: Light | null
  daysLeft?: number | null
  clock?: CaseClock | null
  steps?: SupervisedStep[]
  applicant?: { name: string } | null
  [k: string]: unknown
}

/** GET /supervision/cases/:id — the case, its clock explained day by day, alerts, orders and audit trail. */
export interface SupervisionCaseView {
  case: SupervisedCase
  clock?: CaseClock | null
  explanation?: CaseExplanation | null
  alerts: AlertDto[]
  orders: OrderDto[]
  trail: TrailEntry[]
}

export function useSupervisionCase(id: number | null) {
  return useQuery({
    queryKey: K.case(id),
    queryFn: () => api.get<SupervisionCaseView>(`/api/supervision/cases/${id}`),
    enabled: id != null,
  })
}

export interface OrderQuery {
  box: 'inbox' | 'outbox'
  status?: OrderStatus
  page: number
  pageSize: number
}

export function useOrders(query: OrderQuery, opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: [...K.orders, query],
    queryFn: () => api.get<{ items: OrderDto[]; total: number }>('/api/supervision/orders', { ...query }),
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
    refetchInterval: LIVE_MS,
  })
}

function useInvalidate() {
  const qc = useQueryClient()
  return () => qc.invalidateQueries({ queryKey: K.all })
}

export interface NewOrder {
  kind: OrderKind
  unitId: number
  content: string
  caseId?: number
  alertId?: number
  pattern?: string
  replyDays?: number
}

export function useSendOrder() {
  const refresh = useInvalidate()
  return useMutation({
    mutationFn: (body: NewOrder) => api.post<OrderDto>('/api/supervision/orders', body),
    onSuccess: () => refresh(),
  })
}

/** reply (unit staff), close = accept (supervisor), return (supervisor: sent again) */
export function useOrderAction() {
  const refresh = useInvalidate()
  return useMutation({
    mutationFn: ({ id, action, text }: { id: number; action: 'reply' | 'close' | 'return'; text: string }) =>
      api.post<OrderDto>(`/api/supervision/orders/${id}/${action}`, action === 'reply' ? { reply: text } : { note: text }),
    onSuccess: () => refresh(),
  })
}

export function useCloseAlert() {
  const refresh = useInvalidate()
  return useMutation({
    mutationFn: ({ id, note }: { id: number; note: string }) => api.post<AlertDto>(`/api/supervision/alerts/${id}/close`, { note }),
    onSuccess: () => refresh(),
  })
}

export function useSupervisionSettings(enabled = true) {
  return useQuery({
    queryKey: ['supervision', 'settings'],
    // the server answers { regionCode, settings } (the README says SupervisionSettings): accept both
    queryFn: () =>
      api.get<SupervisionSettings | { regionCode: string; settings: SupervisionSettings }>('/api/supervision/settings').then((r) => ('settings' in r ? r.settings : r)),
    enabled,
    meta: { silent: true },
  })
}

export function useSaveSupervisionSettings() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: SupervisionSettings) =>
      api.put<{ regionCode: string; settings: SupervisionSettings }>('/api/supervision/settings', body).then((r) => r.settings),
    onSuccess: (s) => qc.setQueryData(['supervision', 'settings'], s),
  })
}
