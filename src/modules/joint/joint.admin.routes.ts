import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

/** Bundles, schemes, projects, green channel, agent authorisations. [CONTRACT: projects/bundles helper] */
export const jointAdminRoutes: FastifyPluginAsyncTypebox = async () => {}
