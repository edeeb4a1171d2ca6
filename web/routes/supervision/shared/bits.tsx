/** Small pieces shared by the supervision pages: lights, alert levels, order status, roles. */
import { Badge, Tag, Tooltip } from 'antd'
import type { Role } from '../../../lib/roles'
import { ALERT_LEVEL_NAMES, LIGHT_NAMES, ORDER_STATUS_NAMES, type AlertLevel, type Light, type OrderDto, type OrderStatus } from '../../../hooks/api/supervision'

/** 电子监察 console, drill-down, outbox */
export const SUPERVISOR_ROLES: readonly Role[] = ['supervisor', 'system_admin']
/** 督办 outbox and sending orders (the README: supervisor, centre_admin or system_admin) */
export const ORDER_SEND_ROLES: readonly Role[] = ['supervisor', 'centre_admin', 'system_admin']
/** statistics and rankings */
export const STATS_ROLES: readonly Role[] = ['supervisor', 'centre_admin', 'system_admin']
export const PUBLISH_ROLES: readonly Role[] = ['supervisor', 'centre_admin']
/** staff of a receiving unit who see the 督办收件箱 */
export const INBOX_ROLES: readonly Role[] = ['reviewer', 'approver', 'window_staff', 'handling_unit', 'centre_admin']

export const LIGHT_COLORS: Record<Light, string> = { green: '#389e0d', yellow: '#d48806', red: '#cf1322' }
const LEVEL_COLORS: Record<AlertLevel, string> = { prompt: 'gold', yellow: 'orange', red: 'red' }
const ORDER_STATUS_COLORS: Record<OrderStatus, string> = { sent: 'processing', replied: 'warning', closed: 'success', escalated: 'error' }

export function LightDot({ light, text }: { light: Light | null | undefined; text?: boolean }) {
  if (!light) return <Tooltip title="暂停计时或期限待定，无灯"><Badge color="#bfbfbf" text={text ? '无灯' : undefined} /></Tooltip>
  return <Badge color={LIGHT_COLORS[light]} text={text ? LIGHT_NAMES[light] : undefined} data-testid={`light-${light}`} />
}

export function LevelTag({ level }: { level: AlertLevel }) {
  return <Tag color={LEVEL_COLORS[level]}>{ALERT_LEVEL_NAMES[level]}</Tag>
}

export function OrderStatusTag({ o }: { o: Pick<OrderDto, 'status' | 'statusName' | 'overdue'> }) {
  return (
    <>
      <Tag color={ORDER_STATUS_COLORS[o.status]}>{o.statusName || ORDER_STATUS_NAMES[o.status]}</Tag>
      {o.overdue && o.status === 'sent' && <Tag color="red">逾期未复</Tag>}
    </>
  )
}

export function daysLeftText(d: number | null | undefined): string {
  if (d == null) return '—'
  if (d < 0) return `超期 ${-d} 个工作日`
  if (d === 0) return '今日到期'
  return `剩 ${d} 个工作日`
}
