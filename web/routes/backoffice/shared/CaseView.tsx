/** The case in full: header, clock with the day-by-day explanation, steps, materials, corrections, documents, fees, timeline. */
import { Alert, Card, Col, Descriptions, Empty, Row, Skeleton, Space, Statistic, Steps, Table, Tag, Timeline, Typography } from 'antd'
import { FileOutlined } from '@ant-design/icons'
import { materialUrl, useCaseFees, useCaseTimeline, useClockExplain, yuan, type CaseDetail } from '../../../hooks/api/backoffice'
import { fmtDateTime, weekdayName } from '../../../lib/format'
import { KIND_STYLE } from '../../calendar/month/kinds'
import { CaseStatusTag, DocumentButtons, DueLight, PAY_METHOD, DELIVERY_METHOD } from './bits'

export function CaseHeader({ c }: { c: CaseDetail }) {
  return (
    <Card size="small" data-testid="case-header" data-case-id={c.id}>
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, marginBottom: 6 }}>
        <Typography.Text className="ow-mono" strong style={{ fontSize: 16 }} data-testid="case-number" copyable>
          {c.number}
        </Typography.Text>
        <CaseStatusTag status={c.status} name={c.statusName} />
        {c.instant && <Tag color="gold">即办件</Tag>}
        {c.deemed && <Tag color="orange">视为受理</Tag>}
        {c.intakeKind === 'conditional' && <Tag color="purple">容缺受理{c.conditionalDue ? ` · ${c.conditionalDue} 前补齐` : ''}</Tag>}
        {c.intakeKind === 'pledge' && <Tag color="geekblue">告知承诺</Tag>}
        {c.status === 'submitted' && c.prereviewDue && <Tag color="blue">预审时限 {c.prereviewDue}</Tag>}
        <Tag>{c.channel === 'online' ? '网上申请' : '窗口收件'}</Tag>
      </div>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 4 }}
        items={[
          { key: 'item', label: '事项', children: <span data-testid="case-item">{c.itemName}</span> },
          { key: 'dept', label: '实施部门', children: c.departmentName },
          { key: 'app', label: '申请人', children: `${c.applicant.name}（${c.applicant.kind === 'enterprise' ? '法人' : '自然人'}）` },
          { key: 'id', label: c.applicant.kind === 'enterprise' ? '信用代码' : '身份证号', children: <span className="ow-mono">{c.applicant.idNumberMasked ?? '—'}</span> },
          { key: 'phone', label: '联系电话', children: <span className="ow-mono">{c.applicant.phoneMasked ?? '—'}</span> },
          { key: 'sub', label: '提交时间', children: fmtDateTime(c.submittedAt ?? c.receivedAt) },
          { key: 'acc', label: '受理时间', children: fmtDateTime(c.acceptedAt) },
          { key: 'done', label: '办结时间', children: fmtDateTime(c.completedAt) },
        ]}
      />
    </Card>
  )
}

