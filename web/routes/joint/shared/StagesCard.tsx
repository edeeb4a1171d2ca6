/** A construction project's stages as steps: state, working days used against the stage limit and the project target. */
import type { ReactNode } from 'react'
import { Alert, Card, Progress, Skeleton, Space, Steps, Tag, Typography } from 'antd'
import { Link } from 'react-router-dom'
import { useProject, type ProjectDto, type ProjectStageDto } from '../../../hooks/api/joint'
import { fmtDate } from '../../../lib/format'
import { useIsPhone } from '../../../ui/useIsPhone'
import { GreenTag, JointStatusTag } from './bits'

const STATE: Record<ProjectStageDto['state'], { text: string; color: string }> = {
  not_started: { text: '未开始', color: 'default' },
  open: { text: '办理中', color: 'processing' },
  completed: { text: '已完成', color: 'success' },
}

export function ProjectStages({ p, currentStageKey, caseLink, stageExtra }: { p: ProjectDto; currentStageKey?: string; caseLink: (jointCaseId: number) => string; stageExtra?: (s: ProjectStageDto) => ReactNode }) {
  const isPhone = useIsPhone()
  const pct = p.targetDays > 0 ? Math.min(100, Math.round((p.workdaysUsed / p.targetDays) * 100)) : 0
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="project-stages">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center' }}>
        <span>
          政府审批用时 <b data-testid="project-workdays">{p.workdaysUsed}</b> / 目标 {p.targetDays} 个工作日
        </span>
        <Progress percent={pct} size="small" style={{ width: 200, margin: 0 }} status={p.onTarget ? 'normal' : 'exception'} showInfo={false} />
        <span>
          预计总用时 {p.predictedTotalDays} 个工作日{p.predictedCompletion ? `，预计 ${fmtDate(p.predictedCompletion)} 全部完成` : ''}
        </span>
        {p.onTarget ? <Tag color="green">可在目标内完成</Tag> : <Tag color="red">预计超出目标</Tag>}
      </div>
      <Steps
        orientation={isPhone ? 'vertical' : 'horizontal'}
        size="small"
        current={Math.max(0, p.stages.findIndex((s) => s.state !== 'completed'))}
        items={p.stages.map((s) => ({
          status: s.state === 'completed' ? 'finish' : s.state === 'open' ? 'process' : 'wait',
          title: (
            <span data-testid={`stage-${s.key}`} data-state={s.state} style={{ fontWeight: s.key === currentStageKey ? 600 : undefined }}>
              {s.name}
            </span>
          ),
          description: (
            <div style={{ fontSize: 12 }}>
              <div>牵头：{s.leadUnitName}</div>
              <div>
                <Tag color={STATE[s.state].color} style={{ marginInlineEnd: 4 }}>{STATE[s.state].text}</Tag>
                {s.status && <JointStatusTag status={s.status} />}
              </div>
              <div>
                用时 {s.workdaysUsed} / 时限 {s.limitDays} 个工作日
                {s.workdaysUsed > s.limitDays && <Typography.Text type="danger">（超时限）</Typography.Text>}
              </div>
              {s.due && s.state === 'open' && <div>期限 {s.due}{s.predictedCompletion ? ` · 预计 ${s.predictedCompletion}` : ''}</div>}
              {s.completedAt && <div>完成 {fmtDate(s.completedAt)}</div>}
              {s.jointCaseId && (
                <Link to={caseLink(s.jointCaseId)} className="ow-mono" data-testid={`stage-case-${s.key}`}>
                  {s.jointCaseNumber}
                </Link>
              )}
              {stageExtra?.(s)}
            </div>
          ),
        }))}
      />
    </Space>
  )
}

export function StagesCard({ projectId, currentStageKey, caseLink }: { projectId: number; currentStageKey?: string; caseLink: (jointCaseId: number) => string }) {
  const p = useProject(projectId)
  return (
    <Card
      size="small"
      title={
        <Space size={6} wrap>
          <span>项目审批阶段</span>
          {p.data && <Typography.Text type="secondary" style={{ fontWeight: 400 }}>{p.data.name}（<span className="ow-mono">{p.data.code}</span>）</Typography.Text>}
          {p.data && <GreenTag on={p.data.greenChannel} />}
        </Space>
      }
      data-testid="stages-card"
    >
      {p.isPending ? <Skeleton active paragraph={{ rows: 2 }} /> : p.isError ? <Alert type="warning" showIcon title="项目信息暂不可用" /> : <ProjectStages p={p.data} currentStageKey={currentStageKey} caseLink={caseLink} />}
    </Card>
  )
}
