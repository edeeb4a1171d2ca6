/**
 * 好差评 as the web sees it (src/modules/evaluation/README.md): ratings of cases and window visits,
 * the counter tablet, rectifications with callbacks, measures and verdicts, appeals, the public board.
 * The DTOs and Chinese labels are the server's own (evaluation.types.ts).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, withQuery } from '../../lib/api'
import type {
  AppealDto,
  CaseRatingState,
  EvaluationSettings,
  FixVerdict,
  PublicBoard,
  PublicVisit,
  RatingChannel,
  RatingDto,
  RectificationDto,
  RectificationStatus,
  VisitDto,
} from '../../../src/modules/evaluation/evaluation.types'

export type * from '../../../src/modules/evaluation/evaluation.types'
export {
  APPEAL_STATUS_NAMES,
  CHANNEL_SHORT,
  FIX_VERDICT_NAMES,
  INDICATORS,
  RATING_CHANNEL_NAMES,
  RATING_STATUS_NAMES,
  RECTIFICATION_STATUS_NAMES,
  SOURCE_NAMES,
  STAR_NAMES,
  isBadReview,
} from '../../../src/modules/evaluation/evaluation.types'

const K = {
  all: ['evaluation'] as const,
  caseRating: (id: number | null) => ['evaluation', 'case', id] as const,
  visit: (windowId: number | null) => ['evaluation', 'visit', windowId] as const,
  ratings: ['evaluation', 'ratings'] as const,
  rects: ['evaluation', 'rectifications'] as const,
  rect: (id: number | null) => ['evaluation', 'rectification', id] as const,
  my: ['evaluation', 'my'] as const,
  board: ['evaluation', 'board'] as const,
  settings: ['evaluation', 'settings'] as const,
  token: (t: string) => ['evaluation', 'token', t] as const,
}

export interface RatingBody {
  stars: number
  indicators: Record<string, number>
  comment?: string | null
}

function useInvalidateAll() {
  const qc = useQueryClient()
  return () => qc.invalidateQueries({ queryKey: K.all })
}

// ---------------------------------------------------------------- the applicant
export function useCaseRating(caseId: number | null) {
  return useQuery({ queryKey: K.caseRating(caseId), queryFn: () => api.get<CaseRatingState>(`/api/evaluation/cases/${caseId}/rating`), enabled: caseId != null, meta: { silent: true } })
}

export function useRateCase() {
  const done = useInvalidateAll()
  return useMutation({ mutationFn: (b: RatingBody & { caseId: number }) => api.post<RatingDto>('/api/evaluation/ratings', b), onSuccess: done, meta: { silent: true } })
}

export function useMyEvaluations() {
  return useQuery({ queryKey: K.my, queryFn: () => api.get<{ ratings: RatingDto[]; rectifications: RectificationDto[] }>('/api/evaluation/my') })
}

export function useVerdict() {
  const done = useInvalidateAll()
  return useMutation({ mutationFn: (b: { id: number; verdict: FixVerdict }) => api.post<RectificationDto>(`/api/evaluation/rectifications/${b.id}/verdict`, { verdict: b.verdict }), onSuccess: done, meta: { silent: true } })
}

// ---------------------------------------------------------------- window visits and the counter tablet
export function useCurrentVisit(windowId: number | null, refetchInterval?: number) {
  return useQuery({
    queryKey: K.visit(windowId),
    queryFn: () => api.get<{ visit: VisitDto | null }>(`/api/evaluation/windows/${windowId}/current-visit`).then((r) => r.visit),
    enabled: windowId != null,
    // a window outside the account's reach answers 403/404: the pages show it, no toast every poll
    refetchInterval: (q) => (q.state.status === 'error' ? false : refetchInterval),
    meta: { silent: true },
  })
}

export interface VisitBody {
  windowId: number
  caseId?: number | null
  purpose: string
  applicantName?: string | null
  applicantPhone?: string | null
}

export function useOpenVisit() {
  const done = useInvalidateAll()
  return useMutation({ mutationFn: (b: VisitBody) => api.post<VisitDto>('/api/evaluation/visits', b), onSuccess: done, meta: { silent: true } })
}

export function useEndVisit() {
  const done = useInvalidateAll()
  return useMutation({ mutationFn: (id: number) => api.post<VisitDto>(`/api/evaluation/visits/${id}/end`), onSuccess: done })
}

export function useRateVisit() {
  return useMutation({ mutationFn: (b: RatingBody & { visitId: number }) => api.post<RatingDto>(`/api/evaluation/visits/${b.visitId}/rating`, { stars: b.stars, indicators: b.indicators, comment: b.comment }), meta: { silent: true } })
}

export function usePublicVisit(token: string) {
  return useQuery({ queryKey: K.token(token), queryFn: () => api.get<{ visit: PublicVisit }>(`/api/public/visits/${encodeURIComponent(token)}`).then((r) => r.visit), retry: false, meta: { silent: true } })
}

export function useRateByToken(token: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (b: RatingBody) => api.post<{ visit: PublicVisit }>(`/api/public/visits/${encodeURIComponent(token)}/rating`, b),
    onSuccess: (r) => qc.setQueryData(K.token(token), r.visit),
    meta: { silent: true },
  })
}

// ---------------------------------------------------------------- the back office
export interface RatingQuery {
  channel?: RatingChannel
  stars?: number
  unitId?: number
  from?: string
  to?: string
  page: number
  pageSize: number
}

export function useRatings(q: RatingQuery) {
  return useQuery({ queryKey: [...K.ratings, q], queryFn: () => api.get<{ items: RatingDto[]; total: number }>('/api/evaluation/ratings', { ...q }), placeholderData: keepPreviousData })
}
export const ratingsXlsxUrl = (q: Omit<RatingQuery, 'page' | 'pageSize'>) => withQuery('/api/evaluation/ratings.xlsx', { ...q })

export interface RectQuery {
  status?: RectificationStatus
  unitId?: number
  overdue?: boolean
  appeal?: 'pending' | 'upheld' | 'rejected'
  page: number
  pageSize: number
}

export function useRectifications(q: RectQuery, refetchInterval?: number) {
  return useQuery({ queryKey: [...K.rects, q], queryFn: () => api.get<{ items: RectificationDto[]; total: number }>('/api/evaluation/rectifications', { ...q }), placeholderData: keepPreviousData, refetchInterval })
}
export const rectificationsXlsxUrl = (q: Omit<RectQuery, 'page' | 'pageSize'>) => withQuery('/api/evaluation/rectifications.xlsx', { ...q })

export function useRectification(id: number | null) {
  return useQuery({ queryKey: K.rect(id), queryFn: () => api.get<RectificationDto>(`/api/evaluation/rectifications/${id}`), enabled: id != null })
}

function useRectMutation<B>(path: (b: B) => string, body: (b: B) => unknown) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (b: B) => api.post<RectificationDto>(path(b), body(b)),
    onSuccess: async (x) => {
      qc.setQueryData(K.rect(x.id), x)
      await qc.invalidateQueries({ queryKey: K.all })
    },
    meta: { silent: true },
  })
}

export const useRecordCallback = () =>
  useRectMutation<{ id: number; method: 'phone' | 'sms' | 'visit' | 'other'; reached: boolean; content: string }>((b) => `/api/evaluation/rectifications/${b.id}/callbacks`, ({ id: _id, ...rest }) => rest)
export const useRectify = () => useRectMutation<{ id: number; measures: string }>((b) => `/api/evaluation/rectifications/${b.id}/rectify`, (b) => ({ measures: b.measures }))

export function useAppeal() {
  const done = useInvalidateAll()
  return useMutation({ mutationFn: (b: { ratingId: number; reason: string }) => api.post<AppealDto>(`/api/evaluation/ratings/${b.ratingId}/appeal`, { reason: b.reason }), onSuccess: done, meta: { silent: true } })
}

export function useDecideAppeal() {
  const done = useInvalidateAll()
  return useMutation({ mutationFn: (b: { id: number; upheld: boolean; note: string }) => api.post<AppealDto>(`/api/evaluation/appeals/${b.id}/decide`, { upheld: b.upheld, note: b.note }), onSuccess: done, meta: { silent: true } })
}

export function useEvaluationSettings(enabled = true) {
  return useQuery({ queryKey: K.settings, queryFn: () => api.get<EvaluationSettings>('/api/evaluation/settings'), enabled })
}

export function usePutEvaluationSettings() {
  const qc = useQueryClient()
  return useMutation({ mutationFn: (s: EvaluationSettings) => api.put<EvaluationSettings>('/api/evaluation/settings', s), onSuccess: (s) => qc.setQueryData(K.settings, s), meta: { silent: true } })
}

// ---------------------------------------------------------------- public
export function usePublicBoard(page: number, pageSize: number) {
  return useQuery({ queryKey: [...K.board, page, pageSize], queryFn: () => api.get<PublicBoard>('/api/public/bad-reviews', { page, pageSize }), placeholderData: keepPreviousData })
}
