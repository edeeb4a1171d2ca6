/**
 * The catalogue's pure rules: what makes a guide valid (R6, R7, S1–S3), the S2 promised-limit cut,
 * the canonical form a guide is stored in, the search text, and the status transitions (S10).
 *
 * Instant items (即办件, S3) are completed on the spot: their promised limit is 0 working days and
 * every step's limit is 0; the legal limit is whatever the law says (often 20), so the cut holds.
 */
import { Converter } from 'opencc-js/t2cn'
import { STAFF_ROLES, type Role } from '../../shared/roles.js'
import {
  ITEM_TYPES,
  PAUSE_KINDS,
  type FeeRule,
  type ItemGuide,
  type ItemMaterial,
  type ItemStatus,
  type ItemStep,
} from './catalog.types.js'

/** S2: the promised limit should be at least this share shorter than the legal one (a setting, default 40 %). */
export const DEFAULT_PROMISED_CUT_PERCENT = 40


/** The four steps every approval runs (S1), in this order; more may be interleaved. */
export const STANDARD_STEPS = ['intake', 'review', 'approve', 'complete'] as const
export const STANDARD_STEP_NAMES: Record<(typeof STANDARD_STEPS)[number], string> = { intake: '受理', review: '审核', approve: '批准', complete: '办结' }

export const CHANNELS = ['online', 'window', 'post'] as const
export const CHANNEL_NAMES: Record<(typeof CHANNELS)[number], string> = { online: '网上办理', window: '窗口办理', post: '邮寄办理' }
export const LEVELS = ['province', 'city', 'county', 'township', 'village'] as const
export const LEVEL_NAMES: Record<(typeof LEVELS)[number], string> = { province: '省级', city: '市级', county: '县级', township: '乡级', village: '村级' }
export const RESULT_TYPES = ['licence', 'approval_document', 'certificate', 'registration', 'other'] as const
export const RESULT_TYPE_NAMES: Record<(typeof RESULT_TYPES)[number], string> = { licence: '证照', approval_document: '批文', certificate: '证明', registration: '登记', other: '其他' }
export const AUDIENCE_NAMES = { person: '自然人', enterprise: '企业法人' } as const

export interface GuideProblem {
  code: string
  field: string
  message: string
}

export interface GuideCheck {
  errors: GuideProblem[]
  /** flagged but allowed (S2 cut not met, 容缺 without secondary materials) */
  warnings: GuideProblem[]
  promisedCutOk: boolean
}

/** S2: promised ≤ legal × (1 − cut). Integer arithmetic, so 12 of 20 at 40 % is exactly on the line. */
export function promisedCutOk(legalDays: number, promisedDays: number, cutPercent = DEFAULT_PROMISED_CUT_PERCENT): boolean {
  return promisedDays * 100 <= legalDays * (100 - cutPercent)
}

export interface GuideEnv {
  /** the kind of the org_unit named by guide.departmentId, or null when it does not exist */
  departmentKind: string | null
  cutPercent?: number
}

const CODE_RE = /^[0-9A-Za-z][0-9A-Za-z-]{2,49}$/
const KEY_RE = /^[a-z][a-z0-9_]{0,59}$/
const isInt = (n: unknown, min = 0): n is number => typeof n === 'number' && Number.isInteger(n) && n >= min
const blank = (s: unknown) => typeof s !== 'string' || s.trim() === ''

