/** 审计日志: the hash-chained record of every action, filterable, with before/after and a chain check. */
import { useState } from 'react'
import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd'
import { SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons'
import type { Dayjs } from 'dayjs'
import { hasRole, useMe } from '../../../hooks/api/auth'
import { useAuditLog, useVerifyChain, type AuditQuery, type AuditRecord } from '../../../hooks/api/audit'
import { useStaffList } from '../../../hooks/api/org'
import { AUDIT_VERIFY_ROLES } from '../../../lib/roles'
import { fmtDateTime } from '../../../lib/format'
import { JsonBlock } from '../../../ui/JsonBlock'
import { PageHeader } from '../../../ui/PageHeader'
import { actionName, TARGET_TYPES, targetTypeName } from './actions'

interface Filters {
  action?: string
  targetType?: string
  actorId?: number
  range?: [Dayjs, Dayjs] | null
  q?: string
}

function ActorSelect({ value, onChange }: { value?: number; onChange?: (v?: number) => void }) {
  const [q, setQ] = useState('')
  const staff = useStaffList({ q: q || undefined, page: 1, pageSize: 20 })
  return (
    <Select
      allowClear
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      placeholder="操作人"
      style={{ width: 160 }}
      loading={staff.isFetching}
      options={(staff.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.displayName}（${s.username}）` }))}
    />
  )
}

export default function AuditPage() {
  const me = useMe().data!
  const canVerify = hasRole(me, AUDIT_VERIFY_ROLES)
  const [query, setQuery] = useState<AuditQuery>({ page: 1, pageSize: 20 })
  const list = useAuditLog(query)
  const verify = useVerifyChain()

  const apply = (f: Filters) =>
    setQuery((q) => ({
      page: 1,
      pageSize: q.pageSize,
      action: f.action?.trim() || undefined,
      targetType: f.targetType || undefined,
      actorId: f.actorId,
      q: f.q?.trim() || undefined,
      from: f.range?.[0]?.startOf('day').toISOString(),
      to: f.range?.[1]?.endOf('day').toISOString(),
    }))

  return (
    <>
      <PageHeader
        title="审计日志"
        crumbs={['审计日志']}
        subtitle="全程留痕：每一项操作的操作人、时间、对象及前后内容，按哈希链逐条串联，任何篡改都可被发现。"
        extra={
          canVerify && (
            <Button icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()} data-testid="audit-verify">
              校验哈希链
            </Button>
          )
        }
      />
      {verify.data &&
        (verify.data.ok ? (
          <Alert
            type="success"
            showIcon
            closable={{ onClose: () => verify.reset() }}
            style={{ marginBottom: 12 }}
            title="哈希链完整"
            description={`已校验 ${verify.data.checked} 条记录（截至第 ${verify.data.lastId} 号），未发现篡改。`}
            data-testid="audit-verify-result"
          />
        ) : (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            title={`哈希链在第 ${verify.data.firstBroken?.id ?? '?'} 号记录处断开`}
            description={`已校验 ${verify.data.checked} 条记录。原因：${verify.data.firstBroken?.reason ?? '未知'}。请立即报告系统管理员并保全数据。`}
            data-testid="audit-verify-result"
          />
        ))}
      <Card size="small">
        <Form<Filters> layout="inline" onFinish={apply} style={{ rowGap: 8, marginBottom: 12 }} data-testid="audit-filters">
          <Form.Item name="q">
            <Input allowClear placeholder="关键词（摘要）" style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="action">
            <Input allowClear placeholder="动作，如 auth.login" style={{ width: 170 }} />
          </Form.Item>
          <Form.Item name="targetType">
            <Select allowClear placeholder="对象类型" style={{ width: 130 }} options={Object.entries(TARGET_TYPES).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="actorId">
            <ActorSelect />
          </Form.Item>
          <Form.Item name="range">
            <DatePicker.RangePicker style={{ width: 250 }} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              查询
            </Button>
          </Form.Item>
        </Form>
        <Table<AuditRecord>
          size="small"
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="audit-table"
          expandable={{
            expandedRowRender: (r) => (
              <div>
                <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12 }}>
                  <JsonBlock label="变更前" value={r.before} />
                  <JsonBlock label="变更后" value={r.after} />
                </div>
                <div style={{ marginTop: 8, fontSize: 12, color: 'rgba(0,0,0,0.55)', wordBreak: 'break-all' }}>
                  请求号 <span className="ow-mono">{r.requestId ?? '—'}</span>　哈希 <span className="ow-mono">{r.hash}</span>
                </div>
              </div>
            ),
          }}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (t) => `共 ${t} 条`,
            onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })),
          }}
          columns={[
            { title: '编号', dataIndex: 'id', width: 70, render: (id: number) => <span className="ow-mono">{id}</span> },
            { title: '时间', dataIndex: 'at', width: 170, render: fmtDateTime },
            {
              title: '操作人',
              dataIndex: 'actorName',
              render: (n: string, r) => (
                <span>
                  {n}
                  {r.actorKind === 'system' && <Tag style={{ marginInlineStart: 4 }}>系统</Tag>}
                  {r.actorKind === 'applicant' && <Tag color="green" style={{ marginInlineStart: 4 }}>申请人</Tag>}
                </span>
              ),
            },
            {
              title: '动作',
              dataIndex: 'action',
              render: (a: string) => (
                <Tooltip title={<span className="ow-mono">{a}</span>}>
                  <Tag color={a.endsWith('failed') ? 'red' : 'blue'}>{actionName(a)}</Tag>
                </Tooltip>
              ),
            },
            { title: '对象', key: 'target', render: (_, r) => `${targetTypeName(r.targetType)}${r.targetId ? ` #${r.targetId}` : ''}` },
            { title: '摘要', dataIndex: 'summary', render: (s: string) => <Typography.Text style={{ maxWidth: 420, display: 'inline-block' }}>{s}</Typography.Text> },
            { title: 'IP', dataIndex: 'ip', render: (ip: string | null) => <span className="ow-mono">{ip ?? '—'}</span> },
          ]}
        />
      </Card>
    </>
  )
}
