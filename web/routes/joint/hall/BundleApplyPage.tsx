/** 申请一件事: resumes this bundle's unsubmitted draft or creates one, then opens it to fill in and submit. */
import { useEffect, useRef } from 'react'
import { Button, Card, Result, Skeleton } from 'antd'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { useMe } from '../../../hooks/api/auth'
import { useBundle, useCreateJointCase, type JointCaseSummaryDto, type Page } from '../../../hooks/api/joint'
import { api, errorMessage } from '../../../lib/api'

export default function BundleApplyPage() {
  const id = Number(useParams().id)
  const me = useMe().data!
  const navigate = useNavigate()
  const bundle = useBundle(Number.isFinite(id) ? id : null)
  const create = useCreateJointCase()
  const started = useRef(false)
  useEffect(() => {
    if (started.current || me.kind !== 'applicant' || !bundle.data) return
    started.current = true
    const b = bundle.data
    api
      .get<Page<JointCaseSummaryDto>>('/api/joint/cases', { status: 'draft', kind: 'bundle', pageSize: 50 })
      .then((r) => r.items.find((x) => x.name === b.name) ?? null)
      .catch(() => null)
      .then((draft) => {
        if (draft) navigate(`/my/joint/${draft.id}`, { replace: true })
        else create.mutate({ kind: 'bundle', bundleId: b.id }, { onSuccess: (r) => navigate(`/my/joint/${r.case.id}`, { replace: true }) })
      })
  }, [bundle.data, me.kind]) // eslint-disable-line react-hooks/exhaustive-deps
  if (me.kind !== 'applicant') return <Result status="info" title="在线申请面向申请人" subTitle="工作人员请在“综合窗口收件”代为申请。" extra={<Link to="/desk/joint/new"><Button>综合窗口收件</Button></Link>} />
  if (bundle.isError) return <Result status="404" title="未找到该一件事" subTitle={errorMessage(bundle.error)} />
  if (create.isError) return <Result status="error" title="无法创建申请" subTitle={errorMessage(create.error)} extra={<Link to={`/my/bundles/${id}`}><Button>返回</Button></Link>} />
  return <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>
}
