/** 事项管理: the catalogue with filters, the guide editor, versions, publish / suspend / restart / abolish, xlsx import and export. */
import { useState } from 'react'
import { Alert, App, Button, Card, Input, Modal, Select, Space, Table, Tag, Typography, Upload } from 'antd'
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons'
import { useDepartments, useImportCatalog, useItems, type ImportResult, type ItemQuery, type ItemSummary } from '../../../hooks/api/backoffice'
import { PageHeader } from '../../../ui/PageHeader'
import { ItemStatusTag, ITEM_STATUS } from '../shared/bits'
import { ItemEditor } from './ItemEditor'

export const TYPE_NAMES: Record<string, string> = {
  '01': '行政许可', '02': '行政处罚', '03': '行政强制', '04': '行政征收', '05': '行政给付', '06': '行政检查', '07': '行政确认', '08': '行政奖励', '09': '行政裁决', '10': '其他行政权力', '20': '公共服务',
}

export default function CatalogPage() {
  const { message } = App.useApp()
  const [query, setQuery] = useState<ItemQuery>({ page: 1, pageSize: 20 })
  const list = useItems(query)
  const depts = useDepartments()
  const imp = useImportCatalog()
  const [editing, setEditing] = useState<{ id: number | null } | null>(null)
  const [importResult, setImportResult] = useState<ImportResult | null>(null)
  const patch = (p: Partial<ItemQuery>) => setQuery((q) => ({ ...q, page: 1, ...p }))

  return (
    <>
      <PageHeader
        title="事项管理"
        crumbs={['事项', '事项管理']}
        subtitle="政务服务事项实施清单：办事指南编辑、版本、发布、暂停与恢复、废止，以及按实施清单格式导入导出。"
        extra={
          <>
            <Button icon={<DownloadOutlined />} href="/api/catalog/export.xlsx" data-testid="catalog-export">导出 xlsx</Button>
            <Upload
              accept=".xlsx"
              showUploadList={false}
              customRequest={({ file, onSuccess, onError }) =>
                imp.mutateAsync(file as File).then(
                  (r) => {
                    setImportResult(r)
                    onSuccess?.(r)
                  },
                  (e) => onError?.(e as Error),
                )
              }
            >
              <Button icon={<UploadOutlined />} loading={imp.isPending} data-testid="catalog-import">导入 xlsx</Button>
            </Upload>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ id: null })} data-testid="catalog-create">新建事项</Button>
          </>
        }
      />
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search allowClear placeholder="事项名称 / 编码（简繁均可）" style={{ width: 240 }} onSearch={(v) => patch({ q: v.trim() || undefined })} data-testid="catalog-search" />
          <Select allowClear showSearch optionFilterProp="label" placeholder="实施部门" style={{ width: 200 }} value={query.departmentId} onChange={(departmentId?: number) => patch({ departmentId })} options={(depts.data?.items ?? []).map((d) => ({ value: d.id, label: `${d.name}（${d.count}）` }))} />
          <Select allowClear placeholder="事项类型" style={{ width: 140 }} value={query.typeCode} onChange={(typeCode?: string) => patch({ typeCode })} options={Object.entries(TYPE_NAMES).map(([value, label]) => ({ value, label }))} />
          <Select allowClear placeholder="状态" style={{ width: 120 }} value={query.status} onChange={(status?: string) => patch({ status })} options={Object.entries(ITEM_STATUS).map(([value, s]) => ({ value, label: s.name }))} data-testid="catalog-status" />
        </Space>
        <Table<ItemSummary>
          size="small"
          rowKey="id"
          data-testid="catalog-table"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          pagination={{ current: query.page, pageSize: query.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (t) => `共 ${t} 项`, onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })) }}
          columns={[
            { title: '事项编码', dataIndex: 'code', render: (c: string) => <span className="ow-mono" style={{ fontSize: 12 }}>{c}</span> },
            { title: '事项名称', dataIndex: 'name', render: (n: string, i) => <a onClick={() => setEditing({ id: i.id })} data-testid={`item-${i.id}`}>{n}</a> },
            { title: '类型', dataIndex: 'typeName', render: (t: string, i) => t || TYPE_NAMES[i.typeCode] },
            { title: '实施部门', dataIndex: 'departmentName' },
            { title: '时限（法定/承诺）', key: 'limit', render: (_: unknown, i) => (i.instant ? <Tag color="gold">即办</Tag> : `${i.legalLimitDays} / ${i.promisedLimitDays} 工作日`) },
            { title: '收费', dataIndex: 'hasFees', render: (f: boolean) => (f ? '收费' : '不收费') },
            { title: '版本', dataIndex: 'version', render: (v: number) => `v${v}` },
            { title: '状态', dataIndex: 'status', render: (s: string) => <ItemStatusTag status={s} /> },
            { title: '操作', key: 'op', fixed: 'right', render: (_: unknown, i) => <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setEditing({ id: i.id })}>管理</Button> },
          ]}
        />
      </Card>
      <ItemEditor
        open={editing != null}
        itemId={editing?.id ?? null}
        onClose={() => setEditing(null)}
        onCreated={(id) => {
          message.success('已创建草稿')
          setEditing({ id })
        }}
      />
      <Modal open={importResult != null} onCancel={() => setImportResult(null)} onOk={() => setImportResult(null)} cancelButtonProps={{ style: { display: 'none' } }} title="导入结果" data-testid="import-result">
        {importResult && (
          <>
            <Alert type={importResult.errors.length ? 'warning' : 'success'} showIcon title={`新增 ${importResult.created} 项，更新 ${importResult.updated} 项，错误 ${importResult.errors.length} 行`} />
            {importResult.errors.length > 0 && (
              <Table size="small" style={{ marginTop: 8 }} rowKey={(r) => `${r.row}-${r.message}`} pagination={false} dataSource={importResult.errors} columns={[{ title: '行号', dataIndex: 'row', width: 70 }, { title: '错误', dataIndex: 'message' }]} />
            )}
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>导入的事项以草稿保存，核对后发布。</Typography.Paragraph>
          </>
        )}
      </Modal>
    </>
  )
}
