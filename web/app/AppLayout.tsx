/**
 * The signed-in shell: navy header with the platform name and the user, a collapsible side menu
 * (a drawer on phones), and the page in the middle.
 */
import { Suspense, useMemo, useState } from 'react'
import { Outlet, useLocation, useNavigate } from 'react-router-dom'
import { Alert, Avatar, Button, Drawer, Dropdown, Layout, Menu, Space, Tag, Typography, type MenuProps } from 'antd'
import { LogoutOutlined, MenuOutlined, SettingOutlined, UserOutlined } from '@ant-design/icons'
import { useLogout, useMe, type User } from '../hooks/api/auth'
import { roleName } from '../lib/roles'
import { BrandMark } from '../ui/BrandMark'
import { useIsPhone } from '../ui/useIsPhone'
import { FullPageSpin } from './guards'
import { navFor, selectedKey, type NavItem } from './nav'

const { Header, Sider, Content, Footer } = Layout

function toMenuItems(items: NavItem[]): MenuProps['items'] {
  return items.map((i) => ({ key: i.key, label: i.label, icon: i.icon, children: i.children ? toMenuItems(i.children) : undefined }))
}

function roleSummary(user: User): string[] {
  return [...new Set(user.grants.map((g) => roleName(g.role)))]
}

export function AppLayout() {
  const me = useMe()
  const user = me.data!
  const isPhone = useIsPhone()
  const [collapsed, setCollapsed] = useState(false)
  const [drawerOpen, setDrawerOpen] = useState(false)
  const navigate = useNavigate()
  const location = useLocation()
  const logout = useLogout()

  const nav = useMemo(() => navFor(user), [user])
  const selected = selectedKey(location.pathname, nav)
  // open the group that holds the selected page
  const openKeys = nav.filter((i) => i.children?.some((c) => c.key === selected)).map((i) => i.key)
  const go: MenuProps['onClick'] = ({ key }) => {
    setDrawerOpen(false)
    navigate(key)
  }
  const doLogout = () => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) })
  const roles = roleSummary(user)

  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[selected]}
      defaultOpenKeys={openKeys}
      items={toMenuItems(nav)}
      onClick={go}
      style={{ borderInlineEnd: 'none' }}
      data-testid="main-nav"
    />
  )

  const userMenu: MenuProps['items'] = [
    { key: 'who', disabled: true, label: <span style={{ color: 'rgba(0,0,0,0.65)' }}>{roles.join('、') || '—'}</span> },
    { type: 'divider' },
    { key: 'account', icon: <SettingOutlined />, label: '账号设置', onClick: () => navigate('/account') },
    { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', onClick: doLogout },
  ]

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header style={{ display: 'flex', alignItems: 'center', gap: 12, position: 'sticky', top: 0, zIndex: 100, width: '100%' }}>
        {isPhone && (
          <Button type="text" aria-label="打开菜单" icon={<MenuOutlined style={{ color: '#fff', fontSize: 18 }} />} onClick={() => setDrawerOpen(true)} />
        )}
        <BrandMark size={isPhone ? 26 : 30} />
        <Typography.Text style={{ color: '#fff', fontSize: isPhone ? 15 : 18, fontWeight: 600, letterSpacing: 1, whiteSpace: 'nowrap' }}>
          {isPhone ? '一窗通办' : '一窗通办 · 政务服务平台'}
        </Typography.Text>
        <div style={{ flex: 1 }} />
        {!isPhone && (
          <Space size={4} wrap={false} style={{ maxWidth: 420, overflow: 'hidden' }} data-testid="header-roles">
            {roles.slice(0, 3).map((r) => (
              <Tag key={r} color="blue" variant="filled" style={{ marginInlineEnd: 0 }}>
                {r}
              </Tag>
            ))}
            {roles.length > 3 && <Tag>+{roles.length - 3}</Tag>}
          </Space>
        )}
        <Dropdown menu={{ items: userMenu }} placement="bottomRight" trigger={['click']}>
          <Button type="text" style={{ color: '#fff', paddingInline: 6 }} data-testid="user-menu">
            <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1a56a6' }} />
            <span style={{ marginInlineStart: 6, maxWidth: isPhone ? 90 : 160, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} data-testid="user-name">
              {user.displayName}
            </span>
          </Button>
        </Dropdown>
        {!isPhone && (
          <Button type="text" icon={<LogoutOutlined />} style={{ color: '#fff' }} onClick={doLogout} loading={logout.isPending}>
            退出
          </Button>
        )}
      </Header>
      <Layout>
        {!isPhone && (
          <Sider
            collapsible
            collapsed={collapsed}
            onCollapse={setCollapsed}
            breakpoint="lg"
            width={208}
            theme="light"
            style={{ borderInlineEnd: '1px solid #e8e8e8' }}
          >
            {menu}
          </Sider>
        )}
        {isPhone && (
          <Drawer
            placement="left"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            size={248}
            title={
              <Space>
                <BrandMark size={22} />
                <span>一窗通办</span>
              </Space>
            }
            styles={{ body: { padding: 0 } }}
          >
            <div style={{ padding: '12px 16px', borderBottom: '1px solid #f0f0f0' }}>
              <div style={{ fontWeight: 600 }}>{user.displayName}</div>
              <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>{roles.join('、')}</div>
            </div>
            {menu}
            <div style={{ padding: 16 }}>
              <Button block icon={<LogoutOutlined />} onClick={doLogout}>
                退出登录
              </Button>
            </div>
          </Drawer>
        )}
        <Layout>
          <Content style={{ padding: isPhone ? 8 : 16, minWidth: 0 }}>
            {user.mustChangePassword && location.pathname !== '/account' && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                title="您的密码为初始密码或已被管理员重置，请尽快修改。"
                action={<Button size="small" onClick={() => navigate('/account')}>去修改</Button>}
              />
            )}
            <Suspense fallback={<FullPageSpin />}>
              <Outlet />
            </Suspense>
          </Content>
          <Footer style={{ textAlign: 'center', padding: '12px 16px', fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
            一窗通办 · 政务服务平台 　政务服务热线 12345
          </Footer>
        </Layout>
      </Layout>
    </Layout>
  )
}
