/**
 * A joint case in full, shared by the back office and the hall: header, predicted completion,
 * the departments as swimlanes (one card per task), the union materials, corrections, meetings,
 * documents and delivery. Actions are passed in by the page (they differ by audience).
 */
import { useRef, useState, type ReactNode } from 'react'
import { Alert, Button, Card, Col, Descriptions, Empty, Popconfirm, Row, Space, Statistic, Table, Tag, Typography } from 'antd'
import { CheckCircleFilled, DeleteOutlined, ExclamationCircleFilled, PaperClipOutlined, UploadOutlined } from '@ant-design/icons'
import {
  ATTENDANCE,
  MEETING_KINDS,
  useDeleteJointMaterial,
  usePrediction,
  useUploadJointMaterial,
  type JointCaseDto,
  type TaskDto,
} from '../../../hooks/api/joint'
import { errorMessage } from '../../../lib/api'
import { fmtDate, fmtDateTime, maskCode } from '../../../lib/format'
import { DELIVERY_NAMES, DocLink, GreenTag, JointStatusTag, Light, RoleTag, TaskReplySummary, TaskStatusTag, daysLeftText } from './bits'

export function JointCaseHeader({ c, extra }: { c: JointCaseDto; extra?: ReactNode }) {
  const code = c.applicant.kind === 'enterprise' ? c.applicant.creditCode : c.applicant.idNumber
  return (
    <Card size="small" data-testid="joint-header" data-case-id={c.id} data-status={c.status}>
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, marginBottom: 6 }}>
        <Typography.Text className="ow-mono" strong style={{ fontSize: 16 }} copyable data-testid="joint-number">
          {c.number}
        </Typography.Text>
        <JointStatusTag status={c.status} name={c.statusName} />
        <GreenTag on={c.greenChannel} />
        <Tag style={{ marginInlineEnd: 0 }}>{c.kind === 'bundle' ? '一件事' : '工程建设项目'}</Tag>
        <Tag style={{ marginInlineEnd: 0 }}>{c.channel === 'online' ? '网上申请' : '综合窗口收件'}</Tag>
        {c.agent && <Tag color="purple" style={{ marginInlineEnd: 0 }}>帮办代办：{c.agent.name}</Tag>}
        <span style={{ flex: 1 }} />
        {extra}
      </div>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 4 }}
        items={[
          { key: 'name', label: '名称', children: <span data-testid="joint-name">{c.name}</span> },
          ...(c.project ? [{ key: 'proj', label: '项目', children: <span>{c.project.name}（<span className="ow-mono">{c.project.code}</span>）· {c.project.stageName}</span> }] : []),
          ...(c.bundle ? [{ key: 'bundle', label: '一件事', children: c.bundle.name }] : []),
          { key: 'lead', label: '牵头部门', children: c.leadUnitName },
          { key: 'app', label: '申请人', children: `${c.applicant.name}（${c.applicant.kind === 'enterprise' ? '法人' : '自然人'}）` },
          { key: 'code', label: c.applicant.kind === 'enterprise' ? '信用代码' : '身份证号', children: <span className="ow-mono">{code ? maskCode(code) : '—'}</span> },
          { key: 'limit', label: '办理时限', children: `${c.limitDays} 个工作日` },
          { key: 'recv', label: '收件时间', children: fmtDateTime(c.receivedAt) },
          ...(c.precheckDue && c.status === 'received' ? [{ key: 'pre', label: '预审期限', children: <span className="ow-mono">{c.precheckDue}</span> }] : []),
          { key: 'acc', label: '受理时间', children: fmtDateTime(c.acceptedAt) },
          { key: 'due', label: '办结期限', children: <span className="ow-mono" data-testid="joint-due">{c.due ?? '—'}</span> },
          { key: 'rep', label: '集中回复', children: fmtDateTime(c.repliedAt) },
          { key: 'done', label: '办结时间', children: fmtDateTime(c.completedAt) },
        ]}
      />
      {c.status === 'refused' && c.refusalReasons && <Alert type="error" showIcon style={{ marginTop: 8 }} title="不予受理" description={c.refusalReasons} />}
    </Card>
  )
}

