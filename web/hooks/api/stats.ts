/**
 * The stats module (KPIs, rankings, grades, the monthly report and the lobby screen) as the web sees
 * it: src/modules/stats/README.md and stats.types.ts.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, withQuery } from '../../lib/api'
import type { GradeRow, GradeThresholds, KpiDefinition, KpiSet, Period, PublishedRanking, Ranking, RankingScope, ScreenData, TrendPoint } from '../../../src/modules/stats/stats.types'

export type * from '../../../src/modules/stats/stats.types'
export { DEFAULT_GRADE_THRESHOLDS, GRADE_NAMES, PERIOD_NAMES, RANKING_SCOPE_NAMES } from '../../../src/modules/stats/stats.types'

export type BreakdownBy = 'department' | 'channel' | 'level' | 'item'
export interface BreakdownRow {
  key: string
  name: string
  kpis: KpiSet
}

export function useKpiDefinitions(enabled = true) {
  return useQuery({
    queryKey: ['stats', 'definitions'],
    queryFn: () => api.get<KpiDefinition[]>('/api/stats/definitions'),
    staleTime: 60 * 60_000,
    enabled,
    meta: { silent: true },
  })
}

export interface KpiQuery {
  period: Period
  date: string
  unitId?: number
}

export function useKpis(q: KpiQuery, opts: { enabled?: boolean; refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: ['stats', 'kpis', q],
    queryFn: () => api.get<KpiSet>('/api/stats/kpis', { ...q }),
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
    refetchInterval: opts.refetchInterval,
  })
}

export interface TrendQuery {
  grain: 'day' | 'week' | 'month'
  from: string
  to: string
  unitId?: number
}

export function useTrend(q: TrendQuery) {
  return useQuery({
    queryKey: ['stats', 'trend', q],
    queryFn: () => api.get<TrendPoint[]>('/api/stats/trend', { ...q }),
    placeholderData: keepPreviousData,
  })
}

export function useBreakdown(by: BreakdownBy, period: Period, date: string, unitId?: number) {
  return useQuery({
    queryKey: ['stats', 'breakdown', by, period, date, unitId],
    queryFn: () => api.get<BreakdownRow[]>('/api/stats/breakdown', { by, period, date, unitId }),
    placeholderData: keepPreviousData,
  })
}
/** One page of a breakdown, busiest first, with the number of all its rows (the item breakdown of a city has thousands). */
export function useBreakdownPage(by: BreakdownBy, period: Period, date: string, unitId: number | undefined, page: number, pageSize = 10) {
  return useQuery({
    queryKey: ['stats', 'breakdown', by, period, date, unitId, page, pageSize],
    queryFn: async () => {
      let total = 0
      const rows = await api.get<BreakdownRow[]>('/api/stats/breakdown', { by, period, date, unitId, limit: pageSize, offset: (page - 1) * pageSize }, {
        onHeaders: (h) => {
          total = Number(h.get('x-total-count') ?? 0)
        },
      })
      return { rows, total }
    },
    placeholderData: keepPreviousData,
  })
}
export const breakdownXlsxUrl = (by: BreakdownBy, period: Period, date: string, unitId?: number) => withQuery('/api/stats/breakdown.xlsx', { by, period, date, unitId })

export interface RankingQuery {
  scope: RankingScope
  period: 'week' | 'month'
  date: string
  fair: boolean
}

export function useRanking(q: RankingQuery) {
  return useQuery({
    queryKey: ['stats', 'rankings', q],
    queryFn: () => api.get<Ranking>('/api/stats/rankings', { ...q }),
    placeholderData: keepPreviousData,
  })
}
export const rankingXlsxUrl = (q: RankingQuery) => withQuery('/api/stats/rankings.xlsx', { ...q })

export function usePublishRanking() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: RankingQuery & { title?: string }) => api.post<PublishedRanking>('/api/stats/rankings/publish', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['public', 'rankings'] }),
  })
}

export function usePublicRankings() {
  return useQuery({
    queryKey: ['public', 'rankings'],
    queryFn: () => api.get<PublishedRanking[]>('/api/public/rankings', undefined, { allow401: true }),
  })
}

export function useGrades(quarter: string) {
  return useQuery({
    queryKey: ['stats', 'grades', quarter],
    queryFn: () => api.get<GradeRow[]>('/api/stats/grades', { quarter }),
    placeholderData: keepPreviousData,
  })
}
export const gradesXlsxUrl = (quarter: string) => withQuery('/api/stats/grades.xlsx', { quarter })
export const reportPdfUrl = (month: string) => withQuery('/api/stats/report.pdf', { month })

export function useStatsSettings(enabled = true) {
  return useQuery({
    queryKey: ['stats', 'settings'],
    queryFn: () => api.get<{ grades: GradeThresholds }>('/api/stats/settings'),
    enabled,
    meta: { silent: true },
  })
}

export function useSaveStatsSettings() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: { grades: GradeThresholds }) => api.put<{ grades: GradeThresholds }>('/api/stats/settings', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['stats', 'settings'] }),
  })
}

/** the lobby screen refreshes itself every 60 s */
export const SCREEN_MS = 60_000

export function useScreen() {
  return useQuery({
    queryKey: ['public', 'screen'],
    queryFn: () => api.get<ScreenData>('/api/public/screen', undefined, { allow401: true }),
    refetchInterval: SCREEN_MS,
    refetchIntervalInBackground: true,
  })
}

/** a rate 0..1 as a percentage, "—" when null (no denominator) */
export function pct(v: number | null | undefined, digits = 1): string {
  return v == null ? '—' : `${(v * 100).toFixed(digits)}%`
}
export function num(v: number | null | undefined, digits = 1): string {
  return v == null ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(digits)
}
