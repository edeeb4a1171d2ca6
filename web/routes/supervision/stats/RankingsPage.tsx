/**
 * 效能排行: weekly and monthly rankings of departments, windows and staff; the 公平视图 (each unit against
 * its own items' history, relativeSpeed); publishing to the public page; quarterly grades with their
 * thresholds; the monthly e-supervision report (PDF).
 */
import { useState } from 'react'
import dayjs, { type Dayjs } from 'dayjs'
import { App, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Segmented, Space, Switch, Table, Tabs, Tag, Tooltip, Typography } from 'antd'
import { DownloadOutlined, FilePdfOutlined, GlobalOutlined, QuestionCircleOutlined } from '@ant-design/icons'
import { PageHeader } from '../../../ui/PageHeader'
import { errorMessage } from '../../../lib/api'
import { hasRole, useMe } from '../../../hooks/api/auth'
import {
  DEFAULT_GRADE_THRESHOLDS,
  GRADE_NAMES,
  RANKING_SCOPE_NAMES,
  gradesXlsxUrl,
  num,
  pct,
  rankingXlsxUrl,
  reportPdfUrl,
  useGrades,
  usePublishRanking,
  useRanking,
  useSaveStatsSettings,
  useStatsSettings,
  type Grade,
  type GradeRow,
  type GradeThresholds,
  type RankingRow,
  type RankingScope,
} from '../../../hooks/api/stats'
import { PUBLISH_ROLES } from '../shared/bits'

const GRADE_COLORS: Record<Grade, string> = { excellent: 'green', good: 'blue', pass: 'gold', fail: 'red' }

export function rankingColumns(scope: RankingScope, fair: boolean) {
  return [
    { title: '名次', dataIndex: 'rank', width: 60, render: (r: number) => <b data-testid="rank">{r}</b> },
    { title: RANKING_SCOPE_NAMES[scope], dataIndex: 'name', render: (n: string, r: RankingRow) => <>{n}{r.parentName ? <Typography.Text type="secondary" style={{ fontSize: 12 }}> · {r.parentName}</Typography.Text> : null}</> },
    { title: '综合得分', dataIndex: 'score', align: 'right' as const, render: (v: number) => <b>{v.toFixed(1)}</b> },
    { title: '办件量', dataIndex: 'handled', align: 'right' as const },
    { title: '按时办结率', dataIndex: 'onTimeRate', align: 'right' as const, render: (v: number | null) => pct(v) },
    { title: '提前办结', dataIndex: 'completedEarly', align: 'right' as const },
    { title: '平均工作日', dataIndex: 'avgWorkdays', align: 'right' as const, render: (v: number | null) => num(v) },
    ...(fair
      ? [{
          title: <Tooltip title="本单位平均办理工作日 ÷ 同类事项近12个月全市平均；小于 1 表示快于常态">相对速度 <QuestionCircleOutlined /></Tooltip>,
          dataIndex: 'relativeSpeed',
          align: 'right' as const,
          render: (v: number | null) => (v == null ? '—' : <Typography.Text type={v <= 1 ? 'success' : 'danger'}>{v.toFixed(2)}</Typography.Text>),
        }]
      : []),
    { title: '件均补正', dataIndex: 'correctionsPerCase', align: 'right' as const, render: (v: number | null) => num(v, 2) },
    { title: '告警', dataIndex: 'alerts', align: 'right' as const },
    { title: '黄红牌', dataIndex: 'cards', align: 'right' as const, render: (v: number) => (v > 0 ? <Tag color="red">{v}</Tag> : 0) },
    { title: '满意率', dataIndex: 'satisfactionRate', align: 'right' as const, render: (v: number | null) => pct(v, 2) },
  ]
}

function RankingTab({ scope }: { scope: RankingScope }) {
  const { message } = App.useApp()
  const user = useMe().data!
  const [period, setPeriod] = useState<'week' | 'month'>('week')
  const [date, setDate] = useState<Dayjs>(dayjs())
  const [fair, setFair] = useState(false)
  const [title, setTitle] = useState('')
  const [publishing, setPublishing] = useState(false)
  const q = { scope, period, date: date.format('YYYY-MM-DD'), fair }
  const ranking = useRanking(q)
  const publish = usePublishRanking()
  const r = ranking.data
  const defaultTitle = `${r ? `${r.from} 至 ${r.to}` : ''} ${RANKING_SCOPE_NAMES[scope]}效能排行榜${fair ? '（公平视图）' : ''}`.trim()

  const doPublish = async () => {
    try {
      const p = await publish.mutateAsync({ ...q, title: title.trim() || defaultTitle })
      message.success(`已发布：${p.title}`)
      setPublishing(false)
    } catch (e) {
      message.error(errorMessage(e))
    }
  }

  return (
    <>
      <Space wrap style={{ marginBottom: 8 }}>
        <Segmented<'week' | 'month'> value={period} onChange={setPeriod} options={[{ value: 'week', label: '周榜' }, { value: 'month', label: '月榜' }]} />
        <DatePicker picker={period} value={date} onChange={(d) => d && setDate(d)} allowClear={false} />
        <Space size={4}>
          <Switch checked={fair} onChange={setFair} data-testid="fair-switch" />
          <Tooltip title="与本单位所办事项的历史水平相比，办理难度大的部门不因事项难而吃亏">公平视图</Tooltip>
        </Space>
        <Button icon={<DownloadOutlined />} href={rankingXlsxUrl(q)}>导出Excel</Button>
        {hasRole(user, PUBLISH_ROLES) && (
          <Button type="primary" icon={<GlobalOutlined />} onClick={() => { setTitle(defaultTitle); setPublishing(true) }} disabled={!r || r.rows.length === 0} data-testid="ranking-publish">
            发布到公开榜单
          </Button>
        )}
      </Space>
      {r && <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>统计期间 {r.from} 至 {r.to}</Typography.Paragraph>}
      <Table<RankingRow>
        size="small"
        rowKey="id"
        loading={ranking.isPending}
        dataSource={r?.rows ?? []}
        columns={rankingColumns(scope, fair)}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        data-testid={`ranking-${scope}`}
      />
      <Modal open={publishing} title="发布效能排行榜" okText="发布" cancelText="取消" onOk={doPublish} confirmLoading={publish.isPending} onCancel={() => setPublishing(false)}>
        <Typography.Paragraph>发布后将在办事大厅“效能排行”公开页面展示（不含个人敏感信息）。</Typography.Paragraph>
        <Input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={100} placeholder="榜单标题" />
      </Modal>
    </>
  )
}

