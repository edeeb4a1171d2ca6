/**
 * The catalogue as an xlsx implementation list (R7 columns). Structured parts sit in one cell as
 * readable text, one entry per line, fields separated by "|":
 *
 *   办理材料  键|名称|必要性|形式|份数[|情形:…][|容缺可后补][|电子证照:…][|备注:…]
 *             e.g. business_licence|营业执照|必要|原件|1份|电子证照:营业执照
 *             必要性: 必要 / 情形必要 / 非必要; 形式: 原件 / 复印件 / 原件和复印件 / 电子件
 *   办理流程  键|名称|角色|N个工作日        e.g. intake|受理|窗口人员|1个工作日 (角色 by its Chinese name or key)
 *   收费标准  键|名称|定额|80.00元[|减免:a,b]
 *             键|名称|按单位|10.00元/本[|数量:1-5][|减免:…]
 *             键|名称|分档|平方米|100:3.00;500:2.00;以上:1.00[|减免:…]
 *   收费依据  键|依据 (one line per fee rule)
 *   常见问题  问：…  then  答：…  (line pairs)
 *   lists     服务对象, 主题, 特别程序, 服务形式: separated by 、
 */
import ExcelJS from 'exceljs'
import { ROLES, STAFF_ROLES, type Role } from '../../shared/roles.js'
import { ITEM_TYPES, PAUSE_KINDS, type FeeRule, type ItemGuide, type ItemMaterial, type ItemStep, type ItemTypeCode, type PauseKind } from './catalog.types.js'
import { AUDIENCE_NAMES, CHANNEL_NAMES, LEVEL_NAMES, RESULT_TYPE_NAMES, STATUS_NAMES } from './catalog.rules.js'
import type { ItemStatus } from './catalog.types.js'

export const COLUMNS = [
  '事项编码',
  '事项名称',
  '事项类型',
  '服务对象',
  '主题',
  '实施机构',
  '行使层级',
  '法定期限',
  '承诺期限',
  '办件类型',
  '受理条件',
  '办理材料',
  '办理流程',
  '特别程序',
  '容缺受理',
  '告知承诺',
  '是否收费',
  '收费标准',
  '收费依据',
  '法定依据',
  '结果类型',
  '结果名称',
  '电子证照类型',
  '服务形式',
  '办事者到办事现场次数',
  '咨询电话',
  '监督投诉电话',
  '行政复议',
  '行政诉讼',
  '常见问题',
  '事项状态',
] as const
export type Column = (typeof COLUMNS)[number]

const REQ = { required: '必要', conditional: '情形必要', optional: '非必要' } as const
const FORM = { original: '原件', copy: '复印件', original_and_copy: '原件和复印件', electronic: '电子件' } as const
const SEP = '、'

const invert = <K extends string>(m: Record<K, string>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [v, k])) as Record<string, K>
const yuan = (cents: number) => (cents / 100).toFixed(2)
function cents(s: string, what: string): number {
  const m = s.trim().replace(/元$/, '').match(/^(\d+)(?:\.(\d{1,2}))?$/)
  if (!m) throw new Error(`${what}“${s}”不是金额（如 80.00元）`)
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'))
}

// ---------- guide → row ----------

export function materialLine(m: ItemMaterial): string {
  const parts = [m.key, m.name, REQ[m.requirement], FORM[m.form], `${m.copies}份`]
  if (m.requirement === 'conditional' && m.condition) parts.push(`情形:${m.condition}`)
  if (m.secondary) parts.push('容缺可后补')
  if (m.eCertificateType) parts.push(`电子证照:${m.eCertificateType}`)
  if (m.note) parts.push(`备注:${m.note}`)
  return parts.join('|')
}

export function stepLine(s: ItemStep): string {
  return [s.key, s.name, ROLES[s.role], `${s.limitDays}个工作日`].join('|')
}

export function feeLine(r: FeeRule): string {
  const ex = r.exemptions?.length ? [`减免:${r.exemptions.join(',')}`] : []
  if (r.kind === 'flat') return [r.key, r.name, '定额', `${yuan(r.amountCents)}元`, ...ex].join('|')
  if (r.kind === 'per_unit') {
    const q = r.minQuantity != null || r.maxQuantity != null ? [`数量:${r.minQuantity ?? ''}-${r.maxQuantity ?? ''}`] : []
    return [r.key, r.name, '按单位', `${yuan(r.unitPriceCents)}元/${r.unitName}`, ...q, ...ex].join('|')
  }
  const tiers = r.tiers.map((t) => `${t.upTo === null ? '以上' : t.upTo}:${yuan(t.unitPriceCents)}`).join(';')
  return [r.key, r.name, '分档', r.unitName, tiers, ...ex].join('|')
}

