/** 我的办件: the applicant's cases with their status, number, dates and the promised due date. */
import { Link, useNavigate, useSearchParams } from 'react-router-dom'
import { Alert, Button, Card, Empty, List, Select, Table, Typography } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import { useMyCases, type CaseStatus, type CaseSummary } from '../../../hooks/api/hall'
import { errorMessage } from '../../../lib/api'
import { fmtDate } from '../../../lib/format'
import { PageHeader } from '../../../ui/PageHeader'
import { useIsPhone } from '../../../ui/useIsPhone'
import { STATUS_NAMES, StatusTag } from '../shared/labels'

const PAGE_SIZE = 20

export default function MyCasesPage() {
  const [params, setParams] = useSearchParams()
  const status = params.get('status') ?? undefined
  const page = Number(params.get('page') ?? 1) || 1
  const cases = useMyCases({ status, page, pageSize: PAGE_SIZE })
  const isPhone = useIsPhone()
  const navigate = useNavigate()
  const set = (k: string, v: string | null) =>
    setParams((prev) => {
      const n = new URLSearchParams(prev)
      v ? n.set(k, v) : n.delete(k)
      if (k !== 'page') n.delete('page')
      return n
    })

  const filter = (
    <Select
      allowClear
      placeholder="全部状态"
      style={{ width: 180 }}
      value={status}
      onChange={(v) => set('status', v ?? null)}
      options={(Object.keys(STATUS_NAMES) as CaseStatus[]).map((s) => ({ value: s, label: STATUS_NAMES[s] }))}
      data-testid="my-cases-status"
    />
  )

  return (
    <>
      <PageHeader
        title="我的办件"
        crumbs={['办事大厅', '我的办件']}
        subtitle="您在网上和窗口申请的全部办件。点击办件查看进度、补正材料、下载文书和办理结果。"
        extra={
          <>
            {filter}
            <Link to="/hall">
              <Button type="primary" icon={<PlusOutlined />}>
                我要办事
              </Button>
            </Link>
          </>
        }
      />
      <Card size="small">
        {cases.isError ? (
          <Alert type="error" showIcon title="办件列表加载失败" description={errorMessage(cases.error)} />
        ) : isPhone ? (
          <List<CaseSummary>
            loading={cases.isPending}
            dataSource={cases.data?.items ?? []}
            locale={{ emptyText: <Empty description="暂无办件" /> }}
            pagination={cases.data && cases.data.total > PAGE_SIZE ? { current: page, pageSize: PAGE_SIZE, total: cases.data.total, size: 'small', onChange: (p) => set('page', String(p)) } : false}
            renderItem={(c) => (
              <List.Item onClick={() => navigate(`/my/cases/${c.id}`)} style={{ cursor: 'pointer', display: 'block' }} data-testid="my-case-row" data-case-number={c.number}>
                <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                  <b style={{ color: '#0c2f5c' }}>{c.itemName}</b>
                  <StatusTag status={c.status} name={c.statusName} />
                </div>
                <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)', marginTop: 4 }}>
                  <span className="ow-mono">{c.number}</span> · 提交 {fmtDate(c.submittedAt)} · 承诺办结 {fmtDate(c.promisedDue)}
                </div>
              </List.Item>
            )}
          />
        ) : (
          <Table<CaseSummary>
            size="small"
            rowKey="id"
            loading={cases.isPending}
            dataSource={cases.data?.items ?? []}
            locale={{ emptyText: <Empty description="暂无办件，去办事大厅看看吧" /> }}
            onRow={(c) => ({ onClick: () => navigate(`/my/cases/${c.id}`), style: { cursor: 'pointer' }, 'data-testid': 'my-case-row', 'data-case-number': c.number }) as React.HTMLAttributes<HTMLElement>}
            pagination={{ current: page, pageSize: PAGE_SIZE, total: cases.data?.total ?? 0, showSizeChanger: false, showTotal: (t) => `共 ${t} 件`, onChange: (p) => set('page', String(p)) }}
            columns={[
              { title: '办件编号', dataIndex: 'number', width: 190, render: (v: string, c) => <Link to={`/my/cases/${c.id}`} className="ow-mono">{v}</Link> },
              { title: '事项名称', dataIndex: 'itemName' },
              { title: '状态', dataIndex: 'status', width: 150, render: (v: CaseStatus, c) => <StatusTag status={v} name={c.statusName} /> },
              { title: '提交日期', dataIndex: 'submittedAt', width: 110, render: (v: string | null) => fmtDate(v) },
              { title: '受理日期', dataIndex: 'acceptedAt', width: 110, render: (v: string | null) => fmtDate(v) },
              { title: '承诺办结日期', dataIndex: 'promisedDue', width: 120, render: (v: string | null) => (v ? <b>{fmtDate(v)}</b> : '—') },
              { title: '办结日期', dataIndex: 'completedAt', width: 110, render: (v: string | null) => fmtDate(v) },
            ]}
          />
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          草稿状态的申请可点击继续填写；已提交的申请可在详情页查看办理进度。
        </Typography.Text>
      </Card>
    </>
  )
}
