/**
 * 网上办事大厅 首页: search the service guides (Simplified or Traditional — the server converts),
 * filter by audience (个人办事 / 法人办事), implementing department and life-event / enterprise
 * topic; item cards with 即办件/承诺件, promised limit, visits and the 网办 badge. Filters live in
 * the URL so a search can be shared.
 */
import { useEffect, useState } from 'react'
import { Link, useSearchParams } from 'react-router-dom'
import { Alert, Button, Card, Col, Collapse, Empty, Input, Pagination, Row, Segmented, Select, Skeleton, Space, Tag, Typography } from 'antd'
import { ClockCircleOutlined, CloudOutlined, EnvironmentOutlined, FileTextOutlined, SearchOutlined } from '@ant-design/icons'
import { useCatalogItems, useDepartments, useTopics, type ItemSummary } from '../../../hooks/api/hall'
import { errorMessage } from '../../../lib/api'
import { useIsPhone } from '../../../ui/useIsPhone'

const PAGE_SIZE = 10

function ItemCard({ item }: { item: ItemSummary }) {
  const online = item.channels.includes('online')
  return (
    <Card size="small" style={{ marginBottom: 10 }} styles={{ body: { padding: '12px 14px' } }} data-testid="item-card" data-item-id={item.id} data-item-name={item.name}>
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap', alignItems: 'flex-start' }}>
        <div style={{ flex: '1 1 320px', minWidth: 0 }}>
          <div style={{ display: 'flex', alignItems: 'center', gap: 6, flexWrap: 'wrap', marginBottom: 6 }}>
            <Link to={`/hall/items/${item.id}`} style={{ fontSize: 16, fontWeight: 600, color: '#0c2f5c' }} data-testid="item-link">
              {item.name}
            </Link>
            {item.instant ? <Tag color="green">即办件</Tag> : <Tag color="blue">承诺件</Tag>}
            {online && (
              <Tag color="geekblue" icon={<CloudOutlined />}>
                网办
              </Tag>
            )}
            {item.status === 'suspended' && <Tag color="red">暂停办理</Tag>}
          </div>
          <div style={{ fontSize: 13, color: 'rgba(0,0,0,0.65)', display: 'flex', flexWrap: 'wrap', gap: '4px 18px' }}>
            <span>
              <EnvironmentOutlined /> {item.departmentName}
            </span>
            <span>{item.typeName}</span>
            <span>
              <ClockCircleOutlined /> 承诺时限 <b style={{ color: '#1a56a6' }}>{item.instant ? '即办' : `${item.promisedLimitDays} 个工作日`}</b>
              {!item.instant && <span style={{ color: 'rgba(0,0,0,0.45)' }}>（法定 {item.legalLimitDays} 个工作日）</span>}
            </span>
            <span>
              跑动次数 <b style={{ color: item.visits === 0 ? '#389e0d' : undefined }}>{item.visits}</b> 次
            </span>
            <span>{item.hasFees ? '收费' : '不收费'}</span>
          </div>
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)', marginTop: 4 }} className="ow-mono">
            事项编码 {item.code}
          </div>
        </div>
        <Space size={8} style={{ flex: 'none', alignSelf: 'center' }}>
          <Link to={`/hall/items/${item.id}`}>
            <Button icon={<FileTextOutlined />}>办事指南</Button>
          </Link>
          {online && item.status === 'published' && (
            <Link to={`/my/apply/${item.id}`}>
              <Button type="primary">在线申请</Button>
            </Link>
          )}
        </Space>
      </div>
    </Card>
  )
}

