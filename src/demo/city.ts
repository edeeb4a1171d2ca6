/**
 * The demo city: 德州市 (Shandong, GB/T 2260 code 3714), after the Dezhou seed — a city
 * 政务服务中心 with 分中心 for real estate and public resource trading, a 12345 hotline centre, the
 * 审批服务科 of the city departments "整建制进驻" the hall, general windows for 企业开办 and 工程建设项目
 * (the seed's two 综合窗口), department windows, a 政务服务中心 in each of the 12 counties and districts,
 * a 便民服务中心 for every township and street of 德城区, 陵城区 and 禹城市, and a few 村(社区)便民服务站.
 *
 * County and district centres are top-level units of their own governments (subtype
 * county_centre), not children of the city centre: the city centre's administrators manage the
 * city hall; the city-wide view belongs to region-scoped roles (supervisor on 3714).
 * Names, numbers and addresses are realistic but invented.
 */
import type { UnitSpec } from '../modules/org/index.js'

export const CITY = { code: '3714', name: '德州市', provinceCode: '37' } as const

/** The marker of a loaded demo: the city centre's unit code. */
export const CITY_CENTRE_CODE = 'ZX3714'

const office = (n: number) => `0534-26${String(89000 + n).padStart(5, '0')}`

export interface DepartmentDef {
  key: string
  name: string
  short: string
  description: string
  /** the approval office's name; none for departments without approval powers */
  office?: string
  /** the centre the office sits in (default: the city centre) */
  officeIn?: string
}

export const DEPARTMENTS: DepartmentDef[] = [
  { key: 'XZSP', name: '德州市行政审批服务局', short: '行政审批服务局', description: '相对集中行政许可权改革后集中行使市级行政许可事项', office: '德州市行政审批服务局综合审批科' },
  { key: 'SCJG', name: '德州市市场监督管理局', short: '市场监管局', description: '市场主体登记、食品药品经营许可、特种设备、计量标准等' },
  { key: 'FGW', name: '德州市发展和改革委员会', short: '发展改革委', description: '固定资产投资项目审批、核准、备案，节能审查' },
  { key: 'ZRZY', name: '德州市自然资源和规划局', short: '自然资源和规划局', description: '建设用地审批、建设工程规划许可、不动产登记', officeIn: 'BDC' },
  { key: 'ZJJ', name: '德州市住房和城乡建设局', short: '住房城乡建设局', description: '施工许可、商品房预售许可、建筑业企业资质' },
  { key: 'GAJ', name: '德州市公安局', short: '公安局', description: '户籍、居民身份证、出入境证件、机动车和驾驶证' },
  { key: 'RSJ', name: '德州市人力资源和社会保障局', short: '人力资源社会保障局', description: '社会保险登记、就业创业、职业资格' },
  { key: 'MZJ', name: '德州市民政局', short: '民政局', description: '社会组织登记、婚姻登记、养老机构备案' },
  { key: 'WJW', name: '德州市卫生健康委员会', short: '卫生健康委', description: '医疗机构执业登记、医师执业注册、公共场所卫生许可' },
  { key: 'JTJ', name: '德州市交通运输局', short: '交通运输局', description: '道路运输经营许可、从业资格、公路占用挖掘许可' },
  { key: 'SHJ', name: '德州市生态环境局', short: '生态环境局', description: '建设项目环境影响评价审批、排污许可' },
  { key: 'SWJ', name: '国家税务总局德州市税务局', short: '税务局', description: '税务登记、发票领用、纳税申报' },
  { key: 'YBJ', name: '德州市医疗保障局', short: '医疗保障局', description: '医保参保登记、异地就医备案、定点医药机构' },
  { key: 'SLJ', name: '德州市水利局', short: '水利局', description: '取水许可、水土保持方案审批、河道管理范围内建设项目' },
  { key: 'ZFB', name: '德州市人民政府办公室', short: '市政府办公室', description: '政务公开、12345 热线工作的综合协调' },
]
for (const d of DEPARTMENTS) if (d.key !== 'ZFB' && !d.office) d.office = `${d.name}行政审批服务科`

/** General windows of the city centre (the seed's 企业设立 and 建设项目 综合窗口, plus social affairs and results). */
const CITY_GENERAL_WINDOWS = [
  ['A01', '企业开办综合受理窗口（A01）', '企业开办“一窗受理、一表申请、一次办结”：营业执照、印章、发票、社保登记'],
  ['A02', '企业开办综合受理窗口（A02）', '企业变更、注销综合受理'],
  ['B01', '工程建设项目综合受理窗口（B01）', '工程建设项目审批“一路通”：立项、规划、施工许可、竣工验收各阶段统一收件'],
  ['C01', '社会事务综合受理窗口（C01）', '民政、卫生健康、人社等社会事务类事项无差别受理'],
  ['D01', '综合出件窗口（D01）', '审批结果统一出件、邮寄'],
] as const