function quarterOf(d: Dayjs): string {
  return `${d.year()}Q${Math.floor(d.month() / 3) + 1}`
}

function ThresholdsModal({ open, value, onClose }: { open: boolean; value: GradeThresholds; onClose: () => void }) {
  const { message } = App.useApp()
  const [form] = Form.useForm<GradeThresholds>()
  const save = useSaveStatsSettings()
  const submit = async () => {
    const v = await form.validateFields()
    if (!(v.excellent > v.good && v.good > v.pass)) {
      message.warning('分数线须满足：优秀 > 良好 > 合格')
      return
    }
    try {
      await save.mutateAsync({ grades: v })
      message.success('考核分数线已保存')
      onClose()
    } catch (e) {
      message.error(errorMessage(e))
    }
  }
  return (
    <Modal open={open} title="季度考核分数线" okText="保存" cancelText="取消" onOk={submit} confirmLoading={save.isPending} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="inline" initialValues={value} preserve={false}>
        {(['excellent', 'good', 'pass'] as const).map((k) => (
          <Form.Item key={k} name={k} label={GRADE_NAMES[k]} rules={[{ required: true, message: '必填' }]}>
            <InputNumber min={0} max={100} precision={0} style={{ width: 90 }} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  )
}

function GradesTab() {
  const user = useMe().data!
  const [date, setDate] = useState<Dayjs>(dayjs())
  const [editing, setEditing] = useState(false)
  const quarter = quarterOf(date)
  const grades = useGrades(quarter)
  const settings = useStatsSettings()
  const t = settings.data?.grades ?? DEFAULT_GRADE_THRESHOLDS
  return (
    <>
      <Space wrap style={{ marginBottom: 8 }}>
        <DatePicker picker="quarter" value={date} onChange={(d) => d && setDate(d)} allowClear={false} />
        <Button icon={<DownloadOutlined />} href={gradesXlsxUrl(quarter)}>导出Excel</Button>
        {hasRole(user, ['centre_admin', 'system_admin']) && <Button onClick={() => setEditing(true)}>修改分数线</Button>}
      </Space>
      <ThresholdsModal open={editing} value={t} onClose={() => setEditing(false)} />
      <Descriptions
        size="small"
        column={4}
        style={{ marginBottom: 8 }}
        items={[
          { key: 'e', label: '优秀', children: `≥ ${t.excellent} 分` },
          { key: 'g', label: '良好', children: `≥ ${t.good} 分` },
          { key: 'p', label: '合格', children: `≥ ${t.pass} 分` },
          { key: 'f', label: '不合格', children: `< ${t.pass} 分` },
        ]}
      />
      <Table<GradeRow>
        size="small"
        rowKey="unitId"
        loading={grades.isPending}
        dataSource={grades.data ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          { title: '单位', dataIndex: 'unitName' },
          { title: '季度', dataIndex: 'quarter' },
          { title: '得分', dataIndex: 'score', align: 'right', render: (v: number) => v.toFixed(1) },
          { title: '等次', dataIndex: 'grade', render: (g: Grade, r) => <Tag color={GRADE_COLORS[g]}>{r.gradeName || GRADE_NAMES[g]}</Tag> },
          {
            title: '构成',
            dataIndex: 'parts',
            render: (p: Record<string, number | null>) => (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {Object.entries(p).map(([k, v]) => `${k}: ${v == null ? '—' : Number.isInteger(v) ? v : v.toFixed(2)}`).join('；')}
              </Typography.Text>
            ),
          },
        ]}
      />
    </>
  )
}

export default function RankingsPage() {
  const [month, setMonth] = useState<Dayjs>(dayjs().subtract(1, 'month'))
  return (
    <>
      <PageHeader
        title="效能排行"
        subtitle="按部门、窗口、工作人员的周榜与月榜；季度考核等次；月度电子监察报告。"
        extra={
          <Space>
            <DatePicker picker="month" value={month} onChange={(d) => d && setMonth(d)} allowClear={false} />
            <Button icon={<FilePdfOutlined />} href={reportPdfUrl(month.format('YYYY-MM'))} target="_blank" data-testid="report-pdf">月度监察报告</Button>
          </Space>
        }
      />
      <Card size="small">
        <Tabs
          destroyOnHidden
          items={[
            { key: 'department', label: '部门', children: <RankingTab scope="department" /> },
            { key: 'window', label: '窗口', children: <RankingTab scope="window" /> },
            { key: 'staff', label: '工作人员', children: <RankingTab scope="staff" /> },
            { key: 'grades', label: '季度考核', children: <GradesTab /> },
          ]}
        />
      </Card>
    </>
  )
}
