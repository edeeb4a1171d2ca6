/**
 * The joint module (并联审批, 建设项目分阶段, 一件事一次办, 绿色通道, 帮办代办) as the web sees it:
 * src/modules/joint/CONTRACT.md. The DTOs and Chinese labels are the server's own (joint.types.ts).
 * Every mutation answers with the fresh case where the contract says so; the cache is updated from it
 * and the lists are refreshed.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, upload } from '../../lib/api'
import type {
  AuthorisationDto,
  BundleDto,
  JointCaseDto,
  JointCaseKind,
  JointCaseStatus,
  JointCaseSummaryDto,
  JointDocumentDto,
  JointMaterialDto,
  MeetingDto,
  MeetingKind,
  PredictionDto,
  ProjectDto,
  ProjectSummaryDto,
  SchemeDto,
  TaskInboxRowDto,
  TaskStatus,
} from '../../../src/modules/joint/joint.types'

export type * from '../../../src/modules/joint/joint.types'
export {
  ATTENDANCE,
  DEEMED_KINDS,
  FOLLOWUP_DAYS,
  JOINT_CASE_STATUSES,
  MEETING_KINDS,
  NATIONAL_STAGES,
  NATIONAL_TARGET_DAYS,
  PRECHECK_DAYS,
  REPLY_KINDS,
  TASK_STATUSES,
} from '../../../src/modules/joint/joint.types'

export interface Page<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}

const K = {
  cases: ['joint', 'cases'] as const,
  case: (id: number | null) => ['joint', 'case', id] as const,
  tasks: ['joint', 'tasks'] as const,
  projects: ['joint', 'projects'] as const,
  project: (id: number | null) => ['joint', 'project', id] as const,
  bundles: ['joint', 'bundles'] as const,
  schemes: ['joint', 'schemes'] as const,
  auths: ['joint', 'authorisations'] as const,
}

/** A joint case's PDF (its own notices and its sub-cases' documents). */
export const jointDocUrl = (caseId: number, docId: number) => `/api/joint/cases/${caseId}/documents/${docId}`

// ---------------------------------------------------------------- joint cases

export interface JointCaseQuery {
  status?: JointCaseStatus
  kind?: JointCaseKind
  q?: string
  projectId?: number
  page: number
  pageSize: number
}

export function useJointCases(query: JointCaseQuery, opts: { enabled?: boolean; refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: [...K.cases, query],
    queryFn: () => api.get<Page<JointCaseSummaryDto>>('/api/joint/cases', { ...query }),
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
    refetchInterval: opts.refetchInterval,
  })
}

export function useJointCase(id: number | null, opts: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: K.case(id),
    queryFn: () => api.get<{ case: JointCaseDto }>(`/api/joint/cases/${id}`).then((r) => r.case),
    enabled: id != null,
    refetchInterval: opts.refetchInterval,
  })
}

export function usePrediction(id: number | null, enabled = true) {
  return useQuery({
    queryKey: [...K.case(id), 'prediction'],
    queryFn: () => api.get<PredictionDto>(`/api/joint/cases/${id}/prediction`),
    enabled: id != null && enabled,
    meta: { silent: true },
  })
}

/** Applies a mutation's answer to the cache and refreshes what depends on the case. */
function useRefresh() {
  const qc = useQueryClient()
  return async (r: unknown, caseId?: number | null) => {
    const c = (r as { case?: JointCaseDto } | null)?.case
    if (c) qc.setQueryData(K.case(c.id), c)
    await Promise.all([
      qc.invalidateQueries({ queryKey: K.cases }),
      qc.invalidateQueries({ queryKey: K.tasks }),
      qc.invalidateQueries({ queryKey: K.projects }),
      qc.invalidateQueries({ queryKey: ['joint', 'project'] }),
      caseId != null || c ? qc.invalidateQueries({ queryKey: K.case(caseId ?? c!.id) }) : Promise.resolve(),
    ])
  }
}

export type CreateJointCaseBody = ({ kind: 'bundle'; bundleId: number } | { kind: 'stage'; projectId: number; stageKey: string }) & { principalUserId?: number }

