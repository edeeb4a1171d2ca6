/** 联办件: every joint case in my scope, green channel first; filters by status, kind and text. */
import { useState } from 'react'
import { Button, Card, Input, List, Select, Space, Table, Tag, Typography } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import { Link, useNavigate, useSearchParams } from 'react-router-dom'
import { hasRole, useMe } from '../../../hooks/api/auth'
import { JOINT_CASE_STATUSES, useJointCases, type JointCaseKind, type JointCaseStatus, type JointCaseSummaryDto } from '../../../hooks/api/joint'
import { fmtDateTime } from '../../../lib/format'
import { PageHeader } from '../../../ui/PageHeader'
import { useIsPhone } from '../../../ui/useIsPhone'
import { GreenTag, JointStatusTag } from '../shared/bits'
import { JOINT_FILE_ROLES } from '../roles'

export function Progress({ c }: { c: JointCaseSummaryDto }) {
  return (
    <span style={{ whiteSpace: 'nowrap' }} data-testid="joint-progress">
      {c.tasksAnswered} / {c.tasksTotal} 已答复
      {c.tasksDeemed > 0 && <Tag color="orange" style={{ marginLeft: 6 }}>视为同意 {c.tasksDeemed}</Tag>}
    </span>
  )
}

export default function JointCasesPage() {
  const me = useMe().data!
  const isPhone = useIsPhone()
  const navigate = useNavigate()
  const [params, setParams] = useSearchParams()
  const status = (params.get('status') ?? undefined) as JointCaseStatus | undefined
  const kind = (params.get('kind') ?? undefined) as JointCaseKind | undefined
  const q = params.get('q') ?? undefined
  const [page, setPage] = useState({ page: 1, pageSize: 20 })
  const list = useJointCases({ status, kind, q, ...page }, { refetchInterval: 30_000 })
  const set = (k: string, v: string | undefined) => {
    setPage((p) => ({ ...p, page: 1 }))
    setParams((prev) => {
      const n = new URLSearchParams(prev)
      if (v) n.set(k, v)
      else n.delete(k)
      return n
    }, { replace: true })
  }
  return (
    <>
      <PageHeader
        title="联办件"
        crumbs={['并联审批', '联办件']}
        subtitle="一件事和工程建设项目分阶段的并联审批：统一收件、部门预审、统一受理、并联审批、集中回复、统一送达。绿色通道件排在最前。"
        extra={hasRole(me, JOINT_FILE_ROLES) ? <Link to="/desk/joint/new"><Button type="primary" icon={<PlusOutlined />} data-testid="joint-new">综合窗口收件</Button></Link> : undefined}
      />
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search allowClear defaultValue={q} placeholder="编号 / 名称 / 申请人 / 项目代码" style={{ width: isPhone ? '100%' : 280 }} onSearch={(v) => set('q', v.trim() || undefined)} data-testid="joint-search" />
          <Select allowClear placeholder="状态" style={{ width: 170 }} value={status} onChange={(v?: string) => set('status', v)} options={Object.entries(JOINT_CASE_STATUSES).map(([value, label]) => ({ value, label }))} data-testid="joint-status-filter" />
          <Select allowClear placeholder="类型" style={{ width: 150 }} value={kind} onChange={(v?: string) => set('kind', v)} options={[{ value: 'bundle', label: '一件事' }, { value: 'stage', label: '工程建设项目' }]} data-testid="joint-kind-filter" />
        </Space>
        {isPhone ? (
          <List<JointCaseSummaryDto>
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, size: 'small', onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
            renderItem={(c) => (
              <List.Item onClick={() => navigate(`/desk/joint/cases/${c.id}`)} style={{ display: 'block', cursor: 'pointer' }} data-testid={`joint-row-${c.number}`}>
                <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap', alignItems: 'center' }}>
                  <GreenTag on={c.greenChannel} />
                  <b>{c.name}</b>
                  <JointStatusTag status={c.status} />
                </div>
                <div style={{ fontSize: 12, color: 'rgba(0,0,0,.55)', marginTop: 4 }}>
                  <span className="ow-mono">{c.number}</span> · {c.applicantName} · 期限 {c.due ?? '—'} · <Progress c={c} />
                </div>
              </List.Item>
            )}
          />
        ) : (
          <Table<JointCaseSummaryDto>
            size="small"
            rowKey="id"
            data-testid="joint-table"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 'max-content' }}
            onRow={(c) => ({ 'data-testid': `joint-row-${c.number}`, 'data-case-id': c.id }) as React.HTMLAttributes<HTMLElement>}
            pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (t) => `共 ${t} 件`, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
            columns={[
              { title: '编号', dataIndex: 'number', fixed: 'left', render: (n: string, c) => <Space size={4}><GreenTag on={c.greenChannel} /><Link className="ow-mono" to={`/desk/joint/cases/${c.id}`} data-testid={`joint-link-${n}`}>{n}</Link></Space> },
              { title: '名称', dataIndex: 'name', render: (n: string, c) => <div><div>{n}</div>{c.projectCode && <Typography.Text type="secondary" className="ow-mono" style={{ fontSize: 12 }}>{c.projectCode}</Typography.Text>}</div> },
              { title: '类型', dataIndex: 'kind', render: (k: JointCaseKind) => (k === 'bundle' ? '一件事' : '项目阶段') },
              { title: '申请人', dataIndex: 'applicantName' },
              { title: '牵头部门', dataIndex: 'leadUnitName' },
              { title: '状态', dataIndex: 'status', render: (s: JointCaseStatus) => <JointStatusTag status={s} /> },
              { title: '部门答复', key: 'p', render: (_: unknown, c) => <Progress c={c} /> },
              { title: '收件', dataIndex: 'receivedAt', render: fmtDateTime },
              { title: '期限', dataIndex: 'due', render: (d: string | null) => <span className="ow-mono">{d ?? '—'}</span> },
              { title: '预计办结', dataIndex: 'predictedCompletion', render: (d: string | null) => <span className="ow-mono">{d ?? '—'}</span> },
            ]}
          />
        )}
      </Card>
    </>
  )
}
