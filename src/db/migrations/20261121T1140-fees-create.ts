import { sql, type Kysely } from 'kysely'

/**
 * Fees (一费制): one fee order per case with its lines, the payments against it, and the counter
 * rows behind the readable order numbers. The case is referred to by id only (cases owns it).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('fee_order')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('case_id', 'bigint', (c) => c.notNull().unique())
    .addColumn('case_number', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'bigint', (c) => c.notNull().references('org_unit.id'))
    .addColumn('payer_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('unpaid','paid','waived','cancelled')`))
    .addColumn('total_cents', 'bigint', (c) => c.notNull().check(sql`total_cents >= 0`))
    .addColumn('exempt_cents', 'bigint', (c) => c.notNull().check(sql`exempt_cents >= 0`))
    .addColumn('payable_cents', 'bigint', (c) => c.notNull().check(sql`payable_cents >= 0`))
    .addColumn('paid_cents', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`paid_cents >= 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('paid_at', 'timestamptz')
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('cancel_reason', 'text')
    .addCheckConstraint('fee_order_sum_chk', sql`total_cents = exempt_cents + payable_cents`)
    .addCheckConstraint('fee_order_paid_chk', sql`(status = 'paid') = (paid_at is not null) and paid_cents <= payable_cents`)
    .addCheckConstraint('fee_order_waived_chk', sql`status <> 'waived' or payable_cents = 0`)
    .execute()
  await sql`CREATE INDEX fee_order_unit_status_idx ON fee_order (unit_id, status)`.execute(db)

  await db.schema
    .createTable('fee_line')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('order_id', 'bigint', (c) => c.notNull().references('fee_order.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('rule_key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('quantity', 'bigint', (c) => c.notNull().check(sql`quantity >= 0`))
    .addColumn('amount_cents', 'bigint', (c) => c.notNull().check(sql`amount_cents >= 0`))
    .addColumn('exempt_cents', 'bigint', (c) => c.notNull().check(sql`exempt_cents >= 0 and exempt_cents <= amount_cents`))
    .addColumn('exemption', 'text')
    .addUniqueConstraint('fee_line_order_seq_uniq', ['order_id', 'seq'])
    .execute()

  await db.schema
    .createTable('payment')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('order_id', 'bigint', (c) => c.notNull().references('fee_order.id'))
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('cash','bank','pos','online')`))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('amount_cents', 'bigint', (c) => c.notNull().check(sql`amount_cents > 0`))
    .addColumn('recorded_by', 'bigint', (c) => c.references('user_account.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute()
  // An order is paid once and in full: a second payment cannot be written, whatever the race.
  await sql`CREATE UNIQUE INDEX payment_order_uniq ON payment (order_id)`.execute(db)
  // A provider's transaction is recorded once (repeat notifications are idempotent).
  await sql`CREATE UNIQUE INDEX payment_provider_ref_uniq ON payment (provider, reference) WHERE reference IS NOT NULL AND method = 'online'`.execute(db)

  await db.schema
    .createTable('fee_counter')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute()
}