/** 预计办结: the date and, per department, the expected days and their basis. */
export function PredictionCard({ c }: { c: JointCaseDto }) {
  const p = usePrediction(c.id, !!c.acceptedAt)
  const answered = c.tasks.filter((t) => t.status === 'replied' || t.status === 'deemed').length
  return (
    <Card size="small" title="办理进度与预计办结" data-testid="prediction-card">
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}><Statistic title="部门" value={`${answered} / ${c.tasks.length}`} suffix="已答复" valueStyle={{ fontSize: 18 }} /></Col>
        <Col xs={12} md={6}><Statistic title="视为同意" value={c.tasks.filter((t) => t.deemedKind).length} suffix="个" valueStyle={{ fontSize: 18, color: '#d46b08' }} /></Col>
        <Col xs={12} md={6}><Statistic title="办结期限" value={c.due ?? '—'} valueStyle={{ fontSize: 18 }} /></Col>
        <Col xs={12} md={6}>
          <Statistic title="预计办结" value={c.predictedCompletion ?? p.data?.predictedCompletion ?? '—'} valueStyle={{ fontSize: 18, color: '#1a56a6' }} />
        </Col>
      </Row>
      {p.data && p.data.tasks.length > 0 && (
        <Table
          size="small"
          style={{ marginTop: 8 }}
          rowKey="taskId"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={p.data.tasks}
          data-testid="prediction-table"
          columns={[
            { title: '部门', dataIndex: 'unitName', render: (n: string, r) => <span>{n}{r.taskId === p.data!.criticalTaskId && <Tag color="red" style={{ marginLeft: 6 }}>关键路径</Tag>}</span> },
            { title: '时限', dataIndex: 'limitDays', render: (d: number) => `${d} 工作日` },
            { title: '预计用时', dataIndex: 'expectedDays', render: (d: number) => `${d} 工作日` },
            { title: '依据', dataIndex: 'basis', render: (b: string, r) => ({ limit: '按时限', history: `按历史（${r.historyCount} 件）`, actual: '已完成' })[b] ?? b },
            { title: '预计完成', dataIndex: 'expectedDate', render: (d: string | null) => <span className="ow-mono">{d ?? '—'}</span> },
          ]}
        />
      )}
    </Card>
  )
}

/** One department's part: a card per task (swimlane). */
export function TaskLane({ t, c, extra }: { t: TaskDto; c: JointCaseDto; extra?: ReactNode }) {
  const deemed = !!t.deemedKind
  return (
    <div
      data-testid="task-lane"
      data-task-id={t.id}
      data-unit={t.unitName}
      data-status={t.status}
      data-deemed={t.deemedKind ?? ''}
      style={{
        border: '1px solid #e8ecf1',
        borderLeft: `4px solid ${deemed ? '#fa8c16' : t.status === 'replied' ? (t.reply === 'disagree' ? '#cf1322' : '#52c41a') : t.light === 'red' ? '#cf1322' : t.light === 'yellow' ? '#faad14' : '#1a56a6'}`,
        borderRadius: 4,
        padding: '8px 12px',
        background: deemed ? '#fff7e6' : '#fff',
      }}
    >
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' }}>
        <Typography.Text strong data-testid="task-unit">{t.unitName}</Typography.Text>
        <RoleTag role={t.role} />
        <TaskStatusTag status={t.status} />
        {t.documentIssuedAt && <Tag color="success" style={{ marginInlineEnd: 0 }} data-testid="task-issued">已出具审批文件</Tag>}
        <span style={{ flex: 1 }} />
        {extra}
      </div>
      <Row gutter={[12, 4]} style={{ marginTop: 6, fontSize: 13 }}>
        <Col xs={24} md={8}>
          <Typography.Text type="secondary">事项：</Typography.Text>
          {t.itemName}
          {t.caseNumber && <div style={{ fontSize: 12 }}><Typography.Text type="secondary">子办件 </Typography.Text><span className="ow-mono">{t.caseNumber}</span></div>}
        </Col>
        <Col xs={24} md={7}>
          {c.acceptedAt ? (
            <>
              <div><Typography.Text type="secondary">期限：</Typography.Text>{t.status === 'pending' ? <Light light={t.light} due={t.due} daysLeft={t.daysLeft} /> : <span className="ow-mono">{t.due ?? '—'}</span>}</div>
              <div style={{ fontSize: 12 }}>
                {t.status === 'pending' ? <span data-testid="task-days-left">{daysLeftText(t.daysLeft)}</span> : `时限 ${t.limitDays} 个工作日`}
                {t.expectedDays != null && ` · 预计 ${t.expectedDays} 个工作日（${t.expectedBasis === 'history' ? '按历史' : '按时限'}）`}
              </div>
            </>
          ) : (
            <div>
              <Typography.Text type="secondary">预审：</Typography.Text>
              {t.precheckDoneAt ? `已完成 ${fmtDateTime(t.precheckDoneAt)}` : c.precheckDue ? `${c.precheckDue} 前` : '—'}
            </div>
          )}
        </Col>
        <Col xs={24} md={9}>
          <TaskReplySummary t={t} />
        </Col>
      </Row>
    </div>
  )
}

