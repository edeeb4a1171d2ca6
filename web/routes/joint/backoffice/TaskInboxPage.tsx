/**
 * 协办任务: a department's part of joint cases (pre-check before acceptance, reply after), green
 * channel first, then by due date with the light. Opening a task shows the case and the reply form
 * (同意 / 不同意 with reasons / 同意但需转报, optionally issuing the approval document at once).
 */
import { useState } from 'react'
import { Alert, Button, Card, Drawer, List, Segmented, Skeleton, Space, Table, Typography } from 'antd'
import { Link } from 'react-router-dom'
import { TASK_STATUSES, useJointCase, useTaskInbox, type TaskInboxRowDto, type TaskStatus } from '../../../hooks/api/joint'
import { errorMessage } from '../../../lib/api'
import { PageHeader } from '../../../ui/PageHeader'
import { useIsPhone } from '../../../ui/useIsPhone'
import { IssueAction, ReplyForm, TaskActions } from '../shared/actions'
import { GreenTag, Light, RoleTag, TaskStatusTag, daysLeftText } from '../shared/bits'
import { CorrectionsCard, JointCaseHeader, TaskLane, UnionMaterialsCard } from '../shared/JointCaseView'

function TaskDrawerBody({ caseId, taskId }: { caseId: number; taskId: number }) {
  const q = useJointCase(caseId)
  if (q.isPending) return <Skeleton active />
  if (q.isError) return <Alert type="error" showIcon title="联办件加载失败" description={errorMessage(q.error)} />
  const c = q.data
  const t = c.tasks.find((x) => x.id === taskId)
  if (!t) return <Alert type="warning" showIcon title="该任务已不在本联办件中" />
  const acts = c.taskActions[t.id] ?? []
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="task-drawer" data-task-id={t.id}>
      <JointCaseHeader c={c} extra={<Link to={`/desk/joint/cases/${c.id}?task=${t.id}`} data-testid="task-open-case">查看联办件全部</Link>} />
      <TaskLane t={t} c={c} extra={acts.includes('reply') ? undefined : <TaskActions c={c} t={t} />} />
      {acts.includes('reply') && (
        <Card size="small" title={t.status === 'deemed' ? '逾期答复（仅作记录）' : '答复意见'} data-testid="task-reply-card">
          <ReplyForm c={c} t={t} />
          {acts.includes('issue') && <div style={{ marginTop: 12 }}><IssueAction c={c} t={t} /></div>}
        </Card>
      )}
      <UnionMaterialsCard c={c} editable={false} />
      <CorrectionsCard c={c} />
      <Card size="small" title="其他部门">
        <Space orientation="vertical" size={6} style={{ width: '100%' }}>
          {c.tasks.filter((x) => x.id !== t.id).map((x) => <TaskLane key={x.id} t={x} c={c} />)}
        </Space>
      </Card>
    </Space>
  )
}

export default function TaskInboxPage() {
  const isPhone = useIsPhone()
  const [status, setStatus] = useState<TaskStatus | 'all'>('all')
  const [page, setPage] = useState({ page: 1, pageSize: 20 })
  const list = useTaskInbox({ status: status === 'all' ? undefined : status, ...page }, { refetchInterval: 30_000 })
  const [open, setOpen] = useState<TaskInboxRowDto | null>(null)
  const title = (r: TaskInboxRowDto) => (
    <Space size={4} wrap>
      <GreenTag on={r.greenChannel} />
      <span>{r.jointCaseName}</span>
    </Space>
  )
  return (
    <>
      <PageHeader title="协办任务" crumbs={['并联审批', '协办任务']} subtitle="本部门承担的联办件：收件后 2 个工作日内预审；受理后在时限内答复“同意 / 不同意 / 同意但需转报”，逾期未答复的视为同意（超时默许）。" />
      <Card size="small">
        <Segmented
          style={{ marginBottom: 12 }}
          value={status}
          onChange={(v) => { setStatus(v as TaskStatus | 'all'); setPage((p) => ({ ...p, page: 1 })) }}
          options={[{ value: 'all', label: '全部' }, ...(['prechecking', 'pending', 'replied', 'deemed'] as const).map((s) => ({ value: s, label: TASK_STATUSES[s] }))]}
          data-testid="task-status-filter"
        />
        {isPhone ? (
          <List<TaskInboxRowDto>
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, size: 'small', onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
            renderItem={(r) => (
              <List.Item onClick={() => setOpen(r)} style={{ display: 'block', cursor: 'pointer' }} data-testid={`task-row-${r.taskId}`}>
                <div style={{ display: 'flex', justifyContent: 'space-between', gap: 6 }}>{title(r)}<TaskStatusTag status={r.status} /></div>
                <div style={{ fontSize: 12, color: 'rgba(0,0,0,.55)', marginTop: 4 }}>
                  {r.itemName} · {r.unitName} · <Light light={r.light} due={r.status === 'prechecking' ? r.precheckDue : r.due} daysLeft={r.daysLeft} />
                </div>
              </List.Item>
            )}
          />
        ) : (
          <Table<TaskInboxRowDto>
            size="small"
            rowKey="taskId"
            data-testid="task-table"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 'max-content' }}
            onRow={(r) => ({ 'data-testid': `task-row-${r.taskId}`, 'data-case-number': r.jointCaseNumber }) as React.HTMLAttributes<HTMLElement>}
            pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, showTotal: (t) => `共 ${t} 项`, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
            columns={[
              { title: '联办件', key: 'c', render: (_: unknown, r) => <div>{title(r)}<div className="ow-mono" style={{ fontSize: 12, color: 'rgba(0,0,0,.5)' }}>{r.jointCaseNumber}</div></div> },
              { title: '事项', dataIndex: 'itemName' },
              { title: '部门', dataIndex: 'unitName', render: (n: string, r) => <Space size={4}>{n}<RoleTag role={r.role} /></Space> },
              { title: '申请人', dataIndex: 'applicantName' },
              { title: '状态', dataIndex: 'status', render: (s: TaskStatus) => <TaskStatusTag status={s} /> },
              { title: '期限', key: 'due', render: (_: unknown, r) => (r.status === 'prechecking' ? <span>预审 <span className="ow-mono">{r.precheckDue ?? '—'}</span></span> : <Light light={r.light} due={r.due} daysLeft={r.daysLeft} />) },
              { title: '剩余', dataIndex: 'daysLeft', render: (d: number | null, r) => (r.status === 'pending' ? daysLeftText(d) : '—') },
              { title: '操作', key: 'op', fixed: 'right', render: (_: unknown, r) => <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpen(r)} data-testid={`task-open-${r.taskId}`}>{r.status === 'prechecking' ? '预审' : r.status === 'pending' ? '答复' : '查看'}</Button> },
            ]}
          />
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>绿色通道件排在最前，其余按期限先后排列。</Typography.Text>
      </Card>
      <Drawer open={open != null} width={isPhone ? '100%' : 860} title={open ? `${open.itemName} · ${open.jointCaseNumber}` : ''} onClose={() => setOpen(null)} destroyOnHidden>
        {open && <TaskDrawerBody caseId={open.jointCaseId} taskId={open.taskId} />}
      </Drawer>
    </>
  )
}
