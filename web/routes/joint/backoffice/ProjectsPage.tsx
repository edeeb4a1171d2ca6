/** 建设项目: the construction projects in my scope, green channel first; the window files a new project. */
import { useState } from 'react'
import { App, Button, Card, Col, Form, Input, InputNumber, List, Modal, Row, Select, Space, Switch, Table, Tag } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import { Link, useNavigate } from 'react-router-dom'
import { hasRole, useMe } from '../../../hooks/api/auth'
import { useCreateProject, useProjects, useSchemes, type ProjectQuery, type ProjectSummaryDto } from '../../../hooks/api/joint'
import { FormError } from '../../../ui/FormError'
import { PageHeader } from '../../../ui/PageHeader'
import { useIsPhone } from '../../../ui/useIsPhone'
import { GreenTag } from '../shared/bits'
import { JOINT_WINDOW_ROLES } from '../roles'

const STATUS: Record<string, { text: string; color: string }> = { active: { text: '在办', color: 'processing' }, completed: { text: '已完成', color: 'success' }, closed: { text: '已关闭', color: 'default' } }

export function ProjectFormModal({ open, onClose, staff, onCreated }: { open: boolean; onClose: () => void; staff: boolean; onCreated: (id: number) => void }) {
  const { message } = App.useApp()
  const create = useCreateProject()
  const schemes = useSchemes(staff)
  const [form] = Form.useForm<{ name: string; schemeId?: number; applicantUserId?: number; regionCode: string; location: string; investmentYuan: number; industryCode: string }>()
  return (
    <Modal open={open} title="新建工程建设项目" okText="登记项目" cancelText="取消" confirmLoading={create.isPending} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden okButtonProps={{ 'data-testid': 'project-create-submit' }}>
      <FormError error={create.error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ regionCode: '371402', industryCode: '47' }}
        onFinish={(v) =>
          create
            .mutateAsync({ name: v.name.trim(), schemeId: v.schemeId, applicantUserId: v.applicantUserId, regionCode: v.regionCode.trim(), location: v.location.trim(), investmentYuan: String(v.investmentYuan), industryCode: v.industryCode.trim() })
            .then((r) => { message.success(`已登记，项目代码 ${r.project.code}`); onCreated(r.project.id) }, () => undefined)
        }
      >
        <Form.Item name="name" label="项目名称" rules={[{ required: true, whitespace: true, message: '请填写项目名称' }]}>
          <Input maxLength={200} data-testid="project-name" />
        </Form.Item>
        {staff && (
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item name="schemeId" label="审批方案" extra="不选则用默认方案">
                <Select allowClear options={(schemes.data ?? []).map((s) => ({ value: s.id, label: `${s.name}${s.isDefault ? '（默认）' : ''}` }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="applicantUserId" label="项目单位账号编号" rules={[{ required: true, message: '请填写项目单位的账号编号' }]}>
                <InputNumber min={1} precision={0} style={{ width: '100%' }} data-testid="project-applicant" />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Row gutter={12}>
          <Col xs={12} md={8}>
            <Form.Item name="regionCode" label="建设地点区划代码" rules={[{ required: true, pattern: /^\d{6}$/, message: '6 位区划代码' }]}>
              <Input maxLength={6} className="ow-mono" />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="industryCode" label="行业代码" rules={[{ required: true, pattern: /^\d{2}$/, message: '2 位行业代码' }]}>
              <Input maxLength={2} className="ow-mono" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="investmentYuan" label="总投资（元）" rules={[{ required: true, message: '请填写总投资' }]}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="location" label="建设地点" rules={[{ required: true, whitespace: true, message: '请填写建设地点' }]}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

export default function ProjectsPage() {
  const me = useMe().data!
  const isPhone = useIsPhone()
  const navigate = useNavigate()
  const [query, setQuery] = useState<ProjectQuery>({ page: 1, pageSize: 20 })
  const [creating, setCreating] = useState(false)
  const list = useProjects(query)
  const patch = (p: Partial<ProjectQuery>) => setQuery((q) => ({ ...q, page: 1, ...p }))
  return (
    <>
      <PageHeader
        title="工程建设项目"
        crumbs={['并联审批', '建设项目']}
        subtitle="按立项用地规划许可、工程建设许可、施工许可、竣工验收四个阶段并联审批；绿色通道项目排在最前。"
        extra={hasRole(me, JOINT_WINDOW_ROLES) ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="project-new">新建项目</Button> : undefined}
      />
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search allowClear placeholder="项目名称 / 项目代码 / 项目单位" style={{ width: isPhone ? '100%' : 280 }} onSearch={(v) => patch({ q: v.trim() || undefined })} data-testid="project-search" />
          <Space size={4}><Switch size="small" checked={!!query.green} onChange={(on) => patch({ green: on || undefined })} />只看绿色通道</Space>
          <Select allowClear placeholder="状态" style={{ width: 120 }} value={query.status} onChange={(status?: string) => patch({ status })} options={Object.entries(STATUS).map(([value, s]) => ({ value, label: s.text }))} />
        </Space>
        {isPhone ? (
          <List<ProjectSummaryDto>
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            pagination={{ current: query.page, pageSize: query.pageSize, total: list.data?.total ?? 0, size: 'small', onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })) }}
            renderItem={(p) => (
              <List.Item style={{ display: 'block', cursor: 'pointer' }} onClick={() => navigate(`/desk/joint/projects/${p.id}`)} data-testid={`project-row-${p.code}`}>
                <Space size={4} wrap><GreenTag on={p.greenChannel} /><b>{p.name}</b></Space>
                <div style={{ fontSize: 12, color: 'rgba(0,0,0,.55)' }}><span className="ow-mono">{p.code}</span> · {p.currentStage ?? '—'} · {p.workdaysUsed}/{p.targetDays} 工作日</div>
              </List.Item>
            )}
          />
        ) : (
          <Table<ProjectSummaryDto>
            size="small"
            rowKey="id"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 'max-content' }}
            data-testid="project-table"
            onRow={(p) => ({ 'data-testid': `project-row-${p.code}` }) as React.HTMLAttributes<HTMLElement>}
            pagination={{ current: query.page, pageSize: query.pageSize, total: list.data?.total ?? 0, showTotal: (t) => `共 ${t} 个项目`, onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })) }}
            columns={[
              { title: '项目代码', dataIndex: 'code', render: (c: string, p) => <Space size={4}><GreenTag on={p.greenChannel} /><Link className="ow-mono" to={`/desk/joint/projects/${p.id}`}>{c}</Link></Space> },
              { title: '项目名称', dataIndex: 'name' },
              { title: '项目单位', dataIndex: 'applicantName' },
              { title: '当前阶段', dataIndex: 'currentStage', render: (s: string | null) => s ?? '—' },
              { title: '用时 / 目标', key: 'd', render: (_: unknown, p) => <span className={p.workdaysUsed > p.targetDays ? 'ow-danger' : undefined}>{p.workdaysUsed} / {p.targetDays} 工作日</span> },
              { title: '项目管家', dataIndex: 'managerName', render: (n: string | null) => n ?? '—' },
              { title: '状态', dataIndex: 'status', render: (s: string) => <Tag color={STATUS[s]?.color}>{STATUS[s]?.text ?? s}</Tag> },
            ]}
          />
        )}
      </Card>
      <ProjectFormModal open={creating} staff onClose={() => setCreating(false)} onCreated={(id) => { setCreating(false); navigate(`/desk/joint/projects/${id}`) }} />
    </>
  )
}
