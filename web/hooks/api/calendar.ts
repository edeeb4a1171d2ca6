/** The working-day calendar: month view, due dates with their day-by-day explanation, local overrides. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../lib/api'

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday' | 'closure' | 'local_holiday' | 'extra_workday'
export type OverrideKind = 'closure' | 'local_holiday' | 'extra_workday'

export interface CalendarDay {
  date: string
  weekday: number
  workday: boolean
  kind: DayKind
  name: string | null
  overrideId: number | null
  overrideRegionCode: string | null
}

export interface MonthView {
  year: number
  month: number
  regionCode: string | null
  days: CalendarDay[]
}

export interface ExplainEntry {
  date: string
  kind: DayKind | 'paused'
  counted: boolean
  ordinal: number | null
  name: string | null
}

export interface Explanation {
  from: string
  days: number
  due: string
  entries: ExplainEntry[]
}

export interface Override {
  id: number
  regionCode: string
  regionName: string | null
  date: string
  kind: OverrideKind
  name: string
  reason: string | null
  createdAt: string
}

export function useMonth(year: number, month: number, region: string | null) {
  return useQuery({
    queryKey: ['calendar', 'month', year, month, region ?? ''],
    queryFn: () => api.get<MonthView>('/api/calendar/month', { year, month, region }),
    placeholderData: keepPreviousData,
    meta: { silent: true }, // shown in the month card
  })
}

export function useDue(from: string | null, days: number | null, region: string | null) {
  return useQuery({
    queryKey: ['calendar', 'due', from, days, region ?? ''],
    queryFn: () => api.get<{ due: string }>('/api/calendar/due', { from, days, region }),
    enabled: !!from && days !== null,
    meta: { silent: true }, // shown in the due-date panel
  })
}

export function useExplain(from: string | null, days: number | null, region: string | null) {
  return useQuery({
    queryKey: ['calendar', 'explain', from, days, region ?? ''],
    queryFn: () => api.get<Explanation>('/api/calendar/explain', { from, days, region }),
    enabled: !!from && days !== null,
    meta: { silent: true },
  })
}

export function useOverrides(region: string | null, year: number) {
  return useQuery({
    queryKey: ['calendar', 'overrides', region ?? '', year],
    queryFn: () => api.get<{ items: Override[] }>('/api/calendar/overrides', { region, year }),
    enabled: !!region,
  })
}

export function useCalendarYears() {
  return useQuery({
    queryKey: ['calendar', 'years'],
    queryFn: () => api.get<{ years: { year: number; source: string }[] }>('/api/calendar/years'),
    staleTime: 10 * 60_000,
  })
}

export function useAddOverride() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: { regionCode: string; date: string; kind: OverrideKind; name: string; reason?: string }) =>
      api.post<{ override: Override }>('/api/calendar/overrides', body),
    // every month view, due date and explanation may change
    onSuccess: () => qc.invalidateQueries({ queryKey: ['calendar'] }),
    meta: { silent: true },
  })
}

export function useDeleteOverride() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (id: number) => api.del<{ ok: true }>(`/api/calendar/overrides/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['calendar'] }),
  })
}
