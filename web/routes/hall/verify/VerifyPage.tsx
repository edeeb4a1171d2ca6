/**
 * 文书核验 (public): the QR code on every notice and result leads here; shows what the platform
 * issued under that code — kind, title, case number, unit, date and the file's SHA-256 — so a
 * printed copy can be checked against it.
 */
import { useParams } from 'react-router-dom'
import { Card, Descriptions, Result, Skeleton, Typography } from 'antd'
import { CheckCircleFilled } from '@ant-design/icons'
import { useVerify } from '../../../hooks/api/hall'
import { ApiError, errorMessage } from '../../../lib/api'
import { fmtDateTime } from '../../../lib/format'
import { DOC_KIND_NAMES } from '../shared/labels'

export default function VerifyPage() {
  const { code = '' } = useParams()
  const v = useVerify(code)
  if (v.isPending) return <Card><Skeleton active paragraph={{ rows: 6 }} /></Card>
  if (v.isError || !v.data?.valid) {
    const notFound = !v.isError || (v.error instanceof ApiError && v.error.status >= 400 && v.error.status < 500)
    return (
      <Card data-testid="verify-not-found">
        <Result
          status={notFound ? 'warning' : 'error'}
          title={notFound ? '未查到该文书' : '核验暂不可用'}
          subTitle={notFound ? `核验码“${code}”没有对应的文书。请确认二维码或核验码完整无误；如有疑问请拨打 12345 咨询。` : errorMessage(v.error)}
        />
      </Card>
    )
  }
  const d = v.data.document
  return (
    <Card data-testid="verify-result">
      <div style={{ textAlign: 'center', marginBottom: 14 }}>
        <CheckCircleFilled style={{ fontSize: 44, color: '#389e0d' }} />
        <Typography.Title level={4} style={{ margin: '8px 0 0' }}>
          文书核验通过
        </Typography.Title>
        <Typography.Text type="secondary">该文书由本平台出具，信息如下</Typography.Text>
      </div>
      <Descriptions
        bordered
        size="small"
        column={1}
        styles={{ label: { whiteSpace: 'nowrap', width: 96 } }}
        items={[
          { key: 'k', label: '文书种类', children: d.kindName ?? DOC_KIND_NAMES[d.kind] ?? d.kind },
          { key: 't', label: '文书标题', children: <span data-testid="verify-title">{d.title}</span> },
          ...(d.docNumber ? [{ key: 'dn', label: '文书编号', children: <span className="ow-mono">{d.docNumber}</span> }] : []),
          ...(d.applicantName ? [{ key: 'a', label: '申请人', children: d.applicantName }] : []),
          { key: 'n', label: '办件编号', children: <span className="ow-mono">{d.caseNumber}</span> },
          { key: 'u', label: '出具单位', children: d.unitName },
          { key: 'i', label: '出具时间', children: fmtDateTime(d.issuedAt) },
          { key: 'h', label: 'SHA-256', children: <span className="ow-mono" style={{ wordBreak: 'break-all', fontSize: 12 }}>{d.sha256}</span> },
          { key: 'c', label: '核验码', children: <span className="ow-mono">{code}</span> },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 10, marginBottom: 0 }}>
        请核对纸质文书上的办件编号、标题与出具单位是否与上述信息一致。
      </Typography.Paragraph>
    </Card>
  )
}
