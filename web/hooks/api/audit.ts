/** The audit log (全程留痕) and its hash-chain check. */
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query'
import { api } from '../../lib/api'
import type { Page } from './org'

export interface AuditRecord {
  id: number
  at: string
  actorId: number | null
  actorName: string
  actorKind: string
  unitId: number | null
  action: string
  targetType: string
  targetId: string | null
  summary: string
  before: unknown
  after: unknown
  ip: string | null
  requestId: string | null
  hash: string
}

export interface AuditQuery {
  actorId?: number
  action?: string
  targetType?: string
  targetId?: string
  from?: string
  to?: string
  q?: string
  page: number
  pageSize: number
}

export interface VerifyResult {
  ok: boolean
  checked: number
  lastId: number
  firstBroken: { id: number; reason: string } | null
}

export function useAuditLog(query: AuditQuery) {
  return useQuery({
    queryKey: ['audit', 'list', query],
    queryFn: () => api.get<Page<AuditRecord>>('/api/audit', { ...query }),
    placeholderData: keepPreviousData,
  })
}

export function useVerifyChain() {
  return useMutation({ mutationFn: () => api.get<VerifyResult>('/api/audit/verify') })
}