/** Department windows of the city centre: [code, name, department]. */
const CITY_DEPARTMENT_WINDOWS = [
  ['E01', '市场监管局窗口（E01）', 'SCJG'],
  ['E02', '发展改革委窗口（E02）', 'FGW'],
  ['E03', '住房城乡建设局窗口（E03）', 'ZJJ'],
  ['E04', '公安局户政窗口（E04）', 'GAJ'],
  ['E05', '公安局出入境窗口（E05）', 'GAJ'],
  ['E06', '人力资源社会保障局窗口（E06）', 'RSJ'],
  ['E07', '民政局窗口（E07）', 'MZJ'],
  ['E08', '卫生健康委窗口（E08）', 'WJW'],
  ['E09', '交通运输局窗口（E09）', 'JTJ'],
  ['E10', '生态环境局窗口（E10）', 'SHJ'],
  ['E11', '税务局办税窗口（E11）', 'SWJ'],
  ['E12', '医疗保障局窗口（E12）', 'YBJ'],
  ['E13', '水利局窗口（E13）', 'SLJ'],
] as const

/** Counties/districts whose township centres (and a few village service points) are built. */
export const DETAILED_COUNTIES = ['371402', '371403', '371482'] as const

/** Townships whose first villages/communities get a 便民服务站. */
const VILLAGE_POINT_TOWNSHIPS = ['371402001', '371403101', '371482100'] as const
const VILLAGE_POINTS_PER_TOWNSHIP = 3

const ROADS = ['东风中路', '人民路', '振华路', '迎宾大街', '府前街', '建设路', '政通路', '民生路', '新华路', '长河大道', '德兴大道', '文化路']

export interface RegionName {
  code: string
  name: string
}

/** Unit codes of the units demo accounts refer to. */
export const UNIT_CODES = {
  cityCentre: CITY_CENTRE_CODE,
  realEstate: 'ZX3714-BDC',
  trading: 'ZX3714-GGZY',
  hotline: 'ZX3714-12345',
  windowA01: 'CK3714-A01',
  windowE01: 'CK3714-E01',
  dept: (key: string) => `BM3714-${key}`,
  office: (key: string) => `SP3714-${key}`,
  countyCentre: (code: string) => `ZX${code}`,
  countyWindow: (code: string) => `CK${code}-01`,
  townWindow: (code: string) => `CK${code}-01`,
} as const

/** Village/community name without its committee suffix: 尉署社区居委会 → 尉署社区, 郑寨汪家村委会 → 郑寨汪家村. */
export function villagePlace(name: string): string {
  const m = name.match(/^(.*?)(居民委员会|村民委员会|居委会|村委会)$/)
  if (!m) return name
  const base = m[1]!
  if (/(社区|村|居)$/.test(base)) return base
  return base + (m[2]!.startsWith('居') ? '社区' : '村')
}

/**
 * The unit specs, parents first. `counties` are 3714's counties/districts, `townships` the
 * townships of DETAILED_COUNTIES, `villages` the villages of VILLAGE_POINT_TOWNSHIPS (names from
 * the region table, so they match the imported codes).
 */
