/**
 * The actions on a joint case and on a department's task, each a button that opens what it needs
 * (a confirmation, a small form in a modal). Which buttons appear is decided by the server
 * (`case.actions`, `case.taskActions`); the forms only check what the contract requires.
 */
import { useState } from 'react'
import { Alert, App, Button, Checkbox, DatePicker, Form, Input, Modal, Popconfirm, Radio, Select, Space, Table, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useCentres } from '../../../hooks/api/backoffice'
import {
  MEETING_KINDS,
  REPLY_KINDS,
  useJointCaseAction,
  useRecordAttendance,
  useScheduleMeeting,
  useTaskAction,
  type JointAction,
  type JointCaseDto,
  type JointDocumentDto,
  type MeetingKind,
  type TaskDto,
} from '../../../hooks/api/joint'
import { FormError } from '../../../ui/FormError'
import { useIsPhone } from '../../../ui/useIsPhone'
import { DocLink } from './bits'

export const ACTION_LABELS: Partial<Record<JointAction, string>> = {
  submit: '提交申请',
  supply: '提交补正',
  withdraw: '撤回',
  send_correction: '发送合并补正告知',
  accept: '统一受理',
  refuse: '不予受理',
  schedule_meeting: '召集会议 / 踏勘',
  record_meeting: '登记会议结果',
  central_reply: '集中回复',
  deliver: '统一送达',
}

type OnDoc = (doc: JointDocumentDto | null | undefined, text: string) => void

/** A confirmed POST without a body (send_correction, accept, central_reply, submit, supply). */
function ConfirmAction({ c, action, path, title, okText, done, onDoc, primary, danger, before }: { c: JointCaseDto; action: JointAction; path: '/correction-notice' | '/accept' | '/reply' | '/submit' | '/supply'; title: string; okText: string; done: string; onDoc?: OnDoc; primary?: boolean; danger?: boolean; before?: () => Promise<boolean> }) {
  const { message } = App.useApp()
  const act = useJointCaseAction()
  const [err, setErr] = useState<unknown>(null)
  return (
    <>
      <Popconfirm
        title={title}
        okText={okText}
        cancelText="取消"
        okButtonProps={{ 'data-testid': `confirm-${action}` }}
        onConfirm={async () => {
          if (before && !(await before())) return
          await act.mutateAsync({ caseId: c.id, path }).then(
            (r) => {
              setErr(null)
              message.success(done)
              onDoc?.(r.document, done)
            },
            (e) => setErr(e),
          )
        }}
      >
        <Button type={primary ? 'primary' : 'default'} danger={danger} loading={act.isPending} data-testid={`jaction-${action}`}>
          {ACTION_LABELS[action]}
        </Button>
      </Popconfirm>
      {err ? <FormError error={err} style={{ marginTop: 8, marginBottom: 0, width: '100%' }} /> : null}
    </>
  )
}

function RefuseAction({ c, onDoc }: { c: JointCaseDto; onDoc?: OnDoc }) {
  const [open, setOpen] = useState(false)
  const act = useJointCaseAction()
  const [form] = Form.useForm<{ reasons: string }>()
  return (
    <>
      <Button danger onClick={() => setOpen(true)} data-testid="jaction-refuse">不予受理</Button>
      <Modal open={open} title="不予受理" okText="出具不予受理通知书" cancelText="取消" confirmLoading={act.isPending} onCancel={() => setOpen(false)} onOk={() => form.submit()} destroyOnHidden okButtonProps={{ danger: true, 'data-testid': 'refuse-submit' }}>
        <Form form={form} layout="vertical" onFinish={(v) => act.mutateAsync({ caseId: c.id, path: '/refuse', body: { reasons: v.reasons.trim() } }).then((r) => { setOpen(false); onDoc?.(r.document, '已出具不予受理通知书') }, () => undefined)}>
          <FormError error={act.error} />
          <Form.Item name="reasons" label="不予受理的理由和依据" rules={[{ required: true, whitespace: true, message: '请填写理由' }]}>
            <Input.TextArea rows={4} maxLength={1000} showCount data-testid="refuse-reasons" placeholder="如：申请事项依法不需要取得行政许可" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  )
}

