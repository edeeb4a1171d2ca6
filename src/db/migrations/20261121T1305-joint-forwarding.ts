import { sql, type Kysely } from 'kysely'

/**
 * R17: a department that replied 同意但需转报 records when it forwarded the matter to the upper level
 * (joint module, POST /api/joint/tasks/:id/forwarded). E-supervision flags a forwarding not recorded
 * within the city's forwardingDays (late_forwarding).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`ALTER TABLE joint_task ADD COLUMN forwarded_at timestamptz NULL, ADD COLUMN forwarded_ref text NULL`).execute(db)
  // e-supervision: deemed tasks whose approval document is due (deemed_followup_overdue)
  await sql.raw(`CREATE INDEX joint_task_deemed_followup_idx ON joint_task (followup_due) WHERE status = 'deemed'`).execute(db)
  await sql.raw(`CREATE INDEX joint_task_forward_pending_idx ON joint_task (replied_at) WHERE reply = 'agree_forward' AND forwarded_at IS NULL`).execute(db)
}
