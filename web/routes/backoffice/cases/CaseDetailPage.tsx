/** 办件详情: the case in full, with the actions the server allows this user (case.allowedActions). */
import { useState } from 'react'
import { Alert, Button, Card, Modal, Result, Skeleton, Space, Typography } from 'antd'
import { ArrowLeftOutlined } from '@ant-design/icons'
import { Link, useParams } from 'react-router-dom'
import { useCase } from '../../../hooks/api/backoffice'
import { PageHeader } from '../../../ui/PageHeader'
import { useIsPhone } from '../../../ui/useIsPhone'
import { CaseView } from '../shared/CaseView'
import { HandlingPanel, HandoverPanel, IntakePanel, PrereviewPanel } from '../shared/panels'

const ACTION_LABEL: Record<string, { label: string; panel: 'prereview' | 'intake' | 'handle' | 'handover' }> = {
  prereview: { label: '网上预审', panel: 'prereview' },
  intake: { label: '受理决定', panel: 'intake' },
  complete_step: { label: '提交环节意见', panel: 'handle' },
  decide: { label: '审批决定', panel: 'handle' },
  pause: { label: '暂停（特别程序）', panel: 'handle' },
  resume: { label: '恢复计时', panel: 'handle' },
  extend: { label: '延期', panel: 'handle' },
  complete: { label: '办结', panel: 'handover' },
  deliver: { label: '出件送达', panel: 'handover' },
}

export default function CaseDetailPage() {
  const id = Number(useParams().id)
  const q = useCase(Number.isFinite(id) ? id : null)
  const phone = useIsPhone()
  const [panel, setPanel] = useState<null | 'prereview' | 'intake' | 'handle' | 'handover'>(null)
  if (q.isPending) return <Skeleton active />
  if (q.isError) return <Result status="404" title="办件不存在" subTitle={(q.error as Error).message} extra={<Link to="/desk/cases"><Button>返回办件查询</Button></Link>} />
  const c = q.data
  const actions = c.allowedActions.filter((a) => ACTION_LABEL[a])
  const seen = new Set<string>()
  return (
    <>
      <PageHeader
        title="办件详情"
        crumbs={['办件', '办件查询', c.number]}
        extra={<Link to="/desk/cases"><Button icon={<ArrowLeftOutlined />}>返回</Button></Link>}
      />
      <CaseView
        c={c}
        actions={
          <Card size="small" data-testid="case-actions">
            <Space wrap>
              <Typography.Text type="secondary">可办理：</Typography.Text>
              {actions.length === 0 && <Typography.Text type="secondary">无</Typography.Text>}
              {actions.map((a) => {
                const p = ACTION_LABEL[a]!
                const first = !seen.has(p.panel)
                seen.add(p.panel)
                return (
                  <Button key={a} type={first ? 'primary' : 'default'} onClick={() => setPanel(p.panel)} data-testid={`action-${a}`}>
                    {p.label}
                  </Button>
                )
              })}
            </Space>
          </Card>
        }
      />
      <Modal open={panel != null} onCancel={() => setPanel(null)} footer={null} width={phone ? '100%' : 920} title={panel ? { prereview: '网上预审', intake: '受理决定', handle: '办理', handover: '办结与出件' }[panel] : ''} destroyOnHidden>
        {panel === 'prereview' && <PrereviewPanel c={c} onDone={() => setPanel(null)} />}
        {panel === 'intake' && <IntakePanel c={c} />}
        {panel === 'handle' && <HandlingPanel c={c} />}
        {panel === 'handover' && <HandoverPanel c={c} />}
        {panel && !c.allowedActions.length && <Alert type="info" showIcon title="当前没有可办理的操作" />}
      </Modal>
    </>
  )
}