export function ClockCard({ c }: { c: CaseDetail }) {
  const k = c.clock
  return (
    <Card
      size="small"
      title="办理时限"
      data-testid="clock-card"
      extra={['completed', 'delivered'].includes(c.status) ? <Tag color="success">已办结</Tag> : ['refused', 'withdrawn', 'returned', 'draft'].includes(c.status) ? null : <DueLight due={k.promisedDue} leftDays={k.leftDays} overdue={k.overdue} />}
    >
      <Row gutter={[12, 12]}>
        <Col xs={12} sm={8} md={4}><Statistic title="法定时限" value={k.legalDays} suffix="工作日" valueStyle={{ fontSize: 18 }} /></Col>
        <Col xs={12} sm={8} md={4}><Statistic title="承诺时限" value={k.promisedDays} suffix="工作日" valueStyle={{ fontSize: 18 }} /></Col>
        <Col xs={12} sm={8} md={4}><Statistic title="法定到期日" value={k.legalDue ?? (k.calendarPending ? '待定' : '—')} valueStyle={{ fontSize: 18 }} /></Col>
        <Col xs={12} sm={8} md={4}><Statistic title="承诺到期日" value={k.promisedDue ?? (k.calendarPending ? '待定' : '—')} valueStyle={{ fontSize: 18, color: k.overdue ? '#cf1322' : '#1a56a6' }} /></Col>
        <Col xs={12} sm={8} md={4}><Statistic title="已用 / 剩余" value={`${k.usedDays} / ${k.leftDays ?? '—'}`} suffix="工作日" valueStyle={{ fontSize: 18 }} /></Col>
        <Col xs={12} sm={8} md={4}><Statistic title="暂停 / 延期" value={`${k.pausedDays} / ${k.extensionDays}`} suffix="日" valueStyle={{ fontSize: 18 }} /></Col>
      </Row>
      {k.paused && <Alert type="info" showIcon style={{ marginTop: 8 }} title="特别程序期间，暂停计时" />}
      {k.calendarPending && <Alert type="warning" showIcon style={{ marginTop: 8 }} data-testid="calendar-pending" title="到期日落在尚未公布节假日安排的年份，待系统管理员导入该年安排后自动补算" />}
      {c.pauses.length > 0 && (
        <Table size="small" style={{ marginTop: 8 }} rowKey="id" pagination={false} dataSource={c.pauses} columns={[
          { title: '特别程序', dataIndex: 'kindName' },
          { title: '理由', dataIndex: 'reason' },
          { title: '预计', dataIndex: 'expectedDays', render: (d: number) => `${d} 日` },
          { title: '开始', dataIndex: 'startedAt', render: fmtDateTime },
          { title: '结束', dataIndex: 'endedAt', render: (e: string | null) => (e ? fmtDateTime(e) : <Tag color="green">进行中</Tag>) },
        ]} />
      )}
      {c.extensions.length > 0 && (
        <Table size="small" style={{ marginTop: 8 }} rowKey="id" pagination={false} dataSource={c.extensions} columns={[
          { title: '延期', dataIndex: 'days', render: (d: number) => `${d} 个工作日` },
          { title: '理由', dataIndex: 'reason' },
          { title: '批准人', dataIndex: 'approvedBy' },
          { title: '时间', dataIndex: 'at', render: fmtDateTime },
        ]} />
      )}
    </Card>
  )
}

/** 逐日说明: like the calendar page's explanation, from /api/cases/:id/clock/explain. */
export function ClockExplain({ c }: { c: CaseDetail }) {
  const ex = useClockExplain(c.id)
  return (
    <Card size="small" title="逐日说明（承诺期限）" data-testid="clock-explain">
      {ex.isPending ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : ex.isError ? (
        <Alert type="warning" showIcon title="逐日说明暂不可用" description={(ex.error as Error).message} />
      ) : !ex.data?.entries?.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未起算（受理后开始计时）" />
      ) : (
        <div style={{ maxHeight: 380, overflowY: 'auto', paddingTop: 6 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginBottom: 8 }}>
            {ex.data.from ? `自 ${ex.data.from}（受理日，当日不计入）起` : ''}
            {ex.data.days != null ? ` ${ex.data.days} 个工作日` : ''}
            {ex.data.due ? `，到期日 ${ex.data.due}` : ''}；周末、节假日、闭馆日和暂停期间不计入。
          </Typography.Text>
          <Timeline
            items={ex.data.entries.map((e) => {
              const s = KIND_STYLE[e.kind] ?? KIND_STYLE.workday
              const isDue = e.date === ex.data!.due
              const label = e.counted
                ? `第 ${e.ordinal ?? '?'} 个工作日`
                : `不计入 · ${e.name && !e.name.startsWith(s.label) ? `${s.label}：${e.name}` : (e.name ?? s.label)}`
              return {
                key: e.date,
                color: e.counted ? (isDue ? 'green' : 'blue') : e.kind === 'weekend' ? 'gray' : s.fg,
                content: (
                  <div data-testid={`explain-${e.date}`} data-counted={e.counted ? 'true' : 'false'} style={{ display: 'flex', flexWrap: 'wrap', gap: '2px 8px', alignItems: 'center', color: e.counted ? undefined : 'rgba(0,0,0,.5)' }}>
                    <span className="ow-mono" style={{ minWidth: 118, color: 'rgba(0,0,0,.88)' }}>{e.date} {weekdayName(e.date)}</span>
                    {e.kind !== 'workday' && <Tag color={s.tag} style={{ marginInlineEnd: 0 }}>{s.label}</Tag>}
                    <span>{label}{isDue && <b style={{ color: '#389e0d' }}> · 到期日</b>}</span>
                  </div>
                ),
              }
            })}
          />
        </div>
      )}
    </Card>
  )
}