export default function HallHomePage() {
  const isPhone = useIsPhone()
  const [params, setParams] = useSearchParams()
  const q = params.get('q') ?? ''
  const audience = (params.get('audience') as 'person' | 'enterprise' | null) ?? undefined
  const departmentId = params.get('dept') ? Number(params.get('dept')) : undefined
  const topic = params.get('topic') ?? undefined
  const page = Number(params.get('page') ?? 1) || 1
  const [text, setText] = useState(q)
  useEffect(() => setText(q), [q])

  const items = useCatalogItems({ q: q || undefined, audience, departmentId, topic, page, pageSize: PAGE_SIZE })
  const topics = useTopics()
  const departments = useDepartments()

  const update = (patch: Record<string, string | null>) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev)
      for (const [k, v] of Object.entries(patch)) v === null || v === '' ? next.delete(k) : next.set(k, v)
      if (!('page' in patch)) next.delete('page')
      return next
    })

  const shownTopics = (topics.data ?? []).filter((t) => !audience || t.audience === audience)
  const topicNames = [...new Map(shownTopics.map((t) => [t.topic, t])).values()]

  const moreFilters = (
    <>
      <Card size="small" title="实施部门" style={{ marginBottom: 12 }}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder="全部部门"
          style={{ width: '100%' }}
          value={departmentId}
          onChange={(v) => update({ dept: v ? String(v) : null })}
          options={(departments.data ?? []).map((d) => ({ value: d.id, label: `${d.name}（${d.count}）` }))}
          loading={departments.isPending}
          data-testid="hall-department"
        />
      </Card>
      <Card size="small" title={audience === 'enterprise' ? '企业主题' : audience === 'person' ? '生活主题' : '主题服务'}>
        {topics.isPending ? (
          <Skeleton active paragraph={{ rows: 2 }} title={false} />
        ) : topicNames.length === 0 ? (
          <Typography.Text type="secondary">暂无主题</Typography.Text>
        ) : (
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }} data-testid="hall-topics">
            {topicNames.map((t) => (
              <Tag.CheckableTag
                key={t.topic}
                checked={topic === t.topic}
                onChange={(on) => update({ topic: on ? t.topic : null })}
                style={{ border: '1px solid #d6deea', padding: '2px 8px', marginInlineEnd: 0 }}
              >
                {t.topic}
              </Tag.CheckableTag>
            ))}
          </div>
        )}
      </Card>
    </>
  )

  return (
    <>
      <div
        style={{
          background: 'linear-gradient(120deg, #123f7a 0%, #1a56a6 60%, #2f6fc2 100%)',
          borderRadius: 6,
          padding: isPhone ? '16px 12px' : '28px 32px',
          marginBottom: 14,
          color: '#fff',
        }}
      >
        <div style={{ fontSize: isPhone ? 18 : 24, fontWeight: 600, letterSpacing: 1, marginBottom: 4 }}>政务服务事项 · 办事指南</div>
        <div style={{ opacity: 0.85, marginBottom: isPhone ? 10 : 16, fontSize: 13 }}>查询办事指南、申请材料和办理时限，在线申请、进度查询、结果下载，让数据多跑路、群众少跑腿。</div>
        <Input.Search
          size="large"
          allowClear
          enterButton={<><SearchOutlined /> 搜索</>}
          placeholder="输入事项名称或关键词，如：食品经营许可、营业执照（支持繁体）"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(v) => update({ q: v.trim() || null })}
          style={{ maxWidth: 760 }}
          data-testid="hall-search"
        />
      </div>

      <Row gutter={[14, 14]}>
        <Col xs={24} lg={7} xl={6}>
          <Card size="small" title="服务对象" style={{ marginBottom: 12 }}>
            <Segmented
              block
              value={audience ?? 'all'}
              onChange={(v) => update({ audience: v === 'all' ? null : String(v), topic: null })}
              options={[
                { label: '全部', value: 'all' },
                { label: '个人办事', value: 'person' },
                { label: '法人办事', value: 'enterprise' },
              ]}
              data-testid="hall-audience"
            />
          </Card>
          {isPhone ? (
            <Collapse
              size="small"
              style={{ background: '#fff' }}
              items={[{ key: 'f', label: `更多筛选${departmentId || topic ? '（已选）' : ''}：实施部门、主题`, children: moreFilters }]}
            />
          ) : (
            moreFilters
          )}
        </Col>
        <Col xs={24} lg={17} xl={18}>
          <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 10, flexWrap: 'wrap' }}>
            <Typography.Text strong style={{ fontSize: 15 }}>
              事项列表
            </Typography.Text>
            <Typography.Text type="secondary" data-testid="hall-total">
              {items.data ? `共 ${items.data.total} 项` : ''}
            </Typography.Text>
            {q && <Tag closable onClose={() => update({ q: null })}>关键词：{q}</Tag>}
            {topic && <Tag closable onClose={() => update({ topic: null })}>主题：{topic}</Tag>}
          </div>
          {items.isError ? (
            <Alert type="error" showIcon title="事项列表加载失败" description={errorMessage(items.error)} />
          ) : items.isPending ? (
            <Card size="small">
              <Skeleton active paragraph={{ rows: 6 }} />
            </Card>
          ) : items.data.items.length === 0 ? (
            <Card size="small">
              <Empty description={q ? `未找到与“${q}”相关的事项，请换个关键词试试` : '暂无符合条件的事项'} />
            </Card>
          ) : (
            <div style={{ opacity: items.isFetching ? 0.6 : 1 }} data-testid="item-list">
              {items.data.items.map((it) => (
                <ItemCard key={it.id} item={it} />
              ))}
              <Pagination
                style={{ marginTop: 8, textAlign: 'right' }}
                current={page}
                pageSize={PAGE_SIZE}
                total={items.data.total}
                showSizeChanger={false}
                size={isPhone ? 'small' : undefined}
                showTotal={isPhone ? undefined : (t) => `共 ${t} 项`}
                onChange={(p) => update({ page: String(p) })}
              />
            </div>
          )}
        </Col>
      </Row>
    </>
  )
}
