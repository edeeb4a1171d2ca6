/** 窗口工作台: 网上预审, 收件受理, 窗口收件, 出件. */
import { useState } from 'react'
import { Badge, Button, Card, Input, Segmented, Table, Tabs } from 'antd'
import { useSearchParams } from 'react-router-dom'
import { useCases, type CaseQuery, type CaseSummary } from '../../../hooks/api/backoffice'
import { fmtDateTime } from '../../../lib/format'
import { PageHeader } from '../../../ui/PageHeader'
import { CaseStatusTag, DueLight } from '../shared/bits'
import { CaseDrawer, type WorkMode } from '../shared/CaseDrawer'
import { WalkInPanel } from './WalkInPanel'
import { VisitControl } from '../../evaluation/backoffice/VisitControl'

const TABS = [
  { key: 'prereview', label: '网上预审', mode: 'prereview' as WorkMode },
  { key: 'intake', label: '收件受理', mode: 'intake' as WorkMode },
  { key: 'walkin', label: '窗口收件', mode: 'intake' as WorkMode },
  { key: 'handover', label: '出件', mode: 'handover' as WorkMode },
]

function CaseList({ query, onOpen, action, testId }: { query: Omit<CaseQuery, 'page' | 'pageSize'>; onOpen: (c: CaseSummary) => void; action: string; testId: string }) {
  const [page, setPage] = useState({ page: 1, pageSize: 20 })
  const [q, setQ] = useState<string | undefined>()
  const list = useCases({ ...query, q, ...page }, { refetchInterval: 30_000 })
  return (
    <>
      <Input.Search allowClear placeholder="办件编号 / 申请人 / 事项" style={{ width: 260, marginBottom: 10 }} onSearch={(v) => setQ(v.trim() || undefined)} />
      <Table<CaseSummary>
        size="small"
        rowKey="id"
        data-testid={testId}
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        onRow={(c) => ({ 'data-testid': `case-row-${c.number}`, 'data-case-id': c.id }) as React.HTMLAttributes<HTMLElement>}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, showTotal: (t) => `共 ${t} 件`, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        columns={[
          { title: '办件编号', dataIndex: 'number', fixed: 'left', render: (n: string) => <span className="ow-mono">{n}</span> },
          { title: '事项', dataIndex: 'itemName' },
          { title: '申请人', dataIndex: 'applicantName', render: (n?: string) => n ?? '—' },
          { title: '状态', dataIndex: 'status', render: (s: string, c) => <CaseStatusTag status={s} name={c.statusName} /> },
          { title: '提交时间', dataIndex: 'submittedAt', render: (v: string | null, c) => fmtDateTime(v ?? c.receivedAt ?? null) },
          { title: '承诺到期', dataIndex: 'promisedDue', render: (d: string | null) => <DueLight due={d} /> },
          {
            title: '操作',
            key: 'op',
            fixed: 'right',
            render: (_: unknown, c) => (
              <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onOpen(c)} data-testid={`open-${c.number}`}>
                {action}
              </Button>
            ),
          },
        ]}
      />
    </>
  )
}

export default function WindowPage() {
  const [params, setParams] = useSearchParams()
  const tab = params.get('tab') ?? 'prereview'
  const [open, setOpen] = useState<{ id: number; mode: WorkMode; title: string } | null>(null)
  const [handoverStatus, setHandoverStatus] = useState<'decided' | 'completed'>('decided')
  const pre = useCases({ queue: 'prereview', page: 1, pageSize: 1 })
  const intake = useCases({ queue: 'intake', page: 1, pageSize: 1 })

  const count = (n: number | undefined) => (n ? <Badge count={n} size="small" offset={[6, -2]} /> : null)
  const openCase = (mode: WorkMode, title: string) => (c: CaseSummary) => setOpen({ id: c.id, mode, title: `${title} · ${c.number}` })

  return (
    <>
      <PageHeader title="窗口工作台" crumbs={['办件', '窗口工作台']} subtitle="网上申请预审、收件查验与受理决定、窗口代办收件、收费与出件。每项决定当场出具书面文书。" />
      <VisitControl />
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams({ tab: k }, { replace: true })}
          data-testid="window-tabs"
          items={TABS.map((t) => ({
            key: t.key,
            label: (
              <span data-testid={`tab-${t.key}`}>
                {t.label}
                {t.key === 'prereview' && count(pre.data?.total)}
                {t.key === 'intake' && count(intake.data?.total)}
              </span>
            ),
            children:
              t.key === 'prereview' ? (
                <CaseList testId="prereview-list" query={{ queue: 'prereview' }} action="预审" onOpen={openCase('prereview', '网上预审')} />
              ) : t.key === 'intake' ? (
                <CaseList testId="intake-list" query={{ queue: 'intake' }} action="查验受理" onOpen={openCase('intake', '收件受理')} />
              ) : t.key === 'walkin' ? (
                <WalkInPanel />
              ) : (
                <>
                  <Segmented
                    style={{ marginBottom: 10 }}
                    value={handoverStatus}
                    onChange={(v) => setHandoverStatus(v as 'decided' | 'completed')}
                    options={[{ value: 'decided', label: '待办结（收费）' }, { value: 'completed', label: '待出件' }]}
                    data-testid="handover-filter"
                  />
                  <CaseList testId="handover-list" query={{ status: handoverStatus }} action="出件" onOpen={openCase('handover', '出件')} />
                </>
              ),
          }))}
        />
      </Card>
      <CaseDrawer caseId={open?.id ?? null} mode={open?.mode ?? 'intake'} title={open?.title ?? ''} onClose={() => setOpen(null)} />
    </>
  )
}
