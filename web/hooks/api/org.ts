/** Organisation: regions, units (centres, departments, approval offices, windows), staff, roles. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../lib/api'
import type { Role } from '../../lib/roles'

export interface Region {
  code: string
  name: string
  level: number
  parentCode: string | null
  hasChildren: boolean
}

export type UnitKind = 'centre' | 'department' | 'approval_office' | 'window'

export const UNIT_KIND_NAMES: Record<UnitKind, string> = {
  centre: '服务中心',
  department: '部门',
  approval_office: '审批科室',
  window: '窗口',
}

export interface Unit {
  id: number
  kind: UnitKind
  subtype: string | null
  name: string
  code: string | null
  regionCode: string
  regionName: string | null
  parentId: number | null
  parentName: string | null
  departmentId: number | null
  departmentName: string | null
  centreId: number | null
  centreName: string | null
  phone: string | null
  address: string | null
  description: string | null
  status: 'active' | 'closed'
  sort: number
}

export interface StaffGrant {
  role: Role
  unitId: number | null
  unitName: string | null
  regionCode: string | null
  regionName?: string | null
}

export interface Staff {
  id: number
  username: string
  displayName: string
  phone: string | null
  title: string | null
  unitId: number | null
  unitName: string | null
  status: 'active' | 'disabled'
  locked: boolean
  grants: StaffGrant[]
}

export interface Page<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}

export interface OrgSummary {
  city: { code: string; name: string } | null
  counts: { regions: number; centres: number; departments: number; approvalOffices: number; windows: number; staff: number }
}

export function useOrgSummary(enabled = true) {
  return useQuery({
    queryKey: ['org', 'summary'],
    queryFn: () => api.get<OrgSummary>('/api/org/summary'),
    enabled,
    staleTime: 60_000,
  })
}

export function useRoles() {
  return useQuery({
    queryKey: ['org', 'roles'],
    queryFn: () => api.get<{ items: { role: Role; name: string }[] }>('/api/org/roles'),
    staleTime: 10 * 60_000,
  })
}

export const regionChildren = (parent?: string | null) =>
  api.get<{ items: Region[] }>('/api/org/regions', { parent: parent ?? undefined }).then((r) => r.items)

export const regionDetail = (code: string) => api.get<{ region: Region; ancestors: Region[] }>(`/api/org/regions/${encodeURIComponent(code)}`)

export function useRegionChildren(parent: string | null, enabled = true) {
  return useQuery({
    queryKey: ['org', 'regions', parent ?? ''],
    queryFn: () => regionChildren(parent),
    enabled,
    staleTime: 10 * 60_000,
  })
}

export function useRegionDetail(code: string | null | undefined) {
  return useQuery({
    queryKey: ['org', 'region', code],
    queryFn: () => regionDetail(code!),
    enabled: !!code,
    staleTime: 10 * 60_000,
  })
}

export interface UnitQuery {
  kind?: UnitKind
  parentId?: number
  regionCode?: string
  q?: string
  page?: number
  pageSize?: number
}

export function useUnits(query: UnitQuery, enabled = true) {
  return useQuery({
    queryKey: ['org', 'units', query],
    queryFn: () => api.get<Page<Unit>>('/api/org/units', { ...query }),
    placeholderData: keepPreviousData,
    enabled,
  })
}

export type UnitInput = Partial<Omit<Unit, 'id' | 'regionName' | 'parentName' | 'departmentName' | 'centreName'>>

export function useSaveUnit() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (v: { id?: number; body: UnitInput }) =>
      v.id ? api.patch<{ unit: Unit }>(`/api/org/units/${v.id}`, v.body) : api.post<{ unit: Unit }>('/api/org/units', v.body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['org'] }),
  })
}

export interface StaffQuery {
  unitId?: number
  role?: Role
  q?: string
  status?: 'active' | 'disabled'
  page?: number
  pageSize?: number
}

export function useStaffList(query: StaffQuery) {
  return useQuery({
    queryKey: ['org', 'staff', query],
    queryFn: () => api.get<Page<Staff>>('/api/org/staff', { ...query }),
    placeholderData: keepPreviousData,
  })
}

export interface GrantInput {
  role: Role
  unitId?: number | null
  regionCode?: string | null
}

export interface StaffCreate {
  username: string
  displayName: string
  password: string
  phone?: string
  title?: string
  unitId: number
  grants: GrantInput[]
}

export function useCreateStaff() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: StaffCreate) => api.post<{ staff: Staff }>('/api/org/staff', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['org'] }),
  })
}

export function useUpdateStaff() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (v: { id: number; body: { displayName?: string; phone?: string | null; title?: string | null; unitId?: number; status?: 'active' | 'disabled' } }) =>
      api.patch<{ staff: Staff }>(`/api/org/staff/${v.id}`, v.body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['org', 'staff'] }),
  })
}

export function useSetGrants() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (v: { id: number; grants: GrantInput[] }) => api.put<{ staff: Staff }>(`/api/org/staff/${v.id}/grants`, { grants: v.grants }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['org', 'staff'] }),
  })
}

export interface UnitType {
  kind: UnitKind
  name: string
  subtypes: { subtype: string; name: string }[]
}

/** The unit kinds and their subtypes as the server defines them. */
export function useUnitTypes() {
  return useQuery({
    queryKey: ['org', 'unit-types'],
    queryFn: () => api.get<{ items: UnitType[] }>('/api/org/unit-types'),
    staleTime: 60 * 60_000,
  })
}
