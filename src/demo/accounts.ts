/**
 * The demo accounts: one per role, all with the password `Demo@2026`, for the README and for
 * trying the platform out. The applicants' ID number and credit code are generated with valid
 * check characters (GB 11643, GB 11714, GB 32100).
 */
import { creditCodeCheckChar, idCheckDigit, orgCodeCheckChar } from '../shared/identity.js'
export { orgCodeCheckChar }
import type { Role } from '../shared/roles.js'
import { DEPARTMENTS, UNIT_CODES } from './city.js'

export const DEMO_PASSWORD = 'Demo@2026'

/** Units of the joint-approval accounts (codes as city.ts builds them). */
const WINDOW_B01 = 'CK3714-B01'
const WINDOW_C01 = 'CK3714-C01'
const TOWN_CENTRE_XINHU = 'ZX371402001'


/** 李明华: born 1988-06-15 in 德城区 (371402), sequence 231 (odd: male). */
const ID_BODY = '37140219880615231'
export const DEMO_PERSON_ID = ID_BODY + idCheckDigit(ID_BODY)

/** 德州市德润食品有限公司: 9 (工商) 1 (企业), 371402, organisation code MA3CKD7N + its check. */
const ORG = 'MA3CKD7N'
const CC_BODY = `91371402${ORG}${orgCodeCheckChar(ORG)}`
export const DEMO_ENTERPRISE_CODE = CC_BODY + creditCodeCheckChar(CC_BODY)

export interface DemoStaff {
  username: string
  displayName: string
  role: Role
  /** home unit, by unit code */
  home: string
  /** the grant's scope: a unit code, a region code, or the whole system */
  grant: { unit: string } | { region: string } | 'all'
  title: string
  phone: string
  what: string
}

/** One staff account per staff role. */
export const DEMO_STAFF: DemoStaff[] = [
  {
    username: 'window01',
    displayName: '王芳',
    role: 'window_staff',
    home: UNIT_CODES.windowA01,
    grant: { unit: UNIT_CODES.windowA01 },
    title: '综合窗口受理员',
    phone: '13953401101',
    what: '市政务服务中心企业开办综合窗口：收件、查验材料，受理、不予受理或一次性告知补正，出件',
  },
  {
    username: 'reviewer01',
    displayName: '刘洋',
    role: 'reviewer',
    home: UNIT_CODES.office('SCJG'),
    grant: { unit: UNIT_CODES.office('SCJG') },
    title: '审批服务科科员',
    phone: '13953401102',
    what: '市场监管局审批服务科：审查材料，提出审查意见',
  },
  {
    username: 'approver01',
    displayName: '张建华',
    role: 'approver',
    home: UNIT_CODES.office('SCJG'),
    grant: { unit: UNIT_CODES.dept('SCJG') },
    title: '首席代表、审批服务科科长',
    phone: '13953401103',
    what: '市场监管局驻中心首席代表：作出审批决定、加盖审批专用章',
  },
  {
    username: 'centreadmin',
    displayName: '李娜',
    role: 'centre_admin',
    home: UNIT_CODES.cityCentre,
    grant: { unit: UNIT_CODES.cityCentre },
    title: '中心管理办副主任',
    phone: '13953401104',
    what: '市政务服务中心管理办：维护窗口、人员、事项目录和工作日历，考核窗口',
  },
  {
    username: 'supervisor01',
    displayName: '陈志刚',
    role: 'supervisor',
    home: UNIT_CODES.cityCentre,
    grant: { region: '3714' },
    title: '电子监察室监察员',
    phone: '13953401105',
    what: '全市（3714）电子监察：红黄灯预警、催办督办、效能排行',
  },
  {
    username: 'hotline01',
    displayName: '赵静',
    role: 'hotline_operator',
    home: UNIT_CODES.hotline,
    grant: { region: '3714' },
    title: '12345 热线话务员',
    phone: '13953401106',
    what: '接听 12345 来电和网上诉求，按知识库答复，派单、回访',
  },
  {
    username: 'handler01',
    displayName: '孙丽',
    role: 'handling_unit',
    home: UNIT_CODES.dept('ZJJ'),
    grant: { unit: UNIT_CODES.dept('ZJJ') },
    title: '住建局热线联络员',
    phone: '13953401107',
    what: '承办单位（市住房和城乡建设局）：办理派来的热线工单并按时答复',
  },
  {
    username: 'disclosure01',
    displayName: '周敏',
    role: 'disclosure_officer',
    home: UNIT_CODES.dept('ZFB'),
    grant: { region: '3714' },
    title: '政务公开办科员',
    phone: '13953401108',
    what: '市政府办公室政务公开：主动公开、依申请公开答复、年度报告',
  },
  {
    username: 'trading01',
    displayName: '吴磊',
    role: 'trading_staff',
    home: UNIT_CODES.trading,
    grant: { unit: UNIT_CODES.trading },
    title: '交易中心项目专员',
    phone: '13953401109',
    what: '市公共资源交易中心：发布公告、投标报名、保证金、专家抽取、开标评标',
  },
  {
    username: 'agent01',
    displayName: '韩雪',
    role: 'agent',
    home: UNIT_CODES.cityCentre,
    grant: { unit: UNIT_CODES.cityCentre },
    title: '建设项目服务中心帮办代办员（项目管家）',
    phone: '13953401111',
    what: '市政务服务中心帮办代办：凭申请人授权代为申报、跟踪联办件和建设项目各阶段，兼任重点项目“项目管家”',
  },
  {
    username: 'sysadmin',
    displayName: '郑强',
    role: 'system_admin',
    home: UNIT_CODES.cityCentre,
    grant: 'all',
    title: '信息科系统管理员',
    phone: '13953401110',
    what: '全系统：行政区划、单位、人员与授权、审计日志',
  },
]

