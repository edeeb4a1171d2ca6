/**
 * Parallel approval (并联审批), construction projects in stages (一号制), one-thing bundles (一件事一次办),
 * green channel (绿色通道) and agent service (帮办/代办). Rules: RULES.md S6, R15–R17.
 * Other modules use only what this file exports.
 * The module's design, lifecycle and routes: README.md beside this file.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { systemCtx } from '../../server/context.js'
import type { AppModule } from '../../server/module.js'
import { jointRoutes } from './joint.routes.js'
import { jointAdminRoutes } from './joint.admin.routes.js'
import { jointForwardingRoutes } from './joint.forwarding.routes.js'
import { sweepTimeouts } from './joint.service.js'

export * from './joint.types.js'
export { JointErrors } from './joint.errors.js'
export { jointCaseAccess, jointCaseDetail, type JointCaseAccess } from './joint.service.js'
export { projectDetail } from './joint.projects.js'
// the use cases, for callers outside HTTP (the demo loader); each takes (deps, ctx, …) and records its audit
export {
  createJointCase,
  fileAtWindow,
  saveForm,
  uploadMaterial,
  submit,
  precheck,
  sendCorrectionNotice,
  accept,
  sweepTimeouts,
} from './joint.service.js'
export { replyTask, scheduleMeeting, recordAttendance, centralReply, issueTask, deliver } from './joint.decisions.js'
export { createScheme, setDefaultScheme } from './joint.schemes.js'
export { createBundle } from './joint.bundles.js'
export { createProject, setGreenChannel, setManager } from './joint.projects.js'
export { grantOnline } from './joint.agents.js'

const routes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(jointRoutes)
  await app.register(jointAdminRoutes)
  await app.register(jointForwardingRoutes)
}

export const jointModule: AppModule = {
  name: 'joint',
  routes,
  jobs(runner, deps) {
    // R16 超时默许: a department past its limit is deemed to agree (within a minute, exactly once)
    runner.sweep('joint.deemed.timeout', 60_000, async (now) => {
      await sweepTimeouts(deps, systemCtx('sweep:joint.deemed.timeout'), now)
    })
  },
}
