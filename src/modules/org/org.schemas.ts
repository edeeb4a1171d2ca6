/** Request and response schemas of the org routes (TypeBox); the response schemas are the DTOs. */
import { Type, type Static, type TSchema } from 'typebox'
import { ROLE_NAMES, type Role } from '../../shared/roles.js'

/**
 * null | T, with null first: Fastify's Ajv coerces types, and a null meeting a `string` branch
 * first would become '' (an integer branch, 0). With null first, null stays null and '' / 0 from
 * a cleared form field also read as null.
 */
const Nullable = <T extends TSchema>(t: T) => Type.Union([Type.Null(), t])

export const ErrorSchema = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) })
export const Errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema }

export const RoleSchema = Type.Unsafe<Role>(Type.String({ enum: ROLE_NAMES }))
export const UnitKindSchema = Type.Union([Type.Literal('centre'), Type.Literal('department'), Type.Literal('approval_office'), Type.Literal('window')])
const RegionCode = Type.String({ pattern: '^[0-9]{2,12}$', description: 'GB/T 2260 行政区划代码（2、4、6、9 或 12 位）' })
const Id = Type.Integer({ minimum: 1 })

export const IdParams = Type.Object({ id: Id })
export const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 20 }) })

export const RegionSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.Integer({ description: '1 省 2 市 3 县区 4 乡镇街道 5 村社区' }),
  parentCode: Nullable(Type.String()),
  hasChildren: Type.Boolean(),
})

export const RegionQuery = Type.Object({ parent: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$' })) })

export const ImportBody = Type.Object({
  provinceCode: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
  cityCode: Type.Optional(Type.String({ pattern: '^[0-9]{4}$' })),
  withStreets: Type.Optional(Type.Boolean()),
  withVillages: Type.Boolean({ default: false }),
})

export const ImportResultSchema = Type.Object({
  source: Type.String(),
  counts: Type.Object({ provinces: Type.Integer(), cities: Type.Integer(), counties: Type.Integer(), townships: Type.Integer(), villages: Type.Integer() }),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  ms: Type.Integer(),
})

export const UnitSchema = Type.Object({
  id: Type.Integer(),
  kind: UnitKindSchema,
  subtype: Nullable(Type.String()),
  name: Type.String(),
  code: Nullable(Type.String()),
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  parentId: Nullable(Type.Integer()),
  parentName: Nullable(Type.String()),
  departmentId: Nullable(Type.Integer()),
  departmentName: Nullable(Type.String()),
  centreId: Nullable(Type.Integer()),
  centreName: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  address: Nullable(Type.String()),
  description: Nullable(Type.String()),
  status: Type.Union([Type.Literal('active'), Type.Literal('closed')]),
  sort: Type.Integer(),
})

const UnitCode = Type.String({ maxLength: 40, pattern: '^$|^[A-Za-z0-9][A-Za-z0-9_.-]*$', description: '单位编码（字母、数字、_ . -），全局唯一' })
const unitFields = {
  subtype: Type.Optional(Nullable(Type.String({ maxLength: 40, description: '中心：city_centre | branch | county_centre | township_centre | village_point；窗口：general | department' }))),
  code: Type.Optional(Nullable(UnitCode)),
  parentId: Type.Optional(Nullable(Id)),
  departmentId: Type.Optional(Nullable(Id)),
  centreId: Type.Optional(Nullable(Id)),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
  address: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  sort: Type.Optional(Type.Integer({ minimum: -1000000, maximum: 1000000 })),
}

export const UnitCreateBody = Type.Object({
  kind: UnitKindSchema,
  name: Type.String({ minLength: 1, maxLength: 100 }),
  regionCode: RegionCode,
  ...unitFields,
})
export type UnitCreateBody = Static<typeof UnitCreateBody>

export const UnitPatchBody = Type.Object({
  kind: Type.Optional(UnitKindSchema),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  regionCode: Type.Optional(RegionCode),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('closed')])),
  ...unitFields,
})

const PageQuery = {
  page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 500, default: 20 }),
}

export const UnitQuery = Type.Object({
  kind: Type.Optional(UnitKindSchema),
  subtype: Type.Optional(Type.String({ maxLength: 40 })),
  parentId: Type.Optional(Type.Integer({ minimum: 0, description: '上级单位 id；0 表示顶层单位' })),
  centreId: Type.Optional(Id),
  departmentId: Type.Optional(Id),
  regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{1,12}$', description: '该行政区划及其下级' })),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('closed')])),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  ...PageQuery,
})

export const Page = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() })

export const GrantSchema = Type.Object({
  role: RoleSchema,
  unitId: Nullable(Type.Integer()),
  unitName: Nullable(Type.String()),
  regionCode: Nullable(Type.String()),
  regionName: Nullable(Type.String()),
})

export const StaffSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  phone: Nullable(Type.String()),
  title: Nullable(Type.String()),
  unitId: Nullable(Type.Integer()),
  unitName: Nullable(Type.String()),
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  locked: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  lastLoginAt: Nullable(Type.String({ format: 'date-time' })),
  grants: Type.Array(GrantSchema),
})

export const GrantInputSchema = Type.Object({
  role: RoleSchema,
  unitId: Type.Optional(Nullable(Id)),
  regionCode: Type.Optional(Nullable(RegionCode)),
})
const Grants = Type.Array(GrantInputSchema, { maxItems: 50, description: '授权：按单位（含下级）或按行政区划；都不填为全系统（仅系统管理员可授）' })

export const StaffCreateBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  displayName: Type.String({ minLength: 1, maxLength: 50 }),
  password: Type.String({ minLength: 1, maxLength: 128 }),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  title: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
  unitId: Id,
  grants: Grants,
})

export const StaffPatchBody = Type.Object({
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  title: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
  unitId: Type.Optional(Id),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
})

export const GrantsBody = Type.Object({ grants: Grants })

export const StaffQuery = Type.Object({
  unitId: Type.Optional(Type.Integer({ minimum: 1, description: '所属单位（含下级单位）' })),
  role: Type.Optional(RoleSchema),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
  ...PageQuery,
})

export const SummarySchema = Type.Object({
  city: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
  counts: Type.Object({
    regions: Type.Integer(),
    centres: Type.Integer(),
    departments: Type.Integer(),
    approvalOffices: Type.Integer(),
    windows: Type.Integer(),
    staff: Type.Integer(),
  }),
})

export const RolesSchema = Type.Object({
  items: Type.Array(Type.Object({ role: RoleSchema, name: Type.String(), assignable: Type.Boolean({ description: '当前用户能否授予该角色' }) })),
})

export const UnitTypesSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      kind: UnitKindSchema,
      name: Type.String(),
      subtypes: Type.Array(Type.Object({ subtype: Type.String(), name: Type.String() })),
    }),
  ),
})
