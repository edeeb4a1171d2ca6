/** 我的项目: the stages, working days against the target, and 申报 of the next stage. */
import { App, Button, Card, Descriptions, Result, Skeleton, Space } from 'antd'
import { ArrowLeftOutlined } from '@ant-design/icons'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { useCreateJointCase, useProject } from '../../../hooks/api/joint'
import { errorMessage } from '../../../lib/api'
import { FormError } from '../../../ui/FormError'
import { PageHeader } from '../../../ui/PageHeader'
import { GreenTag } from '../shared/bits'
import { ProjectStages } from '../shared/StagesCard'

export default function MyProjectPage() {
  const id = Number(useParams().id)
  const navigate = useNavigate()
  const { message } = App.useApp()
  const q = useProject(Number.isFinite(id) ? id : null)
  const create = useCreateJointCase()
  if (q.isPending) return <Card><Skeleton active /></Card>
  if (q.isError) return <Result status="404" title="未找到该项目" subTitle={errorMessage(q.error)} extra={<Link to="/my/joint?tab=projects"><Button>我的项目</Button></Link>} />
  const p = q.data
  const next = p.stages.find((s) => s.state === 'not_started')
  const open = p.stages.some((s) => s.state === 'open')
  return (
    <div data-testid="my-project-page">
      <PageHeader
        title={<Space size={6} wrap><span>{p.name}</span><GreenTag on={p.greenChannel} /></Space>}
        crumbs={['办事大厅', '我的项目', p.code]}
        extra={
          <>
            {next && !open && (
              <Button type="primary" loading={create.isPending} data-testid="my-project-file"
                onClick={() => create.mutateAsync({ kind: 'stage', projectId: p.id, stageKey: next.key }).then((r) => { message.success('已建立申请'); navigate(`/my/joint/${r.case.id}`) }, () => undefined)}>
                申报{next.name}
              </Button>
            )}
            <Link to="/my/joint?tab=projects"><Button icon={<ArrowLeftOutlined />}>返回</Button></Link>
          </>
        }
      />
      <FormError error={create.error} />
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Card size="small">
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 3 }}
            items={[
              { key: 'code', label: '项目代码', children: <span className="ow-mono">{p.code}</span> },
              { key: 'loc', label: '建设地点', children: p.location },
              { key: 'inv', label: '总投资', children: `${Number(p.investmentYuan).toLocaleString('zh-CN')} 元` },
              { key: 'scheme', label: '审批方案', children: p.schemeName },
              { key: 'mgr', label: '项目管家', children: p.managerName ?? '—' },
              { key: 'green', label: '绿色通道', children: p.greenChannel ? `已开通${p.greenReason ? `：${p.greenReason}` : ''}` : '未开通' },
            ]}
          />
        </Card>
        <Card size="small" title="审批阶段">
          <ProjectStages p={p} caseLink={(jid) => `/my/joint/${jid}`} />
        </Card>
      </Space>
    </div>
  )
}
