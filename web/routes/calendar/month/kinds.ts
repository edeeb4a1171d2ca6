import type { DayKind } from '../../../hooks/api/calendar'

export interface KindStyle {
  label: string
  /** one-character badge in the day cell */
  badge: string | null
  bg: string
  fg: string
  /** antd Tag colour */
  tag: string
}

/** Distinct colours per kind of day; the legend and the cells read from this one table. */
export const KIND_STYLE: Record<DayKind | 'paused', KindStyle> = {
  workday: { label: '工作日', badge: null, bg: '#ffffff', fg: '#1f1f1f', tag: 'default' },
  weekend: { label: '周末', badge: null, bg: '#f3f4f6', fg: '#8c8c8c', tag: 'default' },
  holiday: { label: '法定节假日', badge: '休', bg: '#fff1f0', fg: '#cf1322', tag: 'red' },
  makeup_workday: { label: '调休上班', badge: '班', bg: '#fff7e6', fg: '#d46b08', tag: 'orange' },
  closure: { label: '闭馆', badge: '闭', bg: '#f4edff', fg: '#531dab', tag: 'purple' },
  local_holiday: { label: '地方假日', badge: '假', bg: '#fff0f6', fg: '#c41d7f', tag: 'magenta' },
  extra_workday: { label: '加班工作日', badge: '加', bg: '#e6f4ff', fg: '#0958d9', tag: 'blue' },
  paused: { label: '计时暂停', badge: '停', bg: '#f6ffed', fg: '#389e0d', tag: 'green' },
}

export const LEGEND_KINDS: DayKind[] = ['workday', 'weekend', 'holiday', 'makeup_workday', 'closure', 'local_holiday', 'extra_workday']

export const OVERRIDE_KIND_NAMES = {
  closure: '闭馆',
  local_holiday: '地方假日',
  extra_workday: '加班工作日',
} as const
