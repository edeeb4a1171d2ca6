/** The guide editor: a drawer with the guide's sections, the versions and the lifecycle actions. */
import { useEffect, useState } from 'react'
import { Alert, App, Button, Checkbox, Col, Descriptions, Drawer, Empty, Form, Input, InputNumber, Modal, Row, Select, Space, Switch, Table, Tabs, Tag, Typography } from 'antd'
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons'
import { useCatalogAction, useItem, useItemVersion, type FeeRule, type Guide, type ItemDetail } from '../../../hooks/api/backoffice'
import { fmtDateTime } from '../../../lib/format'
import { UnitSelect } from '../../../ui/UnitSelect'
import { useIsPhone } from '../../../ui/useIsPhone'
import { ItemStatusTag } from '../shared/bits'
import { TYPE_NAMES } from './CatalogPage'

const PAUSES: Record<string, string> = { hearing: '听证', tender: '招标', auction: '拍卖', testing: '检验', inspection: '检测', quarantine: '检疫', appraisal: '鉴定', expert_review: '专家评审', site_inspection: '现场勘验', technical_review: '技术审查' }
const ROLES = [
  { value: 'window_staff', label: '窗口人员' },
  { value: 'reviewer', label: '审核人员' },
  { value: 'approver', label: '审批人员' },
  { value: 'handler', label: '承办人员' },
]

interface FeeRow {
  key: string
  name: string
  basis: string
  kind: 'flat' | 'per_unit' | 'tiered'
  amount?: number
  unitName?: string
  unitPrice?: number
  tiersText?: string
  exemptions?: string[]
}
type FormGuide = Omit<Guide, 'fees' | 'topics'> & { fees: FeeRow[]; topics: string[] }

function toForm(g: Guide): FormGuide {
  return {
    ...g,
    fees: g.fees.map((f) => ({
      key: f.key,
      name: f.name,
      basis: f.basis,
      kind: f.kind,
      exemptions: f.exemptions,
      amount: f.kind === 'flat' ? f.amountCents / 100 : undefined,
      unitName: f.kind !== 'flat' ? f.unitName : undefined,
      unitPrice: f.kind === 'per_unit' ? f.unitPriceCents / 100 : undefined,
      tiersText: f.kind === 'tiered' ? f.tiers.map((t) => `${t.upTo ?? '以上'}:${(t.unitPriceCents / 100).toFixed(2)}`).join('；') : undefined,
    })),
  }
}

function fromForm(v: FormGuide): Guide {
  const fees: FeeRule[] = (v.fees ?? []).map((f) => {
    const base = { key: f.key, name: f.name, basis: f.basis, exemptions: f.exemptions?.length ? f.exemptions : undefined }
    if (f.kind === 'flat') return { ...base, kind: 'flat', amountCents: Math.round((f.amount ?? 0) * 100) }
    if (f.kind === 'per_unit') return { ...base, kind: 'per_unit', unitName: f.unitName ?? '件', unitPriceCents: Math.round((f.unitPrice ?? 0) * 100) }
    const tiers = (f.tiersText ?? '')
      .split(/[;；]/)
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => {
        const [up, price] = s.split(/[:：]/)
        const n = Number(up)
        return { upTo: Number.isFinite(n) && up!.trim() !== '' ? n : null, unitPriceCents: Math.round(Number(price) * 100) }
      })
    return { ...base, kind: 'tiered', unitName: f.unitName ?? '件', tiers }
  })
  return { ...v, fees, visits: v.visits ?? 0, faq: v.faq ?? [], materials: v.materials ?? [], steps: v.steps ?? [], pausesAllowed: v.pausesAllowed ?? [] }
}

const BLANK: Guide = {
  code: '',
  name: '',
  typeCode: '01',
  departmentId: 0,
  level: 'city',
  legalBasis: '',
  conditions: '',
  audiences: ['person'],
  topics: [],
  materials: [],
  legalLimitDays: 20,
  promisedLimitDays: 10,
  instant: false,
  steps: [
    { key: 'intake', name: '受理', role: 'window_staff', limitDays: 1 },
    { key: 'review', name: '审核', role: 'reviewer', limitDays: 5 },
    { key: 'approve', name: '批准', role: 'approver', limitDays: 3 },
    { key: 'complete', name: '办结', role: 'window_staff', limitDays: 1 },
  ],
  pausesAllowed: [],
  conditionalAcceptance: true,
  pledgeAllowed: false,
  fees: [],
  result: { type: 'licence', name: '' },
  channels: ['online', 'window'],
  visits: 1,
  consultPhone: '',
  complaintPhone: '12345',
  remedies: { review: '', litigation: '' },
  faq: [],
}

