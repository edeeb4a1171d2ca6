/**
 * Loads the demo city 德州市 (3714): real region codes (province 37 with its cities and counties;
 * for 3714 every township/street and village/community), the centre network, departments with
 * their approval offices, windows, one staff account per role and two registered applicants.
 *
 * Idempotent: when the city centre (unit code ZX3714) exists, nothing is done. The units and
 * staff are written in one transaction, so that marker means "complete"; regions and applicants
 * come first and are safe to repeat if a run was cut short. Every write goes through mutate with
 * its audit record (summary records for the bulk inserts).
 */
import type { FastifyBaseLogger } from 'fastify'
import { sql } from 'kysely'
import { systemCtx, type Deps } from '../server/context.js'
import { DomainError } from '../server/errors.js'
import { mutate } from '../server/mutate.js'
import { createStaffAccount, register } from '../modules/auth/index.js'
import { createUnits, importRegions } from '../modules/org/index.js'
import { DEMO_APPLICANTS, DEMO_MORE_STAFF, DEMO_PASSWORD, DEMO_STAFF, type DemoStaff } from './accounts.js'
import { CITY, CITY_CENTRE_CODE, cityUnits, DETAILED_COUNTIES, VILLAGE_POINT_TOWNSHIPS, VILLAGE_POINTS_PER_TOWNSHIP, type RegionName } from './city.js'

export interface DemoCounts {
  regions: { provinces: number; cities: number; counties: number; townships: number; villages: number }
  centres: number
  departments: number
  approvalOffices: number
  windows: number
  staff: number
  applicants: number
}

export interface DemoResult {
  /** false when the demo city was already there (or another city occupies the database) */
  loaded: boolean
  ms: number
  counts: DemoCounts
}

