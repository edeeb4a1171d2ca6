import { defineErrors } from '../../server/errors.js'

/** The org module's error codes and their HTTP status. */
export const OrgErrors = defineErrors({
  /** a unit or staff member that does not exist, or lies outside the actor's data scope (the two look the same) */
  NOT_FOUND: 404,
  REGION_NOT_FOUND: 404,
  /** a region code in the input that is not in the region table */
  INVALID_REGION: 400,
  /** kind / subtype / region level do not fit together */
  INVALID_UNIT: 400,
  INVALID_PARENT: 400,
  INVALID_DEPARTMENT: 400,
  INVALID_CENTRE: 400,
  INVALID_PHONE: 400,
  /** an empty (whitespace-only) unit name or staff name */
  INVALID_NAME: 400,
  INVALID_USERNAME: 400,
  INVALID_GRANT: 400,
  UNIT_CODE_TAKEN: 409,
  UNIT_HAS_ACTIVE_CHILDREN: 409,
  /** the change would put the record outside the actor's own scope */
  OUT_OF_SCOPE: 403,
  /** a grant the actor may not give (system_admin, or outside their scope) */
  GRANT_NOT_ALLOWED: 403,
  /** the staff member holds grants wider than the actor's, so only a system administrator may change them */
  STAFF_OUTSIDE_SCOPE: 403,
  CANNOT_CHANGE_SELF: 403,
  INVALID_IMPORT: 400,
})