export function guideRow(g: ItemGuide, departmentName: string, status: ItemStatus): Record<Column, string | number> {
  return {
    事项编码: g.code,
    事项名称: g.name,
    事项类型: `${g.typeCode} ${ITEM_TYPES[g.typeCode]}`,
    服务对象: g.audiences.map((a) => AUDIENCE_NAMES[a]).join(SEP),
    主题: g.topics.join(SEP),
    实施机构: departmentName,
    行使层级: LEVEL_NAMES[g.level],
    法定期限: g.legalLimitDays,
    承诺期限: g.promisedLimitDays,
    办件类型: g.instant ? '即办件' : '承诺件',
    受理条件: g.conditions,
    办理材料: g.materials.map(materialLine).join('\n'),
    办理流程: g.steps.map(stepLine).join('\n'),
    特别程序: g.pausesAllowed.map((p) => PAUSE_KINDS[p]).join(SEP),
    容缺受理: g.conditionalAcceptance ? '是' : '否',
    告知承诺: g.pledgeAllowed ? '是' : '否',
    是否收费: g.fees.length ? '是' : '否',
    收费标准: g.fees.map(feeLine).join('\n'),
    收费依据: g.fees.map((f) => `${f.key}|${f.basis}`).join('\n'),
    法定依据: g.legalBasis,
    结果类型: RESULT_TYPE_NAMES[g.result.type],
    结果名称: g.result.name,
    电子证照类型: g.result.eCertificateType ?? '',
    服务形式: g.channels.map((c) => CHANNEL_NAMES[c]).join(SEP),
    办事者到办事现场次数: g.visits,
    咨询电话: g.consultPhone,
    监督投诉电话: g.complaintPhone,
    行政复议: g.remedies.review,
    行政诉讼: g.remedies.litigation,
    常见问题: g.faq.map((f) => `问：${f.q}\n答：${f.a}`).join('\n'),
    事项状态: STATUS_NAMES[status],
  }
}

