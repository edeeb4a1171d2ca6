/**
 * The frame of the public hall pages (/hall, /hall/items/:id, /progress, /verify/:code): a navy
 * band with the hall's name and its few links, the page on a light background, and the footer
 * with the hotline. Works at phone width (links wrap under the name).
 */
import { Suspense, type ReactNode } from 'react'
import { Link, useLocation } from 'react-router-dom'
import { Badge, Button, Space } from 'antd'
import { BellOutlined, FileSearchOutlined, HomeOutlined, LikeOutlined, LoginOutlined, ProfileOutlined, TrophyOutlined, UserOutlined } from '@ant-design/icons'
import { useMe } from '../../../hooks/api/auth'
import { useUnreadCount } from '../../../hooks/api/hall'
import { NAVY } from '../../../app/theme'
import { FullPageSpin } from '../../../app/guards'
import { BrandMark } from '../../../ui/BrandMark'
import { useIsPhone } from '../../../ui/useIsPhone'

function NavLink({ to, icon, children, active }: { to: string; icon: ReactNode; children: ReactNode; active: boolean }) {
  return (
    <Link
      to={to}
      style={{
        color: '#fff',
        opacity: active ? 1 : 0.82,
        padding: '6px 10px',
        borderRadius: 3,
        background: active ? 'rgba(255,255,255,0.14)' : 'transparent',
        whiteSpace: 'nowrap',
        fontSize: 14,
      }}
    >
      {icon} {children}
    </Link>
  )
}

export function HallFrame({ children, narrow }: { children: ReactNode; narrow?: boolean }) {
  const me = useMe()
  const user = me.data
  const isPhone = useIsPhone()
  const { pathname } = useLocation()
  const unread = useUnreadCount(user?.kind === 'applicant')
  const links = (
    <Space size={isPhone ? 0 : 4} wrap={false} style={{ overflowX: 'auto', maxWidth: '100%' }}>
      <NavLink to="/hall" icon={<HomeOutlined />} active={pathname === '/hall' || pathname.startsWith('/hall/items')}>
        办事指南
      </NavLink>
      <NavLink to="/progress" icon={<FileSearchOutlined />} active={pathname.startsWith('/progress')}>
        办件查询
      </NavLink>
      <NavLink to="/hall/reviews" icon={<LikeOutlined />} active={pathname.startsWith('/hall/reviews')}>
        好差评
      </NavLink>
      <NavLink to="/hall/rankings" icon={<TrophyOutlined />} active={pathname.startsWith('/hall/rankings')}>
        效能排行
      </NavLink>
      {user && (
        <NavLink to={user.kind === 'applicant' ? '/my/cases' : '/'} icon={<ProfileOutlined />} active={false}>
          {user.kind === 'applicant' ? '我的办件' : '工作台'}
        </NavLink>
      )}
    </Space>
  )
  return (
    <div style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column', background: '#f3f5f8' }} data-testid="hall-frame">
      <div style={{ background: NAVY, color: '#fff', boxShadow: '0 1px 4px rgba(0,0,0,0.2)' }}>
        <div style={{ maxWidth: 1200, margin: '0 auto', padding: isPhone ? '10px 12px 6px' : '12px 20px', display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
          <Link to="/hall" style={{ display: 'flex', alignItems: 'center', gap: 10, color: '#fff' }}>
            <BrandMark size={isPhone ? 28 : 34} />
            <div>
              <div style={{ fontSize: isPhone ? 16 : 19, fontWeight: 600, letterSpacing: 1, lineHeight: 1.3 }}>德州市网上办事大厅</div>
              {!isPhone && <div style={{ fontSize: 12, opacity: 0.75 }}>一窗通办 · 一网通办 · 最多跑一次</div>}
            </div>
          </Link>
          {!isPhone && <div style={{ marginInlineStart: 24 }}>{links}</div>}
          <div style={{ flex: 1 }} />
          {user?.kind === 'applicant' && (
            <Link to="/my/messages" style={{ color: '#fff' }} aria-label="消息" data-testid="hall-messages">
              <Badge count={unread.data ?? 0} size="small" offset={[2, -2]}>
                <BellOutlined style={{ color: '#fff', fontSize: 17 }} />
              </Badge>
            </Link>
          )}
          {user ? (
            <Link to={user.kind === 'applicant' ? '/my/cases' : '/'} style={{ color: '#fff', whiteSpace: 'nowrap' }} data-testid="hall-user">
              <UserOutlined /> {user.displayName}
            </Link>
          ) : (
            <Space size={6}>
              <Link to="/login" state={{ from: pathname }}>
                <Button size="small" ghost icon={<LoginOutlined />} data-testid="hall-login">
                  登录
                </Button>
              </Link>
              {!isPhone && (
                <Link to="/register" style={{ color: '#fff', opacity: 0.85 }}>
                  注册
                </Link>
              )}
            </Space>
          )}
          {isPhone && <div style={{ width: '100%', marginInline: -6 }}>{links}</div>}
        </div>
      </div>
      <div style={{ flex: 1, width: '100%', maxWidth: narrow ? 640 : 1200, margin: '0 auto', padding: isPhone ? '10px 8px' : '16px 20px', boxSizing: 'border-box' }}>
        <Suspense fallback={<FullPageSpin />}>{children}</Suspense>
      </div>
      <div style={{ background: '#e6eaf0', color: 'rgba(0,0,0,0.55)', fontSize: 12, textAlign: 'center', padding: '14px 12px', lineHeight: 1.8 }}>
        <div>主办：德州市人民政府办公室 · 承办：德州市行政审批服务局</div>
        <div>政务服务便民热线 12345 · 本平台仅供依法办理政务服务事项使用</div>
      </div>
    </div>
  )
}
