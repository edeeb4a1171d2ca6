/**
 * Which units may exist, and where: pure rules on data, no database.
 *
 * The organisation has two lines that meet in the service hall:
 *  - the centre line, which is a tree: a city's 政务服务中心 (city_centre) with its 分中心 (branch);
 *    each county/district's own 政务服务中心 (county_centre, a top-level unit of that county's
 *    government, not a child of the city centre: Shenyang counts "1 city centre, 5 branches,
 *    17 county centres" as different things); a county centre's 乡镇(街道)便民服务中心
 *    (township_centre) and their 村(社区)便民服务站 (village_point); and the windows of each centre
 *    (parent = the centre);
 *  - the department line: a 部门 belongs to a level of government, so it has no parent (or a parent
 *    department for a sub-bureau) and the region code of that government; its 审批科/审批办
 *    (approval_office) is its child and records the centre it sits in (centre_id), as
 *    两集中两到位 puts it in the hall.
 * A department window sits in a centre (parent) and names the department it receives for.
 * Data scope follows `path` (see org.scope.ts), so a grant on a centre covers its branches and
 * windows, a grant on a department covers its approval office, and a region grant covers all.
 */
import type { UnitKind } from './org.tables.js'

export const UNIT_KINDS: readonly UnitKind[] = ['centre', 'department', 'approval_office', 'window']

export const UNIT_KIND_NAMES: Record<UnitKind, string> = {
  centre: '服务中心',
  department: '部门',
  approval_office: '审批科室',
  window: '窗口',
}

export const CENTRE_SUBTYPES = {
  city_centre: '市政务服务中心',
  branch: '分中心',
  county_centre: '县（市、区）政务服务中心',
  township_centre: '乡镇（街道）便民服务中心',
  village_point: '村（社区）便民服务站',
} as const

export const WINDOW_SUBTYPES = {
  general: '综合窗口',
  department: '部门窗口',
} as const

export type CentreSubtype = keyof typeof CENTRE_SUBTYPES
export type WindowSubtype = keyof typeof WINDOW_SUBTYPES

/** A unit referred to by another (parent, department, centre), as far as the rules need it. */
export interface UnitRef {
  id: number
  kind: UnitKind
  subtype: string | null
  region_code: string
  path: string
  status: 'active' | 'closed'
}

export interface UnitShape {
  kind: UnitKind
  subtype: string | null
  regionCode: string
  /** 1 province … 5 village */
  regionLevel: number
  parent: UnitRef | null
  department: UnitRef | null
  centre: UnitRef | null
}

export type ShapeProblem = {
  code: 'INVALID_UNIT' | 'INVALID_PARENT' | 'INVALID_DEPARTMENT' | 'INVALID_CENTRE' | 'INVALID_REGION'
  message: string
}

const LEVEL_NAMES = ['', '省级', '市级', '县级', '乡镇（街道）级', '村（社区）级']

function problem(code: ShapeProblem['code'], message: string): ShapeProblem {
  return { code, message }
}

/** Levels of region each kind of centre serves. */
const CENTRE_LEVELS: Record<CentreSubtype, readonly number[]> = {
  city_centre: [1, 2],
  branch: [1, 2, 3, 4],
  county_centre: [3],
  township_centre: [4],
  village_point: [5],
}

