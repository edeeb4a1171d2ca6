/** 我的证照: the e-certificates granted to the applicant, with the result document to download. */
import { Link } from 'react-router-dom'
import { Alert, Card, Col, Empty, Row, Skeleton, Typography } from 'antd'
import { DownloadOutlined, FileProtectOutlined } from '@ant-design/icons'
import { useMyCertificates } from '../../../hooks/api/hall'
import { errorMessage } from '../../../lib/api'
import { fmtDate } from '../../../lib/format'
import { PageHeader } from '../../../ui/PageHeader'

export default function CertificatesPage() {
  const certs = useMyCertificates()
  return (
    <>
      <PageHeader
        title="我的证照"
        crumbs={['办事大厅', '我的证照']}
        subtitle="办结后核发的电子证照。办理其他事项时，可用电子证照代替纸质材料，无需重复提交。"
      />
      {certs.isError ? (
        <Alert type="error" showIcon title="电子证照加载失败" description={errorMessage(certs.error)} />
      ) : certs.isPending ? (
        <Card><Skeleton active paragraph={{ rows: 4 }} /></Card>
      ) : certs.data.length === 0 ? (
        <Card><Empty description="暂无电子证照。办结的许可、证明类事项会自动生成电子证照。" /></Card>
      ) : (
        <Row gutter={[12, 12]} data-testid="cert-list">
          {certs.data.map((c) => (
            <Col key={c.id} xs={24} md={12} xl={8}>
              <Card
                size="small"
                data-testid="cert-card"
                styles={{ body: { padding: 0 } }}
              >
                <div style={{ background: 'linear-gradient(120deg, #a8071a, #cf1322)', color: '#fff', padding: '12px 14px', borderRadius: '4px 4px 0 0', display: 'flex', gap: 10, alignItems: 'center' }}>
                  <FileProtectOutlined style={{ fontSize: 26 }} />
                  <div style={{ minWidth: 0 }}>
                    <div style={{ fontWeight: 600, fontSize: 15 }}>{c.name}</div>
                    <div style={{ fontSize: 12, opacity: 0.85 }}>电子证照</div>
                  </div>
                </div>
                <div style={{ padding: '10px 14px', fontSize: 13, lineHeight: 1.9 }}>
                  <div>证照编号：<span className="ow-mono">{c.number}</span></div>
                  <div>持证主体：{c.holderName}</div>
                  <div>颁发日期：{fmtDate(c.issuedAt)}</div>
                  <div style={{ display: 'flex', gap: 16, marginTop: 4 }}>
                    {c.caseId && c.documentId && (
                      <a href={`/api/cases/${c.caseId}/documents/${c.documentId}.pdf`} target="_blank" rel="noreferrer" data-testid="cert-download">
                        <DownloadOutlined /> 下载证照
                      </a>
                    )}
                    {c.caseId && <Link to={`/my/cases/${c.caseId}`}>查看办件</Link>}
                  </div>
                </div>
              </Card>
            </Col>
          ))}
        </Row>
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12 }}>
        电子证照与纸质证照具有同等法律效力，可通过文书上的二维码核验真伪。
      </Typography.Paragraph>
    </>
  )
}
