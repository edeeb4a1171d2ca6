/**
 * 数据统计: the headline KPIs (each with its written definition as a tooltip) for a period and unit;
 * trends (办结率, 按时办结率, 即办率), distributions (by channel, by level), a comparison by department;
 * every table exports to Excel.
 */
import { useEffect, useMemo, useState } from 'react'
import dayjs, { type Dayjs } from 'dayjs'
import { Button, Card, Col, DatePicker, Row, Segmented, Space, Statistic, Table, Tooltip, Typography } from 'antd'
import { DownloadOutlined, QuestionCircleOutlined } from '@ant-design/icons'
import { PageHeader } from '../../../ui/PageHeader'
import { UnitSelect } from '../../../ui/UnitSelect'
import { Chart, type ChartOption } from '../../../ui/Chart'
import {
  PERIOD_NAMES,
  breakdownXlsxUrl,
  num,
  pct,
  useBreakdown,
  useBreakdownPage,
  useKpiDefinitions,
  useKpis,
  useTrend,
  type BreakdownRow,
  type KpiDefinition,
  type KpiKey,
  type KpiSet,
  type Period,
  type TrendQuery,
} from '../../../hooks/api/stats'

const PICKER: Record<Period, 'date' | 'week' | 'month' | 'quarter' | 'year'> = { day: 'date', week: 'week', month: 'month', quarter: 'quarter', year: 'year' }

/** the trend shown beside a period: its grain and range (ending with the chosen period) */
export function trendRange(period: Period, date: Dayjs): Omit<TrendQuery, 'unitId'> {
  const f = 'YYYY-MM-DD'
  if (period === 'day') return { grain: 'day', from: date.subtract(29, 'day').format(f), to: date.format(f) }
  if (period === 'week') return { grain: 'week', from: date.startOf('week').subtract(11, 'week').format(f), to: date.endOf('week').format(f) }
  if (period === 'month') return { grain: 'month', from: date.startOf('month').subtract(11, 'month').format(f), to: date.endOf('month').format(f) }
  if (period === 'quarter') return { grain: 'month', from: date.startOf('month').subtract(date.month() % 3, 'month').format(f), to: date.startOf('month').subtract(date.month() % 3, 'month').add(2, 'month').endOf('month').format(f) }
  return { grain: 'month', from: date.startOf('year').format(f), to: date.endOf('year').format(f) }
}

interface CardDef {
  key: KpiKey | 'completed' | 'received'
  title: string
  value: (k: KpiSet) => string
  sub?: (k: KpiSet) => string
}

export const KPI_CARDS: CardDef[] = [
  { key: 'completionRate', title: '办结率', value: (k) => pct(k.completionRate), sub: (k) => `办结 ${k.completed} / 受理 ${k.accepted}` },
  { key: 'onTimeRate', title: '按时办结率', value: (k) => pct(k.onTimeRate), sub: (k) => `按时 ${k.completedOnTime} / 办结 ${k.completed}` },
  { key: 'instantRate', title: '即办率', value: (k) => pct(k.instantRate), sub: (k) => `即办 ${k.instant}` },
  { key: 'avgWorkdays', title: '平均办理工作日', value: (k) => num(k.avgWorkdays), sub: () => '不含暂停计时' },
  { key: 'speedUpRate', title: '提速率', value: (k) => pct(k.speedUpRate), sub: () => '1 − 实际 / 法定工作日' },
  { key: 'satisfactionRate', title: '满意率', value: (k) => pct(k.satisfactionRate, 2), sub: (k) => `评价 ${k.ratings} · 差评 ${k.badReviews}` },
  { key: 'overdue', title: '超期件', value: (k) => String(k.overdue), sub: (k) => `黄牌 ${k.yellowCards} · 红牌 ${k.redCards}` },
]

