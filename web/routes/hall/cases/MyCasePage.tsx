/**
 * 办件详情 (applicant): the status and the path of the case as steps, the clock (承诺办结日期,
 * used/left working days, pauses), the one-time correction notice with re-upload and 提交补正,
 * the notices and the result to download, the fee order with 在线缴费, delivery, materials,
 * the timeline, and 撤回申请.
 */
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { Alert, App, Button, Card, Col, Descriptions, Empty, Input, Modal, Progress, Result, Row, Skeleton, Space, Steps, Table, Tag, Timeline, Typography } from 'antd'
import { DownloadOutlined, EditOutlined, FileProtectOutlined, PayCircleOutlined, RollbackOutlined, SafetyCertificateOutlined } from '@ant-design/icons'
import {
  useCase,
  useCaseFees,
  useCaseTimeline,
  useCatalogItem,
  usePayOrder,
  useSubmitCase,
  useSupplyCorrection,
  useDeliverDownload,
  useWithdrawCase,
  type CaseDetail,
  type FeeOrder,
} from '../../../hooks/api/hall'
import { ApiError, errorMessage } from '../../../lib/api'
import { fmtDate, fmtDateTime } from '../../../lib/format'
import { FormError } from '../../../ui/FormError'
import { PageHeader } from '../../../ui/PageHeader'
import { useIsPhone } from '../../../ui/useIsPhone'
import { DOC_KIND_NAMES, StatusTag, fileSize, yuan } from '../shared/labels'
import { MaterialRow } from '../shared/MaterialRow'
import { materialsOf, type ApplyForm } from '../shared/materials'
import { CaseRatingCard } from '../../evaluation/hall/CaseRatingCard'

const FEE_STATUS: Record<FeeOrder['status'], { text: string; color: string }> = {
  unpaid: { text: '待缴费', color: 'orange' },
  paid: { text: '已缴费', color: 'green' },
  waived: { text: '免缴', color: 'blue' },
  cancelled: { text: '已作废', color: 'default' },
}

const DELIVERY_NAMES: Record<string, string> = { pickup: '选地取件', post: '邮寄送达', download: '网上下载' }

/**
 * The path of the case: 网上申请 (or 窗口收件), 预审 for online cases, then the steps of the case —
 * or, before intake has created them, the item's steps as they will come.
 */
function CasePath({ c, guideSteps, vertical }: { c: CaseDetail; guideSteps: { key: string; name: string }[]; vertical: boolean }) {
  type St = 'finish' | 'process' | 'wait' | 'error'
  const failed = c.status === 'refused' || c.status === 'withdrawn' || c.decision?.outcome === 'deny'
  const items: { title: string; status: St; description?: React.ReactNode }[] = []
  if (c.channel === 'online') {
    items.push({ title: '网上申请', status: c.submittedAt ? 'finish' : 'process', description: c.submittedAt ? fmtDate(c.submittedAt) : '填写中' })
    const pre: St = c.receivedAt ? 'finish' : c.status === 'submitted' || c.status === 'returned' ? (c.status === 'returned' ? 'error' : 'process') : c.status === 'withdrawn' ? 'wait' : 'wait'
    items.push({
      title: '预审',
      status: pre,
      description: c.receivedAt ? fmtDate(c.receivedAt) : c.status === 'returned' ? '退回补充' : c.prereviewDue ? `期限 ${fmtDate(c.prereviewDue)}` : undefined,
    })
  } else {
    items.push({ title: '窗口收件', status: 'finish', description: fmtDate(c.receivedAt) })
  }
  if (c.steps.length > 0) {
    for (const s of c.steps) {
      items.push({
        title: s.name,
        status: s.status === 'done' || s.status === 'skipped' ? 'finish' : s.status === 'active' ? (failed ? 'error' : 'process') : 'wait',
        description: (
          <div style={{ fontSize: 12 }}>
            {s.unitName && <div>{s.unitName}</div>}
            {s.completedAt ? <div>{fmtDate(s.completedAt)}{s.status === 'skipped' ? ' 无需办理' : ' 完成'}</div> : s.due ? <div>期限 {fmtDate(s.due)}</div> : null}
          </div>
        ),
      })
    }
  } else {
    for (const s of guideSteps) {
      const atIntake = s.key === 'intake' && (c.status === 'received' || c.status === 'correction_requested')
      items.push({
        title: s.name,
        status: c.status === 'refused' && s.key === 'intake' ? 'error' : atIntake ? 'process' : 'wait',
        description: atIntake ? (c.status === 'correction_requested' ? '待补正' : '待受理') : undefined,
      })
    }
  }
  if (c.status === 'withdrawn') items.push({ title: '已撤回', status: 'error' })
  if (c.status === 'delivered') items.push({ title: '已送达', status: 'finish', description: fmtDate(c.deliveredAt) })
  return <Steps size="small" orientation={vertical ? 'vertical' : 'horizontal'} titlePlacement={vertical ? undefined : 'vertical'} items={items} data-testid="case-steps" />
}

