/**
 * The evaluation module (see README.md beside this file). Other modules use only what this file exports.
 */
import type { AppModule } from '../../server/module.js'

export * from './evaluation.types.js'

export const evaluationModule: AppModule = {
  name: 'evaluation',
}