export async function exportWorkbook(rows: { guide: ItemGuide; departmentName: string; status: ItemStatus }[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'OneWindow 一窗通办'
  const ws = wb.addWorksheet('实施清单')
  ws.columns = COLUMNS.map((c) => ({ header: c, key: c, width: ['办理材料', '办理流程', '受理条件', '法定依据', '常见问题', '收费标准'].includes(c) ? 60 : 18 }))
  ws.getRow(1).font = { bold: true }
  for (const r of rows) {
    const row = ws.addRow(guideRow(r.guide, r.departmentName, r.status))
    row.alignment = { wrapText: true, vertical: 'top' }
  }
  ws.views = [{ state: 'frozen', xSplit: 2, ySplit: 1 }]
  return Buffer.from(await wb.xlsx.writeBuffer())
}

// ---------- row → guide ----------

export interface ParsedRow {
  row: number
  /** the guide without departmentId (resolved by the caller from departmentName) */
  guide: Omit<ItemGuide, 'departmentId'>
  departmentName: string
}

const lines = (s: string) =>
  s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
const list = (s: string) =>
  s
    .split(/[、,，;；\n]/)
    .map((x) => x.trim())
    .filter(Boolean)
const yes = (s: string, what: string) => {
  if (s === '是') return true
  if (s === '否' || s === '') return false
  throw new Error(`${what}须填“是”或“否”`)
}
function int(s: string, what: string): number {
  if (!/^\d+$/.test(s.trim())) throw new Error(`${what}须为非负整数，而不是“${s}”`)
  return Number(s.trim())
}
function pick<K extends string>(map: Record<string, K>, s: string, what: string): K {
  const v = map[s.trim()]
  if (v === undefined) throw new Error(`${what}“${s}”不正确，可填：${Object.keys(map).join('、')}`)
  return v
}

const REQ_BY = invert(REQ)
const FORM_BY = invert(FORM)
const ROLE_BY: Record<string, Role> = { ...Object.fromEntries(STAFF_ROLES.map((r) => [ROLES[r], r])), ...Object.fromEntries(STAFF_ROLES.map((r) => [r, r])) }

export function parseMaterial(line: string): ItemMaterial {
  const [key, name, req, form, copies, ...opts] = line.split('|').map((x) => x.trim())
  if (!key || !name || !req || !form || !copies) throw new Error(`材料“${line}”应为：键|名称|必要性|形式|份数`)
  const m: ItemMaterial = {
    key,
    name,
    requirement: pick(REQ_BY, req, '材料必要性'),
    condition: null,
    form: pick(FORM_BY, form, '材料形式'),
    copies: int(copies.replace(/份$/, ''), '材料份数'),
    blankFormFileId: null,
    sampleFileId: null,
    eCertificateType: null,
    secondary: false,
    note: null,
  }
  for (const o of opts) {
    if (o === '容缺可后补') m.secondary = true
    else if (o.startsWith('情形:') || o.startsWith('情形：')) m.condition = o.slice(3).trim()
    else if (o.startsWith('电子证照:') || o.startsWith('电子证照：')) m.eCertificateType = o.slice(5).trim()
    else if (o.startsWith('备注:') || o.startsWith('备注：')) m.note = o.slice(3).trim()
    else if (o) throw new Error(`材料“${name}”的选项“${o}”无法识别`)
  }
  return m
}

export function parseStep(line: string): ItemStep {
  const [key, name, role, limit] = line.split('|').map((x) => x.trim())
  if (!key || !name || !role || limit === undefined) throw new Error(`环节“${line}”应为：键|名称|角色|N个工作日`)
  return { key, name, role: pick(ROLE_BY, role, '环节角色'), limitDays: int(limit.replace(/个?工作日$/, ''), '环节时限') }
}

export function parseFee(line: string, bases: Map<string, string>): FeeRule {
  const parts = line.split('|').map((x) => x.trim())
  const [key, name, kind] = parts
  if (!key || !name || !kind) throw new Error(`收费项目“${line}”应为：键|名称|方式|…`)
  const basis = bases.get(key)
  if (!basis) throw new Error(`收费项目“${name}”在“收费依据”中没有对应的依据（${key}|依据）`)
  const rest = parts.slice(3)
  const opts = rest.filter((p) => /^(减免|数量)[:：]/.test(p))
  const main = rest.filter((p) => !/^(减免|数量)[:：]/.test(p))
  const ex = opts.find((p) => p.startsWith('减免'))
  const exemptions = ex ? list(ex.slice(3).replace(/,/g, '、')) : []
  const exo = exemptions.length ? { exemptions } : {}
  if (kind === '定额') {
    if (!main[0]) throw new Error(`收费项目“${name}”缺少金额`)
    return { key, name, basis, kind: 'flat', amountCents: cents(main[0], '金额'), ...exo }
  }
  if (kind === '按单位') {
    const m = main[0]?.match(/^(.+?)元?\/(.+)$/)
    if (!m) throw new Error(`收费项目“${name}”的单价应写作“10.00元/本”`)
    const q = opts.find((p) => p.startsWith('数量'))
    const [min, max] = q ? q.slice(3).split('-') : []
    return {
      key,
      name,
      basis,
      kind: 'per_unit',
      unitName: m[2]!.trim(),
      unitPriceCents: cents(m[1]!, '单价'),
      ...(min ? { minQuantity: int(min, '最小数量') } : {}),
      ...(max ? { maxQuantity: int(max, '最大数量') } : {}),
      ...exo,
    }
  }
  if (kind === '分档') {
    const [unitName, tiers] = main
    if (!unitName || !tiers) throw new Error(`收费项目“${name}”应为：键|名称|分档|单位|上限:单价;…;以上:单价`)
    return {
      key,
      name,
      basis,
      kind: 'tiered',
      unitName,
      tiers: tiers.split(/[;；]/).map((t) => {
        const [up, price] = t.split(/[:：]/).map((x) => x.trim())
        if (!up || !price) throw new Error(`收费项目“${name}”的档次“${t}”应写作“上限:单价”`)
        return { upTo: up === '以上' ? null : int(up, '档次上限'), unitPriceCents: cents(price, '单价') }
      }),
      ...exo,
    }
  }
  throw new Error(`收费项目“${name}”的方式“${kind}”不正确，可填：定额、按单位、分档`)
}

function parseFaq(s: string): { q: string; a: string }[] {
  const out: { q: string; a: string }[] = []
  for (const l of lines(s)) {
    if (/^问[:：]/.test(l)) out.push({ q: l.slice(2).trim(), a: '' })
    else if (/^答[:：]/.test(l) && out.length && !out[out.length - 1]!.a) out[out.length - 1]!.a = l.slice(2).trim()
    else if (out.length) out[out.length - 1]!.a += (out[out.length - 1]!.a ? '\n' : '') + l
    else throw new Error('常见问题须以“问：”开头，下一行“答：”')
  }
  return out
}

const TYPE_BY_NAME = invert(ITEM_TYPES)
function parseType(s: string): ItemTypeCode {
  const t = s.trim()
  const code = t.match(/^(\d{2})/)?.[1]
  if (code && Object.hasOwn(ITEM_TYPES, code)) return code as ItemTypeCode
  const byName = TYPE_BY_NAME[t]
  if (byName) return byName
  throw new Error(`事项类型“${s}”不正确（如“01 行政许可”）`)
}

/** One row's cells → a guide; throws an Error with a Chinese message for the first problem. */
export function rowToGuide(cells: Record<Column, string>): { guide: Omit<ItemGuide, 'departmentId'>; departmentName: string } {
  const c = (k: Column) => (cells[k] ?? '').trim()
  const need = (k: Column) => {
    const v = c(k)
    if (!v) throw new Error(`“${k}”不能为空`)
    return v
  }
  const bases = new Map<string, string>()
  for (const l of lines(c('收费依据'))) {
    const i = l.indexOf('|')
    if (i < 1) throw new Error(`收费依据“${l}”应写作：键|依据`)
    bases.set(l.slice(0, i).trim(), l.slice(i + 1).trim())
  }
  const fees = lines(c('收费标准')).map((l) => parseFee(l, bases))
  const charged = c('是否收费')
  if (charged === '否' && fees.length) throw new Error('“是否收费”为否，但填写了收费标准')
  if (charged === '是' && !fees.length) throw new Error('“是否收费”为是，但没有收费标准')
  const kind = need('办件类型')
  if (kind !== '即办件' && kind !== '承诺件') throw new Error('办件类型须为“即办件”或“承诺件”')
  return {
    departmentName: need('实施机构'),
    guide: {
      code: need('事项编码'),
      name: need('事项名称'),
      typeCode: parseType(need('事项类型')),
      level: pick(invert(LEVEL_NAMES), c('行使层级') || '市级', '行使层级'),
      legalBasis: need('法定依据'),
      conditions: need('受理条件'),
      audiences: list(need('服务对象')).map((a) => pick({ 自然人: 'person', 企业法人: 'enterprise', 法人: 'enterprise', 企业: 'enterprise' } as Record<string, 'person' | 'enterprise'>, a, '服务对象')),
      topics: list(c('主题')),
      materials: lines(c('办理材料')).map(parseMaterial),
      legalLimitDays: int(need('法定期限'), '法定期限'),
      promisedLimitDays: int(need('承诺期限'), '承诺期限'),
      instant: kind === '即办件',
      steps: lines(need('办理流程')).map(parseStep),
      pausesAllowed: list(c('特别程序')).map((p) => pick(invert(PAUSE_KINDS) as Record<string, PauseKind>, p, '特别程序')),
      conditionalAcceptance: yes(c('容缺受理'), '容缺受理'),
      pledgeAllowed: yes(c('告知承诺'), '告知承诺'),
      fees,
      result: { type: pick(invert(RESULT_TYPE_NAMES), need('结果类型'), '结果类型'), name: need('结果名称'), eCertificateType: c('电子证照类型') || null },
      channels: list(need('服务形式')).map((x) => pick(invert(CHANNEL_NAMES), x, '服务形式')),
      visits: int(need('办事者到办事现场次数'), '办事者到办事现场次数'),
      consultPhone: need('咨询电话'),
      complaintPhone: need('监督投诉电话'),
      remedies: { review: need('行政复议'), litigation: need('行政诉讼') },
      faq: parseFaq(c('常见问题')),
    },
  }
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (v instanceof Date) return v.toISOString().slice(0, 10)
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('')
    if ('text' in v) return String(v.text)
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue)
  }
  return String(v)
}

/** Reads the first sheet: header row → column names; every later non-empty row → cells (row numbers as in Excel). */
export async function readWorkbook(data: Buffer): Promise<{ row: number; cells: Record<Column, string> }[]> {
  const wb = new ExcelJS.Workbook()
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer)
  } catch {
    throw new Error('文件不是有效的 xlsx 表格')
  }
  const ws = wb.worksheets[0]
  if (!ws) throw new Error('表格中没有工作表')
  const header = new Map<number, Column>()
  ws.getRow(1).eachCell((cell, col) => {
    const name = cellText(cell.value).trim()
    if ((COLUMNS as readonly string[]).includes(name)) header.set(col, name as Column)
  })
  for (const required of ['事项编码', '事项名称', '实施机构'] as const)
    if (![...header.values()].includes(required)) throw new Error(`表头缺少“${required}”列`)
  const out: { row: number; cells: Record<Column, string> }[] = []
  ws.eachRow((row, n) => {
    if (n === 1) return
    const cells = {} as Record<Column, string>
    let any = false
    for (const [col, name] of header) {
      const t = cellText(row.getCell(col).value)
      cells[name] = t
      if (t.trim()) any = true
    }
    if (any) out.push({ row: n, cells })
  })
  return out
}
