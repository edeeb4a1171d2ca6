/** A case opened from a work list: the brief, the panel for the work at hand, the rest folded away. */
import { useRef } from 'react'
import { Alert, Button, Collapse, Drawer, Skeleton, Space, Tag } from 'antd'
import { Link } from 'react-router-dom'
import { useCase } from '../../../hooks/api/backoffice'
import { useIsPhone } from '../../../ui/useIsPhone'
import { CaseHeader, ClockCard, ClockExplain, DocumentsCard, MaterialsCard, StepsCard, TimelineCard } from './CaseView'
import { HandlingPanel, HandoverPanel, IntakePanel, PrereviewPanel } from './panels'

export type WorkMode = 'prereview' | 'intake' | 'handle' | 'handover'

export function CaseWork({ caseId, mode, onDone }: { caseId: number; mode: WorkMode; onDone?: () => void }) {
  const q = useCase(caseId)
  // once a decision panel was offered, keep it mounted so the issued notice stays on screen after
  // the case (and its allowedActions) moves on
  const offered = useRef({ prereview: false, intake: false })
  if (q.data?.allowedActions.includes('prereview')) offered.current.prereview = true
  if (q.data?.allowedActions.includes('intake')) offered.current.intake = true
  if (q.isPending) return <Skeleton active />
  if (q.isError) return <Alert type="error" showIcon title="无法打开办件" description={(q.error as Error).message} />
  const c = q.data
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <CaseHeader c={c} />
      {c.greenChannel && <Tag color="green">绿色通道 · 优先办理</Tag>}
      {c.jointCaseId !== null && (
        <Alert
          type="info"
          showIcon
          title="本件为并联审批（一件事）子件"
          description={<>部门意见请在「协办任务」中答复（同意 / 不同意 / 同意但需转报），结果随联办件统一送达。<a href={`/desk/joint/cases/${c.jointCaseId}`}>查看联办件</a></>}
        />
      )}
      {mode === 'prereview' && (offered.current.prereview ? <PrereviewPanel key={c.id} c={c} onDone={onDone} /> : <Alert type="info" showIcon title={`该办件当前状态为「${c.statusName}」，无需预审`} />)}
      {mode === 'intake' && (offered.current.intake ? <IntakePanel key={c.id} c={c} /> : <IntakeDone c={c} />)}
      {mode === 'handle' && <HandlingPanel c={c} onDone={onDone} />}
      {mode === 'handover' && <HandoverPanel c={c} onDone={onDone} />}
      <Collapse
        size="small"
        defaultActiveKey={mode === 'handle' ? ['steps', 'materials'] : []}
        items={[
          { key: 'steps', label: '办理环节与意见', children: <StepsCard c={c} /> },
          { key: 'materials', label: '申请材料与补正', children: <MaterialsCard c={c} /> },
          { key: 'clock', label: '办理时限与逐日说明', children: <Space direction="vertical" style={{ width: '100%' }}><ClockCard c={c} /><ClockExplain c={c} /></Space> },
          { key: 'docs', label: '文书与收费', children: <DocumentsCard c={c} /> },
          { key: 'timeline', label: '办理过程', children: <TimelineCard c={c} /> },
        ]}
      />
    </Space>
  )
}

function IntakeDone({ c }: { c: CaseDetail2 }) {
  const last = c.documents[c.documents.length - 1]
  return (
    <Alert
      type="info"
      showIcon
      title={`该办件当前状态为「${c.statusName}」`}
      description={last ? <>最近出具的文书：<a href={`/api/cases/${c.id}/documents/${last.id}.pdf`} target="_blank" rel="noopener">{last.title}</a></> : undefined}
    />
  )
}
type CaseDetail2 = NonNullable<ReturnType<typeof useCase>['data']>

export function CaseDrawer({ caseId, mode, onClose, title }: { caseId: number | null; mode: WorkMode; onClose: () => void; title: string }) {
  const phone = useIsPhone()
  return (
    <Drawer
      open={caseId != null}
      onClose={onClose}
      title={title}
      width={phone ? '100%' : 980}
      destroyOnHidden
      data-testid="case-drawer"
      extra={caseId != null && <Link to={`/desk/cases/${caseId}`}><Button size="small">办件详情</Button></Link>}
      styles={{ body: { background: '#f5f7fa', padding: 12 } }}
    >
      {caseId != null && <CaseWork caseId={caseId} mode={mode} />}
    </Drawer>
  )
}
