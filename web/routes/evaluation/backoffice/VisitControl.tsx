/**
 * 开始接待 / 评价 on the window workbench: the window's current visit (一次一评), start and end it, the
 * rating link and its QR code for the receipt or a phone, and a link to the counter tablet page.
 */
import { useEffect, useState } from 'react'
import { App, Button, Card, Form, Input, Modal, Space, Tag, Typography } from 'antd'
import { QrcodeOutlined, TabletOutlined } from '@ant-design/icons'
import QRCode from 'qrcode'
import { useMe } from '../../../hooks/api/auth'
import { useCurrentVisit, useEndVisit, useOpenVisit } from '../../../hooks/api/evaluation'
import { api, ApiError } from '../../../lib/api'
import { fmtDateTime } from '../../../lib/format'
import { FormError } from '../../../ui/FormError'

function QrImage({ text }: { text: string }) {
  const [src, setSrc] = useState<string | null>(null)
  useEffect(() => {
    QRCode.toDataURL(text, { margin: 1, width: 180 }).then(setSrc, () => setSrc(null))
  }, [text])
  return src ? <img src={src} alt="评价二维码" width={180} height={180} data-testid="visit-qr" /> : null
}

export function VisitControl() {
  const me = useMe()
  // the staff member's own window (their home unit, where they hold a window grant)
  const home = me.data?.unitId ?? null
  const windowId = home != null && me.data?.grants.some((g) => (g.role === 'window_staff' || g.role === 'centre_admin') && g.unitId === home) ? home : null
  const visit = useCurrentVisit(windowId, 10_000)
  const open = useOpenVisit()
  const end = useEndVisit()
  const { message } = App.useApp()
  const [modal, setModal] = useState(false)
  const [qr, setQr] = useState(false)
  const [form] = Form.useForm<{ purpose: string; caseNumber?: string; applicantName?: string; applicantPhone?: string }>()
  const [lookupError, setLookupError] = useState<unknown>(null)
  /** the case the visit is about, by its number (the staff member's case search) */
  const caseIdOf = async (number: string | undefined): Promise<number | null> => {
    const n = number?.trim()
    if (!n) return null
    const r = await api.get<{ items: { id: number; number: string }[] }>('/api/cases', { q: n, page: 1, pageSize: 5 })
    const hit = r.items.find((c) => c.number === n)
    if (!hit) throw new ApiError(404, 'NOT_FOUND', `未找到办件 ${n}`)
    return hit.id
  }
  if (!windowId || visit.isError) return null
  const v = visit.data
  const link = v ? `${window.location.origin}/rate/${v.token}` : ''
  return (
    <Card size="small" style={{ marginBottom: 12 }} data-testid="visit-control">
      <Space wrap align="center" style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <b>服务评价（一次一评）</b>
          {v ? (
            <>
              <Tag color="blue" data-testid="visit-current">接待中：{v.purpose}{v.applicantName ? ` · ${v.applicantName}` : ''}</Tag>
              <Typography.Text type="secondary">{fmtDateTime(v.startedAt)} 开始</Typography.Text>
              {v.rated ? <Tag color="green" data-testid="visit-rated">已评价</Tag> : <Tag data-testid="visit-unrated">待评价</Tag>}
              <Typography.Text copyable={{ text: link }} style={{ fontSize: 12 }}>
                评价链接：<a href={link} target="_blank" rel="noreferrer" data-testid="visit-link">/rate/{v.token}</a>
              </Typography.Text>
            </>
          ) : (
            <Typography.Text type="secondary">当前未接待。开始接待后，群众可在窗口评价器上评价本次服务。</Typography.Text>
          )}
        </Space>
        <Space wrap>
          <Button type="primary" onClick={() => setModal(true)} data-testid="visit-start">开始接待</Button>
          {v && <Button icon={<QrcodeOutlined />} onClick={() => setQr(true)}>评价二维码</Button>}
          {v && <Button loading={end.isPending} onClick={() => end.mutate(v.id, { onSuccess: () => message.success('本次接待已结束') })} data-testid="visit-end">结束接待</Button>}
          <Button icon={<TabletOutlined />} href={`/counter/rate?window=${windowId}`} target="_blank">窗口评价器</Button>
        </Space>
      </Space>
      <Modal
        open={modal}
        title="开始接待"
        okText="开始"
        okButtonProps={{ 'data-testid': 'visit-start-ok' } as React.ComponentProps<typeof Button>}
        onCancel={() => setModal(false)}
        confirmLoading={open.isPending}
        destroyOnHidden
        onOk={() =>
          form.validateFields().then(async (b) => {
            setLookupError(null)
            let caseId: number | null
            try {
              caseId = await caseIdOf(b.caseNumber)
            } catch (e) {
              setLookupError(e)
              return
            }
            open.mutate(
              { windowId, caseId, purpose: b.purpose.trim(), applicantName: b.applicantName?.trim() || null, applicantPhone: b.applicantPhone?.trim() || null },
              { onSuccess: () => { setModal(false); form.resetFields(); message.success('已开始接待，评价器已显示评价界面') } },
            )
          })
        }
      >
        {open.error || lookupError ? <FormError error={open.error ?? lookupError} /> : null}
        <Form form={form} layout="vertical">
          <Form.Item name="purpose" label="办理事项" rules={[{ required: true, message: '请填写办理事项' }]}>
            <Input maxLength={200} placeholder="如：受理 个体工商户名称变更登记" data-testid="visit-purpose" />
          </Form.Item>
          <Form.Item name="caseNumber" label="办件编号（选填，关联办件后申请人可在网上查看整改）"><Input maxLength={40} data-testid="visit-case" /></Form.Item>
          <Form.Item name="applicantName" label="办事人姓名（选填，实名评价便于回访）"><Input maxLength={50} data-testid="visit-name" /></Form.Item>
          <Form.Item name="applicantPhone" label="联系电话（选填）" rules={[{ pattern: /^[0-9+\- ]*$/, message: '电话号码格式不正确' }]}><Input maxLength={20} data-testid="visit-phone" /></Form.Item>
        </Form>
      </Modal>
      <Modal open={qr && !!v} title="扫码评价本次服务" footer={null} onCancel={() => setQr(false)}>
        {v && (
          <div style={{ textAlign: 'center' }}>
            <QrImage text={link} />
            <div style={{ marginTop: 8, wordBreak: 'break-all' }}>{link}</div>
          </div>
        )}
      </Modal>
    </Card>
  )
}
