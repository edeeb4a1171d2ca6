/**
 * 电子监察设置: the city's thresholds for lights, cards, orders and the 先办后录 detectors
 * (RULES.md R17–R19, S4). Every rule that varies by city is a setting; centre administrators edit,
 * supervisors read.
 */
import { useEffect } from 'react'
import { App, Button, Card, Form, Input, InputNumber, Skeleton, Space, Typography } from 'antd'
import { PageHeader } from '../../../ui/PageHeader'
import { errorMessage } from '../../../lib/api'
import { hasRole, useMe } from '../../../hooks/api/auth'
import { useSaveSupervisionSettings, useSupervisionSettings } from '../../../hooks/api/supervision'
import type { SupervisionSettings } from '../../../../src/modules/supervision/supervision.types'

const EDIT_ROLES = ['centre_admin', 'system_admin'] as const

type NumberKey = { [K in keyof SupervisionSettings]: SupervisionSettings[K] extends number ? K : never }[keyof SupervisionSettings]
const NUMBERS: { key: NumberKey; label: string; unit: string; help: string; min: number; max: number }[] = [
  { key: 'warnDays', label: '预警提示', unit: '个工作日', help: '距承诺办结期限不足该天数时亮黄灯并发预警（R19：1个工作日）', min: 0, max: 10 },
  { key: 'cardFollowupDays', label: '黄牌整改期限', unit: '个工作日', help: '超期亮黄牌后限期办结；期满仍未办结亮红牌', min: 1, max: 30 },
  { key: 'orderReplyDays', label: '督办回复期限', unit: '个工作日', help: '催办、督办的默认回复期限；逾期未复自动升级', min: 1, max: 30 },
  { key: 'forwardingDays', label: '下级转报期限', unit: '个工作日', help: '“同意但需转报”后向上级转报的期限（R17：3日）', min: 1, max: 30 },
  { key: 'stepMinMinutes', label: '环节合理最短用时', unit: '分钟', help: '审查、决定环节短于该时间完成的，提示“办理过快”', min: 0, max: 600 },
  { key: 'burstCount', label: '集中补录：条数', unit: '条', help: '同一人员在下述时间窗内录入达到该条数，视为集中补录', min: 2, max: 1000 },
  { key: 'burstWindowMinutes', label: '集中补录：时间窗', unit: '分钟', help: '', min: 1, max: 600 },
  { key: 'burstLagDays', label: '集中补录：距受理', unit: '个工作日', help: '补录的办件受理已超过该天数时才提示', min: 0, max: 60 },
  { key: 'offHoursCount', label: '非工作时间批量录入', unit: '条/小时', help: '非工作时间一小时内录入达到该条数时提示', min: 1, max: 1000 },
]
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/

export default function SupervisionSettingsPage() {
  const { message } = App.useApp()
  const me = useMe()
  const canEdit = !!me.data && hasRole(me.data, EDIT_ROLES)
  const settings = useSupervisionSettings()
  const save = useSaveSupervisionSettings()
  const [form] = Form.useForm<SupervisionSettings>()
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data)
  }, [settings.data, form])

  const submit = async (v: SupervisionSettings) => {
    if (v.workStart >= v.workEnd) {
      message.warning('上班时间须早于下班时间')
      return
    }
    try {
      await save.mutateAsync(v)
      message.success('电子监察设置已保存')
    } catch (e) {
      message.error(errorMessage(e))
    }
  }

  return (
    <>
      <PageHeader title="电子监察设置" subtitle="本市红黄灯、黄牌红牌、督办和“先办后录”识别的标准；修改后下一轮监察（1分钟内）生效" />
      <Card>
        {settings.isLoading ? (
          <Skeleton active />
        ) : (
          <Form form={form} layout="horizontal" labelCol={{ span: 7 }} wrapperCol={{ span: 14 }} onFinish={submit} disabled={!canEdit} data-testid="supervision-settings">
            {NUMBERS.map((n) => (
              <Form.Item key={n.key} label={n.label} extra={n.help || undefined} required>
                <Space>
                  <Form.Item name={n.key} noStyle rules={[{ required: true, message: `请填写${n.label}` }]}>
                    <InputNumber min={n.min} max={n.max} precision={0} style={{ width: 120 }} />
                  </Form.Item>
                  <Typography.Text type="secondary">{n.unit}</Typography.Text>
                </Space>
              </Form.Item>
            ))}
            <Form.Item label="工作时间" extra="此时间以外或非工作日的批量录入将被提示" required>
              <Space>
                <Form.Item name="workStart" noStyle rules={[{ required: true, pattern: HHMM, message: '格式为 08:30' }]}>
                  <Input style={{ width: 90 }} placeholder="08:30" />
                </Form.Item>
                至
                <Form.Item name="workEnd" noStyle rules={[{ required: true, pattern: HHMM, message: '格式为 18:00' }]}>
                  <Input style={{ width: 90 }} placeholder="18:00" />
                </Form.Item>
              </Space>
            </Form.Item>
            {canEdit && (
              <Form.Item wrapperCol={{ offset: 7 }}>
                <Button type="primary" htmlType="submit" loading={save.isPending}>
                  保存
                </Button>
              </Form.Item>
            )}
          </Form>
        )}
      </Card>
    </>
  )
}
