/**
 * 综合窗口收件 (and 帮办代办 for a principal): choose a one-thing bundle or a project's stage and the
 * applicant, create the draft, then upload the one set of materials and submit on the case page.
 * The general window files for a walk-in applicant (an existing account is matched by ID number /
 * credit code, or given by its account number); an agent files under an active authorisation.
 */
import { useEffect, useState } from 'react'
import { Alert, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Select, Steps, Typography } from 'antd'
import { useNavigate, useSearchParams } from 'react-router-dom'
import { hasRole, useMe } from '../../../hooks/api/auth'
import {
  useAuthorisations,
  useBundles,
  useCreateJointCase,
  useProject,
  useProjects,
  useWindowJointCase,
  type JointCaseKind,
  type WindowApplicant,
} from '../../../hooks/api/joint'
import { FormError } from '../../../ui/FormError'
import { PageHeader } from '../../../ui/PageHeader'
import { UnitSelect } from '../../../ui/UnitSelect'
import { JOINT_WINDOW_ROLES } from '../roles'

interface Values {
  mode: 'window' | 'agent'
  kind: JointCaseKind
  bundleId?: number
  projectId?: number
  stageKey?: string
  who: 'person' | 'enterprise' | 'account'
  userId?: number
  idNumber?: string
  creditCode?: string
  name?: string
  legalRepresentative?: string
  phone?: string
  authorisationId?: number
  windowId?: number | null
  description?: string
}

