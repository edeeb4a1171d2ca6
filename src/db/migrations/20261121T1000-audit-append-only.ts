import { sql, type Kysely } from 'kysely'

/**
 * The audit trail is append-only in the database itself: UPDATE, DELETE and TRUNCATE are refused.
 * Someone with superuser rights can still get round a trigger (session_replication_role); the
 * hash chain is what catches that.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION audit_record_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_record is append-only (审计记录只能追加，不能修改或删除)' USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db)
  await sql`CREATE TRIGGER audit_record_no_update_delete BEFORE UPDATE OR DELETE ON audit_record FOR EACH ROW EXECUTE FUNCTION audit_record_append_only()`.execute(db)
  await sql`CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON audit_record FOR EACH STATEMENT EXECUTE FUNCTION audit_record_append_only()`.execute(db)
}
