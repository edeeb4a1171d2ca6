/**
 * 帮办代办授权 (back office): the authorisations in scope; the window records a paper letter of
 * authorisation (委托书 scanned, PDF / JPG / PNG) for a principal; the centre administrator revokes.
 * An agent sees the authorisations granted to them.
 */
import { useState } from 'react'
import { App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Modal, Radio, Row, Select, Typography, Upload } from 'antd'
import { PlusOutlined, UploadOutlined } from '@ant-design/icons'
import type { Dayjs } from 'dayjs'
import dayjs from 'dayjs'
import { hasRole, useMe } from '../../../hooks/api/auth'
import { useAgents, useAuthorisations, useProject, useRecordPaperAuthorisation } from '../../../hooks/api/joint'
import { FormError } from '../../../ui/FormError'
import { PageHeader } from '../../../ui/PageHeader'
import { AuthorisationsTable } from '../shared/AuthorisationsTable'
import { JOINT_WINDOW_ROLES } from '../roles'
import { ProjectPicker } from './JointFilePage'

interface Values {
  agentUserId: number
  principalUserId: number
  scope: 'all' | 'project'
  projectId?: number
  validUntil: Dayjs
  note?: string
}

function PrincipalFromProject({ projectId, onFound }: { projectId?: number; onFound: (userId: number) => void }) {
  const p = useProject(projectId ?? null)
  if (!p.data) return null
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      项目单位：{p.data.applicantName}（账号 {p.data.applicantUserId}）{' '}
      <Button type="link" size="small" onClick={() => onFound(p.data!.applicantUserId)}>设为委托人</Button>
    </Typography.Text>
  )
}

function PaperAuthorisationModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { message } = App.useApp()
  const agents = useAgents(open)
  const record = useRecordPaperAuthorisation()
  const [letter, setLetter] = useState<File | null>(null)
  const [form] = Form.useForm<Values>()
  const scope = Form.useWatch('scope', form)
  const projectId = Form.useWatch('projectId', form)
  return (
    <Modal open={open} width={680} title="登记纸质授权委托书" okText="登记" cancelText="取消" confirmLoading={record.isPending} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ disabled: !letter, 'data-testid': 'paper-auth-submit' }} destroyOnHidden>
      <FormError error={record.error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ scope: 'project', validUntil: dayjs().add(1, 'year') }}
        onFinish={(v) =>
          record
            .mutateAsync({ agentUserId: v.agentUserId, principalUserId: v.principalUserId, scope: v.scope, projectId: v.scope === 'project' ? v.projectId : undefined, validUntil: v.validUntil.format('YYYY-MM-DD'), note: v.note?.trim() || undefined, letter: letter! })
            .then(() => { message.success('已登记授权'); setLetter(null); onClose() }, () => undefined)
        }
      >
        <Form.Item name="agentUserId" label="帮办代办员" rules={[{ required: true, message: '请选择帮办代办员' }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} loading={agents.isPending} options={(agents.data ?? []).map((a) => ({ value: a.userId, label: `${a.name}${a.unitName ? `（${a.unitName}）` : ''}` }))} data-testid="paper-auth-agent" />
        </Form.Item>
        <Form.Item name="scope" label="授权范围">
          <Radio.Group optionType="button" options={[{ value: 'project', label: '指定项目' }, { value: 'all', label: '全部事项' }]} />
        </Form.Item>
        {scope === 'project' && (
          <Form.Item name="projectId" label="项目" rules={[{ required: true, message: '请选择项目' }]} extra={<PrincipalFromProject projectId={projectId} onFound={(id) => form.setFieldValue('principalUserId', id)} />}>
            <ProjectPicker />
          </Form.Item>
        )}
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="principalUserId" label="委托人账号编号" rules={[{ required: true, message: '请填写委托人账号编号' }]}>
              <InputNumber min={1} precision={0} style={{ width: '100%' }} data-testid="paper-auth-principal" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="validUntil" label="有效期至" rules={[{ required: true, message: '请选择' }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="note" label="备注">
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label="授权委托书扫描件（PDF / JPG / PNG）" required>
          <Upload accept=".pdf,.jpg,.jpeg,.png" maxCount={1} beforeUpload={(f) => { setLetter(f); return false }} onRemove={() => setLetter(null)} fileList={letter ? [{ uid: '1', name: letter.name, status: 'done' }] : []}>
            <Button icon={<UploadOutlined />} data-testid="paper-auth-letter">选择文件</Button>
          </Upload>
        </Form.Item>
      </Form>
    </Modal>
  )
}

export default function AuthorisationsPage() {
  const me = useMe().data!
  const list = useAuthorisations()
  const [open, setOpen] = useState(false)
  const isWindow = hasRole(me, JOINT_WINDOW_ROLES)
  return (
    <>
      <PageHeader
        title="帮办代办授权"
        crumbs={['并联审批', '帮办代办授权']}
        subtitle="帮办代办员只能在委托人有效授权的范围内代为申报、补正和领取结果。委托人可在网上授权，也可持纸质授权委托书到窗口登记。"
        extra={isWindow ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="paper-auth-new">登记纸质授权</Button> : undefined}
      />
      <Card size="small">
        <AuthorisationsTable items={list.data ?? []} loading={list.isFetching} canRevoke={() => hasRole(me, ['centre_admin'])} />
      </Card>
      <PaperAuthorisationModal open={open} onClose={() => setOpen(false)} />
    </>
  )
}
