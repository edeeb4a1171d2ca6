/** 差评公示 (R23): bad reviews and their rectification, personal data masked; the headline figures. */
import { useState } from 'react'
import { Card, Col, Empty, Row, Statistic, Table, Typography } from 'antd'
import { FIX_VERDICT_NAMES, CHANNEL_SHORT, usePublicBoard, type PublicBadReview } from '../../../hooks/api/evaluation'
import { fmtDate } from '../../../lib/format'
import { StarsTag } from '../shared/RatingForm'
import { RectStatusTag } from '../shared/bits'

export default function PublicBoardPage() {
  const [page, setPage] = useState({ page: 1, pageSize: 20 })
  const board = usePublicBoard(page.page, page.pageSize)
  const s = board.data?.summary
  return (
    <div data-testid="public-board">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        好差评公示
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        群众对政务服务的差评（不满意、非常不满意）及其整改情况向社会公开，评价人信息已脱敏处理。
      </Typography.Paragraph>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={6}><Card size="small"><Statistic title="评价总数" value={s?.ratings ?? 0} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title="满意率" value={s?.satisfactionRate == null ? '—' : (s.satisfactionRate * 100).toFixed(2)} suffix={s?.satisfactionRate == null ? undefined : '%'} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title="差评数" value={s?.badReviews ?? 0} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title="已整改" value={s?.rectified ?? 0} /></Card></Col>
      </Row>
      <Card size="small">
        <Table<PublicBadReview>
          size="small"
          rowKey="id"
          loading={board.isFetching}
          dataSource={board.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description="暂无差评" /> }}
          onRow={(r) => ({ 'data-testid': `board-row-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
          pagination={{ current: page.page, pageSize: page.pageSize, total: board.data?.total ?? 0, showTotal: (t) => `共 ${t} 条`, onChange: (p, ps) => setPage({ page: p, pageSize: ps }) }}
          columns={[
            { title: '日期', dataIndex: 'createdAt', render: (v: string) => fmtDate(v) },
            { title: '渠道', dataIndex: 'channel', render: (v: 'online' | 'window') => CHANNEL_SHORT[v] },
            { title: '评价', dataIndex: 'stars', render: (v: number, r) => <StarsTag stars={v} name={r.starsName} /> },
            { title: '事项或服务', dataIndex: 'itemName', render: (v: string | null) => v ?? '—' },
            { title: '责任单位', dataIndex: 'unitName' },
            { title: '评价人', dataIndex: 'raterName' },
            { title: '评价内容', dataIndex: 'comment', width: 240, render: (v: string | null) => v ?? '—' },
            { title: '整改状态', dataIndex: 'rectificationStatus', render: (v, r) => <RectStatusTag status={v} name={r.rectificationStatusName} /> },
            { title: '整改措施', dataIndex: 'measures', width: 240, render: (v: string | null) => v ?? '—' },
            { title: '整改评价', dataIndex: 'verdict', render: (v: PublicBadReview['verdict']) => (v ? FIX_VERDICT_NAMES[v] : '—') },
          ]}
        />
      </Card>
    </div>
  )
}
