/**
 * 工作日历: the month view of a region's working-day calendar, the 期限计算 panel, and (for centre
 * and system administrators) local overrides. Region and month live in the URL so a view can be shared.
 */
import { useMemo, useState } from 'react'
import { useSearchParams } from 'react-router-dom'
import { App, Card, Col, Row, Space, Typography } from 'antd'
import dayjs from 'dayjs'
import { hasRole, useMe } from '../../../hooks/api/auth'
import type { CalendarDay } from '../../../hooks/api/calendar'
import { useOrgSummary, useRegionDetail } from '../../../hooks/api/org'
import { ADMIN_ROLES } from '../../../lib/roles'
import { PageHeader } from '../../../ui/PageHeader'
import { RegionPicker } from '../../../ui/RegionPicker'
import { useIsPhone } from '../../../ui/useIsPhone'
import { FullPageSpin } from '../../../app/guards'
import { DuePanel } from './DuePanel'
import { MonthGrid } from './MonthGrid'
import { OverrideModal } from './OverrideModal'
import { OverridesTable } from './OverridesTable'

export default function CalendarPage() {
  const user = useMe().data!
  const isStaff = user.kind === 'staff'
  const canEdit = hasRole(user, ADMIN_ROLES)
  const isPhone = useIsPhone()
  const { message } = App.useApp()
  const summary = useOrgSummary(isStaff)
  const [params, setParams] = useSearchParams()
  const [openDay, setOpenDay] = useState<CalendarDay | null>(null)

  // region: ?region=CODE, ?region=national, or by default the city (national when there is none)
  const regionParam = params.get('region')
  const defaultRegion = summary.data?.city?.code ?? null
  const region = regionParam === 'national' ? null : (regionParam ?? defaultRegion)
  const regionInfo = useRegionDetail(region)
  const regionName = region ? (regionInfo.data?.region.name ?? (region === defaultRegion ? summary.data?.city?.name : undefined) ?? region) : '全国'

  const monthParam = params.get('month')
  const month = useMemo(() => {
    const m = monthParam && /^\d{4}-\d{2}$/.test(monthParam) ? dayjs(`${monthParam}-01`) : dayjs()
    return m.isValid() ? m.startOf('month') : dayjs().startOf('month')
  }, [monthParam])

  const update = (patch: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev)
        for (const [k, v] of Object.entries(patch)) v === null ? next.delete(k) : next.set(k, v)
        return next
      },
      { replace: true },
    )

  if (isStaff && summary.isPending && regionParam === null) return <FullPageSpin />

  return (
    <>
      <PageHeader
        title="工作日历"
        crumbs={['工作台', '工作日历']}
        subtitle="法定节假日、调休上班日与地方调整（闭馆、地方假日、加班工作日）。办理期限按所选区划的日历以工作日计算。"
        extra={
          <Space wrap>
            <Typography.Text type="secondary">行政区划</Typography.Text>
            <RegionPicker
              value={region}
              allowNational
              onChange={(code) => update({ region: code ?? 'national' })}
              style={{ width: isPhone ? 220 : 280 }}
              data-testid="region-picker"
            />
          </Space>
        }
      />
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={15}>
          <Card
            size="small"
            title={<span data-testid="calendar-region-name">{regionName} · 工作日历</span>}
            extra={canEdit && region ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>点击日期可设置或删除地方调整</Typography.Text> : null}
          >
            <MonthGrid
              month={month}
              region={region}
              compact={isPhone}
              onMonthChange={(m) => update({ month: m.format('YYYY-MM') })}
              onDayClick={canEdit && region ? setOpenDay : undefined}
            />
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card size="small" title="期限计算" data-testid="due-panel">
            <DuePanel region={region} regionName={regionName} onShowMonth={(d) => update({ month: d.slice(0, 7) })} />
          </Card>
        </Col>
        {region && (
          <Col span={24}>
            <Card size="small" title={`地方调整 · ${regionName} · ${month.year()} 年`}>
              <OverridesTable region={region} year={month.year()} canEdit={canEdit} onDeleted={(t) => message.success(t)} />
            </Card>
          </Col>
        )}
      </Row>
      {openDay && region && (
        <OverrideModal day={openDay} regionCode={region} regionName={regionName} onClose={() => setOpenDay(null)} onDone={(t) => message.success(t)} />
      )}
    </>
  )
}
