import { defineErrors } from '../../server/errors.js'

/** The calendar module's closed set of error codes (mapped to HTTP by the one error handler). */
export const CalendarErrors = defineErrors({
  /** not a real date, or a date-time without an offset */
  INVALID_DATE: 400,
  /** a working-day count that is not a whole number in range */
  INVALID_DAYS: 400,
  /** the date (or the answer) lies in a year the calendar has no official data for — never guessed */
  YEAR_OUT_OF_RANGE: 400,
  /** a region code that is malformed or not in the region table */
  UNKNOWN_REGION: 400,
  /** a pause that ends before it starts */
  INVALID_PAUSE: 400,
  /** an imported year whose days are not all in that year, or repeat a date */
  INVALID_IMPORT: 400,
  /** an override already exists for that region and date */
  OVERRIDE_EXISTS: 409,
})
