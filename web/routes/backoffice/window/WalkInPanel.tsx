/**
 * 窗口收件: file on behalf of a walk-in applicant. The applicant is identified by ID number / credit
 * code (an existing account is matched by the server; otherwise registered on the spot), the item
 * is chosen from the catalogue, scanned materials are uploaded, then intake is decided on the spot.
 */
import { useState } from 'react'
import { Alert, App, Button, Card, Col, Form, Input, Radio, Row, Select, Space, Steps, Table, Tag, Typography, Upload } from 'antd'
import { UploadOutlined } from '@ant-design/icons'
import { useMe } from '../../../hooks/api/auth'
import { useCase, useItems, useUploadMaterial, useWindowCase, type ItemSummary } from '../../../hooks/api/backoffice'
import { CaseHeader } from '../shared/CaseView'
import { MATERIAL_FORM, REQUIREMENT } from '../shared/bits'
import { HandoverPanel, IntakePanel } from '../shared/panels'

function ItemPicker({ value, onChange }: { value?: number; onChange?: (id: number, item: ItemSummary | undefined) => void }) {
  const [q, setQ] = useState('')
  const items = useItems({ q: q || undefined, status: 'published', page: 1, pageSize: 30 })
  return (
    <Select
      showSearch
      value={value}
      placeholder="输入事项名称或编码搜索"
      filterOption={false}
      onSearch={setQ}
      loading={items.isFetching}
      onChange={(id: number) => onChange?.(id, items.data?.items.find((i) => i.id === id))}
      data-testid="walkin-item"
      options={(items.data?.items ?? []).map((i) => ({
        value: i.id,
        label: (
          <span>
            {i.name} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{i.departmentName}{i.instant ? ' · 即办件' : ` · 承诺 ${i.promisedLimitDays} 个工作日`}</Typography.Text>
          </span>
        ),
      }))}
    />
  )
}

function UploadRow({ caseId, materialKey }: { caseId: number; materialKey: string }) {
  const { message } = App.useApp()
  const up = useUploadMaterial()
  return (
    <Upload
      accept=".pdf,.jpg,.jpeg,.png,.ofd"
      showUploadList={false}
      customRequest={({ file, onSuccess, onError }) => {
        up.mutateAsync({ caseId, materialKey, file: file as File }).then(
          (r) => {
            message.success('已上传')
            onSuccess?.(r)
          },
          (e) => onError?.(e as Error),
        )
      }}
    >
      <Button size="small" icon={<UploadOutlined />} loading={up.isPending} data-testid={`upload-${materialKey}`}>
        上传扫描件
      </Button>
    </Upload>
  )
}

