/**
 * The one way the web shell talks to the server: same-origin JSON with the session cookie.
 * Errors arrive as {"error":{"code","message"}} and are thrown as ApiError with the Chinese
 * message; a 401 on an ordinary call hands control to the registered handler (back to /login).
 */

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

type Query = Record<string, string | number | boolean | null | undefined>

export interface RequestOptions {
  query?: Query
  body?: unknown
  /** Do not hand a 401 to the unauthorised handler (login form, the session probe). */
  allow401?: boolean
  signal?: AbortSignal
  /** Reads the response headers (e.g. X-Total-Count of a paged list). */
  onHeaders?: (headers: Headers) => void
}

let onUnauthorized: (() => void) | null = null

/** Registered once by the app shell: what to do when the session has gone. */
export function setUnauthorizedHandler(fn: (() => void) | null): void {
  onUnauthorized = fn
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue
    params.set(k, String(v))
  }
  const s = params.toString()
  return s ? `${path}?${s}` : path
}

const STATUS_TEXT: Record<number, string> = {
  400: '请求参数有误',
  401: '登录已失效，请重新登录',
  403: '您没有执行此操作的权限',
  404: '请求的内容不存在',
  409: '数据冲突，请刷新后重试',
  413: '提交的内容过大',
  423: '账号已被锁定',
  429: '请求过于频繁，请稍后再试',
  500: '服务器内部错误，请稍后再试',
  502: '服务暂时不可用，请稍后再试',
  503: '服务暂时不可用，请稍后再试',
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  let body: string | undefined
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(opts.body)
  }
  let res: Response
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    })
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e
    throw new ApiError(0, 'NETWORK_ERROR', '网络连接失败，请检查网络后重试')
  }
  opts.onHeaders?.(res.headers)
  const text = await res.text()
  let data: unknown = null
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      data = null
    }
  }
  if (!res.ok) {
    const err = (data as { error?: { code?: unknown; message?: unknown } } | null)?.error
    const code = typeof err?.code === 'string' ? err.code : `HTTP_${res.status}`
    const message = typeof err?.message === 'string' && err.message ? err.message : (STATUS_TEXT[res.status] ?? `请求失败（${res.status}）`)
    const apiError = new ApiError(res.status, code, message)
    if (res.status === 401 && !opts.allow401) onUnauthorized?.()
    throw apiError
  }
  return data as T
}

export const api = {
  get: <T>(path: string, query?: Query, opts: Omit<RequestOptions, 'query' | 'body'> = {}) => request<T>('GET', path, { ...opts, query }),
  post: <T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'body'> = {}) => request<T>('POST', path, { ...opts, body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  del: <T>(path: string) => request<T>('DELETE', path),
}

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message
  if (e instanceof Error && e.message) return e.message
  return '操作失败，请稍后再试'
}

/**
 * multipart POST with the session cookie: `fields` plus one file (under `fileField`, default `file`);
 * the server's errors come back as ApiError like any other call.
 */
export async function upload<T>(path: string, fields: Record<string, string>, file: File | Blob, opts: { fileName?: string; fileField?: string } = {}): Promise<T> {
  const fd = new FormData()
  for (const [k, v] of Object.entries(fields)) fd.append(k, v)
  fd.append(opts.fileField ?? 'file', file, opts.fileName ?? (file as File).name ?? 'file')
  let res: Response
  try {
    res = await fetch(path, { method: 'POST', body: fd, credentials: 'same-origin', headers: { accept: 'application/json' } })
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', '网络连接失败，请检查网络后重试')
  }
  const text = await res.text()
  let data: unknown = null
  try {
    data = text ? JSON.parse(text) : null
  } catch {
    data = null
  }
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string } } | null)?.error
    const fallback = res.status === 413 ? '文件过大，超过系统允许的大小' : `上传失败（${res.status}）`
    throw new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message || fallback)
  }
  return data as T
}
