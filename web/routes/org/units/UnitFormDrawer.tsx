/** Create or edit a unit: centre, department, approval office or window. */
import { useEffect } from 'react'
import { Button, Drawer, Form, Input, InputNumber, Radio, Select, Space } from 'antd'
import { UNIT_KIND_NAMES, useSaveUnit, type Unit, type UnitInput, type UnitKind } from '../../../hooks/api/org'
import { FormError } from '../../../ui/FormError'
import { RegionPicker } from '../../../ui/RegionPicker'
import { UnitSelect } from '../../../ui/UnitSelect'
import { useIsPhone } from '../../../ui/useIsPhone'
import { phoneProblem } from '../../../lib/identity'
import { useSubtypes } from './unitLabels'

interface Values {
  kind: UnitKind
  subtype?: string | null
  name: string
  code?: string
  regionCode?: string | null
  parentId?: number | null
  departmentId?: number | null
  centreId?: number | null
  phone?: string
  address?: string
  description?: string
  sort?: number
  status?: 'active' | 'closed'
}

export function UnitFormDrawer({ open, unit, defaultKind, onClose, onSaved }: { open: boolean; unit: Unit | null; defaultKind: UnitKind; onClose: () => void; onSaved: (u: Unit) => void }) {
  const [form] = Form.useForm<Values>()
  const save = useSaveUnit()
  const isPhone = useIsPhone()
  const SUBTYPES = useSubtypes()
  const kind = Form.useWatch('kind', form) ?? unit?.kind ?? defaultKind
  const regionCode = Form.useWatch('regionCode', form)

  useEffect(() => {
    if (!open) return
    save.reset()
    form.resetFields()
    form.setFieldsValue(
      unit
        ? {
            kind: unit.kind,
            subtype: unit.subtype,
            name: unit.name,
            code: unit.code ?? '',
            regionCode: unit.regionCode,
            parentId: unit.parentId,
            departmentId: unit.departmentId,
            centreId: unit.centreId,
            phone: unit.phone ?? '',
            address: unit.address ?? '',
            description: unit.description ?? '',
            sort: unit.sort,
            status: unit.status,
          }
        : { kind: defaultKind, sort: 0, subtype: SUBTYPES[defaultKind]?.[0]?.value ?? null },
    )
  }, [open, unit, defaultKind])

  const submit = (v: Values) => {
    const text = (s?: string) => (s && s.trim() ? s.trim() : null)
    const body: UnitInput = {
      name: v.name.trim(),
      subtype: SUBTYPES[v.kind] ? (v.subtype ?? null) : null,
      code: text(v.code),
      regionCode: v.regionCode ?? undefined,
      parentId: v.parentId ?? null,
      phone: text(v.phone),
      address: text(v.address),
      description: text(v.description),
      sort: v.sort ?? 0,
    }
    if (v.kind === 'approval_office' || v.kind === 'window') {
      body.departmentId = v.departmentId ?? null
      body.centreId = v.centreId ?? null
    }
    if (unit) body.status = v.status
    else body.kind = v.kind
    save.mutate({ id: unit?.id, body }, { onSuccess: (r) => onSaved(r.unit) })
  }

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={isPhone ? '100%' : 560}
      title={unit ? `编辑${UNIT_KIND_NAMES[unit.kind]} · ${unit.name}` : `新建${UNIT_KIND_NAMES[kind]}`}
      destroyOnHidden
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="unit-save">
            保存
          </Button>
        </Space>
      }
    >
      <FormError error={save.error} />
      <Form form={form} layout="vertical" onFinish={submit} data-testid="unit-form">
        <Form.Item name="kind" label="机构类型" rules={[{ required: true }]}>
          <Radio.Group
            disabled={!!unit}
            optionType="button"
            options={(Object.keys(UNIT_KIND_NAMES) as UnitKind[]).map((k) => ({ value: k, label: UNIT_KIND_NAMES[k] }))}
            onChange={(e) => form.setFieldValue('subtype', SUBTYPES[e.target.value as UnitKind]?.[0]?.value ?? null)}
          />
        </Form.Item>
        {SUBTYPES[kind] && (
          <Form.Item name="subtype" label={kind === 'centre' ? '中心层级' : '窗口类型'} rules={[{ required: true, message: '请选择' }]}>
            <Select options={SUBTYPES[kind]} />
          </Form.Item>
        )}
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请输入名称' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="code"
          label="机构编码"
          extra="选填，字母、数字及 _ . -，全局唯一"
          rules={[{ pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]*$/, message: '编码只能包含字母、数字及 _ . -，且以字母或数字开头' }]}
        >
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="regionCode" label="所属行政区划" rules={[{ required: true, message: '请选择行政区划' }]}>
          <RegionPicker value={regionCode ?? null} onChange={(code) => form.setFieldValue('regionCode', code)} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="parentId" label="上级单位" extra={kind === 'centre' ? '分中心、便民服务中心选择其上级中心' : '选填'}>
          <UnitSelect initialLabel={unit?.parentName} kind={kind === 'centre' ? 'centre' : undefined} />
        </Form.Item>
        {(kind === 'approval_office' || kind === 'window') && (
          <>
            <Form.Item
              name="departmentId"
              label="所属部门"
              rules={kind === 'approval_office' ? [{ required: true, message: '请选择所属部门' }] : undefined}
            >
              <UnitSelect kind="department" initialLabel={unit?.departmentName} />
            </Form.Item>
            <Form.Item name="centreId" label="进驻中心" rules={kind === 'window' ? [{ required: true, message: '请选择窗口所在中心' }] : undefined}>
              <UnitSelect kind="centre" initialLabel={unit?.centreName} />
            </Form.Item>
          </>
        )}
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0 12px' }}>
          <Form.Item
            name="phone"
            label="联系电话"
            style={{ flex: '1 1 200px' }}
            rules={[{ validator: (_, v?: string) => (!v || /^[\d-]{7,20}$/.test(v) || !phoneProblem(v) ? Promise.resolve() : Promise.reject(new Error('电话号码格式不正确'))) }]}
          >
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item name="sort" label="排序" style={{ flex: '0 1 120px' }}>
            <InputNumber min={0} max={9999} style={{ width: '100%' }} />
          </Form.Item>
        </div>
        <Form.Item name="address" label="地址">
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label="职能说明">
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        {unit && (
          <Form.Item name="status" label="状态">
            <Radio.Group
              options={[
                { value: 'active', label: '正常' },
                { value: 'closed', label: '已撤销 / 停用' },
              ]}
            />
          </Form.Item>
        )}
      </Form>
    </Drawer>
  )
}
