/**
 * Grows the published catalogue to N items for the synthetic city: clones of the region's published
 * items, each in its source's department, with a varied, realistic name (<object><kind>（<action>）,
 * e.g. 食品经营许可（变更）), its own code, a published version 1 with the source's guide (steps,
 * limits, instant flag, channels) and the search columns filled by the catalogue's own searchTextOf.
 * One audit record for the whole growth.
 */
import { sql } from 'kysely'
import { searchTextOf, type ItemGuide } from '../modules/catalog/index.js'
import type { Ctx, Deps } from '../server/context.js'
import { mutate } from '../server/mutate.js'
import { Rng } from './prng.js'

const OBJECTS: [RegExp, string[]][] = [
  [/市场监督|市场监管/, ['食品经营', '食品生产', '小作坊登记', '特种设备使用', '计量器具', '药品零售', '医疗器械经营', '化妆品经营', '广告发布', '个体工商户', '农民专业合作社', '餐饮服务', '食品摊贩', '检验检测机构', '工业产品生产']],
  [/住房|城乡建设/, ['建筑工程施工', '建设工程竣工验收', '商品房预售', '房地产开发企业资质', '建筑业企业资质', '城市建筑垃圾处置', '燃气经营', '物业服务', '园林绿化工程', '市政设施占用']],
  [/自然资源|规划/, ['建设用地规划', '建设工程规划', '乡村建设规划', '不动产首次登记', '不动产转移登记', '采矿权', '探矿权', '测绘资质', '林木采伐', '临时用地']],
  [/发展和改革|发展改革|发改/, ['企业投资项目核准', '企业投资项目备案', '节能审查', '政府投资项目可行性研究报告', '粮食收购', '招标方案']],
  [/交通/, ['道路运输经营', '道路货物运输', '出租汽车经营', '机动车维修经营', '驾驶员培训', '公路超限运输', '涉路施工', '港口经营']],
  [/卫生健康|卫健/, ['医疗机构执业', '公共场所卫生', '放射诊疗', '母婴保健技术服务', '医师执业注册', '护士执业注册', '饮用水供水单位卫生']],
  [/人力资源|社会保障|人社/, ['人力资源服务', '劳务派遣经营', '职业技能等级认定', '社会保险登记', '工伤认定', '特殊工时工作制']],
  [/民政/, ['社会团体登记', '民办非企业单位登记', '养老机构备案', '婚姻登记', '殡葬服务', '慈善组织认定']],
  [/教育/, ['民办学校办学', '校外培训机构', '幼儿园办园', '教师资格认定', '中等职业学校设置']],
  [/生态环境|环境/, ['建设项目环境影响评价', '排污许可', '危险废物经营', '辐射安全', '自然保护区建设']],
  [/公安/, ['居民身份证', '户口迁移', '印章刻制', '旅馆业特种行业', '剧毒化学品购买', '机动车登记', '大型群众性活动安全']],
  [/文化|旅游/, ['娱乐场所经营', '营业性演出', '网吧经营', '旅行社设立', '文物保护工程', '出版物零售']],
  [/农业|农村/, ['农药经营', '兽药经营', '种子生产经营', '动物防疫条件', '生鲜乳收购', '渔业捕捞', '农机驾驶证']],
  [/水利|水务/, ['取水', '河道管理范围内建设项目', '水土保持方案', '洪水影响评价', '生产建设项目水土保持']],
  [/应急|安全/, ['危险化学品经营', '烟花爆竹经营', '安全生产', '非煤矿山安全生产']],
]
const GENERIC = ['行政许可', '资格认定', '登记', '备案', '证明', '年度报告', '资质', '核准', '审批', '补贴申领']
const KINDS = ['许可', '登记', '备案', '审批', '证核发', '资格认定', '']
const ACTIONS = ['新办', '变更', '延续', '注销', '补办', '换发']

export interface GrowResult {
  added: number
  total: number
}

