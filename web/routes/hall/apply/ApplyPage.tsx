/**
 * 在线申请: creates the draft case (or resumes ?case=), prefills the applicant from the session,
 * takes the item's generic form (说明, 联系地址/电话, fee quantities and exemptions with a live
 * quote, 领取方式), the materials with upload / 复用 per material, 保存草稿 and 提交申请.
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom'
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Form, Input, InputNumber, Radio, Result, Row, Select, Skeleton, Space, Table, Typography } from 'antd'
import { SaveOutlined, SendOutlined } from '@ant-design/icons'
import { useMe } from '../../../hooks/api/auth'
import {
  useCase,
  useCatalogItem,
  useCreateCase,
  useFeeQuote,
  useMyCertificates,
  usePickupCentres,
  useReusableMaterials,
  useSaveForm,
  useSubmitCase,
  type CaseSummary,
  type FeeRule,
} from '../../../hooks/api/hall'
import { api, ApiError, errorMessage } from '../../../lib/api'
import type { Page } from '../../../hooks/api/org'
import { maskCode } from '../../../lib/format'
import { PageHeader } from '../../../ui/PageHeader'
import { FormError } from '../../../ui/FormError'
import { useIsPhone } from '../../../ui/useIsPhone'
import { EXEMPTION_LABEL, yuan } from '../shared/labels'
import { MaterialRow } from '../shared/MaterialRow'
import { materialsOf, type ApplyForm } from '../shared/materials'

const quantityRules = (rules: FeeRule[]) => rules.filter((r): r is Extract<FeeRule, { kind: 'per_unit' | 'tiered' }> => r.kind !== 'flat')

export default function ApplyPage() {
  const { itemId: itemParam } = useParams()
  const itemId = Number(itemParam)
  const [params, setParams] = useSearchParams()
  const caseParam = params.get('case') ? Number(params.get('case')) : null
  const user = useMe().data!
  const isPhone = useIsPhone()
  const navigate = useNavigate()
  const { message, modal } = App.useApp()
  const item = useCatalogItem(Number.isInteger(itemId) && itemId > 0 ? itemId : null)
  const create = useCreateCase()
  const started = useRef(false)
  const [resumed, setResumed] = useState(false)
  const isApplicant = user.kind === 'applicant'
  const guide = item.data?.current.guide
  const canApply = item.data?.status === 'published' && !!guide?.channels.includes('online')

  // the draft: ?case= when resuming, otherwise create one once
  useEffect(() => {
    if (caseParam || started.current || !isApplicant || !canApply) return
    started.current = true
    // resume an unfinished draft of the same item rather than starting another one
    api
      .get<Page<CaseSummary>>('/api/cases/mine', { status: 'draft', pageSize: 50 })
      .then((r) => r.items.find((x) => x.itemName === guide?.name) ?? null)
      .catch(() => null)
      .then((draft) => {
        if (draft) {
          setResumed(true)
          setParams({ case: String(draft.id) }, { replace: true })
        }
        else create.mutate(itemId, { onSuccess: (r) => setParams({ case: String(r.case.id) }, { replace: true }) })
      })
  }, [caseParam, isApplicant, canApply, itemId]) // eslint-disable-line react-hooks/exhaustive-deps

  const kase = useCase(caseParam)
  const c = kase.data
  const editable = !!c && c.status === 'draft'
  const certs = useMyCertificates(isApplicant)
  const prior = useReusableMaterials(c && c.status === 'draft' ? c.id : null)
  const centres = usePickupCentres()
  const save = useSaveForm()
  const submit = useSubmitCase()
  const [form] = Form.useForm<ApplyForm>()
  const [submitError, setSubmitError] = useState<unknown>(null)
  // a new or removed material makes the last submit's answer stale
  const materialCount = c?.materials.length ?? 0
  useEffect(() => setSubmitError(null), [materialCount])

  // fill the form once the draft is loaded
  const filledFor = useRef<number | null>(null)
  useEffect(() => {
    if (!c || filledFor.current === c.id) return
    filledFor.current = c.id
    const f = (c.form ?? {}) as ApplyForm
    form.setFieldsValue({
      description: f.description ?? '',
      contactPhone: f.contactPhone ?? '',
      address: f.address ?? '',
      quantities: f.quantities ?? {},
      exemptions: f.exemptions ?? [],
      delivery: f.delivery ?? { method: 'download' },
    })
  }, [c, form, guide])

  const rules = guide?.fees ?? []
  const qRules = quantityRules(rules)
  const exemptionKeys = useMemo(() => [...new Set(rules.flatMap((r) => r.exemptions ?? []))], [rules])
  const watchedQ = Form.useWatch('quantities', form) as Record<string, number> | undefined
  const watchedEx = Form.useWatch('exemptions', form) as string[] | undefined
  const deliveryMethod = Form.useWatch(['delivery', 'method'], form) as string | undefined
  const quantities = useMemo(() => {
    const out: Record<string, number> = {}
    for (const r of qRules) {
      const v = watchedQ?.[r.key]
      if (typeof v === 'number' && Number.isFinite(v)) out[r.key] = v
    }
    return out
  }, [watchedQ, qRules])
  const quote = useFeeQuote(rules.length ? itemId : null, quantities, watchedEx ?? [], rules.length > 0)

  if (!isApplicant) return <Result status="info" title="在线申请面向申请人" subTitle="工作人员请在窗口工作台代办申请。" extra={<Link to="/hall"><Button>返回办事大厅</Button></Link>} />
  if (item.isPending) return <Card><Skeleton active paragraph={{ rows: 10 }} /></Card>
  if (item.isError || !item.data || !guide) return <Result status="404" title="未找到该事项" extra={<Link to="/hall"><Button type="primary">返回办事大厅</Button></Link>} />
  if (!canApply && !caseParam)
    return (
      <Result
        status="warning"
        title={item.data.status === 'suspended' ? '该事项暂停办理' : '该事项暂不支持网上申请'}
        subTitle={item.data.statusReason ?? undefined}
        extra={<Link to={`/hall/items/${itemId}`}><Button>查看办事指南</Button></Link>}
      />
    )
  if (create.isError && !caseParam) return <Result status="error" title="无法创建申请" subTitle={errorMessage(create.error)} extra={<Link to={`/hall/items/${itemId}`}><Button>返回办事指南</Button></Link>} />
  if (!c) {
    if (kase.isError) return <Result status="404" title="未找到该申请" subTitle={errorMessage(kase.error)} extra={<Link to="/my/cases"><Button>我的办件</Button></Link>} />
    return <Card><Skeleton active paragraph={{ rows: 10 }} /></Card>
  }
  if (!editable)
    return (
      <Result
        status="info"
        title="该申请已提交"
        subTitle={`办件编号 ${c.number}，当前状态：${c.statusName}`}
        extra={<Button type="primary" onClick={() => navigate(`/my/cases/${c.id}`)}>查看办件</Button>}
      />
    )

  const materials = materialsOf(c, guide)
  const payload = () => {
    const v = form.getFieldsValue(true) as ApplyForm
    const centre = centres.data?.find((x) => x.id === v.delivery?.centreId)
    const delivery = v.delivery ? { ...v.delivery, centreName: centre?.name ?? null } : undefined
    return { id: c.id, form: { ...v, quantities, delivery }, quantities, exemptions: v.exemptions ?? [] }
  }

  const onSave = async () => {
    await save.mutateAsync(payload()).then(() => message.success('草稿已保存'), () => undefined)
  }

  const onSubmit = async () => {
    setSubmitError(null)
    try {
      await form.validateFields()
    } catch (e) {
      const first = (e as { errorFields?: { name: (string | number)[] }[] }).errorFields?.[0]
      if (first) form.scrollToField(first.name, { block: 'center' })
      message.warning('请先完善申请信息中标红的内容')
      return
    }
    try {
      await save.mutateAsync(payload())
      const r = await submit.mutateAsync(c.id)
      modal.success({
        title: '申请已提交',
        content: `办件编号：${r.case.number}。中心将在 1 个工作日内完成预审，结果会通过短信和站内消息通知您。`,
        okText: '查看办件',
        onOk: () => navigate(`/my/cases/${c.id}`),
      })
    } catch (e) {
      setSubmitError(e)
    }
  }

  const missing = materials.filter((m) => m.requirement === 'required' && !m.satisfied && !c.materials.some((x) => x.materialKey === m.key))
  const missingError = submitError instanceof ApiError && submitError.code === 'MATERIALS_MISSING'

  return (
    <div data-testid="apply-page" data-case-id={c.id}>
      <PageHeader
        title={`在线申请 · ${guide.name}`}
        crumbs={['办事大厅', guide.name, '在线申请']}
        subtitle={
          <>
            草稿编号 <span className="ow-mono" data-testid="apply-case-number">{c.number}</span> · 材料上传后自动保存，可随时在“我的办件”中继续填写
          </>
        }
      />
      {resumed && (
        <Alert type="info" showIcon closable style={{ marginBottom: 12 }} title={`已为您打开该事项未提交的草稿（${c.number}），已填写的内容和已上传的材料均已保留。`} data-testid="apply-resumed" />
      )}
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={16}>
          <Card size="small" title="申请人信息" style={{ marginBottom: 12 }}>
            <Descriptions
              size="small"
              column={isPhone ? 1 : 2}
              items={[
                { key: 'n', label: user.applicantKind === 'enterprise' ? '单位名称' : '姓名', children: c.applicant?.name ?? user.displayName },
                { key: 'k', label: '申请人类型', children: (c.applicant?.kind ?? user.applicantKind) === 'enterprise' ? '法人' : '自然人' },
                { key: 'i', label: user.applicantKind === 'enterprise' ? '统一社会信用代码' : '身份证号码', children: <span className="ow-mono">{c.applicant?.idNumberMasked ?? maskCode(user.username)}</span> },
                { key: 'p', label: '登记手机', children: <span className="ow-mono">{c.applicant?.phoneMasked ?? '—'}</span> },
              ]}
            />
          </Card>

          <Card size="small" title="申请信息" style={{ marginBottom: 12 }}>
            <Form form={form} layout="vertical" requiredMark data-testid="apply-form">
              <Form.Item name="description" label="申请事项说明" rules={[{ required: true, whitespace: true, message: '请简要说明申请事项' }, { max: 1000 }]}>
                <Input.TextArea rows={3} placeholder="请简要说明申请的具体内容，如经营项目、地址、规模等" showCount maxLength={1000} data-testid="apply-description" />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} md={10}>
                  <Form.Item name="contactPhone" label="联系电话" rules={[{ pattern: /^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, message: '请输入正确的电话号码' }]}>
                    <Input placeholder="不填则使用登记手机" data-testid="apply-phone" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={14}>
                  <Form.Item name="address" label="联系地址" rules={[{ required: true, whitespace: true, message: '请填写联系地址' }]}>
                    <Input placeholder="省、市、区（县）、街道和门牌号" data-testid="apply-address" />
                  </Form.Item>
                </Col>
              </Row>
              {qRules.length > 0 && (
                <Row gutter={12}>
                  {qRules.map((r) => (
                    <Col xs={24} md={12} key={r.key}>
                      <Form.Item
                        name={['quantities', r.key]}
                        label={`${r.name}（${r.unitName}）`}
                        rules={[{ required: true, message: `请填写${r.unitName}数` }]}
                      >
                        <InputNumber
                          min={r.kind === 'per_unit' ? (r.minQuantity ?? 0) : 0}
                          max={r.kind === 'per_unit' ? r.maxQuantity : undefined}
                          precision={0}
                          style={{ width: '100%' }}
                          suffix={r.unitName}
                          data-testid={`apply-qty-${r.key}`}
                        />
                      </Form.Item>
                    </Col>
                  ))}
                </Row>
              )}
              {exemptionKeys.length > 0 && (
                <Form.Item name="exemptions" label="减免政策（如符合请勾选，受理时核验）">
                  <Checkbox.Group options={exemptionKeys.map((k) => ({ value: k, label: EXEMPTION_LABEL(k) }))} data-testid="apply-exemptions" />
                </Form.Item>
              )}
              <Form.Item name={['delivery', 'method']} label="结果领取方式" rules={[{ required: true, message: '请选择领取方式' }]}>
                <Radio.Group data-testid="apply-delivery">
                  <Radio value="pickup">选地取件</Radio>
                  <Radio value="post">邮寄送达（免费）</Radio>
                  <Radio value="download">网上下载</Radio>
                </Radio.Group>
              </Form.Item>
              {deliveryMethod === 'pickup' && (
                <Form.Item name={['delivery', 'centreId']} label="取件地点" rules={[{ required: true, message: '请选择取件的服务中心' }]}>
                  <Select
                    showSearch={{ optionFilterProp: 'label' }}
                    placeholder="选择就近的政务服务中心"
                    loading={centres.isPending}
                    options={(centres.data ?? []).map((x) => ({ value: x.id, label: x.address ? `${x.name}（${x.address}）` : x.name }))}
                    data-testid="apply-centre"
                  />
                </Form.Item>
              )}
              {deliveryMethod === 'post' && (
                <Form.Item name={['delivery', 'address']} label="邮寄地址" rules={[{ required: true, whitespace: true, message: '请填写邮寄地址' }]}>
                  <Input placeholder="收件地址、收件人及电话" data-testid="apply-post-address" />
                </Form.Item>
              )}
            </Form>
          </Card>

          <Card size="small" title={`申请材料（${materials.length} 项）`} style={{ marginBottom: 12 }} data-testid="apply-materials">
            <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 4 }}>
              支持 PDF、JPG、PNG、OFD 格式，单个文件不超过 20 MB。已有电子证照或以前提交过的材料可直接“复用”，无需重复上传。
            </Typography.Paragraph>
            {materials.map((m, i) => (
              <MaterialRow
                key={m.key}
                index={i}
                caseId={c.id}
                material={m}
                uploaded={c.materials.filter((x) => x.materialKey === m.key)}
                editable
                prior={prior.data}
                certificates={certs.data}
              />
            ))}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <div style={{ position: isPhone ? undefined : 'sticky', top: 72 }}>
            {rules.length > 0 && (
              <Card size="small" title="费用测算" style={{ marginBottom: 12 }} data-testid="apply-quote">
                {quote.isError ? (
                  <Alert type="warning" showIcon title="暂时无法计算费用" description={errorMessage(quote.error)} />
                ) : !quote.data ? (
                  <Skeleton active paragraph={{ rows: 2 }} title={false} />
                ) : (
                  <>
                    <Table
                      size="small"
                      pagination={false}
                      rowKey="ruleKey"
                      dataSource={quote.data.lines}
                      columns={[
                        { title: '项目', dataIndex: 'name', render: (v: string, l) => <span>{v}{l.quantity > 1 ? ` × ${l.quantity}` : ''}</span> },
                        { title: '金额', dataIndex: 'amountCents', align: 'right' as const, render: (v: number, l) => (l.exemptCents ? <span><s>{yuan(v)}</s> {yuan(v - l.exemptCents)}</span> : yuan(v)) },
                      ]}
                    />
                    <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 8, fontSize: 15 }}>
                      <span>应缴金额{quote.data.exemptCents ? `（已减免 ${yuan(quote.data.exemptCents)}）` : ''}</span>
                      <b style={{ color: '#cf1322' }} data-testid="apply-quote-total">
                        {yuan(quote.data.payableCents)}
                      </b>
                    </div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      以受理后生成的缴费单为准，受理后可在线缴费。
                    </Typography.Text>
                  </>
                )}
              </Card>
            )}
            <Card size="small" title="提交申请">
              {missing.length > 0 && (
                <Alert
                  type={missingError ? 'error' : 'info'}
                  showIcon
                  style={{ marginBottom: 12 }}
                  title={missingError ? '还有必要材料未上传，暂不能提交' : `尚缺 ${missing.length} 项必要材料`}
                  description={
                    <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                      {missing.map((m) => (
                        <li key={m.key}>{m.name}</li>
                      ))}
                    </ul>
                  }
                  data-testid="apply-missing"
                />
              )}
              {submitError && !missingError ? <FormError error={submitError} /> : null}
              {missingError && missing.length === 0 && <FormError error={submitError} />}
              <Space orientation="vertical" style={{ width: "100%" }}>
                <Button block icon={<SaveOutlined />} onClick={onSave} loading={save.isPending && !submit.isPending} data-testid="apply-save">
                  保存草稿
                </Button>
                <Button type="primary" block size="large" icon={<SendOutlined />} onClick={onSubmit} loading={submit.isPending} data-testid="apply-submit">
                  提交申请
                </Button>
              </Space>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 10, marginBottom: 0 }}>
                提交后中心将在 1 个工作日内预审；材料不全的，将一次性告知需补正的全部内容。本人承诺所填信息和所交材料真实有效。
              </Typography.Paragraph>
            </Card>
          </div>
        </Col>
      </Row>
    </div>
  )
}
