/** 差评整改 (and 申诉复核 with appeal=pending): the rectifications in scope, overdue ones marked, with xlsx export. */
import { useState } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { Button, Card, Checkbox, Select, Space, Table } from 'antd'
import { DownloadOutlined } from '@ant-design/icons'
import { RECTIFICATION_STATUS_NAMES, rectificationsXlsxUrl, useRectifications, type RectificationDto, type RectificationStatus } from '../../../hooks/api/evaluation'
import { fmtDate, fmtDateTime } from '../../../lib/format'
import { PageHeader } from '../../../ui/PageHeader'
import { StarsTag } from '../shared/RatingForm'
import { RectStatusTag } from '../shared/bits'

export default function RectificationsPage({ appeals }: { appeals?: boolean }) {
  const navigate = useNavigate()
  const [status, setStatus] = useState<RectificationStatus | undefined>()
  const [overdue, setOverdue] = useState(false)
  const [page, setPage] = useState({ page: 1, pageSize: 20 })
  const filter = appeals ? { appeal: 'pending' as const } : { status, overdue: overdue || undefined }
  const list = useRectifications({ ...filter, ...page }, 30_000)
  return (
    <div data-testid={appeals ? 'appeals-page' : 'rectifications-page'}>
      <PageHeader
        title={appeals ? '申诉复核' : '差评整改'}
        crumbs={['好差评', appeals ? '申诉复核' : '差评整改']}
        subtitle={
          appeals
            ? '责任单位对误评、恶意差评提出的申诉，由电子监察员或中心管理员复核：申诉成立的差评撤销，不计入满意度。'
            : '差评自动生成整改任务：实名差评须先回访，再限期整改、录入措施，由评价人评价整改结果。超期未整改的标红。'
        }
        extra={<Button icon={<DownloadOutlined />} href={rectificationsXlsxUrl(filter)}>导出 Excel</Button>}
      />
      <Card size="small">
        {!appeals && (
          <Space wrap style={{ marginBottom: 10 }}>
            <Select allowClear placeholder="状态" style={{ width: 160 }} value={status} onChange={(v) => { setStatus(v); setPage((p) => ({ ...p, page: 1 })) }} options={Object.entries(RECTIFICATION_STATUS_NAMES).map(([value, label]) => ({ value, label }))} />
            <Checkbox checked={overdue} onChange={(e) => { setOverdue(e.target.checked); setPage((p) => ({ ...p, page: 1 })) }} data-testid="filter-overdue">只看超期</Checkbox>
          </Space>
        )}
        <Table<RectificationDto>
          size="small"
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          onRow={(x) => ({ 'data-testid': `rect-row-${x.id}`, style: { cursor: 'pointer' }, onClick: () => navigate(`/desk/evaluation/rectifications/${x.id}`) }) as React.HTMLAttributes<HTMLElement>}
          pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, showTotal: (t) => `共 ${t} 件`, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
          columns={[
            { title: '整改编号', dataIndex: 'number', render: (v: string, x) => <Link to={`/desk/evaluation/rectifications/${x.id}`} className="ow-mono">{v}</Link> },
            { title: '差评时间', key: 'at', render: (_: unknown, x) => fmtDateTime(x.rating.createdAt) },
            { title: '评价', key: 'stars', render: (_: unknown, x) => <StarsTag stars={x.rating.stars} name={x.rating.starsName} /> },
            { title: '评价内容', key: 'comment', width: 220, render: (_: unknown, x) => x.rating.comment ?? '—' },
            { title: '办件 / 服务', key: 'subject', render: (_: unknown, x) => x.rating.caseNumber ?? x.rating.itemName ?? '—' },
            { title: '责任单位', dataIndex: 'unitName' },
            { title: '整改期限', dataIndex: 'due', render: (v: string, x) => <span style={{ color: x.overdue ? '#cf1322' : undefined }}>{fmtDate(v)}</span> },
            { title: '状态', dataIndex: 'status', render: (v: RectificationStatus, x) => <RectStatusTag status={v} name={x.statusName} overdue={x.overdue} /> },
            { title: '申诉', key: 'appeal', render: (_: unknown, x) => x.appeal?.statusName ?? '—' },
          ]}
        />
      </Card>
    </div>
  )
}
