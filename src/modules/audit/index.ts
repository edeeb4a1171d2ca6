/** The audit trail: append-only, hash-chained, written in the same transaction as every change. */
import type { AppModule } from '../../server/module.js'
import { auditRoutes } from './audit.routes.js'

export { canonicalJson, GENESIS_HASH, linkHash, type ChainFields } from './audit.chain.js'
export { appendRecord, trailOf, verifyChain, type AuditEntry, type TrailEntry, type VerifyResult } from './audit.service.js'

export const auditModule: AppModule = { name: 'audit', routes: auditRoutes }
