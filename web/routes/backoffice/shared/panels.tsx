/**
 * The decision panels a case needs at each stage: pre-review checklist, the intake decision with its
 * five outcomes, handling a step (opinion, pass/return, decision, pause, resume, extend), and the
 * hand-over (payment at the window, completion, delivery). Each issued notice is shown to open/print.
 */
import { useMemo, useState } from 'react'
import { Alert, App, Button, Card, Checkbox, DatePicker, Descriptions, Divider, Empty, Form, Input, InputNumber, Radio, Segmented, Select, Space, Table, Typography } from 'antd'
import { CheckCircleOutlined, CloseCircleOutlined, FileOutlined } from '@ant-design/icons'
import dayjs, { type Dayjs } from 'dayjs'
import { materialUrl, useCaseAction, useCentres, useItemVersion, usePayment, yuan, type CaseDetail, type IssuedDocument } from '../../../hooks/api/backoffice'
import { hasRole, useMe } from '../../../hooks/api/auth'
import { fmtDateTime } from '../../../lib/format'
import { DocumentButtons, MATERIAL_FORM, REQUIREMENT } from './bits'

// ---------------------------------------------------------------- material checklist

export interface Check {
  ok: boolean | null
  problem: string
}
export type Checklist = Record<string, Check>

/** The guide's material list against what the case holds: 合格 / 不合格 with the problem per material. */
export function MaterialChecklist({ c, value, onChange, readOnly }: { c: CaseDetail; value: Checklist; onChange: (v: Checklist) => void; readOnly?: boolean }) {
  const set = (key: string, p: Partial<Check>) => onChange({ ...value, [key]: { ...(value[key] ?? { ok: null, problem: '' }), ...p } })
  return (
    <Table
      size="small"
      rowKey="key"
      pagination={false}
      data-testid="material-checklist"
      dataSource={c.requiredMaterials}
      scroll={{ x: 'max-content' }}
      columns={[
        {
          title: '材料',
          dataIndex: 'name',
          render: (n: string, m) => (
            <div style={{ minWidth: 160 }}>
              <Typography.Text strong>{n}</Typography.Text>
              <div style={{ fontSize: 12, color: 'rgba(0,0,0,.5)' }}>
                {REQUIREMENT[m.requirement] ?? m.requirement} · {MATERIAL_FORM[m.form] ?? m.form} {m.copies} 份{m.secondary ? ' · 可容缺' : ''}
              </div>
            </div>
          ),
        },
        {
          title: '已提交',
          key: 'files',
          render: (_: unknown, m) => {
            const files = c.materials.filter((f) => f.materialKey === m.key)
            if (files.length === 0) return <Typography.Text type={m.requirement === 'required' ? 'danger' : 'secondary'}>未提交</Typography.Text>
            return (
              <Space direction="vertical" size={0}>
                {files.map((f) => (
                  <a key={f.id} href={materialUrl(c.id, f.id)} target="_blank" rel="noopener">
                    <FileOutlined /> {f.fileName}
                  </a>
                ))}
              </Space>
            )
          },
        },
        {
          title: '查验',
          key: 'check',
          render: (_: unknown, m) => (
            <Radio.Group
              size="small"
              disabled={readOnly}
              value={value[m.key]?.ok ?? null}
              onChange={(e) => set(m.key, { ok: e.target.value })}
              data-testid={`check-${m.key}`}
              optionType="button"
              buttonStyle="solid"
              options={[
                { value: true, label: '合格' },
                { value: false, label: '不合格' },
              ]}
            />
          ),
        },
        {
          title: '问题说明',
          key: 'problem',
          render: (_: unknown, m) =>
            value[m.key]?.ok === false ? (
              <Input
                size="small"
                style={{ minWidth: 200 }}
                placeholder="如：缺少法定代表人签字"
                value={value[m.key]?.problem}
                onChange={(e) => set(m.key, { problem: e.target.value })}
                data-testid={`problem-${m.key}`}
                disabled={readOnly}
              />
            ) : (
              <Typography.Text type="secondary">—</Typography.Text>
            ),
        },
      ]}
    />
  )
}

