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
  'supervision.alert.raise': '电子监察预警',
  'supervision.alert.close': '关闭监察预警',
  'supervision.order.send': '发出催办督办',
  'supervision.order.escalate_to_supervise': '催办逾期转为督办',
  'supervision.order.reply': '回复督办',
  'supervision.order.close': '督办办结',
  'supervision.order.return': '退回督办回复',
  'supervision.order.escalate': '督办逾期升级',
  'supervision.settings.update': '修改电子监察设置',
  'stats.ranking.publish': '发布效能排行',
  'stats.settings.update': '修改考核等次标准',
  'evaluation.rating.create': '服务评价',
  'evaluation.rectification.create': '差评整改立项',
  'evaluation.rectification.callback': '差评回访',
  'evaluation.rectification.rectify': '录入整改措施',
  'evaluation.rectification.reopen': '差评整改重新办理',
  'evaluation.rectification.verdict': '评价整改结果',
  'evaluation.rectification.expire': '整改评价期满办结',
  'evaluation.appeal.create': '差评申诉',
  'evaluation.appeal.decide': '差评申诉复核',
  'evaluation.visit.open': '窗口开始接待',
  'evaluation.visit.end': '窗口结束接待',
  'evaluation.settings.update': '修改好差评设置',
  'evaluation.invite.send': '邀请评价',
}

const MODULES: Record<string, string> = {
  auth: '账号',
  org: '组织机构',
  calendar: '工作日历',
  audit: '审计',
  demo: '演示数据',
  catalog: '事项管理',
  cases: '办件',
  joint: '并联审批',
  fees: '收费',
  documents: '文书',
  files: '材料文件',
  notify: '通知',
  supervision: '电子监察',
  evaluation: '好差评',
  stats: '统计',
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
