/** 工作台: who I am here (roles and units), and for staff the size of the organisation. */
import { Card, Col, Descriptions, Row, Skeleton, Statistic, Table, Typography } from 'antd'
import { ApartmentOutlined, BankOutlined, CalendarOutlined, ClusterOutlined, EnvironmentOutlined, ShopOutlined, TeamOutlined } from '@ant-design/icons'
import { Link } from 'react-router-dom'
import dayjs from 'dayjs'
import { hasRole, useMe } from '../../../hooks/api/auth'
import { pct, useKpis } from '../../../hooks/api/stats'
import { useOrgSummary } from '../../../hooks/api/org'
import { roleName } from '../../../lib/roles'
import { maskCode } from '../../../lib/format'
import { PageHeader } from '../../../ui/PageHeader'
import { scopeText } from '../../../ui/RoleTags'

function greeting(): string {
  const h = dayjs().hour()
  return h < 6 ? '夜深了' : h < 12 ? '上午好' : h < 14 ? '中午好' : h < 18 ? '下午好' : '晚上好'
}

/** 本月核心指标 for supervisors and centre administrators (the full page is 数据统计). */
function KpiStrip() {
  const kpis = useKpis({ period: 'month', date: dayjs().format('YYYY-MM-DD') })
  const k = kpis.data
  const items = [
    { key: 'accepted', title: '本月受理', value: k ? String(k.accepted) : '—' },
    { key: 'completionRate', title: '办结率', value: pct(k?.completionRate) },
    { key: 'onTimeRate', title: '按时办结率', value: pct(k?.onTimeRate) },
    { key: 'instantRate', title: '即办率', value: pct(k?.instantRate) },
    { key: 'satisfactionRate', title: '满意率', value: pct(k?.satisfactionRate, 2) },
    { key: 'overdue', title: '超期件', value: k ? String(k.overdue) : '—' },
  ]
  return (
    <Card title="本月核心指标" size="small" style={{ marginBottom: 12 }} extra={<Link to="/desk/stats">数据统计</Link>} data-testid="kpi-strip">
      {kpis.isPending ? (
        <Skeleton active paragraph={{ rows: 1 }} />
      ) : kpis.isError ? (
        <Typography.Text type="secondary">指标暂不可用</Typography.Text>
      ) : (
        <Row gutter={[12, 12]}>
          {items.map((s) => (
            <Col key={s.key} xs={12} sm={8} lg={4}>
              <Statistic title={s.title} value={s.value} />
            </Col>
          ))}
        </Row>
      )}
    </Card>
  )
}

export default function DashboardPage() {
  const user = useMe().data!
  const isStaff = user.kind === 'staff'
  const summary = useOrgSummary(isStaff)
  const c = summary.data?.counts

  const stats = [
    { key: 'regions', title: '行政区划', value: c?.regions, icon: <EnvironmentOutlined />, to: '/org/regions' },
    { key: 'centres', title: '服务中心', value: c?.centres, icon: <BankOutlined />, to: '/org/units?kind=centre' },
    { key: 'departments', title: '部门', value: c?.departments, icon: <ApartmentOutlined />, to: '/org/units?kind=department' },
    { key: 'approvalOffices', title: '审批科室', value: c?.approvalOffices, icon: <ClusterOutlined />, to: '/org/units?kind=approval_office' },
    { key: 'windows', title: '窗口', value: c?.windows, icon: <ShopOutlined />, to: '/org/units?kind=window' },
    { key: 'staff', title: '工作人员', value: c?.staff, icon: <TeamOutlined />, to: '/org/staff' },
  ]

  return (
    <>
      <PageHeader
        title="工作台"
        subtitle={`${greeting()}，${user.displayName}。今天是 ${dayjs().format('YYYY年M月D日 dddd')}。`}
        extra={<Link to="/calendar"><CalendarOutlined /> 工作日历与期限计算</Link>}
      />
      {isStaff && hasRole(user, ['supervisor', 'centre_admin']) && <KpiStrip />}
      {isStaff && (
        <Card
          title={summary.data?.city ? `机构概况 · ${summary.data.city.name}` : '机构概况'}
          size="small"
          style={{ marginBottom: 12 }}
          data-testid="org-summary"
        >
          {summary.isPending ? (
            <Skeleton active paragraph={{ rows: 1 }} />
          ) : (
            <Row gutter={[12, 12]}>
              {stats.map((s) => (
                <Col key={s.key} xs={12} sm={8} lg={4}>
                  <Link to={s.to}>
                    <Card size="small" hoverable styles={{ body: { padding: '10px 12px' } }}>
                      <Statistic title={<span>{s.icon} {s.title}</span>} value={s.value ?? '—'} />
                    </Card>
                  </Link>
                </Col>
              ))}
            </Row>
          )}
        </Card>
      )}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={10}>
          <Card title="我的账号" size="small">
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'n', label: '姓名', children: user.displayName },
                { key: 'u', label: isStaff ? '用户名' : '登录账号', children: <span className="ow-mono">{isStaff ? user.username : maskCode(user.username)}</span> },
                { key: 'k', label: '账号类型', children: isStaff ? '工作人员' : user.applicantKind === 'enterprise' ? '申请人（法人）' : '申请人（自然人）' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title="我的角色与所属单位" size="small">
            <Table
              size="small"
              pagination={false}
              rowKey={(g) => `${g.role}:${g.unitId ?? ''}:${g.regionCode ?? ''}`}
              dataSource={user.grants}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: '角色', dataIndex: 'role', render: (r: string) => roleName(r) },
                { title: '适用范围', key: 'scope', render: (_, g) => scopeText(g) || '本人' },
                { title: '区划代码', dataIndex: 'regionCode', render: (v: string | null) => (v ? <span className="ow-mono">{v}</span> : '—') },
              ]}
            />
          </Card>
        </Col>
      </Row>
      {!isStaff && (
        <Card size="small" style={{ marginTop: 12 }}>
          <Typography.Paragraph style={{ margin: 0 }}>
            办事指南、在线申请与办件查询功能将陆续开放。您可以在 <Link to="/calendar">工作日历</Link> 中查询法定工作日与办理期限。
          </Typography.Paragraph>
        </Card>
      )}
    </>
  )
}