export function useCreateJointCase() {
  const refresh = useRefresh()
  return useMutation({
    mutationFn: (body: CreateJointCaseBody) => api.post<{ case: JointCaseDto }>('/api/joint/cases', body),
    onSuccess: (r) => refresh(r),
    meta: { silent: true },
  })
}

export type WindowApplicant =
  | { userId: number }
  | { kind: 'person'; name: string; idNumber: string; phone: string }
  | { kind: 'enterprise'; name: string; creditCode: string; legalRepresentative: string; phone: string }

export interface WindowCaseBody {
  kind: JointCaseKind
  bundleId?: number
  projectId?: number
  stageKey?: string
  windowId: number | null
  applicant: WindowApplicant
  form?: Record<string, unknown>
}

export function useWindowJointCase() {
  const refresh = useRefresh()
  return useMutation({
    mutationFn: (body: WindowCaseBody) => api.post<{ case: JointCaseDto }>('/api/joint/window-cases', body),
    onSuccess: (r) => refresh(r),
    meta: { silent: true },
  })
}

export function useSaveJointForm() {
  const refresh = useRefresh()
  return useMutation({
    mutationFn: (v: { id: number; form: Record<string, unknown> }) => api.put<{ case: JointCaseDto }>(`/api/joint/cases/${v.id}/form`, { form: v.form }),
    onSuccess: (r, v) => refresh(r, v.id),
    meta: { silent: true },
  })
}

export function useUploadJointMaterial() {
  const refresh = useRefresh()
  return useMutation({
    mutationFn: (v: { caseId: number; materialKey: string; file: File }) => upload<{ material: JointMaterialDto }>(`/api/joint/cases/${v.caseId}/materials`, { materialKey: v.materialKey }, v.file),
    onSuccess: (_r, v) => refresh(null, v.caseId),
    meta: { silent: true },
  })
}

export function useDeleteJointMaterial() {
  const refresh = useRefresh()
  return useMutation({
    mutationFn: (v: { caseId: number; materialId: number }) => api.del<unknown>(`/api/joint/cases/${v.caseId}/materials/${v.materialId}`),
    onSuccess: (_r, v) => refresh(null, v.caseId),
  })
}

export type CaseActionResult = { case: JointCaseDto; document?: JointDocumentDto | null }

/**
 * A case-level action: submit, supply, withdraw, correction-notice, accept, refuse, reply (集中回复),
 * deliver. `path` is the part after /joint/cases/:id.
 */
export function useJointCaseAction() {
  const refresh = useRefresh()
  return useMutation({
    mutationFn: (v: { caseId: number; path: '/submit' | '/supply' | '/withdraw' | '/correction-notice' | '/accept' | '/refuse' | '/reply' | '/deliver'; body?: unknown }) =>
      api.post<CaseActionResult>(`/api/joint/cases/${v.caseId}${v.path}`, v.body ?? {}),
    onSuccess: (r, v) => refresh(r, v.caseId),
    meta: { silent: true },
  })
}

export interface MeetingBody {
  kind: MeetingKind
  title: string
  scheduledAt: string
  location: string
  taskIds?: number[]
}

export function useScheduleMeeting() {
  const refresh = useRefresh()
  return useMutation({
    mutationFn: (v: { caseId: number; body: MeetingBody }) => api.post<{ meeting: MeetingDto }>(`/api/joint/cases/${v.caseId}/meetings`, v.body),
    onSuccess: (_r, v) => refresh(null, v.caseId),
    meta: { silent: true },
  })
}

export interface AttendanceEntry {
  taskId: number
  attendance: 'attended' | 'excused' | 'absent'
  reason?: string
}

export function useRecordAttendance() {
  const refresh = useRefresh()
  return useMutation({
    mutationFn: (v: { caseId: number; meetingId: number; entries: AttendanceEntry[]; minutes: string }) =>
      api.post<{ case: JointCaseDto }>(`/api/joint/meetings/${v.meetingId}/attendance`, { entries: v.entries, minutes: v.minutes }),
    onSuccess: (r, v) => refresh(r, v.caseId),
    meta: { silent: true },
  })
}

