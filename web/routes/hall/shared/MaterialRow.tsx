/**
 * One required material of a case, as the applicant handles it: its requirement, what has been
 * uploaded (with delete while editable), an upload input (data-testid `upload-<key>`) that shows
 * the server's size/type errors beside it, and 复用 of a file submitted before or an e-certificate.
 */
import { useRef, useState } from 'react'
import { Alert, Button, Dropdown, Popconfirm, Space, Tag, Typography } from 'antd'
import { CheckCircleFilled, DeleteOutlined, ExclamationCircleFilled, PaperClipOutlined, RetweetOutlined, UploadOutlined } from '@ant-design/icons'
import { useDeleteMaterial, useReuseMaterial, useUploadMaterial, type CaseMaterial, type ECertificate, type RequiredMaterial, type ReusableMaterial } from '../../../hooks/api/hall'
import { ApiError, errorMessage } from '../../../lib/api'
import { FORM_NAMES, REQUIREMENT_COLORS, REQUIREMENT_NAMES, fileSize } from './labels'

export const ACCEPT = '.pdf,.jpg,.jpeg,.png,.ofd,application/pdf,image/jpeg,image/png'

function uploadError(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === 'FILE_TOO_LARGE' || e.status === 413) return e.message || '文件过大，单个文件不能超过 20 MB'
    if (e.code === 'UNSUPPORTED_FILE_TYPE' || e.status === 415) return e.message || '文件类型不支持，仅接受 PDF、JPG、PNG 或 OFD 文件'
    if (e.code === 'EMPTY_FILE') return e.message || '文件为空，请重新选择'
  }
  return errorMessage(e)
}

export interface MaterialRowProps {
  caseId: number
  material: RequiredMaterial
  uploaded: CaseMaterial[]
  editable: boolean
  /** the one-time notice's problem with this material, when a correction is asked for */
  problem?: string | null
  prior?: ReusableMaterial[]
  certificates?: ECertificate[]
  index: number
  /** a correction's request time: files uploaded before it are the ones found wanting */
  since?: string | null
}

export function MaterialRow({ caseId, material: m, uploaded, editable, problem, prior = [], certificates = [], index, since }: MaterialRowProps) {
  const input = useRef<HTMLInputElement>(null)
  const upload = useUploadMaterial()
  const reuse = useReuseMaterial()
  const del = useDeleteMaterial()
  const [err, setErr] = useState<string | null>(null)
  const isOld = (f: CaseMaterial) => !!since && f.uploadedAt < since
  const ok = since ? uploaded.some((f) => !isOld(f)) : uploaded.length > 0 || m.satisfied

  const onFile = (f: File | undefined) => {
    if (!f) return
    setErr(null)
    upload.mutate({ caseId, materialKey: m.key, file: f }, { onError: (e) => setErr(uploadError(e)) })
    if (input.current) input.current.value = ''
  }

  // the same material (by its name) handed in for an earlier case
  const reuseFromPrior = prior.filter((p) => p.name === m.name)
  const reuseFromCerts = m.eCertificateType ? certificates.filter((c) => c.type === m.eCertificateType) : []
  const reuseItems = [
    ...reuseFromCerts.map((c) => ({ key: `c${c.id}`, label: `电子证照：${c.name}（${c.number}）`, onClick: () => reuse.mutate({ id: caseId, materialKey: m.key, eCertificateId: c.id }, { onError: (e) => setErr(errorMessage(e)) }) })),
    ...reuseFromPrior.map((p) => ({ key: `m${p.id}`, label: `办件 ${p.caseNumber}：${p.fileName ?? p.name}（${p.uploadedAt.slice(0, 10)}）`, onClick: () => reuse.mutate({ id: caseId, materialKey: m.key, fromMaterialId: p.id }, { onError: (e) => setErr(errorMessage(e)) }) })),
  ]

  return (
    <div
      style={{ display: 'flex', gap: 12, flexWrap: 'wrap', padding: '12px 0', borderBottom: '1px solid #f0f0f0', background: problem ? '#fffbe6' : undefined }}
      data-testid={`material-${m.key}`}
      data-satisfied={ok ? 'true' : 'false'}
    >
      <div style={{ flex: '1 1 300px', minWidth: 0, paddingInline: 4 }}>
        <div style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
          {ok ? <CheckCircleFilled style={{ color: '#52c41a' }} /> : <ExclamationCircleFilled style={{ color: m.requirement === 'required' ? '#faad14' : '#bfbfbf' }} />}
          <span style={{ fontWeight: 500 }}>
            {index + 1}. {m.name}
          </span>
          <Tag color={REQUIREMENT_COLORS[m.requirement]} style={{ marginInlineEnd: 0 }}>
            {REQUIREMENT_NAMES[m.requirement]}
          </Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {FORM_NAMES[m.form] ?? m.form} {m.copies} 份
          </Typography.Text>
          {m.secondary && <Tag color="orange">可容缺</Tag>}
          {m.eCertificateType && <Tag color="green">可用电子证照</Tag>}
          {m.pending && <Tag color="gold">容缺待补</Tag>}
        </div>
        {problem && (
          <div style={{ color: '#ad6800', fontSize: 13, marginTop: 4 }} data-testid={`material-problem-${m.key}`}>
            补正要求：{problem}
          </div>
        )}
        {uploaded.map((f) => (
          <div key={f.id} style={{ fontSize: 13, marginTop: 4, display: 'flex', alignItems: 'center', gap: 6, flexWrap: 'wrap' }} data-testid={`uploaded-${m.key}`}>
            <PaperClipOutlined />
            <a href={`/api/cases/${caseId}/materials/${f.id}/file`} target="_blank" rel="noreferrer">
              {f.fileName}
            </a>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {fileSize(f.size)}
              {f.source === 'reuse' ? ' · 复用' : f.source === 'e_certificate' ? ' · 电子证照' : ''}
            </Typography.Text>
            {since && (isOld(f) ? <Tag style={{ marginInlineEnd: 0 }}>补正前提交</Tag> : <Tag color="green" style={{ marginInlineEnd: 0 }}>补正新交</Tag>)}
            {editable && (
              <Popconfirm title="删除这个文件？" okText="删除" cancelText="取消" onConfirm={() => del.mutate({ id: caseId, materialId: f.id }, { onError: (e) => setErr(errorMessage(e)) })}>
                <Button type="link" size="small" danger icon={<DeleteOutlined />} style={{ padding: 0 }}>
                  删除
                </Button>
              </Popconfirm>
            )}
          </div>
        ))}
        {err && <Alert type="error" showIcon style={{ marginTop: 6 }} title={err} data-testid={`upload-error-${m.key}`} />}
      </div>
      {editable && (
        <Space style={{ flex: 'none', alignSelf: 'center' }} wrap>
          <input ref={input} type="file" accept={ACCEPT} style={{ display: 'none' }} data-testid={`upload-${m.key}`} onChange={(e) => onFile(e.target.files?.[0])} />
          <Button icon={<UploadOutlined />} loading={upload.isPending} onClick={() => input.current?.click()}>
            {uploaded.length ? '继续上传' : '上传'}
          </Button>
          {reuseItems.length > 0 && (
            <Dropdown menu={{ items: reuseItems }} trigger={['click']}>
              <Button icon={<RetweetOutlined />} loading={reuse.isPending} data-testid={`reuse-${m.key}`}>
                复用
              </Button>
            </Dropdown>
          )}
        </Space>
      )}
    </div>
  )
}