function LimitsSection() {
  return (
    <>
      <Row gutter={12}>
        <Col xs={12} md={6}><Form.Item name="legalLimitDays" label="法定时限（工作日）" rules={[{ required: true }]}><InputNumber min={0} style={{ width: '100%' }} data-testid="guide-legal" /></Form.Item></Col>
        <Col xs={12} md={6}><Form.Item name="promisedLimitDays" label="承诺时限（工作日）" rules={[{ required: true }]}><InputNumber min={0} style={{ width: '100%' }} data-testid="guide-promised" /></Form.Item></Col>
        <Col xs={12} md={6}><Form.Item name="instant" label="即办件" valuePropName="checked"><Switch /></Form.Item></Col>
        <Col xs={12} md={6}><Form.Item name="visits" label="到现场次数"><InputNumber min={0} max={5} style={{ width: '100%' }} /></Form.Item></Col>
      </Row>
      <Form.Item noStyle shouldUpdate>
        {({ getFieldValue }) => {
          const legal = getFieldValue('legalLimitDays') as number
          const promised = getFieldValue('promisedLimitDays') as number
          if (legal == null || promised == null) return null
          if (promised > legal) return <Alert type="error" showIcon style={{ marginBottom: 12 }} title="承诺时限不得长于法定时限" />
          if (legal > 0 && promised > legal * 0.6) return <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="cut-warning" title={`承诺时限未比法定时限压缩 40% 以上（S2：应不超过 ${Math.floor(legal * 0.6)} 个工作日）`} />
          return null
        }}
      </Form.Item>
      <Form.Item name="pausesAllowed" label="允许的特别程序（不计入时限）">
        <Checkbox.Group options={Object.entries(PAUSES).map(([value, label]) => ({ value, label }))} />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={12}><Form.Item name="conditionalAcceptance" label="允许容缺受理" valuePropName="checked"><Switch /></Form.Item></Col>
        <Col xs={12}><Form.Item name="pledgeAllowed" label="适用告知承诺" valuePropName="checked"><Switch /></Form.Item></Col>
      </Row>
    </>
  )
}

function MaterialsSection() {
  return (
    <Form.List name="materials">
      {(fields, { add, remove }) => (
        <div data-testid="materials-editor">
          {fields.map((f) => (
            <div key={f.key} style={{ border: '1px solid #eef0f3', borderRadius: 4, padding: '8px 8px 0', marginBottom: 8 }}>
              <Row gutter={8}>
                <Col xs={12} md={4}><Form.Item name={[f.name, 'key']} rules={[{ required: true, message: '键' }]} style={{ marginBottom: 8 }}><Input placeholder="键 如 id_card" className="ow-mono" /></Form.Item></Col>
                <Col xs={12} md={8}><Form.Item name={[f.name, 'name']} rules={[{ required: true, message: '名称' }]} style={{ marginBottom: 8 }}><Input placeholder="材料名称" /></Form.Item></Col>
                <Col xs={8} md={3}><Form.Item name={[f.name, 'requirement']} initialValue="required" style={{ marginBottom: 8 }}><Select options={[{ value: 'required', label: '必要' }, { value: 'conditional', label: '情形' }, { value: 'optional', label: '非必要' }]} /></Form.Item></Col>
                <Col xs={8} md={3}><Form.Item name={[f.name, 'form']} initialValue="original" style={{ marginBottom: 8 }}><Select options={[{ value: 'original', label: '原件' }, { value: 'copy', label: '复印件' }, { value: 'original_and_copy', label: '原件+复印件' }, { value: 'electronic', label: '电子件' }]} /></Form.Item></Col>
                <Col xs={8} md={2}><Form.Item name={[f.name, 'copies']} initialValue={1} style={{ marginBottom: 8 }}><InputNumber min={0} suffix="份" style={{ width: '100%' }} /></Form.Item></Col>
                <Col xs={12} md={2}><Form.Item name={[f.name, 'secondary']} valuePropName="checked" initialValue={false} style={{ marginBottom: 8 }}><Checkbox>可容缺</Checkbox></Form.Item></Col>
                <Col xs={12} md={2} style={{ textAlign: 'right' }}><Button type="text" danger icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} /></Col>
                <Col xs={24} md={12}><Form.Item name={[f.name, 'condition']} style={{ marginBottom: 8 }}><Input placeholder="情形说明（情形材料填写）" /></Form.Item></Col>
                <Col xs={24} md={12}><Form.Item name={[f.name, 'eCertificateType']} style={{ marginBottom: 8 }}><Input placeholder="可替代的电子证照类型（可选）" /></Form.Item></Col>
              </Row>
            </div>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ requirement: 'required', form: 'original', copies: 1, secondary: false })}>添加材料</Button>
        </div>
      )}
    </Form.List>
  )
}

