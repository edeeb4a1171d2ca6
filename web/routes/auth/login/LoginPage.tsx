/** 登录: staff by username, applicants by ID number, credit code or phone. */
import { Alert, Button, Card, Form, Input, Segmented, Typography } from 'antd'
import { LockOutlined, UserOutlined } from '@ant-design/icons'
import { useState } from 'react'
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom'
import { useLogin, useMe } from '../../../hooks/api/auth'
import { FormError } from '../../../ui/FormError'

type Audience = 'staff' | 'applicant'

export default function LoginPage() {
  const me = useMe()
  const login = useLogin()
  const navigate = useNavigate()
  const location = useLocation()
  const state = (location.state ?? {}) as { from?: string; expired?: boolean; registered?: string }
  const [audience, setAudience] = useState<Audience>(state.registered ? 'applicant' : 'staff')

  if (me.data && !login.isPending && !login.isSuccess) return <Navigate to="/" replace />

  const onFinish = (v: { username: string; password: string }) =>
    login.mutate(
      { username: v.username.trim(), password: v.password },
      {
        onSuccess: ({ user }) => {
          if (user.mustChangePassword) navigate('/account', { replace: true, state: { mustChange: true } })
          else navigate(state.from && state.from !== '/login' ? state.from : '/', { replace: true })
        },
      },
    )

  return (
    <Card style={{ width: '100%', maxWidth: 400 }} styles={{ body: { padding: '28px 28px 20px' } }}>
      <Typography.Title level={3} style={{ textAlign: 'center', marginTop: 0, marginBottom: 4 }}>
        用户登录
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginBottom: 20 }}>
        一窗通办 · 政务服务平台
      </Typography.Paragraph>
      <Segmented<Audience>
        block
        value={audience}
        onChange={setAudience}
        options={[
          { label: '工作人员', value: 'staff' },
          { label: '申请人', value: 'applicant' },
        ]}
        style={{ marginBottom: 20 }}
      />
      {state.expired && !login.error && <Alert type="info" showIcon title="登录已失效，请重新登录。" style={{ marginBottom: 16 }} />}
      {state.registered && !login.error && <Alert type="success" showIcon title={`注册成功，请使用${state.registered}登录。`} style={{ marginBottom: 16 }} />}
      <FormError error={login.error} />
      <Form layout="vertical" size="large" onFinish={onFinish} requiredMark={false} data-testid="login-form">
        <Form.Item
          name="username"
          label={audience === 'staff' ? '用户名' : '身份证号码 / 统一社会信用代码 / 手机号码'}
          rules={[{ required: true, message: audience === 'staff' ? '请输入用户名' : '请输入证件号码或手机号码' }]}
        >
          <Input prefix={<UserOutlined />} autoComplete="username" data-testid="login-username" placeholder={audience === 'staff' ? '工作人员用户名' : '证件号码或手机号码'} />
        </Form.Item>
        <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" placeholder="密码" data-testid="login-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
          登 录
        </Button>
      </Form>
      <div style={{ marginTop: 16, display: 'flex', justifyContent: 'space-between', fontSize: 13 }}>
        <Typography.Text type="secondary">工作人员忘记密码请联系中心管理员</Typography.Text>
        <Link to="/register">申请人注册</Link>
      </div>
    </Card>
  )
}
