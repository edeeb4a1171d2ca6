/** 发送记录: the notice outbox with delivery status, attempts and errors. */
import { useState } from 'react'
import { App, Badge, Button, Card, Select, Space, Table, Typography } from 'antd'
import { Link } from 'react-router-dom'
import { useOutbox, useRetryOutbox, type OutboxRow } from '../../../hooks/api/backoffice'
import { fmtDateTime } from '../../../lib/format'
import { PageHeader } from '../../../ui/PageHeader'

const STATUS = { queued: { s: 'processing' as const, t: '待发送' }, sent: { s: 'success' as const, t: '已发送' }, failed: { s: 'error' as const, t: '发送失败' } }
const CHANNEL: Record<string, string> = { sms: '短信', email: '邮件', inapp: '站内信', log: '日志' }

export default function OutboxPage() {
  const { message } = App.useApp()
  const [query, setQuery] = useState<{ status?: string; channel?: string; page: number; pageSize: number }>({ page: 1, pageSize: 20 })
  const list = useOutbox(query)
  const retry = useRetryOutbox()
  return (
    <>
      <PageHeader title="发送记录" crumbs={['通知', '发送记录']} subtitle="所有告知申请人的通知，在业务变更的同一事务中写入，由发送器异步投递并自动重试。" />
      <Card size="small">
        <Space style={{ marginBottom: 12 }}>
          <Select allowClear placeholder="发送状态" style={{ width: 140 }} value={query.status} onChange={(status?: string) => setQuery({ ...query, page: 1, status })} options={Object.entries(STATUS).map(([value, v]) => ({ value, label: v.t }))} />
          <Select allowClear placeholder="渠道" style={{ width: 120 }} value={query.channel} onChange={(channel?: string) => setQuery({ ...query, page: 1, channel })} options={Object.entries(CHANNEL).map(([value, label]) => ({ value, label }))} />
        </Space>
        <Table<OutboxRow>
          size="small"
          rowKey="id"
          data-testid="outbox-table"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          pagination={{ current: query.page, pageSize: query.pageSize, total: list.data?.total ?? 0, showTotal: (t) => `共 ${t} 条`, onChange: (page, pageSize) => setQuery({ ...query, page, pageSize }) }}
          columns={[
            { title: '时间', dataIndex: 'createdAt', render: fmtDateTime },
            { title: '事件', dataIndex: 'event', render: (e: string, r) => r.eventName ?? <span className="ow-mono">{e}</span> },
            { title: '办件', dataIndex: 'caseId', render: (id: number | null | undefined) => (id ? <Link to={`/desk/cases/${id}`}>查看</Link> : '—') },
            { title: '渠道', dataIndex: 'channel', render: (c: string) => CHANNEL[c] ?? c },
            { title: '接收人', dataIndex: 'recipient', render: (r: string) => <span className="ow-mono">{r}</span> },
            { title: '状态', dataIndex: 'status', render: (s: OutboxRow['status']) => <Badge status={STATUS[s]?.s ?? 'default'} text={STATUS[s]?.t ?? s} /> },
            { title: '尝试', dataIndex: 'attempts' },
            { title: '发送时间', dataIndex: 'sentAt', render: fmtDateTime },
            { title: '错误', dataIndex: 'lastError', render: (e: string | null) => (e ? <Typography.Text type="danger" ellipsis style={{ maxWidth: 240 }}>{e}</Typography.Text> : '—') },
            { title: '操作', key: 'op', fixed: 'right', render: (_: unknown, r) => (r.status === 'failed' ? <Button type="link" size="small" style={{ padding: 0 }} loading={retry.isPending && retry.variables === r.id} onClick={() => retry.mutateAsync(r.id).then(() => message.success('已重新排队发送'))}>重发</Button> : null) },
          ]}
        />
      </Card>
    </>
  )
}
