/** 我的联办件 and 我的项目: the applicant's joint cases (and a principal's, for an agent) and construction projects. */
import { useState } from 'react'
import { Button, Card, Empty, List, Space, Tabs, Tag, Typography } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import { Link, useNavigate, useSearchParams } from 'react-router-dom'
import { useMe } from '../../../hooks/api/auth'
import { useJointCases, useProjects, type JointCaseSummaryDto, type ProjectSummaryDto } from '../../../hooks/api/joint'
import { fmtDate } from '../../../lib/format'
import { PageHeader } from '../../../ui/PageHeader'
import { GreenTag, JointStatusTag } from '../shared/bits'
import { ProjectFormModal } from '../backoffice/ProjectsPage'

function CasesList() {
  const navigate = useNavigate()
  const [page, setPage] = useState(1)
  const list = useJointCases({ page, pageSize: 20 })
  return (
    <List<JointCaseSummaryDto>
      loading={list.isPending}
      dataSource={list.data?.items ?? []}
      locale={{ emptyText: <Empty description="暂无联办件，去“一件事一次办”看看吧" /> }}
      pagination={list.data && list.data.total > 20 ? { current: page, pageSize: 20, total: list.data.total, size: 'small', onChange: setPage } : false}
      renderItem={(c) => (
        <List.Item onClick={() => navigate(`/my/joint/${c.id}`)} style={{ cursor: 'pointer', display: 'block' }} data-testid="my-joint-row" data-case-number={c.number} data-case-id={c.id}>
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
            <Space size={4} wrap><GreenTag on={c.greenChannel} /><b style={{ color: '#0c2f5c' }}>{c.name}</b></Space>
            <JointStatusTag status={c.status} />
          </div>
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)', marginTop: 4 }}>
            <span className="ow-mono">{c.number}</span> · {c.kind === 'bundle' ? '一件事' : `项目 ${c.projectCode ?? ''}`} · 收件 {fmtDate(c.receivedAt)} · 期限 {fmtDate(c.due)} · 部门已答复 {c.tasksAnswered}/{c.tasksTotal}
            {c.tasksDeemed > 0 && <Tag color="orange" style={{ marginLeft: 6 }}>视为同意 {c.tasksDeemed}</Tag>}
          </div>
        </List.Item>
      )}
    />
  )
}

function ProjectsList() {
  const me = useMe().data!
  const navigate = useNavigate()
  const list = useProjects({ page: 1, pageSize: 50 })
  const [creating, setCreating] = useState(false)
  return (
    <>
      {me.applicantKind === 'enterprise' && <Button icon={<PlusOutlined />} style={{ marginBottom: 8 }} onClick={() => setCreating(true)} data-testid="my-project-new">登记项目</Button>}
      <List<ProjectSummaryDto>
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description="暂无工程建设项目" /> }}
        renderItem={(p) => (
          <List.Item onClick={() => navigate(`/my/projects/${p.id}`)} style={{ cursor: 'pointer', display: 'block' }} data-testid="my-project-row">
            <Space size={4} wrap><GreenTag on={p.greenChannel} /><b>{p.name}</b></Space>
            <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)', marginTop: 4 }}>
              <span className="ow-mono">{p.code}</span> · 当前阶段 {p.currentStage ?? '—'} · 已用 {p.workdaysUsed} / 目标 {p.targetDays} 个工作日{p.managerName ? ` · 项目管家 ${p.managerName}` : ''}
            </div>
          </List.Item>
        )}
      />
      <ProjectFormModal open={creating} staff={false} onClose={() => setCreating(false)} onCreated={(id) => { setCreating(false); navigate(`/my/projects/${id}`) }} />
    </>
  )
}

export default function MyJointCasesPage() {
  const [params, setParams] = useSearchParams()
  const tab = params.get('tab') ?? 'cases'
  return (
    <>
      <PageHeader
        title="我的联办件"
        crumbs={['办事大厅', '我的联办件']}
        subtitle="一件事和工程建设项目的并联审批：查看各部门办理进度、补正材料、下载文书和全部办理结果。"
        extra={<Link to="/my/bundles"><Button type="primary" icon={<PlusOutlined />}>一件事一次办</Button></Link>}
      />
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams({ tab: k }, { replace: true })}
          items={[
            { key: 'cases', label: '联办件', children: <CasesList /> },
            { key: 'projects', label: '我的项目', children: <ProjectsList /> },
          ]}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>部门逾期未答复的视为同意（超时默许），结果不因逾期答复改变。</Typography.Text>
      </Card>
    </>
  )
}
