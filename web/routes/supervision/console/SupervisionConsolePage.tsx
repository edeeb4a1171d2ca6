/**
 * 电子监察 console: live lights (refreshing every 30 s), the unit tree with its counts (click filters),
 * the open cases with their light, days left and step light, and the alerts with their level, kind,
 * rule and evidence (filters, xlsx export, 发督办 from an alert, a case or a pattern).
 */
import { useMemo, useState } from 'react'
import { Link, useSearchParams } from 'react-router-dom'
import { App, Button, Card, Col, DatePicker, Empty, Input, Row, Select, Space, Statistic, Table, Tabs, Tag, Tooltip, Tree, Typography } from 'antd'
import { DownloadOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons'
import type { Dayjs } from 'dayjs'
import { PageHeader } from '../../../ui/PageHeader'
import { fmtDate, fmtDateTime } from '../../../lib/format'
import { errorMessage } from '../../../lib/api'
import {
  ALERT_KINDS,
  LIVE_MS,
  alertsXlsxUrl,
  useAlerts,
  useCloseAlert,
  useLights,
  useUnitTree,
  type AlertDto,
  type AlertKind,
  type AlertLevel,
  type AlertStatus,
  type Light,
  type LightedCase,
  type UnitTreeNode,
} from '../../../hooks/api/supervision'
import { LevelTag, LightDot, LIGHT_COLORS, daysLeftText } from '../shared/bits'
import { OrderModal, type OrderSubject } from '../shared/OrderModal'

interface TreeData {
  key: number
  title: React.ReactNode
  children: TreeData[]
}

/** units with red, then yellow lights first (stable otherwise), so problems are on top */
function toTree(nodes: UnitTreeNode[]): TreeData[] {
  const sorted = [...nodes].sort((a, b) => b.red - a.red || b.yellow - a.yellow || b.redCards + b.yellowCards - (a.redCards + a.yellowCards))
  return sorted.map((n) => ({
    key: n.id,
    title: (
      <span data-testid={`tree-unit-${n.id}`} style={{ whiteSpace: 'nowrap' }}>
        {n.name}{' '}
        {n.red > 0 && <Tag color="red" style={{ marginInlineEnd: 2 }}>{n.red}</Tag>}
        {n.yellow > 0 && <Tag color="gold" style={{ marginInlineEnd: 2 }}>{n.yellow}</Tag>}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{n.green}</Typography.Text>
      </span>
    ),
    children: toTree(n.children),
  }))
}

function findName(nodes: UnitTreeNode[], id: number): string | null {
  for (const n of nodes) {
    if (n.id === id) return n.name
    const c = findName(n.children, id)
    if (c) return c
  }
  return null
}

export default function SupervisionConsolePage() {
  const [params, setParams] = useSearchParams()
  const tab = params.get('tab') === 'alerts' ? 'alerts' : 'cases'
  const [unitId, setUnitId] = useState<number | undefined>()
  const [light, setLight] = useState<Light | undefined>()
  const [q, setQ] = useState('')
  const [page, setPage] = useState(1)
  const [subject, setSubject] = useState<OrderSubject | null>(null)

  const lights = useLights({ unitId, light, q: q || undefined, page, pageSize: 20 })
  const tree = useUnitTree()
  const counts = lights.data?.counts
  const treeData = useMemo(() => toTree(tree.data ?? []), [tree.data])
  const unitName = unitId != null ? findName(tree.data ?? [], unitId) : null

  const lightCards: { key: Light | 'prompts' | 'yellowCards' | 'redCards'; title: string; color: string; value: number | undefined; light?: Light }[] = [
    { key: 'red', title: '红灯（超期）', color: LIGHT_COLORS.red, value: counts?.red, light: 'red' },
    { key: 'yellow', title: '黄灯（临近期限）', color: LIGHT_COLORS.yellow, value: counts?.yellow, light: 'yellow' },
    { key: 'green', title: '绿灯（正常）', color: LIGHT_COLORS.green, value: counts?.green, light: 'green' },
    { key: 'prompts', title: '预警提示', color: '#d48806', value: counts?.prompts },
    { key: 'yellowCards', title: '黄牌', color: '#fa8c16', value: counts?.yellowCards },
    { key: 'redCards', title: '红牌', color: '#cf1322', value: counts?.redCards },
  ]

  const caseColumns = [
    { title: '灯', dataIndex: 'light', width: 56, render: (l: Light | null) => <LightDot light={l} /> },
    { title: '办件编号', dataIndex: 'number', render: (v: string, r: LightedCase) => <Link to={`/desk/supervision/cases/${r.caseId}`} className="ow-mono" data-testid="light-case-link">{v}</Link> },
    { title: '事项', dataIndex: 'itemName', width: 200, ellipsis: { showTitle: true } },
    { title: '承办单位', dataIndex: 'unitName', width: 180, ellipsis: { showTitle: true } },
    { title: '状态', dataIndex: 'statusName', render: (v: string, r: LightedCase) => <Space size={2}>{v}{r.paused && <Tag>暂停计时</Tag>}{r.greenChannel && <Tag color="green">绿色通道</Tag>}</Space> },
    { title: '承诺期限', dataIndex: 'promisedDue', render: (v: string | null) => fmtDate(v) },
    { title: '剩余', dataIndex: 'daysLeft', render: (d: number | null, r: LightedCase) => <span style={{ color: r.light ? LIGHT_COLORS[r.light] : undefined }} data-testid="days-left">{daysLeftText(d)}</span> },
    {
      title: '当前环节',
      key: 'step',
      render: (_: unknown, r: LightedCase) =>
        r.stepName ? (
          <Space size={4}>
            <LightDot light={r.stepLight} />
            <span>{r.stepName}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.stepAssignee ?? ''}{r.stepDue ? ` · ${fmtDate(r.stepDue)}` : ''}</Typography.Text>
          </Space>
        ) : '—',
    },
    { title: '告警', dataIndex: 'openAlerts', render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : '0') },
    {
      title: '操作',
      key: 'op',
      render: (_: unknown, r: LightedCase) => (
        <Button size="small" icon={<SendOutlined />} onClick={() => setSubject({ caseId: r.caseId, caseNumber: r.number, unitId: r.unitId, unitName: r.unitName, content: `办件 ${r.number}（${r.itemName}）${r.light === 'red' ? '已超过承诺办结期限' : '临近承诺办结期限'}，请立即办理并回复。` })} data-testid="case-order">
          督办
        </Button>
      ),
    },
  ]

  return (
    <>
      <PageHeader
        title="电子监察"
        subtitle={`实时红黄绿灯与告警，每 ${LIVE_MS / 1000} 秒自动刷新${lights.dataUpdatedAt ? `（更新于 ${fmtDateTime(new Date(lights.dataUpdatedAt).toISOString())}）` : ''}。`}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => { void lights.refetch(); void tree.refetch() }} loading={lights.isFetching}>刷新</Button>
            <Button icon={<SendOutlined />} onClick={() => setSubject({ pattern: true, unitId, unitName })} data-testid="pattern-order">普遍问题督办</Button>
            <Link to="/desk/supervision/orders"><Button>督办台账</Button></Link>
          </>
        }
      />
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid="light-counts">
        {lightCards.map((c) => (
          <Col key={c.key} xs={12} sm={8} lg={4}>
            <Card
              size="small"
              hoverable={!!c.light}
              onClick={c.light ? () => { setLight(light === c.light ? undefined : c.light); setPage(1) } : () => setParams({ tab: 'alerts' })}
              style={{ borderTop: `3px solid ${c.color}`, outline: c.light && light === c.light ? `2px solid ${c.color}` : undefined }}
              data-testid={`count-${c.key}`}
            >
              <Statistic title={c.title} value={c.value ?? '—'} styles={{ content: { color: c.color } }} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={12}>
        <Col xs={24} lg={7} xxl={6}>
          <Card size="small" title="机构（红灯 / 黄灯 / 绿灯）" style={{ marginBottom: 12 }} extra={unitId != null && <a onClick={() => { setUnitId(undefined); setPage(1) }}>全部</a>} data-testid="unit-tree">
            {tree.data && tree.data.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Tree
                treeData={treeData}
                defaultExpandAll
                key={treeData.length}
                selectedKeys={unitId != null ? [unitId] : []}
                onSelect={(keys) => { setUnitId(keys.length ? Number(keys[0]) : undefined); setPage(1) }}
                style={{ maxHeight: '70vh', overflow: 'auto' }}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={17} xxl={18}>
          <Card size="small">
            <Tabs
              activeKey={tab}
              onChange={(k) => setParams(k === 'alerts' ? { tab: 'alerts' } : {})}
              items={[
                {
                  key: 'cases',
                  label: `在办件${lights.data ? `（${lights.data.total}）` : ''}`,
                  children: (
                    <>
                      <Space wrap style={{ marginBottom: 8 }}>
                        <Select
                          allowClear
                          placeholder="灯色"
                          value={light}
                          onChange={(v) => { setLight(v); setPage(1) }}
                          style={{ width: 120 }}
                          options={[{ value: 'red', label: '红灯' }, { value: 'yellow', label: '黄灯' }, { value: 'green', label: '绿灯' }]}
                        />
                        <Input.Search allowClear placeholder="办件编号 / 事项" onSearch={(v) => { setQ(v.trim()); setPage(1) }} style={{ width: 240 }} />
                        {unitName && <Tag closable onClose={() => setUnitId(undefined)}>{unitName}</Tag>}
                      </Space>
                      <Table<LightedCase>
                        size="small"
                        rowKey="caseId"
                        loading={lights.isPending}
                        dataSource={lights.data?.items ?? []}
                        columns={caseColumns}
                        scroll={{ x: 1250 }}
                        pagination={{ current: page, pageSize: 20, total: lights.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (t) => `共 ${t} 件` }}
                        data-testid="light-table"
                      />
                    </>
                  ),
                },
                { key: 'alerts', label: '告警', children: <AlertsPanel unitId={unitId} onOrder={setSubject} /> },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <OrderModal subject={subject} onClose={() => setSubject(null)} />
    </>
  )
}

const KIND_OPTIONS = (Object.keys(ALERT_KINDS) as AlertKind[]).map((k) => ({ value: k, label: ALERT_KINDS[k].name }))

export function AlertsPanel({ unitId, caseId, onOrder, compact }: { unitId?: number; caseId?: number; onOrder: (s: OrderSubject) => void; compact?: boolean }) {
  const { message, modal } = App.useApp()
  const [status, setStatus] = useState<AlertStatus | undefined>('open')
  const [kind, setKind] = useState<AlertKind | undefined>()
  const [level, setLevel] = useState<AlertLevel | undefined>()
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null)
  const [page, setPage] = useState(1)
  const filters = {
    status,
    kind,
    level,
    unitId,
    caseId,
    from: range?.[0]?.format('YYYY-MM-DD'),
    to: range?.[1]?.format('YYYY-MM-DD'),
  }
  const alerts = useAlerts({ ...filters, page, pageSize: compact ? 50 : 20 })
  const close = useCloseAlert()

  const closeByHand = (a: AlertDto) => {
    let note = ''
    modal.confirm({
      title: `关闭告警：${a.kindName}`,
      content: <Input.TextArea rows={3} placeholder="关闭理由（必填）" onChange={(e) => (note = e.target.value)} />,
      okText: '关闭告警',
      cancelText: '取消',
      onOk: async () => {
        if (!note.trim()) {
          message.warning('请填写关闭理由')
          throw new Error('note')
        }
        try {
          await close.mutateAsync({ id: a.id, note: note.trim() })
          message.success('告警已关闭')
        } catch (e) {
          message.error(errorMessage(e))
        }
      },
    })
  }

  return (
    <>
      {!compact && (
        <Space wrap style={{ marginBottom: 8 }}>
          <Select allowClear placeholder="状态" value={status} onChange={(v) => { setStatus(v); setPage(1) }} style={{ width: 110 }} options={[{ value: 'open', label: '未关闭' }, { value: 'closed', label: '已关闭' }]} data-testid="alert-status" />
          <Select allowClear placeholder="级别" value={level} onChange={(v) => { setLevel(v); setPage(1) }} style={{ width: 110 }} options={[{ value: 'prompt', label: '预警' }, { value: 'yellow', label: '黄牌' }, { value: 'red', label: '红牌' }]} />
          <Select allowClear placeholder="告警类型" value={kind} onChange={(v) => { setKind(v); setPage(1) }} style={{ width: 170 }} options={KIND_OPTIONS} />
          <DatePicker.RangePicker value={range} onChange={(v) => { setRange(v as [Dayjs | null, Dayjs | null] | null); setPage(1) }} placeholder={['产生起', '产生止']} />
          <Button icon={<DownloadOutlined />} href={alertsXlsxUrl(filters)} data-testid="alerts-export">导出Excel</Button>
        </Space>
      )}
      <Table<AlertDto>
        size="small"
        rowKey="id"
        loading={alerts.isPending}
        dataSource={alerts.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={compact ? false : { current: page, pageSize: 20, total: alerts.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (t) => `共 ${t} 条` }}
        data-testid="alert-table"
        columns={[
          { title: '级别', dataIndex: 'level', width: 70, render: (l: AlertLevel) => <LevelTag level={l} /> },
          { title: '类型', dataIndex: 'kindName', render: (v: string, a) => <Tooltip title={a.ruleText}>{v}</Tooltip> },
          { title: '依据', dataIndex: 'rule', render: (v: string) => <Typography.Text type="secondary">{v}</Typography.Text> },
          ...(caseId == null
            ? [{ title: '办件', dataIndex: 'caseNumber', render: (v: string | null, a: AlertDto) => (v && a.caseId ? <Link to={`/desk/supervision/cases/${a.caseId}`} className="ow-mono">{v}</Link> : '—') }]
            : []),
          { title: '责任单位', dataIndex: 'unitName', render: (v: string, a) => <>{v}{a.userName ? <Typography.Text type="secondary"> · {a.userName}</Typography.Text> : null}</> },
          { title: '证据', dataIndex: 'evidenceText', width: 320, render: (v: string) => <Typography.Paragraph style={{ margin: 0, maxWidth: 320 }} ellipsis={{ rows: 2, tooltip: v }}>{v}</Typography.Paragraph> },
          { title: '产生时间', dataIndex: 'raisedAt', render: (v: string) => fmtDateTime(v) },
          { title: '整改期限', dataIndex: 'due', render: (v: string | null) => fmtDate(v) },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: AlertStatus, a) => (s === 'open' ? <Tag color="red" data-testid="alert-open">未关闭</Tag> : <Tooltip title={a.closeReason}><Tag color="default" data-testid="alert-closed">已关闭 {fmtDate(a.closedAt)}</Tag></Tooltip>),
          },
          {
            title: '操作',
            key: 'op',
            render: (_: unknown, a) =>
              a.status === 'open' ? (
                <Space size={4}>
                  <Button size="small" icon={<SendOutlined />} onClick={() => onOrder({ alertId: a.id, caseId: a.caseId, caseNumber: a.caseNumber, unitId: a.unitId, unitName: a.unitName, content: `${a.kindName}：${a.evidenceText}。请限期整改并回复。` })} data-testid="alert-order">
                    督办
                  </Button>
                  {ALERT_KINDS[a.kind]?.nature === 'event' && <Button size="small" onClick={() => closeByHand(a)}>关闭</Button>}
                </Space>
              ) : null,
          },
        ]}
      />
    </>
  )
}