export function KpiCards({ kpis, defs, loading }: { kpis: KpiSet | undefined; defs: KpiDefinition[] | undefined; loading?: boolean }) {
  const defOf = (key: string) => defs?.find((d) => d.key === key)
  return (
    <Row gutter={[12, 12]} data-testid="kpi-cards">
      {KPI_CARDS.map((c) => {
        const d = defOf(c.key)
        return (
          <Col key={c.key} flex="1 1 160px">
            <Card size="small" loading={loading} data-testid={`kpi-${c.key}`}>
              <Statistic
                title={
                  <Space size={4}>
                    {c.title}
                    {d && (
                      <Tooltip title={<><div><b>{d.formula}</b></div><div>{d.notes}</div></>}>
                        <QuestionCircleOutlined style={{ color: '#8c8c8c' }} data-testid={`kpi-def-${c.key}`} />
                      </Tooltip>
                    )}
                  </Space>
                }
                value={kpis ? c.value(kpis) : '—'}
              />
              {kpis && c.sub && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.sub(kpis)}</Typography.Text>}
            </Card>
          </Col>
        )
      })}
    </Row>
  )
}

const toPct = (v: number | null) => (v == null ? null : Math.round(v * 1000) / 10)

export default function StatsPage() {
  const [period, setPeriod] = useState<Period>('month')
  const [date, setDate] = useState<Dayjs>(dayjs())
  const [unitId, setUnitId] = useState<number | null>(null)
  const ds = date.format('YYYY-MM-DD')
  const defs = useKpiDefinitions()
  const kpis = useKpis({ period, date: ds, unitId: unitId ?? undefined })
  const range = trendRange(period, date)
  const trend = useTrend({ ...range, unitId: unitId ?? undefined })
  const byDept = useBreakdown('department', period, ds, unitId ?? undefined)
  // the item breakdown is paged on the server: a city has thousands of items
  const [itemPage, setItemPage] = useState(1)
  useEffect(() => setItemPage(1), [period, ds, unitId])
  const byItem = useBreakdownPage('item', period, ds, unitId ?? undefined, itemPage)
  const k = kpis.data

  const trendOption = useMemo<ChartOption>(() => {
    const pts = trend.data ?? []
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v == null ? '—' : `${v as number}%`) },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: pts.map((p) => p.label) },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        { name: '办结率', type: 'line', connectNulls: true, data: pts.map((p) => toPct(p.completionRate)) },
        { name: '按时办结率', type: 'line', connectNulls: true, data: pts.map((p) => toPct(p.onTimeRate)) },
        { name: '即办率', type: 'line', connectNulls: true, data: pts.map((p) => toPct(p.instantRate)) },
      ],
    }
  }, [trend.data])

  const channelOption = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'item', formatter: '{b}：{c} 件（{d}%）' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['38%', '62%'],
          center: ['50%', '45%'],
          data: k ? [{ name: '网上申请', value: k.byChannel.online }, { name: '窗口受理', value: k.byChannel.window }] : [],
          label: { formatter: '{c} 件\n{d}%' },
        },
      ],
    }),
    [k],
  )

  const levelOption = useMemo<ChartOption>(() => {
    const entries = Object.entries(k?.byLevel ?? {})
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, top: 16, bottom: 28 },
      xAxis: { type: 'category', data: entries.map(([n]) => n) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name: '受理件', data: entries.map(([, v]) => v), barMaxWidth: 40, itemStyle: { color: '#1d4f91' } }],
    }
  }, [k])

  const deptOption = useMemo<ChartOption>(() => {
    const rows = [...(byDept.data ?? [])].sort((a, b) => b.kpis.accepted - a.kpis.accepted).slice(0, 15)
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 36, bottom: 80 },
      xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { rotate: 30, interval: 0, width: 90, overflow: 'truncate' } },
      yAxis: [{ type: 'value', name: '件', minInterval: 1 }, { type: 'value', name: '%', min: 0, max: 100 }],
      series: [
        { name: '受理', type: 'bar', data: rows.map((r) => r.kpis.accepted), itemStyle: { color: '#1d4f91' } },
        { name: '办结', type: 'bar', data: rows.map((r) => r.kpis.completed), itemStyle: { color: '#52c41a' } },
        { name: '按时办结率', type: 'line', yAxisIndex: 1, data: rows.map((r) => toPct(r.kpis.onTimeRate)) },
      ],
    }
  }, [byDept.data])

  return (
    <>
      <PageHeader
        title="数据统计"
        subtitle={k ? `统计期间 ${k.from} 至 ${k.to}。比率在分母为 0 时显示为“—”。` : '办结率、按时办结率、即办率等核心指标，按期间与单位统计。'}
        extra={
          <Space wrap>
            <Segmented<Period> value={period} onChange={setPeriod} options={(Object.keys(PERIOD_NAMES) as Period[]).map((p) => ({ value: p, label: PERIOD_NAMES[p] }))} data-testid="period" />
            <DatePicker picker={PICKER[period]} value={date} onChange={(d) => d && setDate(d)} allowClear={false} />
            <UnitSelect value={unitId} onChange={setUnitId} placeholder="全部单位" style={{ width: 220 }} />
          </Space>
        }
      />
      <KpiCards kpis={k} defs={defs.data} loading={kpis.isPending} />
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} xl={12}>
          <Card size="small" title={`趋势（${range.grain === 'day' ? '按日' : range.grain === 'week' ? '按周' : '按月'}）`}>
            <Chart option={trendOption} height={300} data-testid="chart-trend" />
          </Card>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Card size="small" title="受理渠道">
            <Chart option={channelOption} height={300} data-testid="chart-channel" />
          </Card>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Card size="small" title="办理层级">
            <Chart option={levelOption} height={300} data-testid="chart-level" />
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title="部门对比" extra={<Button size="small" icon={<DownloadOutlined />} href={breakdownXlsxUrl('department', period, ds, unitId ?? undefined)} data-testid="dept-export">导出Excel</Button>}>
            <Chart option={deptOption} height={320} data-testid="chart-dept" />
            <BreakdownTable rows={byDept.data} loading={byDept.isPending} nameTitle="部门" />
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title="事项统计" extra={<Button size="small" icon={<DownloadOutlined />} href={breakdownXlsxUrl('item', period, ds, unitId ?? undefined)}>导出Excel</Button>}>
            <BreakdownTable
              rows={byItem.data?.rows}
              loading={byItem.isPending}
              nameTitle="事项"
              server={{ page: itemPage, total: byItem.data?.total ?? 0, onChange: setItemPage }}
            />
          </Card>
        </Col>
      </Row>
    </>
  )
}

