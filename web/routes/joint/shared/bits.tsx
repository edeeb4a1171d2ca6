/** Small pieces of the joint pages: status tags, the green-channel tag, lights, deemed marks, document links. */
import { Badge, Button, Space, Tag, Tooltip, Typography } from 'antd'
import { FilePdfOutlined, ThunderboltFilled } from '@ant-design/icons'
import {
  DEEMED_KINDS,
  JOINT_CASE_STATUSES,
  REPLY_KINDS,
  TASK_STATUSES,
  jointDocUrl,
  type DeemedKind,
  type JointCaseStatus,
  type JointDocumentDto,
  type ReplyKind,
  type TaskDto,
  type TaskStatus,
} from '../../../hooks/api/joint'
import { fmtDateTime } from '../../../lib/format'

const CASE_COLORS: Record<JointCaseStatus, string> = {
  draft: 'default',
  received: 'processing',
  correction_requested: 'warning',
  accepted: 'blue',
  refused: 'error',
  replied: 'cyan',
  completed: 'success',
  delivered: 'success',
  withdrawn: 'default',
}

export function JointStatusTag({ status, name }: { status: JointCaseStatus; name?: string }) {
  return (
    <Tag color={CASE_COLORS[status] ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid="joint-status" data-status={status}>
      {name || JOINT_CASE_STATUSES[status] || status}
    </Tag>
  )
}

const TASK_COLORS: Record<TaskStatus, string> = { prechecking: 'processing', pending: 'blue', replied: 'success', deemed: 'orange', withdrawn: 'default' }

export function TaskStatusTag({ status }: { status: TaskStatus }) {
  return (
    <Tag color={TASK_COLORS[status] ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid="task-status" data-status={status}>
      {TASK_STATUSES[status] ?? status}
    </Tag>
  )
}

export function GreenTag({ on }: { on: boolean }) {
  if (!on) return null
  return (
    <Tag color="green" icon={<ThunderboltFilled />} style={{ marginInlineEnd: 0 }} data-testid="green-channel">
      绿色通道
    </Tag>
  )
}

export function RoleTag({ role }: { role: 'lead' | 'co' }) {
  return role === 'lead' ? (
    <Tag color="geekblue" style={{ marginInlineEnd: 0 }}>牵头</Tag>
  ) : (
    <Tag style={{ marginInlineEnd: 0 }}>协办</Tag>
  )
}

const LIGHT = {
  green: { status: 'success' as const, text: '正常' },
  yellow: { status: 'warning' as const, text: '临期' },
  red: { status: 'error' as const, text: '超期' },
}

/** The server's light (green / yellow / red) with the due date and working days left. */
export function Light({ light, due, daysLeft }: { light: 'green' | 'yellow' | 'red' | null; due: string | null; daysLeft?: number | null }) {
  const l = light ? LIGHT[light] : null
  return (
    <Tooltip title={daysLeft != null ? (daysLeft < 0 ? `已超期 ${-daysLeft} 个工作日` : `剩余 ${daysLeft} 个工作日`) : undefined}>
      <span data-testid="joint-light" data-light={light ?? 'none'} style={{ whiteSpace: 'nowrap' }}>
        <Badge status={l?.status ?? 'default'} />
        <span className="ow-mono" style={{ marginLeft: 4 }}>{due ?? '—'}</span>
        {l && light !== 'green' && <span style={{ marginLeft: 4, color: light === 'red' ? '#cf1322' : '#d48806', fontSize: 12 }}>{l.text}</span>}
      </span>
    </Tooltip>
  )
}

export function daysLeftText(d: number | null): string {
  if (d == null) return '—'
  return d < 0 ? `超期 ${-d} 个工作日` : `剩余 ${d} 个工作日`
}

export const DEEMED_COLORS: Record<DeemedKind, string> = { timeout: 'orange', absence: 'volcano', irregular_reply: 'gold' }

/** 视为同意 with how (超时默许 / 缺席默认 / 答复不规范视为同意). */
export function DeemedTag({ kind }: { kind: DeemedKind }) {
  return (
    <Tag color={DEEMED_COLORS[kind]} style={{ marginInlineEnd: 0, fontWeight: 600 }} data-testid="deemed-kind" data-kind={kind}>
      {DEEMED_KINDS[kind]}
    </Tag>
  )
}

const REPLY_COLORS: Record<ReplyKind, string> = { agree: 'green', disagree: 'red', agree_forward: 'cyan' }

export function ReplyTag({ reply }: { reply: ReplyKind }) {
  return (
    <Tag color={REPLY_COLORS[reply]} style={{ marginInlineEnd: 0 }} data-testid="task-reply" data-reply={reply}>
      {REPLY_KINDS[reply]}
    </Tag>
  )
}

/** The reply of a task as one line: the reply, or the deemed mark, and a late reply kept as a record only. */
export function TaskReplySummary({ t }: { t: TaskDto }) {
  return (
    <Space orientation="vertical" size={2} style={{ width: '100%' }}>
      <Space size={4} wrap>
        {t.deemedKind ? (
          <>
            <DeemedTag kind={t.deemedKind} />
            <Typography.Text style={{ fontSize: 12 }}>视为同意{t.deemedAt ? ` · ${fmtDateTime(t.deemedAt)}` : ''}</Typography.Text>
          </>
        ) : t.reply ? (
          <ReplyTag reply={t.reply} />
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>尚未答复</Typography.Text>
        )}
        {t.repliedByName && !t.deemedKind && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t.repliedByName} · {fmtDateTime(t.repliedAt)}</Typography.Text>}
      </Space>
      {t.deemedKind === 'irregular_reply' && t.replyRaw && <Typography.Text type="secondary" style={{ fontSize: 12 }}>原答复：“{t.replyRaw}”</Typography.Text>}
      {t.reasons && <Typography.Text style={{ fontSize: 12 }}>{t.reply === 'disagree' ? '不同意理由' : '意见'}：{t.reasons}</Typography.Text>}
      {t.forwardTo && <Typography.Text style={{ fontSize: 12 }}>需转报：{t.forwardTo}</Typography.Text>}
      {t.deemedKind && t.followupDue && (
        <Typography.Text style={{ fontSize: 12, color: t.followupOverdue ? '#cf1322' : undefined }} data-testid="followup-due">
          应于 {t.followupDue} 前出具审批文件{t.followupOverdue ? '（已逾期）' : ''}
        </Typography.Text>
      )}
      {t.lateReply && (
        <Typography.Text style={{ fontSize: 12, color: '#8c8c8c' }} data-testid="late-reply">
          逾期答复（不改变视为同意结果）：{t.lateReply.reply}
          {t.lateReply.reasons ? `，${t.lateReply.reasons}` : ''} · {t.lateReply.by} · {fmtDateTime(t.lateReply.at)}
        </Typography.Text>
      )}
    </Space>
  )
}

export const DOC_KIND_NAMES: Record<string, string> = {
  joint_receipt: '收件回执',
  joint_correction_notice: '一次性补正告知书',
  joint_acceptance_notice: '统一受理通知书',
  joint_refusal_notice: '不予受理通知书',
  meeting_notice: '会议通知',
  joint_reply: '集中回复意见书',
  result: '审批结果',
  grant_decision: '准予许可决定书',
  denial_decision: '不予许可决定书',
}

export function DocLink({ caseId, doc, type = 'default' }: { caseId: number; doc: JointDocumentDto; type?: 'default' | 'link' }) {
  return (
    <Button
      size="small"
      type={type}
      icon={<FilePdfOutlined />}
      href={jointDocUrl(caseId, doc.id)}
      target="_blank"
      rel="noopener"
      data-testid="joint-doc"
      data-doc-id={doc.id}
      data-kind={doc.kind}
      style={type === 'link' ? { padding: 0 } : undefined}
    >
      {doc.title}
    </Button>
  )
}

export const DELIVERY_NAMES: Record<string, string> = { pickup: '窗口领取', post: '邮寄送达', download: '网上下载' }

/** The form the joint case keeps (the one application form of a bundle / stage). */
export interface JointForm {
  description?: string
  contactName?: string
  contactPhone?: string
  address?: string
}