export function initialChecklist(c: CaseDetail): Checklist {
  const out: Checklist = {}
  for (const m of c.requiredMaterials) {
    const has = c.materials.some((f) => f.materialKey === m.key) || m.satisfied
    out[m.key] = { ok: has ? null : m.requirement === 'required' ? false : null, problem: has ? '' : m.requirement === 'required' ? '未提交' : '' }
  }
  return out
}

export function failedItems(c: CaseDetail, checks: Checklist): { materialKey: string | null; problem: string }[] {
  return c.requiredMaterials
    .filter((m) => checks[m.key]?.ok === false)
    .map((m) => ({ materialKey: m.key, problem: checks[m.key]?.problem?.trim() || '不符合要求' }))
}

// ---------------------------------------------------------------- pre-review

export function PrereviewPanel({ c, onDone }: { c: CaseDetail; onDone?: () => void }) {
  const { message } = App.useApp()
  const act = useCaseAction()
  const [checks, setChecks] = useState<Checklist>(() => initialChecklist(c))
  const failed = failedItems(c, checks)
  const go = (outcome: 'pass' | 'return') =>
    act.mutateAsync({ caseId: c.id, path: '/prereview', body: outcome === 'pass' ? { outcome } : { outcome, items: failed } }).then(() => {
      message.success(outcome === 'pass' ? '预审通过，转收件受理' : '已退回，一次性告知申请人')
      onDone?.()
    })
  return (
    <Card size="small" title="网上预审（1 个工作日内完成）" data-testid="prereview-panel">
      <MaterialChecklist c={c} value={checks} onChange={setChecks} />
      <Space style={{ marginTop: 12 }} wrap>
        <Button type="primary" icon={<CheckCircleOutlined />} disabled={failed.length > 0} loading={act.isPending} onClick={() => go('pass')} data-testid="prereview-pass">
          预审通过
        </Button>
        <Button danger icon={<CloseCircleOutlined />} disabled={failed.length === 0} loading={act.isPending} onClick={() => go('return')} data-testid="prereview-return">
          退回并一次性告知（{failed.length} 项）
        </Button>
      </Space>
    </Card>
  )
}

// ---------------------------------------------------------------- intake

type IntakeDecision = 'accept' | 'refuse' | 'correction' | 'conditional' | 'pledge'
const REFUSAL_KINDS = [
  { value: 'not_required', label: '依法不需要取得行政许可' },
  { value: 'not_our_authority', label: '不属于本机关职权范围' },
  { value: 'not_qualified', label: '申请人不具备申请资格' },
  { value: 'other', label: '其他' },
]

export function IssuedResult({ caseId, doc, text }: { caseId: number; doc: IssuedDocument | null | undefined; text: string }) {
  return (
    <Alert
      type="success"
      showIcon
      style={{ marginTop: 12 }}
      data-testid="issued-result"
      title={text}
      description={doc ? <DocumentButtons caseId={caseId} doc={doc} /> : '本次决定未出具文书。'}
    />
  )
}