/** Checks a guide against every rule; pure (the department's kind is looked up by the caller). */
export function checkGuide(g: ItemGuide, env: GuideEnv): GuideCheck {
  const errors: GuideProblem[] = []
  const warnings: GuideProblem[] = []
  const err = (code: string, field: string, message: string) => errors.push({ code, field, message })

  if (blank(g.code) || !CODE_RE.test(g.code)) err('INVALID_GUIDE', 'code', '事项编码须为 3–50 位字母、数字或连字符')
  if (blank(g.name)) err('INVALID_GUIDE', 'name', '事项名称不能为空')
  if (!Object.hasOwn(ITEM_TYPES, g.typeCode)) err('INVALID_TYPE_CODE', 'typeCode', `事项类型代码 ${String(g.typeCode)} 不在 R6 代码表中`)
  if (env.departmentKind === null) err('UNKNOWN_DEPARTMENT', 'departmentId', '实施机构不存在')
  else if (env.departmentKind !== 'department') err('UNKNOWN_DEPARTMENT', 'departmentId', '实施机构必须是部门')
  if (!(LEVELS as readonly string[]).includes(g.level)) err('INVALID_GUIDE', 'level', '行使层级不正确')
  if (blank(g.legalBasis)) err('INVALID_GUIDE', 'legalBasis', '法定依据不能为空')
  if (blank(g.conditions)) err('INVALID_GUIDE', 'conditions', '受理条件不能为空')
  if (!Array.isArray(g.audiences) || g.audiences.length === 0 || g.audiences.some((a) => a !== 'person' && a !== 'enterprise'))
    err('INVALID_GUIDE', 'audiences', '服务对象须为自然人和/或企业法人')
  if (!Array.isArray(g.channels) || g.channels.length === 0) err('NO_CHANNELS', 'channels', '至少需要一种办理渠道')
  else if (g.channels.some((c) => !(CHANNELS as readonly string[]).includes(c)) || new Set(g.channels).size !== g.channels.length)
    err('NO_CHANNELS', 'channels', '办理渠道只能是网上、窗口、邮寄，且不重复')
  if (!isInt(g.visits) || g.visits > 10) err('INVALID_GUIDE', 'visits', '到现场次数须为 0–10 的整数')
  if (blank(g.consultPhone)) err('INVALID_GUIDE', 'consultPhone', '咨询电话不能为空')
  if (blank(g.complaintPhone)) err('INVALID_GUIDE', 'complaintPhone', '监督投诉电话不能为空')
  if (blank(g.remedies?.review) || blank(g.remedies?.litigation)) err('INVALID_GUIDE', 'remedies', '须写明行政复议和行政诉讼的机关')
  if (!g.result || !(RESULT_TYPES as readonly string[]).includes(g.result.type) || blank(g.result.name)) err('INVALID_GUIDE', 'result', '须写明结果类型和结果名称')
  for (const p of g.pausesAllowed ?? []) if (!Object.hasOwn(PAUSE_KINDS, p)) err('INVALID_GUIDE', 'pausesAllowed', `特别程序 ${String(p)} 不在 R4 所列之中`)

  // limits (S2, S3)
  const limitsOk = isInt(g.legalLimitDays) && isInt(g.promisedLimitDays)
  if (!limitsOk) err('INVALID_GUIDE', 'legalLimitDays', '法定期限和承诺期限须为非负整数（工作日）')
  if (limitsOk && g.promisedLimitDays > g.legalLimitDays)
    err('PROMISED_OVER_LEGAL', 'promisedLimitDays', `承诺期限（${g.promisedLimitDays} 个工作日）不得超过法定期限（${g.legalLimitDays} 个工作日）`)
  if (g.instant && limitsOk && g.promisedLimitDays !== 0) err('INSTANT_LIMITS', 'promisedLimitDays', '即办件当场办结，承诺期限应为 0 个工作日')
  if (!g.instant && limitsOk && g.promisedLimitDays < 1) err('INSTANT_LIMITS', 'promisedLimitDays', '承诺件的承诺期限至少为 1 个工作日（当场办结的请设为即办件）')
  const cutOk = limitsOk ? promisedCutOk(g.legalLimitDays, g.promisedLimitDays, env.cutPercent) : false
  if (limitsOk && !cutOk)
    warnings.push({ code: 'PROMISED_CUT_NOT_MET', field: 'promisedLimitDays', message: `承诺期限未比法定期限压缩 ${env.cutPercent ?? DEFAULT_PROMISED_CUT_PERCENT}% 以上` })

  // steps (S1)
  checkSteps(g.steps ?? [], g.promisedLimitDays, limitsOk, err)

  // materials
  const keys = new Set<string>()
  ;(g.materials ?? []).forEach((m: ItemMaterial, i) => {
    const f = `materials[${i}]`
    if (blank(m.key) || !KEY_RE.test(m.key)) err('INVALID_MATERIAL', f, `第 ${i + 1} 项材料的键须为小写字母开头的字母、数字、下划线`)
    else if (keys.has(m.key)) err('DUPLICATE_MATERIAL_KEY', f, `材料键 ${m.key} 重复`)
    keys.add(m.key)
    if (blank(m.name)) err('INVALID_MATERIAL', f, `第 ${i + 1} 项材料缺少名称`)
    if (!['required', 'conditional', 'optional'].includes(m.requirement)) err('INVALID_MATERIAL', f, `材料“${m.name}”的必要性不正确`)
    if (m.requirement === 'conditional' && blank(m.condition)) err('INVALID_MATERIAL', f, `情形必要的材料“${m.name}”须写明适用情形`)
    if (!['original', 'copy', 'original_and_copy', 'electronic'].includes(m.form)) err('INVALID_MATERIAL', f, `材料“${m.name}”的形式不正确`)
    if (!isInt(m.copies, 1) || m.copies > 99) err('INVALID_MATERIAL', f, `材料“${m.name}”的份数须为 1–99`)
  })
  if (g.conditionalAcceptance && !(g.materials ?? []).some((m) => m.secondary))
    warnings.push({ code: 'CONDITIONAL_WITHOUT_SECONDARY', field: 'conditionalAcceptance', message: '允许容缺受理，但没有标明可容缺的次要材料' })

  // fees
  const feeKeys = new Set<string>()
  ;(g.fees ?? []).forEach((r: FeeRule, i) => {
    for (const problem of feeProblems(r)) err('INVALID_FEE_RULE', `fees[${i}]`, `收费项目“${r?.name ?? i + 1}”：${problem}`)
    if (r && feeKeys.has(r.key)) err('INVALID_FEE_RULE', `fees[${i}]`, `收费项目键 ${r.key} 重复`)
    if (r) feeKeys.add(r.key)
  })

  return { errors, warnings, promisedCutOk: cutOk }
}

