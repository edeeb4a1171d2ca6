/**
 * Demo parallel approval (并联审批) for 德州市: the construction-approval schemes — the national four
 * stages as 德州's default with the "一路通" target of 25 working days and a 30 % green-channel cut, and
 * the five-stage variants of 重庆 永川 and 大足 —, one-thing bundles (企业开办“五联动”, 德州 "1+1+X", 新生儿
 * 出生, 个体工商户开业), construction projects in several stages (one through stage 1 and in stage 2, one
 * green-channel project with a project manager, one with a deemed approval by timeout and its follow-up,
 * one just received with a merged correction notice, one at completion acceptance), agent authorisations
 * and bundle joint cases received, accepted with replies and delivered.
 *
 * Everything goes through the joint module's services (and the cases module behind them), each step run
 * with a copy of the deps whose clock stands at the step's moment, as src/demo/cases.ts does: receipts,
 * pre-checks, replies, deemed approvals and deliveries carry real times over the last weeks, so the lights,
 * the deemed approvals and the predictions look real.
 *
 * Idempotent: nothing is done when the 德州 scheme exists. Runs after the city, catalogue and cases.
 */
import type { FastifyBaseLogger } from 'fastify'
import { systemCtx, type Actor, type Ctx, type Deps } from '../server/context.js'
import { mutate } from '../server/mutate.js'
import { DomainError } from '../server/errors.js'
import { createStaffAccount, loadGrants, register } from '../modules/auth/index.js'
import { currentItemVersion, type ItemGuide } from '../modules/catalog/index.js'
import { getCalendar } from '../modules/calendar/index.js'
import { creditCodeCheckChar } from '../shared/identity.js'
import * as joint from '../modules/joint/index.js'
import type { MeetingKind } from '../modules/joint/index.js'
import { DEMO_APPLICANTS, DEMO_MORE_STAFF, DEMO_PASSWORD, DEMO_STAFF, orgCodeCheckChar } from './accounts.js'
import { UNIT_CODES } from './city.js'

export const DEMO_SCHEME_CODES = { dezhou: 'DZ-YILUTONG-2026', yongchuan: 'CQ-YONGCHUAN-5', dazu: 'CQ-DAZU-5' } as const
export const DEMO_BUNDLE_CODES = {
  enterprise: 'DZ-YJS-QYKB',
  restaurant: 'DZ-1+1+X-CY',
  hotel: 'DZ-1+1+X-LG',
  pharmacy: 'DZ-1+1+X-YD',
  newborn: 'DZ-YJS-CSYJS',
  individual: 'DZ-YJS-GTKY',
} as const

/** 德州天衢建设发展有限公司: a second enterprise, the developer of the demo's larger projects. */
const DEV_ORG = 'MA3D8K2P'
const DEV_BODY = `91371402${DEV_ORG}${orgCodeCheckChar(DEV_ORG)}`
export const DEMO_DEVELOPER_CODE = DEV_BODY + creditCodeCheckChar(DEV_BODY)
export const DEMO_DEVELOPER = { name: '德州天衢建设发展有限公司', phone: '13905346688', legalRepresentative: '赵德胜' } as const

/** The accounts the joint demo acts with (created here too when an older demo database lacks them). */
const JOINT_ACCOUNTS = ['agent01', 'agent02', 'window03', 'window04', 'fgw01', 'zrzy01', 'zjj01', 'xzsp01', 'shj01', 'slj01', 'gaj01', 'swj01', 'rsj01', 'wjw01', 'ybj01']

/** Who answers for a department's tasks: its chief representative (首席代表), by department key. */
const DEPT_USER: Record<string, string> = {
  SCJG: 'approver01',
  FGW: 'fgw01',
  ZRZY: 'zrzy01',
  ZJJ: 'zjj01',
  XZSP: 'xzsp01',
  SHJ: 'shj01',
  SLJ: 'slj01',
  GAJ: 'gaj01',
  SWJ: 'swj01',
  RSJ: 'rsj01',
  WJW: 'wjw01',
  YBJ: 'ybj01',
}

// item codes of the demo catalogue
const I = {
  approval: '371400-XK-FG-0001', // 企业投资项目核准
  energy: '371400-XK-FG-0003', // 节能审查
  siteOpinion: '371400-XK-GH-0004', // 用地预审与选址意见书
  landPlanning: '371400-XK-GH-0001', // 建设用地规划许可证
  landSupply: '371400-XK-TD-0001', // 建设用地审批
  designScheme: '371400-XK-GH-0006', // 建设工程设计方案审查
  buildingPlanning: '371400-XK-GH-0002', // 建设工程规划许可证
  eiaTable: '371400-XK-HP-0005', // 环境影响报告表审批
  soilWater: '371400-XK-SL-0002', // 水土保持方案审批
  drawings: '371400-QT-SG-0007', // 施工图设计文件审查
  fireDesign: '371400-XK-XF-0001', // 消防设计审查
  civilDefence: '371400-XK-RF-0001', // 人防
  permit: '371400-XK-SG-0001', // 施工许可证
  waste: '371400-XK-XZ-0001', // 建筑垃圾处置核准
  fireAcceptance: '371400-XK-XF-0002', // 消防验收
  planningCheck: '371400-QR-GH-0007', // 规划条件核实
  jointAcceptance: '371400-QT-SG-0008', // 竣工联合验收
  completionFiling: '371400-QT-SG-0005', // 竣工验收备案
  firstRegistration: '371400-QR-BDC-0001', // 不动产首次登记
  company: '371400-XK-QY-0001', // 企业设立登记
  seal: '371400-QT-GA-0001', // 公章刻制备案
  invoice: '371400-QT-SW-0001', // 发票领用
  socialInsurance: '371400-GG-SB-0001', // 单位参保登记
  bank: '371400-GG-YH-0001', // 企业银行开户
  food: '371400-XK-SP-0001', // 食品经营许可
  hotel: '371400-XK-TX-0001', // 旅馆业特种行业许可
  publicHealth: '371400-XK-WS-0001', // 公共场所卫生许可
  pharmacy: '371400-XK-YP-0001', // 药品经营许可（零售）
  devices: '371400-QT-YP-0004', // 第二类医疗器械经营备案
  birthCert: '371400-GG-CS-0001', // 出生医学证明
  birthRegistration: '371400-QR-HJ-0003', // 出生登记
  medicalInsurance: '371400-GG-YB-0001', // 城乡居民医保参保
  socialCard: '371400-GG-SB-0008', // 社会保障卡
  individual: '371400-XK-QY-0005', // 个体工商户设立登记
  workshop: '371400-XK-SP-0006', // 食品小作坊登记
} as const

