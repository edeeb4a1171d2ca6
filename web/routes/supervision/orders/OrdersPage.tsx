/**
 * 催办/督办: the outbox for supervisors (status, overdue, the unit's reply; accept 办结 or 退回) and the
 * inbox for any staff member of a receiving unit (the reply form). Both export to xlsx.
 */
import { useState } from 'react'
import { Link, useSearchParams } from 'react-router-dom'
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tabs, Typography } from 'antd'
import { DownloadOutlined, SendOutlined } from '@ant-design/icons'
import { PageHeader } from '../../../ui/PageHeader'
import { fmtDate, fmtDateTime } from '../../../lib/format'
import { errorMessage } from '../../../lib/api'
import { hasRole, useMe } from '../../../hooks/api/auth'
import { ORDER_STATUS_NAMES, ordersXlsxUrl, useOrderAction, useOrders, type OrderDto, type OrderStatus } from '../../../hooks/api/supervision'
import { ORDER_SEND_ROLES, OrderStatusTag } from '../shared/bits'
import { OrderModal, type OrderSubject } from '../shared/OrderModal'

type Box = 'inbox' | 'outbox'
type Act = { order: OrderDto; action: 'reply' | 'close' | 'return' }
const ACT_TITLES = { reply: '回复督办', close: '办结（认可回复）', return: '退回重办' } as const

export default function OrdersPage({ defaultBox }: { defaultBox?: Box }) {
  const user = useMe().data!
  const canSend = hasRole(user, ORDER_SEND_ROLES)
  const [params, setParams] = useSearchParams()
  const box: Box = (params.get('box') as Box | null) ?? defaultBox ?? (canSend ? 'outbox' : 'inbox')
  const [status, setStatus] = useState<OrderStatus | undefined>()
  const [page, setPage] = useState(1)
  const [subject, setSubject] = useState<OrderSubject | null>(null)
  const [act, setAct] = useState<Act | null>(null)
  const orders = useOrders({ box, status, page, pageSize: 20 })

  const columns = [
    { title: '文号', dataIndex: 'number', render: (v: string) => <span data-testid="order-number">{v}</span> },
    { title: '状态', key: 'status', render: (_: unknown, o: OrderDto) => <OrderStatusTag o={o} /> },
    {
      title: '事由',
      key: 'about',
      render: (_: unknown, o: OrderDto) =>
        o.caseNumber ? (canSend ? <Link to={`/desk/supervision/cases/${o.caseId}`} className="ow-mono">{o.caseNumber}</Link> : <Link to={`/desk/cases/${o.caseId}`} className="ow-mono">{o.caseNumber}</Link>) : (o.pattern ?? (o.alertId ? `告警 #${o.alertId}` : '—')),
    },
    { title: box === 'outbox' ? '接收单位' : '发件人', key: 'who', render: (_: unknown, o: OrderDto) => (box === 'outbox' ? o.unitName : `${o.sentByName}（${o.unitName}）`) },
    { title: '督办内容', dataIndex: 'content', width: 280, render: (v: string) => <Typography.Paragraph style={{ margin: 0, maxWidth: 280 }} ellipsis={{ rows: 2, tooltip: v }}>{v}</Typography.Paragraph> },
    { title: '发出', dataIndex: 'sentAt', render: (v: string) => fmtDateTime(v) },
    { title: '回复期限', dataIndex: 'replyDue', render: (v: string, o: OrderDto) => <Typography.Text type={o.overdue && o.status === 'sent' ? 'danger' : undefined}>{fmtDate(v)}</Typography.Text> },
    {
      title: '回复',
      dataIndex: 'reply',
      width: 240,
      render: (v: string | null, o: OrderDto) =>
        v ? (
          <div data-testid="order-reply">
            <Typography.Paragraph style={{ margin: 0, maxWidth: 240 }} ellipsis={{ rows: 2, tooltip: v }}>{v}</Typography.Paragraph>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{o.repliedByName ?? ''} {fmtDateTime(o.repliedAt)}</Typography.Text>
          </div>
        ) : '—',
    },
    {
      title: '操作',
      key: 'op',
      render: (_: unknown, o: OrderDto) => (
        <Space size={4}>
          {box === 'inbox' && (o.status === 'sent' || o.status === 'escalated') && (
            <Button size="small" type="primary" onClick={() => setAct({ order: o, action: 'reply' })} data-testid="order-reply-btn">回复</Button>
          )}
          {box === 'outbox' && o.status === 'replied' && (
            <>
              <Button size="small" type="primary" onClick={() => setAct({ order: o, action: 'close' })} data-testid="order-accept">办结</Button>
              <Button size="small" onClick={() => setAct({ order: o, action: 'return' })} data-testid="order-return">退回</Button>
            </>
          )}
          {o.closeNote && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{o.closeNote}</Typography.Text>}
        </Space>
      ),
    },
  ]

  const tabs = [
    ...(canSend ? [{ key: 'outbox', label: '发件箱' }] : []),
    { key: 'inbox', label: '收件箱' },
  ]

  return (
    <>
      <PageHeader
        title={box === 'inbox' && !canSend ? '督办收件箱' : '催办督办'}
        subtitle={box === 'inbox' ? '发给本单位的催办、督办：请在回复期限内办理并回复，逾期未复将升级。' : '发出的催办、督办：跟踪回复，认可后办结，未落实的退回重办。'}
        extra={
          <>
            <Button icon={<DownloadOutlined />} href={ordersXlsxUrl({ box, status })} data-testid="orders-export">导出Excel</Button>
            {canSend && <Button icon={<SendOutlined />} onClick={() => setSubject({ pattern: true })}>发普遍问题督办</Button>}
          </>
        }
      />
      <Card size="small">
        <Tabs activeKey={box} items={tabs} onChange={(k) => { setParams({ box: k }); setPage(1) }} />
        <Space style={{ marginBottom: 8 }}>
          <Select
            allowClear
            placeholder="状态"
            value={status}
            onChange={(v) => { setStatus(v); setPage(1) }}
            style={{ width: 120 }}
            options={(Object.keys(ORDER_STATUS_NAMES) as OrderStatus[]).map((s) => ({ value: s, label: ORDER_STATUS_NAMES[s] }))}
          />
        </Space>
        <Table<OrderDto>
          size="small"
          rowKey="id"
          loading={orders.isPending}
          dataSource={orders.data?.items ?? []}
          columns={columns}
          scroll={{ x: 'max-content' }}
          pagination={{ current: page, pageSize: 20, total: orders.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (t) => `共 ${t} 件` }}
          data-testid={`orders-${box}`}
        />
      </Card>
      <ActModal act={act} onClose={() => setAct(null)} />
      <OrderModal subject={subject} onClose={() => setSubject(null)} />
    </>
  )
}

