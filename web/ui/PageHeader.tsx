/** The heading band of every page: title, one line of explanation, actions on the right. */
import type { ReactNode } from 'react'
import { Breadcrumb, Typography } from 'antd'

export function PageHeader({ title, subtitle, extra, crumbs }: { title: ReactNode; subtitle?: ReactNode; extra?: ReactNode; crumbs?: string[] }) {
  return (
    <div style={{ background: '#fff', padding: '12px 16px', marginBottom: 12, borderRadius: 4, border: '1px solid #e8ecf1' }}>
      {crumbs && crumbs.length > 0 && <Breadcrumb style={{ fontSize: 12, marginBottom: 4 }} items={crumbs.map((c) => ({ title: c }))} />}
      <div style={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: 8 }}>
        <Typography.Title level={4} style={{ margin: 0, flex: '1 1 auto', fontSize: 18 }}>
          {title}
        </Typography.Title>
        {extra && <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>{extra}</div>}
      </div>
      {subtitle && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4, fontSize: 13 }}>
          {subtitle}
        </Typography.Text>
      )}
    </div>
  )
}
