/**
 * 一件事与审批方案 (centre administrators, beside 事项管理): the one-thing bundles (items, lead
 * department, limit, audiences, published / suspended) and the construction approval schemes
 * (stages with lead department, limit, items and meeting kinds; target days; green channel cut).
 */
import { useState } from 'react'
import { App, Button, Card, Checkbox, Col, Drawer, Form, Input, InputNumber, Popconfirm, Row, Select, Space, Table, Tabs, Tag, Typography } from 'antd'
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons'
import { useItems } from '../../../hooks/api/backoffice'
import {
  MEETING_KINDS,
  useBundleStatus,
  useBundles,
  useDefaultScheme,
  useSaveBundle,
  useSaveScheme,
  useSchemes,
  type BundleBody,
  type BundleDto,
  type SchemeBody,
  type SchemeDto,
} from '../../../hooks/api/joint'
import { FormError } from '../../../ui/FormError'
import { PageHeader } from '../../../ui/PageHeader'
import { UnitSelect } from '../../../ui/UnitSelect'
import { useIsPhone } from '../../../ui/useIsPhone'

/** Several published catalogue items, searched by name or code. */
function ItemsSelect({ value, onChange, initial, id }: { value?: number[]; onChange?: (v: number[]) => void; initial?: { id: number; label: string }[]; id?: string }) {
  const [q, setQ] = useState('')
  const items = useItems({ q: q || undefined, status: 'published', page: 1, pageSize: 30 })
  const options = (items.data?.items ?? []).map((i) => ({ value: i.id, label: `${i.name}（${i.departmentName}，承诺 ${i.promisedLimitDays} 日）` }))
  for (const i of initial ?? []) if (!options.some((o) => o.value === i.id)) options.push({ value: i.id, label: i.label })
  return (
    <Select
      id={id}
      mode="multiple"
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={(v: number[]) => onChange?.(v)}
      options={options}
      loading={items.isFetching}
      placeholder="搜索并选择事项"
      style={{ width: '100%' }}
    />
  )
}

function BundleEditor({ bundle, onClose }: { bundle: BundleDto | 'new'; onClose: () => void }) {
  const { message } = App.useApp()
  const save = useSaveBundle()
  const b = bundle === 'new' ? null : bundle
  const [form] = Form.useForm<BundleBody>()
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={b ? { code: b.code, name: b.name, description: b.description, leadUnitId: b.leadUnitId, limitDays: b.limitDays, itemIds: b.items.map((i) => i.itemId), audiences: b.audiences } : { audiences: ['enterprise'], limitDays: 3 }}
      onFinish={(v) => save.mutateAsync({ id: b?.id, body: { ...v, code: v.code.trim(), name: v.name.trim(), description: (v.description ?? '').trim() } }).then(() => { message.success('已保存'); onClose() }, () => undefined)}
    >
      <FormError error={save.error} />
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item name="code" label="编码" rules={[{ required: true, whitespace: true, message: '请填写编码' }]}>
            <Input className="ow-mono" maxLength={40} />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
            <Input maxLength={100} placeholder="如：开办餐饮店一件事" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="description" label="说明">
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item name="leadUnitId" label="牵头部门" rules={[{ required: true, message: '请选择牵头部门' }]}>
            <UnitSelect kind="department" initialLabel={b?.leadUnitName} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="limitDays" label="办理时限（工作日）" rules={[{ required: true, message: '请填写' }]}>
            <InputNumber min={1} max={120} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="audiences" label="服务对象" rules={[{ required: true, message: '请选择' }]}>
            <Checkbox.Group options={[{ value: 'person', label: '个人' }, { value: 'enterprise', label: '企业' }]} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="itemIds" label="包含事项" rules={[{ required: true, type: 'array', min: 2, message: '一件事至少包含 2 个事项' }]}>
        <ItemsSelect initial={b?.items.map((i) => ({ id: i.itemId, label: `${i.name}（${i.departmentName}）` }))} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending}>保存</Button>
    </Form>
  )
}

