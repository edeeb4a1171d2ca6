/** Small shared pieces of the 好差评 pages: status tags, verdict buttons, indicator text. */
import { Button, Space, Tag } from 'antd'
import { FIX_VERDICT_NAMES, INDICATORS, type FixVerdict, type RatingDto, type RectificationStatus } from '../../../hooks/api/evaluation'

const RECT_COLORS: Record<RectificationStatus, string> = { open: 'orange', called_back: 'gold', rectified: 'blue', closed: 'green', void: 'default' }

export function RectStatusTag({ status, name, overdue }: { status: RectificationStatus; name: string; overdue?: boolean }) {
  return (
    <Space size={4} data-testid="rect-status" data-status={status}>
      <Tag color={RECT_COLORS[status]}>{name}</Tag>
      {overdue && <Tag color="red">已超期</Tag>}
    </Space>
  )
}

export function indicatorText(r: Pick<RatingDto, 'channel' | 'indicators'>): string {
  const names = INDICATORS[r.channel] as Record<string, string>
  // in the order of R21, not the stored (jsonb) order
  return Object.entries(names)
    .filter(([k]) => r.indicators[k] !== undefined)
    .map(([k, label]) => `${label} ${r.indicators[k]}★`)
    .join('　')
}

export function VerdictButtons({ onPick, pending }: { onPick: (v: FixVerdict) => void; pending?: boolean }) {
  return (
    <Space wrap>
      {(Object.keys(FIX_VERDICT_NAMES) as FixVerdict[]).map((v) => (
        <Button key={v} loading={pending} danger={v === 'unsatisfied'} type={v === 'satisfied' ? 'primary' : 'default'} onClick={() => onPick(v)} data-testid={`verdict-${v}`}>
          {FIX_VERDICT_NAMES[v]}
        </Button>
      ))}
    </Space>
  )
}