/** '李明华(371402198806152317)' → '李明华': the audit's actor label carries the login name */
function actorLabel(name: string | null): string {
  return (name ?? '').replace(/[（(][0-9A-Za-z]{6,}[)）]$/, '')
}

/** '3714002026112100001：上传材料…' → '上传材料…' (the case number is already on the page) */
function summaryText(summary: string, number: string): string {
  return summary.startsWith(`${number}：`) ? summary.slice(number.length + 1) : summary
}

function DeliverDownload({ id }: { id: number }) {
  const deliver = useDeliverDownload()
  const { message } = App.useApp()
  return (
    <div style={{ marginTop: 10 }}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 6 }}>
        办理结果已生成。选择网上下载即视为已送达；如需窗口领取或邮寄，请联系办理窗口登记。
      </Typography.Paragraph>
      {deliver.error ? <FormError error={deliver.error} /> : null}
      <Button block loading={deliver.isPending} onClick={() => deliver.mutate(id, { onSuccess: () => message.success('已确认网上下载') })} data-testid="deliver-download">
        确认网上下载领取
      </Button>
    </div>
  )
}

function ClockCard({ c }: { c: CaseDetail }) {
  const k = c.clock
  const total = k.promisedDays + k.extensionDays
  const pct = total > 0 ? Math.min(100, Math.round((k.usedDays / total) * 100)) : 0
  return (
    <Card size="small" title="办理时限" style={{ marginBottom: 12 }} data-testid="case-clock">
      {c.instant ? (
        <Typography.Text>即办件：受理后当场办结。</Typography.Text>
      ) : !k.start ? (
        <Typography.Text type="secondary">
          {c.status === 'submitted' && c.prereviewDue ? `中心将于 ${fmtDate(c.prereviewDue)} 前完成预审。` : ''}
          受理后开始计算办理时限（承诺 {k.promisedDays} 个工作日，法定 {k.legalDays} 个工作日）。
        </Typography.Text>
      ) : (
        <>
          <div style={{ display: 'flex', alignItems: 'baseline', gap: 8, flexWrap: 'wrap' }}>
            <span style={{ color: 'rgba(0,0,0,0.6)' }}>承诺办结日期</span>
            <b style={{ fontSize: 22, color: k.overdue ? '#cf1322' : '#1a56a6' }} data-testid="case-promised-due">
              {k.promisedDue ? fmtDate(k.promisedDue) : k.calendarPending ? '待定' : fmtDate(k.promisedDue)}
            </b>
            {k.calendarPending && <Tag color="gold">到期日待该年度节假日安排公布后确定</Tag>}
            {k.paused && <Tag color="purple">特别程序中 · 暂停计时</Tag>}
            {k.overdue && <Tag color="red">已超期</Tag>}
          </div>
          <Progress percent={pct} showInfo={false} status={k.overdue ? 'exception' : 'active'} style={{ margin: '6px 0' }} />
          <Descriptions
            size="small"
            column={2}
            items={[
              { key: 'u', label: '已用', children: `${k.usedDays} 个工作日` },
              { key: 'l', label: '剩余', children: k.leftDays === null ? '—' : `${k.leftDays} 个工作日` },
              { key: 's', label: '起算日', children: fmtDate(k.start) },
              { key: 'ld', label: '法定期限', children: k.legalDue ? fmtDate(k.legalDue) : k.calendarPending ? '待该年度节假日安排公布后确定' : fmtDate(k.legalDue) },
              { key: 'p', label: '暂停', children: `${k.pausedDays} 天` },
              { key: 'e', label: '延期', children: k.extensionDays ? `${k.extensionDays} 个工作日` : '无' },
            ]}
          />
        </>
      )}
    </Card>
  )
}