/** More staff, so that lists and data scope have something to show (not one per role; same password). */
export const DEMO_MORE_STAFF: DemoStaff[] = [
  {
    username: 'window02',
    displayName: '马晓燕',
    role: 'window_staff',
    home: UNIT_CODES.windowE01,
    grant: { unit: UNIT_CODES.windowE01 },
    title: '市场监管局窗口受理员',
    phone: '13953401201',
    what: '市场监管局部门窗口',
  },
  {
    username: 'reviewer02',
    displayName: '高峰',
    role: 'reviewer',
    home: UNIT_CODES.office('XZSP'),
    grant: { unit: UNIT_CODES.office('XZSP') },
    title: '综合审批科科员',
    phone: '13953401202',
    what: '市行政审批服务局综合审批科',
  },
  {
    username: 'dcadmin',
    displayName: '杨帆',
    role: 'centre_admin',
    home: UNIT_CODES.countyCentre('371402'),
    grant: { unit: UNIT_CODES.countyCentre('371402') },
    title: '德城区政务服务中心管理办主任',
    phone: '13953401203',
    what: '德城区政务服务中心及其街道、镇便民服务中心（只看得到德城区）',
  },
  {
    username: 'dcwindow01',
    displayName: '刘倩',
    role: 'window_staff',
    home: UNIT_CODES.countyWindow('371402'),
    grant: { unit: UNIT_CODES.countyWindow('371402') },
    title: '综合窗口受理员',
    phone: '13953401204',
    what: '德城区政务服务中心综合受理窗口',
  },
  {
    username: 'lcwindow01',
    displayName: '黄磊',
    role: 'window_staff',
    home: UNIT_CODES.countyWindow('371403'),
    grant: { unit: UNIT_CODES.countyWindow('371403') },
    title: '综合窗口受理员',
    phone: '13953401205',
    what: '陵城区政务服务中心综合受理窗口',
  },
  {
    username: 'xhwindow01',
    displayName: '宋佳',
    role: 'window_staff',
    home: UNIT_CODES.townWindow('371402001'),
    grant: { unit: UNIT_CODES.townWindow('371402001') },
    title: '便民服务中心代办员',
    phone: '13953401206',
    what: '德城区新湖街道便民服务中心综合服务窗口',
  },
  {
    username: 'agent02',
    displayName: '孟凡军',
    role: 'agent',
    home: TOWN_CENTRE_XINHU,
    grant: { unit: TOWN_CENTRE_XINHU },
    title: '便民服务中心代办员',
    phone: '13953401207',
    what: '德城区新湖街道便民服务中心全程代办员：为辖区群众和企业代办“一件事”',
  },
  {
    username: 'window03',
    displayName: '邢丽娟',
    role: 'window_staff',
    home: WINDOW_B01,
    grant: { unit: WINDOW_B01 },
    title: '工程建设项目综合窗口受理员',
    phone: '13953401208',
    what: '工程建设项目审批“一路通”综合窗口：各阶段统一收件、一次性告知补正、统一受理、集中回复、统一出件',
  },
  {
    username: 'window04',
    displayName: '田甜',
    role: 'window_staff',
    home: WINDOW_C01,
    grant: { unit: WINDOW_C01 },
    title: '社会事务综合窗口受理员',
    phone: '13953401209',
    what: '社会事务综合窗口：新生儿出生等个人“一件事”统一收件、统一受理、统一出件',
  },
  // 并联审批：各部门驻中心审批服务科（授权范围为本部门，含其审批服务科），负责预审、答复、出具审批文件
  ...(
    [
      ['fgw01', '崔建军', 'FGW', '13953401301', '发展改革委审批服务科科长：立项用地规划许可阶段牵头部门，项目核准、节能审查'],
      ['zrzy01', '吕晓东', 'ZRZY', '13953401302', '自然资源和规划局审批服务科科长：工程建设许可阶段牵头部门，用地预审、规划许可、规划核实'],
      ['zjj01', '冯卫国', 'ZJJ', '13953401303', '住房城乡建设局审批服务科科长：竣工验收阶段牵头部门，施工许可、消防和人防审查、联合验收'],
      ['xzsp01', '魏红梅', 'XZSP', '13953401304', '行政审批服务局综合审批科科长：施工许可阶段牵头部门，施工图联合审查、企业开办帮办'],
      ['shj01', '薛志强', 'SHJ', '13953401305', '生态环境局审批服务科科长：建设项目环境影响评价审批'],
      ['slj01', '石磊', 'SLJ', '13953401306', '水利局审批服务科科长：水土保持方案审批'],
      ['gaj01', '贾晓明', 'GAJ', '13953401307', '公安局审批服务科科长：公章刻制备案、特种行业许可、出生登记'],
      ['swj01', '罗静', 'SWJ', '13953401308', '税务局办税服务科科长：新办纳税人发票领用'],
      ['rsj01', '彭海燕', 'RSJ', '13953401309', '人力资源社会保障局审批服务科科长：单位参保登记、社会保障卡'],
      ['wjw01', '邱文华', 'WJW', '13953401310', '卫生健康委审批服务科科长：出生医学证明、公共场所卫生许可'],
      ['ybj01', '姜丽', 'YBJ', '13953401311', '医疗保障局审批服务科科长：城乡居民医保参保登记'],
    ] as const
  ).map(([username, displayName, dept, phone, what]): DemoStaff => ({
    username,
    displayName,
    role: 'approver',
    home: UNIT_CODES.office(dept),
    grant: { unit: UNIT_CODES.dept(dept) },
    title: '首席代表、审批服务科科长',
    phone,
    what,
  })),
]

