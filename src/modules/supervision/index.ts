/**
 * The supervision module (see README.md beside this file). Other modules use only what this file exports.
 */
import type { AppModule } from '../../server/module.js'

export * from './supervision.types.js'

export const supervisionModule: AppModule = {
  name: 'supervision',
}
