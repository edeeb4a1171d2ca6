/**
 * 我的联办件 (applicant, or an agent for a principal): while a draft, the one form and the one
 * upload list with 提交; when asked, the merged correction notice with re-upload and 提交补正;
 * then the progress per department (deemed approvals marked), the documents and results to
 * download, and 网上下载 delivery of all results.
 */
import { useRef } from 'react'
import { Alert, Button, Card, Col, Result, Row, Skeleton, Space, Typography } from 'antd'
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons'
import { Link, useParams } from 'react-router-dom'
import { useJointCase } from '../../../hooks/api/joint'
import { errorMessage } from '../../../lib/api'
import { PageHeader } from '../../../ui/PageHeader'
import { CaseActions } from '../shared/actions'
import { JointFormCard } from '../shared/FormCard'
import { CorrectionsCard, DocumentsCard, JointCaseHeader, JointSteps, TasksCard, UnionMaterialsCard } from '../shared/JointCaseView'
import { StagesCard } from '../shared/StagesCard'

export default function MyJointCasePage() {
  const id = Number(useParams().id)
  const q = useJointCase(Number.isFinite(id) ? id : null, { refetchInterval: 60_000 })
  const saveForm = useRef<() => Promise<boolean>>(null)
  if (q.isPending) return <Card><Skeleton active paragraph={{ rows: 10 }} /></Card>
  if (q.isError) return <Result status="404" title="未找到该联办件" subTitle={errorMessage(q.error)} extra={<Link to="/my/joint"><Button>我的联办件</Button></Link>} />
  const c = q.data
  const draft = c.status === 'draft'
  const editable = c.actions.includes('edit') || c.actions.includes('supply')
  const missing = c.requiredMaterials.filter((m) => m.requirement === 'required' && !m.supplied)
  const openCorrections = c.corrections.filter((k) => k.notifiedAt && !k.suppliedAt)
  const allResults = c.documents.filter((d) => d.caseId != null)
  return (
    <div data-testid="my-joint-page" data-case-id={c.id} data-status={c.status}>
      <PageHeader
        title={draft ? `在线申请 · ${c.name}` : c.name}
        crumbs={['办事大厅', '我的联办件', c.number]}
        subtitle={draft ? '一张表单、一套材料：每项材料只需上传一次，系统按事项分送各部门。' : undefined}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => q.refetch()} loading={q.isFetching} data-testid="joint-refresh">刷新</Button>
            <Link to="/my/joint"><Button icon={<ArrowLeftOutlined />}>返回</Button></Link>
          </>
        }
      />
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <JointCaseHeader c={c} />
        {!draft && <Card size="small"><JointSteps c={c} /></Card>}
        {c.status === 'correction_requested' && (
          <Alert
            type="warning"
            showIcon
            data-testid="correction-alert"
            title="请按一次性补正告知书补齐材料后提交补正"
            description={
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {openCorrections.flatMap((k) => k.items.map((i, n) => <li key={`${k.id}-${n}`}>{k.unitName}：{i.materialName ? `${i.materialName}，` : ''}{i.problem}</li>))}
              </ul>
            }
          />
        )}
        <Row gutter={[12, 12]}>
          <Col xs={24} xl={draft ? 16 : 14}>
            <Space orientation="vertical" size={12} style={{ width: '100%' }}>
              {draft && <JointFormCard c={c} editable={c.actions.includes('edit')} formRef={(fn) => { saveForm.current = fn }} />}
              {!draft && <TasksCard c={c} title="各部门办理进度" />}
              <UnionMaterialsCard c={c} editable={editable} />
              {!draft && <CorrectionsCard c={c} />}
            </Space>
          </Col>
          <Col xs={24} xl={draft ? 8 : 10}>
            <Space orientation="vertical" size={12} style={{ width: '100%' }}>
              {(c.actions.length > 0 || draft) && (
                <Card size="small" title={draft ? '提交申请' : '办理'} data-testid="my-joint-actions">
                  {draft && missing.length > 0 && <Alert type="info" showIcon style={{ marginBottom: 8 }} title={`尚缺 ${missing.length} 项必要材料`} />}
                  {c.actions.includes('deliver') && (
                    <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>全部 {allResults.length} 份审批结果已生成。选择网上下载即视为已送达；需窗口领取或邮寄的，请联系综合窗口。</Typography.Paragraph>
                  )}
                  <CaseActions c={c} applicant beforeSubmit={() => saveForm.current?.() ?? Promise.resolve(true)} />
                  {draft && <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>提交后综合窗口统一收件，各部门 2 个工作日内完成预审；需补正的，合并为一份告知书一次性告知。</Typography.Paragraph>}
                </Card>
              )}
              {c.project && <StagesCard projectId={c.project.id} currentStageKey={c.project.stageKey} caseLink={(jid) => `/my/joint/${jid}`} />}
              {!draft && <DocumentsCard c={c} title="文书与办理结果" />}
            </Space>
          </Col>
        </Row>
      </Space>
    </div>
  )
}
