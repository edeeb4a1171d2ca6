/** The legal working-day clock. */
import type { AppModule } from '../../server/module.js'

export const calendarModule: AppModule = { name: 'calendar' }
