/**
 * The legal working-day clock (R1–R5), shared by approval, disclosure and the hotline.
 *
 *   const cal = await getCalendar(deps, regionCode)   // one cheap version check, then cached
 *   cal.addWorkingDays('2025-09-26', 5)                // '2025-10-10'
 *   cal.workdaysBetween(from, to)                      // working days d with from < d ≤ to
 *   cal.dueWithPauses({ start, days, pauses, extensionDays })
 *   cal.elapsedWorkdays(start, now, pauses)
 *   cal.explain(from, days, { pauses, extensionDays })
 *
 * Dates are 'YYYY-MM-DD'; instants (a Date, or an ISO string with an offset) are taken in
 * Asia/Shanghai. Dates outside the data throw YEAR_OUT_OF_RANGE — never a guess.
 */
import type { AppModule } from '../../server/module.js'
import { calendarRoutes } from './calendar.routes.js'

export { getCalendar } from './calendar.cache.js'
export type { Calendar, DayInfo, DayKind, OverrideKind } from './calendar.index.js'
export type { Deadline, DeadlineInput, ExplainEntry, ExplainKind, ExplainOptions, Explanation, Pause } from './calendar.deadline.js'
export { toShanghaiDate, type DateInput } from './calendar.dates.js'
export { CalendarErrors } from './calendar.errors.js'
export { addOrPending, beyondCalendar, dueOrPending } from './calendar.pending.js'

export const calendarModule: AppModule = { name: 'calendar', routes: calendarRoutes }
