import { defineErrors } from '../../server/errors.js'

export const NotifyErrors = defineErrors({
  TEMPLATE_INVALID: 400,
  TEMPLATE_NOT_FOUND: 404,
  NOTICE_NOT_RETRYABLE: 409,
})
