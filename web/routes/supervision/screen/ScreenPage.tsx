/**
 * 数据大屏: the lobby screen. Public, full screen, dark, no menus; refreshes itself every 60 s from
 * GET /public/screen (aggregates only). Laid out for 1920×1080 with sizes in vw/vh, so it still reads
 * at 1280×720.
 */
import { useEffect, useMemo, useState } from 'react'
import dayjs from 'dayjs'
import { Chart, type ChartOption } from '../../../ui/Chart'
import { SCREEN_MS, pct, num, useScreen, type KpiSet } from '../../../hooks/api/stats'

const BG = '#06142b'
const PANEL = 'rgba(16, 44, 84, 0.55)'
const BORDER = '1px solid rgba(80, 160, 255, 0.35)'
const ACCENT = '#36cfff'
const fs = (min: number, vw: number, max: number) => `clamp(${min}px, ${vw}vw, ${max}px)`

function Panel({ title, children, style }: { title: string; children: React.ReactNode; style?: React.CSSProperties }) {
  return (
    <div style={{ background: PANEL, border: BORDER, borderRadius: 6, padding: '1vh 1vw', display: 'flex', flexDirection: 'column', minHeight: 0, ...style }}>
      <div style={{ color: ACCENT, fontSize: fs(13, 1, 22), fontWeight: 600, letterSpacing: 2, marginBottom: '0.8vh' }}>▍{title}</div>
      <div style={{ flex: 1, minHeight: 0, position: 'relative' }}>{children}</div>
    </div>
  )
}

function Big({ label, value, color = '#fff', testId }: { label: string; value: string; color?: string; testId?: string }) {
  return (
    <div style={{ background: PANEL, border: BORDER, borderRadius: 6, padding: '1.2vh 0.8vw', textAlign: 'center' }}>
      <div style={{ fontSize: fs(12, 0.85, 18), color: '#9ec3ff' }}>{label}</div>
      <div style={{ fontSize: fs(24, 2.4, 52), fontWeight: 700, color, fontVariantNumeric: 'tabular-nums', lineHeight: 1.25 }} data-testid={testId}>
        {value}
      </div>
    </div>
  )
}

function Clock() {
  const [now, setNow] = useState(dayjs())
  useEffect(() => {
    const t = setInterval(() => setNow(dayjs()), 1000)
    return () => clearInterval(t)
  }, [])
  return <span className="ow-mono">{now.format('YYYY-MM-DD HH:mm:ss')}</span>
}

const kpiTriplet = (k: KpiSet | undefined) => k