export function TasksCard({ c, taskExtra, title = '部门办理（并联审批）' }: { c: JointCaseDto; taskExtra?: (t: TaskDto) => ReactNode; title?: string }) {
  return (
    <Card size="small" title={title} data-testid="tasks-card">
      {c.tasks.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="提交后按事项分送各部门" />
      ) : (
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          {c.tasks.map((t) => (
            <TaskLane key={t.id} t={t} c={c} extra={taskExtra?.(t)} />
          ))}
        </Space>
      )}
    </Card>
  )
}

/** The union of the items' materials (each once) with what has been supplied, and uploads while editable. */
export function UnionMaterialsCard({ c, editable, title }: { c: JointCaseDto; editable: boolean; title?: string }) {
  const itemName = (id: number) => c.tasks.find((t) => t.itemId === id)?.itemName ?? `事项 ${id}`
  const missing = c.requiredMaterials.filter((m) => m.requirement === 'required' && !m.supplied)
  return (
    <Card size="small" title={title ?? `申请材料（一套材料，${c.requiredMaterials.length} 项）`} data-testid="union-materials">
      {editable && missing.length > 0 && (
        <Alert type="info" showIcon style={{ marginBottom: 8 }} title={`尚缺 ${missing.length} 项必要材料`} description={missing.map((m) => m.name).join('、')} data-testid="materials-missing" />
      )}
      {c.requiredMaterials.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无需材料" />}
      {c.requiredMaterials.map((m, i) => (
        <MaterialLine
          key={m.key}
          c={c}
          index={i}
          materialKey={m.key}
          name={m.name}
          requirement={m.requirement}
          supplied={m.supplied}
          usedBy={m.usedBy.map(itemName)}
          editable={editable}
        />
      ))}
      {c.materials.some((f) => !c.requiredMaterials.some((m) => m.key === f.key)) && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          其他材料：{c.materials.filter((f) => !c.requiredMaterials.some((m) => m.key === f.key)).map((f) => f.fileName).join('、')}
        </Typography.Text>
      )}
    </Card>
  )
}

const REQ: Record<string, { text: string; color: string }> = { required: { text: '必要', color: 'red' }, conditional: { text: '视情形', color: 'orange' }, optional: { text: '非必要', color: 'default' } }