// ---------------------------------------------------------------- department tasks

export function useTaskInbox(query: { status?: TaskStatus; page: number; pageSize: number }, opts: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: [...K.tasks, query],
    queryFn: () => api.get<Page<TaskInboxRowDto>>('/api/joint/tasks', { ...query }),
    placeholderData: keepPreviousData,
    refetchInterval: opts.refetchInterval,
  })
}

export type PrecheckBody = { ok: true } | { items: { materialKey: string | null; problem: string }[] }
export interface ReplyBody {
  reply: string
  reasons?: string
  forwardTo?: string
  issueNow?: boolean
}

export function useTaskAction() {
  const refresh = useRefresh()
  return useMutation({
    mutationFn: (v: { taskId: number; caseId: number } & ({ action: 'precheck'; body: PrecheckBody } | { action: 'reply'; body: ReplyBody } | { action: 'issue'; body?: undefined })) =>
      api.post<{ case: JointCaseDto }>(`/api/joint/tasks/${v.taskId}/${v.action}`, v.body ?? {}),
    onSuccess: (r, v) => refresh(r, v.caseId),
    meta: { silent: true },
  })
}

// ---------------------------------------------------------------- bundles and schemes

export function useBundles(opts: { audience?: 'person' | 'enterprise'; all?: boolean } = {}) {
  return useQuery({
    queryKey: [...K.bundles, opts],
    queryFn: () => api.get<{ items: BundleDto[] }>('/api/joint/bundles', { audience: opts.audience, all: opts.all ? 'true' : undefined }).then((r) => r.items),
  })
}

export function useBundle(id: number | null) {
  return useQuery({
    queryKey: [...K.bundles, 'one', id],
    queryFn: () => api.get<{ bundle: BundleDto }>(`/api/joint/bundles/${id}`).then((r) => r.bundle),
    enabled: id != null,
  })
}

export interface BundleBody {
  code: string
  name: string
  description: string
  leadUnitId: number
  limitDays: number
  itemIds: number[]
  audiences: ('person' | 'enterprise')[]
}

export function useSaveBundle() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (v: { id?: number; body: BundleBody }) => (v.id ? api.put<{ bundle: BundleDto }>(`/api/joint/bundles/${v.id}`, v.body) : api.post<{ bundle: BundleDto }>('/api/joint/bundles', v.body)),
    onSuccess: () => qc.invalidateQueries({ queryKey: K.bundles }),
    meta: { silent: true },
  })
}

export function useBundleStatus() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (v: { id: number; status: 'published' | 'suspended' }) => api.post<{ bundle: BundleDto }>(`/api/joint/bundles/${v.id}/status`, { status: v.status }),
    onSuccess: () => qc.invalidateQueries({ queryKey: K.bundles }),
  })
}

export function useSchemes(enabled = true) {
  return useQuery({
    queryKey: K.schemes,
    queryFn: () => api.get<{ items: SchemeDto[] }>('/api/joint/schemes').then((r) => r.items),
    enabled,
  })
}

export interface SchemeBody {
  code: string
  name: string
  regionCode: string
  targetDays: number
  greenCutPercent: number
  description: string
  stages: { key: string; name: string; leadUnitId: number; limitDays: number; itemIds: number[]; meetingKinds: MeetingKind[] }[]
}

export function useSaveScheme() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (v: { id?: number; body: SchemeBody }) => (v.id ? api.put<{ scheme: SchemeDto }>(`/api/joint/schemes/${v.id}`, v.body) : api.post<{ scheme: SchemeDto }>('/api/joint/schemes', v.body)),
    onSuccess: () => qc.invalidateQueries({ queryKey: K.schemes }),
    meta: { silent: true },
  })
}

export function useDefaultScheme() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (id: number) => api.post<{ scheme: SchemeDto }>(`/api/joint/schemes/${id}/default`, {}),
    onSuccess: () => qc.invalidateQueries({ queryKey: K.schemes }),
  })
}

// ---------------------------------------------------------------- projects

