/** /rate/:token — rate a window visit later, from the QR code on the receipt or the SMS link (no sign-in). */
import { useParams } from 'react-router-dom'
import { Card, Result, Skeleton, Typography } from 'antd'
import { usePublicVisit, useRateByToken } from '../../../hooks/api/evaluation'
import { ApiError, errorMessage } from '../../../lib/api'
import { fmtDateTime } from '../../../lib/format'
import { RatingForm } from '../shared/RatingForm'

export default function TokenRatePage() {
  const { token = '' } = useParams()
  const visit = usePublicVisit(token)
  const rate = useRateByToken(token)
  if (visit.isError) {
    const gone = visit.error instanceof ApiError && (visit.error.status === 404 || visit.error.status === 400)
    return <Result status={gone ? '404' : 'error'} title={gone ? '评价链接无效或已失效' : '加载失败'} subTitle={gone ? undefined : errorMessage(visit.error)} />
  }
  const v = visit.data
  if (!v) return <Card><Skeleton active /></Card>
  if (v.rated) return <Result status="success" title="感谢您的评价" subTitle="本次服务已评价。我们将持续改进政务服务。" data-testid="token-rated" />
  return (
    <Card data-testid="token-rate-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        请评价本次窗口服务
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {v.windowName} · {v.purpose} · {fmtDateTime(v.startedAt)}
      </Typography.Paragraph>
      <RatingForm channel="window" pending={rate.isPending} error={rate.error} onSubmit={(b) => rate.mutate(b)} />
    </Card>
  )
}
