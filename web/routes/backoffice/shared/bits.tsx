/** Small pieces shared by the back-office pages: status tags, deadline lights, money, documents. */
import { Badge, Button, Space, Tag, Tooltip } from 'antd'
import { FilePdfOutlined, PrinterOutlined } from '@ant-design/icons'
import dayjs from 'dayjs'
import { CASE_STATUS, docUrl, type CaseStatus, type IssuedDocument } from '../../../hooks/api/backoffice'

export function CaseStatusTag({ status, name }: { status: CaseStatus | string; name?: string }) {
  const s = CASE_STATUS[status as CaseStatus]
  return (
    <Tag color={s?.color ?? 'default'} data-testid="case-status" data-status={status} style={{ marginInlineEnd: 0 }}>
      {name || s?.name || status}
    </Tag>
  )
}

export const ITEM_STATUS: Record<string, { name: string; color: string }> = {
  draft: { name: '草稿', color: 'default' },
  published: { name: '已发布', color: 'success' },
  suspended: { name: '已暂停', color: 'warning' },
  abolished: { name: '已废止', color: 'error' },
}

export function ItemStatusTag({ status }: { status: string }) {
  const s = ITEM_STATUS[status]
  return <Tag color={s?.color ?? 'default'} data-testid="item-status" data-status={status}>{s?.name ?? status}</Tag>
}

/** green; yellow when ≤ 1 working day left; red when overdue. */
export function lightOf(leftDays: number | null | undefined, overdue?: boolean, due?: string | null): 'green' | 'yellow' | 'red' | 'none' {
  if (overdue) return 'red'
  if (leftDays != null) return leftDays < 0 ? 'red' : leftDays <= 1 ? 'yellow' : 'green'
  if (!due) return 'none'
  const d = dayjs(due).diff(dayjs().startOf('day'), 'day')
  return d < 0 ? 'red' : d <= 1 ? 'yellow' : 'green'
}

const LIGHT = {
  green: { status: 'success' as const, text: '正常' },
  yellow: { status: 'warning' as const, text: '临期' },
  red: { status: 'error' as const, text: '超期' },
  none: { status: 'default' as const, text: '—' },
}

export function DueLight({ due, leftDays, overdue }: { due: string | null | undefined; leftDays?: number | null; overdue?: boolean }) {
  const l = lightOf(leftDays, overdue, due)
  return (
    <Tooltip title={leftDays != null ? `剩余 ${leftDays} 个工作日` : undefined}>
      <span data-testid="due-light" data-light={l} style={{ whiteSpace: 'nowrap' }}>
        <Badge status={LIGHT[l].status} />
        <span className="ow-mono" style={{ marginLeft: 4 }}>{due ?? '—'}</span>
        {l !== 'none' && l !== 'green' && <span style={{ marginLeft: 4, color: l === 'red' ? '#cf1322' : '#d48806', fontSize: 12 }}>{LIGHT[l].text}</span>}
      </span>
    </Tooltip>
  )
}

/** Opens an issued notice: the PDF in a new tab, and a print button that prints it. */
export function DocumentButtons({ caseId, doc }: { caseId: number; doc: IssuedDocument }) {
  const url = docUrl(caseId, doc.id)
  const print = () => {
    const w = window.open(url, '_blank')
    w?.addEventListener('load', () => w.print())
  }
  return (
    <Space size={4} wrap data-testid="issued-document" data-doc-id={doc.id} data-kind={doc.kind}>
      <Button size="small" icon={<FilePdfOutlined />} href={url} target="_blank" rel="noopener" data-testid="document-open">
        {doc.title}
      </Button>
      <Button size="small" icon={<PrinterOutlined />} onClick={print} data-testid="document-print">
        打印
      </Button>
    </Space>
  )
}

export const REQUIREMENT: Record<string, string> = { required: '必要', conditional: '情形', optional: '非必要' }
export const MATERIAL_FORM: Record<string, string> = { original: '原件', copy: '复印件', original_and_copy: '原件和复印件', electronic: '电子件' }
export const STEP_ROLE: Record<string, string> = {
  window_staff: '窗口受理',
  reviewer: '审核',
  approver: '审批',
  handler: '办理',
  centre_admin: '中心管理',
}
export const PAY_METHOD: Record<string, string> = { cash: '现金', bank: '银行转账', pos: 'POS 刷卡', simulated: '网上支付' }
export const DELIVERY_METHOD: Record<string, string> = { pickup: '窗口自取', post: '邮寄', download: '网上下载' }
