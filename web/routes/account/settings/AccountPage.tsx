/** 账号设置: account details and password change. */
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Row } from 'antd'
import { useLocation } from 'react-router-dom'
import { useChangePassword, useMe } from '../../../hooks/api/auth'
import { passwordProblem } from '../../../lib/identity'
import { FormError } from '../../../ui/FormError'
import { maskCode } from '../../../lib/format'
import { PageHeader } from '../../../ui/PageHeader'
import { RoleTags } from '../../../ui/RoleTags'

export default function AccountPage() {
  const user = useMe().data!
  const change = useChangePassword()
  const location = useLocation()
  const { message } = App.useApp()
  const [form] = Form.useForm<{ currentPassword: string; newPassword: string; confirm: string }>()
  const forced = user.mustChangePassword || !!(location.state as { mustChange?: boolean } | null)?.mustChange

  const kindText = user.kind === 'staff' ? '工作人员' : user.applicantKind === 'enterprise' ? '申请人（法人）' : '申请人（自然人）'

  return (
    <>
      <PageHeader title="账号设置" crumbs={['账号设置']} subtitle="查看账号信息、修改登录密码。" />
      {user.mustChangePassword && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="您正在使用初始密码或管理员重置的临时密码，请立即设置新密码。" data-testid="must-change-password" />
      )}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card size="small" title="账号信息">
            <Descriptions
              size="small"
              column={1}
              bordered
              items={[
                { key: 'n', label: user.kind === 'staff' ? '姓名' : user.applicantKind === 'enterprise' ? '单位名称' : '姓名', children: user.displayName },
                { key: 'u', label: '登录账号', children: <span className="ow-mono">{user.kind === 'staff' ? user.username : maskCode(user.username)}</span> },
                { key: 'k', label: '账号类型', children: kindText },
                { key: 'r', label: '角色', children: <RoleTags grants={user.grants} /> },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="修改密码" style={forced ? { borderColor: '#faad14' } : undefined}>
            <FormError error={change.error} />
            <Form
              form={form}
              layout="vertical"
              style={{ maxWidth: 420 }}
              data-testid="password-form"
              onFinish={(v) =>
                change.mutate(
                  { currentPassword: v.currentPassword, newPassword: v.newPassword },
                  {
                    onSuccess: () => {
                      form.resetFields()
                      message.success('密码已修改，下次登录请使用新密码')
                    },
                  },
                )
              }
            >
              <Form.Item name="currentPassword" label="当前密码" rules={[{ required: true, message: '请输入当前密码' }]}>
                <Input.Password autoComplete="current-password" />
              </Form.Item>
              <Form.Item
                name="newPassword"
                label="新密码"
                extra="至少 8 位，须同时包含字母和数字"
                dependencies={['currentPassword']}
                rules={[
                  { required: true, message: '请输入新密码' },
                  ({ getFieldValue }) => ({
                    validator: (_, v?: string) => {
                      if (!v) return Promise.resolve()
                      const p = passwordProblem(v)
                      if (p) return Promise.reject(new Error(p))
                      if (v === getFieldValue('currentPassword')) return Promise.reject(new Error('新密码不能与当前密码相同'))
                      return Promise.resolve()
                    },
                  }),
                ]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Form.Item
                name="confirm"
                label="确认新密码"
                dependencies={['newPassword']}
                rules={[
                  { required: true, message: '请再次输入新密码' },
                  ({ getFieldValue }) => ({
                    validator: (_, v) => (!v || v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致'))),
                  }),
                ]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={change.isPending}>
                修改密码
              </Button>
            </Form>
          </Card>
        </Col>
      </Row>
    </>
  )
}
