import { useUnitTypes, type UnitKind } from '../../../hooks/api/org'

type Options = { value: string; label: string }[]

/** Used until /api/org/unit-types answers (and if it cannot). */
const FALLBACK: Partial<Record<UnitKind, Options>> = {
  centre: [
    { value: 'city_centre', label: '市级政务服务中心' },
    { value: 'branch', label: '分中心' },
    { value: 'county_centre', label: '县级政务服务中心' },
    { value: 'township_centre', label: '便民服务中心（乡镇 / 街道）' },
    { value: 'village_point', label: '便民服务点（村 / 社区）' },
  ],
  window: [
    { value: 'department', label: '部门窗口' },
    { value: 'general', label: '综合窗口' },
  ],
}

/** The subtypes of each unit kind, with their Chinese names (from the server when available). */
export function useSubtypes(): Partial<Record<UnitKind, Options>> {
  const types = useUnitTypes()
  if (!types.data) return FALLBACK
  const out: Partial<Record<UnitKind, Options>> = {}
  for (const t of types.data.items) if (t.subtypes.length) out[t.kind] = t.subtypes.map((s) => ({ value: s.subtype, label: s.name }))
  return out
}

export function subtypeName(subtypes: Partial<Record<UnitKind, Options>>, kind: UnitKind, subtype: string | null): string {
  if (!subtype) return '—'
  return subtypes[kind]?.find((s) => s.value === subtype)?.label ?? subtype
}
