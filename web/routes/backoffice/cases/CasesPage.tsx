/** 办件查询: every case in my data scope, by number, applicant, item and status. */
import { useState } from 'react'
import { Card, Input, Select, Space, Table } from 'antd'
import { Link } from 'react-router-dom'
import { CASE_STATUS, useCases, useItems, type CaseQuery, type CaseSummary } from '../../../hooks/api/backoffice'
import { fmtDateTime } from '../../../lib/format'
import { PageHeader } from '../../../ui/PageHeader'
import { CaseStatusTag, DueLight } from '../shared/bits'

export default function CasesPage() {
  const [query, setQuery] = useState<CaseQuery>({ page: 1, pageSize: 20 })
  const [itemQ, setItemQ] = useState('')
  const list = useCases(query)
  const items = useItems({ q: itemQ || undefined, page: 1, pageSize: 30 })
  const patch = (p: Partial<CaseQuery>) => setQuery((q) => ({ ...q, page: 1, ...p }))
  return (
    <>
      <PageHeader title="办件查询" crumbs={['办件', '办件查询']} subtitle="查询本人数据范围内的全部办件，打开查看办理过程、材料、时限和文书。" />
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search allowClear placeholder="办件编号 / 申请人" style={{ width: 240 }} onSearch={(v) => patch({ q: v.trim() || undefined })} data-testid="cases-search" />
          <Select
            allowClear
            showSearch
            filterOption={false}
            onSearch={setItemQ}
            placeholder="事项"
            style={{ width: 240 }}
            value={query.itemId}
            onChange={(itemId?: number) => patch({ itemId })}
            options={(items.data?.items ?? []).map((i) => ({ value: i.id, label: i.name }))}
          />
          <Select allowClear placeholder="状态" style={{ width: 160 }} value={query.status} onChange={(status?: string) => patch({ status })} options={Object.entries(CASE_STATUS).map(([value, s]) => ({ value, label: s.name }))} />
        </Space>
        <Table<CaseSummary>
          size="small"
          rowKey="id"
          data-testid="cases-table"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          pagination={{ current: query.page, pageSize: query.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (t) => `共 ${t} 件`, onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })) }}
          columns={[
            { title: '办件编号', dataIndex: 'number', fixed: 'left', render: (n: string, c) => <Link className="ow-mono" to={`/desk/cases/${c.id}`} data-testid={`case-link-${n}`}>{n}</Link> },
            { title: '事项', dataIndex: 'itemName' },
            { title: '申请人', dataIndex: 'applicantName', render: (v?: string) => v ?? '—' },
            { title: '状态', dataIndex: 'status', render: (s: string, c) => <CaseStatusTag status={s} name={c.statusName} /> },
            { title: '提交', dataIndex: 'submittedAt', render: fmtDateTime },
            { title: '受理', dataIndex: 'acceptedAt', render: fmtDateTime },
            { title: '承诺到期', dataIndex: 'promisedDue', render: (d: string | null, c) => (c.completedAt ? <span className="ow-mono">{d ?? '—'}</span> : <DueLight due={d} />) },
            { title: '办结', dataIndex: 'completedAt', render: fmtDateTime },
          ]}
        />
      </Card>
    </>
  )
}
