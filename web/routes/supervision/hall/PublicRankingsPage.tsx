/** 效能排行 (public, in the hall): the rankings the centre has published, latest first. */
import { useState } from 'react'
import { Card, Empty, Result, Select, Skeleton, Space, Table, Typography } from 'antd'
import { TrophyOutlined } from '@ant-design/icons'
import dayjs from 'dayjs'
import { errorMessage } from '../../../lib/api'
import { RANKING_SCOPE_NAMES, pct, num, usePublicRankings, type RankingRow } from '../../../hooks/api/stats'

export default function PublicRankingsPage() {
  const list = usePublicRankings()
  const [id, setId] = useState<number | null>(null)
  if (list.isPending) return <Skeleton active />
  if (list.isError) return <Result status="warning" title="暂时无法加载效能排行" subTitle={errorMessage(list.error)} />
  const items = list.data
  const current = items.find((r) => r.id === id) ?? items[0]
  return (
    <div data-testid="public-rankings">
      <Space align="center" style={{ marginBottom: 12, flexWrap: 'wrap' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          <TrophyOutlined /> 效能排行榜
        </Typography.Title>
        {items.length > 1 && (
          <Select value={current?.id} onChange={setId} style={{ minWidth: 320 }} options={items.map((r) => ({ value: r.id, label: `${r.title}（${dayjs(r.publishedAt).format('YYYY-MM-DD')} 发布）` }))} />
        )}
      </Space>
      {!current ? (
        <Card><Empty description="暂无公开的效能排行榜" /></Card>
      ) : (
        <Card
          title={current.title}
          extra={<Typography.Text type="secondary">统计期间 {current.from} 至 {current.to} · {RANKING_SCOPE_NAMES[current.scope]}{current.fair ? ' · 公平视图' : ''}</Typography.Text>}
        >
          <Table<RankingRow>
            size="small"
            rowKey="id"
            dataSource={current.rows}
            pagination={false}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: '名次', dataIndex: 'rank', width: 60, render: (r: number) => <b>{r}</b> },
              { title: RANKING_SCOPE_NAMES[current.scope], dataIndex: 'name', render: (n: string, r) => <>{n}{r.parentName ? <Typography.Text type="secondary"> · {r.parentName}</Typography.Text> : null}</> },
              { title: '综合得分', dataIndex: 'score', align: 'right', render: (v: number) => v.toFixed(1) },
              { title: '办件量', dataIndex: 'handled', align: 'right' },
              { title: '按时办结率', dataIndex: 'onTimeRate', align: 'right', render: (v: number | null) => pct(v) },
              { title: '平均工作日', dataIndex: 'avgWorkdays', align: 'right', render: (v: number | null) => num(v) },
              ...(current.fair ? [{ title: '相对速度', dataIndex: 'relativeSpeed', align: 'right' as const, render: (v: number | null) => (v == null ? '—' : v.toFixed(2)) }] : []),
              { title: '满意率', dataIndex: 'satisfactionRate', align: 'right', render: (v: number | null) => pct(v, 2) },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
            发布时间 {dayjs(current.publishedAt).format('YYYY-MM-DD HH:mm')}。综合得分由按时办结率、提前办结、平均办理时间、补正、告警与满意率计算。
          </Typography.Paragraph>
        </Card>
      )}
    </div>
  )
}