function BundlesTab() {
  const { message } = App.useApp()
  const isPhone = useIsPhone()
  const list = useBundles({ all: true })
  const status = useBundleStatus()
  const [editing, setEditing] = useState<BundleDto | 'new' | null>(null)
  return (
    <>
      <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setEditing('new')} data-testid="bundle-new">新建一件事</Button>
      <Table<BundleDto>
        size="small"
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        expandable={{
          expandedRowRender: (b) => (
            <div style={{ fontSize: 13 }}>
              <div>事项：{b.items.map((i) => `${i.name}（${i.departmentName}，承诺 ${i.promisedLimitDays} 日）`).join('；')}</div>
              <div style={{ marginTop: 4 }}>一套材料（{b.materials.length} 项）：{b.materials.map((m) => m.name).join('、')}</div>
            </div>
          ),
        }}
        columns={[
          { title: '编码', dataIndex: 'code', render: (c: string) => <span className="ow-mono">{c}</span> },
          { title: '名称', dataIndex: 'name' },
          { title: '牵头部门', dataIndex: 'leadUnitName' },
          { title: '事项', key: 'n', render: (_: unknown, b) => `${b.items.length} 项` },
          { title: '时限', dataIndex: 'limitDays', render: (d: number) => `${d} 工作日` },
          { title: '对象', dataIndex: 'audiences', render: (a: string[]) => a.map((x) => (x === 'person' ? '个人' : '企业')).join('、') },
          { title: '状态', dataIndex: 'status', render: (s: string) => (s === 'published' ? <Tag color="success">已发布</Tag> : <Tag color="warning">已暂停</Tag>) },
          {
            title: '操作',
            key: 'op',
            render: (_: unknown, b) => (
              <Space size={4}>
                <Button size="small" type="link" onClick={() => setEditing(b)}>编辑</Button>
                <Popconfirm title={b.status === 'published' ? '暂停后申请人不能再申请，确认？' : '重新发布？'} onConfirm={() => status.mutateAsync({ id: b.id, status: b.status === 'published' ? 'suspended' : 'published' }).then(() => message.success('已更新'), () => undefined)}>
                  <Button size="small" type="link">{b.status === 'published' ? '暂停' : '发布'}</Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Drawer open={editing != null} width={isPhone ? '100%' : 720} title={editing === 'new' ? '新建一件事' : `编辑 · ${editing ? (editing as BundleDto).name : ''}`} onClose={() => setEditing(null)} destroyOnHidden>
        {editing && <BundleEditor bundle={editing} onClose={() => setEditing(null)} />}
      </Drawer>
    </>
  )
}

function SchemeEditor({ scheme, onClose }: { scheme: SchemeDto | 'new'; onClose: () => void }) {
  const { message } = App.useApp()
  const save = useSaveScheme()
  const s = scheme === 'new' ? null : scheme
  const [form] = Form.useForm<SchemeBody>()
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={
        s
          ? { code: s.code, name: s.name, regionCode: s.regionCode, targetDays: s.targetDays, greenCutPercent: s.greenCutPercent, description: s.description, stages: s.stages.map((x) => ({ key: x.key, name: x.name, leadUnitId: x.leadUnitId, limitDays: x.limitDays, itemIds: x.items.map((i) => i.itemId), meetingKinds: x.meetingKinds })) }
          : { regionCode: '3714', targetDays: 120, greenCutPercent: 30, stages: [] }
      }
      onFinish={(v) => save.mutateAsync({ id: s?.id, body: { ...v, description: (v.description ?? '').trim(), stages: (v.stages ?? []).map((x) => ({ ...x, meetingKinds: x.meetingKinds ?? [] })) } }).then(() => { message.success('已保存'); onClose() }, () => undefined)}
    >
      <FormError error={save.error} />
      <Row gutter={12}>
        <Col xs={24} md={6}><Form.Item name="code" label="编码" rules={[{ required: true, whitespace: true }]}><Input className="ow-mono" maxLength={40} /></Form.Item></Col>
        <Col xs={24} md={12}><Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true }]}><Input maxLength={100} /></Form.Item></Col>
        <Col xs={24} md={6}><Form.Item name="regionCode" label="区划代码" rules={[{ required: true, pattern: /^\d{2,12}$/, message: '区划代码' }]}><Input className="ow-mono" maxLength={12} /></Form.Item></Col>
      </Row>
      <Row gutter={12}>
        <Col xs={12} md={8}><Form.Item name="targetDays" label="全流程目标（工作日）" rules={[{ required: true }]} extra="国家目标 120 个工作日以内"><InputNumber min={1} max={120} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
        <Col xs={12} md={8}><Form.Item name="greenCutPercent" label="绿色通道压缩比例（%）" rules={[{ required: true }]}><InputNumber min={0} max={90} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
      </Row>
      <Form.Item name="description" label="说明"><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
      {s?.stages.length ? <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>已有项目使用的方案不能替换阶段设置（由服务器校验）。</Typography.Paragraph> : null}
      <Form.List name="stages">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, n) => (
              <Card key={f.key} size="small" style={{ marginBottom: 8 }} title={`第 ${n + 1} 阶段`} extra={<MinusCircleOutlined onClick={() => remove(f.name)} />}>
                <Row gutter={12}>
                  <Col xs={12} md={6}><Form.Item name={[f.name, 'key']} label="键" rules={[{ required: true, pattern: /^[a-z_]+$/, message: '小写字母和下划线' }]}><Input className="ow-mono" /></Form.Item></Col>
                  <Col xs={12} md={10}><Form.Item name={[f.name, 'name']} label="阶段名称" rules={[{ required: true, whitespace: true }]}><Input /></Form.Item></Col>
                  <Col xs={12} md={8}><Form.Item name={[f.name, 'limitDays']} label="时限（工作日）" rules={[{ required: true }]}><InputNumber min={1} max={120} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
                </Row>
                <Form.Item name={[f.name, 'leadUnitId']} label="牵头部门" rules={[{ required: true, message: '请选择牵头部门' }]}>
                  <UnitSelect kind="department" initialLabel={s?.stages[n]?.leadUnitName} style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item name={[f.name, 'itemIds']} label="并联审批事项" rules={[{ required: true, type: 'array', min: 1, message: '至少一个事项' }]}>
                  <ItemsSelect initial={s?.stages[n]?.items.map((i) => ({ id: i.itemId, label: `${i.name}（${i.departmentName}）` }))} />
                </Form.Item>
                <Form.Item name={[f.name, 'meetingKinds']} label="联合会议 / 踏勘方式">
                  <Checkbox.Group options={Object.entries(MEETING_KINDS).map(([value, label]) => ({ value, label }))} />
                </Form.Item>
              </Card>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ meetingKinds: [] })} style={{ marginBottom: 12 }}>增加阶段</Button>
          </>
        )}
      </Form.List>
      <div><Button type="primary" htmlType="submit" loading={save.isPending}>保存方案</Button></div>
    </Form>
  )
}

