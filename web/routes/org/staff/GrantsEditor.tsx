/**
 * The role grants of a staff member: each grant is a role over a unit's subtree, over a region's
 * units, or (system-wide) over everything.
 */
import { Button, Form, Select, Space } from 'antd'
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import type { FormInstance } from 'antd'
import { STAFF_ROLES, ROLES, type Role } from '../../../lib/roles'
import { useRoles } from '../../../hooks/api/org'
import { RegionPicker } from '../../../ui/RegionPicker'
import { UnitSelect } from '../../../ui/UnitSelect'

export type ScopeKind = 'unit' | 'region' | 'system'

export interface GrantRow {
  role?: Role
  scope: ScopeKind
  unitId?: number | null
  unitName?: string | null
  regionCode?: string | null
}

export function toGrantInput(rows: GrantRow[]) {
  return rows
    .filter((r) => r.role)
    .map((r) => ({
      role: r.role!,
      unitId: r.scope === 'unit' ? (r.unitId ?? null) : null,
      regionCode: r.scope === 'region' ? (r.regionCode ?? null) : null,
    }))
}

export function fromGrants(grants: { role: Role; unitId: number | null; unitName: string | null; regionCode: string | null }[]): GrantRow[] {
  return grants.map((g) => ({
    role: g.role,
    scope: g.unitId !== null ? 'unit' : g.regionCode ? 'region' : 'system',
    unitId: g.unitId,
    unitName: g.unitName,
    regionCode: g.regionCode,
  }))
}

/** Rendered inside a <Form>; the list lives under the field name `grants`. */
export function GrantsEditor({ form }: { form: FormInstance }) {
  const roles = useRoles()
  const roleOptions = (roles.data?.items.filter((r) => r.role !== 'applicant') ?? STAFF_ROLES.map((r) => ({ role: r, name: ROLES[r] }))).map((r) => ({
    value: r.role,
    label: r.name,
  }))
  return (
    <Form.List name="grants">
      {(fields, { add, remove }) => (
        <div data-testid="grants-editor">
          {fields.map((f) => {
            return (
              <div key={f.key} style={{ display: 'flex', flexWrap: 'wrap', gap: 8, padding: 8, marginBottom: 8, background: '#fafbfc', border: '1px solid #eef0f3', borderRadius: 4 }}>
                <Form.Item name={[f.name, 'role']} rules={[{ required: true, message: '请选择角色' }]} style={{ margin: 0, flex: '1 1 160px' }}>
                  <Select options={roleOptions} placeholder="角色" />
                </Form.Item>
                <Form.Item name={[f.name, 'scope']} style={{ margin: 0, flex: '0 1 120px' }}>
                  <Select
                    options={[
                      { value: 'unit', label: '按单位' },
                      { value: 'region', label: '按区划' },
                      { value: 'system', label: '全系统' },
                    ]}
                  />
                </Form.Item>
                <Form.Item noStyle shouldUpdate>
                  {() => {
                    const row = (form.getFieldValue(['grants', f.name]) ?? { scope: 'unit' }) as GrantRow
                    const scope = row.scope
                    return scope === 'unit' ? (
                      <Form.Item name={[f.name, 'unitId']} rules={[{ required: true, message: '请选择单位' }]} style={{ margin: 0, flex: '2 1 200px' }}>
                        <UnitSelect initialLabel={row?.unitName} />
                      </Form.Item>
                    ) : scope === 'region' ? (
                      <Form.Item name={[f.name, 'regionCode']} rules={[{ required: true, message: '请选择区划' }]} style={{ margin: 0, flex: '2 1 200px' }}>
                        <RegionPicker
                          value={row?.regionCode ?? null}
                          onChange={(c) => form.setFieldValue(['grants', f.name, 'regionCode'], c)}
                          style={{ width: '100%' }}
                        />
                      </Form.Item>
                    ) : (
                      <span style={{ flex: '2 1 200px', alignSelf: 'center', color: '#8c8c8c', fontSize: 12 }}>适用于全部单位和区划</span>
                    )
                  }}
                </Form.Item>
                <Button type="text" danger icon={<DeleteOutlined />} aria-label="删除此授权" onClick={() => remove(f.name)} />
              </div>
            )
          })}
          <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ scope: 'unit' } satisfies GrantRow)}>
            添加授权
          </Button>
        </div>
      )}
    </Form.List>
  )
}