export async function loadDemoCity(deps: Deps, log: FastifyBaseLogger): Promise<DemoResult> {
  const started = Date.now()
  const db = deps.db
  if (await db.selectFrom('org_unit').select('id').where('code', '=', CITY_CENTRE_CODE).executeTakeFirst()) {
    log.info('示范城市（德州市）已加载，跳过 (demo city already loaded)')
    return { loaded: false, ms: Date.now() - started, counts: await demoCounts(deps) }
  }
  const other = await db.selectFrom('org_unit').select('name').where('kind', '=', 'centre').where('subtype', '=', 'city_centre').executeTakeFirst()
  if (other) {
    log.warn(`数据库中已有城市组织机构（${other.name}），不再加载示范城市 (another city's organisation exists; demo not loaded)`)
    return { loaded: false, ms: Date.now() - started, counts: await demoCounts(deps) }
  }
  const ctx = systemCtx('demo')

  const imported = await importRegions(deps, ctx, { provinceCode: CITY.provinceCode, cityCode: CITY.code, withVillages: true })
  log.info({ ms: imported.ms, counts: imported.counts }, '示范城市：行政区划已导入')

  for (const a of DEMO_APPLICANTS) {
    try {
      await register(
        deps,
        ctx,
        a.kind === 'person'
          ? { kind: 'person', name: a.displayName, idNumber: a.username, phone: a.phone, password: DEMO_PASSWORD }
          : { kind: 'enterprise', name: a.displayName, creditCode: a.username, legalRepresentative: a.legalRepresentative ?? '', phone: a.phone, password: DEMO_PASSWORD },
      )
    } catch (e) {
      // a previous run that stopped half-way already registered them
      if (!(e instanceof DomainError && e.code === 'ALREADY_REGISTERED')) throw e
    }
  }

  const regionNames = async (where: string[], level: number, perParent?: number): Promise<RegionName[]> => {
    const rows = await db
      .selectFrom('region')
      .select(['code', 'name', 'parent_code'])
      .where('level', '=', level)
      .where((eb) => eb.or(where.map((p) => eb('code', 'like', `${p}%`))))
      .orderBy('code')
      .execute()
    if (!perParent) return rows
    const seen = new Map<string, number>()
    return rows.filter((r) => {
      const k = r.parent_code ?? ''
      seen.set(k, (seen.get(k) ?? 0) + 1)
      return seen.get(k)! <= perParent
    })
  }
  const counties = await regionNames([CITY.code], 3)
  const townships = await regionNames([...DETAILED_COUNTIES], 4)
  const villages = await regionNames([...VILLAGE_POINT_TOWNSHIPS], 5, VILLAGE_POINTS_PER_TOWNSHIP)
  const specs = cityUnits(counties, townships, villages)

  await mutate(deps, ctx, async (tx) => {
    const ids = await createUnits(tx, specs, '加载示范城市德州市的服务中心、部门、审批科室和窗口')
    const byCode = new Map<string, number>()
    for (const s of specs) if (s.code) byCode.set(s.code, ids.get(s.key)!)
    const unitId = (code: string) => {
      const id = byCode.get(code)
      if (id === undefined) throw new Error(`demo: no unit with code ${code}`)
      return id
    }
    const grantOf = (s: DemoStaff) =>
      s.grant === 'all'
        ? { role: s.role, unitId: null, regionCode: null }
        : 'region' in s.grant
          ? { role: s.role, unitId: null, regionCode: s.grant.region }
          : { role: s.role, unitId: unitId(s.grant.unit), regionCode: null }
    for (const s of [...DEMO_STAFF, ...DEMO_MORE_STAFF]) {
      const home = unitId(s.home)
      const row = await createStaffAccount(tx, {
        username: s.username,
        displayName: s.displayName,
        password: DEMO_PASSWORD,
        phone: s.phone,
        unitId: home,
        title: s.title,
        grants: [grantOf(s)],
      })
      await tx.audit({ action: 'org.staff.create', targetType: 'user', targetId: Number(row.id), unitId: home, summary: `示范城市：新建工作人员账号 ${s.displayName}（${s.username}，${s.role}）` })
    }
    await tx.audit({
      action: 'demo.city.load',
      targetType: 'org_unit',
      targetId: ids.get('city')!,
      unitId: ids.get('city')!,
      summary: `加载示范城市德州市：${specs.length} 个单位，${DEMO_STAFF.length + DEMO_MORE_STAFF.length} 个工作人员账号，${DEMO_APPLICANTS.length} 个申请人账号`,
    })
  })

  const counts = await demoCounts(deps)
  const ms = Date.now() - started
  log.info({ ms, counts }, `示范城市德州市已加载，用时 ${(ms / 1000).toFixed(1)} 秒 (demo city loaded)`)
  return { loaded: true, ms, counts }
}

/** What the database holds for the demo city (the numbers the report and the test print). */
export async function demoCounts(deps: Deps): Promise<DemoCounts> {
  const db = deps.db
  const levels = await sql<{ level: number; n: number }>`
    select level, count(*)::int8 as n from region
    where code like ${`${CITY.provinceCode}%`} group by level`.execute(db)
  const lv = (l: number) => Number(levels.rows.find((r) => Number(r.level) === l)?.n ?? 0)
  const kinds = await db
    .selectFrom('org_unit')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('region_code', 'like', `${CITY.code}%`)
    .groupBy('kind')
    .execute()
  const k = (kind: string) => Number(kinds.find((r) => r.kind === kind)?.n ?? 0)
  const accounts = await db
    .selectFrom('user_account as a')
    .leftJoin('org_unit as u', 'u.id', 'a.unit_id')
    .select([
      sql<number>`count(*) filter (where a.kind = 'staff' and u.region_code like ${`${CITY.code}%`})`.as('staff'),
      sql<number>`count(*) filter (where a.kind = 'applicant')`.as('applicants'),
    ])
    .executeTakeFirstOrThrow()
  return {
    regions: { provinces: lv(1), cities: lv(2), counties: lv(3), townships: lv(4), villages: lv(5) },
    centres: k('centre'),
    departments: k('department'),
    approvalOffices: k('approval_office'),
    windows: k('window'),
    staff: Number(accounts.staff),
    applicants: Number(accounts.applicants),
  }
}