export interface ProjectQuery {
  q?: string
  green?: boolean
  status?: string
  page: number
  pageSize: number
}

export function useProjects(query: ProjectQuery, enabled = true) {
  return useQuery({
    queryKey: [...K.projects, query],
    queryFn: () => api.get<Page<ProjectSummaryDto>>('/api/joint/projects', { ...query }),
    placeholderData: keepPreviousData,
    enabled,
  })
}

export function useProject(id: number | null) {
  return useQuery({
    queryKey: K.project(id),
    queryFn: () => api.get<{ project: ProjectDto }>(`/api/joint/projects/${id}`).then((r) => r.project),
    enabled: id != null,
  })
}

export interface ProjectBody {
  name: string
  schemeId?: number
  applicantUserId?: number
  regionCode: string
  location: string
  investmentYuan: string
  industryCode: string
}

export function useCreateProject() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: ProjectBody) => api.post<{ project: ProjectDto }>('/api/joint/projects', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: K.projects }),
    meta: { silent: true },
  })
}

export function useGreenChannel() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (v: { id: number; on: boolean; reason: string }) => api.put<{ project: ProjectDto }>(`/api/joint/projects/${v.id}/green-channel`, { on: v.on, reason: v.reason }),
    onSuccess: (r) => {
      qc.setQueryData(K.project(r.project.id), r.project)
      return Promise.all([qc.invalidateQueries({ queryKey: ['joint'] })])
    },
    meta: { silent: true },
  })
}

export function useSetManager() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (v: { id: number; userId: number }) => api.put<{ project: ProjectDto }>(`/api/joint/projects/${v.id}/manager`, { userId: v.userId }),
    onSuccess: (r) => {
      qc.setQueryData(K.project(r.project.id), r.project)
      return qc.invalidateQueries({ queryKey: K.projects })
    },
    meta: { silent: true },
  })
}

// ---------------------------------------------------------------- agents and authorisations

export function useAuthorisations(enabled = true) {
  return useQuery({
    queryKey: K.auths,
    queryFn: () => api.get<{ items: AuthorisationDto[] }>('/api/joint/authorisations').then((r) => r.items),
    enabled,
  })
}

export function useAgents(enabled = true) {
  return useQuery({
    queryKey: ['joint', 'agents'],
    queryFn: () => api.get<{ items: { userId: number; name: string; unitName: string | null }[] }>('/api/joint/agents').then((r) => r.items),
    enabled,
    staleTime: 5 * 60_000,
  })
}

export interface GrantBody {
  agentUserId: number
  scope: 'project' | 'all'
  projectId?: number
  validUntil: string
  note?: string
}

/** An applicant grants an authorisation online (JSON). */
export function useGrantAuthorisation() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: GrantBody) => api.post<{ authorisation: AuthorisationDto }>('/api/joint/authorisations', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: K.auths }),
    meta: { silent: true },
  })
}

/** The window records a paper letter of authorisation (multipart with the scanned letter). */
export function useRecordPaperAuthorisation() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: async (v: GrantBody & { principalUserId: number; letter: File }) => {
      const fields: Record<string, string> = {
        agentUserId: String(v.agentUserId),
        principalUserId: String(v.principalUserId),
        scope: v.scope,
        validUntil: v.validUntil,
      }
      if (v.projectId != null) fields.projectId = String(v.projectId)
      if (v.note) fields.note = v.note
      return upload<{ authorisation: AuthorisationDto }>('/api/joint/authorisations', fields, v.letter, { fileField: 'letter' })
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: K.auths }),
    meta: { silent: true },
  })
}

export function useRevokeAuthorisation() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (v: { id: number; reason: string }) => api.post<{ authorisation: AuthorisationDto }>(`/api/joint/authorisations/${v.id}/revoke`, { reason: v.reason }),
    onSuccess: () => qc.invalidateQueries({ queryKey: K.auths }),
    meta: { silent: true },
  })
}


// ---------------------------------------------------------------- applicant lookup (window filing)

export interface ApplicantAccount {
  id: number
  displayName: string
  username: string
  applicantKind?: 'person' | 'enterprise' | null
}
