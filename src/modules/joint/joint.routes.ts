import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

/** Joint cases, department tasks, corrections, meetings, central reply, delivery. [CONTRACT: core helper] */
export const jointRoutes: FastifyPluginAsyncTypebox = async () => {}
