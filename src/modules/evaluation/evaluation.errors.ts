import { defineErrors } from '../../server/errors.js'

export const EvaluationErrors = defineErrors({
  VALIDATION_ERROR: 400,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  /** case not completed, not the actor's, or the rating window has closed */
  RATING_NOT_ALLOWED: 409,
  ALREADY_RATED: 409,
  /** stars or indicators out of range or not those of the channel (R21) */
  INVALID_RATING: 400,
  VISIT_NOT_FOUND: 404,
  VISIT_CLOSED: 409,
  RECTIFICATION_NOT_FOUND: 404,
  INVALID_RECTIFICATION_STATE: 409,
  /** a real-name rater must be called back before measures are recorded (R22: 100 %) */
  CALLBACK_REQUIRED: 409,
  APPEAL_EXISTS: 409,
  APPEAL_NOT_FOUND: 404,
  INVALID_SETTINGS: 400,
})