function MeetingAction({ c }: { c: JointCaseDto }) {
  const { message } = App.useApp()
  const [open, setOpen] = useState(false)
  const act = useScheduleMeeting()
  const [form] = Form.useForm<{ kind: MeetingKind; title: string; at: Dayjs; location: string; taskIds: number[] }>()
  const pending = c.tasks.filter((t) => t.status === 'pending')
  const candidates = pending.length ? pending : c.tasks
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="jaction-schedule_meeting">召集会议 / 踏勘</Button>
      <Modal open={open} title="召集联席会议 / 联合踏勘" okText="发出会议通知" cancelText="取消" confirmLoading={act.isPending} onCancel={() => setOpen(false)} onOk={() => form.submit()} destroyOnHidden okButtonProps={{ 'data-testid': 'meeting-submit' }}>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ kind: 'meeting', taskIds: pending.map((t) => t.id), at: dayjs().add(1, 'day').hour(9).minute(30).second(0) }}
          onFinish={(v) =>
            act
              .mutateAsync({ caseId: c.id, body: { kind: v.kind, title: v.title.trim(), scheduledAt: v.at.toISOString(), location: v.location.trim(), taskIds: v.taskIds?.length ? v.taskIds : undefined } })
              .then(() => { setOpen(false); message.success('已发出会议通知') }, () => undefined)
          }
        >
          <FormError error={act.error} />
          <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
            <Radio.Group optionType="button" options={Object.entries(MEETING_KINDS).map(([value, label]) => ({ value, label }))} data-testid="meeting-kind" />
          </Form.Item>
          <Form.Item name="title" label="议题" rules={[{ required: true, whitespace: true, message: '请填写议题' }]}>
            <Input maxLength={200} data-testid="meeting-title" placeholder={`${c.name}联合审查`} />
          </Form.Item>
          <Form.Item name="at" label="时间" rules={[{ required: true, message: '请选择时间' }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="meeting-at" />
          </Form.Item>
          <Form.Item name="location" label="地点" rules={[{ required: true, whitespace: true, message: '请填写地点' }]}>
            <Input maxLength={200} data-testid="meeting-location" placeholder="市政务服务中心 3 楼联审会议室" />
          </Form.Item>
          <Form.Item name="taskIds" label="参加部门（默认全部未答复部门）">
            <Checkbox.Group options={candidates.map((t) => ({ value: t.id, label: `${t.unitName}（${t.itemName}）` }))} style={{ display: 'flex', flexDirection: 'column', gap: 4 }} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  )
}

type AttendanceValue = 'attended' | 'excused' | 'absent'

