/** 工作人员: list, create / edit, enable / disable, role grants, password reset. */
import { useState } from 'react'
import { App, Badge, Button, Card, Dropdown, Input, Select, Space, Table, Typography, type MenuProps } from 'antd'
import { DownOutlined, PlusOutlined } from '@ant-design/icons'
import { hasRole, useMe, useResetPassword } from '../../../hooks/api/auth'
import { useStaffList, useUpdateStaff, type Staff, type StaffQuery } from '../../../hooks/api/org'
import { ADMIN_ROLES, ROLES, STAFF_ROLES, type Role } from '../../../lib/roles'
import { PageHeader } from '../../../ui/PageHeader'
import { RoleTags } from '../../../ui/RoleTags'
import { UnitSelect } from '../../../ui/UnitSelect'
import { GrantsModal } from './GrantsModal'
import { StaffFormDrawer } from './StaffFormDrawer'

export default function StaffPage() {
  const me = useMe().data!
  const canEdit = hasRole(me, ADMIN_ROLES)
  const { message, modal } = App.useApp()
  const [query, setQuery] = useState<StaffQuery>({ page: 1, pageSize: 20 })
  const list = useStaffList(query)
  const update = useUpdateStaff()
  const reset = useResetPassword()
  const [drawer, setDrawer] = useState<{ open: boolean; staff: Staff | null }>({ open: false, staff: null })
  const [grantsOf, setGrantsOf] = useState<Staff | null>(null)

  const patch = (p: Partial<StaffQuery>) => setQuery((q) => ({ ...q, page: 1, ...p }))

  const showTemporary = (s: Staff, password: string, title: string) =>
    modal.success({
      title,
      width: 460,
      content: (
        <div>
          <p>
            {s.displayName}（<span className="ow-mono">{s.username}</span>）的临时密码如下，<b>只显示这一次</b>，请通过安全渠道告知本人。本人登录后须立即修改密码。
          </p>
          <Typography.Paragraph copyable={{ text: password, tooltips: ['复制', '已复制'] }} className="ow-mono" style={{ fontSize: 18, background: '#f6f8fa', padding: '8px 12px', borderRadius: 4 }} data-testid="temporary-password">
            {password}
          </Typography.Paragraph>
        </div>
      ),
      okText: '我已记下',
    })

  const toggle = (s: Staff) => {
    const next = s.status === 'active' ? 'disabled' : 'active'
    modal.confirm({
      title: next === 'disabled' ? `停用 ${s.displayName} 的账号？` : `启用 ${s.displayName} 的账号？`,
      content: next === 'disabled' ? '停用后该账号立即无法登录，已登录的会话也将失效。' : '启用后该账号可正常登录。',
      okText: next === 'disabled' ? '停用' : '启用',
      okButtonProps: { danger: next === 'disabled' },
      cancelText: '取消',
      onOk: () => update.mutateAsync({ id: s.id, body: { status: next } }).then(() => message.success(next === 'disabled' ? '已停用' : '已启用')),
    })
  }

  const resetPw = (s: Staff) =>
    modal.confirm({
      title: `重置 ${s.displayName} 的密码？`,
      content: '将生成一个临时密码并解除账号锁定，原密码立即失效。',
      okText: '重置密码',
      cancelText: '取消',
      onOk: () =>
        reset.mutateAsync({ id: s.id }).then((r) => {
          showTemporary(s, r.temporaryPassword, '密码已重置')
        }),
    })

  const actions = (s: Staff): MenuProps['items'] => [
    { key: 'edit', label: '编辑信息', onClick: () => setDrawer({ open: true, staff: s }) },
    { key: 'grants', label: '角色授权', onClick: () => setGrantsOf(s) },
    { key: 'reset', label: '重置密码', onClick: () => resetPw(s) },
    { type: 'divider' },
    { key: 'toggle', label: s.status === 'active' ? '停用账号' : '启用账号', danger: s.status === 'active', onClick: () => toggle(s), disabled: s.id === me.id },
  ]

  return (
    <>
      <PageHeader
        title="工作人员"
        crumbs={['组织机构', '工作人员']}
        subtitle="窗口人员、审核审批人员、中心管理员等工作人员账号及其角色授权。"
        extra={
          canEdit && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ open: true, staff: null })} data-testid="staff-create">
              新建工作人员
            </Button>
          )
        }
      />
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search allowClear placeholder="姓名 / 用户名 / 手机号" style={{ width: 220 }} onSearch={(v) => patch({ q: v.trim() || undefined })} />
          <UnitSelect value={query.unitId ?? null} onChange={(id) => patch({ unitId: id ?? undefined })} placeholder="所属单位" style={{ width: 220 }} />
          <Select<Role>
            allowClear
            placeholder="角色"
            style={{ width: 160 }}
            value={query.role}
            onChange={(role) => patch({ role })}
            options={STAFF_ROLES.map((r) => ({ value: r, label: ROLES[r] }))}
          />
          <Select
            allowClear
            placeholder="状态"
            style={{ width: 110 }}
            value={query.status}
            onChange={(status) => patch({ status })}
            options={[
              { value: 'active', label: '正常' },
              { value: 'disabled', label: '已停用' },
            ]}
          />
        </Space>
        <Table<Staff>
          size="small"
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="staff-table"
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (t) => `共 ${t} 人`,
            onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })),
          }}
          columns={[
            { title: '姓名', dataIndex: 'displayName', fixed: 'left', render: (n: string) => <Typography.Text strong>{n}</Typography.Text> },
            { title: '用户名', dataIndex: 'username', render: (u: string) => <span className="ow-mono">{u}</span> },
            { title: '所属单位', dataIndex: 'unitName', render: (n: string | null) => n ?? '—' },
            { title: '职务', dataIndex: 'title', render: (t: string | null) => t ?? '—' },
            { title: '手机号码', dataIndex: 'phone', render: (p: string | null) => (p ? <span className="ow-mono">{p}</span> : '—') },
            { title: '角色', dataIndex: 'grants', render: (g: Staff['grants']) => <RoleTags grants={g} compact /> },
            {
              title: '状态',
              dataIndex: 'status',
              render: (st: Staff['status'], s) => (
                <Space size={4}>
                  {st === 'active' ? <Badge status="success" text="正常" /> : <Badge status="default" text="已停用" />}
                  {s.locked && <Badge status="warning" text="已锁定" />}
                </Space>
              ),
            },
            ...(canEdit
              ? [
                  {
                    title: '操作',
                    key: 'op',
                    fixed: 'right' as const,
                    render: (_: unknown, s: Staff) => (
                      <Dropdown menu={{ items: actions(s) }} trigger={['click']}>
                        <Button type="link" size="small" style={{ padding: 0 }}>
                          管理 <DownOutlined />
                        </Button>
                      </Dropdown>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <StaffFormDrawer
        open={drawer.open}
        staff={drawer.staff}
        onClose={() => setDrawer({ open: false, staff: null })}
        onSaved={(s, password) => {
          setDrawer({ open: false, staff: null })
          if (password) showTemporary(s, password, '工作人员已创建')
          else message.success('已保存')
        }}
      />
      <GrantsModal
        staff={grantsOf}
        onClose={() => setGrantsOf(null)}
        onSaved={() => {
          setGrantsOf(null)
          message.success('授权已更新')
        }}
      />
    </>
  )
}