function ActModal({ act, onClose }: { act: Act | null; onClose: () => void }) {
  const { message } = App.useApp()
  const [form] = Form.useForm<{ text: string }>()
  const run = useOrderAction()
  const submit = async () => {
    const v = await form.validateFields()
    if (!act) return
    try {
      await run.mutateAsync({ id: act.order.id, action: act.action, text: v.text.trim() })
      message.success(act.action === 'reply' ? '已回复' : act.action === 'close' ? '已办结' : '已退回，单位需重新办理回复')
      form.resetFields()
      onClose()
    } catch (e) {
      message.error(errorMessage(e))
    }
  }
  const label = act?.action === 'reply' ? '办理情况' : act?.action === 'close' ? '办结意见' : '退回理由'
  return (
    <Modal open={act != null} title={act ? `${ACT_TITLES[act.action]} · ${act.order.number}` : ''} okText="提交" cancelText="取消" onOk={submit} confirmLoading={run.isPending} okButtonProps={{ "data-testid": "order-act-submit" }} onCancel={onClose} destroyOnHidden data-testid="order-act-modal">
      {act && (
        <>
          <Typography.Paragraph type="secondary">{act.order.content}</Typography.Paragraph>
          {act.order.reply && act.action !== 'reply' && <Typography.Paragraph>单位回复：{act.order.reply}</Typography.Paragraph>}
        </>
      )}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="text" label={label} rules={[{ required: act?.action !== 'close', whitespace: true, message: `请填写${label}` }]} initialValue={act?.action === 'close' ? '整改已落实，予以办结。' : ''}>
          <Input.TextArea rows={4} maxLength={2000} showCount data-testid="order-act-text" />
        </Form.Item>
      </Form>
    </Modal>
  )
}
