/**
 * The stats module (see README.md beside this file). Other modules use only what this file exports.
 */
import type { AppModule } from '../../server/module.js'

export * from './stats.types.js'

export const statsModule: AppModule = {
  name: 'stats',
}
