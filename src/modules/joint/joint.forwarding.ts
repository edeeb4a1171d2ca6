/**
 * R17: a department that replied 同意但需转报 reports the matter to the upper level and records when
 * it did so (the upper level's reference or the dispatch number). E-supervision (late_forwarding)
 * flags a forwarding not recorded within the city's forwardingDays working days of the reply.
 */
import type { Ctx, Deps } from '../../server/context.js'
import { JointErrors } from './joint.errors.js'
import { audit, mutateTask } from './joint.work.js'

export async function recordForwarding(deps: Deps, ctx: Ctx, taskId: number, input: { ref: string }): Promise<number> {
  const ref = (input.ref ?? '').trim()
  if (!ref || ref.length > 200) throw JointErrors.VALIDATION_ERROR('请填写转报文号或上级机关的收件编号（200 字以内）')
  return mutateTask(deps, ctx, taskId, async (w, t) => {
    if (t.reply !== 'agree_forward' || t.status !== 'replied') throw JointErrors.INVALID_TRANSITION('仅“同意但需转报”的答复需要登记转报')
    const row = await w.tx.db.selectFrom('joint_task').select(['forwarded_at']).where('id', '=', t.id).executeTakeFirstOrThrow()
    if (row.forwarded_at) throw JointErrors.INVALID_TRANSITION('该部门已登记转报')
    await w.tx.db.updateTable('joint_task').set({ forwarded_at: w.tx.now, forwarded_ref: ref }).where('id', '=', t.id).execute()
    await audit(w, 'task', 'forwarded', `已向${t.forward_to ?? '上级机关'}转报（${ref}）`, { targetId: t.id, after: { forwardedAt: w.tx.now.toISOString(), forwardedRef: ref } })
    return w.c.id
  })
}
