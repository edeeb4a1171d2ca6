/** Chinese names for the audit actions and target types the platform writes; unknown ones show their code. */
const ACTIONS: Record<string, string> = {
  'auth.login': '登录',
  'auth.login.failed': '登录失败',
  'auth.logout': '退出登录',
  'auth.register': '申请人注册',
  'auth.password.change': '修改密码',
  'auth.password.reset': '重置密码',
  'auth.admin.create': '创建系统管理员',
  'auth.locked': '账号锁定',
  'org.unit.create': '新建机构',
  'org.unit.update': '修改机构',
  'org.staff.create': '新建工作人员',
  'org.staff.update': '修改工作人员',
  'org.staff.grants': '调整角色授权',
  'calendar.override.create': '新增地方调整',
  'calendar.override.delete': '删除地方调整',
  'calendar.year.import': '导入节假日安排',
  'org.region.import': '导入行政区划',
  'demo.city.load': '加载示范城市',
}

const MODULES: Record<string, string> = {
  auth: '账号',
  org: '组织机构',
  calendar: '工作日历',
  audit: '审计',
  demo: '演示数据',
  system: '系统',
}

export const TARGET_TYPES: Record<string, string> = {
  user: '账号',
  unit: '机构',
  staff: '工作人员',
  region: '行政区划',
  calendar_override: '地方调整',
  calendar_year: '年度日历',
  session: '会话',
}

export function actionName(action: string): string {
  if (ACTIONS[action]) return ACTIONS[action]
  const mod = MODULES[action.split('.')[0] ?? '']
  return mod ? `${mod} · ${action.split('.').slice(1).join('.')}` : action
}

export function targetTypeName(t: string): string {
  return TARGET_TYPES[t] ?? t
}
