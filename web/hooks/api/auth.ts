/** Session and account: who is signed in, login, logout, registration, password. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, ApiError } from '../../lib/api'
import type { Role } from '../../lib/roles'

export interface Grant {
  role: Role
  unitId: number | null
  unitName: string | null
  regionCode: string | null
}

export interface User {
  id: number
  kind: 'staff' | 'applicant'
  username: string
  displayName: string
  applicantKind: 'person' | 'enterprise' | null
  unitId: number | null
  mustChangePassword: boolean
  grants: Grant[]
}

export const meKey = ['auth', 'me'] as const

/** The signed-in user, or null when there is no session (a 401 here is an answer, not an error). */
export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: async (): Promise<User | null> => {
      try {
        const r = await api.get<{ user: User }>('/api/auth/me', undefined, { allow401: true })
        return r.user
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null
        throw e
      }
    },
    staleTime: 5 * 60_000,
    retry: false,
  })
}

export function useLogin() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: { username: string; password: string }) => api.post<{ user: User }>('/api/auth/login', body, { allow401: true }),
    onSuccess: (r) => {
      qc.clear()
      qc.setQueryData(meKey, r.user)
    },
    meta: { silent: true },
  })
}

export function useLogout() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: () => api.post<{ ok: true }>('/api/auth/logout', {}, { allow401: true }),
    onSettled: () => {
      qc.clear()
      qc.setQueryData(meKey, null)
    },
    meta: { silent: true },
  })
}

export type RegisterBody =
  | { kind: 'person'; name: string; idNumber: string; phone: string; password: string }
  | { kind: 'enterprise'; name: string; creditCode: string; legalRepresentative: string; phone: string; password: string }

export function useRegister() {
  return useMutation({
    mutationFn: (body: RegisterBody) => api.post<{ user: User }>('/api/auth/register', body, { allow401: true }),
    meta: { silent: true },
  })
}

export function useChangePassword() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => api.post<{ ok: true }>('/api/auth/password', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: meKey }),
    meta: { silent: true },
  })
}

export function useResetPassword() {
  return useMutation({
    mutationFn: (v: { id: number; password?: string }) =>
      api.post<{ temporaryPassword: string }>(`/api/auth/accounts/${v.id}/reset-password`, v.password ? { password: v.password } : {}),
  })
}

export function hasRole(user: User | null | undefined, roles: readonly Role[]): boolean {
  return !!user?.grants.some((g) => roles.includes(g.role))
}
