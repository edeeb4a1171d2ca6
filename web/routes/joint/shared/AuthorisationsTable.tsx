/** The authorisations list (agent, principal, scope, validity, letter) with 撤销 where allowed. */
import { useState } from 'react'
import { App, Button, Input, Modal, Table, Tag } from 'antd'
import { useRevokeAuthorisation, type AuthorisationDto } from '../../../hooks/api/joint'
import { fmtDateTime } from '../../../lib/format'
import { FormError } from '../../../ui/FormError'

export function AuthorisationsTable({ items, loading, canRevoke }: { items: AuthorisationDto[]; loading: boolean; canRevoke: (a: AuthorisationDto) => boolean }) {
  const { message } = App.useApp()
  const [revoking, setRevoking] = useState<AuthorisationDto | null>(null)
  const [reason, setReason] = useState('')
  const revoke = useRevokeAuthorisation()
  return (
    <>
      <Table<AuthorisationDto>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="auth-table"
        onRow={(a) => ({ 'data-testid': `auth-row-${a.id}`, 'data-active': a.active ? 'true' : 'false' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: '委托人', dataIndex: 'principalName' },
          { title: '帮办代办员', dataIndex: 'agentName' },
          { title: '范围', key: 's', render: (_: unknown, a) => (a.scope === 'all' ? '全部事项' : <span>项目 <span className="ow-mono">{a.projectCode ?? a.projectId}</span></span>) },
          { title: '有效期', key: 'v', render: (_: unknown, a) => <span className="ow-mono">{a.validFrom} 至 {a.validUntil}</span> },
          { title: '方式', dataIndex: 'hasLetter', render: (l: boolean) => (l ? '纸质授权书' : '网上授权') },
          { title: '备注', dataIndex: 'note', render: (n: string | null) => n ?? '—' },
          { title: '状态', key: 'st', render: (_: unknown, a) => (a.active ? <Tag color="success">有效</Tag> : a.revokedAt ? <Tag>已撤销 {fmtDateTime(a.revokedAt)}{a.revokeReason ? `（${a.revokeReason}）` : ''}</Tag> : <Tag>已过期</Tag>) },
          { title: '操作', key: 'op', render: (_: unknown, a) => (a.active && canRevoke(a) ? <Button size="small" danger type="link" onClick={() => setRevoking(a)} data-testid={`auth-revoke-${a.id}`}>撤销</Button> : null) },
        ]}
      />
      <Modal
        open={revoking != null}
        title="撤销授权"
        okText="撤销"
        cancelText="取消"
        okButtonProps={{ danger: true, disabled: !reason.trim(), 'data-testid': 'auth-revoke-submit' }}
        confirmLoading={revoke.isPending}
        onCancel={() => setRevoking(null)}
        onOk={() => revoke.mutateAsync({ id: revoking!.id, reason: reason.trim() }).then(() => { setRevoking(null); setReason(''); message.success('已撤销授权') }, () => undefined)}
        destroyOnHidden
      >
        <FormError error={revoke.error} />
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} placeholder="撤销原因" data-testid="auth-revoke-reason" />
      </Modal>
    </>
  )
}