export function ProjectPicker({ value, onChange, id }: { value?: number; onChange?: (v: number | undefined) => void; id?: string }) {
  const [q, setQ] = useState('')
  const list = useProjects({ q: q || undefined, page: 1, pageSize: 30 })
  return (
    <Select
      id={id}
      allowClear
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={(v?: number) => onChange?.(v)}
      loading={list.isFetching}
      placeholder="输入项目名称或项目代码搜索"
      data-testid="file-project"
      options={(list.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.greenChannel ? '【绿色通道】' : ''}${p.name}（${p.code}）` }))}
      notFoundContent={list.isFetching ? '正在搜索…' : '无匹配项目'}
    />
  )
}

function StagePicker({ projectId, value, onChange, id }: { projectId: number | undefined; value?: string; onChange?: (v: string) => void; id?: string }) {
  const p = useProject(projectId ?? null)
  return (
    <Select
      id={id}
      value={value}
      onChange={(v: string) => onChange?.(v)}
      disabled={!projectId}
      loading={p.isFetching}
      placeholder="选择审批阶段"
      data-testid="file-stage"
      options={(p.data?.stages ?? []).map((s) => ({
        value: s.key,
        disabled: s.state !== 'not_started',
        label: `${s.seq}. ${s.name}（牵头：${s.leadUnitName}，${s.limitDays} 个工作日）${s.state === 'open' ? ' · 办理中' : s.state === 'completed' ? ' · 已完成' : ''}`,
      }))}
    />
  )
}

export default function JointFilePage() {
  const me = useMe().data!
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const isWindow = hasRole(me, JOINT_WINDOW_ROLES)
  const [form] = Form.useForm<Values>()
  const bundles = useBundles()
  const auths = useAuthorisations()
  const windowCase = useWindowJointCase()
  const agentCase = useCreateJointCase()
  const kind = Form.useWatch('kind', form)
  const mode = Form.useWatch('mode', form)
  const who = Form.useWatch('who', form)
  const projectId = Form.useWatch('projectId', form)
  const bundleId = Form.useWatch('bundleId', form)
  const bundle = bundles.data?.find((b) => b.id === bundleId)
  const myAuths = (auths.data ?? []).filter((a) => a.active && a.agentUserId === me.id)

  useEffect(() => {
    const pid = params.get('projectId')
    const bid = params.get('bundleId')
    if (pid) form.setFieldsValue({ kind: 'stage', projectId: Number(pid), stageKey: params.get('stageKey') ?? undefined })
    else if (bid) form.setFieldsValue({ kind: 'bundle', bundleId: Number(bid) })
  }, [params, form])

  const submit = async (v: Values) => {
    const target = v.kind === 'bundle' ? { kind: 'bundle' as const, bundleId: v.bundleId! } : { kind: 'stage' as const, projectId: v.projectId!, stageKey: v.stageKey! }
    const formBody = v.description?.trim() ? { description: v.description.trim() } : undefined
    if (v.mode === 'agent') {
      const a = myAuths.find((x) => x.id === v.authorisationId)!
      const r = await agentCase.mutateAsync({ ...target, principalUserId: a.principalUserId })
      navigate(`/desk/joint/cases/${r.case.id}`)
      return
    }
    const applicant: WindowApplicant =
      v.who === 'account'
        ? { userId: v.userId! }
        : v.who === 'person'
          ? { kind: 'person', name: v.name!.trim(), idNumber: v.idNumber!.trim().toUpperCase(), phone: v.phone!.trim() }
          : { kind: 'enterprise', name: v.name!.trim(), creditCode: v.creditCode!.trim().toUpperCase(), legalRepresentative: v.legalRepresentative!.trim(), phone: v.phone!.trim() }
    const r = await windowCase.mutateAsync({ ...target, windowId: v.windowId ?? me.unitId, applicant, form: formBody })
    navigate(`/desk/joint/cases/${r.case.id}`)
  }

  const error = windowCase.error ?? agentCase.error
  return (
    <>
      <PageHeader title="综合窗口收件" crumbs={['并联审批', '综合窗口收件']} subtitle="一窗受理、一次告知、一套材料：选择一件事或项目审批阶段和申请人，建立联办件后上传材料并统一收件。" />
      <Card size="small" data-testid="joint-file-page">
        <Steps size="small" current={0} style={{ marginBottom: 16 }} items={[{ title: '事项与申请人' }, { title: '一套材料' }, { title: '统一收件（分送预审）' }]} />
        <FormError error={error} />
        <Form form={form} layout="vertical" style={{ maxWidth: 860 }} initialValues={{ mode: isWindow ? 'window' : 'agent', kind: 'bundle', who: 'person', windowId: me.unitId }} onFinish={(v) => submit(v).catch(() => undefined)}>
          <Form.Item name="mode" label="办理方式" hidden={!isWindow}>
            <Radio.Group optionType="button" options={[...(isWindow ? [{ value: 'window', label: '综合窗口收件' }] : []), { value: 'agent', label: '帮办代办（依授权）' }]} data-testid="file-mode" />
          </Form.Item>
          <Form.Item name="kind" label="申请类型">
            <Radio.Group optionType="button" options={[{ value: 'bundle', label: '一件事' }, { value: 'stage', label: '工程建设项目审批阶段' }]} data-testid="file-kind" />
          </Form.Item>
          {kind === 'bundle' ? (
            <Form.Item name="bundleId" label="一件事" rules={[{ required: true, message: '请选择一件事' }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={bundles.isPending}
                placeholder="选择一件事"
                data-testid="file-bundle"
                options={(bundles.data ?? []).map((b) => ({ value: b.id, label: `${b.name}（${b.items.length} 个事项，${b.limitDays} 个工作日）` }))}
              />
            </Form.Item>
          ) : (
            <Row gutter={12}>
              <Col xs={24} md={14}>
                <Form.Item name="projectId" label="工程建设项目" rules={[{ required: true, message: '请选择项目' }]}>
                  <ProjectPicker onChange={(v) => form.setFieldsValue({ projectId: v, stageKey: undefined })} />
                </Form.Item>
              </Col>
              <Col xs={24} md={10}>
                <Form.Item name="stageKey" label="审批阶段" rules={[{ required: true, message: '请选择阶段' }]}>
                  <StagePicker projectId={projectId} />
                </Form.Item>
              </Col>
            </Row>
          )}
          {bundle && kind === 'bundle' && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={`${bundle.name} · 牵头 ${bundle.leadUnitName} · ${bundle.limitDays} 个工作日`}
              description={`${bundle.items.map((i) => `${i.name}（${i.departmentName}）`).join('、')}；一套材料 ${bundle.materials.length} 项`}
            />
          )}
          {mode === 'agent' ? (
            <Form.Item name="authorisationId" label="委托授权" rules={[{ required: true, message: '请选择授权' }]} extra={myAuths.length === 0 ? '您名下没有有效的帮办代办授权，请先由委托人在网上授权或在窗口登记纸质授权书。' : undefined}>
              <Select
                placeholder="选择委托人及授权"
                data-testid="file-authorisation"
                options={myAuths.map((a) => ({ value: a.id, label: `${a.principalName} · ${a.scope === 'all' ? '全部事项' : `项目 ${a.projectCode ?? ''}`} · 至 ${a.validUntil}` }))}
              />
            </Form.Item>
          ) : (
            <>
              <Form.Item name="who" label="申请人">
                <Radio.Group optionType="button" options={[{ value: 'person', label: '自然人' }, { value: 'enterprise', label: '法人 / 其他组织' }, { value: 'account', label: '已注册账号' }]} data-testid="file-who" />
              </Form.Item>
              {who === 'account' ? (
                <Form.Item name="userId" label="申请人账号编号" rules={[{ required: true, message: '请输入账号编号' }]} extra="项目单位的账号编号可在项目详情中查看">
                  <InputNumber min={1} precision={0} style={{ width: 220 }} data-testid="file-user-id" />
                </Form.Item>
              ) : who === 'person' ? (
                <Row gutter={12}>
                  <Col xs={24} md={10}>
                    <Form.Item name="idNumber" label="身份证号" rules={[{ required: true, pattern: /^\d{17}[\dXx]$/, message: '请输入 18 位身份证号' }]} extra="已注册的申请人按证件号自动关联">
                      <Input className="ow-mono" maxLength={18} data-testid="file-id" />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={7}>
                    <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
                      <Input data-testid="file-name" />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={7}>
                    <Form.Item name="phone" label="手机号码" rules={[{ required: true, pattern: /^1\d{10}$/, message: '请输入 11 位手机号' }]}>
                      <Input className="ow-mono" maxLength={11} data-testid="file-phone" />
                    </Form.Item>
                  </Col>
                </Row>
              ) : (
                <Row gutter={12}>
                  <Col xs={24} md={8}>
                    <Form.Item name="creditCode" label="统一社会信用代码" rules={[{ required: true, len: 18, message: '请输入 18 位信用代码' }]} extra="已注册的单位按信用代码自动关联">
                      <Input className="ow-mono" maxLength={18} data-testid="file-credit" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item name="name" label="单位名称" rules={[{ required: true, whitespace: true, message: '请输入名称' }]}>
                      <Input data-testid="file-name" />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={4}>
                    <Form.Item name="legalRepresentative" label="法定代表人" rules={[{ required: true, whitespace: true, message: '请输入' }]}>
                      <Input data-testid="file-legal" />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={4}>
                    <Form.Item name="phone" label="手机号码" rules={[{ required: true, pattern: /^1\d{10}$/, message: '请输入手机号' }]}>
                      <Input className="ow-mono" maxLength={11} data-testid="file-phone" />
                    </Form.Item>
                  </Col>
                </Row>
              )}
            </>
          )}
          {mode !== 'agent' && (
            <Form.Item name="windowId" label="收件窗口" rules={[{ required: true, message: '请选择收件的综合窗口' }]}>
              <UnitSelect kind="window" placeholder="搜索综合窗口" initialLabel={me.unitId ? '本人所在窗口' : null} style={{ width: '100%', maxWidth: 420 }} />
            </Form.Item>
          )}
          <Form.Item name="description" label="申请说明">
            <Input.TextArea rows={2} maxLength={1000} placeholder="申请的具体内容，如经营范围、建设内容等（可在下一步补充）" data-testid="file-description" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={windowCase.isPending || agentCase.isPending} data-testid="file-create">
            建立联办件
          </Button>
          <Typography.Text type="secondary" style={{ marginLeft: 12, fontSize: 12 }}>建立后上传材料并统一收件</Typography.Text>
        </Form>
      </Card>
    </>
  )
}