export function cityUnits(counties: RegionName[], townships: RegionName[], villages: RegionName[]): UnitSpec[] {
  const specs: UnitSpec[] = []
  let n = 0
  specs.push({
    key: 'city',
    kind: 'centre',
    subtype: 'city_centre',
    name: '德州市政务服务中心',
    code: CITY_CENTRE_CODE,
    regionCode: CITY.code,
    phone: office(1),
    address: '德州市德城区东风中路 1166 号',
    description: '行政审批、公共资源交易、便民服务“三位一体”的市级政务服务平台',
    sort: 0,
  })
  const branches = [
    ['BDC', UNIT_CODES.realEstate, '德州市不动产登记分中心', '德州市德城区三八东路 1588 号', '不动产登记、交易、税费一窗办理'],
    ['GGZY', UNIT_CODES.trading, '德州市公共资源交易中心', '德州市德城区东风中路 1166 号 5 楼', '工程建设招投标、政府采购、土地和矿业权出让、国有产权交易'],
    ['RX', UNIT_CODES.hotline, '德州市12345政务服务便民热线中心', '德州市德城区东风中路 1166 号 8 楼', '12345 热线受理、派单、督办、回访'],
  ] as const
  branches.forEach(([key, code, name, address, description], i) =>
    specs.push({ key, kind: 'centre', subtype: 'branch', name, code, regionCode: CITY.code, parent: 'city', phone: key === 'RX' ? '12345' : office(10 + i), address, description, sort: 10 + i }),
  )

  for (const d of DEPARTMENTS) {
    specs.push({ key: `dept:${d.key}`, kind: 'department', name: d.name, code: UNIT_CODES.dept(d.key), regionCode: CITY.code, phone: office(100 + ++n), description: d.description, sort: n })
  }
  for (const d of DEPARTMENTS) {
    if (!d.office) continue
    specs.push({
      key: `office:${d.key}`,
      kind: 'approval_office',
      name: d.office,
      code: UNIT_CODES.office(d.key),
      regionCode: CITY.code,
      parent: `dept:${d.key}`,
      centre: d.officeIn ?? 'city',
      phone: office(200 + ++n),
      description: `${d.short}行政审批职能集中于此科室，整建制进驻${d.officeIn === 'BDC' ? '不动产登记分中心' : '市政务服务中心'}`,
    })
  }

  CITY_GENERAL_WINDOWS.forEach(([no, name, description], i) =>
    specs.push({ key: `win:${no}`, kind: 'window', subtype: 'general', name, code: `CK3714-${no}`, regionCode: CITY.code, parent: 'city', phone: office(300 + i), description, sort: i }),
  )
  CITY_DEPARTMENT_WINDOWS.forEach(([no, name, dept], i) =>
    specs.push({ key: `win:${no}`, kind: 'window', subtype: 'department', name, code: `CK3714-${no}`, regionCode: CITY.code, parent: 'city', department: `dept:${dept}`, phone: office(320 + i), sort: 20 + i }),
  )
  specs.push({ key: 'win:BDC01', kind: 'window', subtype: 'general', name: '不动产登记综合受理窗口', code: 'CK3714-BDC01', regionCode: CITY.code, parent: 'BDC', phone: office(400), description: '不动产登记、交易、缴税“一窗受理、并行办理”' })
  specs.push({ key: 'win:BDC02', kind: 'window', subtype: 'department', name: '自然资源和规划局不动产窗口', code: 'CK3714-BDC02', regionCode: CITY.code, parent: 'BDC', department: 'dept:ZRZY', phone: office(401) })
  specs.push({ key: 'win:GGZY01', kind: 'window', subtype: 'general', name: '交易服务综合窗口', code: 'CK3714-GGZY01', regionCode: CITY.code, parent: 'GGZY', phone: office(402), description: '投标报名、保证金、场地预约' })

  counties.forEach((c, i) => {
    const short = c.name.replace(/^德州/, '')
    specs.push({
      key: `county:${c.code}`,
      kind: 'centre',
      subtype: 'county_centre',
      name: `${c.name}政务服务中心`,
      code: UNIT_CODES.countyCentre(c.code),
      regionCode: c.code,
      phone: `0534-${String(5210001 + i * 10000)}`,
      address: `德州市${c.name}${ROADS[i % ROADS.length]} ${88 + i * 3} 号`,
      description: `${short}行政审批和便民服务的县级平台，指导乡镇（街道）便民服务中心`,
      sort: 100 + i,
    })
    specs.push({ key: `cwin:${c.code}`, kind: 'window', subtype: 'general', name: `${short}综合受理窗口`, code: UNIT_CODES.countyWindow(c.code), regionCode: c.code, parent: `county:${c.code}`, phone: `0534-${String(5210002 + i * 10000)}` })
    if ((DETAILED_COUNTIES as readonly string[]).includes(c.code)) {
      specs.push({ key: `cwin2:${c.code}`, kind: 'window', subtype: 'general', name: `${short}综合出件窗口`, code: `CK${c.code}-02`, regionCode: c.code, parent: `county:${c.code}`, phone: `0534-${String(5210003 + i * 10000)}` })
    }
  })

  townships.forEach((t, i) => {
    const county = t.code.slice(0, 6)
    specs.push({
      key: `town:${t.code}`,
      kind: 'centre',
      subtype: 'township_centre',
      name: `${t.name}便民服务中心`,
      code: `ZX${t.code}`,
      regionCode: t.code,
      parent: `county:${county}`,
      phone: `0534-${String(7310001 + i * 97)}`,
      address: `德州市${counties.find((c) => c.code === county)?.name ?? ''}${t.name}政府院内`,
      sort: i,
    })
    if (county === '371402') {
      specs.push({ key: `twin:${t.code}`, kind: 'window', subtype: 'general', name: `${t.name}综合服务窗口`, code: UNIT_CODES.townWindow(t.code), regionCode: t.code, parent: `town:${t.code}` })
    }
  })

  for (const v of villages) {
    specs.push({
      key: `village:${v.code}`,
      kind: 'centre',
      subtype: 'village_point',
      name: `${villagePlace(v.name)}便民服务站`,
      code: `ZX${v.code}`,
      regionCode: v.code,
      parent: `town:${v.code.slice(0, 9)}`,
      description: '代办员全程帮办代办，村（社区）事村（社区）办',
    })
  }
  return specs
}

export { VILLAGE_POINT_TOWNSHIPS, VILLAGE_POINTS_PER_TOWNSHIP }
