import { Alert } from 'antd'
import { ApiError, errorMessage } from '../lib/api'

/** The server's answer to a form, shown beside the form (not as a toast that disappears). */
export function FormError({ error, style }: { error: unknown; style?: React.CSSProperties }) {
  if (!error) return null
  const code = error instanceof ApiError ? error.code : undefined
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16, ...style }}
      title={errorMessage(error)}
      description={code && !code.startsWith('HTTP_') ? <span className="ow-mono">错误代码：{code}</span> : undefined}
      data-testid="form-error"
    />
  )
}
