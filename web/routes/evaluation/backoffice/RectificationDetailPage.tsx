/** 整改详情: the bad review, callbacks (回访), measures (整改措施), the rater's verdict, the appeal and its decision. */
import { useState } from 'react'
import { Link, useParams } from 'react-router-dom'
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, Radio, Result, Row, Select, Skeleton, Space, Switch, Timeline, Typography } from 'antd'
import { hasRole, useMe } from '../../../hooks/api/auth'
import {
  CHANNEL_SHORT,
  FIX_VERDICT_NAMES,
  SOURCE_NAMES,
  useAppeal,
  useDecideAppeal,
  useRecordCallback,
  useRectification,
  useRectify,
  type RectificationDto,
} from '../../../hooks/api/evaluation'
import { ApiError, errorMessage } from '../../../lib/api'
import { fmtDate, fmtDateTime } from '../../../lib/format'
import { FormError } from '../../../ui/FormError'
import { PageHeader } from '../../../ui/PageHeader'
import { StarsTag } from '../shared/RatingForm'
import { indicatorText, RectStatusTag } from '../shared/bits'

const METHODS = { phone: '电话', sms: '短信', visit: '上门', other: '其他' } as const

function CallbackForm({ x }: { x: RectificationDto }) {
  const cb = useRecordCallback()
  const { message } = App.useApp()
  const [form] = Form.useForm<{ method: keyof typeof METHODS; reached: boolean; content: string }>()
  return (
    <Form form={form} layout="vertical" initialValues={{ method: 'phone', reached: true }} onFinish={(v) => cb.mutate({ id: x.id, ...v }, { onSuccess: () => { form.resetFields(); message.success('回访已记录') } })} data-testid="callback-form">
      {cb.error ? <FormError error={cb.error} /> : null}
      <Space wrap>
        <Form.Item name="method" label="回访方式"><Select style={{ width: 120 }} options={Object.entries(METHODS).map(([value, label]) => ({ value, label }))} /></Form.Item>
        <Form.Item name="reached" label="已联系上评价人" valuePropName="checked"><Switch data-testid="callback-reached" /></Form.Item>
      </Space>
      <Form.Item name="content" label="回访情况" rules={[{ required: true, message: '请填写回访情况' }]}>
        <Input.TextArea rows={2} maxLength={2000} placeholder="如：已致电评价人致歉，了解到等候时间过长的问题" data-testid="callback-content" />
      </Form.Item>
      <Button htmlType="submit" loading={cb.isPending} data-testid="callback-submit">记录回访</Button>
    </Form>
  )
}

function RectifyForm({ x }: { x: RectificationDto }) {
  const rectify = useRectify()
  const { message } = App.useApp()
  const [measures, setMeasures] = useState('')
  const needCallback = x.rating.realName && !x.callbacks.some((c) => c.reached)
  return (
    <div data-testid="rectify-form">
      {needCallback && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title="实名差评须先回访评价人（回访率 100%），再录入整改措施。" />}
      {rectify.error ? <FormError error={rectify.error} /> : null}
      <Input.TextArea rows={3} maxLength={4000} value={measures} onChange={(e) => setMeasures(e.target.value)} placeholder="整改措施：问题原因、采取的措施、责任人和完成情况" data-testid="measures-input" />
      <Button type="primary" style={{ marginTop: 8 }} disabled={!measures.trim()} loading={rectify.isPending} onClick={() => rectify.mutate({ id: x.id, measures: measures.trim() }, { onSuccess: () => { setMeasures(''); message.success('整改措施已录入，已通知评价人评价整改结果') } })} data-testid="rectify-submit">
        完成整改
      </Button>
    </div>
  )
}

function AppealCard({ x, canAppeal, canDecide }: { x: RectificationDto; canAppeal: boolean; canDecide: boolean }) {
  const appeal = useAppeal()
  const decide = useDecideAppeal()
  const { message } = App.useApp()
  const [reason, setReason] = useState('')
  const [upheld, setUpheld] = useState<boolean>(false)
  const [note, setNote] = useState('')
  const a = x.appeal
  const open = ['open', 'called_back', 'rectified'].includes(x.status)
  if (!a && !(canAppeal && open)) return null
  return (
    <Card size="small" title="申诉复核" style={{ marginBottom: 12 }} data-testid="appeal-card">
      {a ? (
        <>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label="申诉理由">{a.reason}</Descriptions.Item>
            <Descriptions.Item label="申诉人">{a.submittedByName}（{fmtDateTime(a.submittedAt)}）</Descriptions.Item>
            <Descriptions.Item label="状态"><span data-testid="appeal-status">{a.statusName}</span></Descriptions.Item>
            {a.decidedAt && <Descriptions.Item label="复核意见">{a.decisionNote}（{a.decidedByName}，{fmtDateTime(a.decidedAt)}）</Descriptions.Item>}
          </Descriptions>
          {a.status === 'pending' && canDecide && (
            <div style={{ marginTop: 8 }}>
              {decide.error ? <FormError error={decide.error} /> : null}
              <Radio.Group value={upheld} onChange={(e) => setUpheld(e.target.value)} options={[{ value: true, label: '申诉成立（撤销差评）' }, { value: false, label: '申诉不成立（继续整改）' }]} />
              <Input.TextArea rows={2} style={{ marginTop: 8 }} value={note} onChange={(e) => setNote(e.target.value)} placeholder="复核意见" data-testid="decide-note" />
              <Button type="primary" style={{ marginTop: 8 }} disabled={!note.trim()} loading={decide.isPending} onClick={() => decide.mutate({ id: a.id, upheld, note: note.trim() }, { onSuccess: () => message.success('已复核') })} data-testid="decide-submit">
                提交复核结果
              </Button>
            </div>
          )}
        </>
      ) : (
        <>
          <Typography.Paragraph type="secondary">对误评、恶意差评，可提出申诉，由电子监察员复核（每条差评申诉一次）。</Typography.Paragraph>
          {appeal.error ? <FormError error={appeal.error} /> : null}
          <Input.TextArea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="申诉理由及依据" data-testid="appeal-reason" />
          <Button style={{ marginTop: 8 }} disabled={!reason.trim()} loading={appeal.isPending} onClick={() => appeal.mutate({ ratingId: x.rating.id, reason: reason.trim() }, { onSuccess: () => message.success('申诉已提交') })} data-testid="appeal-submit">
            提出申诉
          </Button>
        </>
      )}
    </Card>
  )
}