export function StepsCard({ c }: { c: CaseDetail }) {
  const cur = c.steps.findIndex((s) => s.status === 'active')
  return (
    <Card size="small" title="办理环节" data-testid="steps-card">
      {c.steps.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未受理" />
      ) : (
        <Steps
          direction="vertical"
          size="small"
          current={cur < 0 ? c.steps.length : cur}
          items={c.steps.map((s) => ({
            title: (
              <Space size={6} wrap>
                <span>{s.name}</span>
                {s.due && (s.status === 'active' ? <DueLight due={s.due} /> : <Typography.Text type="secondary" className="ow-mono" style={{ fontSize: 12 }}>时限 {s.due}</Typography.Text>)}
              </Space>
            ),
            status: s.status === 'done' ? 'finish' : s.status === 'active' ? 'process' : 'wait',
            description: (
              <div style={{ fontSize: 12 }}>
                <div>{[s.unitName, s.assigneeName].filter(Boolean).join(' · ') || '—'} {s.completedAt ? `· ${fmtDateTime(s.completedAt)}` : s.startedAt ? `· ${fmtDateTime(s.startedAt)} 开始` : ''}</div>
                {s.opinion && (
                  <div style={{ color: 'rgba(0,0,0,.75)' }}>
                    {s.outcome === 'return' ? <Tag color="orange">退回</Tag> : s.outcome ? <Tag color="green">通过</Tag> : null}
                    意见：{s.opinion}
                  </div>
                )}
              </div>
            ),
          }))}
        />
      )}
      {c.decision && (
        <Alert style={{ marginTop: 8 }} type={c.decision.outcome === 'grant' ? 'success' : 'error'} showIcon title={`${c.decision.outcome === 'grant' ? '准予许可' : '不予许可'}（${c.decision.by}，${fmtDateTime(c.decision.at)}）`} description={c.decision.reasons ?? undefined} />
      )}
    </Card>
  )
}

export function MaterialsCard({ c }: { c: CaseDetail }) {
  return (
    <Card size="small" title={`申请材料（${c.materials.length}）`} data-testid="materials-card">
      <Table size="small" rowKey="id" pagination={false} dataSource={c.materials} scroll={{ x: 'max-content' }} locale={{ emptyText: '暂无材料' }} columns={[
        { title: '材料', dataIndex: 'name' },
        { title: '文件', dataIndex: 'fileName', render: (n: string, m) => <a href={materialUrl(c.id, m.id)} target="_blank" rel="noopener"><FileOutlined /> {n}</a> },
        { title: '大小', dataIndex: 'size', render: (s: number) => `${Math.max(1, Math.round(s / 1024))} KB` },
        { title: '来源', dataIndex: 'source', render: (s: string) => ({ upload: '上传', reuse: '复用', e_certificate: '电子证照' })[s] ?? s },
        { title: '时间', dataIndex: 'uploadedAt', render: fmtDateTime },
      ]} />
      {c.corrections.length > 0 && (
        <div style={{ marginTop: 8 }} data-testid="corrections">
          <Typography.Text strong>补正告知</Typography.Text>
          {c.corrections.map((k) => (
            <Alert key={k.id} style={{ marginTop: 6 }} type={k.suppliedAt ? 'success' : 'warning'} showIcon
              title={`${fmtDateTime(k.requestedAt)} ${k.stage === 'prereview' ? '预审退回' : '告知补正'} ${k.items.length} 项${k.suppliedAt ? `，${fmtDateTime(k.suppliedAt)} 已补正` : '，待申请人补正'}`}
              description={<ul style={{ margin: 0, paddingLeft: 18 }}>{k.items.map((i, n) => <li key={n}>{i.problem}</li>)}</ul>} />
          ))}
        </div>
      )}
    </Card>
  )
}

