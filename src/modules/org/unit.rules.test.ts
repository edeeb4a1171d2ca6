import { describe, expect, it } from 'vitest'
import { childPath, isUnitPhone, unitShapeProblem, type UnitRef, type UnitShape } from './unit.rules.js'
import { ancestorCodes, levelOfCode, parentCodeOf } from './region.source.js'

const ref = (id: number, kind: UnitRef['kind'], subtype: string | null, region: string): UnitRef => ({ id, kind, subtype, region_code: region, path: `/${id}/`, status: 'active' })
const city = ref(1, 'centre', 'city_centre', '3714')
const county = ref(2, 'centre', 'county_centre', '371402')
const town = ref(3, 'centre', 'township_centre', '371402001')
const village = ref(4, 'centre', 'village_point', '371402001001')
const dept = ref(5, 'department', null, '3714')
const win = ref(6, 'window', 'general', '3714')

function shape(s: Partial<UnitShape> & Pick<UnitShape, 'kind' | 'regionCode'>): UnitShape {
  return { subtype: null, regionLevel: levelOfCode(s.regionCode) ?? 0, parent: null, department: null, centre: null, ...s }
}

describe('which units may exist where', () => {
  it.each<[string, UnitShape]>([
    ['a city centre on a city', shape({ kind: 'centre', subtype: 'city_centre', regionCode: '3714' })],
    ['a branch of the city centre', shape({ kind: 'centre', subtype: 'branch', regionCode: '3714', parent: city })],
    ['a county centre of its own government', shape({ kind: 'centre', subtype: 'county_centre', regionCode: '371402' })],
    ['a township centre under its county centre', shape({ kind: 'centre', subtype: 'township_centre', regionCode: '371402001', parent: county })],
    ['a village point under its township centre', shape({ kind: 'centre', subtype: 'village_point', regionCode: '371402001001', parent: town })],
    ['a department of the city government', shape({ kind: 'department', regionCode: '3714' })],
    ['a sub-bureau under a department', shape({ kind: 'department', regionCode: '3714', parent: dept })],
    ['an approval office sitting in the city centre', shape({ kind: 'approval_office', regionCode: '3714', parent: dept, centre: city })],
    ['a general window in a township centre', shape({ kind: 'window', subtype: 'general', regionCode: '371402001', parent: town })],
    ['a department window in the city centre', shape({ kind: 'window', subtype: 'department', regionCode: '3714', parent: city, department: dept })],
    ['a city department\'s window in a county centre', shape({ kind: 'window', subtype: 'department', regionCode: '371402', parent: county, department: dept })],
  ])('allows %s', (_why, s) => {
    expect(unitShapeProblem(s)).toBeNull()
  })

  it.each<[string, UnitShape, string]>([
    ['a city centre with a parent', shape({ kind: 'centre', subtype: 'city_centre', regionCode: '3714', parent: city }), 'INVALID_PARENT'],
    ['a city centre on a county', shape({ kind: 'centre', subtype: 'city_centre', regionCode: '371402' }), 'INVALID_REGION'],
    ['a branch without a parent', shape({ kind: 'centre', subtype: 'branch', regionCode: '3714' }), 'INVALID_PARENT'],
    ['a county centre under another county centre', shape({ kind: 'centre', subtype: 'county_centre', regionCode: '371402', parent: county }), 'INVALID_PARENT'],
    ['a village point on a township', shape({ kind: 'centre', subtype: 'village_point', regionCode: '371402001', parent: town }), 'INVALID_REGION'],
    ['a centre under a village point', shape({ kind: 'centre', subtype: 'village_point', regionCode: '371402001001', parent: village }), 'INVALID_PARENT'],
    ['a centre under a window', shape({ kind: 'centre', subtype: 'branch', regionCode: '3714', parent: win }), 'INVALID_PARENT'],
    ['a centre of no known subtype', shape({ kind: 'centre', subtype: 'hall', regionCode: '3714' }), 'INVALID_UNIT'],
    ['a department with a subtype', shape({ kind: 'department', subtype: 'bureau', regionCode: '3714' }), 'INVALID_UNIT'],
    ['a department under a centre', shape({ kind: 'department', regionCode: '3714', parent: city }), 'INVALID_PARENT'],
    ['a department sitting in a centre', shape({ kind: 'department', regionCode: '3714', centre: city }), 'INVALID_CENTRE'],
    ['an approval office without its department', shape({ kind: 'approval_office', regionCode: '3714', centre: city }), 'INVALID_PARENT'],
    ['an approval office of one department claimed by another', shape({ kind: 'approval_office', regionCode: '3714', parent: dept, department: ref(9, 'department', null, '3714') }), 'INVALID_DEPARTMENT'],
    ['a window under a department', shape({ kind: 'window', subtype: 'general', regionCode: '3714', parent: dept }), 'INVALID_PARENT'],
    ['a window said to sit in a centre other than its parent', shape({ kind: 'window', subtype: 'general', regionCode: '371402', parent: county, centre: city }), 'INVALID_CENTRE'],
    ['a department window without a department', shape({ kind: 'window', subtype: 'department', regionCode: '3714', parent: city }), 'INVALID_DEPARTMENT'],
    ['a general window tied to a department', shape({ kind: 'window', subtype: 'general', regionCode: '3714', parent: city, department: dept }), 'INVALID_DEPARTMENT'],
    ['a unit outside its parent\'s region', shape({ kind: 'window', subtype: 'general', regionCode: '371403', parent: county }), 'INVALID_REGION'],
  ])('refuses %s', (_why, s, code) => {
    expect(unitShapeProblem(s)?.code).toBe(code)
  })
})

describe('paths, phones and region codes', () => {
  it('builds a materialised path from the parent\'s', () => {
    expect(childPath(null, 7)).toBe('/7/')
    expect(childPath('/1/4/', 9)).toBe('/1/4/9/')
  })

  it.each([
    ['0534-2689001', true],
    ['05342689001', true],
    ['010-12345678', true],
    ['0534-2689001-801', true],
    ['13953400001', true],
    ['12345', true],
    ['400-810-8888', true],
    ['2689001', false],
    ['0534-26890', false],
    ['1395340000', false],
    ['tel:12345', false],
  ])('reads %s as an office phone number: %s', (phone, ok) => {
    expect(isUnitPhone(phone)).toBe(ok)
  })

  it('derives levels and parents of GB/T 2260 codes by prefix', () => {
    expect(['37', '3714', '371402', '371402001', '371402001001', '3714020', 'ab'].map(levelOfCode)).toEqual([1, 2, 3, 4, 5, null, null])
    expect(parentCodeOf('371402001001')).toBe('371402001')
    expect(parentCodeOf('371402001')).toBe('371402')
    expect(parentCodeOf('37')).toBeNull()
    expect(ancestorCodes('371402001001')).toEqual(['37', '3714', '371402', '371402001'])
  })
})
