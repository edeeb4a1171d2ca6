import { defineErrors } from '../../server/errors.js'

export const StatsErrors = defineErrors({
  VALIDATION_ERROR: 400,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
})