function MaterialLine({ c, index, materialKey, name, requirement, supplied, usedBy, editable }: { c: JointCaseDto; index: number; materialKey: string; name: string; requirement: string; supplied: boolean; usedBy: string[]; editable: boolean }) {
  const input = useRef<HTMLInputElement>(null)
  const up = useUploadJointMaterial()
  const del = useDeleteJointMaterial()
  const [err, setErr] = useState<string | null>(null)
  const files = c.materials.filter((f) => f.key === materialKey)
  const r = REQ[requirement] ?? { text: requirement, color: 'default' }
  const onFile = (f: File | undefined) => {
    if (!f) return
    setErr(null)
    up.mutate({ caseId: c.id, materialKey, file: f }, { onError: (e) => setErr(errorMessage(e)) })
    if (input.current) input.current.value = ''
  }
  return (
    <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap', padding: '8px 0', borderBottom: '1px solid #f0f0f0' }} data-testid={`jmaterial-${materialKey}`} data-supplied={supplied ? 'true' : 'false'}>
      <div style={{ flex: '1 1 260px', minWidth: 0 }}>
        <Space size={6} wrap>
          {supplied ? <CheckCircleFilled style={{ color: '#52c41a' }} /> : <ExclamationCircleFilled style={{ color: requirement === 'required' ? '#faad14' : '#bfbfbf' }} />}
          <span style={{ fontWeight: 500 }}>{index + 1}. {name}</span>
          <Tag color={r.color} style={{ marginInlineEnd: 0 }}>{r.text}</Tag>
          {supplied ? <Tag color="green" style={{ marginInlineEnd: 0 }}>已提交</Tag> : <Tag style={{ marginInlineEnd: 0 }}>未提交</Tag>}
        </Space>
        <div style={{ fontSize: 12, color: 'rgba(0,0,0,.55)', marginTop: 2 }}>用于：{usedBy.join('、') || '—'}</div>
        {files.map((f) => (
          <div key={f.id} style={{ fontSize: 13, marginTop: 2, display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }} data-testid={`juploaded-${materialKey}`}>
            <PaperClipOutlined /> {f.fileName}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {Math.max(1, Math.round(f.size / 1024))} KB · {f.source === 'prior_stage' ? '前一阶段材料' : f.source === 'e_certificate' ? '电子证照' : '上传'} · {fmtDateTime(f.uploadedAt)}
            </Typography.Text>
            {editable && (
              <Popconfirm title="删除这个文件？" okText="删除" cancelText="取消" onConfirm={() => del.mutate({ caseId: c.id, materialId: f.id }, { onError: (e) => setErr(errorMessage(e)) })}>
                <Button type="link" size="small" danger icon={<DeleteOutlined />} style={{ padding: 0 }}>删除</Button>
              </Popconfirm>
            )}
          </div>
        ))}
        {err && <Alert type="error" showIcon style={{ marginTop: 4 }} title={err} data-testid={`jupload-error-${materialKey}`} />}
      </div>
      {editable && (
        <div style={{ alignSelf: 'center' }}>
          <input ref={input} type="file" accept=".pdf,.jpg,.jpeg,.png,.ofd,application/pdf,image/jpeg,image/png" style={{ display: 'none' }} data-testid={`jupload-${materialKey}`} onChange={(e) => onFile(e.target.files?.[0])} />
          <Button icon={<UploadOutlined />} loading={up.isPending} onClick={() => input.current?.click()}>
            {files.length ? '继续上传' : '上传'}
          </Button>
        </div>
      )}
    </div>
  )
}

export function CorrectionsCard({ c }: { c: JointCaseDto }) {
  if (c.corrections.length === 0) return null
  return (
    <Card size="small" title={`预审意见与补正（${c.correctionCount} 次告知）`} data-testid="corrections-card">
      <Space orientation="vertical" size={6} style={{ width: '100%' }}>
        {c.corrections.map((k) => (
          <Alert
            key={k.id}
            type={k.suppliedAt ? 'success' : k.notifiedAt ? 'warning' : 'info'}
            showIcon
            data-testid="correction"
            title={`${k.unitName} · ${fmtDateTime(k.requestedAt)} · ${k.items.length} 项${k.notifiedAt ? ` · 已合并告知 ${fmtDateTime(k.notifiedAt)}` : ' · 待合并告知'}${k.suppliedAt ? ` · 已补正 ${fmtDateTime(k.suppliedAt)}` : ''}`}
            description={
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {k.items.map((i, n) => (
                  <li key={n}>{i.materialName ? `${i.materialName}：` : ''}{i.problem}</li>
                ))}
              </ul>
            }
          />
        ))}
      </Space>
    </Card>
  )
}