export function DocumentsCard({ c }: { c: CaseDetail }) {
  const fees = useCaseFees(c.id, !!c.feeOrder)
  const o = fees.data ?? c.feeOrder
  return (
    <Card size="small" title="文书与收费" data-testid="documents-card">
      {c.documents.length === 0 ? <Typography.Text type="secondary">暂无文书</Typography.Text> : (
        <Space direction="vertical" size={4}>
          {c.documents.map((d) => (
            <div key={d.id} style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
              <DocumentButtons caseId={c.id} doc={d} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{fmtDateTime(d.issuedAt)} · 核验码 <span className="ow-mono">{d.verificationCode}</span></Typography.Text>
            </div>
          ))}
        </Space>
      )}
      {o && (
        <>
          <Typography.Text strong style={{ display: 'block', marginTop: 10 }}>缴费单 {o.number}（{{ unpaid: '待缴费', paid: '已缴费', waived: '已减免', cancelled: '已作废' }[o.status]}）</Typography.Text>
          <Table size="small" rowKey="ruleKey" pagination={false} dataSource={o.lines} columns={[
            { title: '收费项目', dataIndex: 'name' },
            { title: '数量', dataIndex: 'quantity' },
            { title: '金额', dataIndex: 'amountCents', render: yuan },
            { title: '减免', dataIndex: 'exemptCents', render: (v: number, l) => (v ? `${yuan(v)}（${l.exemption ?? ''}）` : '—') },
            { title: '依据', dataIndex: 'basis', ellipsis: true },
          ]} summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={2}>实收</Table.Summary.Cell>
              <Table.Summary.Cell index={2} colSpan={3}><b>{yuan(o.payableCents)}</b>（已收 {yuan(o.paidCents)}）</Table.Summary.Cell>
            </Table.Summary.Row>
          )} />
          {(o.payments ?? []).map((p, i) => (
            <div key={i} style={{ fontSize: 12, marginTop: 4 }}>收款：{PAY_METHOD[p.method] ?? p.method} {yuan(p.amountCents)} {p.reference ?? ''} · {fmtDateTime(p.at)}{p.recordedByName ? ` · ${p.recordedByName}` : ''}</div>
          ))}
        </>
      )}
      {c.delivery && (
        <Typography.Paragraph style={{ marginTop: 10, marginBottom: 0 }}>
          送达：{DELIVERY_METHOD[c.delivery.method] ?? c.delivery.method}
          {c.delivery.centreName ? ` · ${c.delivery.centreName}` : ''}
          {c.delivery.trackingNumber ? ` · 运单号 ${c.delivery.trackingNumber}` : ''}
          {c.delivery.deliveredAt ? ` · ${fmtDateTime(c.delivery.deliveredAt)}` : ''}
        </Typography.Paragraph>
      )}
    </Card>
  )
}

export function TimelineCard({ c }: { c: CaseDetail }) {
  const t = useCaseTimeline(c.id)
  return (
    <Card size="small" title="办理过程（审计留痕）" data-testid="timeline-card">
      {t.isPending ? <Skeleton active /> : t.isError ? <Alert type="warning" showIcon title="办理过程暂不可用" /> : (
        <div style={{ maxHeight: 360, overflowY: 'auto', paddingTop: 6 }}>
          <Timeline items={(t.data?.items ?? []).map((e, i) => ({
            key: i,
            content: (
              <div style={{ fontSize: 13 }}>
                <span className="ow-mono" style={{ color: 'rgba(0,0,0,.5)', marginRight: 8 }}>{fmtDateTime(e.at)}</span>
                <b>{e.actorName ?? '系统'}</b> {e.summary}
              </div>
            ),
          }))} />
        </div>
      )}
    </Card>
  )
}

/** The whole case, two columns on a wide screen. */
export function CaseView({ c, actions }: { c: CaseDetail; actions?: React.ReactNode }) {
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <CaseHeader c={c} />
      {actions}
      <ClockCard c={c} />
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            <StepsCard c={c} />
            <MaterialsCard c={c} />
            <DocumentsCard c={c} />
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            <ClockExplain c={c} />
            <TimelineCard c={c} />
          </Space>
        </Col>
      </Row>
    </Space>
  )
}