function FeeCard({ c }: { c: CaseDetail }) {
  const fees = useCaseFees(c.id)
  const pay = usePayOrder()
  const order = fees.data ?? c.feeOrder
  if (!order) return null
  const st = FEE_STATUS[order.status]
  return (
    <Card size="small" title="缴费" style={{ marginBottom: 12 }} data-testid="case-fees" extra={<Tag color={st.color} data-testid="fee-status">{st.text}</Tag>}>
      <Table
        size="small"
        pagination={false}
        rowKey="ruleKey"
        dataSource={order.lines}
        columns={[
          { title: '收费项目', dataIndex: 'name' },
          { title: '数量', dataIndex: 'quantity', width: 60 },
          { title: '金额', dataIndex: 'amountCents', align: 'right' as const, render: (v: number) => yuan(v) },
          { title: '减免', dataIndex: 'exemptCents', align: 'right' as const, render: (v: number) => (v ? `-${yuan(v)}` : '—') },
        ]}
      />
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginTop: 10, flexWrap: 'wrap', gap: 8 }}>
        <span>
          缴费单号 <span className="ow-mono">{order.number}</span>
          <br />
          应缴 <b style={{ color: '#cf1322', fontSize: 16 }}>{yuan(order.payableCents)}</b>
          {order.paidAt && <span style={{ color: 'rgba(0,0,0,0.55)' }}> · {fmtDateTime(order.paidAt)} 已缴 {yuan(order.paidCents)}</span>}
        </span>
        {order.status === 'unpaid' && (
          <Button
            type="primary"
            icon={<PayCircleOutlined />}
            loading={pay.isPending}
            onClick={() => pay.mutate(order.id, { onSuccess: (r) => window.location.assign(r.redirectUrl) })}
            data-testid="pay-online"
          >
            在线缴费
          </Button>
        )}
      </div>
      {pay.error ? <FormError error={pay.error} style={{ marginTop: 8, marginBottom: 0 }} /> : null}
    </Card>
  )
}

function CorrectionCard({ c }: { c: CaseDetail }) {
  const open = [...c.corrections].reverse().find((x) => !x.suppliedAt)
  const supply = useSupplyCorrection()
  const resubmit = useSubmitCase()
  const { message } = App.useApp()
  const [note, setNote] = useState('')
  const materials = materialsOf(c, undefined)
  const canSupply = c.allowedActions.includes('supply_correction')
  const canResubmit = c.status === 'returned' && c.allowedActions.includes('submit')
  const pending = materials.filter((m) => m.pending)
  if (!open && !(canSupply && pending.length > 0)) return null
  const items = open?.items ?? pending.map((m) => ({ materialKey: m.key, problem: `容缺材料，请于 ${fmtDate(c.conditionalDue ?? null)} 前补齐` }))
  const keys = new Set(items.map((i) => i.materialKey).filter(Boolean) as string[])
  const problemOf = (key: string) => items.filter((i) => i.materialKey === key).map((i) => i.problem).join('；')
  const asked = materials.filter((m) => keys.has(m.key))
  const editable = canSupply || canResubmit
  const title = !open ? '容缺受理 · 待补材料' : c.status === 'returned' ? '预审退回 · 一次性告知' : '补正告知 · 一次性告知'
  return (
    <Card size="small" title={<span style={{ color: '#ad6800' }}>{title}</span>} style={{ marginBottom: 12, borderColor: '#ffd666' }} data-testid="correction-card">
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        {open
          ? `${fmtDateTime(open.requestedAt)}，办理机关一次性告知您需要补正的全部内容如下。请按要求重新上传后点击“${canResubmit ? '重新提交' : '提交补正'}”。`
          : `本件已容缺受理，请在 ${fmtDate(c.conditionalDue ?? null)} 前补齐以下材料，逾期未补齐的按撤回处理。`}
      </Typography.Paragraph>
      <ol style={{ paddingInlineStart: 20, marginBottom: 10 }}>
        {items.map((i, n) => (
          <li key={n} data-testid="correction-item" data-material-key={i.materialKey ?? ''}>
            {i.materialKey ? <b>{materials.find((m) => m.key === i.materialKey)?.name ?? i.materialKey}：</b> : <b>其他：</b>}
            {i.problem}
          </li>
        ))}
      </ol>
      {asked.map((m, i) => (
        <MaterialRow key={m.key} index={i} caseId={c.id} material={m} uploaded={c.materials.filter((x) => x.materialKey === m.key)} editable={editable} problem={problemOf(m.key)} since={open?.requestedAt ?? null} />
      ))}
      {canSupply && (
        <div style={{ marginTop: 12 }}>
          <Input.TextArea rows={2} placeholder="补正说明（选填）" value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} style={{ marginBottom: 8 }} data-testid="correction-note" />
          {supply.error ? <FormError error={supply.error} /> : null}
          <Button
            type="primary"
            loading={supply.isPending}
            onClick={() => supply.mutate({ id: c.id, note: note.trim() || undefined }, { onSuccess: () => message.success('补正材料已提交，请等待审核') })}
            data-testid="supply-correction"
          >
            提交补正
          </Button>
        </div>
      )}
      {canResubmit && (
        <div style={{ marginTop: 12 }}>
          {resubmit.error ? <FormError error={resubmit.error} /> : null}
          <Button type="primary" loading={resubmit.isPending} onClick={() => resubmit.mutate(c.id, { onSuccess: () => message.success('已重新提交，请等待预审') })} data-testid="resubmit">
            重新提交
          </Button>
        </div>
      )}
    </Card>
  )
}

