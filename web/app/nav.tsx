/** The navigation a user sees, by role. */
import type { ReactNode } from 'react'
import { ApartmentOutlined, AuditOutlined, CalendarOutlined, DashboardOutlined, SettingOutlined } from '@ant-design/icons'
import { hasRole, type User } from '../hooks/api/auth'
import { AUDIT_ROLES } from '../lib/roles'
import { hallNav } from '../routes/hall'
import { backofficeNav } from '../routes/backoffice'

export interface NavItem {
  key: string
  label: string
  icon?: ReactNode
  children?: NavItem[]
}

export function navFor(user: User): NavItem[] {
  const items: NavItem[] = [
    { key: '/', label: '工作台', icon: <DashboardOutlined /> },
    { key: '/calendar', label: '工作日历', icon: <CalendarOutlined /> },
  ]
  items.push(...hallNav(user), ...backofficeNav(user))
  if (user.kind === 'staff') {
    items.push({
      key: 'org',
      label: '组织机构',
      icon: <ApartmentOutlined />,
      children: [
        { key: '/org/regions', label: '行政区划' },
        { key: '/org/units', label: '机构与窗口' },
        { key: '/org/staff', label: '工作人员' },
      ],
    })
    if (hasRole(user, AUDIT_ROLES)) items.push({ key: '/audit', label: '审计日志', icon: <AuditOutlined /> })
  }
  items.push({ key: '/account', label: '账号设置', icon: <SettingOutlined /> })
  return items
}

/** The menu key that should be highlighted for a path. */
export function selectedKey(pathname: string, items: NavItem[] = []): string {
  if (pathname === '/') return '/'
  const keys = items.flatMap((i) => [i.key, ...(i.children ?? []).map((c) => c.key)]).filter((k) => k.startsWith('/') && k !== '/')
  // the longest key that is the path or a prefix of it
  return keys.filter((k) => pathname === k || pathname.startsWith(`${k}/`)).sort((a, b) => b.length - a.length)[0] ?? pathname
}
