/** 申请人注册: natural person (自然人) or legal person (法人), with check-character validation. */
import { useState } from 'react'
import { Button, Card, Form, Input, Tabs, Typography } from 'antd'
import { Link, useNavigate } from 'react-router-dom'
import { useRegister, type RegisterBody } from '../../../hooks/api/auth'
import { creditCodeProblem, idNumberProblem, normaliseCode, passwordProblem, phoneProblem } from '../../../lib/identity'
import { ApiError } from '../../../lib/api'
import { FormError } from '../../../ui/FormError'

type Kind = 'person' | 'enterprise'

const check = (fn: (v: string) => string | null) => ({
  validator: (_: unknown, v: string | undefined) => {
    if (!v) return Promise.resolve()
    const p = fn(v)
    return p ? Promise.reject(new Error(p)) : Promise.resolve()
  },
})

/** Which field a server error code belongs to, so it is shown on that field too. */
const FIELD_OF: Record<string, string> = {
  INVALID_ID_NUMBER: 'idNumber',
  INVALID_CREDIT_CODE: 'creditCode',
  INVALID_PHONE: 'phone',
  WEAK_PASSWORD: 'password',
}

export default function RegisterPage() {
  const [kind, setKind] = useState<Kind>('person')
  const [form] = Form.useForm()
  const register = useRegister()
  const navigate = useNavigate()

  const onFinish = (v: Record<string, string>) => {
    const body: RegisterBody =
      kind === 'person'
        ? { kind, name: v.name!.trim(), idNumber: normaliseCode(v.idNumber!), phone: normaliseCode(v.phone!), password: v.password! }
        : {
            kind,
            name: v.name!.trim(),
            creditCode: normaliseCode(v.creditCode!),
            legalRepresentative: v.legalRepresentative!.trim(),
            phone: normaliseCode(v.phone!),
            password: v.password!,
          }
    register.mutate(body, {
      onSuccess: () => navigate('/login', { state: { registered: kind === 'person' ? '身份证号码或手机号码' : '统一社会信用代码或手机号码' } }),
      onError: (e) => {
        const field = e instanceof ApiError ? FIELD_OF[e.code] : undefined
        if (field) form.setFields([{ name: field, errors: [e.message] }])
      },
    })
  }

  return (
    <Card style={{ width: '100%', maxWidth: 520 }} styles={{ body: { padding: '24px 28px' } }}>
      <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4, textAlign: 'center' }}>
        申请人注册
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
        注册后可在网上办事大厅申请事项、查询办件进度
      </Typography.Paragraph>
      <Tabs
        activeKey={kind}
        onChange={(k) => {
          setKind(k as Kind)
          register.reset()
          form.resetFields()
        }}
        centered
        items={[
          { key: 'person', label: '自然人' },
          { key: 'enterprise', label: '法人' },
        ]}
      />
      <FormError error={register.error} />
      <Form form={form} layout="vertical" onFinish={onFinish} requiredMark data-testid="register-form" autoComplete="off">
        {kind === 'person' ? (
          <>
            <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请输入姓名' }, { min: 2, message: '姓名至少 2 个字' }]}>
              <Input maxLength={50} placeholder="与身份证一致" />
            </Form.Item>
            <Form.Item
              name="idNumber"
              label="身份证号码"
              validateTrigger="onBlur"
              rules={[{ required: true, message: '请输入身份证号码' }, check((v) => idNumberProblem(v))]}
            >
              <Input maxLength={20} placeholder="18 位居民身份证号码" />
            </Form.Item>
          </>
        ) : (
          <>
            <Form.Item name="name" label="单位名称" rules={[{ required: true, message: '请输入单位名称' }, { min: 2, message: '单位名称至少 2 个字' }]}>
              <Input maxLength={100} placeholder="与营业执照一致" />
            </Form.Item>
            <Form.Item
              name="creditCode"
              label="统一社会信用代码"
              validateTrigger="onBlur"
              rules={[{ required: true, message: '请输入统一社会信用代码' }, check(creditCodeProblem)]}
            >
              <Input maxLength={20} placeholder="18 位统一社会信用代码" />
            </Form.Item>
            <Form.Item name="legalRepresentative" label="法定代表人" rules={[{ required: true, message: '请输入法定代表人姓名' }, { min: 2, message: '至少 2 个字' }]}>
              <Input maxLength={50} />
            </Form.Item>
          </>
        )}
        <Form.Item name="phone" label="手机号码" validateTrigger="onBlur" rules={[{ required: true, message: '请输入手机号码' }, check(phoneProblem)]}>
          <Input maxLength={11} inputMode="numeric" placeholder="用于接收办件短信通知" />
        </Form.Item>
        <Form.Item name="password" label="登录密码" rules={[{ required: true, message: '请设置登录密码' }, check(passwordProblem)]} extra="至少 8 位，须同时包含字母和数字">
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="确认密码"
          dependencies={['password']}
          rules={[
            { required: true, message: '请再次输入密码' },
            ({ getFieldValue }) => ({
              validator: (_, v) => (!v || v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={register.isPending} data-testid="register-submit">
          注 册
        </Button>
      </Form>
      <div style={{ marginTop: 16, textAlign: 'center', fontSize: 13 }}>
        已有账号？<Link to="/login">返回登录</Link>
      </div>
    </Card>
  )
}
