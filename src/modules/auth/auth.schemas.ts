import { Type, type Static } from 'typebox'
import { ROLE_NAMES, type Role } from '../../shared/roles.js'

export const ErrorSchema = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) })

export const RoleSchema = Type.Unsafe<Role>(Type.String({ enum: ROLE_NAMES }))

export const AccountSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.Union([Type.Literal('staff'), Type.Literal('applicant')]),
  username: Type.String(),
  displayName: Type.String(),
  applicantKind: Type.Union([Type.Literal('person'), Type.Literal('enterprise'), Type.Null()]),
  unitId: Type.Union([Type.Integer(), Type.Null()]),
  mustChangePassword: Type.Boolean(),
  grants: Type.Array(
    Type.Object({
      role: RoleSchema,
      unitId: Type.Union([Type.Integer(), Type.Null()]),
      unitName: Type.Union([Type.String(), Type.Null()]),
      regionCode: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
})

export const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 128 }),
})

const Password = Type.String({ minLength: 1, maxLength: 128 })
const Phone = Type.String({ minLength: 1, maxLength: 20 })

export const RegisterBody = Type.Union([
  Type.Object({
    kind: Type.Literal('person'),
    name: Type.String({ minLength: 2, maxLength: 50 }),
    idNumber: Type.String({ minLength: 1, maxLength: 40 }),
    phone: Phone,
    password: Password,
  }),
  Type.Object({
    kind: Type.Literal('enterprise'),
    name: Type.String({ minLength: 2, maxLength: 100 }),
    creditCode: Type.String({ minLength: 1, maxLength: 40 }),
    legalRepresentative: Type.String({ minLength: 2, maxLength: 50 }),
    phone: Phone,
    password: Password,
  }),
])
export type RegisterBody = Static<typeof RegisterBody>

export const PasswordChangeBody = Type.Object({ currentPassword: Password, newPassword: Password })
export const ResetBody = Type.Object({ password: Type.Optional(Password) })
export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) })
