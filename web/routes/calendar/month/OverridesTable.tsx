/** The local overrides of the chosen region for the shown year. */
import { Button, Popconfirm, Table, Tag } from 'antd'
import { useDeleteOverride, useOverrides, type Override } from '../../../hooks/api/calendar'
import { fmtDateTime, weekdayName } from '../../../lib/format'
import { KIND_STYLE } from './kinds'

export function OverridesTable({ region, year, canEdit, onDeleted }: { region: string; year: number; canEdit: boolean; onDeleted: (t: string) => void }) {
  const q = useOverrides(region, year)
  const del = useDeleteOverride()
  return (
    <Table<Override>
      size="small"
      rowKey="id"
      loading={q.isFetching}
      dataSource={q.data?.items ?? []}
      pagination={{ pageSize: 10, hideOnSinglePage: true, size: 'small' }}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: `${year} 年暂无地方调整` }}
      data-testid="overrides-table"
      columns={[
        { title: '日期', dataIndex: 'date', width: 130, render: (d: string) => <span className="ow-mono">{d} <span style={{ color: '#8c8c8c' }}>{weekdayName(d)}</span></span> },
        { title: '类型', dataIndex: 'kind', width: 100, render: (k: Override['kind']) => <Tag color={KIND_STYLE[k].tag}>{KIND_STYLE[k].label}</Tag> },
        { title: '名称', dataIndex: 'name' },
        { title: '事由', dataIndex: 'reason', render: (r: string | null) => r || '—' },
        { title: '设置区划', dataIndex: 'regionName', render: (n: string | null, o) => n ?? o.regionCode },
        { title: '设置时间', dataIndex: 'createdAt', width: 160, render: fmtDateTime },
        ...(canEdit
          ? [
              {
                title: '操作',
                key: 'op',
                width: 70,
                fixed: 'right' as const,
                render: (_: unknown, o: Override) => (
                  <Popconfirm
                    title={`删除 ${o.date} 的“${o.name}”？`}
                    okText="删除"
                    cancelText="取消"
                    okButtonProps={{ danger: true }}
                    onConfirm={() => del.mutateAsync(o.id).then(() => onDeleted(`已删除 ${o.date} 的地方调整`))}
                  >
                    <Button type="link" danger size="small" style={{ padding: 0 }}>
                      删除
                    </Button>
                  </Popconfirm>
                ),
              },
            ]
          : []),
      ]}
    />
  )
}
