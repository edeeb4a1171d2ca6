import { defineErrors } from '../../server/errors.js'

export const DocumentsErrors = defineErrors({
  DOCUMENT_NOT_FOUND: 404,
  INVALID_DOCUMENT: 400,
})
