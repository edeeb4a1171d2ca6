/** A month of the working-day calendar: Monday-first grid, each day coloured by its kind. */
import { Alert, Button, DatePicker, Skeleton, Space, Tooltip, Typography } from 'antd'
import { LeftOutlined, RightOutlined } from '@ant-design/icons'
import dayjs, { type Dayjs } from 'dayjs'
import { useMonth, type CalendarDay } from '../../../hooks/api/calendar'
import { ApiError } from '../../../lib/api'
import { KIND_STYLE } from './kinds'
import { Legend } from './Legend'

const HEADS = ['一', '二', '三', '四', '五', '六', '日']

export interface MonthGridProps {
  month: Dayjs
  region: string | null
  onMonthChange: (m: Dayjs) => void
  /** set when the user may add or remove overrides */
  onDayClick?: (day: CalendarDay) => void
  highlight?: Set<string>
  compact: boolean
}

function DayCell({ day, onClick, compact, highlighted }: { day: CalendarDay; onClick?: () => void; compact: boolean; highlighted: boolean }) {
  const s = KIND_STYLE[day.kind] ?? KIND_STYLE.workday
  const isToday = day.date === dayjs().format('YYYY-MM-DD')
  const dom = Number(day.date.slice(8, 10))
  const title = [day.date, s.label, day.name].filter(Boolean).join(' · ')
  const cell = (
    <div
      role={onClick ? 'button' : undefined}
      tabIndex={onClick ? 0 : undefined}
      onClick={onClick}
      onKeyDown={onClick ? (e) => (e.key === 'Enter' || e.key === ' ') && onClick() : undefined}
      data-testid={`cal-day-${day.date}`}
      data-kind={day.kind}
      data-workday={day.workday ? 'true' : 'false'}
      aria-label={title}
      style={{
        position: 'relative',
        minHeight: compact ? 48 : 74,
        padding: compact ? '4px 4px' : '6px 8px',
        background: s.bg,
        borderRadius: 3,
        border: isToday ? '2px solid #1a56a6' : highlighted ? '2px dashed #1a56a6' : '1px solid #e8ecf1',
        cursor: onClick ? 'pointer' : 'default',
        overflow: 'hidden',
        boxSizing: 'border-box',
      }}
    >
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start' }}>
        <span style={{ fontSize: compact ? 14 : 16, fontWeight: day.workday ? 600 : 400, color: day.kind === 'workday' ? '#1f1f1f' : s.fg }}>{dom}</span>
        {s.badge && (
          <span
            style={{
              fontSize: 11,
              lineHeight: '16px',
              padding: '0 3px',
              borderRadius: 2,
              color: '#fff',
              background: s.fg,
              fontWeight: 600,
            }}
          >
            {s.badge}
          </span>
        )}
      </div>
      {!compact && day.name && (
        <div style={{ fontSize: 12, color: s.fg, marginTop: 6, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{day.name}</div>
      )}
      {!compact && !day.name && day.kind !== 'workday' && day.kind !== 'weekend' && (
        <div style={{ fontSize: 12, color: s.fg, marginTop: 6 }}>{s.label}</div>
      )}
      {day.overrideId !== null && (
        <span title="地方调整" style={{ position: 'absolute', left: 0, bottom: 0, width: 0, height: 0, borderStyle: 'solid', borderWidth: '0 0 10px 10px', borderColor: `transparent transparent ${s.fg} transparent` }} />
      )}
    </div>
  )
  return compact ? cell : <Tooltip title={title} mouseEnterDelay={0.4}>{cell}</Tooltip>
}

export function MonthGrid({ month, region, onMonthChange, onDayClick, highlight, compact }: MonthGridProps) {
  const q = useMonth(month.year(), month.month() + 1, region)
  const days = q.data && q.data.year === month.year() && q.data.month === month.month() + 1 ? q.data.days : q.data?.days
  const lead = days && days.length ? (days[0]!.weekday + 6) % 7 : 0
  const workdays = days?.filter((d) => d.workday).length ?? 0
  const named = days?.filter((d) => d.name) ?? []

  return (
    <div>
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap', gap: 8, marginBottom: 10 }}>
        <Space size={4}>
          <Button icon={<LeftOutlined />} aria-label="上一月" data-testid="month-prev" onClick={() => onMonthChange(month.subtract(1, 'month'))} />
          <Typography.Title level={5} style={{ margin: '0 8px', minWidth: 96, textAlign: 'center' }} data-testid="month-title" data-month={month.format('YYYY-MM')}>
            {month.format('YYYY年M月')}
          </Typography.Title>
          <Button icon={<RightOutlined />} aria-label="下一月" data-testid="month-next" onClick={() => onMonthChange(month.add(1, 'month'))} />
        </Space>
        <Space size={8} wrap>
          <DatePicker
            picker="month"
            allowClear={false}
            value={month}
            onChange={(m) => m && onMonthChange(m.startOf('month'))}
            style={{ width: 130 }}
            data-testid="month-picker"
          />
          <Button onClick={() => onMonthChange(dayjs().startOf('month'))}>本月</Button>
        </Space>
      </div>
      {q.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : q.isError ? (
        q.error instanceof ApiError && q.error.code === 'YEAR_OUT_OF_RANGE' ? (
          <Alert
            type="warning"
            showIcon
            title={`${month.year()} 年的法定节假日安排尚未载入`}
            description="国务院办公厅发布该年度节假日安排通知后，由系统管理员导入；导入前不能显示该月的工作日，也不能计算落在该年度的期限。"
            data-testid="month-missing-year"
          />
        ) : (
          <Alert type="error" showIcon title="工作日历加载失败" description={q.error.message} />
        )
      ) : (
        <div style={{ opacity: q.isPlaceholderData ? 0.55 : 1, transition: 'opacity .15s' }} data-testid="month-grid">
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, minmax(0, 1fr))', gap: compact ? 3 : 6 }}>
            {HEADS.map((h, i) => (
              <div key={h} style={{ textAlign: 'center', fontSize: 12, color: i >= 5 ? '#8c8c8c' : 'rgba(0,0,0,0.65)', padding: '2px 0', fontWeight: 500 }}>
                {compact ? h : `星期${h}`}
              </div>
            ))}
            {Array.from({ length: lead }, (_, i) => (
              <div key={`lead-${i}`} />
            ))}
            {days!.map((d) => (
              <DayCell key={d.date} day={d} compact={compact} highlighted={!!highlight?.has(d.date)} onClick={onDayClick ? () => onDayClick(d) : undefined} />
            ))}
          </div>
          <div style={{ marginTop: 10, display: 'flex', justifyContent: 'space-between', flexWrap: 'wrap', gap: 8 }}>
            <Legend />
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="month-workdays">
              本月工作日 {workdays} 天
            </Typography.Text>
          </div>
          {compact && named.length > 0 && (
            <div style={{ marginTop: 8, fontSize: 12 }}>
              {named.map((d) => (
                <div key={d.date} style={{ color: KIND_STYLE[d.kind].fg }}>
                  {d.date.slice(5)} {KIND_STYLE[d.kind].label}：{d.name}
                </div>
              ))}
            </div>
          )}
        </div>
      )}
    </div>
  )
}
