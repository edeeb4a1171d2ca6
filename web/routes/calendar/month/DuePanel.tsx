/**
 * 期限计算: from-date + N working days → due date, with the day-by-day explanation (the start day
 * is not counted; weekends, holidays and closures are skipped; make-up and extra workdays count).
 */
import { useState } from 'react'
import { Alert, Button, DatePicker, Empty, Form, InputNumber, Skeleton, Tag, Timeline, Typography } from 'antd'
import { CalculatorOutlined } from '@ant-design/icons'
import dayjs, { type Dayjs } from 'dayjs'
import { useDue, useExplain, type ExplainEntry } from '../../../hooks/api/calendar'
import { fmtLongDate, weekdayName } from '../../../lib/format'
import { KIND_STYLE } from './kinds'

export interface DueQuery {
  from: string
  days: number
}

/** '闭馆：设备检修', or just the name when it already says what kind of day it is */
function kindWithName(label: string, name: string | null): string {
  if (!name) return label
  return name.startsWith(label) ? name : `${label}：${name}`
}

function entryText(e: ExplainEntry): string {
  const s = KIND_STYLE[e.kind] ?? KIND_STYLE.workday
  if (e.counted) return `第 ${e.ordinal ?? '?'} 个工作日${e.kind === 'makeup_workday' || e.kind === 'extra_workday' ? `（${kindWithName(s.label, e.name)}）` : ''}`
  return `不计入 · ${kindWithName(s.label, e.name)}`
}

function ExplainRow({ date, tag, text, muted, counted }: { date: string; tag: React.ReactNode; text: React.ReactNode; muted?: boolean; counted?: boolean }) {
  return (
    <div
      data-testid={`explain-${date}`}
      data-counted={counted === undefined ? undefined : counted ? 'true' : 'false'}
      style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '2px 8px', color: muted ? 'rgba(0,0,0,0.5)' : 'rgba(0,0,0,0.88)' }}
    >
      <span style={{ fontVariantNumeric: 'tabular-nums', minWidth: 118, color: 'rgba(0,0,0,0.88)' }}>
        {date} {weekdayName(date)}
      </span>
      {tag}
      <span>{text}</span>
    </div>
  )
}

export function DuePanel({ region, regionName, onShowMonth }: { region: string | null; regionName: string; onShowMonth: (d: string) => void }) {
  const [query, setQuery] = useState<DueQuery | null>(null)
  const due = useDue(query?.from ?? null, query?.days ?? null, region)
  const explain = useExplain(query?.from ?? null, query?.days ?? null, region)

  const onFinish = (v: { from: Dayjs; days: number }) => setQuery({ from: v.from.format('YYYY-MM-DD'), days: v.days })

  return (
    <div>
      <Form
        layout="vertical"
        onFinish={onFinish}
        initialValues={{ from: dayjs(), days: 20 }}
        data-testid="due-form"
        style={{ display: 'flex', flexWrap: 'wrap', gap: '0 12px', alignItems: 'flex-end' }}
      >
        <Form.Item name="from" label="起算日期（当日不计入）" rules={[{ required: true, message: '请选择起算日期' }]} style={{ flex: '1 1 160px', marginBottom: 12 }}>
          <DatePicker allowClear={false} style={{ width: '100%' }} data-testid="due-from" />
        </Form.Item>
        <Form.Item name="days" label="工作日数" rules={[{ required: true, message: '请输入工作日数' }]} style={{ flex: '0 1 120px', marginBottom: 12 }}>
          <InputNumber min={0} max={3650} precision={0} style={{ width: '100%' }} data-testid="due-days" suffix="天" />
        </Form.Item>
        <Form.Item style={{ marginBottom: 12 }}>
          <Button type="primary" htmlType="submit" icon={<CalculatorOutlined />} data-testid="due-submit">
            计算
          </Button>
        </Form.Item>
      </Form>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        按 {regionName} 的工作日历计算：周末、法定节假日、闭馆和地方假日不计入，调休上班日和加班工作日计入。
      </Typography.Text>

      {!query ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="输入起算日期和工作日数，计算办理期限" style={{ margin: '24px 0' }} />
      ) : due.isError ? (
        <Alert type="error" showIcon style={{ marginTop: 12 }} title="期限计算失败" description={(due.error as Error).message} />
      ) : (
        <div style={{ marginTop: 12 }}>
          <div style={{ background: '#f0f5ff', border: '1px solid #adc6ff', borderRadius: 4, padding: '10px 14px' }} data-testid="due-result">
            <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.6)' }}>
              自 {query.from}（{weekdayName(query.from)}）起 {query.days} 个工作日，到期日为
            </div>
            {due.isPending ? (
              <Skeleton.Input active size="small" />
            ) : (
              <div style={{ display: 'flex', alignItems: 'baseline', gap: 8, flexWrap: 'wrap' }}>
                <span data-testid="due-date" style={{ fontSize: 24, fontWeight: 700, color: '#1a56a6', fontVariantNumeric: 'tabular-nums', opacity: due.isFetching ? 0.5 : 1 }}>
                  {due.data!.due}
                </span>
                <span style={{ color: 'rgba(0,0,0,0.65)' }}>{weekdayName(due.data!.due)}</span>
                <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onShowMonth(due.data!.due)}>
                  在日历中查看
                </Button>
              </div>
            )}
            {due.data && <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.6)' }}>请于 {fmtLongDate(due.data.due)} 当日办结</div>}
          </div>

          <Typography.Title level={5} style={{ fontSize: 14, margin: '14px 0 8px' }}>
            逐日说明
          </Typography.Title>
          {explain.isPending ? (
            <Skeleton active paragraph={{ rows: 4 }} />
          ) : explain.isError ? (
            <Alert type="warning" showIcon title="逐日说明暂不可用" description={(explain.error as Error).message} />
          ) : (
            <div style={{ maxHeight: 420, overflowY: 'auto', paddingTop: 6, paddingRight: 4 }} data-testid="due-explain">
              <Timeline
                items={[
                  {
                    color: 'gray',
                    content: (
                      <ExplainRow date={query.from} tag={null} text="起算日，当日不计入" muted />
                    ),
                  },
                  ...explain.data!.entries.map((e) => {
                    const s = KIND_STYLE[e.kind] ?? KIND_STYLE.workday
                    const isDue = e.date === explain.data!.due
                    return {
                      key: e.date,
                      color: e.counted ? (isDue ? 'green' : 'blue') : e.kind === 'weekend' ? 'gray' : s.fg,
                      content: (
                        <ExplainRow
                          date={e.date}
                          counted={e.counted}
                          tag={e.kind !== 'workday' ? <Tag color={s.tag} style={{ marginInlineEnd: 0 }}>{s.label}</Tag> : null}
                          text={
                            <>
                              {entryText(e)}
                              {isDue && <b style={{ color: '#389e0d' }}> · 到期日</b>}
                            </>
                          }
                          muted={!e.counted}
                        />
                      ),
                    }
                  }),
                ]}
              />
            </div>
          )}
        </div>
      )}
    </div>
  )
}
