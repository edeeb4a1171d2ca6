import type { ThemeConfig } from 'antd'

/** A restrained government back-office look: navy header, one blue, square-ish corners, dense tables. */
export const NAVY = '#0c2f5c'
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1a56a6',
    colorInfo: '#1a56a6',
    borderRadius: 4,
    fontSize: 14,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: NAVY, headerHeight: 56, headerPadding: '0 16px', siderBg: '#ffffff', bodyBg: '#f0f2f5' },
    Table: { headerBg: '#f5f7fa', cellPaddingBlock: 10, cellPaddingInline: 12 },
    Card: { headerFontSize: 15 },
    Menu: { itemBorderRadius: 2 },
  },
}
