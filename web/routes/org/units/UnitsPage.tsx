/** 机构与窗口: units by kind, with search and (for administrators) create / edit. */
import { useState } from 'react'
import { useSearchParams } from 'react-router-dom'
import { App, Badge, Button, Card, Input, Segmented, Space, Table, Tag, Typography } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import { hasRole, useMe } from '../../../hooks/api/auth'
import { UNIT_KIND_NAMES, useUnits, type Unit, type UnitKind } from '../../../hooks/api/org'
import { ADMIN_ROLES } from '../../../lib/roles'
import { PageHeader } from '../../../ui/PageHeader'
import { RegionPicker } from '../../../ui/RegionPicker'
import { UnitFormDrawer } from './UnitFormDrawer'
import { subtypeName, useSubtypes } from './unitLabels'

const KINDS: UnitKind[] = ['centre', 'department', 'approval_office', 'window']
const KIND_COLOR: Record<UnitKind, string> = { centre: 'geekblue', department: 'cyan', approval_office: 'purple', window: 'gold' }

export default function UnitsPage() {
  const user = useMe().data!
  const canEdit = hasRole(user, ADMIN_ROLES)
  const { message } = App.useApp()
  const subtypes = useSubtypes()
  const [params, setParams] = useSearchParams()
  const kindParam = params.get('kind') as UnitKind | null
  const kind = kindParam && KINDS.includes(kindParam) ? kindParam : undefined
  const [q, setQ] = useState('')
  const [regionCode, setRegionCode] = useState<string | null>(null)
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const [editing, setEditing] = useState<Unit | null>(null)
  const [creating, setCreating] = useState(false)
  const units = useUnits({ kind, q: q || undefined, regionCode: regionCode ?? undefined, page, pageSize })

  const setKind = (k: string) => {
    setPage(1)
    setParams(k === 'all' ? {} : { kind: k }, { replace: true })
  }

  return (
    <>
      <PageHeader
        title="机构与窗口"
        crumbs={['组织机构', '机构与窗口']}
        subtitle="政务服务中心（含分中心、便民服务中心）、部门、审批科室和窗口。"
        extra={
          canEdit && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="unit-create">
              新建{kind ? UNIT_KIND_NAMES[kind] : '机构'}
            </Button>
          )
        }
      />
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Segmented
            value={kind ?? 'all'}
            onChange={(v) => setKind(String(v))}
            options={[{ value: 'all', label: '全部' }, ...KINDS.map((k) => ({ value: k, label: UNIT_KIND_NAMES[k] }))]}
          />
          <RegionPicker
            value={regionCode}
            allowNational
            nationalLabel="全部区划"
            onChange={(c) => {
              setRegionCode(c)
              setPage(1)
            }}
            style={{ width: 240 }}
            placeholder="按行政区划筛选"
          />
          <Input.Search
            allowClear
            placeholder="名称 / 编码"
            onSearch={(v) => {
              setQ(v.trim())
              setPage(1)
            }}
            style={{ width: 220 }}
          />
        </Space>
        <Table<Unit>
          size="small"
          rowKey="id"
          loading={units.isFetching}
          dataSource={units.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="units-table"
          pagination={{
            current: page,
            pageSize,
            total: units.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (t) => `共 ${t} 条`,
            onChange: (p, s) => {
              setPage(p)
              setPageSize(s)
            },
          }}
          columns={[
            {
              title: '名称',
              dataIndex: 'name',
              fixed: 'left',
              render: (n: string, u) => (
                <span>
                  <Typography.Text strong>{n}</Typography.Text>
                  {u.code && <div className="ow-mono" style={{ color: '#8c8c8c' }}>{u.code}</div>}
                </span>
              ),
            },
            { title: '类型', dataIndex: 'kind', render: (k: UnitKind, u) => <><Tag color={KIND_COLOR[k]}>{UNIT_KIND_NAMES[k]}</Tag>{u.subtype && <span style={{ fontSize: 12, color: '#595959' }}>{subtypeName(subtypes, k, u.subtype)}</span>}</> },
            { title: '行政区划', dataIndex: 'regionName', render: (n: string | null, u) => n ?? u.regionCode },
            { title: '上级单位', dataIndex: 'parentName', render: (n: string | null) => n ?? '—' },
            { title: '所属部门', dataIndex: 'departmentName', render: (n: string | null) => n ?? '—' },
            { title: '进驻中心', dataIndex: 'centreName', render: (n: string | null) => n ?? '—' },
            { title: '联系电话', dataIndex: 'phone', render: (p: string | null) => p ?? '—' },
            { title: '状态', dataIndex: 'status', render: (s: Unit['status']) => (s === 'active' ? <Badge status="success" text="正常" /> : <Badge status="default" text="已停用" />) },
            ...(canEdit
              ? [
                  {
                    title: '操作',
                    key: 'op',
                    fixed: 'right' as const,
                    render: (_: unknown, u: Unit) => (
                      <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setEditing(u)}>
                        编辑
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <UnitFormDrawer
        open={creating || !!editing}
        unit={editing}
        defaultKind={kind ?? 'centre'}
        onClose={() => {
          setCreating(false)
          setEditing(null)
        }}
        onSaved={(u) => {
          message.success(`已保存：${u.name}`)
          setCreating(false)
          setEditing(null)
        }}
      />
    </>
  )
}
