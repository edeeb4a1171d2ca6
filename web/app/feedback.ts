/**
 * Lets code outside React (the query cache's error hooks) use the app's message/notification
 * instances, which carry the ConfigProvider's locale and theme.
 */
import { App } from 'antd'
import { useEffect } from 'react'
import type { MessageInstance } from 'antd/es/message/interface'
import type { NotificationInstance } from 'antd/es/notification/interface'

let message: MessageInstance | null = null
let notification: NotificationInstance | null = null

export function FeedbackBridge(): null {
  const app = App.useApp()
  useEffect(() => {
    message = app.message
    notification = app.notification
    return () => {
      message = null
      notification = null
    }
  }, [app])
  return null
}

/** A short error toast; the same text shown twice at once is collapsed into one. */
export function showError(text: string): void {
  message?.error({ content: text, key: `err:${text}`, duration: 4 })
}

export function showNotice(title: string, description: string): void {
  notification?.warning({ title, description, placement: 'topRight' })
}
