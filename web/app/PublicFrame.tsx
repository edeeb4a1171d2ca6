/** The frame around the public pages (login, registration): brand band, centred card, footer. */
import { Suspense, type ReactNode } from 'react'
import { Typography } from 'antd'
import { NAVY } from './theme'
import { FullPageSpin } from './guards'
import { BrandMark } from '../ui/BrandMark'

export function PublicFrame({ children }: { children: ReactNode }) {
  return (
    <div style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column', background: 'linear-gradient(180deg, #e8eef7 0%, #f5f7fa 60%)' }}>
      <div style={{ background: NAVY, color: '#fff', padding: '14px 20px', display: 'flex', alignItems: 'center', gap: 12 }}>
        <BrandMark size={32} />
        <div>
          <div style={{ fontSize: 18, fontWeight: 600, letterSpacing: 1 }}>一窗通办 · 政务服务平台</div>
          <div style={{ fontSize: 12, opacity: 0.75 }}>一窗受理 · 集成服务 · 限时办结 · 全程留痕</div>
        </div>
      </div>
      <div style={{ flex: 1, display: 'flex', justifyContent: 'center', alignItems: 'flex-start', padding: '40px 12px' }}>
        <Suspense fallback={<FullPageSpin />}>{children}</Suspense>
      </div>
      <Typography.Text type="secondary" style={{ textAlign: 'center', fontSize: 12, padding: 16 }}>
        政务服务热线 12345 · 本平台仅供依法办理政务服务事项使用
      </Typography.Text>
    </div>
  )
}
