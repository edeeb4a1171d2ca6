/** 评价 on the applicant's case page: rate a completed case once (一事一评), or see the rating and its rectification. */
import { Link } from 'react-router-dom'
import { Alert, App, Card, Typography } from 'antd'
import { useCaseRating, useRateCase } from '../../../hooks/api/evaluation'
import { fmtDateTime } from '../../../lib/format'
import { RatingForm, StarsTag } from '../shared/RatingForm'
import { indicatorText } from '../shared/bits'

export function CaseRatingCard({ caseId }: { caseId: number }) {
  const state = useCaseRating(caseId)
  const rate = useRateCase()
  const { message } = App.useApp()
  const s = state.data
  if (!s || (!s.rating && !s.canRate)) return null
  return (
    <Card size="small" title="评价本次服务（好差评）" style={{ marginBottom: 12 }} data-testid="case-rating-card">
      {s.rating ? (
        <div data-testid="case-rating">
          <div>
            <StarsTag stars={s.rating.stars} name={s.rating.starsName} /> <Typography.Text type="secondary">{fmtDateTime(s.rating.createdAt)}</Typography.Text>
          </div>
          <div style={{ fontSize: 13, marginTop: 4 }}>{indicatorText(s.rating)}</div>
          {s.rating.comment && <Typography.Paragraph style={{ marginTop: 6, marginBottom: 0 }}>{s.rating.comment}</Typography.Paragraph>}
          {s.rating.rectificationId && (
            <Alert style={{ marginTop: 8 }} type="info" showIcon title="您的差评已转责任单位整改，整改完成后请评价整改结果。" description={<Link to="/my/ratings">查看整改进度</Link>} />
          )}
        </div>
      ) : (
        <>
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            办件已办结，欢迎评价（{s.rateBy ? `${fmtDateTime(s.rateBy).slice(0, 10)} 前有效，` : ''}每件办件评价一次）。不满意、非常不满意的评价将转责任单位限期整改并回访。
          </Typography.Paragraph>
          <RatingForm
            channel="online"
            pending={rate.isPending}
            error={rate.error}
            onSubmit={(b) => rate.mutate({ caseId, ...b }, { onSuccess: () => message.success('感谢您的评价') })}
          />
        </>
      )}
    </Card>
  )
}
