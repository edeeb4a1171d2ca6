/**
 * The service item (事项) as the national implementation list carries it (RULES.md R6, R7, S1–S3).
 * A published item is versioned: editing makes a new version, and a case keeps the version it was
 * accepted under. This is the shape other modules read (through catalog/index.ts).
 */
import type { Role } from '../../shared/roles.js'

/** R6 事项类型: 01 行政许可 … 10 其他行政权力, 20 公共服务. */
export type ItemTypeCode = '01' | '02' | '03' | '04' | '05' | '06' | '07' | '08' | '09' | '10' | '20'
export const ITEM_TYPES: Record<ItemTypeCode, string> = {
  '01': '行政许可',
  '02': '行政处罚',
  '03': '行政强制',
  '04': '行政征收',
  '05': '行政给付',
  '06': '行政检查',
  '07': '行政确认',
  '08': '行政奖励',
  '09': '行政裁决',
  '10': '其他行政权力',
  '20': '公共服务',
}

/** R6 服务对象, reduced to who applies in this system. */
export type Audience = 'person' | 'enterprise'

export type ItemLevel = 'province' | 'city' | 'county' | 'township' | 'village'

export type ItemStatus = 'draft' | 'published' | 'suspended' | 'abolished'

export interface ItemMaterial {
  /** stable key inside the item, e.g. 'business_licence' */
  key: string
  name: string
  requirement: 'required' | 'conditional' | 'optional'
  /** when requirement is 'conditional': in which case it is needed */
  condition?: string | null
  form: 'original' | 'copy' | 'original_and_copy' | 'electronic'
  copies: number
  /** stored file ids (files module) of the blank form and the filled sample */
  blankFormFileId?: string | null
  sampleFileId?: string | null
  /** an e-certificate of this type can stand in for the material (R49: not demanded again) */
  eCertificateType?: string | null
  /** secondary material: may be missing under conditional acceptance (容缺, R11) */
  secondary: boolean
  note?: string | null
}

export interface ItemStep {
  /** 'intake' | 'review' | 'approve' | 'complete' for the four standard steps (S1); more allowed */
  key: string
  name: string
  role: Role
  limitDays: number
}

/** R4 special procedures whose time is not counted. */
export type PauseKind =
  | 'hearing'
  | 'tender'
  | 'auction'
  | 'testing'
  | 'inspection'
  | 'quarantine'
  | 'appraisal'
  | 'expert_review'
  | 'site_inspection'
  | 'technical_review'
export const PAUSE_KINDS: Record<PauseKind, string> = {
  hearing: '听证',
  tender: '招标',
  auction: '拍卖',
  testing: '检验',
  inspection: '检测',
  quarantine: '检疫',
  appraisal: '鉴定',
  expert_review: '专家评审',
  site_inspection: '现场勘验',
  technical_review: '技术审查',
}

/** One fee rule with its legal basis; amounts in fen (分). */
export type FeeRule =
  | { key: string; name: string; basis: string; kind: 'flat'; amountCents: number; exemptions?: string[] }
  | { key: string; name: string; basis: string; kind: 'per_unit'; unitName: string; unitPriceCents: number; minQuantity?: number; maxQuantity?: number; exemptions?: string[] }
  | { key: string; name: string; basis: string; kind: 'tiered'; unitName: string; tiers: { upTo: number | null; unitPriceCents: number }[]; exemptions?: string[] }

export interface ItemGuide {
  code: string
  name: string
  typeCode: ItemTypeCode
  /** implementing department (org_unit id of kind 'department') */
  departmentId: number
  level: ItemLevel
  legalBasis: string
  conditions: string
  audiences: Audience[]
  /** life-event / enterprise topics (主题), e.g. '企业开办', '婚姻登记' */
  topics: string[]
  materials: ItemMaterial[]
  legalLimitDays: number
  promisedLimitDays: number
  /** 即办件 (S3): completed on the spot at intake */
  instant: boolean
  steps: ItemStep[]
  pausesAllowed: PauseKind[]
  conditionalAcceptance: boolean
  pledgeAllowed: boolean
  fees: FeeRule[]
  result: { type: 'licence' | 'approval_document' | 'certificate' | 'registration' | 'other'; name: string; eCertificateType?: string | null }
  channels: ('online' | 'window' | 'post')[]
  /** 办事者到办事现场次数 */
  visits: number
  consultPhone: string
  complaintPhone: string
  remedies: { review: string; litigation: string }
  faq: { q: string; a: string }[]
}

/** A version of an item as cases see it. */
export interface ItemVersion {
  itemId: number
  versionId: number
  version: number
  status: ItemStatus
  guide: ItemGuide
  publishedAt: string | null
}
