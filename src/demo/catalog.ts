/**
 * Loads the demo catalogue: DEMO_ITEMS (catalog.data.ts) as published items of the demo city's
 * departments, each with version 1. Idempotent (items whose code exists are skipped) and fast: a
 * few bulk statements in one transaction, every guide checked by the catalogue's own rules first,
 * and one summary audit record. Run loadDemoCity first (the departments must exist).
 */
import type { FastifyBaseLogger } from 'fastify'
import { sql } from 'kysely'
import { systemCtx, type Deps } from '../server/context.js'
import { mutate } from '../server/mutate.js'
import { checkGuide, normalizeGuide, searchTextOf, type ItemGuide, type ItemStep } from '../modules/catalog/index.js'
import { UNIT_CODES } from './city.js'
import { DEMO_ITEMS, type DemoItemDef } from './catalog.data.js'

export { DEMO_ITEMS, FOOD_LICENCE_NEW_CODE, HOUSEHOLD_BOOKLET_REISSUE_CODE } from './catalog.data.js'

export interface DemoCatalogueResult {
  inserted: number
  skipped: number
  ms: number
}

/** S1 steps whose limits add up to the promised limit: 受理 0 (the centre accepts on receipt), 审核 the most, 批准, 办结 1. */
export function demoSteps(promised: number, instant: boolean): ItemStep[] {
  if (instant || promised === 0)
    return [
      { key: 'intake', name: '受理', role: 'window_staff', limitDays: 0 },
      { key: 'review', name: '审核', role: 'window_staff', limitDays: 0 },
      { key: 'approve', name: '批准', role: 'window_staff', limitDays: 0 },
      { key: 'complete', name: '办结', role: 'window_staff', limitDays: 0 },
    ]
  const complete = promised >= 3 ? 1 : 0
  const approve = promised >= 2 ? Math.max(1, Math.floor(promised * 0.3)) : 0
  return [
    { key: 'intake', name: '受理', role: 'window_staff', limitDays: 0 },
    { key: 'review', name: '审核', role: 'reviewer', limitDays: promised - complete - approve },
    { key: 'approve', name: '批准', role: 'approver', limitDays: approve },
    { key: 'complete', name: '办结', role: 'window_staff', limitDays: complete },
  ]
}

const PHONES: Record<string, string> = {
  XZSP: '0534-2689101',
  SCJG: '0534-2689102',
  FGW: '0534-2689103',
  ZRZY: '0534-2689104',
  ZJJ: '0534-2689105',
  GAJ: '0534-2689106',
  RSJ: '0534-2689107',
  MZJ: '0534-2689108',
  WJW: '0534-2689109',
  JTJ: '0534-2689110',
  SHJ: '0534-2689111',
  SWJ: '0534-2689112',
  YBJ: '0534-2689113',
  SLJ: '0534-2689114',
}

export function demoGuide(d: DemoItemDef, departmentId: number): ItemGuide {
  const instant = !!d.instant
  return normalizeGuide({
    code: d.code,
    name: d.name,
    typeCode: d.type,
    departmentId,
    level: d.level ?? 'city',
    legalBasis: d.basis,
    conditions: d.conditions,
    audiences: d.audiences,
    topics: d.topics,
    materials: d.materials,
    legalLimitDays: d.legal,
    promisedLimitDays: d.promised,
    instant,
    steps: d.steps ?? demoSteps(d.promised, instant),
    pausesAllowed: d.pauses ?? [],
    conditionalAcceptance: !!d.conditional,
    pledgeAllowed: !!d.pledge,
    fees: d.fees ?? [],
    result: { type: d.result.type, name: d.result.name, eCertificateType: d.result.eCertificateType ?? null },
    channels: d.channels ?? ['online', 'window'],
    visits: d.visits ?? (instant ? 1 : 0),
    consultPhone: `${PHONES[d.dept] ?? '0534-2689100'}；12345`,
    complaintPhone: '0534-2689000；12345',
    remedies: { review: '德州市人民政府（行政复议）', litigation: '德州市德城区人民法院（行政诉讼）' },
    faq: d.faq ?? [],
  })
}

