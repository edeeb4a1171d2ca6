/** 评价记录: every rating in the staff member's scope, with filters and xlsx export; the settings for administrators. */
import { useState } from 'react'
import { App, Button, Card, DatePicker, Form, InputNumber, Modal, Select, Space, Table, Tag } from 'antd'
import { DownloadOutlined, SettingOutlined } from '@ant-design/icons'
import type { Dayjs } from 'dayjs'
import { hasRole, useMe } from '../../../hooks/api/auth'
import {
  CHANNEL_SHORT,
  RATING_STATUS_NAMES,
  SOURCE_NAMES,
  STAR_NAMES,
  ratingsXlsxUrl,
  usePutEvaluationSettings,
  useEvaluationSettings,
  useRatings,
  type EvaluationSettings,
  type RatingChannel,
  type RatingDto,
} from '../../../hooks/api/evaluation'
import { fmtDateTime } from '../../../lib/format'
import { FormError } from '../../../ui/FormError'
import { PageHeader } from '../../../ui/PageHeader'
import { UnitSelect } from '../../../ui/UnitSelect'
import { StarsTag } from '../shared/RatingForm'
import { indicatorText } from '../shared/bits'
import { Link } from 'react-router-dom'

function SettingsModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const settings = useEvaluationSettings(open)
  const put = usePutEvaluationSettings()
  const { message } = App.useApp()
  const [form] = Form.useForm<EvaluationSettings>()
  return (
    <Modal
      open={open}
      title="好差评设置"
      onCancel={onClose}
      okText="保存"
      confirmLoading={put.isPending}
      destroyOnHidden
      onOk={() => form.validateFields().then((v) => put.mutate(v, { onSuccess: () => { message.success('已保存'); onClose() } }))}
    >
      {put.error ? <FormError error={put.error} /> : null}
      {settings.data && (
        <Form form={form} layout="horizontal" labelCol={{ span: 10 }} initialValues={settings.data}>
          <Form.Item name="rectifyDays" label="差评整改期限（工作日）" rules={[{ required: true }]} extra="德州 5 个工作日，四川 15 个工作日"><InputNumber min={1} max={60} /></Form.Item>
          <Form.Item name="callbackDays" label="实名差评回访期限（工作日）" rules={[{ required: true }]}><InputNumber min={1} max={30} /></Form.Item>
          <Form.Item name="ratingWindowDays" label="评价有效期（办结后天数）" rules={[{ required: true }]}><InputNumber min={1} max={365} /></Form.Item>
          <Form.Item name="verdictDays" label="整改结果评价期限（天）" rules={[{ required: true }]}><InputNumber min={1} max={60} /></Form.Item>
        </Form>
      )}
    </Modal>
  )
}

export default function RatingsPage() {
  const me = useMe()
  const [channel, setChannel] = useState<RatingChannel | undefined>()
  const [stars, setStars] = useState<number | undefined>()
  const [unitId, setUnitId] = useState<number | undefined>()
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null)
  const [page, setPage] = useState({ page: 1, pageSize: 20 })
  const [settingsOpen, setSettingsOpen] = useState(false)
  const filter = { channel, stars, unitId, from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') }
  const list = useRatings({ ...filter, ...page })
  const admin = !!me.data && hasRole(me.data, ['centre_admin', 'system_admin'])
  const reset = () => setPage((p) => ({ ...p, page: 1 }))
  return (
    <div data-testid="ratings-page">
      <PageHeader
        title="评价记录"
        crumbs={['好差评', '评价记录']}
        subtitle="网上办事一事一评、窗口服务一次一评的全部评价。差评（不满意、非常不满意）自动转责任单位整改。"
        extra={
          <>
            <Button icon={<DownloadOutlined />} href={ratingsXlsxUrl(filter)} data-testid="ratings-export">导出 Excel</Button>
            {admin && <Button icon={<SettingOutlined />} onClick={() => setSettingsOpen(true)} data-testid="evaluation-settings">设置</Button>}
          </>
        }
      />
      <Card size="small">
        <Space wrap style={{ marginBottom: 10 }}>
          <Select allowClear placeholder="渠道" style={{ width: 130 }} value={channel} onChange={(v) => { setChannel(v); reset() }} options={(['online', 'window'] as const).map((c) => ({ value: c, label: CHANNEL_SHORT[c] }))} />
          <Select allowClear placeholder="评价等级" style={{ width: 150 }} value={stars} onChange={(v) => { setStars(v); reset() }} options={[5, 4, 3, 2, 1].map((s) => ({ value: s, label: `${s}星 ${STAR_NAMES[s as 1]}` }))} data-testid="filter-stars" />
          <UnitSelect value={unitId ?? null} onChange={(v) => { setUnitId(v ?? undefined); reset() }} placeholder="责任单位或窗口" style={{ width: 240 }} />
          <DatePicker.RangePicker value={range} onChange={(v) => { setRange(v as [Dayjs | null, Dayjs | null] | null); reset() }} placeholder={['评价起', '评价止']} />
        </Space>
        <Table<RatingDto>
          size="small"
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          onRow={(r) => ({ 'data-testid': `rating-row-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
          pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, showTotal: (t) => `共 ${t} 条`, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
          columns={[
            { title: '评价时间', dataIndex: 'createdAt', render: (v: string) => fmtDateTime(v) },
            { title: '渠道', dataIndex: 'channel', render: (v: RatingChannel, r) => `${CHANNEL_SHORT[v]} · ${SOURCE_NAMES[r.source]}` },
            { title: '评价', dataIndex: 'stars', render: (v: number, r) => <StarsTag stars={v} name={r.starsName} /> },
            { title: '分项', key: 'ind', render: (_: unknown, r) => <span style={{ fontSize: 12 }}>{indicatorText(r)}</span> },
            { title: '评价内容', dataIndex: 'comment', width: 220, render: (v: string | null) => v ?? '—' },
            { title: '办件 / 服务', key: 'subject', render: (_: unknown, r) => (r.caseId ? <Link to={`/desk/cases/${r.caseId}`}>{r.caseNumber}</Link> : r.itemName ?? '—') },
            { title: '责任单位', dataIndex: 'unitName' },
            { title: '窗口 / 人员', key: 'w', render: (_: unknown, r) => [r.windowName, r.staffName].filter(Boolean).join(' · ') || '—' },
            { title: '评价人', dataIndex: 'raterName', render: (v: string | null, r) => (v ? `${v}${r.realName ? '（实名）' : ''}` : '匿名') },
            {
              title: '状态',
              dataIndex: 'status',
              render: (v: RatingDto['status'], r) => (
                <Space size={4}>
                  <Tag color={v === 'void' ? 'default' : v === 'appealed' ? 'purple' : 'green'}>{RATING_STATUS_NAMES[v]}</Tag>
                  {r.rectificationId && <Link to={`/desk/evaluation/rectifications/${r.rectificationId}`}>整改</Link>}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <SettingsModal open={settingsOpen} onClose={() => setSettingsOpen(false)} />
    </div>
  )
}