function StepsSection() {
  return (
    <Form.List name="steps">
      {(fields, { add, remove, move }) => (
        <div data-testid="steps-editor">
          {fields.map((f, i) => (
            <Row key={f.key} gutter={8} align="middle">
              <Col flex="28px"><Tag>{i + 1}</Tag></Col>
              <Col xs={6} md={4}><Form.Item name={[f.name, 'key']} rules={[{ required: true }]} style={{ marginBottom: 8 }}><Input className="ow-mono" placeholder="键" /></Form.Item></Col>
              <Col xs={7} md={6}><Form.Item name={[f.name, 'name']} rules={[{ required: true }]} style={{ marginBottom: 8 }}><Input placeholder="环节名称" /></Form.Item></Col>
              <Col xs={8} md={5}><Form.Item name={[f.name, 'role']} rules={[{ required: true }]} style={{ marginBottom: 8 }}><Select options={ROLES} /></Form.Item></Col>
              <Col xs={8} md={4}><Form.Item name={[f.name, 'limitDays']} rules={[{ required: true }]} style={{ marginBottom: 8 }}><InputNumber min={0} suffix="工作日" style={{ width: '100%' }} /></Form.Item></Col>
              <Col>
                <Button type="text" size="small" disabled={i === 0} onClick={() => move(i, i - 1)}>上移</Button>
                <Button type="text" danger icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} />
              </Col>
            </Row>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ role: 'reviewer', limitDays: 1 })}>添加环节</Button>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>标准流程（S1）：受理 → 审核 → 批准 → 办结；可增加环节。</Typography.Paragraph>
        </div>
      )}
    </Form.List>
  )
}

