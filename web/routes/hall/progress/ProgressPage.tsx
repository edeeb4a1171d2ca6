/**
 * 办件进度查询 (public, no login, phone first): the case number plus the applicant's ID number or
 * phone → a status card with the masked name, current step and dates. A wrong number and a wrong
 * ID get the same answer (the server does not tell which).
 */
import { useState } from 'react'
import { Alert, Button, Card, Descriptions, Form, Input, Segmented, Typography } from 'antd'
import { FileSearchOutlined, SafetyCertificateOutlined } from '@ant-design/icons'
import { useProgressQuery } from '../../../hooks/api/hall'
import { ApiError, errorMessage } from '../../../lib/api'
import { fmtDate } from '../../../lib/format'
import { StatusTag } from '../shared/labels'

type By = 'idNumber' | 'phone'

export default function ProgressPage() {
  const [by, setBy] = useState<By>('idNumber')
  const query = useProgressQuery()
  const onFinish = (v: { number: string; secret: string }) => {
    const number = v.number.trim().toUpperCase()
    const secret = v.secret.replace(/\s+/g, '').toUpperCase()
    query.mutate(by === 'idNumber' ? { number, idNumber: secret } : { number, phone: secret })
  }
  const err = query.error
  const notFound = err instanceof ApiError && (err.status === 404 || err.code === 'CASE_NOT_FOUND')
  const c = query.data

  return (
    <div data-testid="progress-page">
      <Card styles={{ body: { padding: '18px 16px' } }} style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ marginTop: 0, marginBottom: 4 }}>
          <FileSearchOutlined /> 办件进度查询
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 14 }}>
          输入办件编号（受理通知书或短信中的编号）和申请人身份证号码或手机号码，无需登录即可查询办理进度。
        </Typography.Paragraph>
        <Form layout="vertical" requiredMark={false} onFinish={onFinish} data-testid="progress-form" size="large">
          <Form.Item name="number" label="办件编号" rules={[{ required: true, whitespace: true, message: '请输入办件编号' }]}>
            <Input placeholder="如：DZ20261121000123" autoComplete="off" data-testid="progress-number" />
          </Form.Item>
          <Segmented<By>
            block
            value={by}
            onChange={setBy}
            options={[
              { label: '身份证号码', value: 'idNumber' },
              { label: '手机号码', value: 'phone' },
            ]}
            style={{ marginBottom: 12 }}
            data-testid="progress-by"
          />
          <Form.Item
            name="secret"
            label={by === 'idNumber' ? '申请人身份证号码 / 统一社会信用代码' : '申请时登记的手机号码'}
            rules={[{ required: true, whitespace: true, message: by === 'idNumber' ? '请输入证件号码' : '请输入手机号码' }]}
          >
            <Input
              placeholder={by === 'idNumber' ? '18 位证件号码' : '11 位手机号码'}
              inputMode={by === 'phone' ? 'numeric' : 'text'}
              autoComplete="off"
              data-testid="progress-secret"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={query.isPending} data-testid="progress-submit">
            查 询
          </Button>
        </Form>
      </Card>

      {err && (
        <Alert
          type={notFound ? 'warning' : 'error'}
          showIcon
          style={{ marginBottom: 12 }}
          title={notFound ? '未查询到办件' : '查询失败'}
          description={notFound ? '未找到与该办件编号和证件号码（或手机号码）相符的办件，请核对后重新输入。' : errorMessage(err)}
          data-testid="progress-not-found"
        />
      )}

      {c && !err && (
        <Card
          data-testid="progress-result"
          title={
            <span style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
              <span style={{ whiteSpace: 'normal' }}>{c.itemName}</span>
              <StatusTag status={c.status} name={c.statusName} />
            </span>
          }
          styles={{ body: { padding: '10px 14px' } }}
        >
          <Descriptions
            column={1}
            size="small"
            items={[
              { key: 'n', label: '办件编号', children: <span className="ow-mono" data-testid="progress-result-number">{c.number}</span> },
              { key: 'a', label: '申请人', children: <span data-testid="progress-applicant">{c.applicantName}</span> },
              { key: 'd', label: '办理部门', children: c.departmentName },
              { key: 's', label: '当前环节', children: <b data-testid="progress-step">{c.currentStep ?? c.statusName}</b> },
              { key: 'r', label: '收件日期', children: fmtDate(c.receivedAt) },
              { key: 'ac', label: '受理日期', children: fmtDate(c.acceptedAt) },
              { key: 'p', label: '承诺办结日期', children: <b style={{ color: '#1a56a6' }}>{fmtDate(c.promisedDue)}</b> },
              { key: 'c', label: '办结日期', children: fmtDate(c.completedAt) },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
            <SafetyCertificateOutlined /> 为保护个人信息，申请人姓名已部分隐藏。办理详情请登录后在“我的办件”中查看。
          </Typography.Paragraph>
        </Card>
      )}
    </div>
  )
}
