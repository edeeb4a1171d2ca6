/** A bundle's guide: the items and their departments and limits, the one union material list, and 申请. */
import { Alert, Button, Card, Col, Descriptions, Result, Row, Skeleton, Table, Tag, Typography } from 'antd'
import { SendOutlined } from '@ant-design/icons'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { useMe } from '../../../hooks/api/auth'
import { useBundle, type BundleItemDto, type UnionMaterialDto } from '../../../hooks/api/joint'
import { errorMessage } from '../../../lib/api'
import { PageHeader } from '../../../ui/PageHeader'
import { useIsPhone } from '../../../ui/useIsPhone'

const REQ: Record<string, { text: string; color: string }> = { required: { text: '必要', color: 'red' }, conditional: { text: '视情形', color: 'orange' }, optional: { text: '非必要', color: 'default' } }

export default function BundlePage() {
  const id = Number(useParams().id)
  const me = useMe().data
  const isPhone = useIsPhone()
  const navigate = useNavigate()
  const q = useBundle(Number.isFinite(id) ? id : null)
  if (q.isPending) return <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>
  if (q.isError) return <Result status="404" title="未找到该一件事" subTitle={errorMessage(q.error)} extra={<Link to="/hall/bundles"><Button>返回</Button></Link>} />
  const b = q.data
  const itemName = (itemId: number) => b.items.find((i) => i.itemId === itemId)?.name ?? String(itemId)
  const audienceOk = !me || me.kind !== 'applicant' || !me.applicantKind || b.audiences.includes(me.applicantKind)
  const apply = (testId: string) => (
    <Button type="primary" size="large" icon={<SendOutlined />} disabled={b.status !== 'published' || !audienceOk || me?.kind === 'staff'} onClick={() => navigate(`/my/bundles/${b.id}/apply`)} data-testid={testId}>
      在线申请
    </Button>
  )
  const separate = b.items.reduce((a, i) => a + i.promisedLimitDays, 0)
  return (
    <div data-testid="bundle-page" data-bundle-id={b.id}>
      <PageHeader title={b.name} crumbs={['办事大厅', '一件事一次办', b.name]} subtitle={b.description} extra={isPhone ? undefined : apply('bundle-apply-top')} />
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={16}>
          <Card size="small" title="办理信息" style={{ marginBottom: 12 }}>
            <Descriptions
              size="small"
              column={isPhone ? 1 : 2}
              items={[
                { key: 'lead', label: '牵头部门', children: b.leadUnitName },
                { key: 'limit', label: '办理时限', children: <b>{b.limitDays} 个工作日</b> },
                { key: 'aud', label: '服务对象', children: b.audiences.map((a) => (a === 'person' ? '个人' : '企业')).join('、') },
                { key: 'sep', label: '分别办理承诺时限合计', children: `${separate} 个工作日` },
              ]}
            />
          </Card>
          <Card size="small" title={`包含事项（${b.items.length} 项，各部门并联办理）`} style={{ marginBottom: 12 }}>
            <Table<BundleItemDto>
              size="small"
              rowKey="itemId"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={b.items}
              data-testid="bundle-items"
              columns={[
                { title: '事项', dataIndex: 'name' },
                { title: '部门', dataIndex: 'departmentName' },
                { title: '承诺时限', dataIndex: 'promisedLimitDays', render: (d: number) => `${d} 工作日` },
                { title: '法定时限', dataIndex: 'legalLimitDays', render: (d: number) => `${d} 工作日` },
              ]}
            />
          </Card>
          <Card size="small" title={`一套材料（${b.materials.length} 项，每项只交一次）`} data-testid="bundle-materials">
            <Table<UnionMaterialDto>
              size="small"
              rowKey="key"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={b.materials}
              columns={[
                { title: '材料', dataIndex: 'name', render: (n: string, m) => <span>{n}{m.eCertificateType && <Tag color="green" style={{ marginLeft: 6 }}>可用电子证照</Tag>}</span> },
                { title: '要求', dataIndex: 'requirement', render: (r: string) => <Tag color={REQ[r]?.color}>{REQ[r]?.text ?? r}</Tag> },
                { title: '用于', dataIndex: 'usedBy', render: (u: number[]) => <Typography.Text style={{ fontSize: 12 }}>{u.map(itemName).join('、')}</Typography.Text> },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title="申请">
            {!audienceOk && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title="该一件事不面向您的申请人类型" />}
            {b.status !== 'published' && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title="该一件事暂停办理" />}
            <Typography.Paragraph style={{ fontSize: 13 }}>填写一张表单、上传一套材料，综合窗口统一收件并分送 {new Set(b.items.map((i) => i.departmentId)).size} 个部门同时办理，结果统一送达。</Typography.Paragraph>
            {me ? apply('bundle-apply') : <Link to="/login" state={{ from: `/my/bundles/${b.id}/apply` }}><Button type="primary" block>登录后申请</Button></Link>}
          </Card>
        </Col>
      </Row>
    </div>
  )
}
