import { defineErrors } from '../../server/errors.js'

/** The catalog module's closed set of error codes. */
export const CatalogErrors = defineErrors({
  /** a guide that breaks one of the rules of catalog.rules.ts (details.problems lists them all) */
  INVALID_GUIDE: 400,
  PROMISED_OVER_LEGAL: 400,
  INSTANT_LIMITS: 400,
  STEPS_INCOMPLETE: 400,
  STEP_LIMITS_OVER_PROMISED: 400,
  INVALID_STEP: 400,
  DUPLICATE_MATERIAL_KEY: 400,
  INVALID_MATERIAL: 400,
  INVALID_FEE_RULE: 400,
  UNKNOWN_DEPARTMENT: 400,
  INVALID_TYPE_CODE: 400,
  NO_CHANNELS: 400,
  INVALID_IMPORT_FILE: 400,
  /** another item already has this code */
  CODE_TAKEN: 409,
  /** an item's code cannot change once created */
  CODE_IMMUTABLE: 409,
  /** publish with no pending draft */
  NO_DRAFT: 409,
  /** suspend of an item that is not published */
  NOT_PUBLISHED: 409,
  /** restart of an item that is not suspended */
  NOT_SUSPENDED: 409,
  /** publish while suspended: restart it first */
  ITEM_SUSPENDED: 409,
  /** anything on an abolished item (final) */
  ITEM_ABOLISHED: 409,
})
