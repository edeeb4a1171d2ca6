/**
 * The notice events, their Chinese names, the placeholders each may use, and the default templates
 * (S7: every notice says what happened AND the next step). The migration seeds notice_template from
 * DEFAULT_TEMPLATES; the centre edits them afterwards (PUT /api/notify/templates/:event).
 */
import type { NoticeEvent } from './index.js'

export const EVENT_NAMES: Record<NoticeEvent, string> = {
  'case.submitted': '申请已提交',
  'case.prereview_returned': '预审退回',
  'case.received': '已收件',
  'case.accepted': '已受理',
  'case.refused': '不予受理',
  'case.correction_requested': '补正告知',
  'case.conditionally_accepted': '容缺受理',
  'case.paused': '特别程序（暂停计时）',
  'case.resumed': '恢复办理',
  'case.extended': '延期办理',
  'case.decided': '审批决定',
  'case.completed': '已办结',
  'case.withdrawn': '已撤回',
  'case.fee_due': '待缴费',
  'joint.received': '联办件已收件',
  'joint.correction_requested': '联办件一次性补正告知',
  'joint.accepted': '联办件已统一受理',
  'joint.refused': '联办件不予受理',
  'joint.replied': '联办件集中回复',
  'joint.completed': '联办件全部办结',
  'joint.task_assigned': '协办任务（部门）',
  'joint.task_deemed': '视为同意（部门）',
  'joint.meeting_invited': '联合会商邀请（部门）',
  'supervision.alert': '电子监察预警（经办人及领导）',
  'supervision.card': '电子监察黄牌、红牌（经办人及领导）',
  'supervision.digest': '电子监察预警汇总（一次扫描中同类预警超过3件时，经办人及领导）',
  'supervision.order_sent': '催办、督办（责任单位）',
  'supervision.order_replied': '督办回复（监察人员）',
  'supervision.order_escalated': '督办逾期升级（单位领导）',
  'evaluation.invited': '邀请评价（申请人）',
  'evaluation.rectification_assigned': '差评整改任务（责任单位）',
  'evaluation.rectified': '差评整改完成，请评价（申请人）',
  'evaluation.appeal_decided': '差评申诉复核结果（责任单位）',
}

export const NOTICE_EVENTS = Object.keys(EVENT_NAMES) as NoticeEvent[]

/**
 * The values a template may use ({{name}}). name and date are filled in by notify() itself (the
 * addressee, and the day of the change in Chinese, 2026年11月21日) unless the caller gives them.
 */
export const PLACEHOLDERS = {
  name: '收件人姓名或单位名称',
  caseNumber: '办件编号',
  itemName: '事项名称',
  unitName: '办理单位',
  date: '日期（如 2026年11月21日）',
  due: '期限日期（通用）',
  promisedDue: '承诺办结日期（未给出时取 due）',
  dueDate: '补齐材料的截止日期（未给出时取 due）',
  days: '天数（工作日）',
  count: '项数（问题或材料）',
  kind: '特别程序种类（如 专家评审、现场勘验）',
  reason: '原因或说明',
  materials: '材料清单',
  outcome: '审批结果（准予许可 / 不予许可）',
  amount: '金额（元）',
  nextStep: '下一步（如 请到德州市政务服务中心3号窗口领取结果）',
  phone: '咨询电话',
  level: '预警级别（预警、黄牌、红牌）',
  stars: '评价等级（如 不满意）',
} as const
export type Placeholder = keyof typeof PLACEHOLDERS

export interface TemplateText {
  sms: string
  inappTitle: string
  inappBody: string
  emailSubject: string
  emailBody: string
}

const SIGN = '【德州政务】'
const QUERY = '可凭办件编号在网上办事大厅或“我的办件”中查询进度。'
const mail = (lines: string[]) => ['{{name}}：', '', ...lines, '', QUERY, '', '德州市政务服务中心', '{{date}}'].join('\n')

