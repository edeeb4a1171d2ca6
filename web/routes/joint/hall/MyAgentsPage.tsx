/** 帮办代办授权 (applicant): grant an agent the right to apply for me (all matters or one project), and revoke it. */
import { useState } from 'react'
import { App, Button, Card, DatePicker, Form, Input, Modal, Radio, Select, Typography } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import dayjs, { type Dayjs } from 'dayjs'
import { useAgents, useAuthorisations, useGrantAuthorisation, useProjects } from '../../../hooks/api/joint'
import { useMe } from '../../../hooks/api/auth'
import { FormError } from '../../../ui/FormError'
import { PageHeader } from '../../../ui/PageHeader'
import { AuthorisationsTable } from '../shared/AuthorisationsTable'

export default function MyAgentsPage() {
  const { message } = App.useApp()
  const me = useMe().data!
  const list = useAuthorisations()
  const [open, setOpen] = useState(false)
  const agents = useAgents(open)
  const projects = useProjects({ page: 1, pageSize: 100 }, open)
  const grant = useGrantAuthorisation()
  const [form] = Form.useForm<{ agentUserId: number; scope: 'all' | 'project'; projectId?: number; validUntil: Dayjs; note?: string }>()
  const scope = Form.useWatch('scope', form)
  return (
    <>
      <PageHeader
        title="帮办代办授权"
        crumbs={['办事大厅', '帮办代办授权']}
        subtitle="授权政务服务中心的帮办代办员为您代为申报、补正材料和领取结果。授权可随时撤销；代办员只能在授权范围和有效期内办理。"
        extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="grant-new">授权代办员</Button>}
      />
      <Card size="small">
        <AuthorisationsTable items={list.data ?? []} loading={list.isFetching} canRevoke={(a) => a.principalUserId === me.id} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>纸质授权委托书可在综合窗口登记。</Typography.Text>
      </Card>
      <Modal open={open} title="授权帮办代办员" okText="授权" cancelText="取消" confirmLoading={grant.isPending} onCancel={() => setOpen(false)} onOk={() => form.submit()} okButtonProps={{ 'data-testid': 'grant-submit' }} destroyOnHidden>
        <FormError error={grant.error} />
        <Form
          form={form}
          layout="vertical"
          initialValues={{ scope: 'all', validUntil: dayjs().add(6, 'month') }}
          onFinish={(v) =>
            grant
              .mutateAsync({ agentUserId: v.agentUserId, scope: v.scope, projectId: v.scope === 'project' ? v.projectId : undefined, validUntil: v.validUntil.format('YYYY-MM-DD'), note: v.note?.trim() || undefined })
              .then(() => { setOpen(false); message.success('已授权') }, () => undefined)
          }
        >
          <Form.Item name="agentUserId" label="帮办代办员" rules={[{ required: true, message: '请选择代办员' }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} loading={agents.isPending} placeholder="选择代办员" data-testid="grant-agent" options={(agents.data ?? []).map((a) => ({ value: a.userId, label: `${a.name}${a.unitName ? `（${a.unitName}）` : ''}` }))} />
          </Form.Item>
          <Form.Item name="scope" label="授权范围">
            <Radio.Group optionType="button" options={[{ value: 'all', label: '全部事项' }, { value: 'project', label: '指定项目' }]} data-testid="grant-scope" />
          </Form.Item>
          {scope === 'project' && (
            <Form.Item name="projectId" label="项目" rules={[{ required: true, message: '请选择项目' }]}>
              <Select loading={projects.isPending} options={(projects.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.code}）` }))} />
            </Form.Item>
          )}
          <Form.Item name="validUntil" label="有效期至" rules={[{ required: true, message: '请选择' }]}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="note" label="备注">
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  )
}
