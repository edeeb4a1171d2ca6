import { defineErrors } from '../../server/errors.js'

export const DocumentsErrors = defineErrors({
  DOCUMENT_NOT_FOUND: 404,
  INVALID_DOCUMENT: 400,
  /** a pending document's stored content no longer matches the hash recorded at issue: never rendered */
  DOCUMENT_INTEGRITY_ERROR: 500,
})