export const DEFAULT_TEMPLATES: Record<NoticeEvent, TemplateText> = {
  'case.submitted': {
    sms: `${SIGN}您申请的{{itemName}}已于{{date}}提交（办件编号{{caseNumber}}），我们将在1个工作日内完成预审，请留意后续通知。`,
    inappTitle: '申请已提交：{{itemName}}',
    inappBody: '您申请的{{itemName}}（办件编号{{caseNumber}}）已于{{date}}提交。下一步：{{nextStep}}（1个工作日内），预审通过后进入受理环节。',
    emailSubject: '【德州政务】申请已提交：{{itemName}}（{{caseNumber}}）',
    emailBody: mail(['您申请的{{itemName}}（办件编号{{caseNumber}}）已于{{date}}提交。', '下一步：{{nextStep}}（1个工作日内），预审通过后进入受理环节。']),
  },
  'case.prereview_returned': {
    sms: `${SIGN}您申请的{{itemName}}（办件编号{{caseNumber}}）预审未通过，请按一次性告知的{{count}}项问题修改后重新提交。`,
    inappTitle: '预审退回：{{itemName}}',
    inappBody: '您申请的{{itemName}}（办件编号{{caseNumber}}）预审未通过，一次性告知共{{count}}项问题。下一步：{{nextStep}}。',
    emailSubject: '【德州政务】预审退回：{{itemName}}（{{caseNumber}}）',
    emailBody: mail(['您申请的{{itemName}}（办件编号{{caseNumber}}）预审未通过，一次性告知共{{count}}项问题。', '下一步：{{nextStep}}。']),
  },
  'case.received': {
    sms: `${SIGN}{{unitName}}已于{{date}}收到您申请的{{itemName}}（办件编号{{caseNumber}}），将在5个工作日内作出是否受理的决定，请留意通知。`,
    inappTitle: '已收件：{{itemName}}',
    inappBody: '{{unitName}}已于{{date}}收到您申请的{{itemName}}（办件编号{{caseNumber}}）。下一步：将在5个工作日内审查材料并作出是否受理的决定。',
    emailSubject: '【德州政务】已收件：{{itemName}}（{{caseNumber}}）',
    emailBody: mail(['{{unitName}}已于{{date}}收到您申请的{{itemName}}（办件编号{{caseNumber}}）。', '下一步：将在5个工作日内审查材料并作出是否受理的决定。']),
  },
  'case.accepted': {
    sms: `${SIGN}您申请的{{itemName}}（办件编号{{caseNumber}}）已于{{date}}受理，承诺{{promisedDue}}前办结，${QUERY}`,
    inappTitle: '已受理：{{itemName}}',
    inappBody: '您申请的{{itemName}}（办件编号{{caseNumber}}）已于{{date}}受理，承诺{{promisedDue}}前办结。下一步：进入审查环节，无需再提交材料，如需补充将另行通知。受理通知书可在“我的办件”中下载。',
    emailSubject: '【德州政务】已受理：{{itemName}}（{{caseNumber}}）',
    emailBody: mail(['您申请的{{itemName}}（办件编号{{caseNumber}}）已于{{date}}受理，承诺{{promisedDue}}前办结。', '下一步：进入审查环节，无需再提交材料，如需补充将另行通知。受理通知书可在“我的办件”中下载。']),
  },
  'case.refused': {
    sms: `${SIGN}您申请的{{itemName}}（办件编号{{caseNumber}}）不予受理，原因：{{reason}}。{{nextStep}}。不予受理通知书可在“我的办件”中查看。`,
    inappTitle: '不予受理：{{itemName}}',
    inappBody: '您申请的{{itemName}}（办件编号{{caseNumber}}）不予受理，原因：{{reason}}。下一步：{{nextStep}}。不予受理通知书中载明了理由和救济途径。',
    emailSubject: '【德州政务】不予受理：{{itemName}}（{{caseNumber}}）',
    emailBody: mail(['您申请的{{itemName}}（办件编号{{caseNumber}}）不予受理。', '原因：{{reason}}', '下一步：{{nextStep}}。不予受理通知书中载明了理由和救济途径。']),
  },
  'case.correction_requested': {
    sms: `${SIGN}您申请的{{itemName}}（办件编号{{caseNumber}}）需一次性补正{{count}}项材料，请按补正告知书补齐后提交，补齐后即可受理。`,
    inappTitle: '请补正材料：{{itemName}}',
    inappBody: '您申请的{{itemName}}（办件编号{{caseNumber}}）需一次性补正{{count}}项材料。下一步：{{nextStep}}，补齐后即进入受理。补正告知书可在“我的办件”中下载。',
    emailSubject: '【德州政务】补正告知：{{itemName}}（{{caseNumber}}）',
    emailBody: mail(['您申请的{{itemName}}（办件编号{{caseNumber}}）需一次性补正{{count}}项材料。', '下一步：{{nextStep}}，补齐后即进入受理。补正告知书可在“我的办件”中下载。']),
  },
  'case.conditionally_accepted': {
    sms: `${SIGN}您申请的{{itemName}}（办件编号{{caseNumber}}）已容缺受理，请在{{dueDate}}前补齐容缺材料，逾期未补齐的将终止办理。`,
    inappTitle: '容缺受理：{{itemName}}',
    inappBody: '您申请的{{itemName}}（办件编号{{caseNumber}}）已于{{date}}容缺受理。下一步：请按承诺在{{dueDate}}前补齐容缺材料（详见容缺受理告知书）；逾期未补齐的，将终止办理。',
    emailSubject: '【德州政务】容缺受理：{{itemName}}（{{caseNumber}}）',
    emailBody: mail(['您申请的{{itemName}}（办件编号{{caseNumber}}）已于{{date}}容缺受理。', '下一步：请按承诺在{{dueDate}}前补齐容缺材料（详见容缺受理告知书）；逾期未补齐的，将终止办理。']),
  },
  'case.paused': {
    sms: `${SIGN}您申请的{{itemName}}（办件编号{{caseNumber}}）进入{{kind}}程序，预计{{days}}个工作日，期间暂停计时，结束后自动恢复办理。`,
    inappTitle: '特别程序：{{itemName}}',
    inappBody: '您申请的{{itemName}}（办件编号{{caseNumber}}）自{{date}}起进入{{kind}}程序（{{reason}}），预计需要{{days}}个工作日，期间不计入办理时限。下一步：{{nextStep}}，恢复时将通知您。',
    emailSubject: '【德州政务】特别程序告知：{{itemName}}（{{caseNumber}}）',
    emailBody: mail(['您申请的{{itemName}}（办件编号{{caseNumber}}）自{{date}}起进入{{kind}}程序（{{reason}}），预计需要{{days}}个工作日，期间不计入办理时限。', '下一步：{{nextStep}}，恢复时将通知您。']),
  },
  'case.resumed': {
    sms: `${SIGN}您申请的{{itemName}}（办件编号{{caseNumber}}）特别程序已结束，于{{date}}恢复办理，预计{{promisedDue}}前办结。`,
    inappTitle: '恢复办理：{{itemName}}',
    inappBody: '您申请的{{itemName}}（办件编号{{caseNumber}}）特别程序已结束，于{{date}}恢复办理，预计{{promisedDue}}前办结。下一步：继续审查，无需您另外操作。',
    emailSubject: '【德州政务】恢复办理：{{itemName}}（{{caseNumber}}）',
    emailBody: mail(['您申请的{{itemName}}（办件编号{{caseNumber}}）特别程序已结束，于{{date}}恢复办理，预计{{promisedDue}}前办结。', '下一步：继续审查，无需您另外操作。']),
  },
  'case.extended': {
    sms: `${SIGN}您申请的{{itemName}}（办件编号{{caseNumber}}）经批准延长{{days}}个工作日，原因：{{reason}}，将于{{due}}前作出决定。`,
    inappTitle: '延期办理：{{itemName}}',
    inappBody: '您申请的{{itemName}}（办件编号{{caseNumber}}）经负责人批准延长办理期限{{days}}个工作日，原因：{{reason}}。下一步：将于{{due}}前作出决定，延期告知书可在“我的办件”中下载。',
    emailSubject: '【德州政务】延期告知：{{itemName}}（{{caseNumber}}）',
    emailBody: mail(['您申请的{{itemName}}（办件编号{{caseNumber}}）经负责人批准延长办理期限{{days}}个工作日。', '原因：{{reason}}', '下一步：将于{{due}}前作出决定，延期告知书可在“我的办件”中下载。']),
  },
  'case.decided': {
    sms: `${SIGN}您申请的{{itemName}}（办件编号{{caseNumber}}）已作出决定：{{outcome}}。下一步：{{nextStep}}。`,
    inappTitle: '审批决定：{{itemName}}',
    inappBody: '您申请的{{itemName}}（办件编号{{caseNumber}}）已于{{date}}作出决定：{{outcome}}。下一步：{{nextStep}}。决定书可在“我的办件”中下载。',
    emailSubject: '【德州政务】审批决定：{{itemName}}（{{caseNumber}}）',
    emailBody: mail(['您申请的{{itemName}}（办件编号{{caseNumber}}）已于{{date}}作出决定：{{outcome}}。', '下一步：{{nextStep}}。', '决定书可在“我的办件”中下载。']),
  },
  'case.completed': {
    sms: `${SIGN}您申请的{{itemName}}（办件编号{{caseNumber}}）已于{{date}}办结。下一步：{{nextStep}}。欢迎对本次服务进行评价。`,
    inappTitle: '已办结：{{itemName}}',
    inappBody: '您申请的{{itemName}}（办件编号{{caseNumber}}）已于{{date}}办结。下一步：{{nextStep}}。电子结果可在“我的办件”中下载，欢迎对本次服务进行评价。',
    emailSubject: '【德州政务】已办结：{{itemName}}（{{caseNumber}}）',
    emailBody: mail(['您申请的{{itemName}}（办件编号{{caseNumber}}）已于{{date}}办结。', '下一步：{{nextStep}}。', '电子结果可在“我的办件”中下载，欢迎对本次服务进行评价。']),
  },
  'case.withdrawn': {
    sms: `${SIGN}您申请的{{itemName}}（办件编号{{caseNumber}}）已于{{date}}终止办理（{{reason}}）。如需办理，可重新提交申请。`,
    inappTitle: '办理终止：{{itemName}}',
    inappBody: '您申请的{{itemName}}（办件编号{{caseNumber}}）已于{{date}}终止办理，原因：{{reason}}。下一步：如仍需办理，可重新提交申请，已提交的材料可直接复用。',
    emailSubject: '【德州政务】办理终止：{{itemName}}（{{caseNumber}}）',
    emailBody: mail(['您申请的{{itemName}}（办件编号{{caseNumber}}）已于{{date}}终止办理，原因：{{reason}}。', '下一步：如仍需办理，可重新提交申请，已提交的材料可直接复用。']),
  },
  'case.fee_due': {
    sms: `${SIGN}您申请的{{itemName}}（办件编号{{caseNumber}}）需缴纳费用{{amount}}元，请在“我的办件”中在线缴费或到窗口缴纳，缴费后发放结果。`,
    inappTitle: '待缴费：{{itemName}}',
    inappBody: '您申请的{{itemName}}（办件编号{{caseNumber}}）需缴纳费用{{amount}}元。下一步：请在“我的办件”中在线缴费或到窗口缴纳，缴费完成后即可领取结果。',
    emailSubject: '【德州政务】待缴费：{{itemName}}（{{caseNumber}}）',
    emailBody: mail(['您申请的{{itemName}}（办件编号{{caseNumber}}）需缴纳费用{{amount}}元。', '下一步：请在“我的办件”中在线缴费或到窗口缴纳，缴费完成后即可领取结果。']),
  },
  // ---- parallel approval (并联审批) and one-thing bundles (一件事): {{itemName}} is the joint case's name
  'joint.received': {
    sms: `${SIGN}您申请的{{itemName}}已于{{date}}统一收件（编号{{caseNumber}}），相关部门将在{{days}}个工作日内完成预审，请留意通知。`,
    inappTitle: '已收件：{{itemName}}',
    inappBody: '您申请的{{itemName}}（编号{{caseNumber}}）已于{{date}}统一收件，已抄告相关部门预审。下一步：{{nextStep}}。',
    emailSubject: '【德州政务】已收件：{{itemName}}（{{caseNumber}}）',
    emailBody: mail(['您申请的{{itemName}}（编号{{caseNumber}}）已于{{date}}统一收件，已抄告相关部门预审。', '下一步：{{nextStep}}。']),
  },
  'joint.correction_requested': {
    sms: `${SIGN}您申请的{{itemName}}（编号{{caseNumber}}）需补正材料，各部门意见已合并为一份一次性告知书，共{{count}}项，请一次补齐。`,
    inappTitle: '一次性补正告知：{{itemName}}',
    inappBody: '您申请的{{itemName}}（编号{{caseNumber}}）需补正材料。各部门的意见已合并为一份一次性告知书，共{{count}}项。下一步：{{nextStep}}。',
    emailSubject: '【德州政务】一次性补正告知：{{itemName}}（{{caseNumber}}）',
    emailBody: mail(['您申请的{{itemName}}（编号{{caseNumber}}）需补正材料。各部门的意见已合并为一份一次性告知书，共{{count}}项。', '下一步：{{nextStep}}。']),
  },
  'joint.accepted': {
    sms: `${SIGN}您申请的{{itemName}}（编号{{caseNumber}}）已于{{date}}统一受理，{{count}}个部门并联审批，预计{{due}}前办结。`,
    inappTitle: '已统一受理：{{itemName}}',
    inappBody: '您申请的{{itemName}}（编号{{caseNumber}}）已于{{date}}统一受理，{{count}}个部门并联审批，预计{{due}}前办结。下一步：{{nextStep}}。',
    emailSubject: '【德州政务】已统一受理：{{itemName}}（{{caseNumber}}）',
    emailBody: mail(['您申请的{{itemName}}（编号{{caseNumber}}）已于{{date}}统一受理，{{count}}个部门并联审批，预计{{due}}前办结。', '下一步：{{nextStep}}。']),
  },
  'joint.refused': {
    sms: `${SIGN}您申请的{{itemName}}（编号{{caseNumber}}）不予受理，理由：{{reason}}。详见不予受理通知书。`,
    inappTitle: '不予受理：{{itemName}}',
    inappBody: '您申请的{{itemName}}（编号{{caseNumber}}）不予受理，理由：{{reason}}。下一步：{{nextStep}}。',
    emailSubject: '【德州政务】不予受理：{{itemName}}（{{caseNumber}}）',
    emailBody: mail(['您申请的{{itemName}}（编号{{caseNumber}}）不予受理，理由：{{reason}}。', '下一步：{{nextStep}}。']),
  },
  'joint.replied': {
    sms: `${SIGN}您申请的{{itemName}}（编号{{caseNumber}}）各部门意见已集中回复：{{outcome}}。下一步：{{nextStep}}。`,
    inappTitle: '集中回复：{{itemName}}',
    inappBody: '您申请的{{itemName}}（编号{{caseNumber}}）各部门意见已集中回复：{{outcome}}。下一步：{{nextStep}}。',
    emailSubject: '【德州政务】集中回复：{{itemName}}（{{caseNumber}}）',
    emailBody: mail(['您申请的{{itemName}}（编号{{caseNumber}}）各部门意见已集中回复：{{outcome}}。', '下一步：{{nextStep}}。']),
  },
  'joint.completed': {
    sms: `${SIGN}您申请的{{itemName}}（编号{{caseNumber}}）已全部办结，共{{count}}项结果，{{nextStep}}。`,
    inappTitle: '全部办结：{{itemName}}',
    inappBody: '您申请的{{itemName}}（编号{{caseNumber}}）已全部办结，共{{count}}项结果。下一步：{{nextStep}}。',
    emailSubject: '【德州政务】全部办结：{{itemName}}（{{caseNumber}}）',
    emailBody: mail(['您申请的{{itemName}}（编号{{caseNumber}}）已全部办结，共{{count}}项结果。', '下一步：{{nextStep}}。']),
  },
  'joint.task_assigned': {
    sms: `${SIGN}{{unitName}}：联办件{{caseNumber}}（{{itemName}}）已抄告贵单位，请于{{due}}前办理。`,
    inappTitle: '协办任务：{{itemName}}',
    inappBody: '联办件{{caseNumber}}（{{itemName}}）已抄告{{unitName}}，请于{{due}}前办理。下一步：{{nextStep}}。',
    emailSubject: '【德州政务】协办任务：{{itemName}}（{{caseNumber}}）',
    emailBody: mail(['联办件{{caseNumber}}（{{itemName}}）已抄告{{unitName}}，请于{{due}}前办理。', '下一步：{{nextStep}}。']),
  },
  'joint.task_deemed': {
    sms: `${SIGN}{{unitName}}：联办件{{caseNumber}}（{{itemName}}）{{reason}}，视为同意，请于{{due}}前出具审批文件。`,
    inappTitle: '视为同意：{{itemName}}',
    inappBody: '联办件{{caseNumber}}（{{itemName}}）{{reason}}，{{unitName}}视为同意，责任由该单位承担。下一步：请于{{due}}前出具审批文件。',
    emailSubject: '【德州政务】视为同意：{{itemName}}（{{caseNumber}}）',
    emailBody: mail(['联办件{{caseNumber}}（{{itemName}}）{{reason}}，{{unitName}}视为同意，责任由该单位承担。', '下一步：请于{{due}}前出具审批文件。']),
  },
  'joint.meeting_invited': {
    sms: `${SIGN}{{unitName}}：联办件{{caseNumber}}定于{{due}}召开{{kind}}，无正当理由缺席的视为同意。`,
    inappTitle: '{{kind}}邀请：{{itemName}}',
    inappBody: '联办件{{caseNumber}}（{{itemName}}）定于{{due}}召开{{kind}}，地点：{{reason}}。无正当理由缺席的，视为同意（缺席默认）。下一步：{{nextStep}}。',
    emailSubject: '【德州政务】{{kind}}邀请：{{itemName}}（{{caseNumber}}）',
    emailBody: mail(['联办件{{caseNumber}}（{{itemName}}）定于{{due}}召开{{kind}}，地点：{{reason}}。', '无正当理由缺席的，视为同意（缺席默认）。', '下一步：{{nextStep}}。']),
  },

  'supervision.alert': {
    sms: `${SIGN}{{unitName}}：办件{{caseNumber}}（{{itemName}}）触发电子监察{{level}}：{{reason}}。请于{{due}}前处理。`,
    inappTitle: '电子监察{{level}}：{{kind}}',
    inappBody: '办件{{caseNumber}}（{{itemName}}）触发电子监察{{level}}（{{kind}}）：{{reason}}。下一步：{{nextStep}}。',
    emailSubject: '【德州政务】电子监察{{level}}：{{kind}}（{{caseNumber}}）',
    emailBody: mail(['办件{{caseNumber}}（{{itemName}}）触发电子监察{{level}}（{{kind}}）：{{reason}}。', '下一步：{{nextStep}}。']),
  },
  'supervision.card': {
    sms: `${SIGN}{{unitName}}：办件{{caseNumber}}（{{itemName}}）已超期，被亮{{level}}，请于{{due}}前办结并说明原因。`,
    inappTitle: '电子监察{{level}}：{{itemName}}',
    inappBody: '办件{{caseNumber}}（{{itemName}}）{{reason}}，{{unitName}}被亮{{level}}。下一步：请于{{due}}前办结并提交说明，逾期将升级处理。',
    emailSubject: '【德州政务】电子监察{{level}}：{{itemName}}（{{caseNumber}}）',
    emailBody: mail(['办件{{caseNumber}}（{{itemName}}）{{reason}}，{{unitName}}被亮{{level}}。', '下一步：请于{{due}}前办结并提交说明，逾期将升级处理。']),
  },
  // one notice per recipient, kind and pass instead of one per alert when a pass raises more than 3 of a kind for them
  'supervision.digest': {
    sms: `${SIGN}{{name}}：本次电子监察新增{{kind}}{{count}}件，含办件{{caseNumber}}等，请登录系统查看并处理。`,
    inappTitle: '电子监察{{kind}}汇总：{{count}}件',
    inappBody: '本次电子监察新增{{kind}}{{count}}件，含办件{{caseNumber}}等，涉及{{unitName}}。下一步：{{nextStep}}。',
    emailSubject: '【德州政务】电子监察{{kind}}汇总：{{count}}件',
    emailBody: mail(['本次电子监察新增{{kind}}{{count}}件，含办件{{caseNumber}}等，涉及{{unitName}}。', '下一步：{{nextStep}}。']),
  },
  'supervision.order_sent': {
    sms: `${SIGN}{{unitName}}：收到{{kind}}件{{caseNumber}}，请于{{due}}前办理并回复。`,
    inappTitle: '{{kind}}：{{reason}}',
    inappBody: '{{unitName}}收到{{kind}}件{{caseNumber}}：{{reason}}。下一步：请于{{due}}前办理并在“督办收件箱”回复，逾期未复将升级。',
    emailSubject: '【德州政务】{{kind}}（{{caseNumber}}）',
    emailBody: mail(['{{unitName}}收到{{kind}}件{{caseNumber}}：{{reason}}。', '下一步：请于{{due}}前办理并在“督办收件箱”回复，逾期未复将升级。']),
  },
  'supervision.order_replied': {
    sms: `${SIGN}{{kind}}件{{caseNumber}}已由{{unitName}}回复，请审核。`,
    inappTitle: '{{kind}}已回复：{{unitName}}',
    inappBody: '{{kind}}件{{caseNumber}}已由{{unitName}}回复：{{reason}}。下一步：请在“督办发件箱”审核回复，办结或退回。',
    emailSubject: '【德州政务】{{kind}}已回复（{{caseNumber}}）',
    emailBody: mail(['{{kind}}件{{caseNumber}}已由{{unitName}}回复：{{reason}}。', '下一步：请在“督办发件箱”审核回复，办结或退回。']),
  },
  'supervision.order_escalated': {
    sms: `${SIGN}{{unitName}}逾期未回复{{kind}}件{{caseNumber}}，已升级，请督促于{{due}}前回复。`,
    inappTitle: '督办逾期升级：{{unitName}}',
    inappBody: '{{unitName}}逾期未回复{{kind}}件{{caseNumber}}（{{reason}}），已升级至单位领导。下一步：请督促于{{due}}前办理并回复。',
    emailSubject: '【德州政务】督办逾期升级（{{caseNumber}}）',
    emailBody: mail(['{{unitName}}逾期未回复{{kind}}件{{caseNumber}}（{{reason}}），已升级至单位领导。', '下一步：请督促于{{due}}前办理并回复。']),
  },
  'evaluation.invited': {
    sms: `${SIGN}您的{{itemName}}（办件编号{{caseNumber}}）已办结，欢迎对本次服务作出评价，{{due}}前有效。`,
    inappTitle: '请评价：{{itemName}}',
    inappBody: '您的{{itemName}}（办件编号{{caseNumber}}）已办结。下一步：请在“我的办件”中对本次服务作出评价（{{due}}前有效）。',
    emailSubject: '【德州政务】请评价：{{itemName}}（{{caseNumber}}）',
    emailBody: mail(['您的{{itemName}}（办件编号{{caseNumber}}）已办结。', '下一步：请在“我的办件”中对本次服务作出评价（{{due}}前有效）。']),
  },
  'evaluation.rectification_assigned': {
    sms: `${SIGN}{{unitName}}：收到差评（{{stars}}，办件{{caseNumber}}），请回访并于{{due}}前整改。`,
    inappTitle: '差评整改：{{itemName}}',
    inappBody: '{{unitName}}收到差评（{{stars}}，办件{{caseNumber}}，{{itemName}}）：{{reason}}。下一步：请先回访评价人，并于{{due}}前完成整改、录入整改措施。',
    emailSubject: '【德州政务】差评整改任务（{{caseNumber}}）',
    emailBody: mail(['{{unitName}}收到差评（{{stars}}，办件{{caseNumber}}，{{itemName}}）：{{reason}}。', '下一步：请先回访评价人，并于{{due}}前完成整改、录入整改措施。']),
  },
  'evaluation.rectified': {
    sms: `${SIGN}您对办件{{caseNumber}}的差评已整改：{{reason}}。请于{{due}}前评价整改结果。`,
    inappTitle: '差评已整改：{{itemName}}',
    inappBody: '您对办件{{caseNumber}}（{{itemName}}）的差评，{{unitName}}已整改：{{reason}}。下一步：请于{{due}}前评价整改结果（满意、基本满意或不满意）。',
    emailSubject: '【德州政务】差评已整改，请评价（{{caseNumber}}）',
    emailBody: mail(['您对办件{{caseNumber}}（{{itemName}}）的差评，{{unitName}}已整改：{{reason}}。', '下一步：请于{{due}}前评价整改结果（满意、基本满意或不满意）。']),
  },
  'evaluation.appeal_decided': {
    sms: `${SIGN}{{unitName}}：办件{{caseNumber}}差评申诉复核结果：{{outcome}}。`,
    inappTitle: '差评申诉复核：{{outcome}}',
    inappBody: '{{unitName}}对办件{{caseNumber}}（{{itemName}}）差评的申诉，复核结果：{{outcome}}。{{reason}}。下一步：{{nextStep}}。',
    emailSubject: '【德州政务】差评申诉复核结果（{{caseNumber}}）',
    emailBody: mail(['{{unitName}}对办件{{caseNumber}}（{{itemName}}）差评的申诉，复核结果：{{outcome}}。{{reason}}。', '下一步：{{nextStep}}。']),
  },
}

const TOKEN = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g

/** Fills {{placeholders}}; a value not given renders as empty and is reported in `missing`. */
export function renderTemplate(text: string, data: Record<string, string | number | null | undefined>): { text: string; missing: string[] } {
  const missing: string[] = []
  const out = text.replace(TOKEN, (_m, key: string) => {
    const v = Object.hasOwn(data, key) ? data[key] : undefined
    if (v === undefined || v === null || v === '') {
      if (!missing.includes(key)) missing.push(key)
      return ''
    }
    return String(v)
  })
  return { text: out, missing }
}

/** Problems of an edited template: unknown placeholders, stray braces. */
export function templateProblems(text: string): string[] {
  const problems: string[] = []
  for (const m of text.matchAll(TOKEN)) {
    if (!Object.hasOwn(PLACEHOLDERS, m[1]!)) problems.push(`未知的占位符 {{${m[1]}}}`)
  }
  const rest = text.replace(TOKEN, '')
  if (/\{\{|\}\}/.test(rest)) problems.push('占位符格式不正确，应为 {{名称}}')
  return [...new Set(problems)]
}