export function IntakePanel({ c, initialChecks, onDone }: { c: CaseDetail; initialChecks?: Checklist; onDone?: (doc: IssuedDocument | null | undefined) => void }) {
  const act = useCaseAction()
  const version = useItemVersion(c.itemId, c.itemVersionId)
  const guide = version.data?.guide
  const [checks, setChecks] = useState<Checklist>(() => initialChecks ?? initialChecklist(c))
  const [decision, setDecision] = useState<IntakeDecision>('accept')
  const [issued, setIssued] = useState<{ doc: IssuedDocument | null | undefined; text: string } | null>(null)
  const [form] = Form.useForm()
  const failed = useMemo(() => failedItems(c, checks), [c, checks])
  const secondary = c.requiredMaterials.filter((m) => m.secondary)

  const options = [
    { value: 'accept', label: '受理' },
    { value: 'refuse', label: '不予受理' },
    { value: 'correction', label: '一次性告知补正' },
    ...(guide?.conditionalAcceptance !== false ? [{ value: 'conditional', label: '容缺受理' }] : []),
    ...(guide?.pledgeAllowed !== false ? [{ value: 'pledge', label: '告知承诺' }] : []),
  ]

  const submit = async (v: Record<string, unknown>) => {
    const body: Record<string, unknown> = { decision }
    if (decision === 'refuse') Object.assign(body, { refusalKind: v.refusalKind, reasons: v.reasons, competentAuthority: v.competentAuthority || undefined })
    if (decision === 'correction') body.items = ((v.items ?? []) as { materialKey?: string | null; problem: string }[]).filter((i) => i.problem?.trim()).map((i) => ({ materialKey: i.materialKey ?? null, problem: i.problem.trim() }))
    if (decision === 'conditional')
      Object.assign(body, {
        pending: ((v.pendingKeys as string[]) ?? []).map((k) => ({ materialKey: k, dueDate: (v.dueDate as Dayjs).format('YYYY-MM-DD') })),
        commitment: v.commitment,
      })
    if (decision === 'pledge') body.pledge = v.pledge
    if (decision === 'accept' && v.reasons) body.reasons = v.reasons
    const r = await act.mutateAsync({ caseId: c.id, path: '/intake', body })
    const text = { accept: '已受理，受理通知书已出具', refuse: '已作出不予受理决定，通知书已出具', correction: '已一次性告知补正，补正告知书已出具', conditional: '已容缺受理，容缺受理告知书已出具', pledge: '已按告知承诺受理' }[decision]
    setIssued({ doc: r.document, text: r.case?.status === 'completed' ? '即办件已当场办结，请将结果交付申请人' : text })
    onDone?.(r.document)
  }

  if (issued) {
    return (
      <Card size="small" title="受理决定" data-testid="intake-panel">
        <IssuedResult caseId={c.id} doc={issued.doc} text={issued.text} />
      </Card>
    )
  }

  return (
    <Card size="small" title="收件查验与受理决定" data-testid="intake-panel">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        对照办事指南逐项查验材料；受理时间由系统在作出决定时自动记录，任何部门不得更改。
      </Typography.Text>
      <div style={{ margin: '8px 0 12px' }}>
        <MaterialChecklist c={c} value={checks} onChange={setChecks} />
      </div>
      <Segmented
        block
        options={options}
        value={decision}
        onChange={(v) => {
          setDecision(v as IntakeDecision)
          if (v === 'correction') form.setFieldValue('items', failed.length ? failed : [{ materialKey: null, problem: '' }])
        }}
        data-testid="intake-decision"
      />
      <Form
        form={form}
        layout="vertical"
        style={{ marginTop: 12 }}
        onFinish={submit}
        initialValues={{ items: failed.length ? failed : [{ materialKey: null, problem: '' }], dueDate: dayjs().add(10, 'day'), commitment: '本人承诺在约定期限内补齐所缺材料，逾期未补齐的，同意撤回本次申请。', pledge: '本人承诺已经符合告知的全部条件、标准和技术要求，愿意承担不实承诺的法律责任。' }}
      >
        {decision === 'accept' && (
          <Alert
            type={failed.length ? 'warning' : 'info'}
            showIcon
            title={failed.length ? `查验中有 ${failed.length} 项材料不合格，请确认是否仍予受理` : '材料齐全、符合法定形式，予以受理并出具受理通知书。'}
            style={{ marginBottom: 12 }}
          />
        )}
        {decision === 'refuse' && (
          <>
            <Form.Item name="refusalKind" label="不予受理情形" rules={[{ required: true, message: '请选择情形' }]}>
              <Select options={REFUSAL_KINDS} data-testid="refusal-kind" />
            </Form.Item>
            <Form.Item name="reasons" label="理由" rules={[{ required: true, message: '请填写不予受理的理由' }]}>
              <Input.TextArea rows={3} data-testid="refusal-reasons" />
            </Form.Item>
            <Form.Item noStyle shouldUpdate>
              {({ getFieldValue }) =>
                getFieldValue('refusalKind') === 'not_our_authority' && (
                  <Form.Item name="competentAuthority" label="有权机关（告知申请人向其申请）" rules={[{ required: true, message: '请填写有权机关' }]}>
                    <Input data-testid="competent-authority" />
                  </Form.Item>
                )
              }
            </Form.Item>
          </>
        )}
        {decision === 'correction' && (
          <Form.List name="items">
            {(fields, { add, remove }) => (
              <div data-testid="correction-items">
                {fields.map((f) => (
                  <Space key={f.key} align="start" style={{ display: 'flex', flexWrap: 'wrap' }}>
                    <Form.Item name={[f.name, 'materialKey']} style={{ marginBottom: 8, width: 200 }}>
                      <Select allowClear placeholder="（其他问题）" options={c.requiredMaterials.map((m) => ({ value: m.key, label: m.name }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'problem']} rules={[{ required: true, message: '请写明问题' }]} style={{ marginBottom: 8, flex: 1, minWidth: 220 }}>
                      <Input placeholder="需补正的内容" data-testid="correction-problem" />
                    </Form.Item>
                    <Button type="link" danger onClick={() => remove(f.name)}>
                      删除
                    </Button>
                  </Space>
                ))}
                <Button type="dashed" size="small" onClick={() => add({ materialKey: null, problem: '' })}>
                  添加一项
                </Button>
                <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
                  一次性告知全部需补正的内容；同一申请在补正材料提交前不得再次告知。
                </Typography.Paragraph>
              </div>
            )}
          </Form.List>
        )}
        {decision === 'conditional' && (
          <>
            <Form.Item name="pendingKeys" label="容缺的次要材料" rules={[{ required: true, message: '请选择容缺材料' }]}>
              <Checkbox.Group options={secondary.map((m) => ({ value: m.key, label: m.name }))} data-testid="pending-materials" />
            </Form.Item>
            {secondary.length === 0 && <Alert type="warning" showIcon title="该事项没有可容缺的次要材料" style={{ marginBottom: 12 }} />}
            <Form.Item name="dueDate" label="补齐期限" rules={[{ required: true, message: '请选择日期' }]}>
              <DatePicker data-testid="pending-due" />
            </Form.Item>
            <Form.Item name="commitment" label="申请人书面承诺" rules={[{ required: true, message: '请填写承诺内容' }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </>
        )}
        {decision === 'pledge' && (
          <Form.Item name="pledge" label="告知承诺书内容" rules={[{ required: true, message: '请填写承诺内容' }]}>
            <Input.TextArea rows={3} data-testid="pledge-text" />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={act.isPending} data-testid="intake-submit">
          {{ accept: '受理并出具受理通知书', refuse: '不予受理并出具通知书', correction: '出具补正告知书', conditional: '容缺受理', pledge: '告知承诺受理' }[decision]}
        </Button>
      </Form>
    </Card>
  )
}

// ---------------------------------------------------------------- handling

export function HandlingPanel({ c, onDone }: { c: CaseDetail; onDone?: () => void }) {
  const { message } = App.useApp()
  const me = useMe().data
  const act = useCaseAction()
  const version = useItemVersion(c.itemId, c.itemVersionId)
  const [issued, setIssued] = useState<{ doc: IssuedDocument | null | undefined; text: string } | null>(null)
  const [opinion] = Form.useForm()
  const [decisionForm] = Form.useForm()
  const [pauseForm] = Form.useForm()
  const [extForm] = Form.useForm()
  const active = c.steps.find((s) => s.status === 'active')
  const can = (a: string) => c.allowedActions.includes(a)
  const approver = hasRole(me, ['approver'])
  const openPause = c.pauses.find((p) => !p.endedAt)
  const pausesAllowed = version.data?.guide.pausesAllowed ?? []
  const PAUSE_NAMES: Record<string, string> = { hearing: '听证', tender: '招标', auction: '拍卖', testing: '检验', inspection: '检测', quarantine: '检疫', appraisal: '鉴定', expert_review: '专家评审', site_inspection: '现场勘验', technical_review: '技术审查' }

  const run = async (path: string, body: unknown, text: string) => {
    const r = await act.mutateAsync({ caseId: c.id, path, body })
    message.success(text)
    if (r.document) setIssued({ doc: r.document, text })
    onDone?.()
    return r
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12} data-testid="handling-panel">
      {issued && <IssuedResult caseId={c.id} doc={issued.doc} text={issued.text} />}
      {can('complete_step') && active && (
        <Card size="small" title={`当前环节：${active.name}`} data-testid="step-panel">
          <Form form={opinion} layout="vertical" onFinish={(v: { opinion: string; outcome: 'pass' | 'return' }) => run(`/steps/${active.id}/complete`, v, v.outcome === 'pass' ? '已提交意见，转下一环节' : '已退回上一环节').then(() => opinion.resetFields())}>
            <Form.Item name="opinion" label="审查意见" rules={[{ required: true, message: '请填写意见' }]}>
              <Input.TextArea rows={3} placeholder="如：经审查，申请材料齐全，符合法定形式，同意。" data-testid="step-opinion" />
            </Form.Item>
            <Space>
              <Button type="primary" loading={act.isPending} onClick={() => { opinion.setFieldValue('outcome', 'pass'); opinion.submit() }} data-testid="step-pass">
                通过
              </Button>
              <Button loading={act.isPending} onClick={() => { opinion.setFieldValue('outcome', 'return'); opinion.submit() }} data-testid="step-return">
                退回
              </Button>
            </Space>
            <Form.Item name="outcome" hidden><Input /></Form.Item>
          </Form>
        </Card>
      )}
      {can('decide') && (
        <Card size="small" title="审批决定" data-testid="decision-panel">
          <Form form={decisionForm} layout="vertical" initialValues={{ outcome: 'grant' }} onFinish={(v: { outcome: 'grant' | 'deny'; reasons?: string }) => run('/decision', v, v.outcome === 'grant' ? '已作出准予许可决定' : '已作出不予许可决定')}>
            <Form.Item name="outcome">
              <Radio.Group optionType="button" buttonStyle="solid" options={[{ value: 'grant', label: '准予许可' }, { value: 'deny', label: '不予许可' }]} data-testid="decision-outcome" />
            </Form.Item>
            <Form.Item noStyle shouldUpdate>
              {({ getFieldValue }) => (
                <Form.Item name="reasons" label={getFieldValue('outcome') === 'deny' ? '不予许可的理由（将告知复议、诉讼途径）' : '决定说明（可选）'} rules={[{ required: getFieldValue('outcome') === 'deny', message: '不予许可必须说明理由' }]}>
                  <Input.TextArea rows={2} data-testid="decision-reasons" />
                </Form.Item>
              )}
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={act.isPending} data-testid="decision-submit">
              作出决定
            </Button>
          </Form>
        </Card>
      )}
      {(can('pause') || can('resume') || can('extend')) && (
        <Card size="small" title="特别程序与延期">
          {can('resume') && openPause && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={`${openPause.kindName}中（${fmtDateTime(openPause.startedAt)} 起，预计 ${openPause.expectedDays} 日）`}
              description={openPause.reason}
              action={<Button size="small" onClick={() => run(`/pauses/${openPause.id}/resume`, {}, '已恢复计时')} data-testid="pause-resume">恢复</Button>}
            />
          )}
          {can('pause') && (
            <Form form={pauseForm} layout="inline" style={{ rowGap: 8, marginBottom: 12 }} onFinish={(v) => run('/pauses', v, '已暂停计时，特别程序告知书已出具').then(() => pauseForm.resetFields())}>
              <Form.Item name="kind" rules={[{ required: true, message: '请选择' }]}>
                <Select placeholder="特别程序" style={{ width: 140 }} options={pausesAllowed.map((k) => ({ value: k, label: PAUSE_NAMES[k] ?? k }))} notFoundContent="该事项不允许暂停" data-testid="pause-kind" />
              </Form.Item>
              <Form.Item name="reason" rules={[{ required: true, message: '请填写理由' }]}>
                <Input placeholder="理由" style={{ width: 220 }} data-testid="pause-reason" />
              </Form.Item>
              <Form.Item name="expectedDays" rules={[{ required: true, message: '请填写' }]}>
                <InputNumber min={1} max={365} placeholder="预计天数" suffix="日" style={{ width: 120 }} />
              </Form.Item>
              <Button htmlType="submit" loading={act.isPending} data-testid="pause-submit">暂停（特别程序）</Button>
            </Form>
          )}
          {can('extend') && approver && (
            <Form form={extForm} layout="inline" style={{ rowGap: 8 }} onFinish={(v) => run('/extensions', v, '已延期，延期告知书已出具').then(() => extForm.resetFields())}>
              <Form.Item name="days" rules={[{ required: true, message: '请填写' }]}>
                <InputNumber min={1} max={60} placeholder="延长" suffix="工作日" style={{ width: 140 }} data-testid="extend-days" />
              </Form.Item>
              <Form.Item name="reason" rules={[{ required: true, message: '请填写理由' }]}>
                <Input placeholder="延期理由" style={{ width: 220 }} />
              </Form.Item>
              <Form.Item name="approvedBy" rules={[{ required: true, message: '请填写批准人' }]} initialValue={me?.displayName}>
                <Input placeholder="批准人（本机关负责人）" style={{ width: 160 }} />
              </Form.Item>
              <Button htmlType="submit" loading={act.isPending} data-testid="extend-submit">延期</Button>
            </Form>
          )}
        </Card>
      )}
      {!can('complete_step') && !can('decide') && !can('pause') && !can('resume') && !can('extend') && !issued && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="当前没有您可以办理的环节" />}
    </Space>
  )
}

// ---------------------------------------------------------------- hand-over

export function HandoverPanel({ c, onDone }: { c: CaseDetail; onDone?: () => void }) {
  const { message } = App.useApp()
  const act = useCaseAction()
  const pay = usePayment()
  const [payForm] = Form.useForm()
  const [delForm] = Form.useForm()
  const centres = useCentres()
  const order = c.feeOrder
  const can = (a: string) => c.allowedActions.includes(a)
  const result = c.documents.filter((d) => ['result', 'grant_decision', 'denial_decision'].includes(d.kind)).sort((a, b) => (a.kind === 'result' ? -1 : b.kind === 'result' ? 1 : 0))
  const unpaid = order && order.status === 'unpaid'

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12} data-testid="handover-panel">
      {order && (
        <Card size="small" title={`收费（${order.number}）`} data-testid="fee-card" extra={<span data-testid="fee-status" data-status={order.status}>{{ unpaid: '待缴费', paid: '已缴费', waived: '已减免', cancelled: '已作废' }[order.status]}</span>}>
          <Descriptions size="small" column={{ xs: 1, sm: 3 }} items={[
            { key: 't', label: '应收', children: yuan(order.totalCents) },
            { key: 'e', label: '减免', children: yuan(order.exemptCents) },
            { key: 'p', label: '实收', children: <b data-testid="fee-payable" data-cents={order.payableCents}>{yuan(order.payableCents)}</b> },
          ]} />
          {unpaid && (
            <Form form={payForm} layout="inline" style={{ rowGap: 8, marginTop: 8 }} initialValues={{ method: 'cash', amount: order.payableCents / 100 }}
              onFinish={(v: { method: 'cash' | 'bank' | 'pos'; amount: number; reference?: string }) =>
                pay.mutateAsync({ orderId: order.id, caseId: c.id, method: v.method, reference: v.reference, amountCents: Math.round(v.amount * 100) }).then(() => message.success('收款已登记'))
              }>
              <Form.Item name="method">
                <Radio.Group optionType="button" options={[{ value: 'cash', label: '现金' }, { value: 'bank', label: '银行转账' }, { value: 'pos', label: 'POS 刷卡' }]} data-testid="pay-method" />
              </Form.Item>
              <Form.Item name="amount" rules={[{ required: true, message: '请输入金额' }]}>
                <InputNumber min={0} precision={2} prefix="¥" style={{ width: 140 }} data-testid="pay-amount" />
              </Form.Item>
              <Form.Item name="reference">
                <Input placeholder="票据号 / 流水号" style={{ width: 160 }} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={pay.isPending} data-testid="pay-submit">登记收款</Button>
            </Form>
          )}
        </Card>
      )}
      {can('complete') && (
        <Card size="small" title="办结">
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            办结后系统生成结果文书（准予许可的同时记为电子证照），并告知申请人领取方式。{unpaid ? '费用未缴清前不能办结。' : ''}
          </Typography.Paragraph>
          <Button type="primary" disabled={!!unpaid} loading={act.isPending} onClick={() => act.mutateAsync({ caseId: c.id, path: '/complete' }).then(() => { message.success('已办结'); onDone?.() })} data-testid="case-complete">
            办结并生成结果文书
          </Button>
        </Card>
      )}
      {result.length > 0 && (
        <Card size="small" title="办理结果（交付申请人）" data-testid="result-documents">
          <Space direction="vertical">{result.map((d) => <DocumentButtons key={d.id} caseId={c.id} doc={d} />)}</Space>
        </Card>
      )}
      {can('deliver') && (
        <Card size="small" title="出件 / 送达">
          {c.deliveryChoice && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }} data-testid="delivery-choice">
              申请人选择：{c.deliveryChoice.method === 'pickup' ? `到 ${c.deliveryChoice.centreName ?? '服务中心'} 领取` : c.deliveryChoice.method === 'post' ? `邮寄至 ${c.deliveryChoice.address ?? ''}` : '网上下载'}
            </Typography.Paragraph>
          )}
          <Form
            form={delForm}
            layout="inline"
            style={{ rowGap: 8 }}
            initialValues={{
              method: c.deliveryChoice?.method === 'post' ? 'post' : 'pickup',
              pickupCentreId: c.deliveryChoice?.centreId ?? undefined,
              address: c.deliveryChoice?.address ?? undefined,
            }}
            onFinish={(v) => act.mutateAsync({ caseId: c.id, path: '/delivery', body: v }).then(() => { message.success('已登记送达'); onDone?.() })}
          >
            <Form.Item name="method">
              <Radio.Group optionType="button" options={[{ value: 'pickup', label: '窗口领取' }, { value: 'post', label: '邮寄' }]} data-testid="delivery-method" />
            </Form.Item>
            <Form.Item noStyle shouldUpdate>
              {({ getFieldValue }) =>
                getFieldValue('method') === 'pickup' ? (
                  <Form.Item name="pickupCentreId" rules={[{ required: true, message: '请选择领取地点' }]}>
                    <Select
                      showSearch={{ optionFilterProp: 'label' }}
                      placeholder="领取地点（服务中心）"
                      style={{ width: 240 }}
                      loading={centres.isPending}
                      options={(centres.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
                      data-testid="pickup-centre"
                    />
                  </Form.Item>
                ) : (
                  <>
                    <Form.Item name="address" rules={[{ required: true, message: '请填写地址' }]}>
                      <Input placeholder="邮寄地址" style={{ width: 240 }} />
                    </Form.Item>
                    <Form.Item name="trackingNumber" rules={[{ required: true, message: '请填写运单号' }]}>
                      <Input placeholder="快递运单号" style={{ width: 180 }} data-testid="tracking-number" />
                    </Form.Item>
                  </>
                )
              }
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={act.isPending} data-testid="delivery-submit">登记送达</Button>
          </Form>
        </Card>
      )}
      {c.delivery?.deliveredAt && <Alert type="success" showIcon title={`已送达（${fmtDateTime(c.delivery.deliveredAt)}）`} />}
      <Divider style={{ margin: 0 }} />
    </Space>
  )
}