function AttendanceAction({ c, meetingId }: { c: JointCaseDto; meetingId: number }) {
  const { message } = App.useApp()
  const isPhone = useIsPhone()
  const m = c.meetings.find((x) => x.id === meetingId)
  const [open, setOpen] = useState(false)
  const [rows, setRows] = useState<Record<number, { attendance: AttendanceValue; reason: string }>>({})
  const [minutes, setMinutes] = useState('')
  const act = useRecordAttendance()
  if (!m || m.status !== 'scheduled') return null
  const value = (taskId: number) => rows[taskId] ?? { attendance: 'attended' as AttendanceValue, reason: '' }
  const set = (taskId: number, p: Partial<{ attendance: AttendanceValue; reason: string }>) => setRows((r) => ({ ...r, [taskId]: { ...value(taskId), ...p } }))
  const missingReason = m.invites.some((i) => value(i.taskId).attendance === 'excused' && !value(i.taskId).reason.trim())
  const absent = m.invites.filter((i) => value(i.taskId).attendance === 'absent')
  const submit = () =>
    act
      .mutateAsync({ caseId: c.id, meetingId, minutes: minutes.trim(), entries: m.invites.map((i) => ({ taskId: i.taskId, attendance: value(i.taskId).attendance, reason: value(i.taskId).reason.trim() || undefined })) })
      .then(() => { setOpen(false); message.success('已登记会议结果') }, () => undefined)
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid={`record-meeting-${meetingId}`}>登记出席与纪要</Button>
      <Modal open={open} width={isPhone ? '100%' : 760} title={`登记会议结果 · ${m.title}`} okText="确认登记" cancelText="取消" confirmLoading={act.isPending} okButtonProps={{ disabled: missingReason || !minutes.trim(), 'data-testid': 'attendance-submit' }} onCancel={() => setOpen(false)} onOk={submit} destroyOnHidden>
        <FormError error={act.error} />
        <Table
          size="small"
          rowKey="taskId"
          pagination={false}
          dataSource={m.invites}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: '部门', dataIndex: 'unitName' },
            {
              title: '出席情况',
              key: 'a',
              render: (_: unknown, i) => (
                <Radio.Group size="small" optionType="button" value={value(i.taskId).attendance} onChange={(e) => set(i.taskId, { attendance: e.target.value })} data-testid={`attendance-${i.taskId}`}
                  options={[{ value: 'attended', label: '出席' }, { value: 'excused', label: '请假' }, { value: 'absent', label: '缺席' }]} />
              ),
            },
            {
              title: '请假理由',
              key: 'r',
              render: (_: unknown, i) =>
                value(i.taskId).attendance === 'excused' ? (
                  <Input size="small" status={value(i.taskId).reason.trim() ? undefined : 'error'} placeholder="请假需说明正当理由" value={value(i.taskId).reason} onChange={(e) => set(i.taskId, { reason: e.target.value })} style={{ minWidth: 180 }} />
                ) : (
                  <Typography.Text type="secondary">—</Typography.Text>
                ),
            },
          ]}
        />
        {absent.length > 0 && (
          <Alert type="warning" showIcon style={{ marginTop: 8 }} title={`缺席部门将按“缺席默认”视为同意：${absent.map((i) => i.unitName).join('、')}`} description="视为同意后，该部门须在 1 个工作日内出具审批文件。" />
        )}
        <Typography.Text strong style={{ display: 'block', marginTop: 10 }}>会议纪要</Typography.Text>
        <Input.TextArea rows={4} value={minutes} onChange={(e) => setMinutes(e.target.value)} maxLength={4000} showCount data-testid="attendance-minutes" placeholder="会议议定事项、各部门意见" />
      </Modal>
    </>
  )
}

function DeliverAction({ c, applicant }: { c: JointCaseDto; applicant?: boolean }) {
  const { message } = App.useApp()
  const [open, setOpen] = useState(false)
  const act = useJointCaseAction()
  const centres = useCentres()
  const [form] = Form.useForm<{ method: 'pickup' | 'post' | 'download'; centreId?: number; address?: string; trackingNumber?: string }>()
  const method = Form.useWatch('method', form)
  if (applicant) {
    return (
      <Space orientation="vertical" style={{ width: '100%' }}>
        <FormError error={act.error} />
        <Button type="primary" block loading={act.isPending} data-testid="jaction-deliver" onClick={() => act.mutateAsync({ caseId: c.id, path: '/deliver', body: { method: 'download' } }).then(() => message.success('已确认网上下载，办件已送达'), () => undefined)}>
          确认网上下载全部结果
        </Button>
      </Space>
    )
  }
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)} data-testid="jaction-deliver">统一送达</Button>
      <Modal open={open} title="统一送达全部审批结果" okText="确认送达" cancelText="取消" confirmLoading={act.isPending} onCancel={() => setOpen(false)} onOk={() => form.submit()} destroyOnHidden okButtonProps={{ 'data-testid': 'deliver-submit' }}>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ method: 'pickup' }}
          onFinish={(v) =>
            act
              .mutateAsync({ caseId: c.id, path: '/deliver', body: { method: v.method, centreId: v.method === 'pickup' ? v.centreId : undefined, address: v.method === 'post' ? v.address?.trim() : undefined, trackingNumber: v.method === 'post' ? v.trackingNumber?.trim() || undefined : undefined } })
              .then(() => { setOpen(false); message.success('已送达') }, () => undefined)
          }
        >
          <FormError error={act.error} />
          <Form.Item name="method" label="送达方式" rules={[{ required: true }]}>
            <Radio.Group optionType="button" options={[{ value: 'pickup', label: '窗口领取' }, { value: 'post', label: '邮寄' }, { value: 'download', label: '网上下载' }]} data-testid="deliver-method" />
          </Form.Item>
          {method === 'pickup' && (
            <Form.Item name="centreId" label="领取地点">
              <Select allowClear options={(centres.data ?? []).map((x) => ({ value: x.id, label: x.name }))} placeholder="默认为收件中心" />
            </Form.Item>
          )}
          {method === 'post' && (
            <>
              <Form.Item name="address" label="邮寄地址" rules={[{ required: true, whitespace: true, message: '请填写邮寄地址' }]}>
                <Input maxLength={300} />
              </Form.Item>
              <Form.Item name="trackingNumber" label="运单号">
                <Input maxLength={60} className="ow-mono" />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </>
  )
}