function SchemesTab() {
  const { message } = App.useApp()
  const isPhone = useIsPhone()
  const list = useSchemes()
  const def = useDefaultScheme()
  const [editing, setEditing] = useState<SchemeDto | 'new' | null>(null)
  return (
    <>
      <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setEditing('new')}>新建审批方案</Button>
      <Table<SchemeDto>
        size="small"
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        expandable={{
          expandedRowRender: (s) => (
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={s.stages}
              columns={[
                { title: '序', dataIndex: 'seq' },
                { title: '阶段', dataIndex: 'name' },
                { title: '牵头部门', dataIndex: 'leadUnitName' },
                { title: '时限', dataIndex: 'limitDays', render: (d: number) => `${d} 工作日` },
                { title: '事项', key: 'i', render: (_: unknown, x) => x.items.map((i) => `${i.name}（${i.departmentName}）`).join('；') },
                { title: '联合方式', dataIndex: 'meetingKinds', render: (k: (keyof typeof MEETING_KINDS)[]) => k.map((x) => MEETING_KINDS[x]).join('、') || '—' },
              ]}
            />
          ),
        }}
        columns={[
          { title: '编码', dataIndex: 'code', render: (c: string) => <span className="ow-mono">{c}</span> },
          { title: '名称', dataIndex: 'name', render: (n: string, s) => <Space size={4}>{n}{s.isDefault && <Tag color="blue">默认</Tag>}</Space> },
          { title: '区划', dataIndex: 'regionCode' },
          { title: '目标', dataIndex: 'targetDays', render: (d: number) => `${d} 工作日` },
          { title: '阶段时限合计', key: 'sum', render: (_: unknown, s) => `${s.stages.reduce((a, x) => a + x.limitDays, 0)} 工作日` },
          { title: '绿色通道压缩', dataIndex: 'greenCutPercent', render: (p: number) => `${p}%` },
          {
            title: '操作',
            key: 'op',
            render: (_: unknown, s) => (
              <Space size={4}>
                <Button size="small" type="link" onClick={() => setEditing(s)}>编辑</Button>
                {!s.isDefault && <Button size="small" type="link" loading={def.isPending} onClick={() => def.mutateAsync(s.id).then(() => message.success('已设为默认'), () => undefined)}>设为默认</Button>}
              </Space>
            ),
          },
        ]}
      />
      <Drawer open={editing != null} width={isPhone ? '100%' : 820} title={editing === 'new' ? '新建审批方案' : `编辑 · ${editing ? (editing as SchemeDto).name : ''}`} onClose={() => setEditing(null)} destroyOnHidden>
        {editing && <SchemeEditor scheme={editing} onClose={() => setEditing(null)} />}
      </Drawer>
    </>
  )
}

export default function JointCatalogPage() {
  return (
    <>
      <PageHeader title="一件事与审批方案" crumbs={['事项管理', '一件事与审批方案']} subtitle="把多个部门的事项组合为“一件事”（一张表单、一套材料、一次办结）；维护工程建设项目分阶段并联审批方案。" />
      <Card size="small">
        <Tabs items={[{ key: 'bundles', label: '一件事', children: <BundlesTab /> }, { key: 'schemes', label: '建设项目审批方案', children: <SchemesTab /> }]} />
      </Card>
    </>
  )
}
