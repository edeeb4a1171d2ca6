/**
 * 办事指南: everything the national implementation list says about one item — basic information,
 * conditions, the materials table, the process as steps, fees with their legal basis, legal basis,
 * remedies, FAQ, phones, the guide's QR code — and 在线申请 (sign in first when anonymous).
 * A suspended item says so with its reason and offers no application.
 */
import { Link, useNavigate, useParams } from 'react-router-dom'
import { Alert, Breadcrumb, Button, Card, Col, Collapse, Descriptions, Empty, Result, Row, Skeleton, Space, Steps, Table, Tag, Typography } from 'antd'
import { CheckCircleFilled, CloudOutlined, FormOutlined, PhoneOutlined, PrinterOutlined } from '@ant-design/icons'
import { useMe } from '../../../hooks/api/auth'
import { qrUrl, useCatalogItem, type FeeRule, type ItemMaterial } from '../../../hooks/api/hall'
import { ApiError, errorMessage } from '../../../lib/api'
import { useIsPhone } from '../../../ui/useIsPhone'
import { CHANNEL_NAMES, EXEMPTION_LABEL, FORM_NAMES, LEVEL_NAMES, REQUIREMENT_COLORS, REQUIREMENT_NAMES, RESULT_NAMES, ROLE_STEP_NAMES, yuan } from '../shared/labels'
import { ITEM_TYPES } from '../../../../src/modules/catalog/catalog.types'

function feeText(r: FeeRule): string {
  if (r.kind === 'flat') return `${yuan(r.amountCents)} / 件`
  if (r.kind === 'per_unit') return `${yuan(r.unitPriceCents)} / ${r.unitName}`
  let from = 0
  return r.tiers
    .map((t) => {
      const s = t.upTo === null ? `${from} ${r.unitName}以上 ${yuan(t.unitPriceCents)}/${r.unitName}` : `${from}–${t.upTo} ${r.unitName} ${yuan(t.unitPriceCents)}/${r.unitName}`
      from = t.upTo ?? from
      return s
    })
    .join('；')
}

function Section({ title, children, id }: { title: string; children: React.ReactNode; id?: string }) {
  return (
    <Card size="small" title={title} style={{ marginBottom: 12 }} id={id} data-testid={id ? `guide-${id}` : undefined}>
      {children}
    </Card>
  )
}

function Paragraphs({ text }: { text: string }) {
  return (
    <div style={{ lineHeight: 1.9 }}>
      {text.split(/\n+/).map((l, i) => (
        <p key={i} style={{ margin: '0 0 4px' }}>
          {l}
        </p>
      ))}
    </div>
  )
}