export async function loadDemoCatalogue(deps: Deps, log: FastifyBaseLogger): Promise<DemoCatalogueResult> {
  const started = Date.now()
  const db = deps.db
  const deptCodes = [...new Set(DEMO_ITEMS.map((d) => UNIT_CODES.dept(d.dept)))]
  const depts = await db.selectFrom('org_unit').select(['id', 'code', 'name', 'kind']).where('code', 'in', deptCodes).execute()
  const byCode = new Map(depts.map((d) => [d.code!, d]))
  const missing = deptCodes.filter((c) => !byCode.has(c))
  if (missing.length) {
    log.warn(`示范事项目录未加载：缺少示范部门 ${missing.join('、')}（请先加载示范城市） (demo catalogue not loaded: demo departments missing)`)
    return { inserted: 0, skipped: 0, ms: Date.now() - started }
  }

  const existing = new Set((await db.selectFrom('item').select('code').where('code', 'in', DEMO_ITEMS.map((d) => d.code)).execute()).map((r) => r.code))
  const todo = DEMO_ITEMS.filter((d) => !existing.has(d.code))
  if (!todo.length) {
    log.info('示范事项目录已加载，跳过 (demo catalogue already loaded)')
    return { inserted: 0, skipped: existing.size, ms: Date.now() - started }
  }
  const rows = todo.map((d) => {
    const dept = byCode.get(UNIT_CODES.dept(d.dept))!
    const guide = demoGuide(d, Number(dept.id))
    const check = checkGuide(guide, { departmentKind: dept.kind })
    if (check.errors.length) throw new Error(`demo catalogue: ${d.code} ${d.name} is invalid: ${check.errors.map((e) => e.message).join('; ')}`)
    const searchText = searchTextOf(guide, dept.name)
    return { guide, deptId: Number(dept.id), searchText }
  })

  await mutate(deps, systemCtx('demo'), async (tx) => {
    const at = tx.now
    const ids = await tx.db
      .insertInto('item')
      .values(
        rows.map((r) => ({
          code: r.guide.code,
          status: 'published' as const,
          department_id: r.deptId,
          draft: null,
          name: r.guide.name,
          search_text: r.searchText,
          type_code: r.guide.typeCode,
          audiences: r.guide.audiences,
          topics: r.guide.topics,
          instant: r.guide.instant,
          created_at: at,
          updated_at: at,
        })),
      )
      .returning(['id', 'code'])
      .execute()
    const idOf = new Map(ids.map((r) => [r.code, Number(r.id)]))
    await tx.db
      .insertInto('item_version')
      .values(rows.map((r) => ({ item_id: idOf.get(r.guide.code)!, version: 1, guide: JSON.stringify(r.guide), published_at: at, published_by: null })))
      .execute()
    const itemIds = [...idOf.values()]
    await sql`update item i set current_version_id = v.id from item_version v where v.item_id = i.id and v.version = 1 and i.id = any(${itemIds}::bigint[])`.execute(tx.db)
    await tx.db
      .insertInto('item_status_change')
      .values(itemIds.map((id) => ({ item_id: id, action: 'publish' as const, from_status: 'draft', to_status: 'published', reason: '示范数据', approval_ref: null, version: 1, by_user_id: null, by_name: '系统', at })))
      .execute()
    await tx.audit({
      action: 'demo.catalog.load',
      targetType: 'item',
      summary: `加载示范事项目录：发布 ${rows.length} 个事项（${rows.filter((r) => r.guide.instant).length} 个即办件），涉及 ${new Set(rows.map((r) => r.deptId)).size} 个部门`,
      after: { codes: rows.map((r) => r.guide.code) },
    })
  })
  const ms = Date.now() - started
  log.info({ ms, inserted: rows.length }, `示范事项目录已加载：${rows.length} 个事项`)
  return { inserted: rows.length, skipped: existing.size, ms }
}