function checkSteps(steps: ItemStep[], promised: number, limitsOk: boolean, err: (code: string, field: string, message: string) => void) {
  const keys = steps.map((s) => s.key)
  let last = -1
  for (const k of STANDARD_STEPS) {
    const at = keys.indexOf(k)
    if (at < 0) {
      err('STEPS_INCOMPLETE', 'steps', `办理流程缺少“${STANDARD_STEP_NAMES[k]}”环节（${k}）：须依次包括受理、审核、批准、办结`)
      return
    }
    if (at < last) {
      err('STEPS_INCOMPLETE', 'steps', '办理流程须按受理 → 审核 → 批准 → 办结的顺序')
      return
    }
    last = at
  }
  if (new Set(keys).size !== keys.length) err('INVALID_STEP', 'steps', '环节键重复')
  let sum = 0
  steps.forEach((s, i) => {
    if (blank(s.key) || !KEY_RE.test(s.key)) err('INVALID_STEP', `steps[${i}]`, `第 ${i + 1} 个环节的键不正确`)
    if (blank(s.name)) err('INVALID_STEP', `steps[${i}]`, `第 ${i + 1} 个环节缺少名称`)
    if (!(STAFF_ROLES as readonly string[]).includes(s.role as Role)) err('INVALID_STEP', `steps[${i}]`, `环节“${s.name}”的办理角色 ${String(s.role)} 不是工作人员角色`)
    if (!isInt(s.limitDays)) err('INVALID_STEP', `steps[${i}]`, `环节“${s.name}”的时限须为非负整数`)
    else sum += s.limitDays
  })
  if (limitsOk && sum > promised) err('STEP_LIMITS_OVER_PROMISED', 'steps', `各环节时限之和（${sum} 个工作日）超过承诺期限（${promised} 个工作日）`)
}

