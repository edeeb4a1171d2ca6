/**
 * The baselines of the HTTP and start-up benchmarks, run as their own child process:
 *   serve    a bare Fastify app (the platform's Fastify version, no plugins, no logger) with one route
 *            doing one primary-key SELECT on "case" through a pg pool of the platform's size (10 on
 *            PostgreSQL; PGlite's one connection through the same node-postgres adapter);
 *   select1  open the same database, run `select 1`, exit.
 * Environment: DATABASE_URL (PostgreSQL) or DATA_DIR (PGlite folder), PORT (serve).
 */
import path from 'node:path'
import Fastify from 'fastify'
import pg from 'pg'

pg.types.setTypeParser(20, (v) => Number(v))
pg.types.setTypeParser(1082, (v) => v)

async function openPool(): Promise<{ pool: pg.Pool; close(): Promise<void> }> {
  const url = process.env.DATABASE_URL
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: 10 })
    return { pool, close: () => pool.end() }
  }
  const { PGlite } = await import('@electric-sql/pglite')
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres')
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm')
  const { btree_gin } = await import('@electric-sql/pglite/contrib/btree_gin')
  const db = await PGlite.create(path.join(process.env.DATA_DIR!, 'pgdata'), { extensions: { pg_trgm, btree_gin } })
  const pool = new pg.Pool(createPgConfig(db) as unknown as pg.PoolConfig)
  return {
    pool,
    async close() {
      await pool.end()
      await db.close()
    },
  }
}

const mode = process.argv[2] ?? 'serve'
const { pool, close } = await openPool()

if (mode === 'select1') {
  await pool.query('select 1')
  await close()
  process.exit(0)
}

const app = Fastify()
app.get('/health', async () => {
  await pool.query('select 1')
  return { status: 'ok' }
})
app.get<{ Querystring: { id: string } }>('/case', async (req, reply) => {
  const r = await pool.query(
    'select number, status, unit_id, received_at, accepted_at, promised_due, completed_at, applicant_name from "case" where id = $1',
    [Number(req.query.id)],
  )
  const c = r.rows[0]
  if (!c) return reply.status(404).send({ error: { code: 'NOT_FOUND' } })
  return { case: c }
})
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
const stop = async () => {
  await app.close()
  await close()
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