function WithdrawAction({ c }: { c: JointCaseDto }) {
  const { message } = App.useApp()
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState('')
  const act = useJointCaseAction()
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="jaction-withdraw">撤回</Button>
      <Modal open={open} title="撤回申请" okText="确认撤回" cancelText="取消" okButtonProps={{ danger: true }} confirmLoading={act.isPending} onCancel={() => setOpen(false)} onOk={() => act.mutateAsync({ caseId: c.id, path: '/withdraw', body: reason.trim() ? { reason: reason.trim() } : {} }).then(() => { setOpen(false); message.success('已撤回') }, () => undefined)} destroyOnHidden>
        <FormError error={act.error} />
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} placeholder="撤回原因（可不填）" />
      </Modal>
    </>
  )
}

/** The case-level buttons the server allows. `audience` hides what an applicant never does. */
export function CaseActions({ c, onDoc, applicant, beforeSubmit }: { c: JointCaseDto; onDoc?: OnDoc; applicant?: boolean; beforeSubmit?: () => Promise<boolean> }) {
  const has = (a: JointAction) => c.actions.includes(a)
  return (
    <Space wrap data-testid="joint-actions">
      {has('submit') && <ConfirmAction c={c} action="submit" path="/submit" title="提交后将统一收件并分送各部门预审，确认提交？" okText="提交" done="已提交，统一收件" onDoc={onDoc} primary before={beforeSubmit} />}
      {has('supply') && <ConfirmAction c={c} action="supply" path="/supply" title="确认已按告知补齐材料并提交补正？" okText="提交补正" done="已提交补正" onDoc={onDoc} primary />}
      {has('send_correction') && <ConfirmAction c={c} action="send_correction" path="/correction-notice" title="将各部门的预审意见合并为一份一次性补正告知书发送申请人？" okText="发送" done="已发送一次性补正告知书" onDoc={onDoc} />}
      {has('accept') && <ConfirmAction c={c} action="accept" path="/accept" title="统一受理后将分送各部门并联审批并开始计时，确认受理？" okText="受理" done="已统一受理，出具受理通知书" onDoc={onDoc} primary />}
      {has('refuse') && <RefuseAction c={c} onDoc={onDoc} />}
      {has('schedule_meeting') && <MeetingAction c={c} />}
      {has('central_reply') && <ConfirmAction c={c} action="central_reply" path="/reply" title="汇总各部门意见（含视为同意）出具集中回复意见书？" okText="集中回复" done="已集中回复" onDoc={onDoc} primary />}
      {has('deliver') && <DeliverAction c={c} applicant={applicant} />}
      {has('withdraw') && <WithdrawAction c={c} />}
    </Space>
  )
}

export function MeetingRecordButton({ c, meetingId }: { c: JointCaseDto; meetingId: number }) {
  if (!c.actions.includes('record_meeting')) return null
  return <AttendanceAction c={c} meetingId={meetingId} />
}

export function IssuedAlert({ caseId, doc, text, onClose }: { caseId: number; doc: JointDocumentDto | null | undefined; text: string; onClose?: () => void }) {
  return (
    <Alert type="success" showIcon closable onClose={onClose} data-testid="joint-issued" title={text} description={doc ? <DocLink caseId={caseId} doc={doc} /> : undefined} />
  )
}