export default function MyCasePage() {
  const { id } = useParams()
  const caseId = Number(id)
  const valid = Number.isInteger(caseId) && caseId > 0
  const kase = useCase(valid ? caseId : null)
  const timeline = useCaseTimeline(valid && kase.data ? caseId : null)
  const withdraw = useWithdrawCase()
  const isPhone = useIsPhone()
  const navigate = useNavigate()
  const { message } = App.useApp()
  const [withdrawOpen, setWithdrawOpen] = useState(false)
  const [reason, setReason] = useState('')
  const c = kase.data
  const item = useCatalogItem(c?.itemId ?? null)

  if (!valid || kase.isError) {
    const notFound = !valid || (kase.error instanceof ApiError && kase.error.status === 404)
    return <Result status={notFound ? '404' : 'error'} title={notFound ? '未找到该办件' : '办件加载失败'} subTitle={notFound ? undefined : errorMessage(kase.error)} extra={<Link to="/my/cases"><Button type="primary">返回我的办件</Button></Link>} />
  }
  if (!c) return <Card><Skeleton active paragraph={{ rows: 12 }} /></Card>

  const pref = (c.form ?? {}) as ApplyForm
  const result = c.documents.filter((d) => d.kind === 'result')
  const canWithdraw = c.allowedActions.includes('withdraw')
  const activeStep = c.steps.find((s) => s.status === 'active')

  return (
    <div data-testid="my-case-page" data-case-id={c.id} data-status={c.status}>
      <PageHeader
        title={
          <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
            {c.itemName} <StatusTag status={c.status} name={c.statusName} />
          </span>
        }
        crumbs={['办事大厅', '我的办件', c.number]}
        subtitle={
          <>
            办件编号 <span className="ow-mono" data-testid="case-number">{c.number}</span> · {c.departmentName} · {c.channel === 'online' ? '网上申请' : '窗口申请'}
          </>
        }
        extra={
          <>
            {c.status === 'draft' && (
              <Button type="primary" icon={<EditOutlined />} onClick={() => navigate(`/my/apply/${c.itemId}?case=${c.id}`)} data-testid="continue-draft">
                继续填写
              </Button>
            )}
            <Link to={`/hall/items/${c.itemId}`}>
              <Button>办事指南</Button>
            </Link>
            {canWithdraw && (
              <Button danger icon={<RollbackOutlined />} onClick={() => setWithdrawOpen(true)} data-testid="withdraw">
                撤回申请
              </Button>
            )}
          </>
        }
      />

      {c.status === 'refused' && c.decision === null && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title="申请不予受理" description="不予受理的理由和救济途径详见《不予受理通知书》，可在下方“文书与结果”中下载。" />
      )}
      {c.decision && (
        <Alert
          type={c.decision.outcome === 'grant' ? 'success' : 'error'}
          showIcon
          style={{ marginBottom: 12 }}
          title={c.decision.outcome === 'grant' ? `准予许可（${fmtDate(c.decision.at)}）` : `不予许可（${fmtDate(c.decision.at)}）`}
          description={c.decision.reasons ?? (c.decision.outcome === 'grant' ? (result.length ? '办理结果已生成，可在下方下载。' : '办结后可下载办理结果。') : undefined)}
          data-testid="case-decision"
        />
      )}

      <Row gutter={[12, 0]}>
        <Col xs={24} xl={16}>
          <Card size="small" title="办理进度" style={{ marginBottom: 12 }}>
            <CasePath c={c} guideSteps={item.data?.current.guide.steps ?? []} vertical={isPhone} />
            {activeStep && (
              <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>
                当前环节：<b data-testid="case-current-step">{activeStep.name}</b>
                {activeStep.unitName ? `（${activeStep.unitName}）` : ''}
                {activeStep.due ? `，环节期限 ${fmtDate(activeStep.due)}` : ''}
              </Typography.Paragraph>
            )}
            {c.pauses.filter((p) => !p.endedAt).map((p) => (
              <Alert key={p.id} type="info" showIcon style={{ marginTop: 10 }} title={`特别程序：${p.kindName}（预计 ${p.expectedDays} 个工作日，所需时间不计入办理时限）`} description={p.reason} />
            ))}
            {c.extensions.map((e) => (
              <Alert key={e.id} type="warning" showIcon style={{ marginTop: 10 }} title={`延长办理期限 ${e.days} 个工作日（${fmtDate(e.at)}，经 ${e.approvedBy} 批准）`} description={e.reason} />
            ))}
          </Card>

          <CorrectionCard c={c} />
          {(c.status === 'completed' || c.status === 'delivered') && <CaseRatingCard caseId={c.id} />}
          {isPhone && (
            <>
              <ClockCard c={c} />
              <FeeCard c={c} />
            </>
          )}

          <Card size="small" title="文书与结果" style={{ marginBottom: 12 }} data-testid="case-documents">
            {c.documents.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无文书，受理、补正、办结等环节的文书会在这里提供下载" />
            ) : (
              <div>
                {c.documents.map((d) => (
                  <div key={d.id} style={{ display: 'flex', alignItems: 'center', gap: 10, padding: '8px 0', borderBottom: '1px solid #f0f0f0', flexWrap: 'wrap' }}>
                    {d.kind === 'result' ? <FileProtectOutlined style={{ color: '#389e0d', fontSize: 18 }} /> : <DownloadOutlined style={{ color: '#1a56a6' }} />}
                    <div style={{ flex: '1 1 200px', minWidth: 0 }}>
                      <a href={`/api/cases/${c.id}/documents/${d.id}.pdf`} target="_blank" rel="noreferrer" data-testid={`doc-${d.kind}`} style={{ fontWeight: d.kind === 'result' ? 600 : undefined }}>
                        {d.title || DOC_KIND_NAMES[d.kind] || d.kind}
                      </a>
                      <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.5)' }}>
                        {DOC_KIND_NAMES[d.kind] ?? d.kind} · {fmtDateTime(d.issuedAt)}
                      </div>
                    </div>
                    <Link to={`/verify/${d.verificationCode}`} style={{ fontSize: 12 }}>
                      <SafetyCertificateOutlined /> 核验
                    </Link>
                  </div>
                ))}
              </div>
            )}
          </Card>

          <Card size="small" title={`申请材料（${c.materials.length} 份）`} style={{ marginBottom: 12 }}>
            {c.materials.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未上传材料" />
            ) : isPhone ? (
              <div>
                {c.materials.map((m) => (
                  <div key={m.id} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}>
                    <div style={{ fontWeight: 500 }}>{m.name}</div>
                    <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)', display: 'flex', gap: 8, flexWrap: 'wrap' }}>
                      <a href={`/api/cases/${c.id}/materials/${m.id}/file`} target="_blank" rel="noreferrer" style={{ wordBreak: 'break-all' }}>
                        {m.fileName}
                      </a>
                      <span>{fileSize(m.size)}</span>
                      <span>{m.source === 'upload' ? '上传' : m.source === 'reuse' ? '复用' : '电子证照'}</span>
                      <span>{fmtDateTime(m.uploadedAt)}</span>
                    </div>
                  </div>
                ))}
              </div>
            ) : (
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={c.materials}
                scroll={{ x: 560 }}
                columns={[
                  { title: '材料', dataIndex: 'name' },
                  { title: '文件', dataIndex: 'fileName', render: (v: string, m) => <a href={`/api/cases/${c.id}/materials/${m.id}/file`} target="_blank" rel="noreferrer">{v}</a> },
                  { title: '大小', dataIndex: 'size', width: 90, render: (v: number) => fileSize(v) },
                  { title: '来源', dataIndex: 'source', width: 90, render: (v: string) => (v === 'upload' ? '上传' : v === 'reuse' ? '复用' : '电子证照') },
                  { title: '时间', dataIndex: 'uploadedAt', width: 160, render: (v: string) => fmtDateTime(v) },
                ]}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          {!isPhone && (
            <>
              <ClockCard c={c} />
              <FeeCard c={c} />
            </>
          )}
          <Card size="small" title="结果领取" style={{ marginBottom: 12 }} data-testid="case-delivery">
            {c.delivery ? (
              <Descriptions
                size="small"
                column={1}
                items={[
                  { key: 'm', label: '方式', children: DELIVERY_NAMES[c.delivery.method] ?? c.delivery.method },
                  ...(c.delivery.centreName ? [{ key: 'c', label: '取件地点', children: c.delivery.centreName }] : []),
                  ...(c.delivery.address ? [{ key: 'a', label: '邮寄地址', children: c.delivery.address }] : []),
                  ...(c.delivery.trackingNumber ? [{ key: 't', label: '快递单号', children: <span className="ow-mono">{c.delivery.trackingNumber}</span> }] : []),
                  { key: 'd', label: '送达时间', children: fmtDateTime(c.delivery.deliveredAt) },
                ]}
              />
            ) : pref.delivery ? (
              <Descriptions
                size="small"
                column={1}
                items={[
                  { key: 'm', label: '申请时选择', children: DELIVERY_NAMES[pref.delivery.method] ?? pref.delivery.method },
                  ...(pref.delivery.centreName ? [{ key: 'c', label: '取件地点', children: pref.delivery.centreName }] : []),
                  ...(pref.delivery.address ? [{ key: 'a', label: '邮寄地址', children: pref.delivery.address }] : []),
                ]}
              />
            ) : (
              <Typography.Text type="secondary">办结后可选择选地取件、邮寄送达或网上下载。</Typography.Text>
            )}
            {c.status === 'completed' && !c.delivery && result.length > 0 && <DeliverDownload id={c.id} />}
            {result.length > 0 && (
              <a href={`/api/cases/${c.id}/documents/${result[0]!.id}.pdf`} target="_blank" rel="noreferrer">
                <Button type="primary" block icon={<DownloadOutlined />} style={{ marginTop: 10 }}>
                  下载办理结果
                </Button>
              </a>
            )}
          </Card>
          <Card size="small" title="办件信息" style={{ marginBottom: 12 }}>
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'a', label: '申请人', children: c.applicant.name },
                { key: 'i', label: '证件号码', children: <span className="ow-mono">{c.applicant.idNumberMasked}</span> },
                { key: 's', label: '提交时间', children: fmtDateTime(c.submittedAt) },
                { key: 'r', label: '收件时间', children: fmtDateTime(c.receivedAt) },
                { key: 'ac', label: '受理时间', children: fmtDateTime(c.acceptedAt) },
                { key: 'd', label: '决定时间', children: fmtDateTime(c.decidedAt) },
                { key: 'co', label: '办结时间', children: fmtDateTime(c.completedAt) },
                { key: 'ph', label: '咨询电话', children: item.data?.current.guide.consultPhone ?? '12345' },
              ]}
            />
          </Card>
          <Card size="small" title="办理记录" style={{ marginBottom: 12 }} data-testid="case-timeline">
            {timeline.isPending ? (
              <Skeleton active paragraph={{ rows: 4 }} title={false} />
            ) : timeline.isError ? (
              <Typography.Text type="secondary">办理记录暂不可用</Typography.Text>
            ) : (timeline.data ?? []).length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无记录" />
            ) : (
              <Timeline
                style={{ marginTop: 8 }}
                items={[...timeline.data!].reverse().map((t, i) => ({
                  key: i,
                  color: i === 0 ? 'blue' : 'gray',
                  content: (
                    <div>
                      <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.5)' }}>
                        {fmtDateTime(t.at)}
                        {t.actorName ? ` · ${actorLabel(t.actorName)}` : ''}
                      </div>
                      <div>{summaryText(t.summary, c.number)}</div>
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>

      <Modal
        title="撤回申请"
        open={withdrawOpen}
        onCancel={() => setWithdrawOpen(false)}
        okText="确认撤回"
        okButtonProps={{ danger: true, loading: withdraw.isPending, ...({ 'data-testid': 'withdraw-confirm' } as Record<string, string>) }}
        cancelText="取消"
        onOk={() =>
          withdraw.mutate(
            { id: c.id, reason: reason.trim() || undefined },
            {
              onSuccess: () => {
                setWithdrawOpen(false)
                message.success('申请已撤回')
              },
            },
          )
        }
      >
        <Typography.Paragraph>撤回后本申请终止办理，如需办理请重新申请。确定撤回吗？</Typography.Paragraph>
        <Input.TextArea rows={3} placeholder="撤回原因（选填）" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
        {withdraw.error ? <FormError error={withdraw.error} style={{ marginTop: 12, marginBottom: 0 }} /> : null}
      </Modal>
    </div>
  )
}