export default function ScreenPage() {
  const screen = useScreen()
  const d = screen.data
  const today = kpiTriplet(d?.today)
  const month = d?.month
  const year = d?.year

  useEffect(() => {
    const prev = document.title
    document.title = '政务服务数据大屏'
    return () => {
      document.title = prev
    }
  }, [])

  const trendOption = useMemo<ChartOption>(() => {
    const pts = d?.trend ?? []
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, textStyle: { color: '#cfe3ff' } },
      grid: { left: 44, right: 44, top: 32, bottom: 24 },
      xAxis: { type: 'category', data: pts.map((p) => p.label.slice(5)), axisLabel: { color: '#9ec3ff' } },
      yAxis: [
        { type: 'value', minInterval: 1, axisLabel: { color: '#9ec3ff' }, splitLine: { lineStyle: { color: 'rgba(255,255,255,0.08)' } } },
        { type: 'value', min: 0, max: 100, axisLabel: { color: '#9ec3ff', formatter: '{value}%' }, splitLine: { show: false } },
      ],
      series: [
        { name: '受理', type: 'bar', data: pts.map((p) => p.accepted), itemStyle: { color: '#1f6feb' } },
        { name: '办结', type: 'bar', data: pts.map((p) => p.completed), itemStyle: { color: '#36cfc9' } },
        { name: '按时办结率', type: 'line', yAxisIndex: 1, connectNulls: true, data: pts.map((p) => (p.onTimeRate == null ? null : Math.round(p.onTimeRate * 1000) / 10)), itemStyle: { color: '#ffd666' } },
      ],
    }
  }, [d?.trend])

  const deptOption = useMemo<ChartOption>(() => {
    const rows = [...(d?.byDepartment ?? [])].reverse()
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', axisLabel: { color: '#9ec3ff' }, splitLine: { lineStyle: { color: 'rgba(255,255,255,0.08)' } } },
      yAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { color: '#cfe3ff', width: 140, overflow: 'truncate' } },
      series: [{ type: 'bar', name: '本月受理', data: rows.map((r) => r.accepted), itemStyle: { color: '#36cfff' }, label: { show: true, position: 'right', color: '#fff' } }],
    }
  }, [d?.byDepartment])

  const channelOption = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'item' },
      legend: { bottom: 0, textStyle: { color: '#cfe3ff' } },
      series: [
        {
          type: 'pie',
          radius: ['36%', '58%'],
          center: ['50%', '46%'],
          label: { color: '#fff', formatter: '{b}\n{d}%' },
          data: month ? [{ name: '网上申请', value: month.byChannel.online, itemStyle: { color: '#36cfff' } }, { name: '窗口受理', value: month.byChannel.window, itemStyle: { color: '#ffd666' } }] : [],
        },
      ],
    }),
    [month],
  )

  return (
    <div style={{ position: 'fixed', inset: 0, background: `radial-gradient(ellipse at top, #0d2a55 0%, ${BG} 70%)`, color: '#fff', display: 'flex', flexDirection: 'column', padding: '1.2vh 1.2vw', gap: '1.2vh', overflow: 'hidden', fontFamily: '"PingFang SC", "Microsoft YaHei", sans-serif' }} data-testid="screen">
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', borderBottom: BORDER, paddingBottom: '0.8vh' }}>
        <div style={{ fontSize: fs(14, 1, 20), color: '#9ec3ff' }}>数据更新：{d ? dayjs(d.asOf).format('HH:mm') : '—'} · 每 {SCREEN_MS / 1000} 秒刷新</div>
        <div style={{ fontSize: fs(22, 2, 44), fontWeight: 700, letterSpacing: 6, textShadow: '0 0 12px rgba(54,207,255,0.6)' }}>一窗通办 · 政务服务数据大屏</div>
        <div style={{ fontSize: fs(14, 1, 20), color: '#9ec3ff' }}><Clock /></div>
      </div>
      {screen.isError && !d && <div style={{ textAlign: 'center', color: '#ff7875', fontSize: fs(14, 1.2, 24) }}>数据暂时无法获取，稍后自动重试</div>}
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(8, 1fr)', gap: '0.8vw' }} data-testid="screen-numbers">
        <Big label="今日受理" value={today ? String(today.accepted) : '—'} color={ACCENT} testId="screen-today-accepted" />
        <Big label="今日办结" value={today ? String(today.completed) : '—'} color="#36cfc9" testId="screen-today-completed" />
        <Big label="本月受理" value={month ? String(month.accepted) : '—'} />
        <Big label="本月办结率" value={pct(month?.completionRate)} color="#95de64" testId="screen-completion" />
        <Big label="本月按时办结率" value={pct(month?.onTimeRate)} color="#95de64" />
        <Big label="本年即办率" value={pct(year?.instantRate)} color="#ffd666" />
        <Big label="本年满意率" value={pct(year?.satisfactionRate, 2)} color="#ffd666" />
        <Big label="本年提速率" value={pct(year?.speedUpRate)} color="#ffd666" />
      </div>
      <div style={{ flex: 1, minHeight: 0, display: 'grid', gridTemplateColumns: '1.1fr 1.6fr 1.1fr', gridTemplateRows: '1fr 1fr', gap: '0.8vw' }}>
        <Panel title="本月部门受理 TOP10" style={{ gridRow: 'span 2' }}>
          <Chart option={deptOption} height="100%" theme="dark" />
        </Panel>
        <Panel title="近30日受理与办结">
          <Chart option={trendOption} height="100%" theme="dark" />
        </Panel>
        <Panel title="在办件红黄绿灯">
          <div style={{ display: 'flex', justifyContent: 'space-around', alignItems: 'center', height: '100%' }} data-testid="screen-lights">
            {([['绿灯', d?.lights.green, '#52c41a'], ['黄灯', d?.lights.yellow, '#faad14'], ['红灯', d?.lights.red, '#ff4d4f']] as const).map(([label, v, color]) => (
              <div key={label} style={{ textAlign: 'center' }}>
                <div style={{ width: '5vw', height: '5vw', minWidth: 56, minHeight: 56, borderRadius: '50%', margin: '0 auto', background: color, boxShadow: `0 0 24px ${color}`, display: 'flex', alignItems: 'center', justifyContent: 'center', fontSize: fs(18, 1.8, 40), fontWeight: 700 }}>
                  {v ?? '—'}
                </div>
                <div style={{ marginTop: '0.8vh', fontSize: fs(12, 1, 20), color: '#cfe3ff' }}>{label}</div>
              </div>
            ))}
          </div>
        </Panel>
        <Panel title="本月受理渠道">
          <Chart option={channelOption} height="100%" theme="dark" />
        </Panel>
        <Panel title="最新办结">
          <div style={{ position: 'absolute', inset: 0, overflow: 'hidden' }}>
            {(d?.recent ?? []).slice(0, 12).map((r, i) => (
              <div key={i} style={{ display: 'flex', gap: '0.6vw', fontSize: fs(12, 0.85, 18), padding: '0.5vh 0', borderBottom: '1px dashed rgba(80,160,255,0.2)', whiteSpace: 'nowrap' }}>
                <span style={{ color: '#9ec3ff' }} className="ow-mono">{dayjs(r.at).format('MM-DD HH:mm')}</span>
                <span style={{ flex: 1, overflow: 'hidden', textOverflow: 'ellipsis' }}>{r.itemName}</span>
                <span>{r.applicant}</span>
                <span style={{ color: '#95de64' }}>{r.status}</span>
              </div>
            ))}
          </div>
        </Panel>
      </div>
      <div style={{ display: 'flex', justifyContent: 'center', gap: '3vw', fontSize: fs(12, 0.9, 18), color: '#9ec3ff' }}>
        <span>本年受理 {year?.accepted ?? '—'} 件</span>
        <span>本年办结 {year?.completed ?? '—'} 件</span>
        <span>平均办理 {num(year?.avgWorkdays)} 个工作日</span>
        <span>本年超期 {year?.overdue ?? '—'} 件</span>
      </div>
    </div>
  )
}
