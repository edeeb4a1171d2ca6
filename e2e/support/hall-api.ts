/**
 * The applicant's side of the HTTP API for the hall journeys: a cookie jar of its own (so the
 * browser stays anonymous), and a tiny but real PDF to upload as a material.
 */
import { request, type APIRequestContext } from 'playwright-core'
import { expect } from 'vitest'

export const DEMO_PERSON_ID = '371402198806152317'
export const DEMO_PASSWORD = 'Demo@2026'

/** A one-page PDF 1.4 with a correct cross-reference table (pdftotext reads it). */
export function tinyPdf(text = 'OneWindow test material'): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null, // the content stream, below
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  const stream = `BT /F1 18 Tf 72 760 Td (${text.replace(/[()\\]/g, '')}) Tj ET`
  objects[3] = `<< /Length ${Buffer.byteLength(stream)} >>\nstream\n${stream}\nendstream`
  let out = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out))
    out += `${i + 1} 0 obj\n${o}\nendobj\n`
  })
  const xref = Buffer.byteLength(out)
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}

export interface ApiClient {
  ctx: APIRequestContext
  get<T>(path: string): Promise<T>
  post<T>(path: string, body?: unknown): Promise<T>
  put<T>(path: string, body: unknown): Promise<T>
  close(): Promise<void>
}

async function parse<T>(method: string, path: string, res: { ok(): boolean; status(): number; text(): Promise<string> }): Promise<T> {
  const text = await res.text()
  if (!res.ok()) throw new Error(`${method} ${path} → ${res.status()} ${text.slice(0, 500)}`)
  return (text ? JSON.parse(text) : null) as T
}

export async function apiClient(baseUrl: string): Promise<ApiClient> {
  const ctx = await request.newContext({ baseURL: baseUrl })
  return {
    ctx,
    get: async (path) => parse('GET', path, await ctx.get(path)),
    post: async (path, body) => parse('POST', path, await ctx.post(path, { data: body ?? {} })),
    put: async (path, body) => parse('PUT', path, await ctx.put(path, { data: body })),
    close: () => ctx.dispose(),
  }
}

export async function loginApplicant(baseUrl: string, username = DEMO_PERSON_ID, password = DEMO_PASSWORD): Promise<ApiClient> {
  const api = await apiClient(baseUrl)
  await api.post('/api/auth/login', { username, password })
  return api
}

interface ItemSummary {
  id: number
  name: string
  audiences: string[]
  channels: string[]
  instant: boolean
  status: string
}
interface Guide {
  materials: { key: string; name: string; requirement: string }[]
  fees: { key: string; kind: string }[]
}

/**
 * 食品经营许可 as the journeys need it when the demo catalogue does not (yet) hold it: created and
 * published by the system administrator through the catalogue API. Returns whether it had to be made.
 */