export interface DemoApplicant {
  kind: 'person' | 'enterprise'
  /** what they log in with: the ID number or the credit code */
  username: string
  displayName: string
  phone: string
  legalRepresentative?: string
  what: string
}

export const DEMO_APPLICANTS: DemoApplicant[] = [
  { kind: 'person', username: DEMO_PERSON_ID, displayName: '李明华', phone: '13805341234', what: '自然人申请人：用身份证号（或手机号）登录网上办事大厅' },
  {
    kind: 'enterprise',
    username: DEMO_ENTERPRISE_CODE,
    displayName: '德州市德润食品有限公司',
    phone: '13905345678',
    legalRepresentative: '王建国',
    what: '法人申请人：用统一社会信用代码（或手机号）登录',
  },
]

const UNIT_NAMES: Record<string, string> = {
  [UNIT_CODES.cityCentre]: '德州市政务服务中心',
  [UNIT_CODES.trading]: '德州市公共资源交易中心',
  [UNIT_CODES.hotline]: '德州市12345政务服务便民热线中心',
  [UNIT_CODES.windowA01]: '德州市政务服务中心 企业开办综合受理窗口（A01）',
  [UNIT_CODES.windowE01]: '德州市政务服务中心 市场监管局窗口（E01）',
  [UNIT_CODES.countyCentre('371402')]: '德城区政务服务中心',
  [UNIT_CODES.countyWindow('371402')]: '德城区政务服务中心 德城区综合受理窗口',
  [UNIT_CODES.countyWindow('371403')]: '陵城区政务服务中心 陵城区综合受理窗口',
  [UNIT_CODES.townWindow('371402001')]: '新湖街道便民服务中心 新湖街道综合服务窗口',
  [TOWN_CENTRE_XINHU]: '新湖街道便民服务中心',
  [WINDOW_B01]: '德州市政务服务中心 工程建设项目综合受理窗口（B01）',
  [WINDOW_C01]: '德州市政务服务中心 社会事务综合受理窗口（C01）',
  ...Object.fromEntries(DEPARTMENTS.flatMap((d) => [[UNIT_CODES.dept(d.key), d.name], ...(d.office ? [[UNIT_CODES.office(d.key), d.office]] : [])])),
}

export interface DemoAccount {
  username: string
  password: string
  role: Role
  displayName: string
  /** the home unit (and, where different, the scope of the grant) */
  unit: string
  what: string
}

function scopeText(s: DemoStaff): string {
  const home = UNIT_NAMES[s.home] ?? s.home
  if (s.grant === 'all') return `${home}（授权范围：全系统）`
  if ('region' in s.grant) return `${home}（授权范围：德州市 3714 全域）`
  return s.grant.unit === s.home ? home : `${home}（授权范围：${UNIT_NAMES[s.grant.unit] ?? s.grant.unit}）`
}

/** The table for the README: one account per role. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  ...DEMO_STAFF.map((s) => ({ username: s.username, password: DEMO_PASSWORD, role: s.role, displayName: s.displayName, unit: scopeText(s), what: s.what })),
  ...DEMO_APPLICANTS.map((a) => ({ username: a.username, password: DEMO_PASSWORD, role: 'applicant' as const, displayName: a.displayName, unit: '—', what: a.what })),
]

/** The accounts as a Markdown table (README, CLI output). */
export function demoAccountsMarkdown(): string {
  const rows = DEMO_ACCOUNTS.map((a) => `| \`${a.username}\` | ${a.role} | ${a.displayName} | ${a.unit} | ${a.what} |`)
  return [`所有示范账号的密码均为 \`${DEMO_PASSWORD}\`。`, '', '| 用户名 | 角色 | 姓名 | 所属单位 | 用途 |', '| --- | --- | --- | --- | --- |', ...rows].join('\n')
}
