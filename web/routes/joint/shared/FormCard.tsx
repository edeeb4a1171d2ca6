/** The one application form of a joint case (说明, 联系人, 电话, 地址), saved with PUT /form. */
import { useEffect } from 'react'
import { App, Button, Card, Col, Form, Input, Row } from 'antd'
import { SaveOutlined } from '@ant-design/icons'
import { useSaveJointForm, type JointCaseDto } from '../../../hooks/api/joint'
import { FormError } from '../../../ui/FormError'
import type { JointForm } from './bits'

export function JointFormCard({ c, editable, formRef }: { c: JointCaseDto; editable: boolean; formRef?: (save: () => Promise<boolean>) => void }) {
  const { message } = App.useApp()
  const [form] = Form.useForm<JointForm>()
  const save = useSaveJointForm()
  useEffect(() => {
    const f = (c.form ?? {}) as JointForm
    form.setFieldsValue({ description: f.description ?? '', contactName: f.contactName ?? '', contactPhone: f.contactPhone ?? '', address: f.address ?? '' })
  }, [c.id]) // eslint-disable-line react-hooks/exhaustive-deps

  const doSave = async (quiet = false): Promise<boolean> => {
    try {
      const v = await form.validateFields()
      await save.mutateAsync({ id: c.id, form: { ...(c.form ?? {}), ...Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? x.trim() : x])) } })
      if (!quiet) message.success('已保存')
      return true
    } catch {
      return false
    }
  }
  useEffect(() => formRef?.(() => doSave(true)))

  return (
    <Card size="small" title="申请信息（一张表单）" data-testid="joint-form-card" extra={editable ? <Button size="small" icon={<SaveOutlined />} loading={save.isPending} onClick={() => doSave()} data-testid="joint-form-save">保存</Button> : undefined}>
      <FormError error={save.error} />
      <Form form={form} layout="vertical" disabled={!editable} data-testid="joint-form">
        <Form.Item name="description" label="申请内容说明" rules={[{ required: true, whitespace: true, message: '请说明申请内容' }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount placeholder="如：拟开办的企业名称、经营范围、经营场所；或项目建设内容、规模" data-testid="joint-form-description" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item name="contactName" label="联系人" rules={[{ required: true, whitespace: true, message: '请填写联系人' }]}>
              <Input maxLength={50} data-testid="joint-form-contact" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="contactPhone" label="联系电话" rules={[{ required: true, pattern: /^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, message: '请输入正确的电话号码' }]}>
              <Input maxLength={20} className="ow-mono" data-testid="joint-form-phone" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="address" label="地址" rules={[{ required: true, whitespace: true, message: '请填写地址' }]}>
              <Input maxLength={200} data-testid="joint-form-address" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Card>
  )
}
