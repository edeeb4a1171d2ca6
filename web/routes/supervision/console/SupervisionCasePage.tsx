/**
 * 电子监察 drill-down: one case with its clock explained day by day (which days counted, which were
 * holidays or paused), its steps with their own deadlines and lights, its alerts, the 催办/督办 about it
 * and the audit trail; 发督办 from here.
 */
import { useState } from 'react'
import { Link, useParams } from 'react-router-dom'
import { Alert, Button, Card, Col, Descriptions, Empty, Result, Row, Skeleton, Space, Table, Tag, Timeline, Typography } from 'antd'
import { ArrowLeftOutlined, SendOutlined } from '@ant-design/icons'
import { PageHeader } from '../../../ui/PageHeader'
import { fmtDate, fmtDateTime } from '../../../lib/format'
import { errorMessage } from '../../../lib/api'
import { useLights, useSupervisionCase, type AlertDto, type OrderDto, type SupervisedStep } from '../../../hooks/api/supervision'
import type { ExplainEntry } from '../../../hooks/api/calendar'
import { KIND_STYLE } from '../../calendar/month/kinds'
import { LevelTag, LightDot, OrderStatusTag, daysLeftText } from '../shared/bits'
import { OrderModal, type OrderSubject } from '../shared/OrderModal'

const STEP_STATUS: Record<string, string> = { waiting: '未开始', active: '办理中', done: '已完成', skipped: '已跳过' }

function entryText(e: ExplainEntry): string {
  const s = KIND_STYLE[e.kind] ?? KIND_STYLE.workday
  if (e.counted) return `第 ${e.ordinal ?? '?'} 个工作日${e.kind !== 'workday' ? `（${s.label}${e.name ? `：${e.name}` : ''}）` : ''}`
  return `不计入 · ${s.label}${e.name ? `：${e.name}` : ''}`
}

