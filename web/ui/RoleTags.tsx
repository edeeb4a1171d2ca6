import { Tag, Tooltip } from 'antd'
import { roleName } from '../lib/roles'

export interface GrantLike {
  role: string
  unitName?: string | null
  regionCode?: string | null
  regionName?: string | null
}

const COLORS: Record<string, string> = {
  system_admin: 'red',
  centre_admin: 'volcano',
  supervisor: 'purple',
  approver: 'geekblue',
  reviewer: 'blue',
  window_staff: 'cyan',
  applicant: 'green',
}

/** One tag per grant: role name, and where it applies (unit, region, or the whole system). */
export function scopeText(g: GrantLike): string {
  if (g.unitName) return g.unitName
  if (g.regionName || g.regionCode) return `${g.regionName ?? g.regionCode}（辖区）`
  return g.role === 'applicant' ? '' : '全系统'
}

export function RoleTags({ grants, compact }: { grants: GrantLike[]; compact?: boolean }) {
  if (grants.length === 0) return <span style={{ color: 'rgba(0,0,0,0.45)' }}>未授权</span>
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
      {grants.map((g, i) => {
        const scope = scopeText(g)
        const tag = (
          <Tag key={i} color={COLORS[g.role] ?? 'default'} style={{ marginInlineEnd: 0 }}>
            {roleName(g.role)}
            {!compact && scope ? ` · ${scope}` : ''}
          </Tag>
        )
        return compact && scope ? (
          <Tooltip key={i} title={scope}>
            {tag}
          </Tooltip>
        ) : (
          tag
        )
      })}
    </span>
  )
}