export default function RectificationDetailPage() {
  const { id } = useParams()
  const rid = Number(id)
  const valid = Number.isInteger(rid) && rid > 0
  const q = useRectification(valid ? rid : null)
  const me = useMe()
  const x = q.data
  if (!valid || q.isError) {
    const nf = !valid || (q.error instanceof ApiError && q.error.status === 404)
    return <Result status={nf ? '404' : 'error'} title={nf ? '整改任务不存在' : '加载失败'} subTitle={nf ? undefined : errorMessage(q.error)} extra={<Link to="/desk/evaluation/rectifications"><Button>返回列表</Button></Link>} />
  }
  if (!x || !me.data) return <Card><Skeleton active /></Card>
  const user = me.data
  const unitRoles = hasRole(user, ['window_staff', 'reviewer', 'approver', 'handling_unit', 'centre_admin'])
  const working = x.status === 'open' || x.status === 'called_back'
  const r = x.rating
  return (
    <div data-testid="rect-detail" data-status={x.status}>
      <PageHeader
        title={<Space wrap>差评整改 {x.number} <RectStatusTag status={x.status} name={x.statusName} overdue={x.overdue} /></Space>}
        crumbs={['好差评', '差评整改', x.number]}
        subtitle={`${x.unitName} · 整改期限 ${fmtDate(x.due)}`}
      />
      <Row gutter={[12, 0]}>
        <Col xs={24} xl={14}>
          <Card size="small" title="差评内容" style={{ marginBottom: 12 }}>
            <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
              <Descriptions.Item label="评价">{<StarsTag stars={r.stars} name={r.starsName} />}</Descriptions.Item>
              <Descriptions.Item label="渠道">{CHANNEL_SHORT[r.channel]} · {SOURCE_NAMES[r.source]}</Descriptions.Item>
              <Descriptions.Item label="分项" span={2}>{indicatorText(r)}</Descriptions.Item>
              <Descriptions.Item label="评价内容" span={2}><span data-testid="rect-comment">{r.comment ?? '（未填写）'}</span></Descriptions.Item>
              <Descriptions.Item label="办件 / 服务">{r.caseId ? <Link to={`/desk/cases/${r.caseId}`}>{r.caseNumber}</Link> : r.itemName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="事项">{r.itemName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="窗口 / 人员">{[r.windowName, r.staffName].filter(Boolean).join(' · ') || '—'}</Descriptions.Item>
              <Descriptions.Item label="评价人">{r.raterName ?? '匿名'}{r.realName ? '（实名）' : ''}{r.raterPhone ? ` · ${r.raterPhone}` : ''}</Descriptions.Item>
              <Descriptions.Item label="评价时间">{fmtDateTime(r.createdAt)}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small" title="整改" style={{ marginBottom: 12 }}>
            {x.measures ? (
              <Typography.Paragraph data-testid="rect-measures"><b>整改措施：</b>{x.measures}（{fmtDateTime(x.rectifiedAt)}）</Typography.Paragraph>
            ) : !working ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无整改措施" />
            ) : null}
            {x.verdict && <Typography.Paragraph data-testid="rect-verdict">评价人对整改结果：<b>{FIX_VERDICT_NAMES[x.verdict]}</b>（{fmtDateTime(x.verdictAt)}）</Typography.Paragraph>}
            {x.status === 'rectified' && <Alert type="info" showIcon title="已通知评价人评价整改结果；逾期未评价的自动办结。" />}
            {working && unitRoles && <RectifyForm x={x} />}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={`回访记录（${x.callbacks.length}）`} style={{ marginBottom: 12 }} data-testid="callbacks">
            {x.callbacks.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未回访" />
            ) : (
              <Timeline items={x.callbacks.map((c) => ({ key: c.id, color: c.reached ? 'green' : 'gray', content: <><div>{fmtDateTime(c.at)} · {METHODS[c.method]} · {c.byName} · {c.reached ? '已联系上' : '未联系上'}</div><div>{c.content}</div></> }))} />
            )}
            {working && unitRoles && <CallbackForm x={x} />}
          </Card>
          <AppealCard x={x} canAppeal={unitRoles} canDecide={hasRole(user, ['supervisor', 'centre_admin'])} />
        </Col>
      </Row>
    </div>
  )
}