function feeProblems(r: FeeRule): string[] {
  const out: string[] = []
  if (!r || typeof r !== 'object') return ['格式不正确']
  if (blank(r.key) || !KEY_RE.test(r.key)) out.push('键不正确')
  if (blank(r.name)) out.push('缺少名称')
  if (blank(r.basis)) out.push('缺少收费依据')
  if (r.kind === 'flat') {
    if (!isInt(r.amountCents)) out.push('金额须为非负整数（分）')
  } else if (r.kind === 'per_unit') {
    if (!isInt(r.unitPriceCents)) out.push('单价须为非负整数（分）')
    if (blank(r.unitName)) out.push('缺少计费单位')
    if (r.minQuantity != null && !isInt(r.minQuantity)) out.push('最小数量不正确')
    if (r.maxQuantity != null && !isInt(r.maxQuantity, 1)) out.push('最大数量不正确')
    if (r.minQuantity != null && r.maxQuantity != null && r.minQuantity > r.maxQuantity) out.push('最小数量大于最大数量')
  } else if (r.kind === 'tiered') {
    if (blank(r.unitName)) out.push('缺少计费单位')
    if (!Array.isArray(r.tiers) || r.tiers.length === 0) out.push('至少需要一个档次')
    else {
      let prev = 0
      r.tiers.forEach((t, i) => {
        if (!isInt(t.unitPriceCents)) out.push(`第 ${i + 1} 档单价须为非负整数（分）`)
        const lastTier = i === r.tiers.length - 1
        if (t.upTo === null) {
          if (!lastTier) out.push('只有最后一档可以不设上限')
        } else if (!isInt(t.upTo, 1) || t.upTo <= prev) out.push('各档上限须递增')
        else prev = t.upTo
      })
    }
  } else out.push('收费方式须为定额、按单位或分档')
  return out
}

/** The first error as a DomainError code and message, with every problem in details. */
export function firstProblem(check: GuideCheck): GuideProblem | null {
  return check.errors[0] ?? null
}

/** The canonical stored form: optional fields present and null when absent, strings trimmed, so equal guides compare equal. */
export function normalizeGuide(g: ItemGuide): ItemGuide {
  const t = (s: string | null | undefined) => (typeof s === 'string' ? s.trim() : s)
  const opt = (s: string | null | undefined) => (typeof s === 'string' && s.trim() !== '' ? s.trim() : null)
  return {
    code: t(g.code)!,
    name: t(g.name)!,
    typeCode: g.typeCode,
    departmentId: g.departmentId,
    level: g.level,
    legalBasis: t(g.legalBasis)!,
    conditions: t(g.conditions)!,
    audiences: [...new Set(g.audiences)],
    topics: [...new Set((g.topics ?? []).map((x) => x.trim()).filter(Boolean))],
    materials: (g.materials ?? []).map((m) => ({
      key: t(m.key)!,
      name: t(m.name)!,
      requirement: m.requirement,
      condition: m.requirement === 'conditional' ? opt(m.condition) : null,
      form: m.form,
      copies: m.copies,
      blankFormFileId: opt(m.blankFormFileId),
      sampleFileId: opt(m.sampleFileId),
      eCertificateType: opt(m.eCertificateType),
      secondary: !!m.secondary,
      note: opt(m.note),
    })),
    legalLimitDays: g.legalLimitDays,
    promisedLimitDays: g.promisedLimitDays,
    instant: !!g.instant,
    steps: (g.steps ?? []).map((s) => ({ key: t(s.key)!, name: t(s.name)!, role: s.role, limitDays: s.limitDays })),
    pausesAllowed: [...new Set(g.pausesAllowed ?? [])],
    conditionalAcceptance: !!g.conditionalAcceptance,
    pledgeAllowed: !!g.pledgeAllowed,
    fees: (g.fees ?? []).map(normalizeFee),
    result: { type: g.result.type, name: t(g.result.name)!, eCertificateType: opt(g.result.eCertificateType) },
    channels: [...new Set(g.channels)],
    visits: g.visits,
    consultPhone: t(g.consultPhone)!,
    complaintPhone: t(g.complaintPhone)!,
    remedies: { review: t(g.remedies.review)!, litigation: t(g.remedies.litigation)! },
    faq: (g.faq ?? []).map((f) => ({ q: t(f.q)!, a: t(f.a)! })).filter((f) => f.q && f.a),
  }
}

