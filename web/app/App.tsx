/** Providers (antd zh_CN, dayjs zh-cn, TanStack Query) and the router. */
import { useEffect } from 'react'
import { App as AntApp, ConfigProvider } from 'antd'
import zhCN from 'antd/locale/zh_CN'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { RouterProvider } from 'react-router-dom'
import { ApiError, errorMessage, setUnauthorizedHandler } from '../lib/api'
import { meKey } from '../hooks/api/auth'
import { FeedbackBridge, showError } from './feedback'
import { router } from './router'
import { theme } from './theme'

dayjs.locale('zh-cn')

function report(e: unknown, meta: Record<string, unknown> | undefined) {
  if (meta?.silent) return
  if (e instanceof ApiError && e.status === 401) return // handled by the redirect to /login
  showError(errorMessage(e))
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (e, query) => report(e, query.meta) }),
  mutationCache: new MutationCache({ onError: (e, _v, _c, mutation) => report(e, mutation.meta) }),
  defaultOptions: {
    queries: {
      refetchOnWindowFocus: false,
      staleTime: 15_000,
      retry: (count, e) => !(e instanceof ApiError && e.status > 0 && e.status < 500) && count < 2,
    },
    mutations: { retry: false },
  },
})

export function App() {
  useEffect(() => {
    setUnauthorizedHandler(() => {
      if (queryClient.getQueryData(meKey) === null) return
      queryClient.setQueryData(meKey, null)
      const here = window.location.pathname + window.location.search
      if (!here.startsWith('/login')) void router.navigate('/login', { state: { from: here, expired: true } })
    })
    return () => setUnauthorizedHandler(null)
  }, [])
  return (
    <ConfigProvider locale={zhCN} theme={theme}>
      <AntApp>
        <FeedbackBridge />
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  )
}
