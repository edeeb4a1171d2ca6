import { defineErrors } from '../../server/errors.js'

export const FilesErrors = defineErrors({
  EMPTY_FILE: 400,
  FILE_NOT_FOUND: 404,
  FILE_TOO_LARGE: 413,
  UNSUPPORTED_FILE_TYPE: 415,
  /** the stored bytes no longer match their recorded hash (tampered or damaged store) */
  FILE_INTEGRITY_ERROR: 500,
})