/** Adds items until the region has `target` published items; returns how many were added. */
export async function growCatalogue(deps: Deps, ctx: Ctx, regionCode: string, target: number, seed: number): Promise<GrowResult> {
  const db = deps.db
  const rows = await sql<{ id: number; department_id: number; dept_name: string; guide: ItemGuide | string }>`
    select i.id, i.department_id, d.name as dept_name, v.guide
    from item i join item_version v on v.id = i.current_version_id join org_unit d on d.id = i.department_id
    where i.status = 'published' and d.region_code like ${regionCode + '%'}
    order by i.id`.execute(db)
  const have = rows.rows.length
  if (have >= target || have === 0) return { added: 0, total: have }
  const rng = new Rng(seed ^ 0x5eed17e5)
  const byDept = new Map<number, { name: string; guides: ItemGuide[] }>()
  for (const r of rows.rows) {
    const g = (typeof r.guide === 'string' ? JSON.parse(r.guide) : r.guide) as ItemGuide
    const d = byDept.get(Number(r.department_id)) ?? { name: r.dept_name, guides: [] }
    d.guides.push(g)
    byDept.set(Number(r.department_id), d)
  }
  const depts = [...byDept.entries()]
  const used = new Set<string>(rows.rows.map((r) => ((typeof r.guide === 'string' ? JSON.parse(r.guide) : r.guide) as ItemGuide).name))
  const now = deps.clock.now()
  const add = target - have
  const items: Record<string, unknown>[] = []
  for (let k = 0; k < add; k++) {
    const [deptId, d] = depts[k % depts.length]!
    const source = rng.pick(d.guides)
    const objects = OBJECTS.find(([re]) => re.test(d.name))?.[1] ?? GENERIC.map((g) => `${d.name.replace(/^.*?(市|县|区)/, '')}${g}`)
    let name = ''
    for (let tries = 0; tries < 8; tries++) {
      const obj = rng.pick(objects)
      const kind = /许可|登记|备案|审批|核准|认定|证明|报告|申领|资质/.test(obj.slice(-2)) ? '' : rng.pick(KINDS)
      name = `${obj}${kind}（${rng.pick(ACTIONS)}）`
      if (!used.has(name)) break
    }
    if (used.has(name)) name = `${name.replace(/）$/, '')}·${k + 1}）`
    used.add(name)
    const code = `SY${regionCode.padEnd(6, '0').slice(0, 6)}${String(k + 1).padStart(6, '0')}`
    const guide: ItemGuide = { ...source, name, code, departmentId: deptId }
    items.push({ code, department_id: deptId, name, search_text: searchTextOf(guide, d.name), type_code: guide.typeCode, audiences: `{${guide.audiences.join(',')}}`, topics: `{${guide.topics.map((t) => `"${t.replace(/"/g, '')}"`).join(',')}}`, instant: guide.instant, guide: JSON.stringify(guide) })
  }
  await mutate(deps, ctx, async (tx) => {
    for (let i = 0; i < items.length; i += 1000) {
      const part = JSON.stringify(items.slice(i, i + 1000))
      await sql`
        with x as (select * from jsonb_to_recordset(${part}::jsonb) as x(code text, department_id int8, name text, search_text text, type_code text, audiences text, topics text, instant boolean, guide text)),
        i as (
          insert into item (code, status, department_id, name, search_text, type_code, audiences, topics, instant, created_at, updated_at)
          select code, 'published', department_id, name, search_text, type_code, audiences::text[], topics::text[], instant, ${now}, ${now} from x
          returning id, code),
        v as (
          insert into item_version (item_id, version, guide, published_at)
          select i.id, 1, x.guide::jsonb, ${now} from i join x on x.code = i.code
          returning id, item_id)
        select count(*) from v`.execute(tx.db)
      await sql`update item set current_version_id = v.id from item_version v
        where v.item_id = item.id and item.current_version_id is null and item.code like 'SY%' and item.status = 'published'`.execute(tx.db)
    }
    await tx.audit({ action: 'synth.catalogue.grow', targetType: 'item', summary: `合成数据：事项目录扩充 ${add} 项（共 ${target} 项）`, after: { added: add, total: target, regionCode } })
  })
  return { added: add, total: target }
}