function FeesSection() {
  return (
    <Form.List name="fees">
      {(fields, { add, remove }) => (
        <div data-testid="fees-editor">
          {fields.length === 0 && <Typography.Paragraph type="secondary">不收费。收费项目须有法定依据，系统拒绝清单外收费。</Typography.Paragraph>}
          {fields.map((f) => (
            <div key={f.key} style={{ border: '1px solid #eef0f3', borderRadius: 4, padding: '8px 8px 0', marginBottom: 8 }}>
              <Row gutter={8}>
                <Col xs={8} md={4}><Form.Item name={[f.name, 'key']} rules={[{ required: true }]} style={{ marginBottom: 8 }}><Input className="ow-mono" placeholder="键" /></Form.Item></Col>
                <Col xs={16} md={8}><Form.Item name={[f.name, 'name']} rules={[{ required: true }]} style={{ marginBottom: 8 }}><Input placeholder="收费项目" /></Form.Item></Col>
                <Col xs={12} md={4}><Form.Item name={[f.name, 'kind']} initialValue="flat" style={{ marginBottom: 8 }}><Select options={[{ value: 'flat', label: '定额' }, { value: 'per_unit', label: '按件计' }, { value: 'tiered', label: '分档' }]} /></Form.Item></Col>
                <Form.Item noStyle shouldUpdate>
                  {({ getFieldValue }) => {
                    const kind = getFieldValue(['fees', f.name, 'kind'])
                    if (kind === 'flat') return <Col xs={12} md={6}><Form.Item name={[f.name, 'amount']} rules={[{ required: true }]} style={{ marginBottom: 8 }}><InputNumber min={0} precision={2} prefix="¥" style={{ width: '100%' }} /></Form.Item></Col>
                    return (
                      <>
                        <Col xs={6} md={2}><Form.Item name={[f.name, 'unitName']} style={{ marginBottom: 8 }}><Input placeholder="单位" /></Form.Item></Col>
                        {kind === 'per_unit' ? (
                          <Col xs={6} md={4}><Form.Item name={[f.name, 'unitPrice']} rules={[{ required: true }]} style={{ marginBottom: 8 }}><InputNumber min={0} precision={2} prefix="¥" style={{ width: '100%' }} /></Form.Item></Col>
                        ) : (
                          <Col xs={24} md={4}><Form.Item name={[f.name, 'tiersText']} rules={[{ required: true }]} style={{ marginBottom: 8 }}><Input placeholder="100:5.00；以上:3.00" /></Form.Item></Col>
                        )}
                      </>
                    )
                  }}
                </Form.Item>
                <Col xs={4} md={2} style={{ textAlign: 'right' }}><Button type="text" danger icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} /></Col>
                <Col xs={24} md={14}><Form.Item name={[f.name, 'basis']} rules={[{ required: true, message: '收费须有法定依据' }]} style={{ marginBottom: 8 }}><Input placeholder="收费依据（文件名称及文号）" /></Form.Item></Col>
                <Col xs={24} md={10}><Form.Item name={[f.name, 'exemptions']} style={{ marginBottom: 8 }}><Select mode="multiple" placeholder="适用减免政策" options={[{ value: 'new_enterprise', label: '新开办企业（无费区）' }, { value: 'small_micro', label: '小微企业' }, { value: 'low_income', label: '低保特困' }, { value: 'disabled', label: '残疾人' }, { value: 'veteran', label: '优抚对象' }]} /></Form.Item></Col>
              </Row>
            </div>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: 'flat' })}>添加收费项目</Button>
        </div>
      )}
    </Form.List>
  )
}

function VersionsTab({ item }: { item: ItemDetail }) {
  const [vid, setVid] = useState<number | null>(null)
  const v = useItemVersion(item.id, vid)
  return (
    <>
      <Table size="small" rowKey="versionId" pagination={false} dataSource={item.versions} data-testid="versions-table" columns={[
        { title: '版本', dataIndex: 'version', render: (n: number) => `v${n}${item.current?.version === n ? '（现行）' : ''}` },
        { title: '发布时间', dataIndex: 'publishedAt', render: fmtDateTime },
        { title: '', key: 'op', render: (_: unknown, r) => <Button type="link" size="small" onClick={() => setVid(r.versionId)}>查看</Button> },
      ]} />
      {vid && v.data && (
        <Descriptions size="small" bordered column={1} style={{ marginTop: 12 }} title={`v${v.data.version} 指南摘要`} items={[
          { key: 'n', label: '名称', children: v.data.guide.name },
          { key: 'l', label: '时限', children: `法定 ${v.data.guide.legalLimitDays} / 承诺 ${v.data.guide.promisedLimitDays} 工作日` },
          { key: 'm', label: '材料', children: v.data.guide.materials.map((m) => m.name).join('、') || '—' },
          { key: 's', label: '环节', children: v.data.guide.steps.map((s) => s.name).join(' → ') },
          { key: 'f', label: '收费', children: v.data.guide.fees.map((f) => f.name).join('、') || '不收费' },
        ]} />
      )}
    </>
  )
}

