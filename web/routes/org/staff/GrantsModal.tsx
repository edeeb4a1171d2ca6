/** Replace a staff member's role grants (PUT /api/org/staff/:id/grants). */
import { useEffect } from 'react'
import { Alert, Form, Modal } from 'antd'
import { useSetGrants, type Staff } from '../../../hooks/api/org'
import { FormError } from '../../../ui/FormError'
import { GrantsEditor, fromGrants, toGrantInput, type GrantRow } from './GrantsEditor'

export function GrantsModal({ staff, onClose, onSaved }: { staff: Staff | null; onClose: () => void; onSaved: (s: Staff) => void }) {
  const [form] = Form.useForm<{ grants: GrantRow[] }>()
  const save = useSetGrants()
  useEffect(() => {
    if (!staff) return
    save.reset()
    form.setFieldsValue({ grants: fromGrants(staff.grants) })
  }, [staff])
  if (!staff) return null
  return (
    <Modal
      open
      title={`角色授权 · ${staff.displayName}`}
      width={720}
      okText="保存授权"
      cancelText="取消"
      confirmLoading={save.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title="授权决定该人员能看到和办理哪些单位、区划的数据；保存后立即生效并记入审计日志。" />
      <FormError error={save.error} />
      <Form form={form} onFinish={(v) => save.mutate({ id: staff.id, grants: toGrantInput(v.grants ?? []) }, { onSuccess: (r) => onSaved(r.staff) })}>
        <GrantsEditor form={form} />
      </Form>
    </Modal>
  )
}
