/**
 * 项目详情 (back office): the project, its stages with working days against the target, its joint
 * cases; the window files the next stage; the centre administrator switches the green channel
 * (with the reason) and assigns the project manager (项目管家).
 */
import { useState } from 'react'
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Result, Select, Skeleton, Space, Switch, Table, Typography } from 'antd'
import { ArrowLeftOutlined } from '@ant-design/icons'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { hasRole, useMe } from '../../../hooks/api/auth'
import { useStaffList } from '../../../hooks/api/org'
import { useGreenChannel, useJointCases, useProject, useSetManager, type JointCaseSummaryDto, type ProjectDto } from '../../../hooks/api/joint'
import { errorMessage } from '../../../lib/api'
import { fmtDateTime } from '../../../lib/format'
import { FormError } from '../../../ui/FormError'
import { PageHeader } from '../../../ui/PageHeader'
import { GreenTag, JointStatusTag } from '../shared/bits'
import { ProjectStages } from '../shared/StagesCard'
import { JOINT_ADMIN_ROLES, JOINT_FILE_ROLES } from '../roles'
import { Progress } from './JointCasesPage'

function GreenSwitch({ p }: { p: ProjectDto }) {
  const { message } = App.useApp()
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState('')
  const green = useGreenChannel()
  const apply = (on: boolean) =>
    green.mutateAsync({ id: p.id, on, reason: reason.trim() }).then(() => { setOpen(false); setReason(''); message.success(on ? '已开通绿色通道' : '已关闭绿色通道') }, () => undefined)
  return (
    <>
      <Space>
        <Switch checked={p.greenChannel} loading={green.isPending} onChange={(on) => (on ? setOpen(true) : apply(false))} data-testid="green-switch" />
        <span>绿色通道{p.greenReason ? `：${p.greenReason}` : ''}</span>
      </Space>
      <Modal open={open} title="开通绿色通道" okText="开通" cancelText="取消" confirmLoading={green.isPending} okButtonProps={{ disabled: !reason.trim(), 'data-testid': 'green-submit' }} onCancel={() => setOpen(false)} onOk={() => apply(true)} destroyOnHidden>
        <FormError error={green.error} />
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>开通后，本项目在办和今后的联办件、各部门子办件均排在最前，办理时限按方案压缩。</Typography.Paragraph>
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} showCount placeholder="开通理由，如：省市重点项目、招商引资重大项目" data-testid="green-reason" />
      </Modal>
    </>
  )
}

function ManagerPicker({ p }: { p: ProjectDto }) {
  const { message } = App.useApp()
  const [q, setQ] = useState('')
  const staff = useStaffList({ q: q || undefined, status: 'active', page: 1, pageSize: 30 })
  const setManager = useSetManager()
  return (
    <Space wrap>
      <Select
        showSearch={{ filterOption: false, onSearch: setQ }}
        style={{ minWidth: 240 }}
        placeholder={p.managerName ?? '选择项目管家'}
        loading={staff.isFetching}
        onChange={(userId: number) => setManager.mutateAsync({ id: p.id, userId }).then(() => message.success('已指定项目管家'), () => undefined)}
        options={(staff.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.displayName}（${s.unitName ?? s.username}）` }))}
        data-testid="manager-select"
      />
      {setManager.error ? <Typography.Text type="danger">{errorMessage(setManager.error)}</Typography.Text> : null}
    </Space>
  )
}

export default function ProjectDetailPage() {
  const id = Number(useParams().id)
  const me = useMe().data!
  const navigate = useNavigate()
  const q = useProject(Number.isFinite(id) ? id : null)
  const cases = useJointCases({ projectId: id, page: 1, pageSize: 50 }, { enabled: Number.isFinite(id) })
  if (q.isPending) return <Skeleton active />
  if (q.isError) return <Result status="404" title="项目不存在" subTitle={errorMessage(q.error)} extra={<Link to="/desk/joint/projects"><Button>返回项目列表</Button></Link>} />
  const p = q.data
  const admin = hasRole(me, JOINT_ADMIN_ROLES)
  const canFile = hasRole(me, JOINT_FILE_ROLES)
  const next = p.stages.find((s) => s.state === 'not_started')
  return (
    <div data-testid="project-detail" data-project-id={p.id}>
      <PageHeader
        title={<Space size={6} wrap><span>{p.name}</span><GreenTag on={p.greenChannel} /></Space>}
        crumbs={['并联审批', '建设项目', p.code]}
        extra={
          <>
            {canFile && next && (
              <Button type="primary" onClick={() => navigate(`/desk/joint/new?projectId=${p.id}&stageKey=${encodeURIComponent(next.key)}`)} data-testid="project-file-stage">
                办理{next.name}
              </Button>
            )}
            <Link to="/desk/joint/projects"><Button icon={<ArrowLeftOutlined />}>返回</Button></Link>
          </>
        }
      />
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Card size="small">
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 3 }}
            items={[
              { key: 'code', label: '项目代码', children: <span className="ow-mono" data-testid="project-code">{p.code}</span> },
              { key: 'app', label: '项目单位', children: `${p.applicantName}（账号 ${p.applicantUserId}）` },
              { key: 'cc', label: '信用代码', children: <span className="ow-mono">{p.applicantCreditCode ?? '—'}</span> },
              { key: 'loc', label: '建设地点', children: p.location },
              { key: 'inv', label: '总投资', children: `${Number(p.investmentYuan).toLocaleString('zh-CN')} 元` },
              { key: 'scheme', label: '审批方案', children: p.schemeName },
              { key: 'mgr', label: '项目管家', children: admin ? <ManagerPicker p={p} /> : (p.managerName ?? '—') },
              { key: 'green', label: '绿色通道', children: admin ? <GreenSwitch p={p} /> : p.greenChannel ? `已开通：${p.greenReason ?? ''}` : '未开通' },
              { key: 'at', label: '登记时间', children: fmtDateTime(p.createdAt) },
            ]}
          />
        </Card>
        <Card size="small" title="审批阶段" data-testid="stages-card">
          <ProjectStages p={p} caseLink={(jid) => `/desk/joint/cases/${jid}`} />
        </Card>
        <Card size="small" title="联办件">
          {cases.isError ? <Alert type="warning" showIcon title="联办件暂不可用" /> : (
            <Table<JointCaseSummaryDto>
              size="small"
              rowKey="id"
              pagination={false}
              loading={cases.isFetching}
              dataSource={cases.data?.items ?? []}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: '编号', dataIndex: 'number', render: (n: string, c) => <Link className="ow-mono" to={`/desk/joint/cases/${c.id}`}>{n}</Link> },
                { title: '名称', dataIndex: 'name' },
                { title: '状态', dataIndex: 'status', render: (s: JointCaseSummaryDto['status']) => <JointStatusTag status={s} /> },
                { title: '部门答复', key: 'p', render: (_: unknown, c) => <Progress c={c} /> },
                { title: '期限', dataIndex: 'due', render: (d: string | null) => d ?? '—' },
              ]}
            />
          )}
        </Card>
      </Space>
    </div>
  )
}
