import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { createTestApp, type TestApp } from '../../test/harness.js'
import { loadDemoCity } from '../../demo/demo.js'
import { DEMO_ITEMS, loadDemoCatalogue } from '../../demo/catalog.js'
import { DEMO_PASSWORD } from '../../demo/accounts.js'
import type { FeeRule, ItemGuide } from './catalog.types.js'
import { feeLine, materialLine, parseFee, parseMaterial, parseStep, stepLine } from './catalog.xlsx.js'
import { normalizeGuide } from './catalog.rules.js'

let t: TestApp
let admin: string
beforeAll(async () => {
  t = await createTestApp()
  await loadDemoCity(t.deps, t.app.log)
  await loadDemoCatalogue(t.deps, t.app.log)
  admin = await t.login('centreadmin', DEMO_PASSWORD)
})
afterAll(() => t.close())

function multipart(data: Buffer, name = 'catalog.xlsx') {
  const boundary = '----owtest' + Math.random().toString(16).slice(2)
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`)
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  return { payload: Buffer.concat([head, data, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}
const importFile = async (data: Buffer) => {
  const m = multipart(data)
  return t.app.inject({ method: 'POST', url: '/api/catalog/import', payload: m.payload, headers: { ...m.headers, cookie: admin } })
}
const exportFile = async () => {
  const r = await t.app.inject({ method: 'GET', url: '/api/catalog/export.xlsx', headers: { cookie: admin } })
  expect(r.statusCode).toBe(200)
  return r.rawPayload
}
async function sheetOf(data: Buffer) {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(data as unknown as ArrayBuffer)
  const ws = wb.worksheets[0]!
  const header: string[] = []
  ws.getRow(1).eachCell((c, i) => (header[i] = String(c.value)))
  return { wb, ws, col: (name: string) => header.indexOf(name) }
}
async function guides(): Promise<Map<string, ItemGuide>> {
  const rows = await t.deps.db.selectFrom('item as i').innerJoin('item_version as v', 'v.id', 'i.current_version_id').select(['i.code', 'v.guide']).execute()
  return new Map(rows.map((r) => [r.code, r.guide as ItemGuide]))
}

describe('cell formats', () => {
  it.each([
    '营业执照|business_licence',
    'business_licence|营业执照|必要|复印件|1份|电子证照:营业执照',
    'agent|授权委托书|情形必要|原件|1份|情形:委托他人代为办理的',
    'layout|平面布局图|必要|原件|2份|容缺可后补|备注:按比例绘制',
  ])('reads and writes a material line back unchanged where it is valid: %s', (line) => {
    if (line.startsWith('营业执照')) {
      expect(() => parseMaterial(line)).toThrow()
      return
    }
    expect(materialLine(parseMaterial(line))).toBe(line)
  })

  it('reads a step by the role’s Chinese name and writes it back', () => {
    expect(parseStep('review|审核|审核人员|6个工作日')).toEqual({ key: 'review', name: '审核', role: 'reviewer', limitDays: 6 })
    expect(stepLine({ key: 'approve', name: '批准', role: 'approver', limitDays: 3 })).toBe('approve|批准|审批人 / 首席代表|3个工作日')
    expect(() => parseStep('review|审核|申请人|6个工作日')).toThrow(/环节角色/)
  })

  it.each<FeeRule>([
    { key: 'registration_fee', name: '不动产登记费', basis: '发改价格规〔2016〕2559号', kind: 'flat', amountCents: 8000, exemptions: ['small_micro'] },
    { key: 'certificate_fee', name: '工本费', basis: 'b', kind: 'per_unit', unitName: '本', unitPriceCents: 1000, minQuantity: 0, maxQuantity: 20 },
    { key: 'water', name: '水资源费', basis: 'c', kind: 'tiered', unitName: '万立方米', tiers: [{ upTo: 10, unitPriceCents: 5000 }, { upTo: null, unitPriceCents: 12050 }] },
  ])('round-trips the $kind fee rule $name through its cell text', (rule) => {
    const line = feeLine(rule)
    expect(parseFee(line, new Map([[rule.key, rule.basis]]))).toEqual(rule)
  })
})

describe('xlsx export and import', () => {
  it('exports the implementation list with the R7 columns, and importing it back changes no guide', async () => {
    const data = await exportFile()
    const { ws, col } = await sheetOf(data)
    for (const c of ['事项编码', '事项名称', '事项类型', '服务对象', '实施机构', '法定期限', '承诺期限', '办件类型', '受理条件', '办理材料', '办理流程', '是否收费', '收费标准', '收费依据', '法定依据', '咨询电话', '监督投诉电话', '办事者到办事现场次数', '结果名称', '常见问题'])
      expect(col(c), c).toBeGreaterThan(0)
    expect(ws.rowCount - 1).toBe(DEMO_ITEMS.length)
    const before = await guides()
    const r = await importFile(data)
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json()).toEqual({ created: 0, updated: DEMO_ITEMS.length, errors: [] })
    const drafts = await t.deps.db.selectFrom('item').select(['code', 'draft']).execute()
    const diff = drafts.filter((d) => JSON.stringify(normalizeGuide(d.draft as ItemGuide)) !== JSON.stringify(normalizeGuide(before.get(d.code)!)))
    expect(diff.map((d) => d.code)).toEqual([])
    // published versions are untouched by an import: it only writes drafts
    expect(await guides()).toEqual(before)
  })

  it('creates new items from new codes and lists bad rows with their row numbers, writing none of them', async () => {
    const { wb, ws, col } = await sheetOf(await exportFile())
    const set = (row: number, name: string, v: string | number) => (ws.getRow(row).getCell(col(name)).value = v)
    const get = (row: number, name: string) => String(ws.getRow(row).getCell(col(name)).value ?? '')
    set(2, '事项编码', 'NEW-XK-0001')
    set(2, '事项名称', '新导入的事项')
    set(3, '事项编码', 'NEW-XK-0002')
    set(3, '承诺期限', Number(get(3, '法定期限')) + 1) // over the legal limit
    set(4, '事项编码', 'NEW-XK-0003')
    set(4, '办理材料', 'only_two_fields|缺字段')
    set(5, '事项编码', 'NEW-XK-0004')
    set(5, '实施机构', '不存在的部门')
    set(6, '事项编码', 'NEW-XK-0005')
    set(6, '办理流程', 'intake|受理|窗口人员|0个工作日')
    const r = await importFile(Buffer.from(await wb.xlsx.writeBuffer()))
    expect(r.statusCode, r.body).toBe(200)
    const body = r.json() as { created: number; updated: number; errors: { row: number; code: string; message: string }[] }
    expect(body.created).toBe(1)
    expect(body.updated).toBe(DEMO_ITEMS.length - 5)
    expect(body.errors.map((e) => [e.row, e.code])).toEqual([
      [3, 'PROMISED_OVER_LEGAL'],
      [4, 'INVALID_ROW'],
      [5, 'UNKNOWN_DEPARTMENT'],
      [6, 'STEPS_INCOMPLETE'],
    ])
    expect(body.errors[1]!.message).toContain('材料')
    const codes = (await t.deps.db.selectFrom('item').select('code').where('code', 'like', 'NEW-%').execute()).map((x) => x.code)
    expect(codes).toEqual(['NEW-XK-0001'])
  })

  it('refuses a file that is not a spreadsheet, and anyone but an administrator', async () => {
    const bad = await importFile(Buffer.from('not a spreadsheet'))
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'INVALID_IMPORT_FILE'])
    const anon = await t.app.inject({ method: 'GET', url: '/api/catalog/export.xlsx' })
    expect(anon.statusCode).toBe(401)
  })
})
