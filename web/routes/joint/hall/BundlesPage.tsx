/** 一件事一次办: the published bundles (one form, one set of materials, one window, one result delivery). */
import { Alert, Card, Col, Empty, Row, Segmented, Skeleton, Space, Tag, Typography } from 'antd'
import { Link, useLocation, useSearchParams } from 'react-router-dom'
import { useBundles } from '../../../hooks/api/joint'
import { errorMessage } from '../../../lib/api'
import { PageHeader } from '../../../ui/PageHeader'

export default function BundlesPage() {
  const { pathname } = useLocation()
  const base = pathname.startsWith('/hall') ? '/hall/bundles' : '/my/bundles'
  const [params, setParams] = useSearchParams()
  const audience = (params.get('audience') ?? undefined) as 'person' | 'enterprise' | undefined
  const list = useBundles({ audience })
  return (
    <div data-testid="bundles-page">
      <PageHeader
        title="一件事一次办"
        crumbs={['办事大厅', '一件事一次办']}
        subtitle="把涉及多个部门的关联事项整合为“一件事”：一次告知、一张表单、一套材料、一窗受理、并联办理、统一出件。"
        extra={
          <Segmented
            value={audience ?? 'all'}
            onChange={(v) => setParams(v === 'all' ? {} : { audience: String(v) }, { replace: true })}
            options={[{ value: 'all', label: '全部' }, { value: 'enterprise', label: '企业' }, { value: 'person', label: '个人' }]}
          />
        }
      />
      {list.isPending ? (
        <Card><Skeleton active /></Card>
      ) : list.isError ? (
        <Alert type="error" showIcon title="加载失败" description={errorMessage(list.error)} />
      ) : list.data.length === 0 ? (
        <Card><Empty description="暂无可办理的一件事" /></Card>
      ) : (
        <Row gutter={[12, 12]}>
          {list.data.map((b) => (
            <Col xs={24} md={12} xl={8} key={b.id}>
              <Link to={`${base}/${b.id}`} data-testid={`bundle-card-${b.code}`}>
                <Card size="small" hoverable style={{ height: '100%' }} title={b.name}>
                  <Typography.Paragraph ellipsis={{ rows: 2 }} type="secondary" style={{ fontSize: 13, minHeight: 40 }}>{b.description}</Typography.Paragraph>
                  <Space size={4} wrap>
                    <Tag color="blue">{b.items.length} 个事项</Tag>
                    <Tag>{new Set(b.items.map((i) => i.departmentId)).size} 个部门</Tag>
                    <Tag color="green">{b.limitDays} 个工作日办结</Tag>
                    <Tag>{b.materials.length} 项材料</Tag>
                    {b.audiences.map((a) => <Tag key={a}>{a === 'person' ? '个人' : '企业'}</Tag>)}
                  </Space>
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      )}
    </div>
  )
}