/** What is wrong with a unit of this shape, or null when it may exist. (Whether the units it refers to are still open is the service's question: it matters only when a reference is made.) */
export function unitShapeProblem(s: UnitShape): ShapeProblem | null {
  const { parent, department, centre } = s
  switch (s.kind) {
    case 'centre': {
      if (!s.subtype || !Object.hasOwn(CENTRE_SUBTYPES, s.subtype)) {
        return problem('INVALID_UNIT', `服务中心须指定类型：${Object.entries(CENTRE_SUBTYPES).map(([k, v]) => `${k}（${v}）`).join('、')}`)
      }
      const sub = s.subtype as CentreSubtype
      if (department) return problem('INVALID_DEPARTMENT', '服务中心不属于部门')
      if (centre) return problem('INVALID_CENTRE', '服务中心不能再指定所在中心，请用上级单位表示隶属关系')
      const levels = CENTRE_LEVELS[sub]
      if (!levels.includes(s.regionLevel)) {
        return problem('INVALID_REGION', `${CENTRE_SUBTYPES[sub]}的行政区划应为${levels.map((l) => LEVEL_NAMES[l]).join('或')}`)
      }
      if (sub === 'city_centre' && parent) return problem('INVALID_PARENT', '市政务服务中心没有上级单位')
      if (sub === 'county_centre' && parent && !(parent.kind === 'centre' && parent.subtype === 'city_centre')) {
        return problem('INVALID_PARENT', '县（市、区）政务服务中心的上级只能是市政务服务中心，或不设上级')
      }
      if ((sub === 'branch' || sub === 'village_point') && !parent) return problem('INVALID_PARENT', `${CENTRE_SUBTYPES[sub]}须指定上级服务中心`)
      if (parent && parent.kind !== 'centre') return problem('INVALID_PARENT', '服务中心的上级单位须为服务中心')
      if (parent && parent.subtype === 'village_point') return problem('INVALID_PARENT', '村（社区）便民服务站下不能再设服务中心')
      break
    }
    case 'department':
      if (s.subtype) return problem('INVALID_UNIT', '部门不分类型')
      if (parent && parent.kind !== 'department') return problem('INVALID_PARENT', '部门的上级单位只能是部门（或不设上级，隶属本级政府）')
      if (department) return problem('INVALID_DEPARTMENT', '部门不能再指定所属部门，请用上级单位表示隶属关系')
      if (centre) return problem('INVALID_CENTRE', '部门本身不进驻中心，请为其审批科室指定所在中心')
      break
    case 'approval_office':
      if (s.subtype) return problem('INVALID_UNIT', '审批科室不分类型')
      if (!parent || parent.kind !== 'department') return problem('INVALID_PARENT', '审批科室的上级单位须为部门')
      if (department && department.id !== parent.id) return problem('INVALID_DEPARTMENT', '审批科室的所属部门就是其上级部门')
      if (centre && centre.kind !== 'centre') return problem('INVALID_CENTRE', '所在中心须为服务中心')
      break
    case 'window':
      if (!s.subtype || !Object.hasOwn(WINDOW_SUBTYPES, s.subtype)) return problem('INVALID_UNIT', '窗口须指定类型：general（综合窗口）或 department（部门窗口）')
      if (!parent || parent.kind !== 'centre') return problem('INVALID_PARENT', '窗口的上级单位须为服务中心')
      if (centre && centre.id !== parent.id) return problem('INVALID_CENTRE', '窗口所在中心就是其上级服务中心')
      if (s.subtype === 'department') {
        if (!department) return problem('INVALID_DEPARTMENT', '部门窗口须指定所属部门')
        if (department.kind !== 'department') return problem('INVALID_DEPARTMENT', '所属部门须为部门')
      } else if (department) {
        return problem('INVALID_DEPARTMENT', '综合窗口为各部门统一受理，不属于某一部门')
      }
      break
  }
  if (parent && !s.regionCode.startsWith(parent.region_code)) {
    return problem('INVALID_REGION', '单位的行政区划须在上级单位的行政区划之内')
  }
  return null
}

/** The unit's materialised path: the ancestors' ids and its own, '/1/4/9/'. */
export function childPath(parentPath: string | null, id: number): string {
  return `${parentPath ?? '/'}${id}/`
}

/** Office and service numbers: mobiles, landlines with area code (0534-2689001, extension allowed), 400/800 lines, 5-digit service lines (12345). */
export function isUnitPhone(s: string): boolean {
  return (
    /^1[3-9]\d{9}$/.test(s) ||
    /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/.test(s) ||
    /^[48]00-?\d{3}-?\d{4}$/.test(s) ||
    /^\d{5}$/.test(s)
  )
}

/** The derived references: a window sits in its parent centre; an approval office belongs to its parent department. */
export function derivedRefs(kind: UnitKind, parentId: number | null, departmentId: number | null, centreId: number | null): { departmentId: number | null; centreId: number | null } {
  if (kind === 'window') return { departmentId, centreId: parentId }
  if (kind === 'approval_office') return { departmentId: parentId, centreId }
  return { departmentId, centreId }
}