export async function ensureFoodLicenceItem(baseUrl: string, adminPassword: string): Promise<boolean> {
  const anon = await apiClient(baseUrl)
  try {
    const found = await anon.get<{ items: ItemSummary[] }>(`/api/catalog/items?q=${encodeURIComponent('食品经营许可')}&pageSize=5`)
    if (found.items.some((i) => i.name.includes('食品经营许可') && i.channels.includes('online'))) return false
  } finally {
    await anon.close()
  }
  const admin = await apiClient(baseUrl)
  try {
    await admin.post('/api/auth/login', { username: 'admin', password: adminPassword })
    const units = await admin.get<{ items: { id: number; name: string }[] }>(`/api/org/units?kind=department&q=${encodeURIComponent('市场监督管理局')}&pageSize=5`)
    expect(units.items.length, 'the demo city should have a 市场监督管理局').toBeGreaterThan(0)
    const guide = {
      code: '371400-SPJY-E2E-001',
      name: '食品经营许可（新办）',
      typeCode: '01',
      departmentId: units.items[0]!.id,
      level: 'city',
      legalBasis: '《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》',
      conditions: '具有与经营的食品品种、数量相适应的经营场所、设备设施和食品安全管理制度。',
      audiences: ['person', 'enterprise'],
      topics: ['餐饮服务'],
      materials: [
        { key: 'application', name: '食品经营许可申请书', requirement: 'required', form: 'original', copies: 1, secondary: false },
        { key: 'layout', name: '经营场所平面布局图', requirement: 'required', form: 'original', copies: 1, secondary: true },
        { key: 'agent', name: '授权委托书', requirement: 'conditional', condition: '委托他人办理的', form: 'original', copies: 1, secondary: false },
      ],
      legalLimitDays: 20,
      promisedLimitDays: 5,
      instant: false,
      steps: [
        { key: 'intake', name: '受理', role: 'window_staff', limitDays: 1 },
        { key: 'review', name: '审核', role: 'reviewer', limitDays: 2 },
        { key: 'approve', name: '批准', role: 'approver', limitDays: 1 },
        { key: 'complete', name: '办结', role: 'window_staff', limitDays: 1 },
      ],
      pausesAllowed: ['site_inspection'],
      conditionalAcceptance: true,
      pledgeAllowed: false,
      fees: [],
      result: { type: 'licence', name: '食品经营许可证' },
      channels: ['online', 'window'],
      visits: 0,
      consultPhone: '0534-12345',
      complaintPhone: '0534-12345',
      remedies: { review: '德州市人民政府', litigation: '德城区人民法院' },
      faq: [],
    }
    const created = await admin.post<{ item: { id: number } }>('/api/catalog/items', { guide })
    await admin.post(`/api/catalog/items/${created.item.id}/publish`, {})
    return true
  } finally {
    await admin.close()
  }
}

/** A published item a natural person can apply for online, with required materials and (preferably) no quantities to fill. */
export async function findPersonOnlineItem(api: ApiClient): Promise<{ item: ItemSummary; guide: Guide }> {
  const list = await api.get<{ items: ItemSummary[] }>('/api/catalog/items?audience=person&pageSize=100')
  const candidates = list.items.filter((i) => i.status === 'published' && i.channels.includes('online') && i.audiences.includes('person') && !i.instant)
  expect(candidates.length, 'the catalogue should hold items a person can apply for online').toBeGreaterThan(0)
  let fallback: { item: ItemSummary; guide: Guide } | null = null
  for (const item of candidates.slice(0, 30)) {
    const d = await api.get<{ item: { current: { guide: Guide } } }>(`/api/catalog/items/${item.id}`)
    const guide = d.item.current.guide
    const hasRequired = guide.materials.some((m) => m.requirement === 'required')
    if (hasRequired && guide.fees.every((f) => f.kind === 'flat')) return { item, guide }
    fallback ??= { item, guide }
  }
  return fallback!
}

/** Creates, fills and submits an online case for the demo applicant; returns its number. */
export async function submitCaseThroughApi(api: ApiClient): Promise<{ id: number; number: string; itemName: string }> {
  const { item, guide } = await findPersonOnlineItem(api)
  const created = await api.post<{ case: { id: number; number: string } }>('/api/cases', { itemId: item.id })
  const id = created.case.id
  const quantities: Record<string, number> = Object.fromEntries(guide.fees.filter((f) => f.kind !== 'flat').map((f) => [f.key, 1]))
  await api.put(`/api/cases/${id}/form`, {
    form: { description: '申请办理（端到端测试）', address: '德州市德城区东风中路 1166 号', delivery: { method: 'download' }, quantities },
    quantities,
    exemptions: [],
  })
  for (const m of guide.materials.filter((x) => x.requirement === 'required')) {
    const res = await api.ctx.post(`/api/cases/${id}/materials`, {
      multipart: { materialKey: m.key, file: { name: `${m.key}.pdf`, mimeType: 'application/pdf', buffer: tinyPdf(m.key) } },
    })
    await parse('POST', `/api/cases/${id}/materials`, res)
  }
  const submitted = await api.post<{ case: { number: string; status: string } }>(`/api/cases/${id}/submit`, {})
  expect(submitted.case.status).toBe('submitted')
  return { id, number: submitted.case.number, itemName: item.name }
}
