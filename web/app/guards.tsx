import type { ReactNode } from 'react'
import { Navigate, useLocation } from 'react-router-dom'
import { Button, Result, Spin } from 'antd'
import { hasRole, useMe } from '../hooks/api/auth'
import type { Role } from '../lib/roles'

export function FullPageSpin({ tip = '正在加载…' }: { tip?: string }) {
  return (
    <div style={{ minHeight: '60vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
      <Spin size="large" description={tip} />
    </div>
  )
}

/** Only a signed-in user gets past; anyone else goes to /login and comes back afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe()
  const location = useLocation()
  if (me.isPending) return <FullPageSpin />
  if (me.isError) {
    return (
      <Result
        status="500"
        title="无法连接服务器"
        subTitle="暂时无法获取登录状态，请稍后重试。"
        extra={<Button type="primary" onClick={() => me.refetch()}>重试</Button>}
      />
    )
  }
  if (!me.data) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />
  return <>{children}</>
}

export function Forbidden() {
  return <Result status="403" title="无权访问" subTitle="您的账号没有访问此页面的权限，如需开通请联系中心管理员。" />
}

export function RequireRole({ roles, staffOnly, children }: { roles: readonly Role[]; staffOnly?: boolean; children: ReactNode }) {
  const me = useMe()
  const user = me.data
  if (!user || (staffOnly && user.kind !== 'staff') || !hasRole(user, roles)) return <Forbidden />
  return <>{children}</>
}
