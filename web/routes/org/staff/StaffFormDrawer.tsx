/** Create a staff member (with initial password and grants), or edit their details. */
import { useEffect } from 'react'
import { Button, Divider, Drawer, Form, Input, Space } from 'antd'
import { useCreateStaff, useUpdateStaff, type Staff } from '../../../hooks/api/org'
import { passwordProblem, phoneProblem } from '../../../lib/identity'
import { FormError } from '../../../ui/FormError'
import { UnitSelect } from '../../../ui/UnitSelect'
import { useIsPhone } from '../../../ui/useIsPhone'
import { GrantsEditor, toGrantInput, type GrantRow } from './GrantsEditor'

interface Values {
  username: string
  displayName: string
  password: string
  phone?: string
  title?: string
  unitId: number
  grants: GrantRow[]
}

function randomPassword(): string {
  const chars = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789'
  const bytes = crypto.getRandomValues(new Uint8Array(10))
  return `${Array.from(bytes, (b) => chars[b % chars.length]).join('')}a7`
}

export function StaffFormDrawer({ open, staff, onClose, onSaved }: { open: boolean; staff: Staff | null; onClose: () => void; onSaved: (s: Staff, password?: string) => void }) {
  const [form] = Form.useForm<Values>()
  const create = useCreateStaff()
  const update = useUpdateStaff()
  const isPhone = useIsPhone()
  const mutation = staff ? update : create

  useEffect(() => {
    if (!open) return
    create.reset()
    update.reset()
    form.resetFields()
    if (staff) form.setFieldsValue({ displayName: staff.displayName, phone: staff.phone ?? '', title: staff.title ?? '', unitId: staff.unitId ?? undefined })
    else form.setFieldsValue({ password: randomPassword(), grants: [{ role: 'window_staff', scope: 'unit' }] })
  }, [open, staff])

  const submit = (v: Values) => {
    const opt = (s?: string) => (s && s.trim() ? s.trim() : undefined)
    if (staff) {
      update.mutate(
        { id: staff.id, body: { displayName: v.displayName.trim(), phone: opt(v.phone) ?? null, title: opt(v.title) ?? null, unitId: v.unitId } },
        { onSuccess: (r) => onSaved(r.staff) },
      )
    } else {
      create.mutate(
        {
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          password: v.password,
          phone: opt(v.phone),
          title: opt(v.title),
          unitId: v.unitId,
          grants: toGrantInput(v.grants ?? []),
        },
        { onSuccess: (r) => onSaved(r.staff, v.password) },
      )
    }
  }

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={isPhone ? '100%' : 600}
      title={staff ? `编辑工作人员 · ${staff.displayName}` : '新建工作人员'}
      destroyOnHidden
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={mutation.isPending} onClick={() => form.submit()} data-testid="staff-save">
            保存
          </Button>
        </Space>
      }
    >
      <FormError error={mutation.error} />
      <Form form={form} layout="vertical" onFinish={submit} data-testid="staff-form">
        {!staff && (
          <Form.Item
            name="username"
            label="用户名"
            extra="3–32 位小写字母、数字、下划线、点或连字符，以字母开头"
            rules={[
              { required: true, message: '请输入用户名' },
              { pattern: /^[a-z][a-z0-9_.-]{2,31}$/, message: '用户名格式不正确' },
            ]}
          >
            <Input maxLength={32} autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item name="displayName" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
          <Input maxLength={50} />
        </Form.Item>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0 12px' }}>
          <Form.Item name="title" label="职务" style={{ flex: '1 1 200px' }}>
            <Input maxLength={50} placeholder="如：窗口受理员、科长" />
          </Form.Item>
          <Form.Item
            name="phone"
            label="手机号码"
            style={{ flex: '1 1 200px' }}
            rules={[{ validator: (_, v?: string) => (!v || !phoneProblem(v) ? Promise.resolve() : Promise.reject(new Error('请输入 11 位手机号码'))) }]}
          >
            <Input maxLength={11} />
          </Form.Item>
        </div>
        <Form.Item name="unitId" label="所属单位" rules={[{ required: true, message: '请选择所属单位' }]}>
          <UnitSelect initialLabel={staff?.unitName} allowClear={false} />
        </Form.Item>
        {!staff && (
          <>
            <Form.Item
              name="password"
              label="初始密码"
              extra="首次登录后须修改；请通过安全渠道告知本人"
              rules={[
                { required: true, message: '请设置初始密码' },
                { validator: (_, v?: string) => (!v || !passwordProblem(v) ? Promise.resolve() : Promise.reject(new Error(passwordProblem(v)!))) },
              ]}
            >
              <Input
                className="ow-mono"
                suffix={
                  <a onClick={() => form.setFieldValue('password', randomPassword())} role="button" style={{ fontFamily: 'inherit' }}>
                    随机生成
                  </a>
                }
              />
            </Form.Item>
            <Divider titlePlacement="start" plain>
              角色授权
            </Divider>
            <GrantsEditor form={form} />
          </>
        )}
      </Form>
    </Drawer>
  )
}
