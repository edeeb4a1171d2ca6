/** 审批待办: my active steps with their due dates and lights; open a case to opine, decide, pause, extend. */
import { useState } from 'react'
import { Badge, Button, Card, Input, Space, Table, Tag, Typography } from 'antd'
import { useCases, type CaseSummary } from '../../../hooks/api/backoffice'
import { fmtDateTime } from '../../../lib/format'
import { PageHeader } from '../../../ui/PageHeader'
import { CaseStatusTag, DueLight, lightOf } from '../shared/bits'
import { CaseDrawer } from '../shared/CaseDrawer'

type QueueRow = CaseSummary & { currentStep?: string | null; stepName?: string | null; stepDue?: string | null; leftDays?: number | null }

export default function QueuePage() {
  const [page, setPage] = useState({ page: 1, pageSize: 20 })
  const [q, setQ] = useState<string | undefined>()
  const [open, setOpen] = useState<QueueRow | null>(null)
  const list = useCases({ queue: 'mine', q, ...page }, { refetchInterval: 30_000 })
  const rows = (list.data?.items ?? []) as QueueRow[]
  const lights = rows.map((r) => lightOf(r.leftDays ?? null, false, r.stepDue ?? r.promisedDue))
  const n = (l: string) => lights.filter((x) => x === l).length

  return (
    <>
      <PageHeader
        title="审批待办"
        crumbs={['办件', '审批待办']}
        subtitle="分配到我的审核、审批环节。黄灯：剩余不超过 1 个工作日；红灯：已超期。"
        extra={
          <Space size={12} data-testid="queue-lights">
            <Badge status="success" text={`正常 ${n('green')}`} />
            <Badge status="warning" text={`临期 ${n('yellow')}`} />
            <Badge status="error" text={`超期 ${n('red')}`} />
          </Space>
        }
      />
      <Card size="small">
        <Input.Search allowClear placeholder="办件编号 / 申请人 / 事项" style={{ width: 260, marginBottom: 10 }} onSearch={(v) => setQ(v.trim() || undefined)} />
        <Table<QueueRow>
          size="small"
          rowKey="id"
          data-testid="queue-table"
          loading={list.isFetching}
          dataSource={rows}
          scroll={{ x: 'max-content' }}
          onRow={(c) => ({ 'data-testid': `case-row-${c.number}`, 'data-case-id': c.id }) as React.HTMLAttributes<HTMLElement>}
          pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, showTotal: (t) => `共 ${t} 件`, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
          columns={[
            {
              title: '办件编号',
              dataIndex: 'number',
              fixed: 'left',
              render: (v: string, r) => (
                <span>
                  <span className="ow-mono">{v}</span>
                  {r.greenChannel && <Tag color="green" style={{ marginLeft: 4 }}>绿色通道</Tag>}
                  {r.jointCaseId != null && <Tag color="blue" style={{ marginLeft: 4 }}>并联</Tag>}
                </span>
              ),
            },
            { title: '事项', dataIndex: 'itemName' },
            { title: '申请人', dataIndex: 'applicantName', render: (v?: string) => v ?? '—' },
            ...(rows.some((r) => r.stepName || r.currentStep) ? [{ title: '当前环节', key: 'step', render: (_: unknown, r: QueueRow) => r.stepName ?? r.currentStep ?? '—' }] : []),
            { title: '状态', dataIndex: 'status', render: (s: string, r) => <CaseStatusTag status={s} name={r.statusName} /> },
            { title: '受理时间', dataIndex: 'acceptedAt', render: fmtDateTime },
            { title: '环节 / 承诺到期', key: 'due', render: (_: unknown, r) => <DueLight due={r.stepDue ?? r.promisedDue} leftDays={r.leftDays ?? null} /> },
            {
              title: '操作',
              key: 'op',
              fixed: 'right',
              render: (_: unknown, r) => (
                <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpen(r)} data-testid={`open-${r.number}`}>
                  办理
                </Button>
              ),
            },
          ]}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          列表每 30 秒自动刷新。
        </Typography.Text>
      </Card>
      <CaseDrawer caseId={open?.id ?? null} mode="handle" title={open ? `办理 · ${open.number}` : ''} onClose={() => setOpen(null)} />
    </>
  )
}