interface StageSpec {
  key: string
  name: string
  lead: string
  limitDays: number
  items: string[]
  meetingKinds: MeetingKind[]
}

/** R15 with 德州 "一路通": 6 + 7 + 5 + 7 = 25 working days for the whole approval. */
const NATIONAL: StageSpec[] = [
  { key: 'land_planning', name: '立项用地规划许可', lead: 'FGW', limitDays: 6, items: [I.approval, I.siteOpinion, I.landPlanning], meetingKinds: ['inspection', 'meeting'] },
  { key: 'construction_permit_planning', name: '工程建设许可', lead: 'ZRZY', limitDays: 7, items: [I.designScheme, I.buildingPlanning, I.eiaTable], meetingKinds: ['meeting'] },
  { key: 'construction_permit', name: '施工许可', lead: 'XZSP', limitDays: 5, items: [I.drawings, I.fireDesign, I.civilDefence, I.permit], meetingKinds: ['drawing_review'] },
  { key: 'completion_acceptance', name: '竣工验收', lead: 'ZJJ', limitDays: 7, items: [I.jointAcceptance, I.planningCheck, I.fireAcceptance, I.completionFiling], meetingKinds: ['acceptance'] },
]

/** 永川: 立项、规划、土地供应、初步设计、竣工验收; 45 → 15 working days. */
const YONGCHUAN: StageSpec[] = [
  { key: 'project_approval', name: '立项', lead: 'FGW', limitDays: 3, items: [I.approval, I.energy], meetingKinds: ['meeting'] },
  { key: 'planning', name: '规划', lead: 'ZRZY', limitDays: 3, items: [I.siteOpinion, I.landPlanning], meetingKinds: ['inspection'] },
  { key: 'land_supply', name: '土地供应', lead: 'ZRZY', limitDays: 3, items: [I.landSupply], meetingKinds: [] },
  { key: 'preliminary_design', name: '初步设计', lead: 'ZJJ', limitDays: 3, items: [I.designScheme, I.fireDesign, I.civilDefence], meetingKinds: ['drawing_review'] },
  { key: 'completion_acceptance', name: '竣工验收', lead: 'ZJJ', limitDays: 3, items: [I.jointAcceptance, I.planningCheck, I.fireAcceptance], meetingKinds: ['acceptance'] },
]

/** 大足: 立项选址、规划条件、方案审查、施工许可、验收办证. */
const DAZU: StageSpec[] = [
  { key: 'approval_site', name: '立项选址', lead: 'FGW', limitDays: 5, items: [I.approval, I.siteOpinion], meetingKinds: ['inspection'] },
  { key: 'planning_conditions', name: '规划条件', lead: 'ZRZY', limitDays: 5, items: [I.landPlanning, I.landSupply], meetingKinds: [] },
  { key: 'scheme_review', name: '方案审查', lead: 'ZRZY', limitDays: 5, items: [I.designScheme, I.buildingPlanning, I.eiaTable, I.soilWater], meetingKinds: ['meeting'] },
  { key: 'construction_permit', name: '施工许可', lead: 'ZJJ', limitDays: 5, items: [I.drawings, I.fireDesign, I.permit, I.waste], meetingKinds: ['drawing_review'] },
  { key: 'acceptance_certificate', name: '验收办证', lead: 'ZJJ', limitDays: 10, items: [I.jointAcceptance, I.planningCheck, I.completionFiling, I.firstRegistration], meetingKinds: ['acceptance'] },
]

interface BundleSpec {
  code: string
  name: string
  description: string
  lead: string
  limitDays: number
  items: string[]
  audiences: ('person' | 'enterprise')[]
}

const BUNDLES: BundleSpec[] = [
  {
    code: DEMO_BUNDLE_CODES.enterprise,
    name: '企业开办一件事（五联动）',
    description: '营业执照、公章刻制、发票领用、单位参保登记、银行开户“五联动”：一口受理、一表登记、一次审查、一次发证、全程代办，1 个工作日办结',
    lead: 'SCJG',
    limitDays: 1,
    items: [I.company, I.seal, I.invoice, I.socialInsurance, I.bank],
    audiences: ['enterprise', 'person'],
  },
  {
    code: DEMO_BUNDLE_CODES.restaurant,
    name: '开办餐饮店一件事（1+1+X）',
    description: '德州“1+1+X”企业设立：营业执照 + 食品经营许可 + 公章刻制、发票领用，一次告知、同步办理、前置审核、后置确认，多证联办',
    lead: 'SCJG',
    limitDays: 5,
    items: [I.company, I.food, I.seal, I.invoice],
    audiences: ['person', 'enterprise'],
  },
  {
    code: DEMO_BUNDLE_CODES.hotel,
    name: '开办旅馆一件事（1+1+X）',
    description: '营业执照 + 旅馆业特种行业许可 + 公共场所卫生许可、公章刻制，一窗受理、并联审批、统一出件',
    lead: 'SCJG',
    limitDays: 10,
    items: [I.company, I.hotel, I.publicHealth, I.seal],
    audiences: ['person', 'enterprise'],
  },
  {
    code: DEMO_BUNDLE_CODES.pharmacy,
    name: '开办药店一件事（1+1+X）',
    description: '营业执照 + 药品经营许可（零售）+ 第二类医疗器械经营备案，一次告知、同步办理',
    lead: 'SCJG',
    limitDays: 15,
    items: [I.company, I.pharmacy, I.devices],
    audiences: ['enterprise'],
  },
  {
    code: DEMO_BUNDLE_CODES.newborn,
    name: '新生儿出生一件事',
    description: '出生医学证明、出生登记（落户）、城乡居民医保参保登记、社会保障卡申领一次申请、一次办结，结果统一送达',
    lead: 'WJW',
    limitDays: 5,
    items: [I.birthCert, I.birthRegistration, I.medicalInsurance, I.socialCard],
    audiences: ['person'],
  },
  {
    code: DEMO_BUNDLE_CODES.individual,
    name: '个体工商户开业一件事',
    description: '个体工商户设立登记、食品小作坊登记、发票领用一次办理',
    lead: 'SCJG',
    limitDays: 5,
    items: [I.individual, I.workshop, I.invoice],
    audiences: ['person'],
  },
]

export interface DemoJointResult {
  loaded: boolean
  schemes: number
  bundles: number
  projects: number
  jointCases: number
  byStatus: Record<string, number>
  deemed: number
  authorisations: number
  /** scenarios that could not be made (logged as warnings) */
  failed: string[]
}

