/** 我的评价: the applicant's ratings, and for bad reviews the rectification with its callbacks, measures and the verdict on the fix. */
import { Link } from 'react-router-dom'
import { App, Card, Descriptions, Empty, List, Skeleton, Space, Timeline, Typography } from 'antd'
import { FIX_VERDICT_NAMES, useMyEvaluations, useVerdict, type RectificationDto } from '../../../hooks/api/evaluation'
import { fmtDate, fmtDateTime } from '../../../lib/format'
import { FormError } from '../../../ui/FormError'
import { PageHeader } from '../../../ui/PageHeader'
import { StarsTag } from '../shared/RatingForm'
import { indicatorText, RectStatusTag, VerdictButtons } from '../shared/bits'

function RectCard({ x }: { x: RectificationDto }) {
  const verdict = useVerdict()
  const { message } = App.useApp()
  return (
    <Card size="small" style={{ marginBottom: 12 }} title={<Space wrap>差评整改 {x.number} <RectStatusTag status={x.status} name={x.statusName} /></Space>} data-testid={`my-rect-${x.id}`}>
      <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
        <Descriptions.Item label="办件/服务">{x.rating.caseNumber ?? x.rating.itemName ?? '窗口服务'}</Descriptions.Item>
        <Descriptions.Item label="责任单位">{x.unitName}</Descriptions.Item>
        <Descriptions.Item label="您的评价"><StarsTag stars={x.rating.stars} name={x.rating.starsName} /></Descriptions.Item>
        <Descriptions.Item label="整改期限">{fmtDate(x.due)}</Descriptions.Item>
      </Descriptions>
      {x.callbacks.length > 0 && (
        <Timeline
          style={{ marginTop: 8 }}
          items={x.callbacks.map((c) => ({ key: c.id, content: `${fmtDateTime(c.at)} 回访（${c.reached ? '已联系上' : '未联系上'}）：${c.content}` }))}
        />
      )}
      {x.measures && (
        <Typography.Paragraph data-testid="my-rect-measures">
          <b>整改措施：</b>
          {x.measures}
        </Typography.Paragraph>
      )}
      {x.status === 'rectified' && (
        <div>
          <Typography.Paragraph style={{ marginBottom: 8 }}>请评价整改结果：</Typography.Paragraph>
          {verdict.error ? <FormError error={verdict.error} /> : null}
          <VerdictButtons pending={verdict.isPending} onPick={(v) => verdict.mutate({ id: x.id, verdict: v }, { onSuccess: () => message.success('感谢您对整改结果的评价') })} />
        </div>
      )}
      {x.verdict && <Typography.Text>整改评价：{FIX_VERDICT_NAMES[x.verdict]}</Typography.Text>}
    </Card>
  )
}

export default function MyRatingsPage() {
  const my = useMyEvaluations()
  const d = my.data
  return (
    <div data-testid="my-ratings-page">
      <PageHeader title="我的评价" crumbs={['办事大厅', '我的评价']} subtitle="您对网上办事和窗口服务的评价；差评由责任单位限期整改、回访，整改后请评价整改结果。" extra={<Link to="/hall/reviews">好差评公示</Link>} />
      {!d ? (
        <Card><Skeleton active /></Card>
      ) : (
        <>
          {d.rectifications.map((x) => (
            <RectCard key={x.id} x={x} />
          ))}
          <Card size="small" title={`评价记录（${d.ratings.length}）`}>
            {d.ratings.length === 0 ? (
              <Empty description={<>暂无评价。办件办结后可在 <Link to="/my/cases">我的办件</Link> 中评价。</>} />
            ) : (
              <List
                dataSource={d.ratings}
                renderItem={(r) => (
                  <List.Item key={r.id} data-testid={`my-rating-${r.id}`}>
                    <List.Item.Meta
                      title={
                        <Space wrap>
                          <StarsTag stars={r.stars} name={r.starsName} />
                          <span>{r.caseNumber ? <Link to={`/my/cases/${r.caseId}`}>{r.itemName}（{r.caseNumber}）</Link> : (r.windowName ?? r.itemName)}</span>
                        </Space>
                      }
                      description={
                        <>
                          <div>{indicatorText(r)}</div>
                          {r.comment && <div>{r.comment}</div>}
                          <div>{fmtDateTime(r.createdAt)} · {r.unitName}</div>
                        </>
                      }
                    />
                  </List.Item>
                )}
              />
            )}
          </Card>
        </>
      )}
    </div>
  )
}
