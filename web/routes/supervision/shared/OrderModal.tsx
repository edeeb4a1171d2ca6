/** 发催办 / 发督办: to a unit, about a case, an alert or a pattern, with a reply period in working days. */
import { App, Form, Input, InputNumber, Modal, Radio } from 'antd'
import { useEffect } from 'react'
import { errorMessage } from '../../../lib/api'
import { UnitSelect } from '../../../ui/UnitSelect'
import { DEFAULT_SUPERVISION_SETTINGS, useSendOrder, useSupervisionSettings, type OrderKind } from '../../../hooks/api/supervision'

export interface OrderSubject {
  kind?: OrderKind
  unitId?: number | null
  unitName?: string | null
  caseId?: number | null
  caseNumber?: string | null
  alertId?: number | null
  /** a pattern order has no case: the content says what is wrong */
  pattern?: boolean
  content?: string
}

interface Values {
  kind: OrderKind
  unitId: number
  pattern?: string
  content: string
  replyDays: number
}

export function OrderModal({ subject, onClose }: { subject: OrderSubject | null; onClose: () => void }) {
  const { message } = App.useApp()
  const [form] = Form.useForm<Values>()
  const send = useSendOrder()
  const settings = useSupervisionSettings(subject != null)
  const replyDays = settings.data?.orderReplyDays ?? DEFAULT_SUPERVISION_SETTINGS.orderReplyDays

  useEffect(() => {
    if (!subject) return
    form.resetFields()
    form.setFieldsValue({ kind: subject.kind ?? 'supervise', unitId: subject.unitId ?? undefined, content: subject.content ?? '', replyDays })
  }, [subject, form, replyDays])

  const about = subject?.caseNumber ? `办件 ${subject.caseNumber}` : subject?.alertId ? `告警 #${subject.alertId}` : '普遍性问题'

  const submit = async () => {
    const v = await form.validateFields()
    try {
      const o = await send.mutateAsync({
        kind: v.kind,
        unitId: v.unitId,
        content: v.content.trim(),
        caseId: subject?.caseId ?? undefined,
        alertId: subject?.alertId ?? undefined,
        pattern: subject?.pattern ? v.pattern?.trim() : undefined,
        replyDays: v.replyDays,
      })
      message.success(`已发出 ${o.number}`)
      onClose()
    } catch (e) {
      message.error(errorMessage(e))
    }
  }

  return (
    <Modal open={subject != null} title={`发催办 / 督办 · ${about}`} okText="发出" cancelText="取消" onOk={submit} confirmLoading={send.isPending} okButtonProps={{ "data-testid": "order-send" }} onCancel={onClose} destroyOnHidden data-testid="order-modal">
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item name="kind" label="类型">
          <Radio.Group optionType="button" options={[{ value: 'urge', label: '催办' }, { value: 'supervise', label: '督办' }]} data-testid="order-kind" />
        </Form.Item>
        <Form.Item name="unitId" label="督办单位" rules={[{ required: true, message: '请选择接收单位' }]}>
          <UnitSelect initialLabel={subject?.unitName} placeholder="接收单位" />
        </Form.Item>
        {subject?.pattern && (
          <Form.Item name="pattern" label="问题概述" rules={[{ required: true, whitespace: true, message: '请概述普遍性问题' }]}>
            <Input placeholder="例如：11月以来审批环节普遍超时" maxLength={200} />
          </Form.Item>
        )}
        <Form.Item name="content" label="督办内容" rules={[{ required: true, whitespace: true, message: '请填写督办内容' }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount placeholder="写明问题、整改要求和回复要求" data-testid="order-content" />
        </Form.Item>
        <Form.Item name="replyDays" label="回复期限（工作日）" rules={[{ required: true, message: '请填写回复期限' }]}>
          <InputNumber min={1} max={30} precision={0} style={{ width: 140 }} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