const PDF = (what: string) => Buffer.from(`%PDF-1.4\n% OneWindow demo material: ${what}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'utf8')

const empty = (loaded = false): DemoJointResult => ({ loaded, schemes: 0, bundles: 0, projects: 0, jointCases: 0, byStatus: {}, deemed: 0, authorisations: 0, failed: [] })

export async function loadDemoJoint(deps: Deps, log: FastifyBaseLogger, api: JointApi = jointApi): Promise<DemoJointResult> {
  const db = deps.db
  if (await db.selectFrom('joint_scheme').select('id').where('code', '=', DEMO_SCHEME_CODES.dezhou).executeTakeFirst()) {
    log.info('示范并联审批数据已存在，跳过 (demo joint data already loaded)')
    return empty()
  }
  const cityCentre = await db.selectFrom('org_unit').select(['id']).where('code', '=', UNIT_CODES.cityCentre).executeTakeFirst()
  if (!cityCentre) {
    log.warn('示范城市未加载，未加载并联审批示范数据 (demo city missing; no joint demo)')
    return empty()
  }
  await ensureAccounts(deps)
  await ensureDeveloper(deps)

  const actorOf = async (username: string): Promise<Actor> => {
    const u = await db.selectFrom('user_account').selectAll().where('username', '=', username).executeTakeFirst()
    if (!u) throw new Error(`demo: no account ${username}`)
    return { userId: Number(u.id), username: u.username, displayName: u.display_name, kind: u.kind, unitId: u.unit_id === null ? null : Number(u.unit_id), grants: await loadGrants(deps, Number(u.id)) }
  }
  const unitByCode = new Map<string, number>()
  const unitCodeById = new Map<number, string>()
  for (const u of await db.selectFrom('org_unit').select(['id', 'code']).where('code', 'like', '%3714%').execute()) {
    if (!u.code) continue
    unitByCode.set(u.code, Number(u.id))
    unitCodeById.set(Number(u.id), u.code)
  }
  const unit = (code: string) => {
    const id = unitByCode.get(code)
    if (id === undefined) throw new Error(`demo: no unit ${code}`)
    return id
  }
  const dept = (key: string) => unit(UNIT_CODES.dept(key))
  const itemRows = await db.selectFrom('item').select(['id', 'code']).where('code', 'in', Object.values(I)).execute()
  const itemId = new Map(itemRows.map((r) => [r.code, Number(r.id)]))
  const missingItems = Object.values(I).filter((c) => !itemId.has(c))
  if (missingItems.length) {
    log.warn(`示范事项目录缺少并联审批所需事项 ${missingItems.join('、')}，未加载并联审批示范数据`)
    return empty()
  }
  const ids = (codes: string[]) => codes.map((c) => itemId.get(c)!)

  const person = await actorOf(DEMO_APPLICANTS[0]!.username)
  const company = await actorOf(DEMO_APPLICANTS[1]!.username)
  const developer = await actorOf(DEMO_DEVELOPER_CODE)
  const admin = await actorOf('centreadmin')
  const window01 = await actorOf('window01')
  const window03 = await actorOf('window03')
  const window04 = await actorOf('window04')
  const agent01 = await actorOf('agent01')
  const agent02 = await actorOf('agent02')
  const deptActors = new Map<string, Actor>()
  for (const [key, username] of Object.entries(DEPT_USER)) deptActors.set(key, await actorOf(username))
  const windowA01 = unit(UNIT_CODES.windowA01)
  const windowB01 = unit('CK3714-B01')
  const windowC01 = unit('CK3714-C01')

  // the clock: one deps copy whose clock we move (the calendar cache is keyed by deps: keep one copy)
  const today = deps.clock.now()
  let at = new Date(today)
  const d: Deps = { ...deps, clock: { now: () => new Date(at) } }
  const cal = await getCalendar(deps, '3714')
  const shDay = (t: Date) => new Date(t.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
  /** the instant `workdays` working days before today, at hh:mm Beijing time (never in the future) */
  const ago = (workdays: number, hhmm = '09:30'): Date => {
    let day = shDay(today)
    let n = 0
    while (n < workdays) {
      day = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
      if (cal.isWorkingDay(day)) n++
    }
    const t = new Date(`${day}T${hhmm}:00+08:00`)
    return t.getTime() > today.getTime() ? new Date(today.getTime() - 60_000) : t
  }
  const later = (t: Date, minutes: number) => {
    const x = new Date(t.getTime() + minutes * 60_000)
    return x.getTime() > today.getTime() ? new Date(today.getTime() - 30_000) : x
  }
  const ctx = (actor: Actor): Ctx => ({ actor, ip: null, requestId: 'demo:joint' })
  const step = async <T>(when: Date, fn: () => Promise<T>): Promise<T> => {
    at = when
    return fn()
  }
  const deptKeyOf = (unitId: number) => {
    const code = unitCodeById.get(unitId) ?? ''
    const m = code.match(/^(?:BM|SP)3714-(\w+)$/)
    if (!m) throw new Error(`demo: unit ${unitId} (${code}) is not a demo department`)
    return m[1]!
  }
  const deptActor = (unitId: number) => {
    const a = deptActors.get(deptKeyOf(unitId))
    if (!a) throw new Error(`demo: no department account for unit ${unitId}`)
    return a
  }

  const failed: string[] = []
  const attempt = async <T>(what: string, fn: () => Promise<T>): Promise<T | null> => {
    try {
      return await fn()
    } catch (e) {
      failed.push(`${what}: ${String((e as Error)?.message ?? e)}`)
      log.warn({ err: String((e as Error)?.message ?? e) }, `示范并联审批数据未能生成：${what}`)
      return null
    }
  }

  // ------------------------------------------------------------------------------------------
  // schemes and bundles (the centre's administrator, a month and a half ago)
  const setupAt = ago(160, '10:00')
  const schemeIds = new Map<string, number>()
  const schemeDefs: [string, string, number, number, string, StageSpec[], boolean][] = [
    [
      DEMO_SCHEME_CODES.dezhou,
      '德州市工程建设项目审批“一路通”（四阶段）',
      25,
      30,
      '国家工程建设项目审批制度改革四阶段：立项用地规划许可、工程建设许可、施工许可、竣工验收。一窗受理、分散审核、同步审批、限时审批，一号制管理、集装箱式并联、模块化审批，项目总审批时间不超过 25 个工作日；重点项目开通绿色通道，各阶段时限再压缩 30%。',
      NATIONAL,
      true,
    ],
    [
      DEMO_SCHEME_CODES.yongchuan,
      '五阶段并联审批（参照重庆市永川区）',
      15,
      30,
      '建设领域行政审批划分为立项、规划、土地供应、初步设计、竣工验收五个阶段，每阶段统一登记、联合审查（验收）、两章运转、一表收费、超时默许和缺席默认，审批时限由 45 个工作日压缩为 15 个工作日。',
      YONGCHUAN,
      false,
    ],
    [
      DEMO_SCHEME_CODES.dazu,
      '分段式并联审批（参照重庆市大足区）',
      30,
      30,
      '建设项目报建“分段式”并联审批：立项选址、规划条件、方案审查、施工许可、验收办证五个环节，统一受理、抄告相关、并行审批、限时完成、集中回复，全面推行联合踏勘。',
      DAZU,
      false,
    ],
  ]
  for (const [code, name, targetDays, greenCutPercent, description, stages, isDefault] of schemeDefs) {
    await attempt(`方案 ${name}`, async () => {
      const s = await step(setupAt, () =>
        api.createScheme(d, ctx(admin), {
          code,
          name,
          regionCode: '3714',
          targetDays,
          greenCutPercent,
          description,
          stages: stages.map((st) => ({ key: st.key, name: st.name, leadUnitId: dept(st.lead), limitDays: st.limitDays, itemIds: ids(st.items), meetingKinds: st.meetingKinds })),
        }),
      )
      schemeIds.set(code, s.id)
      if (isDefault) await step(later(setupAt, 5), () => api.setDefaultScheme(d, ctx(admin), s.id))
    })
  }
  const bundleIds = new Map<string, number>()
  for (const b of BUNDLES) {
    await attempt(`一件事 ${b.name}`, async () => {
      const r = await step(later(setupAt, 30), () =>
        api.createBundle(d, ctx(admin), { code: b.code, name: b.name, description: b.description, leadUnitId: dept(b.lead), limitDays: b.limitDays, itemIds: ids(b.items), audiences: b.audiences }),
      )
      bundleIds.set(b.code, r.id)
    })
  }

  // ------------------------------------------------------------------------------------------
  // helpers over one joint case

  /** the union of the required materials of the case's items, less what it already holds */
  const missingMaterials = async (jointCaseId: number): Promise<{ key: string; name: string; item: string }[]> => {
    const jc = await db.selectFrom('joint_case').select(['stage_def_id', 'bundle_id']).where('id', '=', jointCaseId).executeTakeFirstOrThrow()
    let itemIds: number[] = []
    if (jc.stage_def_id !== null) {
      const s = await db.selectFrom('joint_stage_def').select(['item_ids']).where('id', '=', jc.stage_def_id).executeTakeFirstOrThrow()
      itemIds = (typeof s.item_ids === 'string' ? JSON.parse(s.item_ids) : s.item_ids) as number[]
    } else if (jc.bundle_id !== null) {
      const b = await db.selectFrom('joint_bundle').select(['item_ids']).where('id', '=', jc.bundle_id).executeTakeFirstOrThrow()
      itemIds = (typeof b.item_ids === 'string' ? JSON.parse(b.item_ids) : b.item_ids) as number[]
    }
    const have = new Set((await db.selectFrom('joint_material').select('material_key').where('joint_case_id', '=', jointCaseId).execute()).map((r) => r.material_key))
    const out: { key: string; name: string; item: string }[] = []
    for (const id of itemIds) {
      const v = await currentItemVersion(db, Number(id))
      if (!v) continue
      const g: ItemGuide = v.guide
      for (const m of g.materials) {
        if (m.requirement !== 'required' || have.has(m.key)) continue
        have.add(m.key)
        out.push({ key: m.key, name: m.name, item: g.name })
      }
    }
    return out
  }
  const uploadMissing = async (jointCaseId: number, by: Actor, t: Date, skip: string[] = []) => {
    let k = 0
    for (const m of await missingMaterials(jointCaseId)) {
      if (skip.includes(m.key)) continue
      await step(later(t, k++), () => api.uploadMaterial(d, ctx(by), jointCaseId, m.key, { data: PDF(`${m.item} / ${m.name} / joint ${jointCaseId}`), originalName: `${m.name}.pdf` }))
    }
  }
  const tasksOf = async (jointCaseId: number) => {
    const rows = await db
      .selectFrom('joint_task as t')
      .innerJoin('item as i', 'i.id', 't.item_id')
      .select(['t.id', 't.unit_id', 't.status', 't.role', 'i.code', 'i.name'])
      .where('t.joint_case_id', '=', jointCaseId)
      .orderBy('t.id')
      .execute()
    return rows.map((r) => ({ id: Number(r.id), unitId: Number(r.unit_id), status: r.status, role: r.role, code: r.code, name: r.name }))
  }
  /** the general window that received the case (or, for an online case, a window of the receiving centre) */
  const dcwindow01 = await actorOf('dcwindow01')
  const windowOf = async (jointCaseId: number): Promise<Actor> => {
    const c = await db.selectFrom('joint_case').select(['kind', 'window_id', 'centre_id']).where('id', '=', jointCaseId).executeTakeFirstOrThrow()
    const code = unitCodeById.get(Number(c.window_id ?? c.centre_id ?? 0)) ?? ''
    if (code === 'CK3714-B01') return window03
    if (code === 'CK3714-C01') return window04
    if (code === UNIT_CODES.windowA01) return window01
    if (code === UNIT_CODES.cityCentre) return c.kind === 'stage' ? window03 : window01
    if (code.startsWith('ZX371402') || code.startsWith('CK371402')) return dcwindow01
    throw new Error(`demo: no window account for ${code}`)
  }
  const form = (extra: Record<string, unknown> = {}) => ({ contact: '经办人', note: '示范申请', ...extra })

  /** files a joint case and submits it (统一收件) at t: online by the applicant or an agent, or at a general window */
  const file = async (
    t: Date,
    how: { by: Actor; kind: 'bundle'; bundleCode: string; principal?: Actor; windowId?: number; applicant?: Actor; form?: Record<string, unknown>; skip?: string[] } | { by: Actor; kind: 'stage'; projectId: number; stageKey: string; principal?: Actor; windowId?: number; applicant?: Actor; form?: Record<string, unknown>; skip?: string[] },
  ): Promise<number> => {
    const target = how.kind === 'bundle' ? { kind: 'bundle' as const, bundleId: bundleIds.get(how.bundleCode)! } : { kind: 'stage' as const, projectId: how.projectId, stageKey: how.stageKey }
    if (how.kind === 'bundle' && target.kind === 'bundle' && !target.bundleId) throw new Error(`一件事 ${how.bundleCode} 未创建`)
    const id = await step(t, () =>
      how.windowId
        ? api.createWindowCase(d, ctx(how.by), { ...target, windowId: how.windowId, applicantUserId: how.applicant!.userId, form: form(how.form) })
        : api.createCase(d, ctx(how.by), { ...target, principalUserId: how.principal?.userId }),
    )
    if (!how.windowId) await step(later(t, 3), () => api.saveForm(d, ctx(how.by), id, form(how.form)))
    await uploadMissing(id, how.by, later(t, 6), how.skip)
    await step(later(t, 15), () => api.submit(d, ctx(how.by), id))
    return id
  }
  /** every department pre-checks (within the 2 working days); `problems` by item code */
  const precheck = async (id: number, t: Date, problems: Record<string, { materialKey: string | null; problem: string }[]> = {}) => {
    let k = 0
    for (const task of await tasksOf(id)) {
      if (task.status !== 'prechecking') continue
      const items = problems[task.code]
      await step(later(t, 20 * k++), () => api.precheck(d, ctx(deptActor(task.unitId)), task.id, items?.length ? { items } : { ok: true }))
    }
  }
  const accept = async (id: number, t: Date) => {
    const by = await windowOf(id)
    return step(t, () => api.accept(d, ctx(by), id))
  }
  type ReplyPlan = { reply: string; reasons?: string; forwardTo?: string } | 'skip'
  /** the departments reply (R17), one after another from t; `plan` by item code (default 同意) */
  const replyAll = async (id: number, t: Date, plan: Record<string, ReplyPlan> = {}, gapMinutes = 50) => {
    let k = 0
    for (const task of await tasksOf(id)) {
      if (task.status !== 'pending') continue
      const p = plan[task.code] ?? { reply: '同意' }
      if (p === 'skip') continue
      await step(later(t, gapMinutes * k++), () => api.reply(d, ctx(deptActor(task.unitId)), task.id, { reply: p.reply, reasons: p.reasons, forwardTo: p.forwardTo }))
    }
  }
  const issueAll = async (id: number, t: Date, only?: string[]) => {
    let k = 0
    for (const task of await tasksOf(id)) {
      if (only && !only.includes(task.code)) continue
      const sub = await db.selectFrom('joint_task as t').innerJoin('case as c', 'c.id', 't.case_id').select(['c.status']).where('t.id', '=', task.id).executeTakeFirst()
      if (!sub || sub.status === 'completed' || sub.status === 'delivered') continue
      await step(later(t, 25 * k++), () => api.issue(d, ctx(deptActor(task.unitId)), task.id))
    }
  }
  const centralReply = async (id: number, t: Date) => {
    const by = await windowOf(id)
    return step(t, () => api.centralReply(d, ctx(by), id))
  }
  const deliver = async (id: number, t: Date, how: { method: 'pickup' | 'post' | 'download'; centreId?: number; address?: string; trackingNumber?: string }) => {
    const by = await windowOf(id)
    return step(t, () => api.deliver(d, ctx(by), id, how))
  }
  /** a whole stage or bundle from receipt to delivery, every department agreeing */
  const runThrough = async (id: number, days: { accept: number; reply: number; central: number; issue: number; deliver?: number }, delivery?: Parameters<typeof deliver>[2]) => {
    await precheck(id, ago(days.accept, '09:10'))
    await accept(id, ago(days.accept, '15:30'))
    await replyAll(id, ago(days.reply, '09:20'))
    await centralReply(id, ago(days.central, '10:00'))
    await issueAll(id, ago(days.issue, '14:00'))
    if (days.deliver !== undefined && delivery) await deliver(id, ago(days.deliver, '10:30'), delivery)
  }

  // ------------------------------------------------------------------------------------------
  // agent authorisations (帮办/代办): the developer and 李明华 authorise the centre's and the street's agents
  const authorise = (principal: Actor, agentActor: Actor, t: Date, scope: 'all' | 'project', note: string, projectId?: number) =>
    step(t, () => api.grantAuthorisation(d, ctx(principal), { agentUserId: agentActor.userId, scope, projectId, validUntil: shDay(new Date(today.getTime() + 365 * 86_400_000)), note }))
  await attempt('代办授权（天衢建设 → 韩雪）', () => authorise(developer, agent01, ago(30, '10:00'), 'all', '委托市政务服务中心帮办代办员全程代办本公司建设项目各阶段审批'))
  await attempt('代办授权（李明华 → 孟凡军）', () => authorise(person, agent02, ago(12, '15:00'), 'all', '委托新湖街道便民服务中心代办员代办“新生儿出生一件事”等个人事项'))

  // ------------------------------------------------------------------------------------------
  // projects (一号制)
  const project = (by: Actor, t: Date, p: { name: string; scheme?: string; applicant?: Actor; regionCode: string; location: string; investmentYuan: string; industryCode: string }) =>
    step(t, () =>
      api.createProject(d, ctx(by), {
        name: p.name,
        schemeId: p.scheme ? schemeIds.get(p.scheme) : undefined,
        applicantUserId: p.applicant?.userId,
        regionCode: p.regionCode,
        location: p.location,
        investmentYuan: p.investmentYuan,
        industryCode: p.industryCode,
      }),
    )

  // P1: through stage 1 (delivered a month ago), now in stage 2 — two departments have replied, one is still
  // due. The construction stages are filed at the 工程建设项目综合受理窗口 (B01) of the city centre (同城办理)
  await attempt('项目：德润食品产业园二期（第二阶段办理中）', async () => {
    const p = await project(company, ago(26, '09:00'), { name: '德润食品产业园二期（冷链仓储中心）项目', regionCode: '371402', location: '德州市德城区黄河涯镇德润食品产业园内', investmentYuan: '120000000', industryCode: '13' })
    const s1 = await file(ago(25, '10:00'), { by: window03, windowId: windowB01, applicant: company, kind: 'stage', projectId: p.id, stageKey: 'land_planning', form: { contact: '王建国', phone: '13905345678' } })
    await runThrough(s1, { accept: 24, reply: 22, central: 21, issue: 21, deliver: 20 }, { method: 'pickup', centreId: Number(cityCentre.id) })
    const s2 = await file(ago(4, '14:00'), { by: window03, windowId: windowB01, applicant: company, kind: 'stage', projectId: p.id, stageKey: 'construction_permit_planning', form: { contact: '王建国', phone: '13905345678' } })
    await precheck(s2, ago(3, '09:30'))
    await accept(s2, ago(3, '16:00'))
    await replyAll(s2, ago(1, '10:00'), { [I.designScheme]: 'skip', [I.eiaTable]: { reply: '同意但需转报', forwardTo: '山东省生态环境厅（报告表涉及跨市域排放，报省厅备案）' } })
  })

  // P2: green channel (市级重点项目) with a project manager; stage 1 accepted yesterday, joint site inspection
  // held today — one department absent without reason is deemed to agree (缺席默认)
  await attempt('项目：天衢新区智能装备产业园（绿色通道）', async () => {
    const p = await project(window03, ago(6, '10:00'), { name: '天衢新区智能装备产业园标准厂房项目', applicant: developer, regionCode: '371402', location: '德州市德城区天衢东路以北、崇德十二大道以东', investmentYuan: '860000000', industryCode: '34' })
    await step(ago(6, '11:00'), () => api.setGreenChannel(d, ctx(admin), p.id, { on: true, reason: '列入 2026 年德州市重点建设项目名单，实行绿色通道、专人帮办' }))
    await step(ago(6, '11:05'), () => api.setManager(d, ctx(admin), p.id, { userId: agent01.userId }))
    const s1 = await file(ago(2, '09:00'), { by: window03, kind: 'stage', projectId: p.id, stageKey: 'land_planning', windowId: windowB01, applicant: developer, form: { contact: '赵德胜', phone: DEMO_DEVELOPER.phone } })
    await precheck(s1, ago(2, '14:00'))
    await accept(s1, ago(1, '09:00'))
    const meeting = await step(ago(1, '09:30'), () =>
      api.scheduleMeeting(d, ctx(deptActors.get('FGW')!), s1, { kind: 'inspection', title: '天衢新区智能装备产业园项目联合踏勘', scheduledAt: ago(0, '09:00').toISOString(), location: '项目现场（天衢东路以北、崇德十二大道以东）' }),
    )
    const tasks = await tasksOf(s1)
    await step(ago(0, '11:30'), () =>
      api.recordAttendance(d, ctx(deptActors.get('FGW')!), meeting.id, {
        entries: tasks.map((t) => ({ taskId: t.id, attendance: t.code === I.siteOpinion ? ('absent' as const) : ('attended' as const) })),
        minutes: '发展改革委、自然资源和规划局（用地规划）到场踏勘，项目选址符合国土空间规划，用地红线清晰；用地预审承办科室无正当理由缺席，依规视为同意（缺席默认），会后 1 个工作日内出具意见。',
      }),
    )
    await replyAll(s1, ago(0, '14:00'), { [I.approval]: 'skip' })
  })

  // P3: stage 1 with a deemed approval by timeout (超时默许): 自然资源和规划局（用地预审） did not reply by the
  // due date; the sweep deemed it 同意, the department issued its opinion the next working day (R16), a late
  // reply is kept on record only; central reply, every document issued → completed
  await attempt('项目：德润中央厨房（超时默许）', async () => {
    const p = await project(company, ago(16, '09:00'), { name: '德润食品中央厨房及配送中心项目', regionCode: '371402', location: '德州市德城区新湖街道新河东路 66 号', investmentYuan: '35000000', industryCode: '14' })
    const s1 = await file(ago(15, '09:30'), { by: window03, windowId: windowB01, applicant: company, kind: 'stage', projectId: p.id, stageKey: 'land_planning', form: { contact: '王建国', phone: '13905345678' } })
    await precheck(s1, ago(14, '10:00'))
    await accept(s1, ago(14, '15:00'))
    await replyAll(s1, ago(12, '10:00'), { [I.siteOpinion]: 'skip' })
    const due = (await db.selectFrom('joint_task as t').innerJoin('item as i', 'i.id', 't.item_id').select(['t.due']).where('t.joint_case_id', '=', s1).where('i.code', '=', I.siteOpinion).executeTakeFirst())?.due
    // the first working day after the due date, just after midnight: the sweep finds it overdue
    let deemDay = due ? cal.addWorkingDays(due, 1) : shDay(ago(7))
    if (deemDay > shDay(today)) deemDay = shDay(today)
    const sweepAt = new Date(`${deemDay}T00:01:00+08:00`)
    await step(sweepAt, () => api.sweepTimeouts(d, systemCtx('sweep:joint.deemed.timeout'), sweepAt))
    const followAt = new Date(Math.min(new Date(`${deemDay}T15:00:00+08:00`).getTime(), today.getTime() - 120_000))
    await issueAll(s1, followAt, [I.siteOpinion])
    const task = (await tasksOf(s1)).find((t) => t.code === I.siteOpinion)!
    await step(later(followAt, 40), () => api.reply(d, ctx(deptActor(task.unitId)), task.id, { reply: '同意', reasons: '（逾期答复，仅作记录）' }))
    await centralReply(s1, later(followAt, 90))
    await issueAll(s1, later(followAt, 120))
  })

  // P4: filed by the agent for the developer yesterday; two departments found problems at pre-check and the
  // general window sent ONE merged correction notice this morning
  await attempt('项目：天衢人才公寓（代办、合并补正）', async () => {
    const p = await project(agent01, ago(3, '10:00'), { name: '天衢新区人才公寓（一期）项目', applicant: developer, regionCode: '371402', location: '德州市德城区尚德六路与新河路交叉口东南', investmentYuan: '240000000', industryCode: '70' })
    const s1 = await file(ago(1, '10:00'), { by: agent01, kind: 'stage', projectId: p.id, stageKey: 'land_planning', principal: developer, form: { contact: '韩雪（代办员）', phone: '13953401111' } })
    await precheck(s1, ago(1, '15:00'), {
      [I.landPlanning]: [{ materialKey: 'site_plan', problem: '用地红线图未加盖测绘单位公章，界址点坐标与出让合同附图不一致' }],
      [I.siteOpinion]: [{ materialKey: null, problem: '可行性研究报告缺少用地规模和功能分区论证章节，请补充' }],
    })
    await step(ago(0, '09:00'), () => api.sendCorrectionNotice(d, ctx(deptActors.get('FGW')!), s1))
  })

  // P5: stages 1–3 done months ago; after construction the completion acceptance (竣工验收) was accepted
  // two days ago with a joint acceptance (联合验收) meeting scheduled
  await attempt('项目：德润研发检测中心（竣工验收阶段）', async () => {
    const p = await project(company, ago(150, '09:00'), { name: '德润食品研发检测中心项目', regionCode: '371402', location: '德州市德城区经济技术开发区崇德八大道 18 号', investmentYuan: '56000000', industryCode: '73' })
    const stages: [string, number][] = [
      ['land_planning', 148],
      ['construction_permit_planning', 141],
      ['construction_permit', 134],
    ]
    for (const [key, start] of stages) {
      const s = await file(ago(start, '10:00'), { by: window03, windowId: windowB01, applicant: company, kind: 'stage', projectId: p.id, stageKey: key, form: { contact: '王建国', phone: '13905345678' } })
      await runThrough(s, { accept: start - 1, reply: start - 3, central: start - 4, issue: start - 4, deliver: start - 5 }, { method: 'download' })
    }
    const s4 = await file(ago(3, '09:30'), { by: window03, windowId: windowB01, applicant: company, kind: 'stage', projectId: p.id, stageKey: 'completion_acceptance', form: { contact: '王建国', phone: '13905345678' } })
    await precheck(s4, ago(3, '15:00'))
    await accept(s4, ago(2, '10:00'))
    await step(ago(2, '10:30'), () =>
      api.scheduleMeeting(d, ctx(deptActors.get('ZJJ')!), s4, { kind: 'acceptance', title: '德润食品研发检测中心项目竣工联合验收', scheduledAt: new Date(`${cal.addWorkingDays(shDay(today), 1)}T09:30:00+08:00`).toISOString(), location: '项目现场（崇德八大道 18 号）' }),
    )
    await replyAll(s4, ago(1, '15:00'), { [I.jointAcceptance]: 'skip', [I.fireAcceptance]: 'skip' })
  })

  // ------------------------------------------------------------------------------------------
  // bundle joint cases (一件事)
  await attempt('企业开办一件事（已送达）', async () => {
    const id = await file(ago(9, '09:00'), { by: window01, kind: 'bundle', bundleCode: DEMO_BUNDLE_CODES.enterprise, windowId: windowA01, applicant: person, form: { companyName: '德州市明华文化传媒有限公司', registeredCapital: '1000000' } })
    await precheck(id, ago(9, '09:40'))
    await accept(id, ago(9, '10:00'))
    await replyAll(id, ago(9, '10:30'), {}, 20)
    await centralReply(id, ago(9, '15:00'))
    await issueAll(id, ago(9, '15:30'))
    await deliver(id, ago(8, '09:30'), { method: 'pickup', centreId: Number(cityCentre.id) })
  })
  await attempt('新生儿出生一件事（已送达）', async () => {
    const id = await file(ago(6, '10:00'), { by: window04, kind: 'bundle', bundleCode: DEMO_BUNDLE_CODES.newborn, windowId: windowC01, applicant: person, form: { babyName: '李思齐', birthDate: shDay(ago(8)), hospital: '德州市人民医院' } })
    await precheck(id, ago(6, '10:40'))
    await accept(id, ago(6, '11:00'))
    await replyAll(id, ago(6, '14:00'), {}, 30)
    await centralReply(id, ago(5, '09:30'))
    await issueAll(id, ago(5, '10:00'))
    await deliver(id, ago(5, '15:00'), { method: 'post', address: '德州市德城区新湖街道尉署社区 3 号楼 2 单元 501', trackingNumber: 'EMS1100452398237' })
  })
  await attempt('开办餐饮店一件事（并联审批中）', async () => {
    const id = await file(ago(3, '09:30'), { by: person, kind: 'bundle', bundleCode: DEMO_BUNDLE_CODES.restaurant, form: { companyName: '德州市明华小厨餐饮管理有限公司', address: '德州市德城区东风中路 588 号' } })
    await precheck(id, ago(2, '10:00'))
    await accept(id, ago(2, '15:00'))
    await replyAll(id, ago(1, '10:00'), { [I.food]: 'skip' })
  })
  await attempt('企业开办一件事（已收件，预审中）', () =>
    file(ago(0, '08:40'), { by: person, kind: 'bundle', bundleCode: DEMO_BUNDLE_CODES.enterprise, form: { companyName: '德州市明华科技有限公司', registeredCapital: '500000' } }),
  )
  await attempt('个体工商户开业一件事（代办，已收件）', () =>
    file(ago(0, '09:00'), { by: agent02, kind: 'bundle', bundleCode: DEMO_BUNDLE_CODES.individual, principal: person, form: { shopName: '德城区明华烧饼坊', address: '德州市德城区新湖街道尉署社区商业街 12 号' } }),
  )

  // ------------------------------------------------------------------------------------------
  const result = await demoJointCounts(deps)
  const out: DemoJointResult = { loaded: true, ...result, failed }
  log.info({ ...out }, `示范并联审批数据已加载：${out.schemes} 套方案、${out.bundles} 个一件事、${out.projects} 个项目、${out.jointCases} 个联办件`)
  return out
}

export async function demoJointCounts(deps: Deps): Promise<Omit<DemoJointResult, 'loaded' | 'failed'>> {
  const db = deps.db
  const n = async (table: 'joint_scheme' | 'joint_bundle' | 'joint_project' | 'joint_case' | 'agent_authorisation') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  const byStatus: Record<string, number> = {}
  for (const r of await db.selectFrom('joint_case').select(['status']).execute()) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1
  const deemed = Number((await db.selectFrom('joint_task').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'deemed').executeTakeFirstOrThrow()).n)
  return { schemes: await n('joint_scheme'), bundles: await n('joint_bundle'), projects: await n('joint_project'), jointCases: await n('joint_case'), byStatus, deemed, authorisations: await n('agent_authorisation') }
}

/** An older demo database (loaded before the joint module) lacks the joint accounts: create them. */
async function ensureAccounts(deps: Deps): Promise<void> {
  const wanted = [...DEMO_STAFF, ...DEMO_MORE_STAFF].filter((s) => JOINT_ACCOUNTS.includes(s.username))
  const have = new Set((await deps.db.selectFrom('user_account').select('username').where('username', 'in', wanted.map((s) => s.username)).execute()).map((r) => r.username))
  const todo = wanted.filter((s) => !have.has(s.username))
  if (!todo.length) return
  await mutate(deps, systemCtx('demo'), async (tx) => {
    const unitId = async (code: string) => Number((await tx.db.selectFrom('org_unit').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id)
    for (const s of todo) {
      const home = await unitId(s.home)
      const grant = s.grant === 'all' ? { role: s.role, unitId: null, regionCode: null } : 'region' in s.grant ? { role: s.role, unitId: null, regionCode: s.grant.region } : { role: s.role, unitId: await unitId(s.grant.unit), regionCode: null }
      const row = await createStaffAccount(tx, { username: s.username, displayName: s.displayName, password: DEMO_PASSWORD, phone: s.phone, unitId: home, title: s.title, grants: [grant] })
      await tx.audit({ action: 'org.staff.create', targetType: 'user', targetId: Number(row.id), unitId: home, summary: `示范城市：新建工作人员账号 ${s.displayName}（${s.username}，${s.role}）` })
    }
  })
}

async function ensureDeveloper(deps: Deps): Promise<void> {
  try {
    await register(deps, systemCtx('demo'), {
      kind: 'enterprise',
      name: DEMO_DEVELOPER.name,
      creditCode: DEMO_DEVELOPER_CODE,
      legalRepresentative: DEMO_DEVELOPER.legalRepresentative,
      phone: DEMO_DEVELOPER.phone,
      password: DEMO_PASSWORD,
    })
  } catch (e) {
    if (!(e instanceof DomainError && e.code === 'ALREADY_REGISTERED')) throw e
  }
}

// ---------------------------------------------------------------------------------------------
// The joint module's services as the demo calls them (functions take (deps, ctx, ...), like the routes).

type File = { data: Buffer; originalName: string }
type Target = { kind: 'bundle'; bundleId: number } | { kind: 'stage'; projectId: number; stageKey: string }

export interface JointApi {
  createScheme(d: Deps, c: Ctx, input: { code: string; name: string; regionCode: string; targetDays: number; greenCutPercent: number; description: string; stages: { key: string; name: string; leadUnitId: number; limitDays: number; itemIds: number[]; meetingKinds: MeetingKind[] }[] }): Promise<{ id: number }>
  setDefaultScheme(d: Deps, c: Ctx, schemeId: number): Promise<unknown>
  createBundle(d: Deps, c: Ctx, input: { code: string; name: string; description: string; leadUnitId: number; limitDays: number; itemIds: number[]; audiences: ('person' | 'enterprise')[] }): Promise<{ id: number }>
  createProject(d: Deps, c: Ctx, input: { name: string; schemeId?: number; applicantUserId?: number; regionCode: string; location: string; investmentYuan: string; industryCode: string }): Promise<{ id: number; code: string }>
  setGreenChannel(d: Deps, c: Ctx, projectId: number, input: { on: boolean; reason: string }): Promise<unknown>
  setManager(d: Deps, c: Ctx, projectId: number, input: { userId: number }): Promise<unknown>
  grantAuthorisation(d: Deps, c: Ctx, input: { agentUserId: number; scope: 'all' | 'project'; projectId?: number; validUntil: string; note?: string }): Promise<{ id: number }>
  createCase(d: Deps, c: Ctx, input: Target & { principalUserId?: number }): Promise<number>
  createWindowCase(d: Deps, c: Ctx, input: Target & { windowId: number; applicantUserId: number; form: Record<string, unknown> }): Promise<number>
  saveForm(d: Deps, c: Ctx, jointCaseId: number, form: Record<string, unknown>): Promise<unknown>
  uploadMaterial(d: Deps, c: Ctx, jointCaseId: number, materialKey: string, file: File): Promise<unknown>
  submit(d: Deps, c: Ctx, jointCaseId: number): Promise<unknown>
  precheck(d: Deps, c: Ctx, taskId: number, input: { ok: true } | { items: { materialKey: string | null; problem: string }[] }): Promise<unknown>
  sendCorrectionNotice(d: Deps, c: Ctx, jointCaseId: number): Promise<unknown>
  accept(d: Deps, c: Ctx, jointCaseId: number): Promise<unknown>
  reply(d: Deps, c: Ctx, taskId: number, input: { reply: string; reasons?: string; forwardTo?: string }): Promise<unknown>
  issue(d: Deps, c: Ctx, taskId: number): Promise<unknown>
  scheduleMeeting(d: Deps, c: Ctx, jointCaseId: number, input: { kind: MeetingKind; title: string; scheduledAt: string; location: string; taskIds?: number[] }): Promise<{ id: number }>
  recordAttendance(d: Deps, c: Ctx, meetingId: number, input: { entries: { taskId: number; attendance: 'attended' | 'excused' | 'absent'; reason?: string }[]; minutes: string }): Promise<unknown>
  centralReply(d: Deps, c: Ctx, jointCaseId: number): Promise<unknown>
  deliver(d: Deps, c: Ctx, jointCaseId: number, input: { method: 'pickup' | 'post' | 'download'; centreId?: number; address?: string; trackingNumber?: string }): Promise<unknown>
  sweepTimeouts(d: Deps, c: Ctx, now: Date): Promise<number>
}

const actorIn = (c: Ctx): Actor => {
  if (!c.actor) throw new Error('demo: no actor')
  return c.actor
}

export const jointApi: JointApi = {
  createScheme: (d, c, input) => joint.createScheme(d, c, actorIn(c), input),
  setDefaultScheme: (d, c, id) => joint.setDefaultScheme(d, c, actorIn(c), id),
  createBundle: (d, c, input) => joint.createBundle(d, c, actorIn(c), input),
  createProject: (d, c, input) => joint.createProject(d, c, actorIn(c), input),
  setGreenChannel: (d, c, id, input) => joint.setGreenChannel(d, c, actorIn(c), id, input.on, input.reason),
  setManager: (d, c, id, input) => joint.setManager(d, c, actorIn(c), id, input.userId),
  grantAuthorisation: (d, c, input) => joint.grantOnline(d, c, actorIn(c), input),
  createCase: (d, c, input) => joint.createJointCase(d, c, input),
  createWindowCase: (d, c, input) => {
    const { applicantUserId, ...rest } = input
    return joint.fileAtWindow(d, c, { ...rest, applicant: { userId: applicantUserId } })
  },
  saveForm: (d, c, id, form) => joint.saveForm(d, c, id, form),
  uploadMaterial: (d, c, id, key, file) => joint.uploadMaterial(d, c, id, key, file),
  submit: (d, c, id) => joint.submit(d, c, id),
  precheck: (d, c, taskId, input) => joint.precheck(d, c, taskId, input),
  sendCorrectionNotice: (d, c, id) => joint.sendCorrectionNotice(d, c, id),
  accept: (d, c, id) => joint.accept(d, c, id),
  reply: (d, c, taskId, input) => joint.replyTask(d, c, taskId, input),
  issue: (d, c, taskId) => joint.issueTask(d, c, taskId),
  scheduleMeeting: async (d, c, id, input) => ({ id: await joint.scheduleMeeting(d, c, id, input) }),
  recordAttendance: (d, c, meetingId, input) => joint.recordAttendance(d, c, meetingId, input),
  centralReply: (d, c, id) => joint.centralReply(d, c, id),
  deliver: (d, c, id, input) => joint.deliver(d, c, id, input),
  sweepTimeouts: (d, c, now) => joint.sweepTimeouts(d, c, now),
}
