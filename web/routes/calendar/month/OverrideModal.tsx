/** Add a local override (闭馆 / 地方假日 / 加班工作日) on a day, or remove the one it has. */
import { useEffect } from 'react'
import { Alert, Button, Descriptions, Form, Input, Modal, Popconfirm, Radio, Tag } from 'antd'
import { useAddOverride, useDeleteOverride, type CalendarDay, type OverrideKind } from '../../../hooks/api/calendar'
import { fmtLongDate } from '../../../lib/format'
import { FormError } from '../../../ui/FormError'
import { KIND_STYLE, OVERRIDE_KIND_NAMES } from './kinds'

export interface OverrideModalProps {
  day: CalendarDay | null
  regionCode: string
  regionName: string
  onClose: () => void
  onDone: (text: string) => void
}

const DEFAULT_NAME: Record<OverrideKind, string> = { closure: '闭馆', local_holiday: '', extra_workday: '加班工作日' }

export function OverrideModal({ day, regionCode, regionName, onClose, onDone }: OverrideModalProps) {
  const [form] = Form.useForm<{ kind: OverrideKind; name: string; reason?: string }>()
  const add = useAddOverride()
  const del = useDeleteOverride()
  const existing = day?.overrideId != null

  // reset the form when another day is opened
  useEffect(() => {
    if (!day) return
    add.reset()
    const kind: OverrideKind = day.workday ? 'closure' : 'extra_workday'
    form.setFieldsValue({ kind, name: DEFAULT_NAME[kind], reason: '' })
  }, [day?.date])

  if (!day) return null
  const s = KIND_STYLE[day.kind]
  const inherited = existing && day.overrideRegionCode !== null && day.overrideRegionCode !== regionCode

  const submit = (v: { kind: OverrideKind; name: string; reason?: string }) =>
    add.mutate(
      { regionCode, date: day.date, kind: v.kind, name: v.name.trim(), reason: v.reason?.trim() || undefined },
      {
        onSuccess: () => {
          onDone(`已将 ${day.date} 设为${OVERRIDE_KIND_NAMES[v.kind]}`)
          onClose()
        },
      },
    )

  return (
    <Modal
      open
      title={`${existing ? '地方调整' : '设置地方调整'} · ${fmtLongDate(day.date)}`}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      width={520}
    >
      <Descriptions
        size="small"
        column={1}
        style={{ marginBottom: 12 }}
        items={[
          { key: 'r', label: '行政区划', children: regionName },
          {
            key: 'k',
            label: '当前状态',
            children: (
              <>
                <Tag color={s.tag}>{s.label}</Tag>
                {day.name}
                {day.workday ? '（计入工作日）' : '（不计入工作日）'}
              </>
            ),
          },
        ]}
      />
      {existing ? (
        <>
          {inherited && (
            <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`该调整由上级区划（${day.overrideRegionCode}）设置，删除将影响其辖区内所有地区。`} />
          )}
          <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
            <Button onClick={onClose}>关闭</Button>
            <Popconfirm
              title="删除这条地方调整？"
              description="删除后，相关办件期限将按调整前的日历重新计算。"
              okText="删除"
              okButtonProps={{ danger: true }}
              cancelText="取消"
              onConfirm={() =>
                del.mutateAsync(day.overrideId!).then(() => {
                  onDone(`已删除 ${day.date} 的地方调整`)
                  onClose()
                })
              }
            >
              <Button danger loading={del.isPending} data-testid="override-delete">
                删除调整
              </Button>
            </Popconfirm>
          </div>
        </>
      ) : (
        <>
          <FormError error={add.error} />
          <Form form={form} layout="vertical" onFinish={submit} data-testid="override-form" requiredMark>
            <Form.Item name="kind" label="调整类型" rules={[{ required: true }]}>
              <Radio.Group
                data-testid="override-kind"
                onChange={(e) => {
                  const k = e.target.value as OverrideKind
                  const cur = form.getFieldValue('name') as string
                  if (!cur || Object.values(DEFAULT_NAME).includes(cur)) form.setFieldValue('name', DEFAULT_NAME[k])
                }}
                options={[
                  { value: 'closure', label: '闭馆', disabled: !day.workday },
                  { value: 'local_holiday', label: '地方假日', disabled: !day.workday },
                  { value: 'extra_workday', label: '加班工作日', disabled: day.workday },
                ]}
              />
            </Form.Item>
            <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称，如“闭馆”“地方假日”' }]}>
              <Input maxLength={50} placeholder="如：闭馆、设备检修、地方假日名称" data-testid="override-name" />
            </Form.Item>
            <Form.Item name="reason" label="事由">
              <Input.TextArea maxLength={500} rows={3} placeholder="调整的原因和依据（如通知文号）" data-testid="override-reason" />
            </Form.Item>
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title="保存后立即生效：本区划及下级区划的期限计算将按新日历进行，操作将记入审计日志。"
            />
            <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
              <Button onClick={onClose}>取消</Button>
              <Button type="primary" htmlType="submit" loading={add.isPending} data-testid="override-submit">
                保存
              </Button>
            </div>
          </Form>
        </>
      )}
    </Modal>
  )
}
