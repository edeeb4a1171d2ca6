/** Import and export of the catalogue as an xlsx implementation list (catalog.xlsx.ts holds the format). */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Actor, Ctx, Deps } from '../../server/context.js'
import { DomainError } from '../../server/errors.js'
import { mutate } from '../../server/mutate.js'
import type { ItemGuide } from './catalog.types.js'
import { CatalogErrors } from './catalog.errors.js'
import { canManageDepartment, manageScopeOf } from './catalog.policy.js'
import * as repo from './catalog.repository.js'
import { createItemTx, saveDraftTx } from './catalog.service.js'
import { exportWorkbook, readWorkbook, rowToGuide } from './catalog.xlsx.js'

/** Every item the actor manages, as its working guide (the draft when there is one, else the current version). */
export async function exportCatalogue(db: Kysely<DB>, actor: Actor): Promise<Buffer> {
  const manage = await manageScopeOf(db, actor)
  const out: { guide: ItemGuide; departmentName: string; status: import('./catalog.types.js').ItemStatus }[] = []
  for (let page = 1; ; page++) {
    const { rows } = await repo.listItems(db, { words: [], similarTo: null, manage, managedOnly: true }, page, 500)
    for (const r of rows) {
      const item = await repo.findItem(db, r.id)
      const guide = item?.draft ?? r.guide
      if (guide) out.push({ guide, departmentName: r.dept_name, status: r.status })
    }
    if (rows.length < 500) break
  }
  return exportWorkbook(out)
}

export interface ImportResult {
  created: number
  updated: number
  errors: { row: number; code?: string; message: string }[]
}

/**
 * Creates or updates drafts by 事项编码. Each row is all-or-nothing (its own savepoint-free check
 * first, then its own transaction); a bad row is listed with its Excel row number and writes nothing.
 */
export async function importCatalogue(deps: Deps, ctx: Ctx, actor: Actor, data: Buffer): Promise<ImportResult> {
  let rows: Awaited<ReturnType<typeof readWorkbook>>
  try {
    rows = await readWorkbook(data)
  } catch (e) {
    throw CatalogErrors.INVALID_IMPORT_FILE((e as Error).message)
  }
  if (rows.length > 2000) throw CatalogErrors.INVALID_IMPORT_FILE('一次最多导入 2000 个事项')
  const ms = await manageScopeOf(deps.db, actor)
  const result: ImportResult = { created: 0, updated: 0, errors: [] }
  const parsed: { row: number; guide: Omit<ItemGuide, 'departmentId'>; departmentName: string }[] = []
  const seen = new Map<string, number>()
  for (const r of rows) {
    try {
      const p = rowToGuide(r.cells)
      const dup = seen.get(p.guide.code)
      if (dup) throw new Error(`事项编码 ${p.guide.code} 与第 ${dup} 行重复`)
      seen.set(p.guide.code, r.row)
      parsed.push({ row: r.row, ...p })
    } catch (e) {
      result.errors.push({ row: r.row, code: 'INVALID_ROW', message: (e as Error).message })
    }
  }
  const depts = await repo.departmentsByNameOrCode(deps.db, [...new Set(parsed.map((p) => p.departmentName))])
  const existing = new Map((await repo.itemsByCodes(deps.db, parsed.map((p) => p.guide.code))).map((i) => [i.code, i]))
  for (const p of parsed) {
    const matches = depts.filter((d) => d.name === p.departmentName || d.code === p.departmentName)
    const inScope = matches.filter((d) => canManageDepartment(ms, d))
    if (inScope.length !== 1) {
      result.errors.push({
        row: p.row,
        code: 'UNKNOWN_DEPARTMENT',
        message: inScope.length > 1 ? `实施机构“${p.departmentName}”有重名，请填写单位编码` : `实施机构“${p.departmentName}”不存在或不在您的管辖范围内`,
      })
      continue
    }
    const guide: ItemGuide = { ...p.guide, departmentId: Number(inScope[0]!.id) }
    const item = existing.get(guide.code)
    try {
      if (item && !canManageDepartment(ms, { path: item.dept_path, region_code: item.dept_region })) throw CatalogErrors.CODE_TAKEN(`事项编码 ${guide.code} 已被其他单位的事项使用`)
      await mutate(deps, ctx, async (tx) => {
        if (item) {
          const fresh = await repo.findItem(tx.db, item.id, true)
          await saveDraftTx(tx, ms, fresh!, guide)
        } else await createItemTx(tx, ms, guide)
      })
      if (item) result.updated++
      else result.created++
    } catch (e) {
      if (!(e instanceof DomainError)) throw e
      const problems = (e.details?.problems as { message: string }[] | undefined)?.map((x) => x.message)
      result.errors.push({ row: p.row, code: e.code, message: problems?.length ? problems.join('；') : e.message })
    }
  }
  result.errors.sort((a, b) => a.row - b.row)
  return result
}