function BreakdownTable({
  rows,
  loading,
  nameTitle,
  server,
}: {
  rows: BreakdownRow[] | undefined
  loading: boolean
  nameTitle: string
  /** paged on the server (busiest first): no client-side sorting of one page */
  server?: { page: number; total: number; onChange: (page: number) => void }
}) {
  return (
    <Table<BreakdownRow>
      size="small"
      rowKey="key"
      loading={loading}
      dataSource={rows ?? []}
      scroll={{ x: 'max-content' }}
      pagination={
        server
          ? { current: server.page, total: server.total, pageSize: 10, showSizeChanger: false, hideOnSinglePage: true, onChange: server.onChange, showTotal: (t) => `共 ${t} 项` }
          : { pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }
      }
      columns={[
        { title: nameTitle, dataIndex: 'name' },
        { title: '收件', key: 'r', align: 'right', render: (_, r) => r.kpis.received, sorter: server ? undefined : (a, b) => a.kpis.received - b.kpis.received },
        { title: '受理', key: 'a', align: 'right', render: (_, r) => r.kpis.accepted, sorter: server ? undefined : (a, b) => a.kpis.accepted - b.kpis.accepted },
        { title: '办结', key: 'c', align: 'right', render: (_, r) => r.kpis.completed },
        { title: '办结率', key: 'cr', align: 'right', render: (_, r) => pct(r.kpis.completionRate) },
        { title: '按时办结率', key: 'ot', align: 'right', render: (_, r) => pct(r.kpis.onTimeRate) },
        { title: '即办率', key: 'ir', align: 'right', render: (_, r) => pct(r.kpis.instantRate) },
        { title: '平均工作日', key: 'aw', align: 'right', render: (_, r) => num(r.kpis.avgWorkdays) },
        { title: '提速率', key: 'su', align: 'right', render: (_, r) => pct(r.kpis.speedUpRate) },
        { title: '满意率', key: 'sr', align: 'right', render: (_, r) => pct(r.kpis.satisfactionRate, 2) },
        { title: '超期', key: 'od', align: 'right', render: (_, r) => r.kpis.overdue },
      ]}
    />
  )
}