export function ItemEditor({ open, itemId, onClose, onCreated }: { open: boolean; itemId: number | null; onClose: () => void; onCreated: (id: number) => void }) {
  const { message, modal } = App.useApp()
  const phone = useIsPhone()
  const item = useItem(open ? itemId : null)
  const act = useCatalogAction()
  const [form] = Form.useForm<FormGuide>()
  const [reasonOf, setReasonOf] = useState<null | 'suspend' | 'restart' | 'abolish'>(null)
  const [reasonForm] = Form.useForm()
  const d = item.data
  const editing = d?.draft ?? d?.current ?? null

  useEffect(() => {
    if (!open) return
    if (itemId == null) form.setFieldsValue(toForm(BLANK))
    else if (editing) form.setFieldsValue(toForm(editing.guide))
  }, [open, itemId, editing, form])

  const save = async () => {
    const v = await form.validateFields()
    const merged = fromForm({ ...toForm(editing?.guide ?? BLANK), ...v } as FormGuide)
    if (itemId == null) {
      const r = await act.mutateAsync({ action: 'create', body: { guide: merged } })
      onCreated(r.item.id)
    } else {
      await act.mutateAsync({ id: itemId, action: 'draft', body: { guide: merged } })
      message.success('草稿已保存')
    }
  }

  const publish = () =>
    modal.confirm({
      title: '发布该事项？',
      content: '发布后形成新版本，新申请按新版本办理；已受理的办件仍按原版本。',
      okText: '发布',
      cancelText: '取消',
      onOk: () => act.mutateAsync({ id: itemId!, action: 'publish' }).then(() => message.success('已发布')),
    })

  const tabs = [
    {
      key: 'basic',
      label: '基本信息',
      forceRender: true,
      children: (
        <>
          <Row gutter={12}>
            <Col xs={24} md={8}><Form.Item name="code" label="事项编码" rules={[{ required: true, message: '请填写编码' }]}><Input className="ow-mono" data-testid="guide-code" /></Form.Item></Col>
            <Col xs={24} md={16}><Form.Item name="name" label="事项名称" rules={[{ required: true, message: '请填写名称' }]}><Input data-testid="guide-name" /></Form.Item></Col>
            <Col xs={12} md={6}><Form.Item name="typeCode" label="事项类型"><Select options={Object.entries(TYPE_NAMES).map(([value, label]) => ({ value, label }))} /></Form.Item></Col>
            <Col xs={12} md={6}><Form.Item name="level" label="行使层级"><Select options={[{ value: 'province', label: '省级' }, { value: 'city', label: '市级' }, { value: 'county', label: '县级' }, { value: 'township', label: '乡镇' }, { value: 'village', label: '村（社区）' }]} /></Form.Item></Col>
            <Col xs={24} md={12}><Form.Item name="departmentId" label="实施部门" rules={[{ required: true, type: 'number', min: 1, message: '请选择实施部门' }]}><UnitSelect kind="department" initialLabel={d?.current?.guide ? undefined : null} /></Form.Item></Col>
            <Col xs={24} md={8}><Form.Item name="audiences" label="服务对象"><Checkbox.Group options={[{ value: 'person', label: '自然人' }, { value: 'enterprise', label: '法人' }]} /></Form.Item></Col>
            <Col xs={24} md={8}><Form.Item name="channels" label="办理渠道"><Checkbox.Group options={[{ value: 'online', label: '网上' }, { value: 'window', label: '窗口' }, { value: 'post', label: '邮寄' }]} /></Form.Item></Col>
            <Col xs={24} md={8}><Form.Item name="topics" label="主题"><Select mode="tags" placeholder="如 企业开办" /></Form.Item></Col>
            <Col xs={12} md={6}><Form.Item name={['result', 'type']} label="结果类型"><Select options={[{ value: 'licence', label: '许可证' }, { value: 'approval_document', label: '批准文书' }, { value: 'certificate', label: '证明' }, { value: 'registration', label: '登记' }, { value: 'other', label: '其他' }]} /></Form.Item></Col>
            <Col xs={12} md={6}><Form.Item name={['result', 'name']} label="结果名称"><Input /></Form.Item></Col>
            <Col xs={12} md={6}><Form.Item name="consultPhone" label="咨询电话"><Input /></Form.Item></Col>
            <Col xs={12} md={6}><Form.Item name="complaintPhone" label="投诉电话"><Input /></Form.Item></Col>
          </Row>
        </>
      ),
    },
    { key: 'materials', label: '申请材料', forceRender: true, children: <MaterialsSection /> },
    { key: 'steps', label: '办理环节', forceRender: true, children: <StepsSection /> },
    { key: 'limits', label: '时限与程序', forceRender: true, children: <LimitsSection /> },
    { key: 'fees', label: '收费', forceRender: true, children: <FeesSection /> },
    {
      key: 'basis',
      label: '条件与依据',
      forceRender: true,
      children: (
        <>
          <Form.Item name="conditions" label="受理条件"><Input.TextArea rows={4} /></Form.Item>
          <Form.Item name="legalBasis" label="设定依据"><Input.TextArea rows={4} /></Form.Item>
          <Form.Item name={['remedies', 'review']} label="行政复议"><Input placeholder="如：德州市人民政府" /></Form.Item>
          <Form.Item name={['remedies', 'litigation']} label="行政诉讼"><Input placeholder="如：德城区人民法院" /></Form.Item>
        </>
      ),
    },
    {
      key: 'faq',
      label: '常见问题',
      forceRender: true,
      children: (
        <Form.List name="faq">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start" style={{ display: 'flex' }}>
                  <div style={{ flex: 1 }}>
                    <Form.Item name={[f.name, 'q']} style={{ marginBottom: 4 }}><Input placeholder="问" /></Form.Item>
                    <Form.Item name={[f.name, 'a']} style={{ marginBottom: 12 }}><Input.TextArea rows={2} placeholder="答" /></Form.Item>
                  </div>
                  <Button type="text" danger icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ q: '', a: '' })}>添加问答</Button>
            </>
          )}
        </Form.List>
      ),
    },
    ...(d ? [{ key: 'versions', label: `版本（${d.versions.length}）`, children: <VersionsTab item={d} /> }] : []),
  ]

  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={phone ? '100%' : 1000}
      destroyOnHidden
      data-testid="item-editor"
      title={
        itemId == null ? '新建事项' : (
          <Space wrap>
            <span>{editing?.guide.name ?? '事项'}</span>
            {d && <ItemStatusTag status={d.status} />}
            {d?.draft && <Tag color="blue">有未发布的草稿</Tag>}
          </Space>
        )
      }
      extra={
        <Space wrap>
          <Button onClick={save} loading={act.isPending} type={itemId == null ? 'primary' : 'default'} data-testid="item-save">保存草稿</Button>
          {d && d.draft && d.status !== 'abolished' && <Button type="primary" onClick={publish} data-testid="item-publish">发布</Button>}
          {d?.status === 'published' && <Button onClick={() => setReasonOf('suspend')} data-testid="item-suspend">暂停</Button>}
          {d?.status === 'suspended' && <Button onClick={() => setReasonOf('restart')} data-testid="item-restart">恢复</Button>}
          {d && d.status !== 'abolished' && <Button danger onClick={() => setReasonOf('abolish')} data-testid="item-abolish">废止</Button>}
        </Space>
      }
    >
      {d && d.status !== 'published' && d.statusReason && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={`${d.status === 'suspended' ? '暂停' : '废止'}原因：${d.statusReason}`} />}
      {d && !d.promisedCutOk && <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="promised-cut-warning" title="承诺时限未比法定时限压缩 40% 以上（S2），请核实" />}
      {itemId != null && item.isPending ? null : itemId != null && !editing ? <Empty /> : (
        <Form form={form} layout="vertical" requiredMark="optional">
          <Tabs items={tabs} size="small" />
        </Form>
      )}
      <Modal
        open={reasonOf != null}
        title={{ suspend: '暂停事项', restart: '恢复事项', abolish: '废止事项' }[reasonOf ?? 'suspend']}
        okText="确定"
        cancelText="取消"
        okButtonProps={{ danger: reasonOf === 'abolish', loading: act.isPending }}
        onCancel={() => setReasonOf(null)}
        destroyOnHidden
        onOk={async () => {
          const v = await reasonForm.validateFields()
          await act.mutateAsync({ id: itemId!, action: reasonOf!, body: v })
          message.success('已处理')
          setReasonOf(null)
          reasonForm.resetFields()
        }}
      >
        <Form form={reasonForm} layout="vertical" preserve={false}>
          {reasonOf === 'suspend' && <Alert type="info" showIcon style={{ marginBottom: 12 }} title="暂停后该事项不再接受申请；恢复须有恢复审批文号（S10）。" />}
          <Form.Item name="reason" label="原因" rules={[{ required: true, message: '请填写原因' }]}><Input.TextArea rows={3} data-testid="item-reason" /></Form.Item>
          {reasonOf === 'restart' && <Form.Item name="approvalRef" label="恢复审批文号" rules={[{ required: true, message: '请填写审批文号' }]}><Input placeholder="如 德政务〔2026〕12号" /></Form.Item>}
        </Form>
      </Modal>
    </Drawer>
  )
}