export default function SupervisionCasePage() {
  const id = Number(useParams().id)
  const valid = Number.isInteger(id) && id > 0
  const view = useSupervisionCase(valid ? id : null)
  const [subject, setSubject] = useState<OrderSubject | null>(null)
  // the case's own light and its active step's light come from the console's list (the drill-down
  // answers the case detail, whose steps carry their due dates but no light)
  const number = view.data?.case.number
  const lighted = useLights({ q: number, page: 1, pageSize: 5 }, { enabled: !!number })

  if (!valid) return <Result status="404" title="办件不存在" extra={<Link to="/desk/supervision">返回电子监察</Link>} />
  if (view.isPending) return <Skeleton active />
  if (view.isError) return <Result status="warning" title="无法加载办件" subTitle={errorMessage(view.error)} extra={<Link to="/desk/supervision">返回电子监察</Link>} />

  const { case: c, alerts, orders, trail } = view.data
  const clock = view.data.clock ?? c.clock ?? null
  const explanation = view.data.explanation ?? null
  const entries = explanation?.entries ?? []
  const steps = c.steps ?? []
  // the department answers for the case (the README: alerts name the department or window)
  const unitName = c.departmentName ?? c.unitName ?? null
  const unitId = c.departmentId ?? c.unitId ?? null
  const openAlert = alerts.find((a) => a.status === 'open')
  const lc = lighted.data?.items.find((x) => x.caseId === c.id) ?? null
  const caseLight = c.light ?? lc?.light ?? null
  const daysLeft = c.daysLeft !== undefined ? c.daysLeft : (lc?.daysLeft ?? clock?.leftDays)
  const stepLight = (s: SupervisedStep) => s.light ?? (s.status === 'active' && lc && lc.stepName === s.name ? lc.stepLight : null)

  const order = (alert?: AlertDto) =>
    setSubject({
      caseId: c.id,
      caseNumber: c.number,
      alertId: alert?.id ?? openAlert?.id ?? null,
      unitId: alert?.unitId ?? openAlert?.unitId ?? unitId,
      unitName: alert?.unitName ?? openAlert?.unitName ?? unitName,
      content: `办件 ${c.number}（${c.itemName}）${alert ? `${alert.kindName}：${alert.evidenceText}` : clock?.overdue ? '已超过承诺办结期限' : '请加快办理'}。请限期办结并回复。`,
    })

  return (
    <>
      <PageHeader
        crumbs={['电子监察', '办件监察']}
        title={
          <Space>
            {(lc || c.light !== undefined) && <LightDot light={caseLight} text />}
            <span className="ow-mono">{c.number}</span>
            <span>{c.itemName}</span>
          </Space>
        }
        subtitle={`${unitName ?? ''} · ${c.statusName ?? c.status}${daysLeft != null ? ` · ${daysLeftText(daysLeft)}` : ''}`}
        extra={
          <>
            <Link to="/desk/supervision"><Button icon={<ArrowLeftOutlined />}>返回</Button></Link>
            <Button type="primary" icon={<SendOutlined />} onClick={() => order()} data-testid="case-send-order">发督办 / 催办</Button>
          </>
        }
      />
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={10}>
          <Card size="small" title="办件与期限" style={{ marginBottom: 12 }} data-testid="sup-case-info">
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'item', label: '事项', children: c.itemName },
                { key: 'unit', label: '承办单位', children: unitName ?? '—' },
                { key: 'applicant', label: '申请人', children: c.applicant?.name ?? '—' },
                { key: 'channel', label: '渠道', children: c.channel === 'online' ? '网上申请' : c.channel === 'window' ? '窗口受理' : '—' },
                { key: 'accepted', label: '受理时间', children: fmtDateTime(c.acceptedAt ?? null) },
                { key: 'legal', label: '法定 / 承诺时限', children: clock ? `${clock.legalDays} / ${clock.promisedDays} 个工作日` : '—' },
                { key: 'due', label: '承诺办结期限', children: fmtDate(clock?.promisedDue ?? c.promisedDue ?? null) },
                { key: 'used', label: '已用 / 剩余', children: clock ? `已用 ${clock.usedDays} 个工作日 · ${daysLeftText(clock.leftDays)}` : '—' },
                { key: 'paused', label: '暂停 / 延长', children: clock ? `暂停 ${clock.pausedDays} 个工作日 · 延长 ${clock.extensionDays} 个工作日` : '—' },
              ]}
            />
            {clock?.overdue && <Alert type="error" showIcon title="已超过承诺办结期限" style={{ marginTop: 8 }} />}
          </Card>
          <Card size="small" title="计时说明（逐日）" data-testid="sup-clock-explain">
            {entries.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无计时明细" />
            ) : (
              <div style={{ maxHeight: 360, overflow: 'auto' }}>
                {explanation?.from && (
                  <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                    自 {fmtDate(explanation.from)} 起算 {explanation.days ?? ''} 个工作日{explanation.due ? `，期限 ${fmtDate(explanation.due)}` : ''}
                    {explanation.pausedWorkdays ? `，暂停 ${explanation.pausedWorkdays} 个工作日` : ''}
                  </Typography.Paragraph>
                )}
                <Table<ExplainEntry>
                  size="small"
                  rowKey="date"
                  pagination={false}
                  dataSource={entries}
                  columns={[
                    { title: '日期', dataIndex: 'date', render: (d: string) => <span className="ow-mono">{d}</span> },
                    { title: '', dataIndex: 'kind', render: (k: ExplainEntry['kind']) => <Tag color={(KIND_STYLE[k] ?? KIND_STYLE.workday).tag}>{(KIND_STYLE[k] ?? KIND_STYLE.workday).label}</Tag> },
                    { title: '计时', key: 't', render: (_: unknown, e) => <Typography.Text type={e.counted ? undefined : 'secondary'}>{entryText(e)}</Typography.Text> },
                  ]}
                />
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title="办理环节" style={{ marginBottom: 12 }}>
            <Table<SupervisedStep>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={steps}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: '灯', key: 'light', width: 48, render: (_: unknown, s) => (s.status === 'active' && (lc || s.light !== undefined) ? <LightDot light={stepLight(s)} /> : null) },
                { title: '环节', dataIndex: 'name' },
                { title: '状态', dataIndex: 'status', render: (v: string) => STEP_STATUS[v] ?? v },
                { title: '办理人', dataIndex: 'assigneeName', render: (v?: string | null) => v ?? '—' },
                { title: '开始', dataIndex: 'startedAt', render: (v?: string | null) => fmtDateTime(v ?? null) },
                { title: '环节时限', dataIndex: 'due', render: (v?: string | null) => fmtDate(v ?? null) },
                { title: '完成', dataIndex: 'completedAt', render: (v?: string | null) => fmtDateTime(v ?? null) },
              ]}
            />
          </Card>
          <Card size="small" title={`告警（${alerts.length}）`} style={{ marginBottom: 12 }} data-testid="sup-case-alerts">
            <Table<AlertDto>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={alerts}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: '级别', dataIndex: 'level', render: (l: AlertDto['level']) => <LevelTag level={l} /> },
                { title: '类型', dataIndex: 'kindName' },
                { title: '状态', dataIndex: 'status', render: (st: string, a) => (st === 'open' ? <Tag color="red" data-testid="alert-open">未关闭</Tag> : <Tag data-testid="alert-closed" title={a.closeReason ?? ''}>已关闭</Tag>) },
                { title: '证据', dataIndex: 'evidenceText', render: (v: string) => <Typography.Paragraph style={{ margin: 0, maxWidth: 260 }} ellipsis={{ rows: 2, tooltip: v }}>{v}</Typography.Paragraph> },
                { title: '依据', dataIndex: 'rule' },
                { title: '产生', dataIndex: 'raisedAt', render: (v: string) => fmtDateTime(v) },
                { title: '', key: 'op', render: (_: unknown, a) => (a.status === 'open' ? <Button size="small" icon={<SendOutlined />} onClick={() => order(a)} data-testid="alert-order">督办</Button> : null) },
              ]}
            />
          </Card>
          <Card size="small" title={`催办 / 督办（${orders.length}）`} style={{ marginBottom: 12 }} data-testid="sup-case-orders">
            <Table<OrderDto>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={orders}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: '文号', dataIndex: 'number' },
                { title: '单位', dataIndex: 'unitName' },
                { title: '状态', key: 's', render: (_: unknown, o) => <OrderStatusTag o={o} /> },
                { title: '回复期限', dataIndex: 'replyDue', render: (v: string) => fmtDate(v) },
                { title: '回复', dataIndex: 'reply', render: (v: string | null) => v ?? '—' },
              ]}
            />
          </Card>
          <Card size="small" title="审计轨迹" data-testid="sup-case-trail">
            {trail.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Timeline
                items={trail.map((t, i) => ({
                  key: i,
                  content: (
                    <>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{fmtDateTime(t.at)} · {t.actorName ?? '系统'}</Typography.Text>
                      <div>{t.summary || t.action}</div>
                    </>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>
      <OrderModal subject={subject} onClose={() => setSubject(null)} />
    </>
  )
}
