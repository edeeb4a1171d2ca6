/**
 * /counter/rate — the evaluation device on the counter (窗口评价器), a tablet signed in as the window's
 * staff: full screen, no menus. It polls the window's current visit; when someone is being served it
 * shows five big faces and the three window indicators; after the rating a thank-you screen, then it
 * returns to waiting. The window is ?window=<id>, or the signed-in staff member's own unit.
 */
import { useEffect, useState } from 'react'
import { Link, useSearchParams } from 'react-router-dom'
import { Button, Result, Spin } from 'antd'
import { SmileOutlined } from '@ant-design/icons'
import { useMe } from '../../../hooks/api/auth'
import { useCurrentVisit, useRateVisit } from '../../../hooks/api/evaluation'
import { NAVY } from '../../../app/theme'
import { RatingForm } from '../shared/RatingForm'

const THANKS_MS = 6000

export default function CounterRatePage() {
  const me = useMe()
  const [params] = useSearchParams()
  const windowId = Number(params.get('window')) || me.data?.unitId || null
  const visit = useCurrentVisit(me.data ? windowId : null, 3000)
  const rate = useRateVisit()
  const [thanks, setThanks] = useState<number | null>(null)
  const [formKey, setFormKey] = useState(0)

  useEffect(() => {
    if (thanks === null) return
    const t = setTimeout(() => {
      setThanks(null)
      rate.reset()
      setFormKey((k) => k + 1)
    }, THANKS_MS)
    return () => clearTimeout(t)
  }, [thanks, rate])

  if (me.isLoading) return <Spin fullscreen />
  if (!me.data) return null
  const v = visit.data

  let body: React.ReactNode
  if (visit.isError) body = <Result status="warning" title="评价器无法连接本窗口" subTitle="请确认以本窗口工作人员账号登录，或在地址中指定 ?window=窗口编号。" extra={<Link to="/">返回工作台</Link>} />
  else if (thanks !== null) body = <Result icon={<SmileOutlined style={{ fontSize: 120, color: '#389e0d' }} />} title={<span style={{ fontSize: 40 }}>感谢您的评价！</span>} subTitle={<span style={{ fontSize: 22 }}>您的意见将帮助我们改进服务{thanks <= 2 ? '，我们会在规定期限内整改并回访您' : ''}。</span>} data-testid="counter-thanks" />
  else if (!v || v.rated)
    body = (
      <div style={{ textAlign: 'center', paddingTop: '12vh' }} data-testid="counter-waiting">
        <SmileOutlined style={{ fontSize: 140, color: '#1a56a6' }} />
        <div style={{ fontSize: 44, marginTop: 24 }}>欢迎您，请稍候</div>
        <div style={{ fontSize: 24, color: '#666', marginTop: 12 }}>办理完毕后，请对本次服务作出评价</div>
      </div>
    )
  else
    body = (
      <div data-testid="counter-rating" data-visit-id={v.id}>
        <div style={{ textAlign: 'center', fontSize: 22, color: '#555', marginBottom: 16 }}>
          {v.staffName} 为您办理：{v.purpose}
        </div>
        <RatingForm
          key={`${v.id}-${formKey}`}
          channel="window"
          large
          pending={rate.isPending}
          error={rate.error}
          onSubmit={(b) => rate.mutate({ visitId: v.id, ...b }, { onSuccess: () => setThanks(b.stars), onSettled: () => visit.refetch() })}
        />
      </div>
    )

  return (
    <div style={{ minHeight: '100vh', background: '#f5f7fa', display: 'flex', flexDirection: 'column' }}>
      <div style={{ background: NAVY, color: '#fff', padding: '16px 24px', fontSize: 26, display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <span>{v?.windowName ?? '窗口'} · 服务评价</span>
        <Button ghost size="small" onClick={() => document.documentElement.requestFullscreen?.().catch(() => undefined)}>
          全屏
        </Button>
      </div>
      <div style={{ flex: 1, padding: 24 }}>{body}</div>
      <div style={{ textAlign: 'center', color: '#999', padding: 12 }}>一次一评 · 非常满意 满意 基本满意 不满意 非常不满意 · 监督电话 12345</div>
    </div>
  )
}