export function WalkInPanel() {
  const me = useMe().data!
  const create = useWindowCase()
  const [caseId, setCaseId] = useState<number | null>(null)
  const [item, setItem] = useState<ItemSummary | undefined>()
  const [decided, setDecided] = useState(false)
  const c = useCase(caseId)
  const [form] = Form.useForm()

  const submit = async (v: { kind: 'person' | 'enterprise'; idNumber?: string; creditCode?: string; name: string; phone: string; legalRepresentative?: string; itemId: number }) => {
    const applicant =
      v.kind === 'person'
        ? { kind: 'person' as const, name: v.name.trim(), idNumber: v.idNumber!.trim().toUpperCase(), phone: v.phone.trim() }
        : { kind: 'enterprise' as const, name: v.name.trim(), creditCode: v.creditCode!.trim().toUpperCase(), legalRepresentative: v.legalRepresentative!.trim(), phone: v.phone.trim() }
    const r = await create.mutateAsync({ itemId: v.itemId, windowId: me.unitId, applicant })
    setCaseId(r.case.id)
  }

  const reset = () => {
    setCaseId(null)
    setDecided(false)
    form.resetFields()
  }

  const step = !caseId ? 0 : !decided ? 1 : 2
  return (
    <div data-testid="walkin-panel">
      <Steps size="small" current={step} style={{ marginBottom: 16 }} items={[{ title: '申请人与事项' }, { title: '收件查验与受理' }, { title: '交付结果' }]} />
      {!caseId ? (
        <Form form={form} layout="vertical" initialValues={{ kind: 'person' }} onFinish={submit} style={{ maxWidth: 820 }}>
          <Form.Item name="kind" label="申请人类型">
            <Radio.Group optionType="button" options={[{ value: 'person', label: '自然人' }, { value: 'enterprise', label: '法人 / 其他组织' }]} data-testid="walkin-kind" />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.kind !== b.kind}>
            {({ getFieldValue }) =>
              getFieldValue('kind') === 'person' ? (
                <Row gutter={12}>
                  <Col xs={24} md={10}>
                    <Form.Item name="idNumber" label="身份证号" rules={[{ required: true, pattern: /^\d{17}[\dXx]$/, message: '请输入 18 位身份证号' }]} extra="已注册的申请人按证件号自动关联，未注册的当场注册">
                      <Input className="ow-mono" maxLength={18} data-testid="walkin-id" />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={7}>
                    <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请输入姓名' }]}>
                      <Input data-testid="walkin-name" />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={7}>
                    <Form.Item name="phone" label="手机号码" rules={[{ required: true, pattern: /^1\d{10}$/, message: '请输入 11 位手机号' }]}>
                      <Input className="ow-mono" maxLength={11} data-testid="walkin-phone" />
                    </Form.Item>
                  </Col>
                </Row>
              ) : (
                <Row gutter={12}>
                  <Col xs={24} md={8}>
                    <Form.Item name="creditCode" label="统一社会信用代码" rules={[{ required: true, len: 18, message: '请输入 18 位信用代码' }]}>
                      <Input className="ow-mono" maxLength={18} data-testid="walkin-credit" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item name="name" label="单位名称" rules={[{ required: true, message: '请输入名称' }]}>
                      <Input data-testid="walkin-name" />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={4}>
                    <Form.Item name="legalRepresentative" label="法定代表人" rules={[{ required: true, message: '请输入' }]}>
                      <Input />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={4}>
                    <Form.Item name="phone" label="手机号码" rules={[{ required: true, pattern: /^1\d{10}$/, message: '请输入手机号' }]}>
                      <Input className="ow-mono" maxLength={11} data-testid="walkin-phone" />
                    </Form.Item>
                  </Col>
                </Row>
              )
            }
          </Form.Item>
          <Form.Item name="itemId" label="办理事项" rules={[{ required: true, message: '请选择事项' }]}>
            <ItemPicker onChange={(id, i) => { form.setFieldValue('itemId', id); setItem(i) }} />
          </Form.Item>
          {item && (
            <Alert style={{ marginBottom: 12 }} type="info" showIcon title={`${item.name}（${item.code}）`} description={`${item.departmentName} · ${item.typeName} · ${item.instant ? '即办件，受理后当场办结' : `法定 ${item.legalLimitDays} / 承诺 ${item.promisedLimitDays} 个工作日`}${item.hasFees ? ' · 收费事项' : ' · 不收费'}`} />
          )}
          {me.unitId == null && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="您的账号未关联窗口，收件将记在所属中心" />}
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="walkin-create">
            建立办件并收件
          </Button>
        </Form>
      ) : c.isPending ? null : c.data ? (
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <CaseHeader c={c.data} />
          {!decided && (
            <Card size="small" title="上传扫描件" data-testid="walkin-materials">
              <Table size="small" rowKey="key" pagination={false} dataSource={c.data.requiredMaterials} scroll={{ x: 'max-content' }} columns={[
                { title: '材料', dataIndex: 'name' },
                { title: '要求', key: 'r', render: (_: unknown, m) => `${REQUIREMENT[m.requirement] ?? m.requirement} · ${MATERIAL_FORM[m.form] ?? m.form} ${m.copies} 份` },
                { title: '已上传', key: 'f', render: (_: unknown, m) => { const fs = c.data!.materials.filter((f) => f.materialKey === m.key); return fs.length ? fs.map((f) => <Tag key={f.id} color="green" data-testid={`uploaded-${m.key}`}>{f.fileName}</Tag>) : <Typography.Text type="secondary">—</Typography.Text> } },
                { title: '操作', key: 'u', render: (_: unknown, m) => <UploadRow caseId={c.data!.id} materialKey={m.key} /> },
              ]} />
            </Card>
          )}
          <IntakePanel key={`${c.data.id}-${c.data.materials.length}`} c={c.data} onDone={() => setDecided(true)} />
          {decided && <HandoverPanel c={c.data} />}
          <Button onClick={reset} data-testid="walkin-next">接待下一位</Button>
        </Space>
      ) : null}
    </div>
  )
}