// ---------------------------------------------------------------- department task actions

/** 预审: 无意见, or a list of correction items, each against a material (or the application as a whole). */
function PrecheckAction({ c, t }: { c: JointCaseDto; t: TaskDto }) {
  const { message } = App.useApp()
  const [open, setOpen] = useState(false)
  const act = useTaskAction()
  const [mode, setMode] = useState<'ok' | 'items'>('ok')
  const [items, setItems] = useState<{ materialKey: string | null; problem: string }[]>([{ materialKey: null, problem: '' }])
  const mine = c.requiredMaterials.filter((m) => m.usedBy.includes(t.itemId))
  const valid = mode === 'ok' || (items.length > 0 && items.every((i) => i.problem.trim()))
  const submit = () =>
    act
      .mutateAsync({ taskId: t.id, caseId: c.id, action: 'precheck', body: mode === 'ok' ? { ok: true } : { items: items.map((i) => ({ materialKey: i.materialKey, problem: i.problem.trim() })) } })
      .then(() => { setOpen(false); message.success(mode === 'ok' ? '预审无意见' : '已提交补正意见，由牵头部门 / 综合窗口合并告知') }, () => undefined)
  return (
    <>
      <Button size="small" type="primary" onClick={() => setOpen(true)} data-testid={`task-precheck-${t.id}`}>预审</Button>
      <Modal open={open} title={`预审 · ${t.unitName} · ${t.itemName}`} okText="提交预审意见" cancelText="取消" confirmLoading={act.isPending} okButtonProps={{ disabled: !valid, 'data-testid': 'precheck-submit' }} onCancel={() => setOpen(false)} onOk={submit} destroyOnHidden width={640}>
        <FormError error={act.error} />
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>预审意见须在收件后 2 个工作日内提出（{c.precheckDue ?? '—'} 前）；各部门意见由牵头部门 / 综合窗口合并为一份补正告知书一次性告知申请人。</Typography.Paragraph>
        <Radio.Group value={mode} onChange={(e) => setMode(e.target.value)} optionType="button" buttonStyle="solid" data-testid="precheck-mode" options={[{ value: 'ok', label: '无意见' }, { value: 'items', label: '需补正' }]} />
        {mode === 'items' && (
          <div style={{ marginTop: 12 }}>
            {items.map((it, n) => (
              <Space key={n} wrap style={{ display: 'flex', marginBottom: 8 }} align="start">
                <Select
                  style={{ width: 220 }}
                  value={it.materialKey ?? '__none'}
                  onChange={(v: string) => setItems((xs) => xs.map((x, i) => (i === n ? { ...x, materialKey: v === '__none' ? null : v } : x)))}
                  options={[{ value: '__none', label: '（申请整体）' }, ...mine.map((m) => ({ value: m.key, label: m.name }))]}
                  data-testid={`precheck-material-${n}`}
                />
                <Input style={{ width: 280 }} value={it.problem} placeholder="问题和补正要求" onChange={(e) => setItems((xs) => xs.map((x, i) => (i === n ? { ...x, problem: e.target.value } : x)))} data-testid={`precheck-problem-${n}`} />
                {items.length > 1 && <Button type="link" danger onClick={() => setItems((xs) => xs.filter((_, i) => i !== n))}>删除</Button>}
              </Space>
            ))}
            <Button size="small" onClick={() => setItems((xs) => [...xs, { materialKey: null, problem: '' }])}>增加一项</Button>
          </div>
        )}
      </Modal>
    </>
  )
}

