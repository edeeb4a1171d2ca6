/**
 * A small ECharts wrapper: echarts/core with the SVG renderer and only the charts and components the
 * statistics pages use (line, bar, pie; grid, tooltip, legend, title, dataZoom-free). ECharts is
 * imported on first use, so it lives in its own chunk and stays out of every other page.
 */
import { useEffect, useRef, useState } from 'react'
import { Spin } from 'antd'
import type { EChartsCoreOption, EChartsType } from 'echarts/core'

type EchartsCore = typeof import('echarts/core')

let loading: Promise<EchartsCore> | null = null

/**
 * echarts/core with what we use registered, loaded once. Each import names what it takes
 * (`.then(({ A, B }) => …)`) so the bundler keeps only those charts and components.
 */
function loadEcharts(): Promise<EchartsCore> {
  loading ??= Promise.all([
    import('echarts/core'),
    import('echarts/charts').then(({ LineChart, BarChart, PieChart }) => [LineChart, BarChart, PieChart]),
    import('echarts/components').then(({ GridComponent, TooltipComponent, LegendComponent, TitleComponent }) => [GridComponent, TooltipComponent, LegendComponent, TitleComponent]),
    import('echarts/renderers').then(({ SVGRenderer }) => [SVGRenderer]),
  ]).then(([core, charts, components, renderers]) => {
    core.use([...charts, ...components, ...renderers])
    return core
  })
  return loading
}

export type ChartOption = EChartsCoreOption

export interface ChartProps {
  option: ChartOption
  height?: number | string
  /** 'dark' for the lobby screen */
  theme?: 'dark'
  style?: React.CSSProperties
  'data-testid'?: string
}

export function Chart({ option, height = 300, theme, style, 'data-testid': testId }: ChartProps) {
  const el = useRef<HTMLDivElement>(null)
  const chart = useRef<EChartsType | null>(null)
  const [ready, setReady] = useState(false)

  useEffect(() => {
    let disposed = false
    let ro: ResizeObserver | null = null
    void loadEcharts().then((echarts) => {
      if (disposed || !el.current) return
      chart.current = echarts.init(el.current, theme, { renderer: 'svg' })
      ro = new ResizeObserver(() => chart.current?.resize())
      ro.observe(el.current)
      setReady(true)
    })
    return () => {
      disposed = true
      ro?.disconnect()
      chart.current?.dispose()
      chart.current = null
      setReady(false)
    }
  }, [theme])

  useEffect(() => {
    if (ready && chart.current) chart.current.setOption({ backgroundColor: 'transparent', ...option }, { notMerge: true })
  }, [ready, option])

  return (
    <div style={{ position: 'relative', width: '100%', height, ...style }} data-testid={testId}>
      <div ref={el} style={{ position: 'absolute', inset: 0 }} />
      {!ready && (
        <div style={{ position: 'absolute', inset: 0, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
          <Spin />
        </div>
      )}
    </div>
  )
}
