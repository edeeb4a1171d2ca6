/** Searchable picker of organisation units (optionally of one kind), served by /api/org/units?q=. */
import { useState } from 'react'
import { Select } from 'antd'
import { UNIT_KIND_NAMES, useUnits, type UnitKind } from '../hooks/api/org'

export interface UnitSelectProps {
  value?: number | null
  onChange?: (id: number | null) => void
  kind?: UnitKind
  /** label to show for the current value before the search results contain it */
  initialLabel?: string | null
  placeholder?: string
  allowClear?: boolean
  style?: React.CSSProperties
  disabled?: boolean
  /** set by Form.Item so its label points at the input */
  id?: string
}

export function UnitSelect({ value, onChange, kind, initialLabel, placeholder = '搜索单位名称', allowClear = true, style, disabled, id }: UnitSelectProps) {
  const [q, setQ] = useState('')
  const units = useUnits({ kind, q: q || undefined, page: 1, pageSize: 50 })
  const options = (units.data?.items ?? []).map((u) => ({
    value: u.id,
    label: `${u.name}${kind ? '' : `（${UNIT_KIND_NAMES[u.kind]}）`}`,
    title: [u.regionName, u.centreName, u.departmentName].filter(Boolean).join(' · '),
  }))
  if (value != null && !options.some((o) => o.value === value)) options.unshift({ value, label: initialLabel ?? `#${value}`, title: '' })
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value ?? undefined}
      onChange={(v) => onChange?.((v as number | undefined) ?? null)}
      options={options}
      loading={units.isFetching}
      placeholder={placeholder}
      allowClear={allowClear}
      style={{ minWidth: 200, ...style }}
      disabled={disabled}
      notFoundContent={units.isFetching ? '正在搜索…' : '无匹配单位'}
    />
  )
}