/** R17: 同意 / 不同意（须说明理由）/ 同意但需转报; optionally issue the approval document at once. */
export function ReplyForm({ c, t, onDone }: { c: JointCaseDto; t: TaskDto; onDone?: () => void }) {
  const { message } = App.useApp()
  const act = useTaskAction()
  const [form] = Form.useForm<{ reply: 'agree' | 'disagree' | 'agree_forward'; reasons?: string; forwardTo?: string; issueNow?: boolean }>()
  const reply = Form.useWatch('reply', form)
  const deemed = t.status === 'deemed'
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ reply: 'agree', issueNow: false }}
      data-testid="reply-form"
      onFinish={(v) =>
        act
          .mutateAsync({
            taskId: t.id,
            caseId: c.id,
            action: 'reply',
            body: { reply: REPLY_KINDS[v.reply], reasons: v.reasons?.trim() || undefined, forwardTo: v.reply === 'agree_forward' ? v.forwardTo?.trim() : undefined, issueNow: v.issueNow || undefined },
          })
          .then(() => { message.success(deemed ? '已记录逾期答复（不改变视为同意结果）' : '已答复'); onDone?.() }, () => undefined)
      }
    >
      {deemed && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="本部门已被视为同意" description="此时提交的答复仅作为逾期答复记录，不改变视为同意的结果。" />}
      <FormError error={act.error} />
      <Form.Item name="reply" label="答复意见" rules={[{ required: true }]}>
        <Radio.Group data-testid="reply-kind" optionType="button" buttonStyle="solid" options={[{ value: 'agree', label: REPLY_KINDS.agree }, { value: 'disagree', label: REPLY_KINDS.disagree }, { value: 'agree_forward', label: REPLY_KINDS.agree_forward }]} />
      </Form.Item>
      {reply === 'agree_forward' && (
        <Form.Item name="forwardTo" label="转报机关" rules={[{ required: true, whitespace: true, message: '请填写需转报的上级机关' }]}>
          <Input maxLength={200} placeholder="如：山东省自然资源厅" data-testid="reply-forward" />
        </Form.Item>
      )}
      <Form.Item name="reasons" label={reply === 'disagree' ? '不同意的理由和依据' : '意见说明'} rules={reply === 'disagree' ? [{ required: true, whitespace: true, message: '不同意须说明理由和依据' }] : []}>
        <Input.TextArea rows={3} maxLength={2000} showCount data-testid="reply-reasons" />
      </Form.Item>
      {!deemed && (
        <Form.Item name="issueNow" valuePropName="checked">
          <Checkbox data-testid="reply-issue">同时出具审批文件</Checkbox>
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" loading={act.isPending} data-testid="reply-submit">{deemed ? '记录逾期答复' : '提交答复'}</Button>
    </Form>
  )
}

function ReplyAction({ c, t }: { c: JointCaseDto; t: TaskDto }) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <Button size="small" type="primary" onClick={() => setOpen(true)} data-testid={`task-reply-${t.id}`}>{t.status === 'deemed' ? '逾期答复' : '答复'}</Button>
      <Modal open={open} title={`答复 · ${t.unitName} · ${t.itemName}`} footer={null} onCancel={() => setOpen(false)} destroyOnHidden>
        <ReplyForm c={c} t={t} onDone={() => setOpen(false)} />
      </Modal>
    </>
  )
}

export function IssueAction({ c, t }: { c: JointCaseDto; t: TaskDto }) {
  const { message } = App.useApp()
  const act = useTaskAction()
  return (
    <Popconfirm title="办结子办件并出具本部门的审批文件？" okText="出具" cancelText="取消" okButtonProps={{ 'data-testid': `confirm-issue-${t.id}` }} onConfirm={() => act.mutateAsync({ taskId: t.id, caseId: c.id, action: 'issue' }).then(() => message.success('已出具审批文件'), (e) => message.error((e as Error).message))}>
      <Button size="small" loading={act.isPending} data-testid={`task-issue-${t.id}`}>出具审批文件</Button>
    </Popconfirm>
  )
}

/** The buttons of one task, from `case.taskActions[task.id]`. */
export function TaskActions({ c, t }: { c: JointCaseDto; t: TaskDto }) {
  const acts = c.taskActions[t.id] ?? []
  if (acts.length === 0) return null
  return (
    <Space size={4} wrap data-testid={`task-actions-${t.id}`}>
      {acts.includes('precheck') && <PrecheckAction c={c} t={t} />}
      {acts.includes('reply') && <ReplyAction c={c} t={t} />}
      {acts.includes('issue') && <IssueAction c={c} t={t} />}
    </Space>
  )
}