export default function GuidePage() {
  const { id } = useParams()
  const itemId = Number(id)
  const item = useCatalogItem(Number.isInteger(itemId) && itemId > 0 ? itemId : null)
  const me = useMe()
  const navigate = useNavigate()
  const isPhone = useIsPhone()

  if (item.isPending && Number.isInteger(itemId) && itemId > 0) return <Card><Skeleton active paragraph={{ rows: 12 }} /></Card>
  if (item.isError || !item.data) {
    const notFound = !item.isError || (item.error instanceof ApiError && item.error.status === 404)
    return (
      <Card>
        <Result
          status={notFound ? '404' : 'error'}
          title={notFound ? '未找到该事项' : '办事指南加载失败'}
          subTitle={notFound ? '该事项不存在或已取消，请返回办事大厅重新查询。' : errorMessage(item.error)}
          extra={<Link to="/hall"><Button type="primary">返回办事大厅</Button></Link>}
        />
      </Card>
    )
  }
  const it = item.data
  const g = it.current.guide
  const suspended = it.status === 'suspended'
  const abolished = it.status === 'abolished'
  const canApply = it.status === 'published' && g.channels.includes('online')
  const user = me.data
  const apply = () => {
    const target = `/my/apply/${it.id}`
    if (!user) navigate('/login', { state: { from: target } })
    else navigate(target)
  }

  const materialColumns = [
    { title: '序号', key: 'n', width: 56, render: (_: unknown, __: ItemMaterial, i: number) => i + 1 },
    {
      title: '材料名称',
      dataIndex: 'name',
      render: (v: string, m: ItemMaterial) => (
        <div>
          <div style={{ fontWeight: 500 }}>{v}</div>
          {m.condition && <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.5)' }}>适用情形：{m.condition}</div>}
          {m.note && <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.5)' }}>{m.note}</div>}
        </div>
      ),
    },
    { title: '必要性', dataIndex: 'requirement', width: 100, render: (v: ItemMaterial['requirement']) => <Tag color={REQUIREMENT_COLORS[v]}>{REQUIREMENT_NAMES[v]}</Tag> },
    { title: '材料形式', dataIndex: 'form', width: 110, render: (v: ItemMaterial['form']) => FORM_NAMES[v] ?? v },
    { title: '份数', dataIndex: 'copies', width: 64, align: 'center' as const },
    { title: '容缺', dataIndex: 'secondary', width: 64, align: 'center' as const, render: (v: boolean) => (v ? <Tag color="orange">可容缺</Tag> : '—') },
    {
      title: '电子证照',
      dataIndex: 'eCertificateType',
      width: 120,
      render: (v: string | null | undefined) => (v ? <span style={{ color: '#389e0d' }}><CheckCircleFilled /> 可免交</span> : '—'),
    },
  ]

  return (
    <div data-testid="guide-page">
      <Breadcrumb style={{ marginBottom: 10, fontSize: 13 }} items={[{ title: <Link to="/hall">办事大厅</Link> }, { title: '办事指南' }, { title: g.name }]} />
      <Card style={{ marginBottom: 12 }} styles={{ body: { padding: isPhone ? 12 : '18px 22px' } }}>
        <div style={{ display: 'flex', gap: 18, alignItems: 'flex-start', flexWrap: 'wrap' }}>
          <div style={{ flex: '1 1 420px', minWidth: 0 }}>
            <Space wrap size={6} style={{ marginBottom: 6 }}>
              <Typography.Title level={3} style={{ margin: 0, fontSize: isPhone ? 19 : 23 }} data-testid="guide-title">
                {g.name}
              </Typography.Title>
              {g.instant ? <Tag color="green">即办件</Tag> : <Tag color="blue">承诺件</Tag>}
              {g.channels.includes('online') && <Tag color="geekblue" icon={<CloudOutlined />}>网办</Tag>}
              {suspended && <Tag color="red">暂停办理</Tag>}
              {abolished && <Tag>已取消</Tag>}
            </Space>
            <div style={{ color: 'rgba(0,0,0,0.6)', fontSize: 13, display: 'flex', flexWrap: 'wrap', gap: '2px 18px' }}>
              <span>实施机构：{it.departmentName ?? `#${g.departmentId}`}</span>
              <span className="ow-mono">事项编码：{g.code}</span>
              <span>版本：第 {it.current.version} 版</span>
            </div>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 10, marginTop: 14 }}>
              {[
                { label: '承诺时限', value: g.instant ? '即办' : `${g.promisedLimitDays} 个工作日` },
                { label: '法定时限', value: `${g.legalLimitDays} 个工作日` },
                { label: '到现场次数', value: `${g.visits} 次` },
                { label: '是否收费', value: g.fees.length ? '收费' : '不收费' },
              ].map((s) => (
                <div key={s.label} style={{ background: '#f3f7fd', border: '1px solid #dbe6f5', borderRadius: 4, padding: '8px 14px', minWidth: 120 }}>
                  <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>{s.label}</div>
                  <div style={{ fontSize: 17, fontWeight: 600, color: '#0c2f5c' }}>{s.value}</div>
                </div>
              ))}
            </div>
            {(suspended || abolished) && (
              <Alert
                type="error"
                showIcon
                style={{ marginTop: 14 }}
                title={suspended ? '该事项暂停办理' : '该事项已取消'}
                description={it.statusReason ? `原因：${it.statusReason}` : undefined}
                data-testid="guide-suspended"
              />
            )}
            <Space style={{ marginTop: 14 }} wrap>
              {canApply && (
                <Button type="primary" size="large" icon={<FormOutlined />} onClick={apply} data-testid="apply-button">
                  {user ? '在线申请' : '登录后在线申请'}
                </Button>
              )}
              {!isPhone && (
                <Button size="large" icon={<PrinterOutlined />} onClick={() => window.print()}>
                  打印指南
                </Button>
              )}
            </Space>
            {!g.channels.includes('online') && !suspended && !abolished && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                本事项暂不支持网上申请，请携带材料到窗口办理。
              </Typography.Paragraph>
            )}
          </div>
          <div style={{ textAlign: 'center', flex: 'none', margin: isPhone ? '0 auto' : undefined }}>
            <img src={qrUrl(it.id)} alt="办事指南二维码" width={132} height={132} style={{ border: '1px solid #e8ecf1', borderRadius: 4, background: '#fff' }} data-testid="guide-qr" />
            <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>手机扫码查看指南</div>
          </div>
        </div>
      </Card>

      <Row gutter={[12, 0]}>
        <Col xs={24} xl={17}>
          <Section title="基本信息" id="basic">
            <Descriptions
              size="small"
              bordered
              column={isPhone ? 1 : 2}
              items={[
                { key: 'code', label: '事项编码', children: <span className="ow-mono">{g.code}</span> },
                { key: 'type', label: '事项类型', children: ITEM_TYPES[g.typeCode] ?? g.typeCode },
                { key: 'dept', label: '实施机构', children: it.departmentName ?? `#${g.departmentId}` },
                { key: 'level', label: '行使层级', children: LEVEL_NAMES[g.level] ?? g.level },
                { key: 'aud', label: '服务对象', children: g.audiences.map((a) => (a === 'person' ? '自然人' : '法人')).join('、') },
                { key: 'kind', label: '办件类型', children: g.instant ? '即办件' : '承诺件' },
                { key: 'legal', label: '法定办结时限', children: `${g.legalLimitDays} 个工作日` },
                { key: 'prom', label: '承诺办结时限', children: g.instant ? '即办' : `${g.promisedLimitDays} 个工作日` },
                { key: 'fee', label: '是否收费', children: g.fees.length ? '收费（详见收费标准）' : '不收费' },
                { key: 'ch', label: '办理渠道', children: g.channels.map((c) => CHANNEL_NAMES[c] ?? c).join('、') },
                { key: 'v', label: '到办事现场次数', children: `${g.visits} 次` },
                { key: 'res', label: '办理结果', children: `${g.result.name}（${RESULT_NAMES[g.result.type] ?? g.result.type}）` },
                { key: 'cond', label: '容缺受理', children: g.conditionalAcceptance ? '支持' : '不支持' },
                { key: 'pledge', label: '告知承诺', children: g.pledgeAllowed ? '支持' : '不支持' },
              ]}
            />
          </Section>

          <Section title="受理条件" id="conditions">
            <Paragraphs text={g.conditions || '无特别条件。'} />
          </Section>

          <Section title="申请材料" id="materials">
            <Table
              size="small"
              rowKey="key"
              pagination={false}
              columns={materialColumns}
              dataSource={g.materials}
              scroll={{ x: 720 }}
              locale={{ emptyText: '无需提交材料' }}
              onRow={(m) => ({ 'data-testid': `guide-material-${m.key}` }) as React.HTMLAttributes<HTMLElement>}
            />
          </Section>

          <Section title="办理流程" id="steps">
            <Steps
              orientation={isPhone ? 'vertical' : 'horizontal'}
              size="small"
              current={-1}
              items={g.steps.map((s, i) => ({
                title: s.name,
                status: 'process' as const,
                icon: <span style={{ display: 'inline-flex', width: 24, height: 24, borderRadius: 12, background: '#1a56a6', color: '#fff', alignItems: 'center', justifyContent: 'center', fontSize: 12 }}>{i + 1}</span>,
                description: (
                  <div style={{ fontSize: 12 }}>
                    <div>{ROLE_STEP_NAMES[s.role] ?? s.role}</div>
                    <div>时限 {s.limitDays} 个工作日</div>
                  </div>
                ),
              }))}
            />
          </Section>

          <Section title="收费标准" id="fees">
            {g.fees.length === 0 ? (
              <Typography.Text>本事项不收费。</Typography.Text>
            ) : (
              <Table
                size="small"
                rowKey="key"
                pagination={false}
                scroll={{ x: 600 }}
                dataSource={g.fees}
                columns={[
                  { title: '收费项目', dataIndex: 'name' },
                  { title: '收费标准', key: 'std', render: (_: unknown, r: FeeRule) => feeText(r) },
                  { title: '收费依据', dataIndex: 'basis' },
                  { title: '减免政策', key: 'ex', render: (_: unknown, r: FeeRule) => (r.exemptions?.length ? r.exemptions.map((e) => EXEMPTION_LABEL(e)).join('；') : '—') },
                ]}
              />
            )}
          </Section>

          <Section title="设定依据" id="legal">
            <Paragraphs text={g.legalBasis || '—'} />
          </Section>

          <Section title="救济途径" id="remedies">
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'r', label: '行政复议', children: g.remedies.review || '—' },
                { key: 'l', label: '行政诉讼', children: g.remedies.litigation || '—' },
              ]}
            />
          </Section>

          <Section title="常见问题" id="faq">
            {g.faq.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无常见问题" />
            ) : (
              <Collapse size="small" items={g.faq.map((f, i) => ({ key: i, label: f.q, children: <Paragraphs text={f.a} /> }))} />
            )}
          </Section>
        </Col>
        <Col xs={24} xl={7}>
          <Card size="small" title="咨询与投诉" style={{ marginBottom: 12 }} data-testid="guide-phones">
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'c', label: '咨询电话', children: <a href={`tel:${g.consultPhone}`}><PhoneOutlined /> {g.consultPhone}</a> },
                { key: 'p', label: '投诉电话', children: <a href={`tel:${g.complaintPhone}`}><PhoneOutlined /> {g.complaintPhone}</a> },
                { key: 'h', label: '政务服务热线', children: '12345' },
              ]}
            />
          </Card>
          <Card size="small" title="特别程序" style={{ marginBottom: 12 }}>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {g.pausesAllowed.length
                ? `办理中可能需要的特别程序（所需时间不计入办理时限）：${g.pausesAllowed.map((p) => PAUSE_NAMES[p] ?? p).join('、')}`
                : '本事项无特别程序。'}
            </Typography.Text>
          </Card>
          {canApply && (
            <Card size="small" title="在线办理" style={{ marginBottom: 12 }}>
              <Typography.Paragraph style={{ fontSize: 13 }}>网上提交申请材料，审核通过后按承诺时限办结，办理进度可随时查询。</Typography.Paragraph>
              <Button type="primary" block icon={<FormOutlined />} onClick={apply}>
                {user ? '在线申请' : '登录后在线申请'}
              </Button>
            </Card>
          )}
        </Col>
      </Row>
    </div>
  )
}

const PAUSE_NAMES: Record<string, string> = {
  hearing: '听证',
  tender: '招标',
  auction: '拍卖',
  testing: '检验',
  inspection: '检测',
  quarantine: '检疫',
  appraisal: '鉴定',
  expert_review: '专家评审',
  site_inspection: '现场勘验',
  technical_review: '技术审查',
}