function normalizeFee(r: FeeRule): FeeRule {
  const ex = r.exemptions && r.exemptions.length ? { exemptions: [...new Set(r.exemptions)] } : {}
  const base = { key: r.key.trim(), name: r.name.trim(), basis: r.basis.trim() }
  if (r.kind === 'flat') return { ...base, kind: 'flat', amountCents: r.amountCents, ...ex }
  if (r.kind === 'per_unit')
    return {
      ...base,
      kind: 'per_unit',
      unitName: r.unitName.trim(),
      unitPriceCents: r.unitPriceCents,
      ...(r.minQuantity != null ? { minQuantity: r.minQuantity } : {}),
      ...(r.maxQuantity != null ? { maxQuantity: r.maxQuantity } : {}),
      ...ex,
    }
  return { ...base, kind: 'tiered', unitName: r.unitName.trim(), tiers: r.tiers.map((x) => ({ upTo: x.upTo, unitPriceCents: x.unitPriceCents })), ...ex }
}

let t2s: ((s: string) => string) | null = null
/** Traditional → Simplified (opencc t→cn), lower-cased, whitespace collapsed: the form searches compare in. */
export function searchForm(s: string): string {
  t2s ??= Converter({ from: 't', to: 'cn' })
  return t2s(s).toLowerCase().replace(/\s+/g, ' ').trim()
}

/** The text an item is found by: name, code, type, topics and department. */
export function searchTextOf(g: ItemGuide, departmentName: string): string {
  return searchForm([g.name, g.code, ITEM_TYPES[g.typeCode] ?? '', ...g.topics, departmentName, g.result?.name ?? ''].join(' '))
}

/** The query's words (Traditional converted), for ILIKE matching: each word must occur. */
export function queryWords(q: string): string[] {
  return searchForm(q)
    .split(/[\s,，、;；]+/)
    .map((w) => w.trim())
    .filter(Boolean)
    .slice(0, 8)
}

export type ItemAction = 'publish' | 'suspend' | 'restart' | 'abolish' | 'edit'

/**
 * Status transitions (S10): publish (draft → published, or a new version of a published item),
 * suspend (published → suspended), restart (suspended → published, with a recorded approval),
 * abolish (any → abolished, final). Editing the draft is allowed in every state but abolished.
 * Returns the refusal code, or null when allowed.
 */
export function transitionRefusal(status: ItemStatus, action: ItemAction, hasDraft: boolean): { code: 'NO_DRAFT' | 'NOT_PUBLISHED' | 'NOT_SUSPENDED' | 'ITEM_SUSPENDED' | 'ITEM_ABOLISHED'; message: string } | null {
  if (status === 'abolished') return { code: 'ITEM_ABOLISHED', message: '事项已取消，不能再作任何变更' }
  switch (action) {
    case 'edit':
      return null
    case 'publish':
      if (status === 'suspended') return { code: 'ITEM_SUSPENDED', message: '事项已暂停，须先经恢复审批重新启用后再发布新版本' }
      if (!hasDraft) return { code: 'NO_DRAFT', message: '没有待发布的修改' }
      return null
    case 'suspend':
      return status === 'published' ? null : { code: 'NOT_PUBLISHED', message: '只有已发布的事项可以暂停' }
    case 'restart':
      return status === 'suspended' ? null : { code: 'NOT_SUSPENDED', message: '只有已暂停的事项可以恢复' }
    case 'abolish':
      return null
  }
}

export const STATUS_NAMES: Record<ItemStatus, string> = { draft: '草稿', published: '已发布', suspended: '已暂停', abolished: '已取消' }