export function MeetingsCard({ c, extra }: { c: JointCaseDto; extra?: (meetingId: number) => ReactNode }) {
  if (c.meetings.length === 0) return null
  return (
    <Card size="small" title="联席会议 / 联合踏勘 / 联合审图 / 联合验收" data-testid="meetings-card">
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        {c.meetings.map((m) => (
          <div key={m.id} style={{ border: '1px solid #f0f0f0', borderRadius: 4, padding: 8 }} data-testid="meeting" data-status={m.status}>
            <Space wrap size={6}>
              <Tag color="blue" style={{ marginInlineEnd: 0 }}>{MEETING_KINDS[m.kind]}</Tag>
              <b>{m.title}</b>
              <span className="ow-mono">{fmtDateTime(m.scheduledAt)}</span>
              <span>{m.location}</span>
              <Tag style={{ marginInlineEnd: 0 }}>{{ scheduled: '待召开', held: '已召开', cancelled: '已取消' }[m.status]}</Tag>
              {extra?.(m.id)}
            </Space>
            <div style={{ marginTop: 6, display: 'flex', flexWrap: 'wrap', gap: 6 }}>
              {m.invites.map((i) => (
                <Tag key={i.taskId} color={i.attendance === 'attended' ? 'green' : i.attendance === 'absent' ? 'red' : i.attendance === 'excused' ? 'gold' : 'default'} data-testid="meeting-invite" data-attendance={i.attendance}>
                  {i.unitName} · {ATTENDANCE[i.attendance]}
                  {i.reason ? `（${i.reason}）` : ''}
                  {i.deemed ? ' · 缺席默认同意' : ''}
                </Tag>
              ))}
            </div>
            {m.minutes && <Typography.Paragraph style={{ fontSize: 12, margin: '6px 0 0' }}>纪要：{m.minutes}</Typography.Paragraph>}
          </div>
        ))}
      </Space>
    </Card>
  )
}

export function DocumentsCard({ c, title = '文书与审批结果' }: { c: JointCaseDto; title?: string }) {
  const own = c.documents.filter((d) => d.caseId == null)
  const results = c.documents.filter((d) => d.caseId != null)
  const unitOf = (caseId: number | null) => c.tasks.find((t) => t.caseId === caseId)?.unitName
  return (
    <Card size="small" title={title} data-testid="documents-card">
      {c.documents.length === 0 && <Typography.Text type="secondary">暂无文书</Typography.Text>}
      {own.length > 0 && (
        <Space orientation="vertical" size={4} style={{ width: '100%' }} data-testid="joint-notices">
          {own.map((d) => (
            <div key={d.id} style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
              <DocLink caseId={c.id} doc={d} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{fmtDateTime(d.issuedAt)} · 核验码 <span className="ow-mono">{d.verificationCode}</span></Typography.Text>
            </div>
          ))}
        </Space>
      )}
      {results.length > 0 && (
        <>
          <Typography.Text strong style={{ display: 'block', margin: '10px 0 4px' }}>各部门审批结果</Typography.Text>
          <Space orientation="vertical" size={4} style={{ width: '100%' }} data-testid="joint-results">
            {results.map((d) => (
              <div key={d.id} style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }} data-testid="joint-result">
                <DocLink caseId={c.id} doc={d} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{unitOf(d.caseId) ?? ''} · {fmtDate(d.issuedAt)} · 核验码 <span className="ow-mono">{d.verificationCode}</span></Typography.Text>
              </div>
            ))}
          </Space>
        </>
      )}
      {c.delivery && (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 10 }}
          data-testid="delivery-info"
          title={`已送达 · ${DELIVERY_NAMES[c.delivery.method] ?? c.delivery.method}${c.deliveredAt ? ` · ${fmtDateTime(c.deliveredAt)}` : ''}`}
          description={[c.delivery.address, c.delivery.trackingNumber ? `运单号 ${c.delivery.trackingNumber}` : null].filter(Boolean).join(' · ') || undefined}
        />
      )}
    </Card>
  )
}

/** The progress as steps: 收件 → 预审 → 受理 → 并联审批 → 集中回复 → 办结 → 送达. */
export function JointSteps({ c }: { c: JointCaseDto }) {
  const order = ['received', 'accepted', 'replied', 'completed', 'delivered'] as const
  const idx = c.status === 'correction_requested' ? 0 : order.indexOf(c.status as (typeof order)[number])
  const steps = [
    { title: '统一收件', at: c.receivedAt },
    { title: '统一受理', at: c.acceptedAt },
    { title: '集中回复', at: c.repliedAt },
    { title: '办结', at: c.completedAt },
    { title: '送达', at: c.deliveredAt },
  ]
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }} data-testid="joint-steps">
      {steps.map((s, i) => {
        const done = !!s.at
        const cur = !done && i === idx + 1 && !['refused', 'withdrawn', 'draft'].includes(c.status)
        return (
          <Tag key={s.title} color={done ? 'success' : cur ? 'processing' : 'default'} style={{ marginInlineEnd: 0 }}>
            {i + 1}. {s.title}{s.at ? ` ${fmtDate(s.at)}` : ''}
          </Tag>
        )
      })}
    </div>
  )
}
