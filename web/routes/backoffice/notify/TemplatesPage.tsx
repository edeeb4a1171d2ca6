/** 通知模板: the Chinese notice templates per event (SMS, in-app, e-mail), editable by the centre. */
import { useEffect, useState } from 'react'
import { App, Button, Card, Col, Empty, Form, Input, List, Row, Typography } from 'antd'
import { useSaveTemplate, useTemplates, type Template } from '../../../hooks/api/backoffice'
import { fmtDateTime } from '../../../lib/format'
import { PageHeader } from '../../../ui/PageHeader'

export default function TemplatesPage() {
  const { message } = App.useApp()
  const list = useTemplates()
  const save = useSaveTemplate()
  const [event, setEvent] = useState<string | null>(null)
  const [form] = Form.useForm<Template>()
  const items = list.data?.items ?? []
  const current = items.find((t) => t.event === event) ?? items[0]

  useEffect(() => {
    if (current) form.setFieldsValue(current)
  }, [current, form])

  return (
    <>
      <PageHeader title="通知模板" crumbs={['通知', '通知模板']} subtitle="受理、补正、暂停、延期、办结等环节告知申请人的短信、站内信和邮件模板。可用变量以 {{变量}} 书写，如 {{caseNumber}}、{{itemName}}、{{applicantName}}。" />
      <Row gutter={12}>
        <Col xs={24} md={7}>
          <Card size="small" title="事件" loading={list.isPending}>
            <List
              size="small"
              dataSource={items}
              data-testid="template-events"
              renderItem={(t) => (
                <List.Item
                  onClick={() => setEvent(t.event)}
                  style={{ cursor: 'pointer', background: current?.event === t.event ? '#e6f4ff' : undefined, paddingInline: 8 }}
                  data-testid={`template-${t.event}`}
                >
                  <div>
                    <div>{t.eventName}</div>
                    <Typography.Text type="secondary" className="ow-mono" style={{ fontSize: 12 }}>{t.event}</Typography.Text>
                  </div>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} md={17}>
          <Card size="small" title={current ? `${current.eventName} · 最近修改 ${fmtDateTime(current.updatedAt)}` : '模板'}>
            {!current ? <Empty /> : (
              <Form form={form} layout="vertical" onFinish={(v) => {
                const body = Object.fromEntries((['sms', 'inappTitle', 'inappBody', 'emailSubject', 'emailBody'] as const).map((k) => [k, (v[k] ?? '').trim()]).filter(([, x]) => x !== ''))
                return save.mutateAsync({ event: current.event, body }).then(() => message.success('模板已保存'))
              }}>
                <Form.Item name="sms" label="短信" extra="短信不超过 70 字为一条"><Input.TextArea rows={2} showCount data-testid="template-sms" /></Form.Item>
                <Form.Item name="inappTitle" label="站内信标题"><Input /></Form.Item>
                <Form.Item name="inappBody" label="站内信正文"><Input.TextArea rows={3} /></Form.Item>
                <Form.Item name="emailSubject" label="邮件主题"><Input /></Form.Item>
                <Form.Item name="emailBody" label="邮件正文"><Input.TextArea rows={5} /></Form.Item>
                {(list.data?.placeholders ?? []).length > 0 && (
                  <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                    可用占位符：{list.data!.placeholders!.map((p) => <span key={p.key} style={{ marginRight: 10 }}><span className="ow-mono">{`{{${p.key}}}`}</span> {p.description}</span>)}
                  </Typography.Paragraph>
                )}
                <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="template-save">保存</Button>
              </Form>
            )}
          </Card>
        </Col>
      </Row>
    </>
  )
}
