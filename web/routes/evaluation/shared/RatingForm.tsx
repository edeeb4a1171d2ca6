/**
 * The rating form of 好差评 (R21): the overall level (five levels, ★1–★5 with their names), the
 * level-2 indicators of the channel, and a comment. `large` is the counter tablet's version: big
 * faces and touch targets.
 */
import { useState } from 'react'
import { Button, Input, Rate, Typography } from 'antd'
import { FrownOutlined, MehOutlined, SmileOutlined } from '@ant-design/icons'
import { INDICATORS, STAR_NAMES, type RatingBody, type RatingChannel } from '../../../hooks/api/evaluation'
import { FormError } from '../../../ui/FormError'

const FACE_COLORS: Record<number, string> = { 5: '#389e0d', 4: '#7cb305', 3: '#d4b106', 2: '#fa8c16', 1: '#cf1322' }

function Face({ stars, size }: { stars: number; size: number }) {
  const style = { fontSize: size, color: FACE_COLORS[stars] }
  return stars >= 4 ? <SmileOutlined style={style} /> : stars === 3 ? <MehOutlined style={style} /> : <FrownOutlined style={style} />
}

/** Five big faces for the tablet: 非常满意 … 非常不满意. */
export function FacePicker({ value, onChange }: { value: number; onChange: (v: number) => void }) {
  return (
    <div style={{ display: 'flex', gap: 12, justifyContent: 'center', flexWrap: 'wrap' }} data-testid="face-picker">
      {[5, 4, 3, 2, 1].map((s) => (
        <button
          key={s}
          type="button"
          onClick={() => onChange(s)}
          data-testid={`face-${s}`}
          aria-pressed={value === s}
          style={{
            width: 150,
            minHeight: 150,
            borderRadius: 16,
            border: value === s ? `4px solid ${FACE_COLORS[s]}` : '2px solid #d9d9d9',
            background: value === s ? '#fffbe6' : '#fff',
            cursor: 'pointer',
            display: 'flex',
            flexDirection: 'column',
            alignItems: 'center',
            justifyContent: 'center',
            gap: 8,
            fontSize: 22,
            padding: 8,
          }}
        >
          <Face stars={s} size={64} />
          <span>{STAR_NAMES[s as 1 | 2 | 3 | 4 | 5]}</span>
          <span style={{ fontSize: 14, color: '#999' }}>{'★'.repeat(s)}</span>
        </button>
      ))}
    </div>
  )
}

export function RatingForm({
  channel,
  onSubmit,
  pending,
  error,
  large,
  submitText = '提交评价',
}: {
  channel: RatingChannel
  onSubmit: (b: RatingBody) => void
  pending?: boolean
  error?: unknown
  large?: boolean
  submitText?: string
}) {
  const names = INDICATORS[channel] as Record<string, string>
  const [stars, setStars] = useState(0)
  const [indicators, setIndicators] = useState<Record<string, number>>({})
  const [comment, setComment] = useState('')
  const missing = Object.keys(names).filter((k) => !indicators[k])
  const bad = stars > 0 && stars <= 2
  // choosing the overall level fills the indicators the rater has not touched yet
  const pick = (s: number) => {
    setStars(s)
    setIndicators((cur) => Object.fromEntries(Object.keys(names).map((k) => [k, cur[k] ?? s])))
  }
  const rateSize = large ? 44 : 22
  return (
    <div data-testid="rating-form">
      <Typography.Title level={large ? 3 : 5} style={{ marginTop: 0, textAlign: large ? 'center' : undefined }}>
        总体评价
      </Typography.Title>
      {large ? (
        <FacePicker value={stars} onChange={pick} />
      ) : (
        <div style={{ display: 'flex', alignItems: 'center', gap: 12 }} data-testid="overall-stars">
          <Rate value={stars} onChange={pick} style={{ fontSize: rateSize }} />
          <span>{stars ? STAR_NAMES[stars as 1 | 2 | 3 | 4 | 5] : '请选择'}</span>
        </div>
      )}
      <div style={{ marginTop: large ? 24 : 12, display: 'grid', gridTemplateColumns: large ? '1fr' : 'repeat(auto-fit, minmax(240px, 1fr))', gap: large ? 16 : 8, maxWidth: large ? 720 : undefined, marginInline: large ? 'auto' : undefined }}>
        {Object.entries(names).map(([k, label]) => (
          <div key={k} style={{ display: 'flex', alignItems: 'center', gap: 12, fontSize: large ? 24 : 14 }} data-testid={`indicator-${k}`}>
            <span style={{ width: large ? 160 : 110 }}>{label}</span>
            <Rate value={indicators[k] ?? 0} onChange={(v) => setIndicators((cur) => ({ ...cur, [k]: v }))} style={{ fontSize: rateSize }} />
          </div>
        ))}
      </div>
      <Input.TextArea
        style={{ marginTop: large ? 24 : 12, fontSize: large ? 22 : undefined, maxWidth: large ? 720 : undefined, display: 'block', marginInline: large ? 'auto' : undefined }}
        rows={large ? 3 : 3}
        maxLength={1000}
        placeholder={bad ? '请告诉我们哪里做得不好，我们将在规定期限内整改并回访您' : '意见和建议（选填）'}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        data-testid="rating-comment"
      />
      {error ? <FormError error={error} style={{ marginTop: 12 }} /> : null}
      <div style={{ textAlign: large ? 'center' : undefined, marginTop: large ? 24 : 12 }}>
        <Button
          type="primary"
          size={large ? 'large' : 'middle'}
          style={large ? { height: 72, fontSize: 28, padding: '0 64px', borderRadius: 12 } : undefined}
          disabled={!stars || missing.length > 0}
          loading={pending}
          onClick={() => onSubmit({ stars, indicators, comment: comment.trim() || null })}
          data-testid="rating-submit"
        >
          {submitText}
        </Button>
      </div>
    </div>
  )
}

export function StarsTag({ stars, name }: { stars: number; name: string }) {
  return (
    <span style={{ color: FACE_COLORS[stars], whiteSpace: 'nowrap' }}>
      {'★'.repeat(stars)}
      <span style={{ color: '#ddd' }}>{'★'.repeat(5 - stars)}</span> {name}
    </span>
  )
}
