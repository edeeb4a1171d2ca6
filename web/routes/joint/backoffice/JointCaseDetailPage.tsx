/**
 * 联办件详情 (back office): the project's stages (for a stage case), the departments as swimlanes
 * with their replies and deemed approvals, the prediction, the one set of materials, corrections,
 * meetings, documents, and the buttons the server allows (`actions`, `taskActions`).
 */
import { useRef, useState } from 'react'
import { Button, Card, Col, Result, Row, Skeleton, Space, Typography } from 'antd'
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons'
import { Link, useParams, useSearchParams } from 'react-router-dom'
import { useJointCase, type JointDocumentDto } from '../../../hooks/api/joint'
import { errorMessage } from '../../../lib/api'
import { PageHeader } from '../../../ui/PageHeader'
import { ACTION_LABELS, CaseActions, IssuedAlert, MeetingRecordButton, TaskActions } from '../shared/actions'
import { JointFormCard } from '../shared/FormCard'
import { CorrectionsCard, DocumentsCard, JointCaseHeader, JointSteps, MeetingsCard, PredictionCard, TasksCard, UnionMaterialsCard } from '../shared/JointCaseView'
import { StagesCard } from '../shared/StagesCard'

export default function JointCaseDetailPage() {
  const id = Number(useParams().id)
  const [params] = useSearchParams()
  const focusTask = Number(params.get('task')) || null
  const q = useJointCase(Number.isFinite(id) ? id : null, { refetchInterval: 60_000 })
  const [issued, setIssued] = useState<{ doc: JointDocumentDto | null | undefined; text: string } | null>(null)
  const saveForm = useRef<() => Promise<boolean>>(null)
  if (q.isPending) return <Skeleton active />
  if (q.isError) return <Result status="404" title="联办件不存在" subTitle={errorMessage(q.error)} extra={<Link to="/desk/joint/cases"><Button>返回联办件</Button></Link>} />
  const c = q.data
  const editable = c.actions.includes('edit') || c.actions.includes('supply')
  const caseActions = c.actions.filter((a) => ACTION_LABELS[a] && a !== 'record_meeting')
  const tasks = focusTask ? [...c.tasks].sort((a, b) => (a.id === focusTask ? -1 : b.id === focusTask ? 1 : 0)) : c.tasks
  return (
    <div data-testid="joint-detail" data-case-id={c.id} data-status={c.status}>
      <PageHeader
        title="联办件详情"
        crumbs={['并联审批', '联办件', c.number]}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => q.refetch()} loading={q.isFetching} data-testid="joint-refresh">刷新</Button>
            <Link to="/desk/joint/cases"><Button icon={<ArrowLeftOutlined />}>返回</Button></Link>
          </>
        }
      />
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <JointCaseHeader c={c} />
        <Card size="small" data-testid="joint-action-bar">
          <Space orientation="vertical" size={8} style={{ width: '100%' }}>
            <JointSteps c={c} />
            <Space wrap>
              <Typography.Text type="secondary">可办理：</Typography.Text>
              {caseActions.length === 0 && <Typography.Text type="secondary">无</Typography.Text>}
              <CaseActions c={c} onDoc={(doc, text) => setIssued({ doc, text })} beforeSubmit={() => saveForm.current?.() ?? Promise.resolve(true)} />
            </Space>
            {issued && <IssuedAlert caseId={c.id} doc={issued.doc} text={issued.text} onClose={() => setIssued(null)} />}
          </Space>
        </Card>
        {c.project && <StagesCard projectId={c.project.id} currentStageKey={c.project.stageKey} caseLink={(jid) => `/desk/joint/cases/${jid}`} />}
        <TasksCard c={{ ...c, tasks }} taskExtra={(t) => <TaskActions c={c} t={t} />} />
        <Row gutter={[12, 12]}>
          <Col xs={24} xl={14}>
            <Space orientation="vertical" size={12} style={{ width: '100%' }}>
              {(c.actions.includes('edit') || Object.keys(c.form ?? {}).length > 0) && (
                <JointFormCard c={c} editable={c.actions.includes('edit')} formRef={(fn) => { saveForm.current = c.actions.includes('edit') ? fn : null }} />
              )}
              <UnionMaterialsCard c={c} editable={editable} />
              <CorrectionsCard c={c} />
            </Space>
          </Col>
          <Col xs={24} xl={10}>
            <Space orientation="vertical" size={12} style={{ width: '100%' }}>
              {c.acceptedAt && <PredictionCard c={c} />}
              <MeetingsCard c={c} extra={(mid) => <MeetingRecordButton c={c} meetingId={mid} />} />
              <DocumentsCard c={c} />
            </Space>
          </Col>
        </Row>
      </Space>
    </div>
  )
}
