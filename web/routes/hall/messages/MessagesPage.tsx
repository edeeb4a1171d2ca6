/** 消息: the applicant's in-app messages (受理、补正、办结 …), newest first; opening one marks it read. */
import { useState } from 'react'
import { Link, useSearchParams } from 'react-router-dom'
import { Alert, Badge, Button, Card, Empty, List, Segmented, Typography } from 'antd'
import { useMarkRead, useMessages, type Message } from '../../../hooks/api/hall'
import { errorMessage } from '../../../lib/api'
import { fmtDateTime } from '../../../lib/format'
import { PageHeader } from '../../../ui/PageHeader'

export default function MessagesPage() {
  const [params, setParams] = useSearchParams()
  const unreadOnly = params.get('unread') === '1'
  const page = Number(params.get('page') ?? 1) || 1
  const msgs = useMessages({ unread: unreadOnly, page })
  const mark = useMarkRead()
  const [open, setOpen] = useState<number | null>(null)

  const openMsg = (m: Message) => {
    setOpen(open === m.id ? null : m.id)
    if (!m.readAt) mark.mutate(m.id)
  }

  return (
    <>
      <PageHeader
        title={
          <span>
            消息 {msgs.data?.unread ? <Badge count={msgs.data.unread} style={{ marginInlineStart: 6 }} data-testid="messages-unread" /> : null}
          </span>
        }
        crumbs={['办事大厅', '消息']}
        subtitle="办件受理、补正、暂停、延期、办结等通知。"
        extra={
          <Segmented
            value={unreadOnly ? 'unread' : 'all'}
            onChange={(v) => setParams(v === 'unread' ? { unread: '1' } : {})}
            options={[
              { label: '全部', value: 'all' },
              { label: '未读', value: 'unread' },
            ]}
          />
        }
      />
      <Card size="small">
        {msgs.isError ? (
          <Alert type="error" showIcon title="消息加载失败" description={errorMessage(msgs.error)} />
        ) : (
          <List<Message>
            loading={msgs.isPending}
            dataSource={msgs.data?.items ?? []}
            locale={{ emptyText: <Empty description={unreadOnly ? '没有未读消息' : '暂无消息'} /> }}
            pagination={
              msgs.data && msgs.data.total > msgs.data.pageSize
                ? { current: page, pageSize: msgs.data.pageSize, total: msgs.data.total, onChange: (p) => setParams({ ...(unreadOnly ? { unread: '1' } : {}), page: String(p) }) }
                : false
            }
            renderItem={(m) => (
              <List.Item
                key={m.id}
                onClick={() => openMsg(m)}
                style={{ cursor: 'pointer', display: 'block', background: m.readAt ? undefined : '#f6f9ff', paddingInline: 10 }}
                data-testid="message-row"
                data-read={m.readAt ? 'true' : 'false'}
              >
                <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
                  <span style={{ fontWeight: m.readAt ? 400 : 600 }}>
                    {!m.readAt && <Badge status="processing" style={{ marginInlineEnd: 6 }} />}
                    {m.title}
                  </span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {fmtDateTime(m.createdAt)}
                  </Typography.Text>
                </div>
                <div style={{ color: 'rgba(0,0,0,0.7)', marginTop: 4, whiteSpace: open === m.id ? 'pre-wrap' : 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{m.body}</div>
                {open === m.id && m.caseId && (
                  <Link to={`/my/cases/${m.caseId}`} onClick={(e) => e.stopPropagation()}>
                    <Button size="small" type="link" style={{ paddingInline: 0 }}>
                      查看办件
                    </Button>
                  </Link>
                )}
              </List.Item>
            )}
          />
        )}
      </Card>
    </>
  )
}
